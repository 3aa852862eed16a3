"""The remote store: a server that is down gives 503 with a clear message; the service recovers by itself."""

from __future__ import annotations

import time
import urllib.request
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph

from stratgraph.api import create_app
from stratgraph.cli import EXIT_OK, EXIT_USAGE, main
from stratgraph.config import Settings
from stratgraph.store.remote import load_graph

from .conftest import ROOT, free_port, start_oxigraph

pytestmark = pytest.mark.server  # every test starts oxigraph serve


def test_store_down_gives_503_and_the_service_recovers(tmp_path: Path, graph: Graph, served_dist: Path) -> None:
    port = free_port()
    log = tmp_path / "oxigraph.log"
    server = start_oxigraph(port, log)
    load_graph(graph, f"http://127.0.0.1:{port}/store")
    settings = Settings(root=ROOT, dist_dir=served_dist, endpoint=f"http://127.0.0.1:{port}/query", query_timeout=5)
    query = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/stratgraph/ontology#Kompetenz> }"}
    with TestClient(create_app(settings)) as client:
        assert client.get("/sparql", params=query).status_code == 200
        server.terminate()
        server.wait(timeout=30)
        for path, params in (
            ("/sparql", query),
            ("/api/kernaktivitaeten", {"status": "laufend"}),
            ("/api/queries/suche", {"text": "klima"}),
            ("/stratgraph/bochum/kompetenz/hotspot-der-live-kultur", {}),
        ):
            response = client.get(path, params=params)
            assert response.status_code == 503, path
            assert "nicht erreichbar" in response.json()["fehler"]
        server = start_oxigraph(port, log)  # back, empty, then loaded again
        try:
            load_graph(graph, f"http://127.0.0.1:{port}/store")
            response = client.get("/sparql", params=query)
            assert response.status_code == 200
            assert response.json()["results"]["bindings"][0]["n"]["value"] == "5"
            assert client.get("/api/kernaktivitaeten", params={"status": "laufend"}).json()["anzahl"] == 30
        finally:
            server.terminate()
            server.wait(timeout=30)


def test_load_command(tmp_path: Path, graph: Graph, capsys: pytest.CaptureFixture[str]) -> None:
    port = free_port()
    server = start_oxigraph(port, tmp_path / "oxigraph.log")
    try:
        assert main(["--root", str(ROOT), "load", "--endpoint", f"http://127.0.0.1:{port}/store"]) == EXIT_OK
        captured = capsys.readouterr()
        assert "Tripel nach" in captured.out and "Laden: 100%" in captured.err
        url = f"http://127.0.0.1:{port}/query?query=" + urllib.request.quote(
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        )
        request = urllib.request.Request(url, headers={"Accept": "text/csv"})
        counted = urllib.request.urlopen(request, timeout=10).read().decode().splitlines()[1]
        assert counted == str(len(graph))  # every triple arrived
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert main(["--root", str(ROOT), "load", "--endpoint", f"http://127.0.0.1:{port}/store"]) == EXIT_USAGE
    assert "nicht erreichbar" in capsys.readouterr().err


def test_coverage_views_read_the_store_as_it_is_now(tmp_path: Path, graph: Graph, served_dist: Path) -> None:
    """No copy of the remote store is kept: a change in the store shows in the next coverage answer."""
    port = free_port()
    server = start_oxigraph(port, tmp_path / "oxigraph.log")
    try:
        load_graph(graph, f"http://127.0.0.1:{port}/store")
        settings = Settings(root=ROOT, dist_dir=served_dist, endpoint=f"http://127.0.0.1:{port}/query")
        with TestClient(create_app(settings)) as client:

            def row_names() -> list[str]:
                return [row["name"] for row in client.get("/api/abdeckung").json()["zeilen"]]

            assert row_names()[2] == "Hotspot der Live-Kultur"
            update = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
                DELETE { ?k skos:prefLabel "Hotspot der Live-Kultur"@de } INSERT { ?k skos:prefLabel "Umbenannt"@de }
                WHERE { ?k skos:prefLabel "Hotspot der Live-Kultur"@de }"""
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/update",
                data=update.encode(),
                headers={"Content-Type": "application/sparql-update"},
            )
            urllib.request.urlopen(request, timeout=10).read()
            assert row_names()[2] == "Umbenannt"
            assert client.get("/api/luecken").json()["sdgs_ohne"] == ["6", "14"]
    finally:
        server.terminate()
        server.wait(timeout=30)


SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.mark.parametrize(
    ("server_args", "service_timeout"),
    [
        (("--timeout-s", "1"), 10.0),  # the store stops first and answers 200 with cut-off JSON
        ((), 2.0),  # the store would go on; the service stops waiting
    ],
)
def test_a_slow_remote_query_is_a_504_within_the_limit(
    tmp_path: Path, graph: Graph, served_dist: Path, server_args: tuple[str, ...], service_timeout: float
) -> None:
    port = free_port()
    server = start_oxigraph(port, tmp_path / "oxigraph.log", *server_args)
    try:
        load_graph(graph, f"http://127.0.0.1:{port}/store")
        settings = Settings(
            root=ROOT, dist_dir=served_dist, endpoint=f"http://127.0.0.1:{port}/query", query_timeout=service_timeout
        )
        with TestClient(create_app(settings)) as client:
            started = time.monotonic()
            response = client.get("/sparql", params={"query": SLOW})
            took = time.monotonic() - started
            assert response.status_code == 504 and "fehler" in response.json()
            assert took < service_timeout + 1  # within the service's limit plus one second
            kompetenzen = client.get("/api/kompetenzen")  # and the service goes on answering
            assert kompetenzen.status_code == 200 and len(kompetenzen.json()) == 5
    finally:
        server.terminate()
        server.wait(timeout=30)
