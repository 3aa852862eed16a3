"""The review state of a strategy's links, for the review page and for every page that shows how much is checked.

„geprüft“ means only what someone decided: bestätigt or abgelehnt; a proposal nobody has decided is „offen“.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS
from rdflib.term import Node

from stratgraph.coverage import matrix as cov
from stratgraph.model import answers
from stratgraph.model.labels import label
from stratgraph.model.namespaces import SDG, SDGO, STRAT
from stratgraph.strategies.links import KIND_PROPERTY, TARGET_COLUMNS, Link, link_version, read_links

__all__ = [
    "REVIEW_STATE_WORDS",
    "SDG_COLOURS",
    "Entry",
    "measure_list",
    "review_counts",
    "review_entries",
    "review_overview",
    "sdg_tiles",
]


@dataclass(frozen=True)
class Entry:
    """One link as the review page shows it."""

    iri: str
    anchor: str
    version: str
    subject: str
    subject_name: str
    level: str  # the subject's level (Kernaktivität, operatives Ziel …) or its class
    top: str  # the top-level element above it (a Kompetenz, a Themenfeld), if any
    kind: str
    target_code: str  # SDG code, or the target's name for a theme link
    target_name: str
    sdg: int | None  # the SDG number for filtering (goal of a target)
    strength: str
    basis: str
    status: str  # vorgeschlagen, bestaetigt, abgelehnt
    rationale: str
    date: str
    attributed: str
    comment: str


def _notation(graph: Graph, node: URIRef) -> str:
    return str(graph.value(node, SKOS.notation) or str(node).rsplit("#", 1)[-1])


# a link's review status in the words the office uses: „geprüft“ is bestätigt or abgelehnt, a proposal is „offen“
REVIEW_STATE_WORDS = {"vorgeschlagen": "offen", "bestaetigt": "bestätigt", "abgelehnt": "abgelehnt"}
CLASS_WORDS: dict[Node, str] = {
    STRAT.Querschnittsthema: "Querschnittsthema",
    STRAT.Umsetzungskonzept: "Umsetzungskonzept",
}


def review_entries(graph: Graph) -> list[Entry]:
    """Every reviewable link of the strategy's context graph, with names for the page (sorted: subject, SDG)."""
    levels = {lv: label(graph, lv) for lv in graph.subjects(RDF.type, STRAT.Ebene)}
    tops = cov.levels(graph)[:1]
    top_elements = set(cov.on_level(graph, tops[0])) if tops else set(graph.subjects(RDF.type, STRAT.Kompetenz))
    entries = []
    for link, node in _links_with_nodes(graph):
        level = graph.value(link.subject, STRAT.aufEbene)
        if level in levels:
            level_name = levels[level]
        else:
            # not on a level (a Querschnittsthema, an Umsetzungskonzept): its class, by its German local name
            level_name = next(
                (
                    CLASS_WORDS.get(c, str(c).rsplit("#", 1)[-1])
                    for c in sorted(graph.objects(link.subject, RDF.type), key=str)
                ),
                "",
            )
        top = _top_of(graph, link.subject, top_elements)
        if link.kind == "sdg":
            code = "keiner" if link.target == STRAT.keinSdgBezug else str(link.target).removeprefix(str(SDG))
            name = "kein klarer SDG-Bezug" if code == "keiner" else label(graph, link.target)
            sdg = int(code.split(".")[0]) if code[:1].isdigit() else None
        else:
            code = name = label(graph, link.target)
            sdg = None
        entries.append(
            Entry(
                iri=str(node),
                anchor="z-" + re.sub(r"[^a-z0-9-]", "-", str(node).rsplit("/", 1)[-1].casefold()),
                version=link_version(link),
                subject=str(link.subject),
                subject_name=label(graph, link.subject),
                level=level_name,
                top=label(graph, top) if top is not None else "",
                kind=link.kind,
                target_code=code,
                target_name=name,
                sdg=sdg,
                strength=_notation(graph, link.strength),
                basis=_notation(graph, link.basis),
                status=_notation(graph, link.review),
                rationale=link.rationale,
                date=link.date.isoformat(),
                attributed=label(graph, link.asserted_by),
                comment=link.comment,
            )
        )
    return sorted(
        entries, key=lambda e: (e.subject_name.casefold(), e.kind, cov.code_key(e.target_code), e.target_code)
    )


def _links_with_nodes(graph: Graph) -> list[tuple[Link, URIRef]]:
    """The reviewable links (those of the link file) with their Zuordnung node, which names them in a form."""
    nodes = {
        (graph.value(n, STRAT.zuordnungVon), graph.value(n, STRAT.zuordnungUeber), graph.value(n, STRAT.zuordnungZu)): n
        for n in graph.subjects(RDF.type, STRAT.Zuordnung)
        if isinstance(n, URIRef)
    }
    found = []
    for link in read_links(graph):
        node = nodes.get((link.subject, KIND_PROPERTY.get(link.kind), link.target))
        if link.kind in TARGET_COLUMNS and node is not None:
            found.append((link, node))
    return found


