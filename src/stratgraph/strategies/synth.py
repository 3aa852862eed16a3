"""Synthetic strategies of two shapes, for scale tests and benchmarks (``stratgraph synth N --out DIR``).

The odd-numbered ones copy a template strategy (the main strategy of data/, or ``--vorlage``): its graph moved to
its own base (``https://w3id.org/stratgraph/synth-0001/``), the template city's name (its slug, capitalised) in
every text replaced by the synthetic city's, 75 measures (the template's and copies of randomly drawn ones) and
the SDG links of a randomly drawn template measure each, so the links per measure and the SDGs they reach follow
the template's distributions. The even-numbered ones have the other shape of a municipal sustainability
strategy: five levels (Themenfeld › Leitlinie › strategisches Ziel › operatives Ziel › Maßnahme), 75 measures,
mostly planned, with a status history, SDG links on measures (drawn the same way) and on goals.

Links are all proposed in the template; to give the comparison something to compare, each synthetic city
confirms a share of its SDG links drawn between 0 and 60 %. Everything is seeded: the same N and seed write the
same files. Every strategy says it is synthetic.
"""

from __future__ import annotations

import random
import shutil
from collections import defaultdict
from datetime import date
from functools import partial
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, RDF, SKOS, XSD
from rdflib.term import Node

from stratgraph.config import STRATEGY_ROOT
from stratgraph.errors import ConfigurationError
from stratgraph.model.graph import LINK_FILE, load_turtle, turtle_files
from stratgraph.model.namespaces import SDG, STRAT
from stratgraph.strategies.links import Link, render_links

__all__ = ["MEASURES", "synthesize"]

MEASURES = 75  # measures per synthetic strategy (the size of the first real strategy: 75 decided measures)
_Triple = tuple[Node, Node, Node]
LINK_DATE = date(2026, 11, 30)


class _Template:
    """The template strategy split into what every copy keeps and what it draws per measure."""

    def __init__(self, folder: Path) -> None:
        self.base = f"{STRATEGY_ROOT}{folder.name}/"
        self.city = folder.name.replace("-", " ").title()  # the city name its texts use (the slug, capitalised)
        links = load_turtle([folder / LINK_FILE])
        content = load_turtle(p for p in turtle_files(folder) if p.name != LINK_FILE)
        measure_levels = set(content.subjects(STRAT.hatEbenenart, STRAT.massnahmenebene))
        self.kas = sorted(
            s
            for s, level in content.subject_objects(STRAT.aufEbene)
            if level in measure_levels and isinstance(s, URIRef)
        )
        if not self.kas:
            raise ConfigurationError(f"Die Vorlage {folder} hat keine Maßnahmen (keine Maßnahmenebene)")
        self.strategy = next(
            s
            for s in sorted(s for s in content.subjects(RDF.type, STRAT.Strategie) if isinstance(s, URIRef))
            if (s, DCTERMS.isVersionOf, None) not in content
        )
        kind = content.value(self.kas[0], RDF.type)
        self.measure_path = str(self.kas[0])[len(self.base) :].split("/", 1)[0]  # e.g. kernaktivitaet
        self.measure_word = str(content.value(content.value(self.kas[0], STRAT.aufEbene), SKOS.prefLabel) or kind)
        kas = set(self.kas)
        self.own: dict[Node, list[_Triple]] = defaultdict(list)  # a KA's own triples (content)
        self.own_links: dict[Node, list[_Triple]] = defaultdict(list)  # its links other than to SDGs
        self.sdg: dict[Node, list[_Triple]] = defaultdict(list)  # a KA's SDG links (triple and Zuordnung)
        self.rest_content: list[_Triple] = []
        self.rest_links: list[_Triple] = []
        owner_of_link = {z: ka for z, ka in links.subject_objects(STRAT.zuordnungVon) if ka in kas}
        sdg_links = {z for z in owner_of_link if (z, STRAT.zuordnungUeber, STRAT.traegtBeiZuSdg) in links}
        for s, p, o in content:
            if s in kas:
                if p not in (STRAT.nummerInKompetenzliste, SKOS.altLabel, SKOS.editorialNote):  # unique per list
                    self.own[s].append((s, p, o))
            else:
                self.rest_content.append((s, p, o))
        for s, p, o in links:
            if s in kas:
                (self.sdg if p == STRAT.traegtBeiZuSdg else self.own_links)[s].append((s, p, o))
            elif s in sdg_links:
                self.sdg[owner_of_link[s]].append((s, p, o))
            elif s in owner_of_link:
                self.own_links[owner_of_link[s]].append((s, p, o))
            else:
                self.rest_links.append((s, p, o))
        self.links_of = {ka: {s for s, _, _ in self.own_links[ka] + self.sdg[ka] if s != ka} for ka in kas}
        # the SDG targets each measure is linked to (not rejected), drawn by the five-level shape too
        self.targets = [
            sorted({o for _, p, o in self.sdg[ka] if p == STRAT.traegtBeiZuSdg and isinstance(o, URIRef)})
            for ka in self.kas
        ]


