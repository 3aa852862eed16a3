"""A strategy of the other shape beside Bochum: the hand-made five-level strategy gamma (Themenfeld › Leitlinie ›
strategisches Ziel › operatives Ziel › Maßnahme; tests/fixtures/staedte/gamma, answers counted by hand in its
README) and Bochum in one data folder — validated, in the API on every store, coverage in both views (Maßnahmen ×
SDG and Ziele × SDG, never summed), the comparison, and on every page type."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from stratgraph.api.app import create_app
from stratgraph.cli import EXIT_OK, EXIT_USAGE, main
from stratgraph.config import Settings
from stratgraph.model.namespaces import STRAT
from stratgraph.strategies.project import open_project

from .conftest import ROOT, STORES, data_folder, service_over

GAMMA = "https://w3id.org/stratgraph/gamma/"
HTML = {"Accept": "text/html"}
LEVELS = [  # the fixture's levels with their kinds, top down
    ("Themenfeld", "gliederung"),
    ("Leitlinie", "ziel"),
    ("strategisches Ziel", "ziel"),
    ("operatives Ziel", "ziel"),
    ("Maßnahme", "massnahme"),
]
MEASURES = {
    "solaroffensive": "Solaroffensive städtische Gebäude",
    "buergerenergie-beratung": "Bürgerenergie-Beratung",
    "radschnellweg-gamma-nord": "Radschnellweg Gamma-Nord",
    "fahrradparkhaus-am-bahnhof": "Fahrradparkhaus am Bahnhof",
    "elektrobusse-linien-1-bis-5": "Elektrobusse auf den Linien 1 bis 5",
}


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    data = data_folder(tmp_path_factory.mktemp("gestalt") / "data", "bochum", "gamma")
    return Settings(root=ROOT, data_dir=data, dist_dir=tmp_path_factory.mktemp("gestalt-dist"))


@pytest.fixture(scope="module", params=STORES)
def client(
    request: pytest.FixtureRequest, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    """The service over Bochum and gamma: embedded, or on Oxigraph or Virtuoso loaded with their named graphs."""
    with service_over(request.param, settings, tmp_path_factory.mktemp(f"gestalt-{request.param}")) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def pages(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def _bochum_kernaktivitaeten() -> int:
    """Counted from Bochum's source file, not by the code under test."""
    graph = Graph().parse(ROOT / "data" / "bochum" / "kernaktivitaeten.ttl")
    return len(set(graph.subjects(RDF.type, STRAT.Kernaktivitaet)))


def test_both_shapes_validate_together(settings: Settings) -> None:
    project = open_project(settings)
    assert project.report.conforms, project.report.findings
    assert [s.slug for s in project.sources.strategies] == ["bochum", "gamma"]


def test_each_strategy_is_listed_with_its_own_name_and_measures(client: TestClient) -> None:
    rows = {c["slug"]: c for c in client.get("/api/staedte").json()}
    assert (rows["gamma"]["name"], rows["gamma"]["herausgeber"], rows["gamma"]["kernaktivitaeten"]) == (
        "Nachhaltigkeitsstrategie Musterstadt Gamma",
        "Musterstadt Gamma",
        5,
    )
    assert rows["bochum"]["kernaktivitaeten"] == _bochum_kernaktivitaeten()


