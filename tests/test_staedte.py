"""Several strategies in one graph: two hand-made cities (tests/fixtures/staedte, answers counted by hand in its
README), each validated on its own, every view per city, and the comparison across them."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from stratgraph.api.app import create_app
from stratgraph.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE, main
from stratgraph.config import Settings
from stratgraph.strategies.project import open_project

from .conftest import FIXTURES, ROOT, STORES, service_over

pytestmark = pytest.mark.slow  # two apps of its own (two cities, Bochum beside them); left to `make test`

CITIES = FIXTURES / "staedte"
SDG = "http://metadata.un.org/sdg/"


def _data_folder(target: Path) -> Path:
    """The two cities beside the project's shared SDG reference."""
    target.mkdir()
    shutil.copyfile(ROOT / "data" / "sdg.ttl", target / "sdg.ttl")
    for city in ("alpha", "beta"):
        shutil.copytree(CITIES / city, target / city)
    return target


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _data_folder(tmp_path_factory.mktemp("staedte") / "data")


@pytest.fixture(scope="module")
def settings(data: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(root=ROOT, data_dir=data, dist_dir=tmp_path_factory.mktemp("staedte-dist"))


@pytest.fixture(scope="module", params=STORES)
def client(
    request: pytest.FixtureRequest, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    """The service over both cities: on the embedded store, or on Oxigraph or Virtuoso loaded with their graphs."""
    with service_over(request.param, settings, tmp_path_factory.mktemp(f"staedte-{request.param}")) as test_client:
        yield test_client


def test_each_city_is_valid_on_its_own_and_positions_do_not_collide(settings: Settings) -> None:
    # both cities have a Kompetenz, Schwerpunkt and Tranche at position 1: in one graph they would collide
    project = open_project(settings)
    assert project.report.conforms, project.report.findings
    assert [s.slug for s in project.sources.strategies] == ["alpha", "beta"]


def test_a_resource_in_two_cities_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _data_folder(tmp_path / "data")
    shutil.copyfile(data / "alpha" / "kernaktivitaeten.ttl", data / "beta" / "auch-alpha.ttl")
    argv = ["--root", str(ROOT), "--data", str(data), "validate", "--format", "json"]
    assert main(argv) == EXIT_INVALID
    messages = {f["meldung"] for f in json.loads(capsys.readouterr().out)["befunde"]}
    assert "Die Ressource gehört zu mehreren Strategien: alpha, beta" in messages
    assert "Die Ressource liegt nicht unter <https://w3id.org/stratgraph/beta/>, der Basis der Strategie beta." in (
        messages
    )


def test_validate_one_city_alone(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = _data_folder(tmp_path / "data")
    text = (broken / "alpha" / "kernaktivitaeten.ttl").read_text(encoding="utf-8")
    (broken / "alpha" / "kernaktivitaeten.ttl").write_text(text.replace("strat:umgesetzt", "strat:erledigt"), "utf-8")
    base = ["--root", str(ROOT), "--data", str(broken)]
    assert main([*base, "--stadt", "beta", "validate"]) == EXIT_OK  # alpha is not read
    assert main([*base, "--stadt", "alpha", "validate"]) == EXIT_INVALID
    assert main([*base, "--stadt", "gamma", "validate"]) == EXIT_USAGE
    assert "Keine Strategie „gamma“" in capsys.readouterr().err


def test_cities_listed(client: TestClient) -> None:
    cities = client.get("/api/staedte").json()
    assert [(c["slug"], c["name"], c["herausgeber"], c["kernaktivitaeten"]) for c in cities] == [
        ("alpha", "Strategie Musterstadt Alpha", "Musterstadt Alpha", 3),
        ("beta", "Strategie Musterstadt Beta", "Musterstadt Beta", 2),
    ]


def test_views_per_city(client: TestClient) -> None:
    alpha = client.get("/api/kernaktivitaeten", params={"stadt": "alpha"}).json()
    beta = client.get("/api/kernaktivitaeten", params={"stadt": "beta"}).json()
    assert sorted(k["name"] for k in alpha["kernaktivitaeten"]) == [
        "Alpha-Projekt Drei",
        "Alpha-Projekt Eins",
        "Alpha-Projekt Zwei",
    ]
    assert sorted(k["name"] for k in beta["kernaktivitaeten"]) == ["Beta-Projekt Eins", "Beta-Projekt Zwei"]
    direct = {
        city: {s["code"]: s["direkt"] for s in client.get("/api/sdgs", params={"stadt": city}).json()["sdgs"]}
        for city in ("alpha", "beta")
    }
    assert (direct["alpha"]["13"], direct["alpha"]["11"], direct["alpha"]["4"]) == (2, 1, 0)  # 4.1 is rejected
    assert (direct["beta"]["13"], direct["beta"]["11"], direct["beta"]["4"]) == (2, 0, 1)
    # the same named query, scoped
    rows = client.get("/api/queries/kernaktivitaeten", params={"stadt": "beta"}).json()["results"]["bindings"]
    assert len(rows) == 2


def test_an_unknown_city_is_a_clear_400(client: TestClient) -> None:
    for url in ("/api/kernaktivitaeten", "/api/queries/kernaktivitaeten", "/"):
        response = client.get(url, params={"stadt": "gamma"})
        assert response.status_code == 400, url
    assert "vorhanden: alpha, beta" in client.get("/api/sdgs", params={"stadt": "gamma"}).json()["fehler"]


def test_comparison_across_cities(client: TestClient) -> None:
    answer = client.get("/api/vergleich").json()
    assert [c["slug"] for c in answer["staedte"]] == ["alpha", "beta"]
    table = {(g["code"], c["stadt"]): c for g in answer["sdgs"] for c in g["staedte"]}
    assert len(answer["sdgs"]) == 17
    expected = {  # (Kernaktivitäten, links, confirmed), from the fixture README
        ("13", "alpha"): (2, 2, 1),
        ("13", "beta"): (2, 2, 2),
        ("11", "alpha"): (1, 1, 0),
        ("11", "beta"): (0, 0, 0),
        ("4", "alpha"): (0, 0, 0),
        ("4", "beta"): (1, 1, 0),
    }
    for key, counts in expected.items():
        row = table[key]
        assert (row["kernaktivitaeten"], row["zuordnungen"], row["bestaetigt"]) == counts, key
    assert table[("13", "alpha")]["anteil_bestaetigt"] == 0.5
    assert table[("13", "beta")]["anteil_bestaetigt"] == 1.0
    assert table[("11", "beta")]["anteil_bestaetigt"] is None
    only = client.get("/api/vergleich", params={"staedte": "beta"}).json()
    assert [c["slug"] for c in only["staedte"]] == ["beta"]
    assert client.get("/api/vergleich", params={"staedte": "beta,gamma"}).status_code == 400


def test_comparison_and_cities_in_the_cli(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--root", str(ROOT), "--data", str(settings.data)]
    assert main([*base, "vergleich", "--format", "json"]) == EXIT_OK
    rows = {(r["sdg"], r["stadt"]): r for r in json.loads(capsys.readouterr().out)}
    assert (rows[("13", "alpha")]["kernaktivitaeten"], rows[("13", "alpha")]["anteil_bestaetigt"]) == (2, 0.5)
    assert (rows[("4", "beta")]["kernaktivitaeten"], rows[("4", "beta")]["anteil_bestaetigt"]) == (1, 0.0)
    assert main([*base, "staedte"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "alpha" in out and "3 Projekte" in out and "2 Maßnahmen" in out  # alpha names its plural, beta not
    assert main([*base, "--stadt", "beta", "stats", "--format", "json"]) == EXIT_OK
    statuses = {s["bezeichnung"]: s["anzahl"] for s in json.loads(capsys.readouterr().out)["status"]}
    assert statuses.get("laufend") == 2 and not statuses.get("umgesetzt")


def test_each_city_resolves_at_its_own_iris(client: TestClient) -> None:
    for city, ka, name in (("alpha", "a1", "Alpha-Projekt Eins"), ("beta", "b2", "Beta-Projekt Zwei")):
        response = client.get(f"/stratgraph/{city}/kernaktivitaet/{ka}", headers={"Accept": "text/turtle"})
        assert response.status_code == 200, response.text
        assert name in response.text
        page = client.get(f"/stratgraph/{city}/kernaktivitaet/{ka}", headers={"Accept": "text/html"})
        assert page.status_code == 200 and name in page.text
    graph = client.get("/stratgraph/beta/graph/zuordnungen", headers={"Accept": "application/n-triples"})
    assert graph.status_code == 200 and "/beta/zuordnung/b1--sdg--sdg-13-1" in graph.text
    assert "/alpha/" not in graph.text


def test_named_graphs_per_city(client: TestClient) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    names = {b["g"]["value"] for b in client.get("/sparql", params={"query": query}).json()["results"]["bindings"]}
    for city in ("alpha", "beta"):
        assert {
            f"https://w3id.org/stratgraph/{city}/graph/daten",
            f"https://w3id.org/stratgraph/{city}/graph/zuordnungen",
        } <= names


def test_the_main_city_is_a_setting_else_the_first_by_slug(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _data_folder(tmp_path / "data")
    shutil.copytree(ROOT / "data" / "bochum", data / "bochum")
    settings = replace(Settings(root=ROOT), data_dir=data, dist_dir=tmp_path / "dist")
    with TestClient(create_app(settings)) as client:  # no setting: alpha comes first
        assert len(client.get("/api/kernaktivitaeten").json()["kernaktivitaeten"]) == 3
    monkeypatch.setenv("STRATGRAPH_STADT", "bochum")
    chosen = replace(Settings.from_env(ROOT), data_dir=data, dist_dir=tmp_path / "dist")
    with TestClient(create_app(chosen)) as client:
        assert len(client.get("/api/kernaktivitaeten").json()["kernaktivitaeten"]) == 66
        assert len(client.get("/api/kernaktivitaeten?stadt=beta").json()["kernaktivitaeten"]) == 2


def test_pages_per_city_and_the_comparison_page(client: TestClient) -> None:
    start = client.get("/", params={"stadt": "beta"}, headers={"Accept": "text/html"})
    assert start.status_code == 200
    assert "<h1>Strategie Musterstadt Beta</h1>" in start.text
    assert "Handlungsfeld Eins (Beta)" in start.text and "Handlungsfeld Eins (Alpha)" not in start.text
    assert 'href="/abdeckung?stadt=beta"' in start.text  # the navigation stays in the city
    cities = client.get("/staedte").text
    assert 'href="/?stadt=alpha"' in cities and "Strategie Musterstadt Beta" in cities
    page = client.get("/vergleich").text
    row = page[page.index('href="/sdg/13"') :].split("</tr>", 1)[0]
    assert '2 <span class="kontext">(50 %)</span>' in row and '2 <span class="kontext">(100 %)</span>' in row
    assert client.get("/vergleich", params={"staedte": "gamma"}).status_code == 400