def _slug(node: Node) -> str:
    return str(node).rsplit("/", 1)[-1]


def _note(number: int) -> str:
    return f"Synthetische Strategie {number:04d} für Last- und Skalierungstests (stratgraph synth); keine echte Stadt."


def _copy(template: _Template, number: int, rng: random.Random) -> tuple[list[_Triple], list[_Triple], str]:
    """One copy of the template: its content and link triples (still under the template's base) and its name."""
    name = f"Synthstadt {number:04d}"
    originals = template.kas + [rng.choice(template.kas) for _ in range(MEASURES - len(template.kas))]
    confirmed = rng.uniform(0.0, 0.6)
    strategy = template.strategy
    note = _note(number)
    base, path = template.base, template.measure_path
    first: dict[Node, Node] = {ka: URIRef(f"{base}{path}/ka-{i:03d}") for i, ka in enumerate(template.kas, 1)}
    content = [
        (s, p, first.get(o, o)) for s, p, o in template.rest_content if (s, p) != (strategy, DCTERMS.description)
    ]
    content.append((strategy, DCTERMS.description, Literal(note, lang="de")))
    links = [(s, p, first.get(o, o)) for s, p, o in template.rest_links]
    for index, original in enumerate(originals, start=1):
        new = URIRef(f"{base}{path}/ka-{index:03d}")
        renamed: dict[Node, Node] = {**first, original: new}
        borrowed = rng.choice(template.kas)  # whose SDG links this one gets
        renamed[borrowed] = new
        for link in template.links_of[original] | template.links_of[borrowed]:
            rest = str(link).rsplit("/", 1)[-1].split("--", 1)[-1]
            renamed[link] = URIRef(f"{base}zuordnung/ka-{index:03d}--{rest}")
        for _, p, o in template.own[original]:
            if p == SKOS.prefLabel:
                o = Literal(f"{template.measure_word} {index:03d} (synthetisch)", lang="de")
            content.append((new, p, renamed.get(o, o)))
        for s, p, o in template.own_links[original]:
            links.append((renamed.get(s, s), p, renamed.get(o, o)))
        for s, p, o in template.sdg[borrowed]:
            if p == STRAT.hatPruefstatus and rng.random() < confirmed:
                o = STRAT.bestaetigt
            links.append((renamed.get(s, s), p, renamed.get(o, o)))
    return content, links, name