def test_the_goal_system_of_the_other_shape_is_its_tree(client: TestClient) -> None:
    tree = client.get("/api/zielsystem", params={"stadt": "gamma"}).json()
    assert tree["wesenskern"] is None and tree["kompetenzen"] == []
    assert tree["strategie"]["titel"] == "Nachhaltigkeitsstrategie Musterstadt Gamma 2035"
    assert (tree["strategie"]["beginn"], tree["strategie"]["herausgeber"]) == ("2022", "Musterstadt Gamma")
    assert [(e["name"], e["art"]) for e in tree["ebenen"]] == LEVELS
    assert [e["anzahl"] for e in tree["ebenen"]] == [2, 2, 2, 3, 5]
    assert tree["ebenen"][0]["mehrzahl"] == "Themenfelder"
    klima, mobilitaet = tree["elemente"]
    assert (klima["name"], mobilitaet["name"]) == ("Klima und Energie", "Mobilität")
    chain = klima["unterelemente"][0]["unterelemente"][0]["unterelemente"][
        0
    ]  # Leitlinie › strategisches Ziel › operatives Ziel
    assert chain["name"] == "Solarleistung auf städtischen Dächern bis 2030 verdreifachen"
    assert [(m["name"], m["status"]) for m in chain["unterelemente"]] == [
        ("Solaroffensive städtische Gebäude", "laufend"),
        ("Bürgerenergie-Beratung", "geplant"),
    ]
    umweltverbund = mobilitaet["unterelemente"][0]["unterelemente"][0]
    assert [z["name"] for z in umweltverbund["unterelemente"]] == [
        "Radverkehrsanteil auf 25 % steigern",
        "Alle Buslinien elektrisch betreiben",
    ]
    bochum = client.get("/api/zielsystem", params={"stadt": "bochum"}).json()
    assert len(bochum["kompetenzen"]) == 5 and bochum["wesenskern"]["name"] == "Wissen – Wandel – Wir-Gefühl"
    assert bochum["ebenen"][0]["name"] == "Kompetenz"


def test_measures_and_goals_are_counted_apart(client: TestClient) -> None:
    def direct(view: str) -> dict[str, int]:
        answer = client.get("/api/sdgs", params={"stadt": "gamma", "ansicht": view}).json()
        assert answer["ansicht"] == view
        return {s["code"]: s["direkt"] for s in answer["sdgs"]}, answer["gezaehlt"]  # type: ignore[return-value]

    measures, word = direct("massnahmen")
    assert word == "Maßnahmen"
    assert (measures["7"], measures["11"], measures["13"], measures["9"]) == (2, 3, 0, 0)  # 9.1 is rejected
    goals, word = direct("ziele")
    assert word == "Ziele"
    assert (goals["7"], goals["11"], goals["13"], goals["9"]) == (2, 2, 1, 0)
    assert sum(goals.values()) == 5 and sum(measures.values()) == 5  # never the sum of both
    bochum = client.get("/api/sdgs", params={"stadt": "bochum"}).json()
    assert bochum["gezaehlt"] == "Kernaktivitäten"
    assert client.get("/api/sdgs", params={"stadt": "gamma", "ansicht": "beides"}).status_code == 400


def _cells(matrix: dict) -> dict[tuple[str, str], int]:  # type: ignore[type-arg]
    return {(r["name"], c["sdg"]): len(c["direkt"]) for r in matrix["zeilen"] for c in r["zellen"] if c["direkt"]}


def test_coverage_of_the_measures_by_the_top_level(client: TestClient) -> None:
    matrix = client.get("/api/abdeckung", params={"stadt": "gamma"}).json()
    assert (matrix["zeilentitel"], matrix["gezaehlt"]) == ("Themenfeld", "Maßnahmen")
    assert _cells(matrix) == {("Klima und Energie", "7"): 2, ("Mobilität", "11"): 3}
    planned = client.get("/api/abdeckung", params={"stadt": "gamma", "status": "geplant"}).json()
    assert _cells(planned) == {("Klima und Energie", "7"): 1, ("Mobilität", "11"): 2}
    mobility = client.get("/api/abdeckung", params={"stadt": "gamma", "kompetenz": "Mobilität"}).json()
    assert [r["name"] for r in mobility["zeilen"]] == ["Mobilität"] and _cells(mobility) == {("Mobilität", "11"): 3}
    assert "Themenfeld Mobilität" in mobility["filter"]
    unknown = client.get("/api/abdeckung", params={"stadt": "gamma", "kompetenz": "Wasser"})
    assert unknown.status_code == 400 and "Themenfeld" in unknown.json()["fehler"]
    bochum = client.get("/api/abdeckung", params={"stadt": "bochum"}).json()
    assert (bochum["zeilentitel"], bochum["gezaehlt"]) == ("Kompetenz", "Kernaktivitäten")


