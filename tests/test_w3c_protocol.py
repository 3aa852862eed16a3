"""The query tests of the W3C SPARQL 1.1 Protocol test suite (w3c/rdf-tests, sparql/sparql11/protocol/manifest.ttl),
transcribed request by request, against /sparql on both stores.

Transcribed: every query test whose data needs no preloaded named graphs, and every bad_query_* test. Left
out by design: the query_dataset_* and query_multiple_dataset tests need the graphs data1–3.rdf loaded
under their names (our stores hold the Bochum graph only), and the update_* tests expect updates to succeed,
which this read-only service refuses (403; see test_sparql.py). The manifest's absolutePath /sparql/ is our
/sparql.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph

from .conftest import service_client

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
}


@pytest.fixture(scope="module", params=["embedded", "remote"])
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