def _write(triples: list[_Triple], path: Path, moves: tuple[str, str], names: tuple[str, str]) -> None:
    """N-Triples (valid Turtle, and written ten times faster than pretty Turtle), moved from one base to the
    city's (``moves``) and with one city's name replaced by the other's in every text (``names``)."""
    graph = Graph()
    old, new = names
    for s, p, o in triples:
        if isinstance(o, Literal) and old in o:
            o = Literal(str(o).replace(old, new), lang=o.language, datatype=o.datatype)
        graph.add((s, p, o))
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").replace(*moves)
    lines = sorted(filter(None, text.splitlines()))  # sorted: the same seed writes the same bytes
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def synthesize(data: Path, out: Path, count: int, seed: int = 1, template_slug: str | None = None) -> list[Path]:
    """Write ``count`` synthetic strategies into ``out`` (a data folder: shared files plus one folder each): odd
    numbers copy the template (``template_slug``, default: the first strategy of ``data``), even numbers have
    five levels."""
    if count < 1:
        raise ConfigurationError("N muss mindestens 1 sein")
    folders = sorted(p.name for p in data.iterdir() if p.is_dir() and any(p.glob("*.ttl"))) if data.is_dir() else []
    slug = template_slug or (folders[0] if folders else "")
    template_folder = data / slug
    if not slug or not template_folder.is_dir():
        raise ConfigurationError(f"Vorlage fehlt: {template_folder} (ein Strategieordner in data/)")
    if out.exists() and any(out.iterdir()):
        raise ConfigurationError(f"Zielordner {out} ist nicht leer")
    template = _Template(template_folder)
    out.mkdir(parents=True, exist_ok=True)
    for shared in turtle_files(data):  # the SDG reference
        shutil.copyfile(shared, out / shared.name)
    rng = random.Random(seed)
    written = []
    for number in range(1, count + 1):
        slug = f"synth-{number:04d}"
        folder = out / slug
        folder.mkdir()
        base = f"{STRATEGY_ROOT}{slug}/"
        if number % 2:
            content, links, name = _copy(template, number, rng)
            _write(content, folder / "daten.ttl", (template.base, base), (template.city, name))
            _write(links, folder / LINK_FILE, (template.base, base), (template.city, name))
        else:
            content, link_text = _five_levels(template, number, base, rng)
            _write(content, folder / "daten.ttl", (base, base), ("", ""))
            (folder / LINK_FILE).write_text(link_text, encoding="utf-8")
        written.append(folder)
    return written


FIVE_LEVELS = (  # name, plural, kind, class, path
    ("Themenfeld", "Themenfelder", STRAT.gliederungsebene, STRAT.Handlungsfeld, "themenfeld"),
    ("Leitlinie", "Leitlinien", STRAT.zielebene, STRAT.Ziel, "leitlinie"),
    ("strategisches Ziel", "strategische Ziele", STRAT.zielebene, STRAT.Ziel, "strategisches-ziel"),
    ("operatives Ziel", "operative Ziele", STRAT.zielebene, STRAT.Ziel, "operatives-ziel"),
    ("Maßnahme", "Maßnahmen", STRAT.massnahmenebene, STRAT.Massnahme, "massnahme"),
)
FAN_OUT = (5, 2, 1, 2)  # 5 Themenfelder, 2 Leitlinien each, 1 strategic and 2 operative goals each: 20 op. goals
STATUSES = ((STRAT.geplant, 0.5), (STRAT.laufend, 0.3), (STRAT.umgesetzt, 0.15), (STRAT.eingestellt, 0.05))


