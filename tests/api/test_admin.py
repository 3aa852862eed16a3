"""Reloading the graph while the service runs: a good change goes into service, a bad one never does."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from stratgraph.api import create_app
from stratgraph.config import Settings

from ..conftest import ROOT, free_port

pytestmark = pytest.mark.slow  # reloads validate the whole project, seconds each; left to `make test`

TOKEN = "geheim-fuer-den-test"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
COUNT_UMGESETZT = (
    "SELECT (COUNT(?k) AS ?n) WHERE { ?k <https://w3id.org/stratgraph/ontology#hatStatus> "
    "<https://w3id.org/stratgraph/ontology#umgesetzt> }"
)


def copy_project(target: Path) -> Path:
    for folder in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(ROOT / folder, target / folder)
    return target


def set_gigabit_status(root: Path, old: str, new: str) -> None:
    """Gigabit-City Bochum is laufend in the sources; the test edits its status in the copy."""
    ka = root / "data" / "bochum" / "kernaktivitaeten.ttl"
    text = ka.read_text(encoding="utf-8")
    start = text.index("ka:gigabit-city-bochum a strat:Kernaktivitaet")
    block = text[start : text.index(" .\n", start)]
    ka.write_text(text.replace(block, block.replace(f"strat:hatStatus strat:{old}", f"strat:hatStatus strat:{new}")))


def umgesetzt(client: TestClient) -> tuple[int, int, int]:
    """Completed Kernaktivitäten as /sparql, the linkage API and a named query see them."""
    sparql = client.get("/sparql", params={"query": COUNT_UMGESETZT}).json()["results"]["bindings"][0]["n"]["value"]
    linkage = client.get("/api/kernaktivitaeten", params={"status": "umgesetzt"}).json()["anzahl"]
    named = client.get(
        "/api/queries/kernaktivitaeten", params={"status_iri": "https://w3id.org/stratgraph/ontology#umgesetzt"}
    ).json()["stratgraph"]["total"]
    return int(sparql), linkage, named


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def test_reload_puts_a_good_change_into_service_and_keeps_the_graph_on_a_bad_one(
    project: Path, served_dist: Path
) -> None:
    settings = Settings(root=project, dist_dir=served_dist, admin_token=TOKEN)
    with TestClient(create_app(settings)) as client:
        assert umgesetzt(client) == (34, 34, 34)  # seed 004: 34 umgesetzt
        gigabit = "/stratgraph/bochum/kernaktivitaet/gigabit-city-bochum.nt"
        status = "<https://w3id.org/stratgraph/ontology#hatStatus> <https://w3id.org/stratgraph/ontology#{}>"
        assert status.format("laufend") in client.get(gigabit).text  # its description is kept now
        set_gigabit_status(project, "laufend", "umgesetzt")
        assert umgesetzt(client) == (34, 34, 34)  # files alone change nothing
        response = client.post("/admin/reload", headers=AUTH)
        assert response.status_code == 200 and response.json()["status"] == "neu geladen"
        assert umgesetzt(client) == (35, 35, 35)  # the caches did not keep the old answers
        assert status.format("umgesetzt") in client.get(gigabit).text  # nor the old Linked Data description

        # a Turtle error: refused with the place of the error, the graph in service stays
        (project / "data" / "kaputt.ttl").write_text(
            "@prefix ex: <https://example.org/> .\nex:a ex:b .\nex:c ex:d", "utf-8"
        )
        response = client.post("/admin/reload", headers=AUTH)
        assert response.status_code == 422
        assert "kaputt.ttl" in response.json()["fehler"] and "in Betrieb bleibt" in response.json()["fehler"]
        assert umgesetzt(client) == (35, 35, 35)
        (project / "data" / "kaputt.ttl").unlink()

        # parses but does not conform (a Kernaktivität without status): refused, nothing changes
        ka = project / "data" / "bochum" / "kernaktivitaeten.ttl"
        good = ka.read_text(encoding="utf-8")
        set_gigabit_status(project, "umgesetzt", "laufend")
        ka.write_text(ka.read_text(encoding="utf-8").replace("strat:hatStatus strat:laufend ;", "", 1), "utf-8")
        response = client.post("/admin/reload", headers=AUTH)
        assert response.status_code == 422 and "nicht konform" in response.json()["fehler"]
        assert umgesetzt(client) == (35, 35, 35)
        assert client.get("/api/kernaktivitaeten").json()["anzahl"] == 66

        ka.write_text(good, "utf-8")
        set_gigabit_status(project, "umgesetzt", "laufend")
        assert client.post("/admin/reload", headers=AUTH).status_code == 200
        assert umgesetzt(client) == (34, 34, 34)


def test_a_reload_with_a_data_file_missing_is_refused(project: Path, served_dist: Path) -> None:
    """The case of the issue: kernaktivitaeten.ttl moved away, 6,812 → 6,313 triples, still „conforming“."""
    settings = Settings(root=project, dist_dir=served_dist, admin_token=TOKEN)
    with TestClient(create_app(settings)) as client:
        gigabit = "/api/kernaktivitaeten/gigabit-city-bochum"
        assert client.get(gigabit).status_code == 200
        moved = project / "kernaktivitaeten.ttl"
        (project / "data" / "bochum" / "kernaktivitaeten.ttl").rename(moved)
        response = client.post("/admin/reload", headers=AUTH)
        assert response.status_code == 422
        assert "fehlen 1 Datei(en) in data/: bochum/kernaktivitaeten.ttl" in response.json()["fehler"]
        assert client.get(gigabit).status_code == 200  # the previous graph stays in service
        forced = client.post("/admin/reload", params={"erzwingen": "true"}, headers=AUTH)
        assert forced.status_code == 422  # forced past the file guard, the completeness rule still refuses it
        assert "Kernaktivität aus den Listen der Quellen fehlt" in forced.json()["fehler"]
        moved.rename(project / "data" / "bochum" / "kernaktivitaeten.ttl")

        # the SDG reference (a file no completeness rule names): a conforming graph with 27 % fewer resources
        links = project / "data" / "sdg.ttl"
        kept = links.read_text(encoding="utf-8")
        links.write_text("", "utf-8")  # emptied, not moved: the loss of resources is what shows it
        response = client.post("/admin/reload", headers=AUTH)
        assert response.status_code == 422, response.text
        assert "Ressourcen" in response.json()["fehler"] and "erzwingen=true" in response.json()["fehler"]
        assert client.get("/api/sdgs/13").status_code == 200  # the graph in service still has the SDGs
        forced = client.post("/admin/reload", params={"erzwingen": "true"}, headers=AUTH)
        assert forced.status_code == 200  # wanted: the operator says so
        assert client.get("/api/sdgs/13").status_code == 404
        links.write_text(kept, "utf-8")
        assert client.post("/admin/reload", headers=AUTH).status_code == 200  # growing back needs no force


def test_reload_needs_the_token(project: Path, served_dist: Path) -> None:
    with TestClient(create_app(Settings(root=project, dist_dir=served_dist, admin_token=TOKEN))) as client:
        assert client.post("/admin/reload").status_code == 401
        wrong = client.post("/admin/reload", headers={"Authorization": "Bearer falsch"})
        assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
        assert client.get("/admin/reload").status_code == 405
    with TestClient(create_app(Settings(root=project, dist_dir=served_dist))) as client:
        response = client.post("/admin/reload", headers=AUTH)
        assert response.status_code == 403 and "STRATGRAPH_ADMIN_TOKEN" in response.json()["fehler"]


@pytest.mark.server
def test_sighup_reloads_a_running_server(project: Path, served_dist: Path) -> None:
    port = free_port()
    env = {**os.environ, "STRATGRAPH_DIST": str(served_dist)}
    command = [str(Path(sys.executable).parent / "stratgraph"), "--root", str(project), "serve", "--port", str(port)]
    log = project / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/api/kernaktivitaeten?status=umgesetzt"

    def count() -> int | None:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return int(json.load(response)["anzahl"])
        except (urllib.error.URLError, OSError):
            return None

    try:
        deadline = time.monotonic() + 120  # bounded wait for the start (validation, workers)
        while count() is None:
            assert server.poll() is None, log.read_text(encoding="utf-8")
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.3)
        assert count() == 34
        set_gigabit_status(project, "laufend", "umgesetzt")
        server.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 60
        while count() != 35 and time.monotonic() < deadline:
            time.sleep(0.3)
        assert count() == 35
        assert server.poll() is None  # still serving
        assert "neu geladen" in log.read_text(encoding="utf-8")
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory, served_dist: Path) -> Iterator[tuple[Path, TestClient]]:
    project = copy_project(tmp_path_factory.mktemp("waechter") / "project")
    settings = Settings(root=project, dist_dir=served_dist, admin_token=TOKEN)
    with TestClient(create_app(settings)) as client:
        yield project, client


@pytest.mark.parametrize("name", sorted(str(p.relative_to(ROOT / "data")) for p in (ROOT / "data").rglob("*.ttl")))
def test_every_file_a_strategy_had_is_guarded(guarded: tuple[Path, TestClient], name: str) -> None:
    """Each file of data/ moved away (chronik, kennzahlen, konzepte, organisation … of the issue): refused,
    naming the file, and the graph in service keeps every triple."""
    project, client = guarded
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = client.get("/sparql", params={"query": count}).json()["results"]["bindings"][0]["n"]["value"]
    path = project / "data" / name
    aside = project / (path.name + ".weg")
    path.rename(aside)
    try:
        response = client.post("/admin/reload", headers=AUTH)
    finally:
        aside.rename(path)
    assert response.status_code == 422
    assert f"in data/: {name}." in response.json()["fehler"]
    after = client.get("/sparql", params={"query": count}).json()["results"]["bindings"][0]["n"]["value"]
    assert after == before
