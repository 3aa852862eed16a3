"""The SPARQL 1.1 Protocol endpoint: query forms, formats, conneg, errors, and every safety case."""

from __future__ import annotations

import csv
import http.client
import io
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
import warnings
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef

from ..conftest import ROOT, STORES, service_client

STRAT = "PREFIX strat: <https://w3id.org/stratgraph/ontology#> "
COUNT_KOMPETENZEN = STRAT + "SELECT (COUNT(?k) AS ?n) WHERE { ?k a strat:Kompetenz }"
JSON = "application/sparql-results+json"


@pytest.fixture(scope="module", params=STORES)
def client(request: pytest.FixtureRequest, served_dist: Path) -> Iterator[TestClient]:
    yield from service_client(request, served_dist, query_timeout=5, row_cap=50)


def count(response: object) -> int:
    return int(json.loads(response.content)["results"]["bindings"][0]["n"]["value"])  # type: ignore[attr-defined]


def test_get_form_and_direct_post_agree(client: TestClient) -> None:
    by_get = client.get("/sparql", params={"query": COUNT_KOMPETENZEN}, headers={"Accept": JSON})
    by_form = client.post("/sparql", data={"query": COUNT_KOMPETENZEN}, headers={"Accept": JSON})
    direct = client.post(
        "/sparql",
        content=COUNT_KOMPETENZEN.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": JSON},
    )
    for response in (by_get, by_form, direct):
        assert response.status_code == 200
        assert response.headers["content-type"] == JSON
        assert count(response) == 5


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv; charset=utf-8"),
        ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
        ("*/*", JSON),
        (None, JSON),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ],
)
def test_select_formats(client: TestClient, accept: str | None, media: str) -> None:
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", params={"query": COUNT_KOMPETENZEN}, headers=headers)
    assert response.status_code == 200 and response.headers["content-type"] == media
    if media.startswith("text/csv"):
        assert list(csv.reader(io.StringIO(response.text))) == [["n"], ["5"]]
    if media.startswith("text/tab"):
        assert response.text.splitlines()[0] == "?n"
        # Turtle syntax for the term: the long form or the integer shorthand mean the same literal
        assert response.text.splitlines()[1] in ('"5"^^<http://www.w3.org/2001/XMLSchema#integer>', "5")
    if "xml" in media:
        assert "<literal datatype=" in response.text and ">5</literal>" in response.text


def test_ask(client: TestClient) -> None:
    response = client.get(
        "/sparql", params={"query": "ASK { ?s a <https://w3id.org/stratgraph/ontology#Kernaktivitaet> }"}
    )
    assert response.json() == {"head": {}, "boolean": True}


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_and_describe_formats(
    client: TestClient, accept: str, fmt: str, request: pytest.FixtureRequest
) -> None:
    query = STRAT + "CONSTRUCT WHERE { ?k a strat:Kompetenz ; strat:position ?p }"
    response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    with warnings.catch_warnings():  # rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph
        warnings.simplefilter("ignore", DeprecationWarning)
        assert len(Graph().parse(data=response.text, format=fmt)) == 10
    describe = client.get(
        "/sparql",
        params={"query": "DESCRIBE <https://w3id.org/stratgraph/bochum/kernaktivitaet/gigabit-city-bochum>"},
        headers={"Accept": accept},
    )
    assert describe.status_code == 200
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        described = Graph().parse(data=describe.text, format=fmt)
    assert URIRef("https://w3id.org/stratgraph/bochum/kernaktivitaet/gigabit-city-bochum") in described.subjects()
    # what DESCRIBE returns is the store's choice (SPARQL 1.1 §16.4): rdflib and Oxigraph give the resource's own
    # triples, its name among them; Virtuoso 7.2 over its union of graphs gives only those of one graph, the links
    if request.node.callspec.params["client"] != "virtuoso":
        assert "Gigabit-City Bochum" in describe.text


def test_not_acceptable(client: TestClient) -> None:
    assert (
        client.get("/sparql", params={"query": COUNT_KOMPETENZEN}, headers={"Accept": "image/png"}).status_code == 406
    )
    construct = "CONSTRUCT WHERE { ?s ?p ?o }"
    assert client.get("/sparql", params={"query": construct}, headers={"Accept": JSON}).status_code == 406


