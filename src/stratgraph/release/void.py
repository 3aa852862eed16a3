"""The VoID description of a release: size, entities, classes and properties with counts, endpoint, dumps,
licence, and the linkset to the UN SDG KOS."""

from __future__ import annotations

import hashlib

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, VOID
from rdflib.term import Node

from stratgraph.model.formats import sorted_graph
from stratgraph.model.namespaces import STRAT, UN_SDG_KOS, prefixed_key
from stratgraph.release.facts import strategy_facts, title_de
from stratgraph.release.options import SDG_CITATION, ReleaseOptions

__all__ = ["build_void"]


def build_void(graph: Graph, dumps: list[str], version: str, options: ReleaseOptions, base_iri: str) -> Graph:
    """VoID of the graph as released; counts come from the graph itself."""
    base = base_iri.rstrip("/") + "/"
    dataset = URIRef(base + "datensatz")
    linkset = URIRef(base + "datensatz/linkset-un-sdg")
    download = options.download_base.rstrip("/")
    entities = {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)}
    triples: list[tuple[Node, Node, Node]] = [
        (dataset, RDF.type, VOID.Dataset),
        (dataset, DCTERMS.title, Literal(title_de(strategy_facts(graph)), lang="de")),
        (dataset, DCTERMS.license, options.licence_iri),
        (dataset, DCTERMS.publisher, URIRef(options.publisher_iri)),
        (dataset, VOID.triples, Literal(len(graph))),
        (dataset, VOID.entities, Literal(len(entities))),
        (dataset, VOID.distinctSubjects, Literal(len(set(graph.subjects())))),
        (dataset, VOID.distinctObjects, Literal(len(set(graph.objects())))),
        (dataset, VOID.properties, Literal(len(set(graph.predicates())))),
        (dataset, VOID.classes, Literal(len(set(graph.objects(None, RDF.type))))),
        (dataset, VOID.sparqlEndpoint, URIRef(download.rsplit("/", 1)[0] + "/sparql")),
        (dataset, VOID.uriSpace, Literal(base)),
        (dataset, VOID.vocabulary, URIRef(str(STRAT._NS))),
        (dataset, VOID.subset, linkset),
        (linkset, RDF.type, VOID.Linkset),
        (linkset, VOID.subjectsTarget, dataset),
        (linkset, VOID.objectsTarget, UN_SDG_KOS),
        (linkset, VOID.linkPredicate, STRAT.traegtBeiZuSdg),
        (linkset, VOID.triples, Literal(len(list(graph.triples((None, STRAT.traegtBeiZuSdg, None)))))),
        (linkset, DCTERMS.bibliographicCitation, Literal(SDG_CITATION)),
    ]
    for name in dumps:
        triples.append((dataset, VOID.dataDump, URIRef(f"{download}/{version}/{name}")))
    for klasse in sorted(set(graph.objects(None, RDF.type)), key=str):
        part = URIRef(f"{base}datensatz/klasse/{_fragment(klasse)}")
        triples += [
            (dataset, VOID.classPartition, part),
            (part, VOID["class"], klasse),
            (part, VOID.entities, Literal(len(set(graph.subjects(RDF.type, klasse))))),
        ]
    for prop in sorted(set(graph.predicates()), key=str):
        part = URIRef(f"{base}datensatz/eigenschaft/{_fragment(prop)}")
        triples += [
            (dataset, VOID.propertyPartition, part),
            (part, VOID.property, prop),
            (part, VOID.triples, Literal(len(list(graph.triples((None, prop, None)))))),
        ]
    return sorted_graph(triples)


def _fragment(iri: Node) -> str:
    """A readable, IRI-safe key for a class or property (``strat-Kernaktivitaet``), else a short hash."""
    return prefixed_key(str(iri)) or hashlib.sha1(str(iri).encode()).hexdigest()[:12]