def test_coverage_of_the_goals_by_level(client: TestClient) -> None:
    matrix = client.get("/api/abdeckung", params={"stadt": "gamma", "nach": "ziele"}).json()
    assert (matrix["zeilentitel"], matrix["gezaehlt"]) == ("Zielebene", "Ziele")
    assert [r["name"] for r in matrix["zeilen"]] == ["Leitlinie", "strategisches Ziel", "operatives Ziel"]
    assert _cells(matrix) == {
        ("Leitlinie", "13"): 1,
        ("strategisches Ziel", "7"): 1,
        ("operatives Ziel", "7"): 1,
        ("operatives Ziel", "11"): 2,
    }
    confirmed = client.get("/api/abdeckung", params={"stadt": "gamma", "nach": "ziele", "pruefstatus": "bestaetigt"})
    assert _cells(confirmed.json()) == {("strategisches Ziel", "7"): 1}
    refused = client.get("/api/abdeckung", params={"stadt": "gamma", "nach": "ziele", "status": "geplant"})
    assert refused.status_code == 400 and "Ziele haben keinen Status" in refused.json()["fehler"]


def test_gaps_speak_the_strategys_words(client: TestClient) -> None:
    gaps = client.get("/api/luecken", params={"stadt": "gamma"}).json()
    assert (gaps["bezeichnung_massnahme"], gaps["bezeichnung_massnahmen"]) == ("Maßnahme", "Maßnahmen")
    assert gaps["kernaktivitaeten_ohne"] == []
    assert sorted(gaps["sdgs_ohne"], key=int) == [str(n) for n in range(1, 18) if n not in (7, 11)]
    assert client.get("/api/luecken", params={"stadt": "bochum"}).json()["bezeichnung_massnahme"] == "Kernaktivität"


def test_why_for_a_goal_and_a_measure(client: TestClient) -> None:
    goal = client.get(
        "/api/warum", params={"stadt": "gamma", "kernaktivitaet": "operatives-ziel/busse-elektrisch", "sdg": "11"}
    ).json()
    assert [p["unterziel"] for p in goal["wege"]] == ["11.6"]
    measure = client.get(
        "/api/warum", params={"stadt": "gamma", "kernaktivitaet": "fahrradparkhaus-am-bahnhof", "sdg": "9"}
    ).json()
    assert [link["pruefstatus"] for p in measure["wege"] for link in p["zuordnungen"]] == [
        "abgelehnt"
    ]  # shown, not counted
    assert client.get(
        "/api/warum", params={"stadt": "gamma", "kernaktivitaet": "teilhabe", "sdg": "1"}
    ).status_code == (404)


def test_comparison_with_bochum_counts_measures_only(client: TestClient) -> None:
    answer = client.get("/api/vergleich", params={"staedte": "bochum,gamma"}).json()
    table = {(g["code"], c["stadt"]): c for g in answer["sdgs"] for c in g["staedte"]}
    counts = {
        code: (row["kernaktivitaeten"], row["zuordnungen"], row["bestaetigt"])
        for (code, city), row in table.items()
        if city == "gamma"
    }
    assert counts["7"] == (2, 2, 1)
    assert counts["11"] == (3, 3, 1)
    assert counts["13"] == (0, 0, 0)  # the Leitlinie's link to 13 is a goal's: not in the comparison of measures
    assert counts["9"] == (0, 0, 0)  # rejected


