"""The ontology is OWL 2 DL and a reasoner accepts it (HermiT, bundled with owlready2, on this machine's Java)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from stratgraph.model.graph import ProjectGraphs

# OWL 2 Structural Specification §4 (datatype map); xsd:gYear, xsd:gYearMonth and rdf:langString are not in it
RDF_NS = str(RDF)
OWL2_DATATYPES = {
    str(RDFS.Literal),
    RDF_NS + "PlainLiteral",
    RDF_NS + "XMLLiteral",
    str(OWL.real),
    str(OWL.rational),
    *(
        str(XSD) + name
        for name in [
            "decimal",
            "integer",
            "nonNegativeInteger",
            "nonPositiveInteger",
            "positiveInteger",
            "negativeInteger",
            "long",
            "int",
            "short",
            "byte",
            "unsignedLong",
            "unsignedInt",
            "unsignedShort",
            "unsignedByte",
            "double",
            "float",
            "string",
            "normalizedString",
            "token",
            "language",
            "Name",
            "NCName",
            "NMTOKEN",
            "boolean",
            "hexBinary",
            "base64Binary",
            "anyURI",
            "dateTime",
            "dateTimeStamp",
        ]
    ),
}
# Ordered things of 17 kinds share strat:position; it has no domain narrower than owl:Thing.
WITHOUT_DOMAIN = {"position"}


def _properties(onto: Graph, kind: URIRef) -> list[URIRef]:
    return sorted(p for p in onto.subjects(RDF.type, kind) if isinstance(p, URIRef))


def test_every_property_has_one_kind(project: ProjectGraphs) -> None:
    onto = project.ontology
    kinds = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    for prop in {p for k in kinds for p in onto.subjects(RDF.type, k)}:
        assert sum((prop, RDF.type, k) in onto for k in kinds) == 1, prop


def test_domain_and_range_wherever_known(project: ProjectGraphs) -> None:
    onto = project.ontology
    props = _properties(onto, OWL.ObjectProperty) + _properties(onto, OWL.DatatypeProperty)
    # 44 + the level model (8: with the plural of a level), the status history date (1), the indicators (11) and
    # the components of their values (6)
    assert len(props) == 70
    for prop in props:
        assert onto.value(prop, RDFS.range) is not None, prop
        if str(prop).rsplit("#", 1)[-1] not in WITHOUT_DOMAIN:
            assert onto.value(prop, RDFS.domain) is not None, prop


def test_datatype_ranges_are_in_the_owl2_datatype_map(project: ProjectGraphs) -> None:
    onto = project.ontology
    for prop in _properties(onto, OWL.DatatypeProperty):
        for value in onto.objects(prop, RDFS.range):
            assert str(value) in OWL2_DATATYPES, f"{prop}: {value}"


def test_object_ranges_and_domains_are_classes(project: ProjectGraphs) -> None:
    onto = project.ontology
    declared = set(onto.subjects(RDF.type, OWL.Class))
    external = {
        URIRef("http://www.w3.org/2004/02/skos/core#Concept"),
        URIRef("http://www.w3.org/ns/org#Organization"),
        URIRef("http://www.w3.org/2002/07/owl#Thing"),
        URIRef("http://xmlns.com/foaf/0.1/Agent"),
        URIRef("http://xmlns.com/foaf/0.1/Organization"),
        URIRef("http://xmlns.com/foaf/0.1/Document"),
        URIRef("http://purl.org/dc/terms/Location"),
        URIRef("http://purl.org/linked-data/cube#Observation"),  # the indicator values (RDF Data Cube)
        URIRef("http://qudt.org/schema/qudt/Unit"),
    }
    for prop in _properties(onto, OWL.ObjectProperty):
        for predicate in (RDFS.domain, RDFS.range):
            for value in onto.objects(prop, predicate):
                if isinstance(value, BNode):  # a union of classes
                    members = list(onto.items(onto.value(value, OWL.unionOf)))
                    assert members and all(m in declared or m in external for m in members), prop
                else:
                    assert value in declared or value in external, f"{prop} {predicate}: {value}"


@pytest.mark.slow
def test_hermit_accepts_the_ontology(project: ProjectGraphs, tmp_path: Path) -> None:
    import owlready2

    path = tmp_path / "ontologie.nt"
    path.write_bytes(project.ontology.serialize(format="nt", encoding="utf-8"))
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load(format="ntriples")
    with onto:
        owlready2.sync_reasoner_hermit([onto], infer_property_values=False, debug=0)  # raises when refused
    assert list(world.inconsistent_classes()) == []
    assert len(list(onto.classes())) >= 24
