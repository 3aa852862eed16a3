"""The embedded SPARQL store: pyoxigraph loaded from the rdflib graph (rdflib stays for parsing and SHACL).

rdflib's own SPARQL engine needs 36 s for ``queries/sdg_pfade.rq`` on the Bochum graph; pyoxigraph 5 ms.
"""

from __future__ import annotations

import threading
from typing import Any, Protocol

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from .errors import StratgraphError

__all__ = ["EmbeddedStore", "QueryError", "Store", "to_rdflib"]


class QueryError(StratgraphError):
    """A SPARQL query is malformed or fails to run."""


_XSD_STRING = str(XSD.string)


def to_rdflib(term: Any) -> Node | None:
    """A pyoxigraph term as the rdflib term rdflib's own parsers would make (a plain string has no datatype)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value) if datatype == _XSD_STRING else Literal(term.value, datatype=URIRef(datatype))
    raise QueryError(f"unerwarteter Term in einem Ergebnis: {term!r}")


class Store(Protocol):
    """What the API and the coverage core need from a store: SELECT rows and CONSTRUCT graphs (SPARQL 1.1)."""

    def select(self, query: str) -> list[dict[str, Node]]: ...

    def construct(self, query: str) -> Graph: ...


class EmbeddedStore:
    """An in-process, read-only SPARQL store over one rdflib graph; the graph stays available for look-ups."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._constructed: dict[str, Graph] = {}
        self._lock = threading.Lock()
        self._store = ox.Store()
        self._store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)

    def __len__(self) -> int:
        return len(self._store)

    @property
    def oxigraph(self) -> ox.Store:
        """The engine itself, for the SPARQL protocol endpoint's own serialisation."""
        return self._store

    def _query(self, query: str) -> Any:
        try:
            return self._store.query(query)
        except (SyntaxError, ValueError, OSError) as exc:
            raise QueryError(f"SPARQL-Fehler: {exc}") from None

    def construct(self, query: str) -> Graph:
        """The graph a CONSTRUCT query builds, as an rdflib graph (kept: this store never changes; do not modify).

        The coverage views ask for the same context graph on every request; building it costs ~70 ms.
        """
        with self._lock:
            kept = self._constructed.get(query)
        if kept is not None:
            return kept
        graph = self._construct(query)
        with self._lock:
            if len(self._constructed) >= 8:  # a handful of fixed queries; bounded all the same
                self._constructed.pop(next(iter(self._constructed)))
            self._constructed[query] = graph
        return graph

    def _construct(self, query: str) -> Graph:
        triples = self._query(query)
        if not isinstance(triples, ox.QueryTriples):
            raise QueryError("die Abfrage ist keine CONSTRUCT-Abfrage")
        graph = Graph()
        for triple in triples:  # term by term: faster than serialising and parsing N-Triples
            terms = (to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object))
            subject, predicate, value = terms
            if subject is not None and predicate is not None and value is not None:
                graph.add((subject, predicate, value))
        return graph

    def select(self, query: str) -> list[dict[str, Node]]:
        """Rows of a SELECT query as dicts from variable name to rdflib term (unbound variables left out)."""
        solutions = self._query(query)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("die Abfrage ist keine SELECT-Abfrage")
        names = [v.value for v in solutions.variables]
        rows = []
        for solution in solutions:
            row = {}
            for name in names:
                value = to_rdflib(solution[name])
                if value is not None:
                    row[name] = value
            rows.append(row)
        return rows
