"""Every IRI under the base dereferences: description with labels, conneg by Accept or extension, headers."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from stratgraph.model.namespaces import STRAT

from ..conftest import STORES, service_client

KA = "/stratgraph/bochum/kernaktivitaet/gigabit-city-bochum"
IRI = URIRef("https://w3id.org/stratgraph/bochum/kernaktivitaet/gigabit-city-bochum")


@pytest.fixture(scope="module", params=STORES)
def client(request: pytest.FixtureRequest, served_dist: Path) -> Iterator[TestClient]:
    yield from service_client(request, served_dist)


def _parse(text: str, fmt: str) -> Graph:
    with warnings.catch_warnings():  # rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph
        warnings.simplefilter("ignore", DeprecationWarning)
        return Graph().parse(data=text, format=fmt)


def test_description_with_labels_of_what_it_points_to(client: TestClient) -> None:
    response = client.get(KA, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = _parse(response.text, "turtle")
    assert (IRI, SKOS.prefLabel, Literal("Gigabit-City Bochum", lang="de")) in graph
    kompetenz = graph.value(IRI, STRAT.gehoertZuKompetenz)
    assert (kompetenz, SKOS.prefLabel, Literal("Shootingstar der Wissensarbeit", lang="de")) in graph
    assert (STRAT.hatStatus, None, None) not in graph  # only labels of objects, not their whole description
    assert graph.value(STRAT.laufend, SKOS.prefLabel) is not None


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
        ("*/*", "turtle"),  # a browser's text/html gets the page (tests/api/test_pages.py)
    ],
)
def test_conneg_by_accept(client: TestClient, accept: str, fmt: str) -> None:
    response = client.get(KA, headers={"Accept": accept})
    assert response.status_code == 200
    assert "Accept" in response.headers["vary"]
    assert (IRI, SKOS.prefLabel, None) in _parse(response.text, fmt)


@pytest.mark.parametrize(
    ("extension", "media"),
    [
        ("ttl", "text/turtle"),
        ("nt", "application/n-triples"),
        ("jsonld", "application/ld+json"),
        ("rdf", "application/rdf+xml"),
    ],
)
def test_conneg_by_extension_and_link_headers(client: TestClient, extension: str, media: str) -> None:
    response = client.get(f"{KA}.{extension}")
    assert response.headers["content-type"].startswith(media)
    links = response.headers["link"]
    # the three other RDF formats and the page for people
    assert 'rel="license"' in links and links.count('rel="alternate"') == 4 and 'type="text/html"' in links
    assert f"{IRI}.{extension}" not in links


def test_ontology_iri_returns_the_vocabulary(client: TestClient) -> None:
    graph = _parse(client.get("/ontology", headers={"Accept": "text/turtle"}).text, "turtle")
    assert (STRAT.Kernaktivitaet, RDFS.label, Literal("Kernaktivität", lang="de")) in graph
    assert not any(str(s).startswith("https://w3id.org/stratgraph/bochum/") for s in graph.subjects())
    assert client.get("/ontology.nt").headers["content-type"] == "application/n-triples"


def test_unknown_and_unacceptable(client: TestClient) -> None:
    assert client.get("/stratgraph/bochum/kernaktivitaet/gibt-es-nicht").status_code == 404
    assert client.get("/stratgraph/bochum/kernaktivitaet/x%3E%20%7D").status_code == 404
    assert client.get(KA + ".pdf").status_code == 404
    response = client.get(KA, headers={"Accept": "image/png"})
    assert response.status_code == 406 and "fehler" in response.json()