def _five_levels(template: _Template, number: int, base: str, rng: random.Random) -> tuple[list[_Triple], str]:
    """A strategy of the other shape: its content triples and its link file (written by ``render_links``)."""
    name = f"Synthstadt {number:04d}"
    strategy, publisher, source = (
        URIRef(f"{base}strategie/strategie"),
        URIRef(f"{base}organisation/stadt"),
        URIRef(f"{base}quelle/strategie"),
    )
    de = partial(Literal, lang="de")
    t: list[_Triple] = [
        (source, RDF.type, STRAT.Quelldokument),
        (source, SKOS.prefLabel, de(f"Nachhaltigkeitsstrategie {name} (synthetisch)")),
        (source, DCTERMS.identifier, Literal(f"synth-{number:04d}.pdf")),
        (publisher, RDF.type, ORG.FormalOrganization),
        (publisher, RDF.type, FOAF.Organization),
        (publisher, SKOS.prefLabel, de(name)),
        (strategy, RDF.type, STRAT.Strategie),
        (strategy, SKOS.prefLabel, de(f"Nachhaltigkeitsstrategie {name}")),
        (strategy, DCTERMS.description, de(_note(number))),
        (strategy, DCTERMS.publisher, publisher),
        (strategy, STRAT.beginn, Literal("2022", datatype=XSD.gYear)),
        (strategy, STRAT.ende, Literal("2035", datatype=XSD.gYear)),
        (strategy, DCTERMS.source, source),
    ]
    levels: list[tuple[URIRef, str, URIRef, str]] = []
    for position, (label, plural, kind, klasse, path) in enumerate(FIVE_LEVELS, start=1):
        level = URIRef(f"{base}ebene/{path}")
        t += [
            (level, RDF.type, STRAT.Ebene),
            (level, SKOS.prefLabel, de(label)),
            (level, STRAT.mehrzahl, de(plural)),
            (level, STRAT.position, Literal(position)),
            (level, STRAT.hatEbenenart, kind),
            (level, STRAT.ebenenKlasse, klasse),
            (level, STRAT.gehoertZuStrategie, strategy),
            (level, DCTERMS.source, source),
        ]
        if levels:
            t.append((level, STRAT.uebergeordneteEbene, levels[-1][0]))
        levels.append((level, label, klasse, path))

    def element(depth: int, index: str, parent: URIRef | None, position: int) -> URIRef:
        level, label, klasse, path = levels[depth]
        node = URIRef(f"{base}{path}/{index}")
        t.extend(
            [
                (node, RDF.type, klasse),
                (node, STRAT.aufEbene, level),
                (node, SKOS.prefLabel, de(f"{label} {index} (synthetisch)")),
                (node, STRAT.position, Literal(position)),
                (node, DCTERMS.source, source),
                (node, STRAT.gehoertZu, parent) if parent is not None else (node, STRAT.gehoertZuStrategie, strategy),
            ]
        )
        return node

    parents: list[tuple[URIRef | None, str]] = [(None, "")]
    for depth, fan in enumerate(FAN_OUT):
        below: list[tuple[URIRef | None, str]] = []
        for parent, prefix in parents:
            for i in range(1, fan + 1):
                path = f"{prefix}-{i}" if prefix else f"t{i}"
                below.append((element(depth, path, parent, i), path))
        parents = below
    operative = [node for node, _ in parents if node is not None]
    confirmed = rng.uniform(0.0, 0.6)
    links: list[Link] = []

    def link(subject: URIRef, target: URIRef, why: str) -> None:
        review = STRAT.bestaetigt if rng.random() < confirmed else STRAT.vorgeschlagen
        links.append(Link(subject, "sdg", target, STRAT.direkt, STRAT.redaktionell, review, why, publisher, LINK_DATE))

    goal_targets: dict[URIRef, list[URIRef]] = {}
    for count in range(1, MEASURES + 1):
        index = f"m-{count:03d}"
        goal = operative[(count - 1) % len(operative)]
        node = element(4, index, goal, (count - 1) // len(operative) + 1)
        status = rng.choices([s for s, _ in STATUSES], weights=[w for _, w in STATUSES])[0]
        t.append((node, STRAT.hatStatus, status))
        history = [(STRAT.geplant, "2022")]
        if status in (STRAT.laufend, STRAT.umgesetzt):
            history.append((STRAT.laufend, f"2023-{rng.randint(1, 12):02d}"))
        if status == STRAT.umgesetzt:
            history.append((STRAT.umgesetzt, f"2025-{rng.randint(1, 9):02d}"))
        if status == STRAT.eingestellt:
            history.append((STRAT.eingestellt, f"2024-{rng.randint(1, 12):02d}"))
        for reached_status, reached in history:
            entry = URIRef(f"{base}statuseintrag/{index}-{reached}")
            t += [
                (node, STRAT.hatStatuseintrag, entry),
                (entry, RDF.type, STRAT.Statuseintrag),
                (entry, STRAT.nenntStatus, reached_status),
                (
                    entry,
                    STRAT.erreichtAm,
                    Literal(reached, datatype=XSD.gYear if "-" not in reached else XSD.gYearMonth),
                ),
                (entry, DCTERMS.source, source),
            ]
        for target in rng.choice(template.targets):
            link(node, target, f"Synthetischer Bezug: die Maßnahme trägt zu {str(target)[len(str(SDG)) :]} bei.")
            goal_targets.setdefault(goal, []).append(target)
    for goal, targets in goal_targets.items():  # each operative goal names the target its measures reach most
        target = max(sorted(set(targets)), key=targets.count)
        link(goal, target, f"Synthetischer Bezug: das Ziel nennt das Unterziel {str(target)[len(str(SDG)) :]}.")
    return t, render_links(links, base)
