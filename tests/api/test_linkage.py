"""The linkage API answers the users' questions with answers fixed by the sources or by the editorial table."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ..conftest import STORES, service_client

BASE = "https://w3id.org/stratgraph/bochum/"


@pytest.fixture(scope="module", params=STORES)
def client(request: pytest.FixtureRequest, served_dist: Path) -> Iterator[TestClient]:
    yield from service_client(request, served_dist)


def test_zielsystem_tree(client: TestClient) -> None:
    tree = client.get("/api/zielsystem").json()
    assert tree["wesenskern"]["name"] == "Wissen – Wandel – Wir-Gefühl"
    wissen = next(t for t in tree["wesenskern"]["leitbegriffe"] if t["name"] == "Wissen")
    assert sorted(wissen["kompetenzen"]) == [
        BASE + "kompetenz/shootingstar-der-wissensarbeit",
        BASE + "kompetenz/talentschmiede-im-ruhrgebiet",
    ]
    assert tree["kompetenzen"][0]["name"] == "Vorreiterin modernen Stadtmanagements"
    assert all(len(k["schwerpunkte"]) == 5 and len(k["strategische_ziele"]) == 2 for k in tree["kompetenzen"])
    hotspot = tree["kompetenzen"][2]
    assert [s["programmatische_ziele"] for s in hotspot["schwerpunkte"]] == [1, 1, 3, 3, 2]
    assert [q["name"] for q in tree["querschnittsthemen"]] == [
        "Gesellschaftliche Vielfalt",
        "Soziale Lage",
        "Sicherheit",
        "Klima",
        "Digitalisierung",
    ]


def test_kompetenzen_with_status_counts_fixed_by_sources(client: TestClient) -> None:
    # seed 004 lists per Kompetenz; the one eingestellt (Fonds für IT-Sicherheit) is a Shootingstar project,
    # the one überführt (Bochums Speisekammer) a Großstadt project
    counts = {k["slug"]: k["kernaktivitaeten"] for k in client.get("/api/kompetenzen").json()}
    assert list(counts) == [
        "vorreiterin-modernen-stadtmanagements",
        "grossstadt-mit-lebensgefuehl",
        "hotspot-der-live-kultur",
        "talentschmiede-im-ruhrgebiet",
        "shootingstar-der-wissensarbeit",
    ]
    assert counts["talentschmiede-im-ruhrgebiet"] == {
        "gesamt": 13,
        "umgesetzt": 4,
        "laufend": 9,
        "eingestellt": 0,
        "ueberfuehrt": 0,
        "geplant": 0,  # the general status scheme; Bochum's sources name no planned Kernaktivität
    }
    assert counts["shootingstar-der-wissensarbeit"]["eingestellt"] == 1
    assert counts["grossstadt-mit-lebensgefuehl"]["ueberfuehrt"] == 1
    assert sum(c["gesamt"] for c in counts.values()) == 66
    assert sum(c["umgesetzt"] for c in counts.values()) == 34


def test_one_kompetenz_with_goals_schwerpunkte_and_kernaktivitaeten(client: TestClient) -> None:
    hotspot = client.get("/api/kompetenzen/hotspot-der-live-kultur").json()
    assert hotspot["name"] == "Hotspot der Live-Kultur" and hotspot["leitbegriffe"] == ["Wir-Gefühl"]
    assert [z["name"] for z in hotspot["strategische_ziele"]] == [
        "Klima der Inspiration, Vielfalt, Kreativität",
        "Kulturreichweite",
    ]
    assert [len(s["programmatische_ziele"]) for s in hotspot["schwerpunkte"]] == [1, 1, 3, 3, 2]
    pop = hotspot["schwerpunkte"][1]
    assert pop["name"] == "Erstklassige Pop-Kultur"
    assert pop["programmatische_ziele"] == ["Wir entwickeln und stärken populäre Festival- und Veranstaltungsformate."]
    assert {k["name"] for k in pop["kernaktivitaeten"]} >= {"FestivalStadt Bochum", "Wortfestival in Bochum"}
    assert "redaktionell" in hotspot["hinweis"]
    assert client.get("/api/kompetenzen/gibt-es-nicht").status_code == 404
    assert client.get("/api/kompetenzen/a%22%3E%20%7D").status_code == 404  # a path that is none of ours


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "eingestellt"}, 1),
        ({"kompetenz": "talentschmiede-im-ruhrgebiet"}, 13),
        ({"kompetenz": "talentschmiede-im-ruhrgebiet", "status": "umgesetzt"}, 4),
        ({}, 66),
    ],
)
def test_kernaktivitaeten_filters_fixed_by_sources(client: TestClient, params: dict[str, str], expected: int) -> None:
    assert client.get("/api/kernaktivitaeten", params=params).json()["anzahl"] == expected


def test_kernaktivitaeten_filters_on_editorial_links(client: TestClient) -> None:
    # from the editorial table (data/zuordnungen.ttl): who reaches SDG 7 and who addresses Sicherheit
    sdg7 = client.get("/api/kernaktivitaeten", params={"sdg": "7.2"}).json()
    assert {k["name"] for k in sdg7["kernaktivitaeten"]} == {
        "Bochumer Wärmewende",
        "mission solar – Unsere Gebäude haben mehr drauf!",
    }
    assert "redaktionelle" in sdg7["hinweis"]
    sicherheit = client.get("/api/kernaktivitaeten", params={"querschnittsthema": "sicherheit"}).json()
    assert {k["name"] for k in sicherheit["kernaktivitaeten"]} == {
        "Bochumer City-Wache",
        "Stärkung des IT-Sicherheit-Standortes Bochum",
    }


def test_one_kernaktivitaet(client: TestClient) -> None:
    ka = client.get("/api/kernaktivitaeten/bochums-speisekammer").json()
    assert ka["name"] == "Bochums Speisekammer – Markthalle im Herzen der Stadt"
    assert ka["status"]["name"] == "überführt"
    assert ka["ueberfuehrt_in"]["name"] == "Haus des Wissens"
    assert ka["kompetenz"]["name"] == "Großstadt mit Lebensgefühl"
    no_sdg = [link for link in ka["zuordnungen"] if link["zu"].endswith("#keinSdgBezug")]
    assert len(no_sdg) == 1 and no_sdg[0]["pruefstatus"] == "vorgeschlagen"
    gigabit = client.get("/api/kernaktivitaeten/gigabit-city-bochum").json()
    assert gigabit["verantwortlich"] == [{"iri": BASE + "organisation/dezernat-iii", "name": "Dezernat III"}]
    assert {link["sdg"] for link in gigabit["zuordnungen"] if link["eigenschaft"] == "traegtBeiZuSdg"} == {"9.1"}


def test_querschnittsthemen_and_sdgs(client: TestClient) -> None:
    themes = {t["name"]: t for t in client.get("/api/querschnittsthemen").json()}
    assert {link["sdg"] for link in themes["Klima"]["zuordnungen"]} == {"7", "11", "12", "13"}
    sdgs = {s["code"]: s for s in client.get("/api/sdgs").json()["sdgs"]}
    assert len(sdgs) == 17 and sdgs["6"]["direkt"] == sdgs["6"]["nur_ueber_thema"] == 0
    goal = client.get("/api/sdgs/7").json()
    assert goal["unterziele"]["7.2"] == ["Bochumer Wärmewende", "mission solar – Unsere Gebäude haben mehr drauf!"]


def test_coverage_gaps_and_why(client: TestClient) -> None:
    matrix = client.get("/api/abdeckung", params={"status": "eingestellt"}).json()
    linked = {k for row in matrix["zeilen"] for cell in row["zellen"] for k in cell["direkt"] + cell["nur_ueber_thema"]}
    # the only eingestellte one, the Fonds für IT-Sicherheit, is marked „kein klarer SDG-Bezug“: on no path at all
    assert linked == set()
    gaps = client.get("/api/luecken").json()
    assert gaps["sdgs_ohne"] == ["6", "14"]
    why = client.get("/api/warum", params={"kernaktivitaet": "gigabit-city-bochum", "sdg": "9"}).json()
    assert len(why["wege"]) == 2  # 9.1 and via Digitalisierung (9.c was removed after review)


@pytest.mark.parametrize(
    "path",
    [
        "/api/kernaktivitaeten?status=begonnen",
        "/api/kernaktivitaeten?kompetenz=..%2F..%2Fx",
        "/api/kernaktivitaeten?sdg=18",
        "/api/abdeckung?nach=farbe",
        "/api/kernaktivitaeten?kompetenz=a%3E%20%7D",
    ],
)
def test_bad_filters_are_400(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 400 and "fehler" in response.json()


def test_unknown_resources_are_404(client: TestClient) -> None:
    assert client.get("/api/kernaktivitaeten/gibt-es-nicht").status_code == 404
    assert client.get("/api/warum", params={"kernaktivitaet": "gibt-es-nicht", "sdg": "9"}).status_code == 404


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Buergerservice", "„Mein Bochum“ – Bürgerservices, Anträge, Informationen"),  # ü typed as ue
        ("talent forge", "Talentschmiede im Ruhrgebiet"),  # the English name
        ("Grosstadt mit", "Großstadt mit Lebensgefühl"),  # the older spelling (altLabel)
        ("live kultur", "Hotspot der Live-Kultur"),  # dash and space ignored
        ("Bürgerservice", "„Mein Bochum“ – Bürgerservices, Anträge, Informationen"),  # the umlaut itself
        ("GROSSSTADT – mit", "Großstadt mit Lebensgefühl"),  # ß as ss, case and the Gedankenstrich ignored
    ],
)
def test_search_over_names(client: TestClient, text: str, expected: str) -> None:
    found = client.get("/api/suche", params={"text": text}).json()
    assert expected in [hit["name"] for hit in found["treffer"]]


@pytest.mark.parametrize(
    ("text", "iri", "kind"),
    [
        ("13", "http://metadata.un.org/sdg/13", "SDG-Ziel"),
        ("SDG 13", "http://metadata.un.org/sdg/13", "SDG-Ziel"),
        ("sdg13", "http://metadata.un.org/sdg/13", "SDG-Ziel"),
        ("13.2", "http://metadata.un.org/sdg/13.2", "SDG-Unterziel"),
        ("11.a", "http://metadata.un.org/sdg/11.a", "SDG-Unterziel"),
    ],
)
def test_search_finds_an_sdg_by_its_number(client: TestClient, text: str, iri: str, kind: str) -> None:
    first = client.get("/api/suche", params={"text": text}).json()["treffer"][0]
    assert (first["iri"], first["arten"]) == (iri, [kind])


def test_search_names_the_kinds_in_german(client: TestClient) -> None:
    found = client.get("/api/suche", params={"text": "Bürgerservice"}).json()["treffer"]
    hit = next(h for h in found if h["name"].startswith("„Mein Bochum“"))
    assert "Kernaktivitaet" in hit["klassen"] and "Kernaktivität" in hit["arten"]  # the ontology's rdfs:label


def test_search_needs_a_text(client: TestClient) -> None:
    assert client.get("/api/suche").status_code == 400
    assert client.get("/api/suche", params={"text": "x"}).status_code == 400
    for value in ('"} ; DROP ALL #', 'zwei\nZeilen\\"'):  # the second was a 500 with rdflib's n3()
        harmless = client.get("/api/suche", params={"text": value})
        assert harmless.status_code == 200 and harmless.json()["anzahl"] == 0


@pytest.mark.parametrize(
    "path",
    [
        "/api/luecken?kompetenz=gibtsnicht",
        "/api/abdeckung?kompetenz=gibtsnicht",
        "/api/sdgs/7?kompetenz=gibtsnicht",
        "/api/kernaktivitaeten?kompetenz=gibtsnicht",
        "/api/kernaktivitaeten?schwerpunkt=gibtsnicht",
        "/api/kernaktivitaeten?querschnittsthema=gibtsnicht",
    ],
)
def test_an_unknown_name_in_any_filter_is_400_with_the_valid_ones(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 400
    assert "„gibtsnicht“" in response.json()["fehler"]


def test_a_near_name_gets_a_suggestion_and_a_full_name_is_resolved(client: TestClient) -> None:
    near = client.get("/api/abdeckung", params={"kompetenz": "Großstadt"})
    assert near.status_code == 400
    assert "meinten Sie „Großstadt mit Lebensgefühl“?" in near.json()["fehler"]
    by_name = client.get("/api/kernaktivitaeten", params={"kompetenz": "großstadt mit lebensgefuehl"}).json()
    by_slug = client.get("/api/kernaktivitaeten", params={"kompetenz": "grossstadt-mit-lebensgefuehl"}).json()
    assert by_name == by_slug and by_name["anzahl"] > 0
    status = client.get("/api/luecken", params={"status": "umgesezt"})
    assert status.status_code == 400 and "meinten Sie „umgesetzt“?" in status.json()["fehler"]


def test_closed_values_are_enums_from_the_ontology(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/api/abdeckung"]["get"]
    schemas = {p["name"]: p["schema"] for p in operation["parameters"]}
    assert schemas["status"]["enum"] == ["umgesetzt", "laufend", "eingestellt", "ueberfuehrt", "geplant"]
    assert schemas["pruefstatus"]["enum"] == ["vorgeschlagen", "bestaetigt", "abgelehnt"]
    assert schemas["staerke"]["enum"] == ["direkt", "indirekt"]
    assert schemas["nach"]["enum"] == ["kompetenz", "schwerpunkt", "querschnittsthema", "ziele"]


def test_sdg_filter_counts_own_links_and_names_theme_paths_apart(client: TestClient) -> None:
    direct = client.get("/api/kernaktivitaeten", params={"sdg": "13"}).json()
    everything = client.get("/api/kernaktivitaeten", params={"sdg": "13", "wege": "alle"}).json()
    # 11 Kernaktivitäten reach SDG 13 in all; 5 of them only through a theme (seen by hand in the editorial table)
    assert direct["anzahl"] == 6 and everything["anzahl"] == 11
    assert all(item["wege"] == ["direkt"] for item in direct["kernaktivitaeten"])
    via = {i["name"]: i["wege"] for i in everything["kernaktivitaeten"] if i["wege"] != ["direkt"]}
    assert len(via) == 5
    assert via["Bochumer City-Wache"] == ["über das Querschnittsthema Sicherheit"]
    assert client.get("/api/kernaktivitaeten", params={"sdg": "13", "wege": "viele"}).status_code == 400


def test_schwerpunkt_of_a_kernaktivitaet_is_marked_editorial(client: TestClient) -> None:
    items = client.get("/api/kernaktivitaeten").json()["kernaktivitaeten"]
    with_schwerpunkt = [i for i in items if i["schwerpunkt"] is not None]
    assert len(with_schwerpunkt) == 66
    assert {i["schwerpunkt_basis"] for i in with_schwerpunkt} == {"redaktionell"}
    # 30 statuses are inferred (all the „laufend“ ones; the sources list only the 34 umgesetzte by name)
    inferred = [i for i in items if i["status_erschlossen"]]
    assert len(inferred) == 30 and {i["status"] for i in inferred} == {"laufend"}


def test_a_target_is_drilled_into_like_the_cli_does(client: TestClient) -> None:
    detail = client.get("/api/sdgs/13.2").json()
    assert detail["unterziel"] == "13.2" and detail["titel_un"].startswith("Integrate climate change measures")
    assert detail["kernaktivitaeten"] == [
        "Bochumer Wärmewende",
        "Vorfahrt ÖPNV – Leitprojekte öffentlicher Nahverkehr",
        "mission solar – Unsere Gebäude haben mehr drauf!",
    ]
    assert client.get("/api/sdgs/13.9").status_code == 404
    assert client.get("/api/sdgs/%C2%B2").status_code == 404  # a superscript two is no code
