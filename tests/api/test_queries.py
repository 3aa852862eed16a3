"""The query folder is the API: listing, parameters in OpenAPI, paging, CSV, and injection-proof binding."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from stratgraph.store.named_queries import load_named_queries

from ..conftest import ROOT, STORES, service_client

STATUS = "https://w3id.org/stratgraph/ontology#"
SHOOTINGSTAR = "https://w3id.org/stratgraph/bochum/kompetenz/shootingstar-der-wissensarbeit"


@pytest.fixture(scope="module", params=STORES)
def client(request: pytest.FixtureRequest, served_dist: Path) -> Iterator[TestClient]:
    yield from service_client(request, served_dist)


def test_listing_matches_the_folder(client: TestClient) -> None:
    listed = {q["name"]: q for q in client.get("/api/queries").json()}
    assert set(listed) == {p.stem for p in (ROOT / "queries").glob("*.rq")}
    assert listed["suche"]["parameter"] == [
        {"name": "text", "pflicht": True, "typ": "literal", "standard": None, "erlaubt": None}
    ]
    assert all(q["zusammenfassung"].endswith("?") for q in listed.values())


def test_openapi_describes_each_query(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    operation = spec["paths"]["/api/queries/kernaktivitaeten"]["get"]
    assert operation["operationId"] == "kernaktivitaeten"
    params = {p["name"]: p for p in operation["parameters"]}
    assert params["status_iri"]["schema"]["enum"] == [
        STATUS + s for s in ("umgesetzt", "laufend", "eingestellt", "ueberfuehrt", "geplant")
    ]
    assert params["kompetenz_iri"]["required"] is False
    assert set(params) >= {"limit", "offset", "format"}


def test_filter_by_parameters(client: TestClient) -> None:
    body = client.get("/api/queries/kernaktivitaeten", params={"status_iri": STATUS + "eingestellt"}).json()
    assert [b["name"]["value"] for b in body["results"]["bindings"]] == ["Fonds für IT-Sicherheit"]
    body = client.get(
        "/api/queries/kernaktivitaeten", params={"kompetenz_iri": SHOOTINGSTAR, "status_iri": STATUS + "umgesetzt"}
    ).json()
    assert body["stratgraph"]["total"] == 7  # the umgesetzte of Shootingstar in seed 004


def test_paging_and_csv(client: TestClient) -> None:
    first = client.get("/api/queries/kernaktivitaeten", params={"limit": 50}).json()
    assert first["stratgraph"]["total"] == 66 and len(first["results"]["bindings"]) == 50
    assert first["stratgraph"]["next_offset"] == 50
    rest = client.get("/api/queries/kernaktivitaeten", params={"limit": 50, "offset": 50}).json()
    assert len(rest["results"]["bindings"]) == 16 and rest["stratgraph"]["next_offset"] is None
    response = client.get("/api/queries/kernaktivitaeten", params={"format": "csv", "limit": 1000})
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert len(list(csv.DictReader(io.StringIO(response.text)))) == 66


def test_search_ignores_case_umlauts_and_dashes(client: TestClient) -> None:
    def names(text: str) -> list[str]:
        body = client.get("/api/queries/suche", params={"text": text}).json()
        return [b["name"]["value"] for b in body["results"]["bindings"]]

    assert names("Buergerservice") == ["„Mein Bochum“ – Bürgerservices, Anträge, Informationen"]
    assert names("gigabit city") == ["Gigabit-City Bochum"]
    assert "Klima" in names("climate")  # English name
    assert names("Lebenswerte, sichere") == ["Lebenswerte Stadtteile und Wohnquartiere"]  # older name


@pytest.mark.parametrize(
    "value",
    [
        '" } ; DROP ALL #',
        "x') } UNION { ?s ?p ?o",
        "<http://evil>",
        "{}",
        '\\" . } } SELECT * WHERE { ?s ?p ?o',
        'zwei\nZeilen\\"',  # rdflib's n3() escapes its own closing quote here: was a 500
        "\x00\x01\x7f\\u0022",
    ],
)
def test_injection_is_a_harmless_literal(client: TestClient, value: str) -> None:
    response = client.get("/api/queries/suche", params={"text": value})
    assert response.status_code == 200
    assert response.json()["results"]["bindings"] == []
    assert client.get("/api/queries/kernaktivitaeten").json()["stratgraph"]["total"] == 66  # nothing dropped


@pytest.mark.parametrize(
    "value",
    ["> } ; DROP ALL", "http://a b", "keine-iri", 'http://x" } SELECT'],
)
def test_bad_iri_parameters_are_400(client: TestClient, value: str) -> None:
    response = client.get("/api/queries/kernaktivitaeten", params={"kompetenz_iri": value})
    assert response.status_code == 400
    assert "IRI" in response.json()["fehler"]


def test_other_bad_requests(client: TestClient) -> None:
    assert client.get("/api/queries/suche").status_code == 400  # required text missing
    assert client.get("/api/queries/kernaktivitaeten", params={"status_iri": STATUS + "begonnen"}).status_code == 400
    assert client.get("/api/queries/kernaktivitaeten", params={"limit": 0}).status_code == 400
    assert client.get("/api/queries/kernaktivitaeten", params={"farbe": "blau"}).status_code == 400
    assert client.get("/api/queries/gibt-es-nicht").status_code == 404


def test_catalog_reads_every_header() -> None:
    catalog = load_named_queries(ROOT / "queries")
    assert catalog["sdg_pfade"].tags == ("sdg", "abdeckung")
    assert [p.name for p in catalog["kernaktivitaeten"].parameters] == [
        "kompetenz_iri",
        "status_iri",
        "schwerpunkt_iri",
        "querschnittsthema_iri",
        "sdg_iri",
        "wege",
    ]
    wege = catalog["kernaktivitaeten"].parameters[-1]
    assert (wege.default, wege.allowed, wege.required) == ("direkt", ("direkt", "alle"), False)


def test_every_named_query_has_an_order_for_paging() -> None:
    # pages of one question must fit together, on any store: every public query sorts its rows
    catalog = load_named_queries(ROOT / "queries")
    assert [name for name, query in catalog.items() if "ORDER BY" not in query.text.upper()] == []