def test_service_description(client: TestClient) -> None:
    response = client.get("/sparql")
    assert response.headers["content-type"].startswith("text/turtle")
    sd = Graph().parse(data=response.text, format="turtle")
    sd_ns = "http://www.w3.org/ns/sparql-service-description#"
    languages = {str(o) for o in sd.objects(None, sd.namespace_manager.expand_curie("sd:supportedLanguage"))}
    assert languages == {sd_ns + "SPARQL11Query"}  # claims no update, no federation
    assert "SPARQL11Update" not in response.text


@pytest.mark.parametrize(
    ("method", "kwargs", "status"),
    [
        ("get", {"params": {"query": "SELEKT * WHERE { ?s ?p ?o }"}}, 400),
        ("get", {"params": [("query", COUNT_KOMPETENZEN), ("query", COUNT_KOMPETENZEN)]}, 400),
        ("post", {"content": COUNT_KOMPETENZEN.encode()}, 400),  # no content type
        ("post", {"content": b"x", "headers": {"Content-Type": "text/plain"}}, 415),
        ("post", {"data": {"query": "SELECT * WHERE { ?s ?p }"}}, 400),
    ],
    ids=["malformed", "two-queries", "no-content-type", "wrong-content-type", "malformed-form"],
)
def test_protocol_errors(client: TestClient, method: str, kwargs: dict[str, object], status: int) -> None:
    response = getattr(client, method)("/sparql", **kwargs)
    assert response.status_code == status
    assert "fehler" in response.json() and "Traceback" not in response.text


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "post", "data": {"update": "INSERT DATA { <http://a> <http://b> <http://c> }"}},
        {"method": "post", "content": b"DROP ALL", "headers": {"Content-Type": "application/sparql-update"}},
        {"method": "get", "params": {"update": "DROP ALL"}},
        {"method": "get", "params": {"query": "INSERT DATA { <http://a> <http://b> <http://c> }"}},
        {"method": "get", "params": {"query": "LOAD <http://127.0.0.1:9/x.ttl>"}},
    ],
    ids=["form-update", "direct-update", "get-update", "update-as-query", "load"],
)
def test_updates_are_refused_and_change_nothing(client: TestClient, request_kwargs: dict[str, object]) -> None:
    before = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    kwargs = dict(request_kwargs)
    method = kwargs.pop("method")
    response = getattr(client, str(method))("/sparql", **kwargs)
    assert response.status_code == 403
    after = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    assert count(after) == count(before)


@pytest.mark.parametrize("text", ["# nur ein Kommentar", "PREFIX ex: <http://example.org/> # und nichts", "  \n"])
def test_an_empty_query_is_a_400_not_an_update(client: TestClient, text: str) -> None:
    """An empty text is a valid (empty) SPARQL Update; asked as a query it is just empty."""
    response = client.post("/sparql", data={"query": text})
    assert response.status_code == 400, response.text
    assert "leer" in response.json()["fehler"]


class _Canary:
    """An HTTP server on 127.0.0.1 that counts every request it gets."""

    def __init__(self) -> None:
        hits = self.hits = [0]

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits[0] += 1
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.end_headers()
                self.wfile.write(b'{"head":{"vars":[]},"results":{"bindings":[]}}')

            do_POST = do_GET  # noqa: N815

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def canary() -> Iterator[_Canary]:
    server = _Canary()
    yield server
    server.close()


def test_service_is_refused_without_outbound_request(client: TestClient, canary: _Canary) -> None:
    for query in (
        f"SELECT * WHERE {{ SERVICE <{canary.url}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?x ?y ?z OPTIONAL {{ SERVICE SILENT <{canary.url}/q> {{ ?s ?p ?o }} }} }}",
        f"ASK {{ {{ SELECT * WHERE {{ SERVICE <{canary.url}/s> {{ ?s ?p ?o }} }} }} }}",
    ):
        assert client.get("/sparql", params={"query": query}).status_code == 403
    urllib.request.urlopen(canary.url + "/selbsttest", timeout=5).read()  # the canary itself counts
    assert canary.hits == [1]