def _top_of(graph: Graph, element: URIRef, tops: set[Any]) -> Any:
    """The top-level element above ``element`` (its Kompetenz, its Themenfeld), by the parent links."""
    seen: set[Node] = {element}
    frontier: list[Node] = [element]
    for _ in range(12):  # bounded: a strategy has at most six levels
        parents: list[Node] = []
        for node in frontier:
            for prop in (STRAT.gehoertZuKompetenz, STRAT.gehoertZu, STRAT.gehoertZuSchwerpunkt):
                for parent in graph.objects(node, prop):
                    if parent in tops:
                        return parent
                    if parent not in seen:
                        seen.add(parent)
                        parents.append(parent)
        if not parents:
            return None
        frontier = parents
    return None


def review_counts(entries: Iterable[Entry]) -> answers.Pruefstand:
    """How many of these links are bestätigt, abgelehnt and still open."""
    statuses = [e.status for e in entries]
    return answers.Pruefstand(
        gesamt=len(statuses),
        bestaetigt=statuses.count("bestaetigt"),
        abgelehnt=statuses.count("abgelehnt"),
        offen=statuses.count("vorgeschlagen"),
    )


def review_overview(entries: list[Entry]) -> answers.Pruefuebersicht:
    """The review state overall, per SDG (SDG links only, by goal) and per level (the linking element's)."""
    sdg_links = [e for e in entries if e.kind == "sdg"]
    return answers.Pruefuebersicht(
        insgesamt=review_counts(entries),
        sdg_bezuege=review_counts(sdg_links),
        je_sdg={
            n: review_counts(e for e in sdg_links if e.sdg == n) for n in sorted({e.sdg for e in sdg_links if e.sdg})
        },
        je_ebene={lv: review_counts(e for e in entries if e.level == lv) for lv in sorted({e.level for e in entries})},
    )


# the UN's colours of the 17 goals (SDG communications guidelines); the tiles name number and title in text too
SDG_COLOURS = (
    "#E5243B", "#DDA63A", "#4C9F38", "#C5192D", "#FF3A21", "#26BDE2", "#FCC30B", "#A21942", "#FD6925",
    "#DD1367", "#FD9D24", "#BF8B2E", "#3F7E44", "#0A97D9", "#56C02B", "#00689D", "#19486A",
)  # fmt: skip


def sdg_tiles(paths: Iterable[cov.SdgPath], graph: Graph, overview: answers.Pruefuebersicht) -> list[answers.SdgKachel]:
    """The 17 SDGs at a glance: measures linked directly (never via a theme), targets reached of all, a gap where
    none is linked, and how many of the SDG's links someone checked."""
    measures: dict[int, set[URIRef]] = {n: set() for n in range(1, 18)}
    targets: dict[int, set[URIRef]] = {n: set() for n in range(1, 18)}
    for path in paths:
        code = str(path.goal).removeprefix(str(SDG))
        if path.querschnittsthema is not None or not code.isdigit():
            continue
        measures[int(code)].add(path.kernaktivitaet)
        if path.target is not None:
            targets[int(code)].add(path.target)
    tiles = []
    for n in range(1, 18):
        goal = SDG[str(n)]
        every_target = [t for t in graph.objects(goal, SDGO.hasTarget) if isinstance(t, URIRef)]
        tiles.append(
            answers.SdgKachel(
                sdg=n,
                name=label(graph, goal),
                farbe=SDG_COLOURS[n - 1],
                massnahmen=len(measures[n]),
                unterziele_erreicht=len(targets[n]),
                unterziele=len(every_target),
                luecke=not measures[n],
                pruefstand=overview.je_sdg.get(n),
            )
        )
    return tiles


def measure_list(paths: Iterable[cov.SdgPath], graph: Graph) -> answers.Massnahmenliste:
    """Every measure of the strategy with its top-level element, status and own SDG links (not via a theme)."""
    tops = cov.levels(graph)[:1]
    top_elements = set(cov.on_level(graph, tops[0])) if tops else set()
    codes: dict[Node, set[str]] = {}
    for path in paths:
        if path.querschnittsthema is None:
            codes.setdefault(path.kernaktivitaet, set()).add(str(path.target or path.goal).removeprefix(str(SDG)))
    rows = []
    for measure in cov.measures(graph):
        top = _top_of(graph, measure, top_elements)
        status = graph.value(measure, STRAT.hatStatus)
        rows.append(
            answers.MassnahmeZeile(
                iri=str(measure),
                name=label(graph, measure),
                oben=label(graph, top) if top is not None else "",
                status=_notation(graph, status) if isinstance(status, URIRef) else "",
                sdgs=sorted(codes.get(measure, set()), key=cov.code_key),
            )
        )
    return answers.Massnahmenliste(
        bezeichnung=cov.wording(graph, "kompetenz")[1],
        oberste_ebene=label(graph, tops[0]) if tops else "",
        anzahl=len(rows),
        massnahmen=rows,
    )
