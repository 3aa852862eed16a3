"""Measured progress over the API and the CLI, on every store: Bochum (no indicators in its sources) beside the
hand-made gamma with five indicators and their values (tests/fixtures/fortschritt/gamma; the categories below
were computed by hand in tests/fixtures/fortschritt/README.md, not by the code under test)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from stratgraph.cli import EXIT_OK, main
from stratgraph.config import Settings

from .conftest import FIXTURES, ROOT, STORES, data_folder, service_over

GAMMA = "https://w3id.org/stratgraph/gamma/"
CATEGORIES = {  # indicator → category, level (README: the sums)
    "solarleistung": ("deutlicher Fortschritt", 1),  # +15.7 % a year, +13.0 % needed: ratio 1.21
    "radverkehrsanteil": ("unzureichender Fortschritt", 3),  # +1.6 % against +5.2 %: 0.31
    "elektrobuslinien": ("keine Bewertung", None),  # three values over two years
    "co2-je-einwohner": ("mäßiger Fortschritt", 2),  # −4.0 % against −4.9 %: 0.82
    "erneuerbare-energie": ("deutlicher Fortschritt", 1),  # no target: +3.0 % a year ≥ 1 %
}
GOALS = {
    "operatives-ziel/solarleistung-verdreifachen": "auf Kurs",
    "operatives-ziel/radverkehrsanteil-25-prozent": "unzureichend",
    "operatives-ziel/busse-elektrisch": "keine Bewertung",
    "leitlinie/gamma-wird-klimaneutral": "mäßig",
    "strategisches-ziel/erneuerbare-energie": "auf Kurs",
}


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    data = data_folder(tmp_path_factory.mktemp("fortschritt") / "data", "bochum", "gamma")
    for path in (FIXTURES / "fortschritt" / "gamma").glob("*.ttl"):
        shutil.copyfile(path, data / "gamma" / path.name)
    return Settings(root=ROOT, data_dir=data, dist_dir=tmp_path_factory.mktemp("fortschritt-dist"))


@pytest.fixture(scope="module", params=STORES)
def client(
    request: pytest.FixtureRequest, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    with service_over(request.param, settings, tmp_path_factory.mktemp(f"fortschritt-{request.param}")) as served:
        yield served


def test_every_indicator_gets_its_hand_computed_category(client: TestClient) -> None:
    answer = client.get("/api/indikatoren", params={"stadt": "gamma"}).json()
    assert answer["anzahl"] == 5
    found = {i["slug"]: (i["bewertung"]["kategorie"], i["bewertung"]["stufe"]) for i in answer["indikatoren"]}
    assert found == CATEGORIES
    solar = next(i for i in answer["indikatoren"] if i["slug"] == "solarleistung")
    assert solar["letzter_wert"] == {
        "jahr": 2024,
        "wert": 620.0,
        "vorlaeufig": True,
        "quelle": GAMMA + "quelle/indikatorenbericht-2025",
    }
    assert solar["bewertung"]["begruendung"] == (
        "benötigt +13,0 % pro Jahr, erreicht +15,7 % (2021–2024, Ziel 1.200 bis 2030)"
    )
    assert solar["bewertung"]["verhaeltnis"] == pytest.approx(1.2115, abs=1e-3)


def test_one_indicator_with_all_its_values_and_its_sdg_indicator(client: TestClient) -> None:
    solar = client.get("/api/indikatoren/solarleistung", params={"stadt": "gamma"}).json()
    assert [(v["jahr"], v["wert"]) for v in solar["werte"]] == [(2021, 400), (2022, 460), (2023, 540), (2024, 620)]
    assert (solar["einheit"], solar["zielart"], solar["richtung"]) == (
        "http://qudt.org/vocab/unit/KiloW",
        "mindestens",
        "hoeher",
    )
    energy = client.get("/api/indikatoren/erneuerbare-energie", params={"stadt": "gamma"}).json()
    assert energy["sdg_indikatoren"] == [
        {
            "iri": "http://metadata.un.org/sdg/C070201",
            "code": "7.2.1",
            "titel_un": "Renewable energy share in the total final energy consumption",
        }
    ]
    assert energy["zielwert"] is None and energy["bewertung"]["begruendung"].startswith("ohne Zielwert")
    missing = client.get("/api/indikatoren/gibt-es-nicht", params={"stadt": "gamma"})
    assert missing.status_code == 404 and "gibt-es-nicht" in missing.json()["fehler"]


def test_each_goal_summarises_its_indicators_and_the_whole_strategy_too(client: TestClient) -> None:
    answer = client.get("/api/fortschritt", params={"stadt": "gamma"}).json()
    assert {g["iri"].removeprefix(GAMMA): g["worte"] for g in answer["ziele"]} == GOALS
    # levels 1, 3, 2, 1 (one not assessed): sorted 1, 1, 2, 3, of the two in the middle the worse: 2
    assert (answer["gesamt"]["stufe"], answer["gesamt"]["worte"]) == (2, "mäßig")
    assert answer["gesamt"]["begruendung"].startswith("4 von 5 Indikatoren bewertet")


def test_a_strategy_without_indicators_says_so(client: TestClient) -> None:
    assert client.get("/api/indikatoren", params={"stadt": "bochum"}).json()["anzahl"] == 0
    answer = client.get("/api/fortschritt", params={"stadt": "bochum"}).json()
    assert (answer["gesamt"]["worte"], answer["ziele"]) == ("keine Bewertung", [])


def test_the_cli_gives_the_apis_answer(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--root", str(ROOT), "--data", str(settings.data), "--stadt", "gamma", "fortschritt"]
    assert main([*base, "--format", "json"]) == EXIT_OK
    answer = json.loads(capsys.readouterr().out)
    assert {i["slug"]: i["bewertung"]["kategorie"] for i in answer["indikatoren"]} == {
        slug: words for slug, (words, _) in CATEGORIES.items()
    }
    assert main(base) == EXIT_OK
    text = capsys.readouterr().out
    assert "↗ mäßiger Fortschritt: CO₂-Emissionen je Einwohnerin und Einwohner – 6,8 t CO₂ je Einw. (2023)" in text
    assert main([*base, "--format", "csv"]) == EXIT_OK
    assert capsys.readouterr().out.splitlines()[0].startswith("indikator,iri,einheit,letzter_wert")


def test_the_measures_by_status_as_the_sources_state_it_and_as_the_graph_holds_it(client: TestClient) -> None:
    """Bochum: the slides of 08/2024 count 34 umgesetzt, 38 laufend, 3 eingestellt or integrated of 75
    (data/bochum/kennzahlen.ttl); the graph holds 66 Kernaktivitäten: 34 umgesetzt, 30 laufend, 1 eingestellt,
    1 überführt. gamma: two measures with a dated history (tests/fixtures/staedte/README.md), five in all."""
    bochum = client.get("/api/fortschritt", params={"stadt": "bochum"}).json()["umsetzung"]
    stated = {(a["stichtag"], a["angabe"]): (a["anzahl"], sorted(a["status"])) for a in bochum["laut_quellen"]}
    assert stated[("2024-08", "Umgesetzte Kernaktivitäten")] == (34, ["umgesetzt"])
    assert stated[("2024-08", "Laufende Kernaktivitäten")] == (38, ["laufend"])
    assert stated[("2024-08", "Eingestellte oder integrierte Kernaktivitäten")] == (3, ["eingestellt", "ueberfuehrt"])
    assert stated[("2024-08", "Beschlossene Kernaktivitäten")] == (75, [])
    planned = [a for a in bochum["laut_quellen"] if a["angabe"] == "Geplante Kernaktivitäten bis 2030"]
    assert len(planned) == 1 and len(planned[0]["quellen"]) == 3  # one figure, three sources that state it
    assert bochum["gesamt"] == 66 and bochum["bezeichnung_massnahmen"] == "Kernaktivitäten"
    assert {k: v for k, v in bochum["heute"].items() if v} == {
        "umgesetzt": 34,
        "laufend": 30,
        "eingestellt": 1,
        "ueberfuehrt": 1,
    }
    gamma = client.get("/api/fortschritt", params={"stadt": "gamma"}).json()["umsetzung"]
    assert gamma["laut_quellen"] == []
    assert [(v["jahresende"], {k: n for k, n in v["anzahl"].items() if n}) for v in gamma["aus_statusverlauf"]] == [
        (2022, {"geplant": 2}),  # Solaroffensive 2022-06, Fahrradparkhaus 2022
        (2023, {"laufend": 2}),  # 2023-04 and 2023-03
        (2025, {"laufend": 1, "umgesetzt": 1}),  # Fahrradparkhaus umgesetzt 2025-09-30
    ]
    assert {k: v for k, v in gamma["heute"].items() if v} == {"geplant": 3, "laufend": 1, "umgesetzt": 1}


def test_sdg_and_goal_pages_show_the_indicators(settings: Settings) -> None:
    """gamma's „Anteil erneuerbarer Energie“ corresponds to 7.2.1 (a proposed Zuordnung): on the pages of SDG 7
    and target 7.2, not on SDG 11; the goal „Gamma wird klimaneutral“ shows its one indicator, mäßig."""
    from fastapi.testclient import TestClient

    from stratgraph.api import create_app

    html = {"Accept": "text/html"}
    with TestClient(create_app(settings)) as pages:
        for code in ("7", "7.2"):
            page = pages.get(f"/sdg/{code}", params={"stadt": "gamma"}, headers=html).text
            assert 'href="/indikator/erneuerbare-energie"' in page and "entspricht 7.2.1" in page, code
        assert "/indikator/" not in pages.get("/sdg/11", params={"stadt": "gamma"}, headers=html).text
        goal = pages.get("/stratgraph/gamma/leitlinie/gamma-wird-klimaneutral", headers=html).text
        assert "Fortschritt: mäßig" in goal and 'href="/indikator/co2-je-einwohner"' in goal
        assert "Fortschritt:" not in pages.get("/stratgraph/gamma/massnahme/solaroffensive", headers=html).text


def test_the_implementation_chart_draws_the_counts_with_their_words(settings: Settings) -> None:
    """The /fortschritt chart of the measures by status: an SVG whose bars carry the numbers above (Bochum's slides
    of 08/2024, the graph today; gamma's status histories at each year's end, oldest first), named in words in the
    image's text alternative."""
    import html as entities
    import re

    from fastapi.testclient import TestClient

    from stratgraph.api import create_app

    with TestClient(create_app(settings)) as pages:
        page = pages.get("/fortschritt", params={"stadt": "bochum"}, headers={"Accept": "text/html"}).text
        alt = entities.unescape(re.search(r'<img src="/fortschritt/umsetzung.svg[^"]*" alt="([^"]*)"', page)[1])
        assert "08/2024 laut Quellen: 34 umgesetzt, 38 laufend, 3 eingestellt oder überführt" in alt
        assert "heute im Graphen: 34 umgesetzt, 30 laufend, 1 eingestellt, 1 überführt" in alt
        chart = pages.get("/fortschritt/umsetzung.svg", params={"stadt": "bochum"})
        assert chart.status_code == 200 and chart.headers["content-type"].startswith("image/svg+xml")
        words = re.findall(r">([^<>]+)</text>", chart.text)  # svg.fonttype none: the numbers stay text
        assert {"34", "38", "30", "08/2024 laut Quellen", "heute im Graphen"} <= {w.strip() for w in words}
        gamma = pages.get("/fortschritt", params={"stadt": "gamma"}, headers={"Accept": "text/html"}).text
        alt = entities.unescape(re.search(r'<img src="/fortschritt/umsetzung.svg[^"]*" alt="([^"]*)"', gamma)[1])
        assert alt.index("Ende 2022 (Statusverläufe): 2 geplant") < alt.index("Ende 2023 (Statusverläufe): 2 laufend")
        assert "Ende 2025 (Statusverläufe): 1 umgesetzt, 1 laufend" in alt
        assert "heute im Graphen: 1 umgesetzt, 1 laufend, 3 geplant" in alt
