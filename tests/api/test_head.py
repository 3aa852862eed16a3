"""HEAD is answered like GET without a body, on every kind of route (RFC 9110 §9.1)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ..conftest import STORES, service_client


@pytest.fixture(scope="module", params=STORES)
def client(request: pytest.FixtureRequest, served_dist: Path) -> Iterator[TestClient]:
    yield from service_client(request, served_dist)


@pytest.mark.parametrize(
    ("path", "header"),
    [
        ("/api/zielsystem", "content-type"),  # twice: the second answer comes from the cache
        ("/api/zielsystem", "content-type"),
        ("/api/kompetenzen/hotspot-der-live-kultur", "content-type"),
        ("/download/stratgraph.ttl", "etag"),
        ("/katalog", "etag"),
        ("/stratgraph/bochum/kompetenz/hotspot-der-live-kultur.ttl", "link"),
        ("/sparql", "content-type"),
    ],
)
def test_head_has_the_headers_of_get_and_no_body(client: TestClient, path: str, header: str) -> None:
    got = client.get(path, headers={"Accept-Encoding": "identity"})
    head = client.head(path, headers={"Accept-Encoding": "identity"})
    assert got.status_code == head.status_code == 200
    assert head.content == b"" and len(got.content) > 0
    assert head.headers[header] == got.headers[header]
    assert head.headers["content-length"] == str(len(got.content))


def test_head_of_something_unknown_is_404(client: TestClient) -> None:
    assert client.head("/api/kernaktivitaeten/gibt-es-nicht").status_code == 404
    assert client.head("/download/gibt-es-nicht.ttl").status_code == 404
