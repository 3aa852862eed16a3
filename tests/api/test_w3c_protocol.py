"""The query tests of the W3C SPARQL 1.1 Protocol test suite (w3c/rdf-tests, sparql/sparql11/protocol/manifest.ttl),
transcribed request by request, against /sparql.

All run on both stores; for the six dataset tests the suite's graphs data1–3.rdf are named graphs (extra graphs
of the embedded store; loaded by `load_graph` into an Oxigraph server of their own), hand-made stand-ins in
tests/fixtures/w3c, since the queries only ask that each document has a type. Left out by design: the update_*
tests expect updates to succeed, which this read-only service refuses (403; see test_sparql.py). The manifest's
/sparql/ is /sparql.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph

from ..conftest import STORES, service_client

DATA0 = "default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata0.rdf"
BOOLEAN = ("application/sparql-results+xml", "application/sparql-results+json")
TABULAR = (*BOOLEAN, "text/tab-separated-values", "text/csv")
RDF = ("application/rdf+xml", "text/turtle", "application/n-triples", "application/ld+json")

# name: (method, path, content type or None, body or None, expected status class, expected format or None)
TESTS: dict[str, tuple[str, str, str | None, bytes | None, int, str | None]] = {
    "query_post_form": (
        "POST",
        f"/sparql?{DATA0}",
        "application/x-www-form-urlencoded",
        b"query=ASK%20%7B%7D",
        2,
        "true",
    ),
    "query_get": ("GET", f"/sparql?query=ASK%20%7B%7D&{DATA0}", None, None, 2, "true"),
    "query_post_direct": ("POST", "/sparql", "application/sparql-query", b"ASK {}", 2, "true"),
    "query_content_type_select": (
        "POST",
        f"/sparql?{DATA0}",
        "application/sparql-query",
        b"SELECT (1 AS ?value) {}",
        2,
        "tabular",
    ),
    "query_content_type_ask": ("POST", f"/sparql?{DATA0}", "application/sparql-query", b"ASK {}", 2, "boolean"),
    "query_content_type_describe": (
        "POST",
        f"/sparql?{DATA0}",
        "application/sparql-query",
        b"DESCRIBE <http://example.org/>",
        2,
        "RDF",
    ),
    "query_content_type_construct": (
        "POST",
        f"/sparql?{DATA0}",
        "application/sparql-query",
        b"CONSTRUCT { <s> <p> 1 } WHERE {}",
        2,
        "RDF",
    ),
    "bad_query_method": (
        "PUT",
        f"/sparql?query=ASK%20%7B%7D&{DATA0}",
        "application/x-www-form-urlencoded",
        b"",
        4,
        None,
    ),
    "bad_multiple_queries": ("GET", "/sparql?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D", None, None, 4, None),
    "bad_query_wrong_media_type": ("POST", "/sparql", "text/plain", b"ASK {}", 4, None),
    "bad_query_missing_form_type": ("POST", "/sparql", None, b"query=ASK%20%7B%7D", 4, None),
    "bad_query_missing_direct_type": ("POST", "/sparql", None, b"ASK {}", 4, None),
    "bad_query_non_utf8": (
        "POST",
        "/sparql",
        "application/sparql-query; charset=UTF-16",
        "ASK {}".encode("utf-16"),
        4,
        None,
    ),
    "bad_query_syntax": ("GET", "/sparql?query=ASK%20%7B", None, None, 4, None),
    "bad_update_get": ("GET", "/sparql?update=CLEAR%20ALL", None, None, 4, None),
    "bad_multiple_updates": (
        "POST",
        "/sparql",
        "application/x-www-form-urlencoded",
        b"update=CLEAR%20NAMED&update=CLEAR%20DEFAULT",
        4,
        None,
    ),
    "bad_update_wrong_media_type": ("POST", "/sparql", "text/plain", b"CLEAR NAMED", 4, None),
    "bad_update_missing_form_type": ("POST", "/sparql", None, b"update=CLEAR%20NAMED", 4, None),
    "bad_update_non_utf8": (
        "POST",
        "/sparql",
        "application/sparql-update; charset=UTF-16",
        "CLEAR NAMED".encode("utf-16"),
        4,
        None,
    ),
    "bad_update_syntax": ("POST", "/sparql", "application/x-www-form-urlencoded", b"update=CLEAR%20XYZ", 4, None),
    "bad_update_dataset_conflict": (
        "POST",
        "/sparql?using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople",
        "application/sparql-update",
        b"PREFIX foaf:  <http://xmlns.com/foaf/0.1/>\nWITH <http://example/addresses>\n"
        b"DELETE { ?person foaf:givenName 'Bill' }\nINSERT { ?person foaf:givenName 'William' }\n"
        b"WHERE {\n    ?person foaf:givenName 'Bill'\n}",
        4,
        None,
    ),
}


@pytest.fixture(scope="module", params=STORES)
def client(request: pytest.FixtureRequest, served_dist: Path) -> Iterator[TestClient]:
    yield from service_client(request, served_dist)


@pytest.mark.parametrize("name", list(TESTS))
def test_w3c_protocol_query_test(client: TestClient, name: str) -> None:
    method, path, content_type, body, status_class, expected = TESTS[name]
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.request(method, path, content=body, headers=headers)
    assert response.status_code // 100 == status_class, (name, response.status_code, response.text[:200])
    media = response.headers.get("content-type", "").split(";")[0]
    if expected == "true":
        assert media in BOOLEAN
        data: Any = json.loads(response.content) if "json" in media else None
        assert data is None or data["boolean"] is True
    elif expected == "boolean":
        assert media in BOOLEAN
    elif expected == "tabular":
        assert media in TABULAR
    elif expected == "RDF":
        assert media in RDF
        fmt = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml"}.get(
            media, "turtle"
        )
        Graph().parse(data=response.text, format=fmt)  # parses, whatever it holds


K = "http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2F"
D = "http://kasei.us/2009/09/sparql/data/"
ASK_1_2 = f"ASK {{ <{D}data1.rdf> a ?type . <{D}data2.rdf> a ?type . }}"
ASK_NAMED = f"ASK {{ GRAPH ?g1 {{ <{D}data1.rdf> a ?type }} GRAPH ?g2 {{ <{D}data2.rdf> a ?type }} }}"
ASK_FULL = (
    f"ASK {{\n  <{D}data3.rdf> a ?type\n  GRAPH ?g1 {{ <{D}data1.rdf> a ?type }}\n"
    f"  GRAPH ?g2 {{ <{D}data2.rdf> a ?type }}\n}}"
)
ASK_MULTIPLE = (
    f"ASK FROM <{D}data3.rdf> {{ GRAPH ?g1 {{ <{D}data1.rdf> a ?type }} GRAPH ?g2 {{ <{D}data2.rdf> a ?type }} }}"
)
DATASET_TESTS: dict[str, tuple[str, str, bytes | None]] = {
    "query_dataset_default_graphs_get": (
        "GET",
        f"/sparql?query={urllib.parse.quote(ASK_1_2)}&default-graph-uri={K}data1.rdf&default-graph-uri={K}data2.rdf",
        None,
    ),
    "query_dataset_default_graphs_post": (
        "POST",
        f"/sparql?default-graph-uri={K}data1.rdf&default-graph-uri={K}data2.rdf",
        ASK_1_2.encode(),
    ),
    "query_dataset_named_graphs_post": (
        "POST",
        f"/sparql?named-graph-uri={K}data1.rdf&named-graph-uri={K}data2.rdf",
        ASK_NAMED.encode(),
    ),
    "query_dataset_named_graphs_get": (
        "GET",
        f"/sparql?query={urllib.parse.quote(ASK_NAMED)}&named-graph-uri={K}data1.rdf&named-graph-uri={K}data2.rdf",
        None,
    ),
    "query_dataset_full": (
        "POST",
        f"/sparql?default-graph-uri={K}data3.rdf&named-graph-uri={K}data1.rdf&named-graph-uri={K}data2.rdf",
        ASK_FULL.encode(),
    ),
    # The manifest writes this path with the second parameter percent-encoded inside the first one's value
    # (%26named-graph-uri%3D...), which would name one odd graph; transcribed as the test's evident intent:
    # two named-graph-uri parameters, which must win over the query's own FROM <data3.rdf>.
    "query_multiple_dataset": (
        "POST",
        f"/sparql?named-graph-uri={K}data1.rdf&named-graph-uri={K}data2.rdf",
        ASK_MULTIPLE.encode(),
    ),
}


@pytest.fixture(scope="module", params=STORES)
def dataset_client(
    request: pytest.FixtureRequest, served_dist: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    """The service with the suite's three documents as named graphs: extra graphs of the embedded store, or
    loaded next to the strategy's own named graphs into a real Oxigraph or Virtuoso server of its own."""
    from stratgraph.api import create_app
    from stratgraph.config import Settings
    from stratgraph.model.graph import load_project, load_turtle, named_parts

    from ..conftest import ROOT, served_store

    graphs = tuple((f"{D}data{n}.rdf", ROOT / "tests" / "fixtures" / "w3c" / f"data{n}.ttl") for n in (1, 2, 3))
    if request.param == "embedded":
        with TestClient(create_app(Settings(root=ROOT, dist_dir=served_dist, extra_graphs=graphs))) as test_client:
            yield test_client
        return
    project = load_project(Settings(root=ROOT))
    parts = [(str(name), part) for name, part in named_parts(Settings(root=ROOT), project)]
    parts += [(name, load_turtle([path])) for name, path in graphs]
    with served_store(request.param, parts, tmp_path_factory.mktemp(f"w3c-{request.param}")) as endpoint:
        settings = Settings(root=ROOT, dist_dir=served_dist, endpoint=endpoint)
        with TestClient(create_app(settings)) as test_client:
            yield test_client


@pytest.mark.parametrize("name", list(DATASET_TESTS))
def test_w3c_protocol_dataset_test(dataset_client: TestClient, name: str) -> None:
    method, path, body = DATASET_TESTS[name]
    headers = {"Content-Type": "application/sparql-query"} if body is not None else {}
    response = dataset_client.request(method, path, content=body, headers=headers)
    assert response.status_code == 200, (name, response.text[:300])
    assert json.loads(response.content)["boolean"] is True
