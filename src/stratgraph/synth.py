"""Synthetic strategies of Bochum's shape, for scale tests and benchmarks (``stratgraph synth N --out DIR``).

Each strategy is Bochum's graph moved to its own base (``https://w3id.org/stratgraph/synth-0001/``), with
"Bochum" in every name replaced by the synthetic city's name, 75 Kernaktivitäten (Bochum's 66 and 9 copies of
randomly drawn ones) and the SDG links of a randomly drawn Bochum Kernaktivität each, so the number of links per
Kernaktivität and the SDGs they reach follow Bochum's distributions. Bochum's links are all still proposed; to
give the comparison something to compare, each synthetic city confirms a share of its SDG links drawn between 0
and 60 %. Everything is seeded: the same N and seed write the same files. Every strategy says it is synthetic.
"""

from __future__ import annotations

import random
import shutil
from collections import defaultdict
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS
from rdflib.term import Node

from .config import DEFAULT_BASE_IRI, STRATEGY_ROOT
from .errors import ConfigurationError
from .graph import LINK_FILE, load_turtle, turtle_files
from .namespaces import STRAT

__all__ = ["KERNAKTIVITAETEN", "synthesize"]

KERNAKTIVITAETEN = 75  # the number of Kernaktivitäten the Bochum Strategie 2.0 decided (the graph names 66)
_Triple = tuple[Node, Node, Node]


class _Template:
    """Bochum's strategy split into what every synthetic city copies and what it draws per Kernaktivität."""

    def __init__(self, folder: Path) -> None:
        links = load_turtle([folder / LINK_FILE])
        content = load_turtle(p for p in turtle_files(folder) if p.name != LINK_FILE)
        self.kas = sorted(s for s in content.subjects(RDF.type, STRAT.Kernaktivitaet) if isinstance(s, URIRef))
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


def _slug(node: Node) -> str:
    return str(node).rsplit("/", 1)[-1]


def _city(template: _Template, number: int, rng: random.Random) -> tuple[list[_Triple], list[_Triple], str]:
    """One synthetic city's content and link triples (still under Bochum's base) and its name."""
    name = f"Synthstadt {number:04d}"
    originals = template.kas + [rng.choice(template.kas) for _ in range(KERNAKTIVITAETEN - len(template.kas))]
    confirmed = rng.uniform(0.0, 0.6)
    strategy = URIRef(f"{DEFAULT_BASE_IRI}strategie/bochum-strategie")
    note = f"Synthetische Strategie {number:04d} für Last- und Skalierungstests (stratgraph synth); keine echte Stadt."
    first: dict[Node, Node] = {
        ka: URIRef(f"{DEFAULT_BASE_IRI}kernaktivitaet/ka-{i:03d}") for i, ka in enumerate(template.kas, 1)
    }
    content = [
        (s, p, first.get(o, o)) for s, p, o in template.rest_content if (s, p) != (strategy, DCTERMS.description)
    ]
    content.append((strategy, DCTERMS.description, Literal(note, lang="de")))
    links = [(s, p, first.get(o, o)) for s, p, o in template.rest_links]
    for index, original in enumerate(originals, start=1):
        new = URIRef(f"{DEFAULT_BASE_IRI}kernaktivitaet/ka-{index:03d}")
        renamed: dict[Node, Node] = {**first, original: new}
        borrowed = rng.choice(template.kas)  # whose SDG links this one gets
        renamed[borrowed] = new
        for link in template.links_of[original] | template.links_of[borrowed]:
            rest = str(link).rsplit("/", 1)[-1].split("--", 1)[-1]
            renamed[link] = URIRef(f"{DEFAULT_BASE_IRI}zuordnung/ka-{index:03d}--{rest}")
        for _, p, o in template.own[original]:
            if p == SKOS.prefLabel:
                o = Literal(f"Kernaktivität {index:03d} (synthetisch)", lang="de")
            content.append((new, p, renamed.get(o, o)))
        for s, p, o in template.own_links[original]:
            links.append((renamed.get(s, s), p, renamed.get(o, o)))
        for s, p, o in template.sdg[borrowed]:
            if p == STRAT.hatPruefstatus and rng.random() < confirmed:
                o = STRAT.bestaetigt
            links.append((renamed.get(s, s), p, renamed.get(o, o)))
    return content, links, name


def _write(triples: list[_Triple], path: Path, base: str, name: str) -> None:
    """N-Triples (valid Turtle, and written ten times faster than pretty Turtle), moved to the city's base."""
    graph = Graph()
    for s, p, o in triples:
        if isinstance(o, Literal) and "Bochum" in o:
            o = Literal(str(o).replace("Bochum", name), lang=o.language, datatype=o.datatype)
        graph.add((s, p, o))
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").replace(DEFAULT_BASE_IRI, base)
    lines = sorted(filter(None, text.splitlines()))  # sorted: the same seed writes the same bytes
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def synthesize(data: Path, out: Path, count: int, seed: int = 1) -> list[Path]:
    """Write ``count`` synthetic strategies into ``out`` (a data folder: shared files plus one folder each)."""
    if count < 1:
        raise ConfigurationError("N muss mindestens 1 sein")
    template_folder = data / "bochum"
    if not template_folder.is_dir():
        raise ConfigurationError(f"Vorlage fehlt: {template_folder} (die Bochumer Daten)")
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
        content, links, name = _city(template, number, rng)
        folder = out / slug
        folder.mkdir()
        base = f"{STRATEGY_ROOT}{slug}/"
        _write(content, folder / "daten.ttl", base, name)
        _write(links, folder / LINK_FILE, base, name)
        written.append(folder)
    return written
