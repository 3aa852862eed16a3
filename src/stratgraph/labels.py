"""Readable names of resources: the one label helper of every report, table, changelog and answer."""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, RDFS, SKOS
from rdflib.term import Node

__all__ = ["label"]

NAME_PREDICATES = (SKOS.prefLabel, RDFS.label, FOAF.name)


def label(graph: Graph, node: Node | None, predicates: Sequence[URIRef] = NAME_PREDICATES, lang: str = "de") -> str:
    """The German name of a node; else its name in any language; else its IRI („–“ for no node at all)."""
    if node is None:
        return "–"
    fallback: str | None = None
    for predicate in predicates:
        for value in graph.objects(node, predicate):
            if isinstance(value, Literal) and value.language == lang:
                return str(value)
            fallback = fallback or str(value)
    return fallback or str(node)