def test_from_and_graph_parameters_cause_no_outbound_request(client: TestClient, canary: _Canary) -> None:
    query = f"SELECT * FROM <{canary.url}/daten.ttl> FROM NAMED <{canary.url}/mehr.ttl> WHERE {{ ?s ?p ?o }}"
    assert client.get("/sparql", params={"query": query}).json()["results"]["bindings"] == []
    params = {
        "query": "SELECT * WHERE { ?s ?p ?o }",
        "default-graph-uri": f"{canary.url}/g",
        "named-graph-uri": f"{canary.url}/n",
    }
    assert client.get("/sparql", params=params).json()["results"]["bindings"] == []
    assert canary.hits == [0]


def test_row_cap(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert len(response.json()["results"]["bindings"]) == 50
    assert "50" in response.headers["x-stratgraph-truncated"]


def test_body_limit(client: TestClient) -> None:
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 1_100_000
    response = client.post("/sparql", content=big.encode(), headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413


def test_body_limit_without_content_length(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:  # chunked transfer: the size is only known while reading
        yield b"SELECT * WHERE { ?s ?p ?o } #"
        for _ in range(20):
            yield b"x" * 100_000

    response = client.post("/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413 and "zu groß" in response.json()["fehler"]
    small = client.post(
        "/sparql", content=iter([b"ASK { ?s ?p ?o }"]), headers={"Content-Type": "application/sparql-query"}
    )
    assert small.status_code == 200 and small.json()["boolean"] is True


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> set[int]:
    """The query worker processes of a server (not multiprocessing's resource tracker)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            try:
                cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
            except OSError:
                continue
            if b"spawn_main" in cmdline:
                found.add(int(child))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.server
def test_timeout_stops_the_work_while_others_are_served(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "STRATGRAPH_QUERY_TIMEOUT": "2", "STRATGRAPH_DIST": str(tmp_path / "dist")}
    log = tmp_path / "server.log"
    base = f"http://127.0.0.1:{port}/sparql?"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "stratgraph"), "--root", str(ROOT), "serve", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                try:
                    urllib.request.urlopen(base + urllib.parse.urlencode({"query": "ASK {}"}), timeout=2).read()
                    break
                except OSError:
                    assert server.poll() is None, log.read_text(encoding="utf-8")
                    time.sleep(0.5)
            workers_before = _children(server.pid)
            assert len(workers_before) == 3  # two for /sparql, one for Linked Data
            slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
            outcome: dict[str, object] = {}

            def run_slow() -> None:
                started = time.monotonic()
                try:
                    urllib.request.urlopen(base + urllib.parse.urlencode({"query": slow}), timeout=30).read()
                    outcome["status"] = 200
                except urllib.error.HTTPError as exc:
                    outcome["status"] = exc.code
                outcome["seconds"] = time.monotonic() - started

            thread = threading.Thread(target=run_slow)
            thread.start()
            time.sleep(0.3)
            fast = []
            for _ in range(5):  # answered meanwhile by the other worker, for another address (one address runs
                started = time.monotonic()  # at most all processes but one at once: its own would wait)
                other = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=("127.0.0.2", 0))
                other.request("GET", "/sparql?" + urllib.parse.urlencode({"query": COUNT_KOMPETENZEN}))
                answer = other.getresponse()
                assert json.loads(answer.read())["results"]["bindings"][0]["n"]["value"] == "5"
                other.close()
                fast.append(time.monotonic() - started)
            thread.join(timeout=30)
            assert outcome["status"] in (503, 504)
            assert float(outcome["seconds"]) < 2 + 1  # within the limit plus one second  # type: ignore[arg-type]
            assert max(fast) < 1.5
            time.sleep(1)
            gone = workers_before - _children(server.pid)
            assert len(gone) == 1 and not any(_alive(pid) for pid in gone)  # the query's process was really stopped
        finally:
            server.terminate()
            server.wait(timeout=30)


def test_cors_lets_web_pages_read_but_not_administer(client: TestClient) -> None:
    origin = {"Origin": "https://portal.example.org"}
    answer = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers=origin)
    assert answer.headers["access-control-allow-origin"] == "*"
    preflight = client.options(
        "/sparql",
        headers={**origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"},
    )
    assert preflight.status_code == 200 and preflight.headers["access-control-allow-origin"] == "*"
    for _ in range(2):  # the second answer comes from the cache and carries the header too
        assert client.get("/api/zielsystem", headers=origin).headers["access-control-allow-origin"] == "*"
    admin = client.options(
        "/admin/reload",
        headers={**origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization"},
    )
    assert admin.status_code == 400  # the token header is not allowed from other origins
