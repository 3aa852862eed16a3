"""Reproducible serialisations: same graph, same bytes, whatever Python's hash seed.

rdflib's RDF/XML, JSON-LD and TriG writers follow randomised set order, and pyoxigraph rewrites derived integer
types (xsd:nonNegativeInteger becomes xsd:integer), so those formats are written here from sorted triples:
Turtle by rdflib (it sorts), N-Triples sorted by line, JSON-LD with every array sorted, RDF/XML flat.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import RDF
from rdflib.term import Node

from stratgraph.errors import StratgraphError
from stratgraph.model.namespaces import PREFIXES, bind_prefixes

__all__ = ["canonical", "serialize", "sorted_graph", "trig"]


def sorted_graph(triples: Iterable[tuple[Node, Node, Node]]) -> Graph:
    """A graph whose insertion order, and so its serialisation order, is sorted: same input, same bytes."""
    graph = bind_prefixes(Graph())
    for triple in sorted(triples, key=lambda t: tuple(term.n3() for term in t)):
        graph.add(triple)
    return graph


def canonical(graph: Graph) -> Graph:
    """The graph with blank nodes named by their content (rdflib's canonical labelling), so a blank node has
    the same label in every build; the ontology's unions of classes are blank nodes."""
    if not any(isinstance(term, BNode) for triple in graph for term in triple):
        return graph
    return to_canonical_graph(graph)


def serialize(graph: Graph, fmt: str) -> bytes:
    """The graph as ``turtle``, ``nt``, ``jsonld`` or ``rdfxml``, reproducibly."""
    graph = canonical(graph)
    if fmt == "turtle":
        return sorted_graph(graph).serialize(format="turtle", encoding="utf-8")
    if fmt == "nt":
        return "".join(sorted(graph.serialize(format="nt").splitlines(keepends=True))).encode("utf-8")
    if fmt == "rdfxml":
        return _rdfxml(graph)
    if fmt == "jsonld":
        document = json.loads(sorted_graph(graph).serialize(format="json-ld"))
        return (json.dumps(_sorted_json(document), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()
    raise StratgraphError(f"unbekanntes Format {fmt}")


def _sorted_json(value: Any) -> Any:
    """JSON-LD with every array in a fixed order (our graph has no rdf:List, so arrays are unordered sets)."""
    if isinstance(value, dict):
        return {k: _sorted_json(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _rdfxml(graph: Graph) -> bytes:
    """Flat RDF/XML, one rdf:Description per subject in sorted order."""
    used: dict[str, str] = {}
    known = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))

    def qname(predicate: URIRef) -> str:
        text = str(predicate)
        cut = max(text.rfind("#"), text.rfind("/")) + 1
        namespace, local = text[:cut], text[cut:]
        if not local or not (local[0].isalpha() or local[0] == "_"):
            raise StratgraphError(f"Eigenschaft ohne gültigen lokalen Namen für RDF/XML: {text}")
        prefix = next((p for p, ns in known if ns == namespace), None)
        if prefix is None:  # unknown vocabulary: a stable generated prefix
            prefix = next((p for p, ns in used.items() if ns == namespace), f"ns{len(used) + 1}")
        used[prefix] = namespace
        return f"{prefix}:{local}"

    body = []
    for subject in sorted(set(graph.subjects()), key=lambda n: n.n3()):
        about = (
            f"rdf:about={quoteattr(str(subject))}"
            if isinstance(subject, URIRef)
            else f"rdf:nodeID={quoteattr(str(subject))}"
        )
        body.append(f"  <rdf:Description {about}>")
        for predicate, obj in sorted(graph.predicate_objects(subject), key=lambda po: (po[0].n3(), po[1].n3())):
            name = qname(predicate)  # type: ignore[arg-type]
            if isinstance(obj, URIRef):
                body.append(f"    <{name} rdf:resource={quoteattr(str(obj))}/>")
            elif isinstance(obj, Literal):
                attrs = f" xml:lang={quoteattr(obj.language)}" if obj.language else ""
                if obj.datatype is not None:
                    attrs = f" rdf:datatype={quoteattr(str(obj.datatype))}"
                body.append(f"    <{name}{attrs}>{escape(str(obj))}</{name}>")
            else:
                body.append(f"    <{name} rdf:nodeID={quoteattr(str(obj))}/>")
        body.append("  </rdf:Description>")
    used["rdf"] = str(RDF)
    spaces = "".join(f"\n    xmlns:{p}={quoteattr(ns)}" for p, ns in sorted(used.items()))
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF{spaces}>\n' + "\n".join(body) + "\n</rdf:RDF>\n"
    ).encode()


def trig(parts: list[tuple[URIRef, Graph]]) -> bytes:
    """TriG with one named graph per part: each block is rdflib's sorted Turtle of that part."""
    prefixes: set[str] = set()
    blocks = []
    for name, graph in parts:
        lines = serialize(graph, "turtle").decode("utf-8").splitlines()
        prefixes |= {line for line in lines if line.startswith("@prefix")}
        body = [f"    {line}" if line else "" for line in lines if not line.startswith("@prefix")]
        blocks.append(f"<{name}> {{\n" + "\n".join(body).strip("\n") + "\n}\n")
    return ("\n".join(sorted(prefixes)) + "\n\n" + "\n".join(blocks)).encode("utf-8")
