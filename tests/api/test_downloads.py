"""The service serves the latest release from dist/ byte for byte, builds one on first start, and refuses paths."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import RDF, Graph, URIRef

from stratgraph.api import create_app
from stratgraph.config import Settings

from ..conftest import ROOT

pytestmark = pytest.mark.slow  # release builds; left to `make test`


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("served-dist")


@pytest.fixture(scope="module")
def client(dist: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(root=ROOT, dist_dir=dist))) as test_client:
        yield test_client


def test_first_start_builds_a_release(client: TestClient, dist: Path) -> None:
    listing = client.get("/download").json()
    assert listing["version"] == "2026-12-05"
    assert (dist / "2026-12-05" / "release.json").is_file()
    names = {f["name"] for f in listing["dateien"]}
    assert {"stratgraph.ttl", "catalog.ttl", "kernaktivitaeten.csv", "SHA256SUMS"} - names == {"SHA256SUMS"}


def test_files_are_served_with_their_checksums(client: TestClient, dist: Path) -> None:
    for entry in client.get("/download").json()["dateien"]:
        response = client.get(f"/download/{entry['name']}")
        assert response.status_code == 200, entry["name"]
        assert hashlib.sha256(response.content).hexdigest() == entry["sha256"]
        assert response.headers["etag"] == f'"{entry["sha256"]}"'
        assert response.headers["last-modified"] == "Sat, 05 Dec 2026 00:00:00 GMT"
    sums = client.get("/download/SHA256SUMS").text
    assert sums == (dist / "2026-12-05" / "SHA256SUMS").read_text(encoding="utf-8")


def test_media_types_and_versioned_path(client: TestClient) -> None:
    assert client.get("/download/stratgraph.ttl").headers["content-type"] == "text/turtle; charset=utf-8"
    assert client.get("/download/stratgraph.jsonld").headers["content-type"] == "application/ld+json"
    assert client.get("/download/stratgraph.rdf").headers["content-type"] == "application/rdf+xml"
    assert client.get("/download/stratgraph.nt").headers["content-type"].startswith("application/n-triples")
    assert client.get("/download/kernaktivitaeten.csv").headers["content-type"] == "text/csv; charset=utf-8"
    assert client.get("/download/2026-12-05/stratgraph.ttl").content == client.get("/download/stratgraph.ttl").content


def test_conditional_get_and_gzip(client: TestClient) -> None:
    first = client.get("/download/stratgraph.nt", headers={"Accept-Encoding": "gzip"})
    assert first.headers["content-encoding"] == "gzip"
    again = client.get("/download/stratgraph.nt", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    raw = client.get("/download/stratgraph.nt", headers={"Accept-Encoding": "gzip"}, extensions={"raw": True})
    assert raw.status_code == 200
    assert len(gzip.compress(first.content)) < len(first.content)


def test_catalog_and_void(client: TestClient) -> None:
    turtle = client.get("/katalog")
    assert turtle.headers["content-type"].startswith("text/turtle") and "Accept" in turtle.headers["vary"].split(", ")
    xml = client.get("/katalog", headers={"Accept": "application/rdf+xml"})
    assert xml.headers["content-type"] == "application/rdf+xml"
    assert len(Graph().parse(data=turtle.text, format="turtle")) == len(Graph().parse(data=xml.text, format="xml"))
    assert "void:Linkset" in client.get("/void").text


@pytest.mark.parametrize(
    "path",
    [
        "/download/gibt-es-nicht.ttl",
        "/download/1999-01-01/stratgraph.ttl",
        "/download/..%2F..%2Fpyproject.toml",
        "/download/.hidden/stratgraph.ttl",
    ],
)
def test_unknown_files_are_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "fehler" in response.json()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.server
def test_serve_command_runs_a_real_server(dist: Path, client: TestClient, tmp_path: Path) -> None:
    port = _free_port()
    script = Path(sys.executable).parent / "stratgraph"
    env = {**os.environ, "STRATGRAPH_DIST": str(dist)}
    log = tmp_path / "server.log"
    command = [str(script), "--root", str(ROOT), "serve", "--port", str(port)]
    with log.open("wb") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 90  # bounded wait for the server to come up
            body = None
            while time.monotonic() < deadline and body is None:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/download", timeout=2) as response:
                        body = json.loads(response.read())
                except OSError:
                    assert server.poll() is None, log.read_text(encoding="utf-8")
                    time.sleep(0.5)
            assert body is not None and body["version"] == "2026-12-05"
        finally:
            server.terminate()
            server.wait(timeout=30)
    assert f"stratgraph antwortet auf http://127.0.0.1:{port}" in log.read_text(encoding="utf-8")  # where it is


def test_while_the_first_release_is_built_the_graph_answers(tmp_path: Path) -> None:
    """The first release is built in the background: meanwhile the API and Linked Data answer as always, an IRI
    the graph does not know is still 404 (not „being built“), and the downloads wait for the build."""
    with TestClient(create_app(Settings(root=ROOT, dist_dir=tmp_path / "dist"))) as fresh:
        assert fresh.get("/api/kompetenzen").status_code == 200
        unknown = fresh.get("/stratgraph/bochum/kernaktivitaet/gibt-es-nicht", headers={"Accept": "text/turtle"})
        assert unknown.status_code == 404
        assert fresh.get("/download").json()["version"] == "2026-12-05"  # waited for the build


def test_a_browser_gets_a_german_page_with_every_file(client: TestClient, dist: Path) -> None:
    """Issue 26: the Downloads page — version, date, licence, every file with format, size and checksum, the
    changes, the catalogue as a link; programs still get JSON."""
    listing = client.get("/download", headers={"Accept": "application/json"}).json()
    (release,) = [p for p in dist.iterdir() if (p / "release.json").is_file()]
    page = client.get("/download", headers={"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert f"Version {listing['version']} vom {listing['datum']}" in html
    for entry in listing["dateien"]:
        assert f">{entry['name']}</a>" in html and entry["sha256"] in html
    assert "Turtle (RDF)" in html and "CSV-Tabelle" in html
    assert 'href="https://www.govdata.de/dl-de/by-2-0">dl-by-de/2.0</a>' in html  # from the release's catalogue
    assert 'href="/katalog"' in html and "Änderungen" in html
    first_line = (release / "CHANGES.md").read_text(encoding="utf-8").splitlines()[0].removeprefix("# ")
    assert first_line in html
    assert client.get("/download").headers["content-type"].startswith("application/json")  # */*: JSON


def test_a_browser_gets_the_catalogue_as_a_german_page(client: TestClient, dist: Path) -> None:
    """Issue 26: the catalogue link opens a readable page. Every distribution of the release's catalog.ttl (read here
    with rdflib, not by the page's code) is listed with its size and checksum; programs still get Turtle."""
    from rdflib.namespace import DCAT, DCTERMS

    version = client.get("/download").json()["version"]  # waits for the first release
    release = dist / version
    catalog = Graph().parse(release / "catalog.ttl", format="turtle")
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    page = client.get("/katalog", headers={"Accept": browser})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    text = page.text
    spdx = "http://spdx.org/rdf/terms#"
    distributions = list(catalog.subjects(RDF.type, DCAT.Distribution))
    assert distributions and f"{len(distributions)} Dateien" in text
    for dist_node in distributions:
        title = str(catalog.value(dist_node, DCTERMS.title))
        checksum = catalog.value(catalog.value(dist_node, URIRef(spdx + "checksum")), URIRef(spdx + "checksumValue"))
        assert f'<a href="/download/{release.name}/{title}">{title}</a>' in text and str(checksum) in text
    assert 'href="/download/catalog.ttl"' in text and client.get("/download/catalog.ttl").status_code == 200
    assert client.get("/katalog", headers={"Accept": "*/*"}).headers["content-type"].startswith("text/turtle")
