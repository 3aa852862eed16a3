"""Readable names of resources: the one label helper of every report, table, changelog and answer."""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, RDFS, SKOS
from rdflib.term import Node

from .namespaces import STRAT

__all__ = ["label"]

# our working title (strat:arbeitstitel) comes after the publisher's own names: the UN's SDGs have no German title
NAME_PREDICATES = (SKOS.prefLabel, RDFS.label, FOAF.name, STRAT.arbeitstitel)


def label(graph: Graph, node: Node | None, predicates: Sequence[URIRef] = NAME_PREDICATES, lang: str = "de") -> str:
    """The name of a node in ``lang`` (any of the predicates), else in English, else in any language, else its
    IRI („–“ for no node at all)."""
    if node is None:
        return "–"
    values = [v for p in predicates for v in graph.objects(node, p) if isinstance(v, Literal)]
    for wanted in (lang, "en"):
        for value in values:
            if value.language == wanted:
                return str(value)
    return str(values[0]) if values else str(node)
