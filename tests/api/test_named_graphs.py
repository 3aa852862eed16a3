"""The embedded store holds the graph as the three named parts of the TriG download; the default graph is
their union unless a query or the protocol names a dataset."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph

from stratgraph.api import create_app
from stratgraph.config import Settings

from ..conftest import ROOT

BASE = "https://w3id.org/stratgraph/bochum/graph/"


@pytest.fixture(scope="module")
def client(served_dist: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(root=ROOT, dist_dir=served_dist))) as test_client:
        yield test_client


def _count(client: TestClient, query: str, **params: str) -> int:
    response = client.get("/sparql", params={"query": query, **params})
    assert response.status_code == 200, response.text
    return int(json.loads(response.content)["results"]["bindings"][0]["n"]["value"])


def test_graph_names_and_sizes(client: TestClient, graph: Graph, project: object) -> None:
    body = client.get(
        "/sparql", params={"query": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"}
    ).json()
    sizes = {b["g"]["value"]: int(b["n"]["value"]) for b in body["results"]["bindings"]}
    assert set(sizes) == {BASE + "ontologie", BASE + "sdg", BASE + "daten", BASE + "zuordnungen"}
    shared = Graph()
    for path in sorted((ROOT / "data").glob("*.ttl")):  # the shared reference: SDGs, indicators, cube structure
        shared.parse(path)
    assert sizes[BASE + "sdg"] == len(shared)
    links = Graph().parse(ROOT / "data" / "bochum" / "zuordnungen.ttl")
    assert sizes[BASE + "zuordnungen"] == len(links)
    assert sum(sizes.values()) == len(graph)


def test_default_graph_is_the_union_unless_a_dataset_is_named(client: TestClient, graph: Graph) -> None:
    everything = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert _count(client, everything) == len(graph)
    only_links = f"SELECT (COUNT(*) AS ?n) FROM <{BASE}zuordnungen> WHERE {{ ?s ?p ?o }}"
    assert _count(client, only_links) == len(Graph().parse(ROOT / "data" / "bochum" / "zuordnungen.ttl"))
    ontology = _count(client, everything, **{"default-graph-uri": BASE + "ontologie"})
    assert ontology == len(Graph().parse(ROOT / "ontology" / "stratgraph.ttl"))
    assert _count(client, everything, **{"named-graph-uri": BASE + "daten"}) == 0  # named only: empty default