def test_every_page_type_for_the_other_shape(pages: TestClient) -> None:
    start = pages.get("/", params={"stadt": "gamma"}, headers=HTML).text
    assert "<h1>Nachhaltigkeitsstrategie Musterstadt Gamma 2035</h1>" in start
    assert "Themenfeld › Leitlinie › strategisches Ziel › operatives Ziel › Maßnahme" in start
    assert "2 Themenfelder" in start and "Bochum" not in start
    assert 'href="/stratgraph/gamma/massnahme/solaroffensive"' in start  # its IRIs resolve here, not at w3id.org
    for slug, name in MEASURES.items():
        assert name in start
        page = pages.get(f"/stratgraph/gamma/massnahme/{slug}", headers=HTML)
        assert page.status_code == 200 and f"<h1>{name}</h1>" in page.text
    parked = pages.get("/stratgraph/gamma/massnahme/fahrradparkhaus-am-bahnhof", headers=HTML).text
    assert "Statusverlauf" in parked
    assert "stratgraph · Nachhaltigkeitsstrategie Musterstadt Gamma<" in parked  # its strategy, not the main one
    assert 'href="/abdeckung?stadt=gamma"' in parked
    assert [d for d in ("2022", "03/2023", "30.09.2025") if f'class="datum">{d}<' in parked] == [
        "2022",
        "03/2023",
        "30.09.2025",
    ]
    # the chain of parents as the page's breadcrumbs
    for crumb in ("Mobilität", "Wege werden kurz und sauber", "Den Umweltverbund stärken"):
        assert crumb in parked.split("<h1>")[0]
    for path in ("themenfeld/mobilitaet", "leitlinie/gamma-wird-klimaneutral", "ebene/operatives-ziel"):
        assert pages.get(f"/stratgraph/gamma/{path}", headers=HTML).status_code == 200, path
    coverage = pages.get("/abdeckung", params={"stadt": "gamma"}, headers=HTML).text
    assert "Maßnahmen je Themenfeld × SDG" in coverage and 'aria-current="page">Maßnahmen × SDG' in coverage
    bochum = pages.get("/abdeckung", params={"stadt": "bochum"}, headers=HTML).text
    assert 'aria-current="page">Kernaktivitäten × SDG' in bochum  # each strategy's own word for its measures
    assert '<option value="schwerpunkt"' in bochum and '<option value="schwerpunkt"' not in coverage
    goals = pages.get("/abdeckung", params={"stadt": "gamma", "nach": "ziele"}, headers=HTML).text
    assert "Ziele je Zielebene × SDG" in goals and 'aria-current="page">Ziele × SDG' in goals
    cell = pages.get(
        "/abdeckung/zelle",
        params={"stadt": "gamma", "nach": "ziele", "zeile": "operatives-ziel", "sdg": "11"},
        headers=HTML,
    ).text
    assert "Radverkehrsanteil auf 25 % steigern" in cell and "Alle Buslinien elektrisch betreiben" in cell
    assert 'id="kontext"' not in cell  # goals have no paths through a theme: no empty context section
    sdg7 = pages.get("/sdg/7", params={"stadt": "gamma"}, headers=HTML).text
    assert "Den Energiebedarf der Stadt aus erneuerbaren Quellen decken" in sdg7.split('id="ziele"')[1]
    why = pages.get(
        "/warum",
        params={"stadt": "gamma", "kernaktivitaet": "radverkehrsanteil-25-prozent", "sdg": "11.2"},
        headers=HTML,
    )
    assert why.status_code == 200 and "Ein höherer Radverkehrsanteil" in why.text
    found = pages.get("/suche", params={"text": "Radschnellweg", "stadt": "gamma"}, headers=HTML).text
    assert "Radschnellweg Gamma-Nord" in found
    for url in ("/staedte", "/vergleich"):
        assert "Nachhaltigkeitsstrategie Musterstadt Gamma" in pages.get(url, headers=HTML).text


