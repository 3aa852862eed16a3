"""The embedded SPARQL store: pyoxigraph loaded from the rdflib graph (rdflib stays for parsing and SHACL).

rdflib's own SPARQL engine is several thousand times slower on the coverage queries (docs/engine-benchmark.md).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from stratgraph.errors import SourceError, StratgraphError
from stratgraph.model.labels import label
from stratgraph.model.terms import to_rdflib

__all__ = ["EmbeddedStore", "Graphs", "QueryError", "ScopedStore", "Store"]


class QueryError(StratgraphError):
    """A SPARQL query is malformed or fails to run."""


_RDF_TYPE = ox.NamedNode(str(RDF.type))


Graphs = tuple[str, ...]  # named graphs that form a query's default graph; () is the union of all


class Store(Protocol):
    """What the API and the coverage core need from a store: SELECT rows and CONSTRUCT graphs (SPARQL 1.1).

    ``graphs`` scopes a query to some named graphs (one strategy's and the shared ones), as the protocol's
    ``default-graph-uri`` does; empty, the query sees every graph.
    """

    def select(self, query: str, graphs: Graphs = ()) -> list[dict[str, Node]]: ...

    def construct(self, query: str, graphs: Graphs = ()) -> Graph: ...


class ScopedStore:
    """A store seen through some of its named graphs: one strategy with the shared reference."""

    def __init__(self, store: Store, graphs: Graphs) -> None:
        self.store = store
        self.graphs = graphs

    def select(self, query: str, graphs: Graphs = ()) -> list[dict[str, Node]]:
        return self.store.select(query, graphs or self.graphs)

    def construct(self, query: str, graphs: Graphs = ()) -> Graph:
        return self.store.construct(query, graphs or self.graphs)


class EmbeddedStore:
    """An in-process, read-only SPARQL store over one rdflib graph; the graph stays available for look-ups.

    Given the graph's named parts, it holds them as named graphs (a query without ``graphs`` sees their union),
    so views can be scoped to one strategy; without, the whole graph is its default graph.
    """

    def __init__(self, graph: Graph, parts: Sequence[tuple[URIRef, Graph]] = ()) -> None:
        self.graph = graph
        self._constructed: dict[tuple[str, Graphs], Graph] = {}
        self._lock = threading.Lock()
        self._store = ox.Store()
        self._union = bool(parts)
        if not parts:
            self._store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
        for name, part in parts:
            data = part.serialize(format="nt", encoding="utf-8")
            self._store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(name)))

    @classmethod
    def from_files(cls, parts: Sequence[tuple[str, Sequence[Path]]]) -> EmbeddedStore:
        """A store loaded straight from Turtle files into named graphs, with no rdflib graph in between (about
        30 times faster than parsing into rdflib; for views over many strategies that are validated already)."""
        store = cls(Graph())
        store._union = any(name for name, _ in parts)  # "" loads into the default graph (nothing named: no union)
        for name, paths in parts:
            for path in paths:  # the same base as parse_turtle's, so a relative IRI means the same in both
                try:
                    store._store.bulk_load(
                        path=str(path),
                        format=ox.RdfFormat.TURTLE,
                        to_graph=ox.NamedNode(name) if name else ox.DefaultGraph(),
                        base_iri=path.resolve().as_uri(),
                    )
                except SyntaxError as exc:  # with the place pyoxigraph names, as rdflib's parse errors have it
                    reason = str(exc.msg).split(": ", 1)[-1] if exc.lineno else str(exc)
                    raise SourceError(path, f"nicht ladbar: {reason}", exc.lineno, exc.offset) from None
                except OSError as exc:  # unreadable
                    raise SourceError(path, f"nicht ladbar: {exc}") from None
        return store

    def typed_subjects(self, *graphs: str) -> set[Node]:
        """The subjects with an rdf:type in these named graphs."""
        found: set[Node] = set()
        for name in graphs:
            for quad in self._store.quads_for_pattern(None, _RDF_TYPE, None, ox.NamedNode(name)):
                found.add(to_rdflib(quad.subject))  # type: ignore[arg-type]
        return found

    def resource_count(self) -> int:
        """How many resources with an IRI have a type, in any graph (what a reload must not lose much of)."""
        return len(
            {
                q.subject
                for q in self._store.quads_for_pattern(None, _RDF_TYPE, None)
                if isinstance(q.subject, ox.NamedNode)
            }
        )

    def label(self, node: URIRef) -> str:
        """A resource's name (as ``labels.label`` reads it) from its own triples in the store."""
        graph = Graph()
        for quad in self._store.quads_for_pattern(ox.NamedNode(str(node)), None, None, None):
            graph.add((node, to_rdflib(quad.predicate), to_rdflib(quad.object)))  # type: ignore[arg-type]
        return label(graph, node)

    def __len__(self) -> int:
        return len(self._store)

    @property
    def oxigraph(self) -> ox.Store:
        """The engine itself, for the SPARQL protocol endpoint's own serialisation."""
        return self._store

    def _query(self, query: str, graphs: Graphs = ()) -> Any:
        options: dict[str, Any] = {}
        if graphs:
            options["default_graph"] = [ox.NamedNode(g) for g in graphs]
        elif self._union:
            options["use_default_graph_as_union"] = True
        try:
            return self._store.query(query, **options)
        except (SyntaxError, ValueError, OSError) as exc:
            raise QueryError(f"SPARQL-Fehler: {exc}") from None

    def construct(self, query: str, graphs: Graphs = ()) -> Graph:
        """The graph a CONSTRUCT query builds, as an rdflib graph (kept: this store never changes; do not modify).

        The coverage views ask for the same context graph on every request; building it is their biggest cost.
        """
        key = (query, graphs)
        with self._lock:
            kept = self._constructed.get(key)
        if kept is not None:
            return kept
        graph = self._construct(query, graphs)
        with self._lock:
            if len(self._constructed) >= 64:  # a handful of fixed queries per strategy; bounded all the same
                self._constructed.pop(next(iter(self._constructed)))
            self._constructed[key] = graph
        return graph

    def _construct(self, query: str, graphs: Graphs) -> Graph:
        triples = self._query(query, graphs)
        if not isinstance(triples, ox.QueryTriples):
            raise QueryError("die Abfrage ist keine CONSTRUCT-Abfrage")
        graph = Graph(store="SimpleMemory")  # no contexts: adding is about twice as fast as in rdflib's default store
        made: dict[Any, Node | None] = {}  # subjects and predicates repeat: each term converted once

        def term(node: Any) -> Node | None:
            found = made.get(node)
            if found is None:
                found = made[node] = to_rdflib(node)
            return found

        for triple in triples:  # term by term: faster than serialising and parsing N-Triples
            subject, predicate, value = term(triple.subject), term(triple.predicate), term(triple.object)
            if subject is not None and predicate is not None and value is not None:
                graph.add((subject, predicate, value))
        return graph

    def solutions(self, query: str, graphs: Graphs = ()) -> ox.QuerySolutions:
        """The engine's own solutions of a SELECT query (pyoxigraph terms: no conversion for bulk reads)."""
        solutions = self._query(query, graphs)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("die Abfrage ist keine SELECT-Abfrage")
        return solutions

    def select(self, query: str, graphs: Graphs = ()) -> list[dict[str, Node]]:
        """Rows of a SELECT query as dicts from variable name to rdflib term (unbound variables left out)."""
        solutions = self.solutions(query, graphs)
        names = [v.value for v in solutions.variables]
        made: dict[Any, Node | None] = {}  # terms repeat down a column (an indicator, a year): each converted once
        rows = []
        for solution in solutions:
            row = {}
            for name in names:
                node = solution[name]
                value = made.get(node)
                if value is None:
                    value = made[node] = to_rdflib(node)
                if value is not None:
                    row[name] = value
            rows.append(row)
        return rows
