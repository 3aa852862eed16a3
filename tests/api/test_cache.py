"""The answer caches: bounded whatever clients send, and a repeated linkage answer skips the app."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from stratgraph.api import create_app
from stratgraph.api.cache import AnswerCache
from stratgraph.config import Settings

from ..conftest import ROOT

pytestmark = pytest.mark.slow  # apps of its own; left to `make test`


def test_cache_is_bounded_by_entries_and_bytes() -> None:
    cache: AnswerCache[str] = AnswerCache(max_entries=3, max_bytes=1600)
    for number in range(5):
        cache.put(number, f"antwort {number}", 10)
    assert len(cache) == 3 and cache.get(0) is None and cache.get(1) is None and cache.get(4) == "antwort 4"
    cache.put("gross", "x", 101)  # more than a sixteenth of the bytes: not kept
    assert cache.get("gross") is None
    for number in range(10, 30):
        cache.put(number, "y", 100)
    assert cache.size <= 1600 and len(cache) <= 3


class Broken:
    """A store that fails every query: only an answer that does not reach the store can succeed."""

    def select(self, query: str) -> list[dict[str, object]]:
        raise RuntimeError("der Speicher darf nicht gefragt werden")

    def construct(self, query: str) -> object:
        raise RuntimeError("der Speicher darf nicht gefragt werden")


@pytest.fixture(scope="module")
def client(served_dist: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(root=ROOT, dist_dir=served_dist)), raise_server_exceptions=False) as c:
        yield c


def test_repeated_answer_comes_from_memory_with_gzip(client: TestClient) -> None:
    first = client.get("/api/zielsystem", headers={"Accept-Encoding": "identity"})
    assert first.status_code == 200
    served = client.app.state.service  # type: ignore[attr-defined]
    kept = served.current
    served.swap(dataclasses.replace(kept, store=Broken()))  # the same caches over a store that fails
    try:
        again = client.get("/api/zielsystem", headers={"Accept-Encoding": "identity"})
        assert again.status_code == 200 and again.content == first.content
        assert again.headers["content-type"] == "application/json"
        zipped = client.get("/api/zielsystem", headers={"Accept-Encoding": "gzip"})
        assert zipped.headers["content-encoding"] == "gzip" and zipped.json() == first.json()
        assert client.get("/api/zielsystem?neu=1").status_code == 500  # a new URL goes to the (broken) store
    finally:
        served.swap(kept)


def test_errors_are_not_kept(client: TestClient) -> None:
    assert client.get("/api/kernaktivitaeten?status=begonnen").status_code == 400
    cache = client.app.state.service.current.caches.linkage  # type: ignore[attr-defined]
    assert cache.get(("/api/kernaktivitaeten", b"status=begonnen")) is None


def test_many_distinct_urls_stay_bounded(client: TestClient) -> None:
    cache = client.app.state.service.current.caches.linkage  # type: ignore[attr-defined]
    for number in range(cache.max_entries + 50):
        assert client.get(f"/api/querschnittsthemen?zufall={number}").status_code == 200
    assert len(cache) == cache.max_entries
