"""SDG coverage: which measures serve which SDGs, directly or via a Querschnittsthema, and where the gaps are.

Measures are the elements of a strategy's measure level (e.g. Kernaktivitäten; the code keeps that word for a
measure, as the named query does). Every number is built from the paths of the named query
``queries/sdg_pfade.rq``; each path carries the Zuordnungen (evidence) it rests on, so a count can always be traced
back to its links. Goals are their own view („Ziele × SDG“, ``queries/intern/ziel_pfade.rq``, dimension
``ziele``): their links are never counted together with the measures'.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS
from rdflib.term import Node

from stratgraph.errors import ConfigurationError, SourceError
from stratgraph.model.labels import label as _label
from stratgraph.model.namespaces import REVIEW_STATES, SDG, SDGO, STRAT
from stratgraph.store.embedded import QueryError, Store
from stratgraph.store.named_queries import query_text

__all__ = [
    "DIMENSIONS",
    "Cell",
    "Drilldown",
    "Evidence",
    "Filters",
    "Gaps",
    "Matrix",
    "SdgPath",
    "build_matrix",
    "context",
    "drilldown",
    "gaps",
    "keep",
    "matrix",
    "path_of",
    "review_summary",
    "sdg_paths",
    "theme_link_passes",
    "why",
]

PATHS_QUERY = "sdg_pfade.rq"
GOAL_PATHS_QUERY = "intern/ziel_pfade.rq"
CONTEXT_QUERY = "intern/abdeckung_kontext.rq"
# the rows of a matrix: the strategy's top level (e.g. Kompetenzen), the class Schwerpunkt, the themes —
# each counting measures — or the goal levels, counting goals („Ziele × SDG“)
DIMENSIONS = {
    "kompetenz": STRAT.Kompetenz,
    "schwerpunkt": STRAT.Schwerpunkt,
    "querschnittsthema": STRAT.Querschnittsthema,
    "ziele": STRAT.Ebene,
}
GOAL_VIEW = "ziele"
# what is a parent in the tree: the general property and its two special subproperties
PARENT_PROPERTIES = (STRAT.gehoertZu, STRAT.gehoertZuKompetenz, STRAT.gehoertZuSchwerpunkt)


@dataclass(frozen=True)
class Filters:
    """Restrictions every view accepts; None means no restriction. Rejected links count only when asked for."""

    status: URIRef | None = None  # of the measure, e.g. strat:umgesetzt (goals have none)
    review: URIRef | None = None  # of every link on the path, e.g. strat:bestaetigt
    strength: URIRef | None = None  # of every link on the path, e.g. strat:direkt
    kompetenz: URIRef | None = None  # the element of the top level the measure or goal belongs to
    include_rejected: bool = False  # only "why" shows rejected links, so a reviewer sees what was turned down


@dataclass(frozen=True)
class Evidence:
    """One Zuordnung on a path, with what it says about itself."""

    zuordnung: URIRef
    source: URIRef
    target: URIRef
    strength: URIRef
    review: URIRef
    basis: URIRef | None
    rationale: str
    asserted_by: URIRef | None
    date: str | None


@dataclass(frozen=True)
class SdgPath:
    """A way from a measure (or, in the goals' view, a goal) to an SDG goal: direct, or via one Querschnittsthema."""

    kernaktivitaet: URIRef  # the measure, or the goal in the goals' view
    kompetenz: URIRef | None  # its element of the top level
    schwerpunkt: URIRef | None
    status: URIRef  # URIRef("") for a goal
    goal: URIRef
    target: URIRef | None
    querschnittsthema: URIRef | None
    links: tuple[Evidence, ...]

    @property
    def direct(self) -> bool:
        return self.querschnittsthema is None


@dataclass
class Cell:
    """Kernaktivitäten behind one matrix cell: with a link of their own (counted), and reaching the goal only via
    a Querschnittsthema (context: the theme's SDG links describe the theme, not the Kernaktivität)."""

    direct: set[URIRef] = field(default_factory=set)
    via_theme_only: set[URIRef] = field(default_factory=set)

    @property
    def counted(self) -> int:
        """What coverage counts: the Kernaktivitäten linked to the goal themselves."""
        return len(self.direct)

    @property
    def shown(self) -> bool:
        return bool(self.direct or self.via_theme_only)


@dataclass
class Matrix:
    dimension: str
    rows: list[URIRef]
    goals: list[URIRef]
    cells: dict[tuple[URIRef, URIRef], Cell]
    row_title: str = "Kompetenz"  # what a row is, in the strategy's words (its top level's name)
    counted: str = "Kernaktivitäten"  # what a cell counts, in the strategy's words (the plural of its level)

    def cell(self, row: URIRef, goal: URIRef) -> Cell:
        return self.cells.get((row, goal), Cell())


@dataclass
class Drilldown:
    goal: URIRef
    targets: dict[URIRef, set[URIRef]]  # every target of the goal -> Kernaktivitäten linked to it directly
    goal_level: set[URIRef]  # Kernaktivitäten linked to the goal itself
    via_theme: dict[URIRef, set[URIRef]]  # Kernaktivität without a direct link -> themes it reaches the goal through
    kompetenzen: set[URIRef]


@dataclass
class Gaps:
    goals_without: list[URIRef]
    targets_without: list[URIRef]
    kernaktivitaeten_without: list[tuple[URIRef, str | None]]  # with the reason if marked "kein klarer SDG-Bezug"
    themes_without: list[URIRef]
    measure: str = "Kernaktivität"  # the measure level's name, and its plural, in the strategy's words
    measures: str = "Kernaktivitäten"


def context(store: Store, queries_dir: Path) -> Graph:
    """The part of the graph the views read for names, order and evidence, fetched fresh from the store.

    A CONSTRUCT bounded by the strategy's size (``queries/intern/abdeckung_kontext.rq``), so the views work the
    same on the embedded store and on any SPARQL 1.1 store, and never read a stale copy.
    """
    try:
        return store.construct(query_text(queries_dir, CONTEXT_QUERY))
    except QueryError as exc:
        raise SourceError(queries_dir / CONTEXT_QUERY, str(exc)) from None


def _iri(value: Node | None) -> URIRef | None:
    return value if isinstance(value, URIRef) else None


def _evidence(graph: Graph, zuordnung: URIRef) -> Evidence:
    rationale = graph.value(zuordnung, STRAT.begruendung)
    when = graph.value(zuordnung, DCTERMS.date)
    return Evidence(
        zuordnung=zuordnung,
        source=_iri(graph.value(zuordnung, STRAT.zuordnungVon)) or URIRef(""),
        target=_iri(graph.value(zuordnung, STRAT.zuordnungZu)) or URIRef(""),
        strength=_iri(graph.value(zuordnung, STRAT.hatStaerke)) or URIRef(""),
        review=_iri(graph.value(zuordnung, STRAT.hatPruefstatus)) or URIRef(""),
        basis=_iri(graph.value(zuordnung, STRAT.hatBasis)),
        rationale=str(rationale) if rationale is not None else "",
        asserted_by=_iri(graph.value(zuordnung, PROV.wasAttributedTo)),
        date=str(when) if when is not None else None,
    )


def keep(path: SdgPath, filters: Filters) -> bool:
    if filters.status is not None and path.status != filters.status:
        return False
    if filters.kompetenz is not None and path.kompetenz != filters.kompetenz:
        return False
    reviews = {link.review for link in path.links}
    if filters.review is None:
        if STRAT.abgelehnt in reviews and not filters.include_rejected:
            return False
    elif reviews != {filters.review}:
        return False
    return filters.strength is None or {link.strength for link in path.links} == {filters.strength}


def path_of(values: dict[str, Node], link: Callable[[URIRef, dict[str, Node], str], Evidence]) -> SdgPath:
    """One row of ``sdg_pfade.rq`` as a path; ``link`` gives the Evidence of each Zuordnung on it (its row key
    ``zuordnungQt`` or ``zuordnung``)."""
    links = []
    for key in ("zuordnungQt", "zuordnung"):
        node = _iri(values.get(key))
        if node is not None:
            links.append(link(node, values, key))
    return SdgPath(
        kernaktivitaet=_iri(values["kernaktivitaet"]) or URIRef(""),
        kompetenz=_iri(values.get("kompetenz")),
        schwerpunkt=_iri(values.get("schwerpunkt")),
        status=_iri(values.get("status")) or URIRef(""),
        goal=_iri(values["ziel"]) or URIRef(""),
        target=_iri(values.get("unterziel")),
        querschnittsthema=_iri(values.get("querschnittsthema")),
        links=tuple(links),
    )


def sdg_paths(
    store: Store, queries_dir: Path, filters: Filters | None = None, graph: Graph | None = None, goals: bool = False
) -> list[SdgPath]:
    """All paths from measures (``goals``: from goals, direct only) to SDG goals that pass the filters, each with
    its evidence and the element of the top level it belongs to.

    ``graph`` is the views' context (see ``context``); it is fetched when not given.
    """
    filters = filters or Filters()
    graph = graph if graph is not None else context(store, queries_dir)
    name = GOAL_PATHS_QUERY if goals else PATHS_QUERY
    try:
        result = store.select(query_text(queries_dir, name))
    except QueryError as exc:  # a broken query file is a source error
        raise SourceError(queries_dir / name, str(exc)) from None
    evidence: dict[URIRef, Evidence] = {}

    def link(node: URIRef, _values: dict[str, Node], _key: str) -> Evidence:
        if node not in evidence:
            evidence[node] = _evidence(graph, node)
        return evidence[node]

    parents = parent_map(graph)
    paths = {with_top(path_of(values, link), parents) for values in result}
    kept = [p for p in paths if keep(p, filters)]
    return sorted(
        kept,
        key=lambda p: (str(p.kernaktivitaet), _goal_number(graph, p.goal), str(p.target), str(p.querschnittsthema)),
    )


def parent_map(graph: Graph) -> dict[Node, Node]:
    """Each element's parent in the strategy's tree (the general „gehört zu“ and its subproperties)."""
    return {s: o for prop in PARENT_PROPERTIES for s, o in graph.subject_objects(prop)}


def top_of(parents: dict[Node, Node], node: Node) -> URIRef | None:
    """The element of the top level above ``node`` (None if it has no parent): at most six levels, a cycle stops."""
    seen = [node]
    while seen[-1] in parents and len(seen) <= 6:
        seen.append(parents[seen[-1]])
    return _iri(seen[-1]) if len(seen) > 1 else None


def with_top(path: SdgPath, parents: dict[Node, Node]) -> SdgPath:
    """The path with its element of the top level where the query named none (strategies of the general shape)."""
    if path.kompetenz is not None:
        return path
    return replace(path, kompetenz=top_of(parents, path.kernaktivitaet))


def _goal_number(graph: Graph, goal: URIRef) -> int:
    notation = graph.value(goal, SKOS.notation)
    return int(str(notation)) if notation is not None and str(notation).isdigit() else 99


def goals(graph: Graph) -> list[URIRef]:
    """The 17 SDG goals in their order."""
    return sorted(
        (g for g in graph.subjects(RDF.type, SDGO.Goal) if isinstance(g, URIRef)), key=lambda g: _goal_number(graph, g)
    )


def levels(graph: Graph, kind: URIRef | None = None) -> list[URIRef]:
    """The strategy's levels (of one kind) from the top down."""
    found = [lv for lv in graph.subjects(RDF.type, STRAT.Ebene) if isinstance(lv, URIRef)]
    if kind is not None:
        found = [lv for lv in found if (lv, STRAT.hatEbenenart, kind) in graph]
    return sorted(found, key=lambda lv: (_number(graph.value(lv, STRAT.position)), str(lv)))


def _number(value: Node | None) -> int:
    return int(value) if isinstance(value, Literal) and str(value).isdigit() else 0


def label_of(graph: Graph, level: URIRef) -> str:
    return str(graph.value(level, SKOS.prefLabel) or "Element")


def plural(graph: Graph, level: URIRef) -> str:
    """A level's name for many of its elements: its plural where the data gives one, else its name."""
    return str(graph.value(level, STRAT.mehrzahl) or graph.value(level, SKOS.prefLabel) or "Elemente")


def measures(graph: Graph) -> list[URIRef]:
    """The elements of the measure levels (e.g. Kernaktivitäten), in the strategy's order."""
    return _sorted(graph, [e for lv in levels(graph, STRAT.massnahmenebene) for e in on_level(graph, lv)])


def on_level(graph: Graph, level: URIRef) -> list[URIRef]:
    """The elements of one level."""
    return [e for e in graph.subjects(STRAT.aufEbene, level) if isinstance(e, URIRef)]


def below(graph: Graph, node: URIRef) -> list[tuple[URIRef, list[URIRef]]]:
    """The elements directly below ``node`` in the strategy's tree, per level under its own, each in order:
    a Kompetenz's strategic goals and Schwerpunkte, a Themenfeld's Leitlinien."""
    level = graph.value(node, STRAT.aufEbene)
    if level is None:
        return []
    found = []
    for lower in levels(graph):
        if (lower, STRAT.uebergeordneteEbene, level) in graph:
            elements = [e for e in on_level(graph, lower) if any((e, p, node) in graph for p in PARENT_PROPERTIES)]
            if elements:
                found.append((lower, _sorted(graph, elements)))
    return found


def wording(graph: Graph, dimension: str) -> tuple[str, str]:
    """What a row of the matrix is and what its cells count, in the strategy's own words."""
    if dimension == GOAL_VIEW:
        return "Zielebene", "Ziele"
    counted = " / ".join(plural(graph, lv) for lv in levels(graph, STRAT.massnahmenebene)) or "Maßnahmen"
    if dimension == "kompetenz":
        top = levels(graph)
        return (str(graph.value(top[0], SKOS.prefLabel)) if top else "Kompetenz"), counted
    return {"schwerpunkt": "Schwerpunkt", "querschnittsthema": "Querschnittsthema"}[dimension], counted


def _rows(graph: Graph, dimension: str, kompetenz: URIRef | None) -> list[URIRef]:
    """The rows of a matrix: the top level's elements, Schwerpunkte or themes (classes), or the goal levels."""
    if dimension == GOAL_VIEW:
        return levels(graph, STRAT.zielebene)
    top = levels(graph)
    if dimension == "kompetenz" and top:
        rows = _sorted(graph, on_level(graph, top[0]))
        return [r for r in rows if r == kompetenz] if kompetenz is not None else rows
    return _ordered(graph, DIMENSIONS[dimension], kompetenz)


def _sorted(graph: Graph, nodes: list[URIRef]) -> list[URIRef]:
    parents = parent_map(graph)

    def key(node: URIRef) -> tuple[int, int, str]:
        parent = parents.get(node)
        return (
            _number(graph.value(parent, STRAT.position)) if parent is not None else 0,
            _number(graph.value(node, STRAT.position)),
            str(node),
        )

    return sorted(nodes, key=key)


def _ordered(graph: Graph, klasse: URIRef, kompetenz: URIRef | None = None) -> list[URIRef]:
    def key(node: URIRef) -> tuple[int, int, str]:
        parent = graph.value(node, STRAT.gehoertZuKompetenz)
        parent_pos = graph.value(parent, STRAT.position) if parent is not None else None
        own = graph.value(node, STRAT.position)
        return (
            int(parent_pos) if isinstance(parent_pos, Literal) else 0,
            int(own) if isinstance(own, Literal) else 0,
            str(node),
        )

    nodes = [n for n in graph.subjects(RDF.type, klasse) if isinstance(n, URIRef)]
    if kompetenz is not None and klasse != STRAT.Querschnittsthema:
        if klasse == STRAT.Kompetenz:
            nodes = [n for n in nodes if n == kompetenz]
        else:
            nodes = [n for n in nodes if (n, STRAT.gehoertZuKompetenz, kompetenz) in graph]
    return sorted(nodes, key=key)


def check_view(dimension: str, filters: Filters | None) -> None:
    """A known row kind, and no status filter for the goals' view (a status belongs to measures)."""
    if dimension not in DIMENSIONS:
        raise ConfigurationError(f"unbekannte Dimension „{dimension}“ (erlaubt: {', '.join(DIMENSIONS)})")
    if dimension == GOAL_VIEW and filters is not None and filters.status is not None:
        raise ConfigurationError("Ziele haben keinen Status; der Filter Status gilt nur für Maßnahmen (nach=ziele).")


def matrix(
    store: Store, queries_dir: Path, dimension: str, filters: Filters | None = None, graph: Graph | None = None
) -> Matrix:
    """Dimension × SDG goal, counting measures: with a direct link, or reaching the goal only via a theme; or, for
    the dimension ``ziele``, the goals of each goal level with a link of their own."""
    check_view(dimension, filters)
    filters = filters or Filters()
    graph = graph if graph is not None else context(store, queries_dir)
    paths = sdg_paths(store, queries_dir, filters, graph, goals=dimension == GOAL_VIEW)
    return build_matrix(dimension, filters, paths, graph, lambda ka: _themes_of(graph, ka, filters))


def build_matrix(
    dimension: str,
    filters: Filters,
    paths: Iterable[SdgPath],
    graph: Graph,
    themes_of: Callable[[URIRef], set[URIRef]],
) -> Matrix:
    """The matrix from the paths that passed the filters; ``graph`` gives rows and goals (class, order),
    ``themes_of`` the Querschnittsthemen a measure addresses through links that pass the filters."""
    direct: dict[tuple[URIRef, URIRef], set[URIRef]] = defaultdict(set)  # (ka, goal)
    via: dict[tuple[URIRef, URIRef], set[URIRef]] = defaultdict(set)  # (ka, goal) -> themes
    info = {}
    for p in paths:
        info[p.kernaktivitaet] = p
        if p.direct:
            direct[(p.kernaktivitaet, p.goal)].add(p.goal)
        else:
            assert p.querschnittsthema is not None
            via[(p.kernaktivitaet, p.goal)].add(p.querschnittsthema)
    cells: dict[tuple[URIRef, URIRef], Cell] = defaultdict(Cell)
    for ka, goal in set(direct) | set(via):
        path = info[ka]
        if dimension == GOAL_VIEW:
            level = _iri(graph.value(ka, STRAT.aufEbene))
            rows = [level] if level is not None else []
        elif dimension == "kompetenz":
            rows = [path.kompetenz] if path.kompetenz is not None else []
        elif dimension == "schwerpunkt":
            rows = [path.schwerpunkt] if path.schwerpunkt is not None else []
        else:
            rows = sorted(themes_of(ka), key=str)
        for row in rows:
            if (ka, goal) in direct:
                cells[(row, goal)].direct.add(ka)
            elif dimension != "querschnittsthema" or row in via[(ka, goal)]:
                cells[(row, goal)].via_theme_only.add(ka)
    row_title, counted = wording(graph, dimension)
    return Matrix(dimension, _rows(graph, dimension, filters.kompetenz), goals(graph), dict(cells), row_title, counted)


def theme_link_passes(review: Node | None, strength: Node | None, filters: Filters) -> bool:
    """Whether a Kernaktivität's link to a Querschnittsthema passes the review and strength filters."""
    if (filters.review is None and review == STRAT.abgelehnt) or (filters.review not in (None, review)):
        return False
    return filters.strength in (None, strength)


def _themes_of(graph: Graph, ka: URIRef, filters: Filters) -> set[URIRef]:
    """Querschnittsthemen a Kernaktivität addresses through links that pass the review and strength filters."""
    themes = set()
    for z in graph.subjects(STRAT.zuordnungVon, ka):
        if graph.value(z, STRAT.zuordnungUeber) != STRAT.adressiertQuerschnittsthema:
            continue
        if not theme_link_passes(graph.value(z, STRAT.hatPruefstatus), graph.value(z, STRAT.hatStaerke), filters):
            continue
        theme = _iri(graph.value(z, STRAT.zuordnungZu))
        if theme is not None:
            themes.add(theme)
    return themes


def drilldown(
    store: Store, queries_dir: Path, goal: URIRef, filters: Filters | None = None, graph: Graph | None = None
) -> Drilldown:
    """One SDG goal: its targets with the Kernaktivitäten linked to each, goal-level and via-theme links."""
    graph = graph if graph is not None else context(store, queries_dir)
    paths = [p for p in sdg_paths(store, queries_dir, filters, graph) if p.goal == goal]
    targets: dict[URIRef, set[URIRef]] = {
        t: set()
        for t in sorted(
            (t for t in graph.objects(goal, SDGO.hasTarget) if isinstance(t, URIRef)),
            key=lambda t: _target_key(graph, t),
        )
    }
    goal_level: set[URIRef] = set()
    via: dict[URIRef, set[URIRef]] = defaultdict(set)
    for p in paths:
        if not p.direct:
            assert p.querschnittsthema is not None
            via[p.kernaktivitaet].add(p.querschnittsthema)
        elif p.target is not None:
            targets.setdefault(p.target, set()).add(p.kernaktivitaet)
        else:
            goal_level.add(p.kernaktivitaet)
    kompetenzen = {p.kompetenz for p in paths if p.kompetenz is not None}
    linked_directly = goal_level | {ka for kas in targets.values() for ka in kas}
    only_via = {ka: themes for ka, themes in via.items() if ka not in linked_directly}
    return Drilldown(goal, targets, goal_level, only_via, kompetenzen)


def _target_key(graph: Graph, target: URIRef) -> tuple[int, int, str]:
    return code_key(str(graph.value(target, SKOS.notation) or "0.0"))


def code_of(node: Node) -> str:
    """An SDG goal's or target's code, from its IRI: 13, 13.2."""
    return str(node).removeprefix(str(SDG))


def code_key(code: str) -> tuple[int, int, str]:
    """An SDG code in the UN's order: 7 before 7.1 before 7.a before 11."""
    goal, _, rest = code.partition(".")
    return (int(goal) if goal.isdigit() else 0, int(rest) if rest.isdigit() else (100 if rest else -1), rest)


def gaps(store: Store, queries_dir: Path, filters: Filters | None = None, graph: Graph | None = None) -> Gaps:
    """SDGs and targets no Kernaktivität is linked to itself, Kernaktivitäten without an SDG link of their own,
    themes without Kernaktivität. A path via a Querschnittsthema closes no gap (it is context)."""
    filters = filters or Filters()
    graph = graph if graph is not None else context(store, queries_dir)
    paths = [p for p in sdg_paths(store, queries_dir, filters, graph) if p.direct]
    reached_goals = {p.goal for p in paths}
    reached_targets = {p.target for p in paths if p.direct and p.target is not None}
    all_targets = sorted(
        (t for t in graph.subjects(RDF.type, SDGO.Target) if isinstance(t, URIRef)), key=lambda t: _target_key(graph, t)
    )
    parents = parent_map(graph)
    measure_levels = levels(graph, STRAT.massnahmenebene)
    kas = [
        ka
        for ka in measures(graph)
        if (filters.status is None or (ka, STRAT.hatStatus, filters.status) in graph)
        and (filters.kompetenz is None or top_of(parents, ka) == filters.kompetenz)
    ]
    with_sdg = {p.kernaktivitaet for p in paths}
    without = []
    for ka in sorted((k for k in kas if k not in with_sdg), key=lambda k: _label(graph, k)):
        reason = None
        for z in graph.subjects(STRAT.zuordnungVon, ka):
            if graph.value(z, STRAT.zuordnungZu) == STRAT.keinSdgBezug:
                reason = str(graph.value(z, STRAT.begruendung) or "")
        without.append((ka, reason))
    themes_with = {t for ka in kas for t in _themes_of(graph, ka, filters)}
    return Gaps(
        goals_without=[g for g in goals(graph) if g not in reached_goals],
        targets_without=[t for t in all_targets if t not in reached_targets],
        kernaktivitaeten_without=without,
        themes_without=[t for t in _ordered(graph, STRAT.Querschnittsthema) if t not in themes_with],
        measure=" / ".join(label_of(graph, lv) for lv in measure_levels) or "Maßnahme",
        measures=" / ".join(plural(graph, lv) for lv in measure_levels) or "Maßnahmen",
    )


def why(
    store: Store,
    queries_dir: Path,
    kernaktivitaet: URIRef,
    sdg: URIRef,
    graph: Graph | None = None,
    goals: bool = False,
) -> list[SdgPath]:
    """Every path connecting a measure (``goals``: a goal) to an SDG goal or target, rejected links included, with
    evidence."""
    paths = sdg_paths(store, queries_dir, Filters(include_rejected=True), graph, goals=goals)
    return [p for p in paths if p.kernaktivitaet == kernaktivitaet and sdg in (p.goal, p.target)]


def review_summary(graph: Graph) -> dict[str, int]:
    """How many Zuordnungen have each review status, for the note every report carries."""
    counts = dict.fromkeys(REVIEW_STATES.values(), 0)
    for z in graph.subjects(RDF.type, STRAT.Zuordnung):
        name = REVIEW_STATES.get(_iri(graph.value(z, STRAT.hatPruefstatus)) or URIRef(""))
        if name:
            counts[name] += 1
    return counts
