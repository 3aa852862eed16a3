"""Readable names of resources: the one label helper of every report, table, changelog and answer."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, RDFS, SKOS
from rdflib.term import Node

from stratgraph.model.namespaces import STRAT

__all__ = ["label", "slugify"]

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


def slugify(name: str) -> str:
    """A name as the last segment of an IRI or a column key: lower case, umlauts spelt out, words joined by hyphens."""
    text = name.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80].strip("-")
