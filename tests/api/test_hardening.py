"""Hardening of the service: bounded query work, fair use of /sparql, capped answers, and clear 4xx answers
to odd input (issue: one request must not stall the service)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import HTTPException
from fastapi.testclient import TestClient

from stratgraph.api import create_app
from stratgraph.api.sparql import Gate
from stratgraph.config import Settings

from ..conftest import ROOT, free_port

SPARQL_JSON = {"Accept": "application/sparql-results+json"}
EVERYTHING = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def client(served_dist: Path) -> Iterator[TestClient]:
    settings = Settings(root=ROOT, dist_dir=served_dist, max_query=4000, byte_cap=20_000, worker_memory=600)
    with TestClient(create_app(settings)) as c:
        yield c


def test_a_query_text_over_the_limit_is_refused_before_any_work(client: TestClient) -> None:
    long_query = "ASK { ?s ?p ?o } #" + "x" * 5000
    in_url = client.get("/sparql", params={"query": long_query})
    assert in_url.status_code == 414 and "höchstens 4000 Bytes" in in_url.json()["fehler"]
    in_body = client.post("/sparql", content=long_query, headers={"Content-Type": "application/sparql-query"})
    assert in_body.status_code == 413 and "im Body" in in_body.json()["fehler"]
    assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_answers_are_cut_at_the_byte_cap_and_say_so(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": EVERYTHING}, headers=SPARQL_JSON)
    assert response.status_code == 200
    assert response.headers["x-stratgraph-truncated"].startswith("Bytes")
    assert len(response.content) <= 20_000
    rows = response.json()["results"]["bindings"]  # still a complete JSON document
    assert 0 < len(rows) < 6000
    small = client.get("/sparql", params={"query": "SELECT ?k WHERE { ?k a ?c } LIMIT 3"}, headers=SPARQL_JSON)
    assert "x-stratgraph-truncated" not in small.headers


def test_a_graph_answer_is_cut_at_the_byte_cap_too(client: TestClient) -> None:
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    response = client.get("/sparql", params={"query": construct}, headers={"Accept": "application/n-triples"})
    assert response.status_code == 200 and len(response.content) <= 20_000
    assert response.headers["x-stratgraph-truncated"].startswith("Bytes")
    assert response.text.endswith(".\n")  # whole triples only


def test_a_query_that_needs_too_much_memory_is_stopped_and_its_process_replaced(client: TestClient) -> None:
    greedy = "SELECT ?a ?c ?d ?f WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?f ?a"  # sorts 46 million rows
    response = client.get("/sparql", params={"query": greedy}, headers=SPARQL_JSON)
    assert response.status_code == 507 and "600 MiB" in response.json()["fehler"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # the replacement loads the graph, then answers again
        again = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers=SPARQL_JSON)
        if again.status_code == 200:
            break
        time.sleep(0.5)
    assert again.json()["boolean"] is True


def test_update_is_refused_in_the_url_of_a_post_too(client: TestClient) -> None:
    response = client.post(
        "/sparql?update=INSERT%20DATA%20%7B%7D",
        content="ASK { ?s ?p ?o }",
        headers={"Content-Type": "application/sparql-query"},
    )
    assert response.status_code == 403


def test_the_gate_limits_each_client_and_the_whole_queue() -> None:
    gate = Gate(capacity=3, per_client=2)
    with gate.enter("a"), gate.enter("a"):
        with pytest.raises(HTTPException) as mine:
            gate.enter("a").__enter__()
        assert mine.value.status_code == 429 and mine.value.headers == {"Retry-After": "2"}
        with gate.enter("b"):
            with pytest.raises(HTTPException) as full:
                gate.enter("c").__enter__()
            assert "höchstens 3 Abfragen gleichzeitig" in str(full.value.detail)
    assert gate.active == 0 and not gate.clients  # everything released


class Served:
    """`stratgraph serve` with settings from the environment, on 127.0.0.1, waited for (bounded)."""

    def __init__(self, tmp_path: Path, **env: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        environment = {**os.environ, "STRATGRAPH_DIST": str(tmp_path / "dist"), **env}
        command = [str(Path(sys.executable).parent / "stratgraph"), "--root", str(ROOT), "serve"]
        self.log = tmp_path / "server.log"
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [*command, "--port", str(self.port)], env=environment, stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 120
        while True:
            try:
                self.get("/api/kompetenzen")
                return
            except OSError:
                assert self.process.poll() is None and time.monotonic() < deadline, self.log.read_text()
                time.sleep(0.5)

    def get(self, path: str, timeout: float = 30) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)

    def __enter__(self) -> Served:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # runs until the time limit


@pytest.mark.slow
def test_a_query_that_is_slow_to_parse_does_not_stall_other_routes(tmp_path: Path) -> None:
    with Served(tmp_path, STRATGRAPH_QUERY_TIMEOUT="8") as served:
        # about 20 KB of valid SPARQL (the size that stalled every route for seconds while it was parsed in the
        # service process) that also runs until the time limit: parsed and run in a query process
        filler = " ".join(f"OPTIONAL {{ ?a <http://x.example/p{i}> ?o{i} }}" for i in range(400))
        big = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i " + filler + " }"
        assert 15_000 < len(big) < 60_000
        assert served.get("/api/kompetenzen")[0] == 200  # cached now
        finished: list[tuple[int, float]] = []

        def ask_big() -> None:
            status, _ = served.get("/sparql?" + urllib.parse.urlencode({"query": big}))
            finished.append((status, time.monotonic()))

        thread = threading.Thread(target=ask_big)
        thread.start()
        time.sleep(0.5)
        answered = []
        for path in ("/api/kompetenzen", "/stratgraph/bochum/kompetenz/hotspot-der-live-kultur", "/"):
            status, _ = served.get(path)
            answered.append((status, time.monotonic()))
        thread.join(timeout=60)
        assert all(status == 200 for status, _ in answered)
        assert finished and finished[0][0] == 504  # the big one ran to the time limit …
        assert all(when < finished[0][1] for _, when in answered)  # … and the others were answered meanwhile


@pytest.mark.slow
def test_linked_data_keeps_answering_while_sparql_is_saturated(tmp_path: Path) -> None:
    with Served(tmp_path, STRATGRAPH_QUERY_TIMEOUT="4", STRATGRAPH_SPARQL_PER_CLIENT="20") as served:
        statuses: list[tuple[int, bytes]] = []
        slow = "/sparql?" + urllib.parse.urlencode({"query": SLOW})
        threads = [threading.Thread(target=lambda: statuses.append(served.get(slow))) for _ in range(14)]
        for thread in threads:
            thread.start()
        time.sleep(0.5)
        pages = [
            served.get(f"/stratgraph/bochum/kernaktivitaet/{slug}.ttl")
            for slug in ("gigabit-city-bochum", "bochumer-waermewende", "pocket-parks")
        ]
        for thread in threads:
            thread.join(timeout=60)
        assert [status for status, _ in pages] == [200, 200, 200]  # Linked Data has its own process
        assert all(b"prefLabel" in body for _, body in pages)
        # 2 running + 8 waiting are let in; the rest is told at once to come back later (the gate is full); of
        # those let in, the ones that waited in vain behind their own address's queries are told so (429 too)
        full = [body for status, body in statuses if status == 429 and b"laufend oder wartend" in body]
        assert len(full) == 14 - 10 and {status for status, _ in statuses} <= {429, 503, 504}


@pytest.mark.slow
def test_one_client_gets_429_beyond_its_share(tmp_path: Path) -> None:
    with Served(tmp_path, STRATGRAPH_QUERY_TIMEOUT="3", STRATGRAPH_SPARQL_PER_CLIENT="1") as served:
        slow = "/sparql?" + urllib.parse.urlencode({"query": SLOW})
        results: list[tuple[int, bytes]] = []
        first = threading.Thread(target=lambda: results.append(served.get(slow)))
        first.start()
        time.sleep(0.5)
        status, body = served.get(slow)
        first.join(timeout=30)
        assert status == 429 and "je Absender" in json.loads(body)["fehler"]
        assert results[0][0] == 504


@pytest.mark.slow
def test_slow_and_silent_connections_are_closed_and_others_still_answered(tmp_path: Path) -> None:
    with Served(tmp_path, STRATGRAPH_HEADER_TIMEOUT="1") as served:
        silent = socket.create_connection(("127.0.0.1", served.port), timeout=10)
        dripping = socket.create_connection(("127.0.0.1", served.port), timeout=10)
        dripping.sendall(b"GET /api/kompetenzen HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # the head never ends
        started = time.monotonic()
        for sock in (silent, dripping):
            assert sock.recv(1024) == b""  # closed by the service (a recv timeout would raise instead)
            sock.close()
        assert time.monotonic() - started < 8
        assert served.get("/api/kompetenzen")[0] == 200
        kept = socket.create_connection(("127.0.0.1", served.port), timeout=10)
        kept.sendall(b"GET /api/kompetenzen HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert kept.recv(64).startswith(b"HTTP/1.1 200")
        kept.close()


def test_the_host_header_is_never_used_for_links(client: TestClient) -> None:
    evil = {"Host": "evil.example"}
    redirect = client.get("/abdeckung/", headers=evil, follow_redirects=False)
    assert redirect.status_code == 307 and redirect.headers["location"] == "http://127.0.0.1:8000/abdeckung"
    listing = client.get("/download", headers=evil).json()
    assert all(f["url"].startswith("http://127.0.0.1:8000/download/") for f in listing["dateien"])
    description = client.get("/sparql", headers={**evil, "Accept": "text/turtle"}).text
    assert "evil" not in description and "<http://127.0.0.1:8000/sparql>" in description
    # a relative IRI in a query is resolved against the service's own base, so a cached answer holds no host
    relative = {"query": "SELECT ?s WHERE { BIND(<x> AS ?s) }"}
    first = client.get("/sparql", params=relative, headers={**evil, **SPARQL_JSON}).json()
    again = client.get("/sparql", params=relative, headers=SPARQL_JSON).json()
    assert first == again and first["results"]["bindings"][0]["s"]["value"] == "http://127.0.0.1:8000/x"


@pytest.mark.slow  # an app of its own
def test_with_a_public_url_other_hosts_are_refused(served_dist: Path) -> None:
    settings = Settings(root=ROOT, dist_dir=served_dist, public_url="https://strategie.example.org")
    with TestClient(create_app(settings), base_url="https://strategie.example.org") as public:
        refused = public.get("/api/kompetenzen", headers={"Host": "evil.example"})
        assert refused.status_code == 400 and "unbekannter Host" in refused.json()["fehler"]
        assert public.get("/api/kompetenzen").status_code == 200
        assert public.get("/api/kompetenzen", headers={"Host": "127.0.0.1:8000"}).status_code == 200  # a proxy
        listing = public.get("/download").json()
        assert all(f["url"].startswith("https://strategie.example.org/download/") for f in listing["dateien"])


def test_a_query_nested_too_deep_gets_a_message_that_says_so() -> None:
    from stratgraph.store.sparql import MAX_NESTING, MalformedQuery, analyse, nesting

    def nested(depth: int) -> str:
        return "SELECT * WHERE " + "{ " * depth + '?s ?p "{{{(" ' + "} " * depth  # braces in a string do not nest

    assert nesting(nested(5)) == 5
    assert analyse(nested(MAX_NESTING - 2)).form == "SELECT"
    with pytest.raises(MalformedQuery, match="60 Ebenen tief verschachtelt"):
        analyse(nested(60))
    with pytest.raises(MalformedQuery, match="keine gültige SPARQL"):  # a plain syntax error keeps its message
        analyse("SELECT * WHERE { ?s ?p }")


def test_service_inside_service_is_refused_as_service_not_as_a_syntax_error() -> None:
    from stratgraph.store.sparql import ForbiddenQuery, MalformedQuery, analyse

    inner = "SELECT * WHERE { SERVICE <http://a.example/> { SERVICE <http://b.example/> { ?s ?p ?o } } }"
    with pytest.raises(ForbiddenQuery, match="SERVICE ist nicht erlaubt"):
        analyse(inner)
    with pytest.raises(MalformedQuery, match="keine gültige SPARQL"):  # a variable named service is no SERVICE
        analyse("SELECT ?service WHERE { ?service ?p }")
