"""The vocabulary: labelled and defined in both languages, and the Python namespace lists the same terms."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from stratgraph.model.graph import ProjectGraphs
from stratgraph.model.namespaces import ONTOLOGY_IRI, REVIEW_STATES, STRAT

NS = str(STRAT)


def _terms(ontology: Graph) -> set[URIRef]:
    return {s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(NS)}


def _languages(graph: Graph, node: URIRef, predicate: URIRef) -> list[str]:
    return sorted(str(v.language) for v in graph.objects(node, predicate) if isinstance(v, Literal))


def test_python_namespace_matches_ontology(project: ProjectGraphs) -> None:
    in_ontology = {str(t)[len(NS) :] for t in _terms(project.ontology)}
    in_python = set(STRAT.__annotations__)
    assert in_ontology == in_python


def test_misspelt_term_raises() -> None:
    try:
        STRAT.Kernaktivitat  # noqa: B018 - the attribute access is the test
    except AttributeError:
        return
    raise AssertionError("STRAT accepted a term the ontology does not define")


def test_every_class_and_property_is_labelled_and_defined_in_de_and_en(project: ProjectGraphs) -> None:
    onto = project.ontology
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    terms = [t for t in _terms(onto) if any((t, RDF.type, k) in onto for k in kinds)]
    assert len(terms) > 50
    for term in terms:
        assert _languages(onto, term, RDFS.label) == ["de", "en"], term
        assert _languages(onto, term, SKOS.definition) == ["de", "en"], term
        assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in onto, term


def test_every_concept_is_labelled_and_defined(project: ProjectGraphs) -> None:
    onto = project.ontology
    concepts = [t for t in _terms(onto) if (t, RDF.type, SKOS.Concept) in onto]
    # 5 status, 2 strengths, 2 bases, 1 special SDG value, 3 reviews, 3 level kinds, 2 directions, 3 kinds of
    # target, 2 observation statuses
    assert len(concepts) == 23
    for concept in concepts:
        assert _languages(onto, concept, SKOS.prefLabel) == ["de", "en"], concept
        assert _languages(onto, concept, SKOS.definition) == ["de", "en"], concept
        assert onto.value(concept, SKOS.inScheme) is not None


def test_status_scheme_has_the_five_values(project: ProjectGraphs) -> None:
    onto = project.ontology
    members = {str(c)[len(NS) :] for c in onto.subjects(SKOS.inScheme, STRAT.UmsetzungsstatusSchema)}
    assert members == {"geplant", "umgesetzt", "laufend", "eingestellt", "ueberfuehrt"}


def test_the_review_states_the_code_names_are_the_ontologys_labels(project: ProjectGraphs) -> None:
    onto = project.ontology
    labels = {
        concept: str(next(v for v in onto.objects(concept, SKOS.prefLabel) if v.language == "de"))  # type: ignore[attr-defined]
        for concept in onto.subjects(SKOS.inScheme, STRAT.PruefstatusSchema)
    }
    assert labels == REVIEW_STATES


def test_level_kinds_are_ends_means_and_structure(project: ProjectGraphs) -> None:
    onto = project.ontology
    members = {str(c)[len(NS) :] for c in onto.subjects(SKOS.inScheme, STRAT.EbenenartSchema)}
    assert members == {"zielebene", "massnahmenebene", "gliederungsebene"}
    # Bochum's classes are one configuration of the general ones
    for special, general in (
        (STRAT.Kernaktivitaet, STRAT.Massnahme),
        (STRAT.ProgrammatischesZiel, STRAT.Ziel),
        (STRAT.StrategischesZiel, STRAT.Ziel),
        (STRAT.Kompetenz, STRAT.Handlungsfeld),
        (STRAT.Schwerpunkt, STRAT.Handlungsfeld),
    ):
        assert (special, RDFS.subClassOf, general) in onto
        assert (general, RDFS.subClassOf, STRAT.Strategieelement) in onto


def test_ontology_header(project: ProjectGraphs) -> None:
    onto = project.ontology
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert _languages(onto, ONTOLOGY_IRI, DCTERMS.title) == ["de", "en"]
    assert _languages(onto, ONTOLOGY_IRI, DCTERMS.description) == ["de", "en"]
    assert _languages(onto, ONTOLOGY_IRI, RDFS.label) == ["de", "en"]
    for predicate in (
        OWL.versionIRI,
        OWL.versionInfo,
        DCTERMS.license,
        DCTERMS.creator,
        DCTERMS.publisher,
        DCTERMS.bibliographicCitation,
        DCTERMS.created,
        DCTERMS.modified,
    ):
        assert onto.value(ONTOLOGY_IRI, predicate) is not None, predicate
    vann = "http://purl.org/vocab/vann/"
    assert str(onto.value(ONTOLOGY_IRI, URIRef(vann + "preferredNamespacePrefix"))) == "strat"
    assert str(onto.value(ONTOLOGY_IRI, URIRef(vann + "preferredNamespaceUri"))) == NS
    creator = onto.value(ONTOLOGY_IRI, DCTERMS.creator)
    assert (creator, RDF.type, URIRef("http://xmlns.com/foaf/0.1/Organization")) in onto


def test_data_uses_only_defined_terms(graph: Graph, project: ProjectGraphs) -> None:
    defined = _terms(project.ontology)
    used = {t for triple in project.data for t in triple if isinstance(t, URIRef) and str(t).startswith(NS)}
    assert used - defined == set()
