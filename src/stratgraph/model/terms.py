"""Terms between the two RDF libraries: pyoxigraph (stores, fast parsing) and rdflib (reports, SHACL)."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

__all__ = ["to_rdflib"]

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
    raise TypeError(f"unerwarteter Term in einem Ergebnis: {term!r}")