def test_downloads_label_what_they_count(pages: TestClient) -> None:
    def header(params: dict[str, str]) -> list[str]:
        text = pages.get("/abdeckung/matrix.csv", params={"stadt": "gamma", **params}).content.decode("utf-8-sig")
        return next(csv.reader(io.StringIO(text), delimiter=";"))  # for German Excel by default

    assert header({})[0] == "themenfeld" and "massnahmen_direkt" in header({})
    assert header({"nach": "ziele"})[0] == "zielebene" and "ziele_direkt" in header({"nach": "ziele"})
    from openpyxl import load_workbook

    book = load_workbook(
        io.BytesIO(pages.get("/abdeckung/matrix.xlsx", params={"stadt": "gamma", "nach": "ziele"}).content)
    )
    assert str(book["Abdeckung"]["A1"].value).startswith("Ziele mit eigenem SDG-Bezug")
    assert book["Abdeckung"]["A2"].value == "Zielebene"
    svg = pages.get("/abdeckung/heatmap.svg", params={"stadt": "gamma"})
    assert svg.status_code == 200 and "Maßnahmen" in svg.text


def test_goal_iris_of_gamma_resolve(pages: TestClient) -> None:
    iri = URIRef(GAMMA + "operatives-ziel/busse-elektrisch")
    turtle = pages.get("/stratgraph/gamma/operatives-ziel/busse-elektrisch", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200
    assert (iri, RDF.type, STRAT.Ziel) in Graph().parse(data=turtle.text, format="turtle")


def test_no_city_in_the_code() -> None:
    """Bochum is one configuration: no module, template or query of the package names it."""
    named = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "src" / "stratgraph").rglob("*"))
        if path.is_file()
        and path.suffix in (".py", ".html", ".css", ".js", ".rq", ".json")
        and "bochum" in path.read_text(encoding="utf-8", errors="replace").casefold()
    ]
    assert named == []


def test_the_cli_refuses_a_status_for_the_goals_view_as_the_api_does(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--root", str(ROOT), "--data", str(settings.data), "--stadt", "gamma", "coverage", "matrix"]
    assert main([*base, "--nach", "ziele", "--status", "geplant"]) == EXIT_USAGE
    assert "Ziele haben keinen Status" in capsys.readouterr().err
    assert main([*base, "--nach", "ziele"]) == EXIT_OK
    assert "Ziele mit eigenem Bezug" in capsys.readouterr().out


def test_the_list_of_measures_follows_the_other_shape(pages: TestClient) -> None:
    """gamma (tests/fixtures/staedte/README.md): five Maßnahmen, three of them geplant; two under the Themenfeld
    Klima und Energie, three under Mobilität."""

    def rows(**params: str) -> list[str]:
        page = pages.get("/massnahmen", params={"stadt": "gamma", **params}, headers=HTML).text
        table = page[page.index("<tbody>") : page.index("</tbody>")]
        return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', table)

    assert len(rows()) == 5
    assert len(rows(status="geplant")) == 3
    mobility = pages.get("/massnahmen", params={"stadt": "gamma"}, headers=HTML).text
    assert '<th scope="col">Themenfeld</th>' in mobility
    assert sorted(rows(oben="Mobilität")) == sorted(
        ["Radschnellweg Gamma-Nord", "Fahrradparkhaus am Bahnhof", "Elektrobusse auf den Linien 1 bis 5"]
    )


def test_a_themenfeld_page_lists_its_measures_with_status_and_sdgs(pages: TestClient) -> None:
    """gamma's Themenfeld Mobilität has three Maßnahmen (tests/fixtures/staedte/README.md); Radschnellweg Gamma-Nord
    is linked to 11.2 (tests/fixtures/staedte/gamma/zuordnungen.ttl)."""
    page = pages.get("/stratgraph/gamma/themenfeld/mobilitaet", headers=HTML).text
    section = page[page.index('id="massnahmen"') : page.index("</section>", page.index('id="massnahmen"'))]
    assert "3 Maßnahmen" in section
    row = next(r for r in section.split("<tr>") if "Radschnellweg Gamma-Nord" in r)
    assert '<a href="/sdg/11.2">11.2</a>' in row
    assert 'href="/massnahmen?oben=Mobilit%C3%A4t"' in section
