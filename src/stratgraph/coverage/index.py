"""Every strategy's coverage matrix and comparison figures from one reading of the embedded store, when it loads.

The embedded store never changes (a reload builds a new one), so what the matrix needs — every path of
``queries/sdg_pfade.rq`` with its links' strength and review status, the rows and goals with their names, the
themes each measure addresses — is read once for all strategies (two queries over the union) and kept per
strategy, with its counts per SDG for the comparison. A strategy's matrix is then built in Python from its part,
with the same ``coverage.build_matrix`` the store-backed views use (no queries and no context graph per request;
figures in docs/benchmarks.md), and the comparison is a sum of kept counts.
Remote stores may change at any time and keep the per-request path.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.term import Node

from stratgraph.coverage import matrix as cov
from stratgraph.coverage import reports
from stratgraph.coverage.matrix import Evidence, Filters, Matrix, SdgPath
from stratgraph.errors import ConfigurationError, SourceError
from stratgraph.model.answers import Abdeckung
from stratgraph.model.namespaces import REVIEW_STATES, STRAT
from stratgraph.model.terms import to_rdflib
from stratgraph.store.embedded import EmbeddedStore, QueryError
from stratgraph.store.named_queries import query_text
from stratgraph.strategies.scopes import Comparison, StrategyRow, StrategyScope

__all__ = ["INDEX_QUERY", "CoverageIndex"]

INDEX_QUERY = "intern/abdeckung_index.rq"
_Triple = tuple[Node, Node, Node]


@dataclass
class _StrategyIndex:
    paths: list[SdgPath] = field(default_factory=list)
    names: list[_Triple] = field(default_factory=list)  # its rows: class, names, position, Kompetenz
    themes: dict[URIRef, list[tuple[URIRef, Node | None, Node | None]]] = field(default_factory=dict)
    reviews: dict[str, int] = field(default_factory=lambda: dict.fromkeys(REVIEW_STATES.values(), 0))
    compared: dict[str, StrategyRow] = field(default_factory=dict)  # per SDG goal: its direct links, counted


class CoverageIndex:
    """The matrix inputs of every strategy in the embedded store, by slug."""

    def __init__(self, store: EmbeddedStore, queries_dir: Path, known: dict[str, StrategyScope]) -> None:
        self._single = next(iter(known)) if len(known) == 1 else None
        self._by_base = {scope.base: slug for slug, scope in known.items()}
        by_graph = {g: slug for slug, scope in known.items() for g in (scope.content_graph, scope.link_graph)}
        self._cities: dict[str, _StrategyIndex] = {slug: _StrategyIndex() for slug in known}
        self._shared: list[_Triple] = []  # SDG goals and the vocabulary's concepts: the same for every strategy
        made: dict[Any, Any] = {}  # each term converted once (IRIs repeat on every row)
        columns = ("s", "p", "o", "thema", "staerke", "pruefstatus", "graph", "anzahl")
        for s, p, o, theme, strength, review, graph, count in _rows(store, queries_dir, INDEX_QUERY, columns, made):
            if count is not None:  # Zuordnungen of one graph with one review status
                slug = self._single or by_graph.get(str(graph))
                name = REVIEW_STATES.get(review)
                if slug is not None and name is not None:
                    self._cities[slug].reviews[name] += int(count)
            elif theme is not None:
                strategy = self._strategy_of(s)
                if strategy is not None and isinstance(s, URIRef) and isinstance(theme, URIRef):
                    strategy.themes.setdefault(s, []).append((theme, review, strength))
            else:
                strategy = self._strategy_of(s)
                (self._shared if strategy is None else strategy.names).append((s, p, o))
        names = ("kernaktivitaet", "kompetenz", "schwerpunkt", "status", "ziel", "unterziel", "querschnittsthema")
        keys = (*names, "zuordnungQt", "staerkeQt", "pruefstatusQt", "zuordnung", "staerke", "pruefstatus")
        evidence: dict[URIRef, Evidence] = {}
        for row in _rows(store, queries_dir, cov.PATHS_QUERY, keys, made):
            values = {k: v for k, v in zip(keys, row, strict=True) if v is not None}
            strategy = self._strategy_of(values["kernaktivitaet"])
            if strategy is not None:
                strategy.paths.append(cov.path_of(values, lambda node, v, key: _link(evidence, node, v, key)))
        for strategy in self._cities.values():
            parents = {s: o for s, p, o in strategy.names if p in cov.PARENT_PROPERTIES}
            strategy.paths = [cov.with_top(path, parents) for path in strategy.paths]
            strategy.compared = _compared(strategy.paths)

    def _strategy_of(self, node: Node) -> _StrategyIndex | None:
        """The strategy a resource belongs to, by its IRI's base; None for the shared SDGs and concepts. With one
        strategy, everything is its (its IRIs may lie anywhere; shared names are added to its own anyway)."""
        if self._single is not None:
            return self._cities[self._single]
        slug = self._by_base.get(str(node).rsplit("/", 2)[0] + "/")
        return self._cities.get(slug) if slug is not None else None

    def has(self, slug: str) -> bool:
        return slug in self._cities

    def compare(self, only: list[str] | None = None) -> Comparison:
        """What ``strategies.compare`` asks the store (``queries/intern/vergleich.rq``), from the index."""
        chosen = sorted(only or self._cities)
        comparison = Comparison(chosen)
        for slug in chosen:
            for goal, row in self._cities[slug].compared.items():
                comparison.rows.setdefault(goal, {})[slug] = row
        return comparison

    def matrix(self, slug: str, dimension: str, filters: Filters) -> tuple[Graph, Matrix]:
        """A strategy's matrix and the names it shows (a small graph: rows, goals, concepts)."""
        cov.check_view(dimension, filters)
        if dimension == cov.GOAL_VIEW:  # the index keeps the measures' paths; the goals' view reads the store
            raise ConfigurationError(
                "Die Ansicht „Ziele × SDG“ liest der Dienst aus dem Speicher, nicht aus dem Index."
            )
        strategy = self._cities[slug]
        names = Graph(store="SimpleMemory")
        for triple in self._shared:
            names.add(triple)
        for triple in strategy.names:
            names.add(triple)
        paths = [p for p in strategy.paths if cov.keep(p, filters)]

        def themes_of(ka: URIRef) -> set[URIRef]:
            return {
                t
                for t, review, strength in strategy.themes.get(ka, ())
                if cov.theme_link_passes(review, strength, filters)
            }

        return names, cov.build_matrix(dimension, filters, paths, names, themes_of)

    def matrix_answer(self, slug: str, dimension: str, filters: Filters) -> Abdeckung:
        """What ``/api/abdeckung`` answers, as ``reports.matrix_answer`` makes it from the context graph."""
        names, matrix = self.matrix(slug, dimension, filters)
        return reports.matrix_answer(names, matrix, filters, self._cities[slug].reviews)


def _rows(
    store: EmbeddedStore, queries_dir: Path, name: str, keys: tuple[str, ...], made: dict[Any, Any]
) -> Iterator[list[Any]]:
    """The rows of a query file over the whole store, each term converted once (``made`` keeps them)."""
    try:
        solutions = store.solutions(query_text(queries_dir, name))
    except QueryError as exc:
        raise SourceError(queries_dir / name, str(exc)) from None
    columns = [v.value for v in solutions.variables]
    where = [columns.index(k) for k in keys]
    for solution in solutions:
        row = []
        for i in where:
            node = solution[i]
            found = made.get(node)
            if found is None and node is not None:
                found = made[node] = to_rdflib(node)
            row.append(found)
        yield row


def _compared(paths: list[SdgPath]) -> dict[str, StrategyRow]:
    """Per SDG goal, as vergleich.rq counts: the Kernaktivitäten with a direct link of their own that is not
    rejected, those links, and how many of them are confirmed."""
    kas: dict[str, set[URIRef]] = {}
    links: dict[str, set[URIRef]] = {}
    confirmed: dict[str, set[URIRef]] = {}
    for path in paths:
        if not path.direct or path.links[0].review == STRAT.abgelehnt:
            continue
        goal, link = str(path.goal), path.links[0]
        kas.setdefault(goal, set()).add(path.kernaktivitaet)
        links.setdefault(goal, set()).add(link.zuordnung)
        if link.review == STRAT.bestaetigt:
            confirmed.setdefault(goal, set()).add(link.zuordnung)
    return {g: StrategyRow(len(kas[g]), len(links[g]), len(confirmed.get(g, ()))) for g in kas}


def _link(evidence: dict[URIRef, Evidence], node: URIRef, values: dict[str, Node], key: str) -> Evidence:
    """A link on a path with what the filters read (strength, review); its texts stay in the store."""
    found = evidence.get(node)
    if found is None:
        suffix = "Qt" if key == "zuordnungQt" else ""
        source = (
            values["kernaktivitaet"] if suffix or "querschnittsthema" not in values else values["querschnittsthema"]
        )
        target = values["querschnittsthema"] if suffix else values.get("unterziel", values["ziel"])
        found = evidence[node] = Evidence(
            zuordnung=node,
            source=source,  # type: ignore[arg-type]
            target=target,  # type: ignore[arg-type]
            strength=values.get("staerke" + suffix),  # type: ignore[arg-type]
            review=values.get("pruefstatus" + suffix),  # type: ignore[arg-type]
            basis=None,
            rationale="",
            asserted_by=None,
            date=None,
        )
    return found
