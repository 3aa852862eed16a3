"""The general model on both shapes: Bochum as one configuration of levels, and the hand-made five-level strategy
gamma (Themenfeld › Leitlinie › strategisches Ziel › operatives Ziel › Maßnahme). Expected answers are counted by
hand in tests/fixtures/staedte/README.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from stratgraph.cli import EXIT_INVALID, EXIT_OK, main
from stratgraph.model.graph import load_turtle, turtle_files
from stratgraph.model.namespaces import STRAT
from stratgraph.store.embedded import EmbeddedStore
from stratgraph.store.named_queries import load_named_queries
from stratgraph.strategies.workbook import build_strategy

from .conftest import FIXTURES, ROOT, data_folder

SHARED = [ROOT / "ontology" / "stratgraph.ttl", ROOT / "data" / "sdg.ttl"]


def _store(folder: Path) -> EmbeddedStore:
    graph: Graph = load_turtle([*SHARED, *turtle_files(folder)])
    return EmbeddedStore(graph)


def _per_level(folder: Path) -> dict[tuple[str, str], tuple[int, int]]:
    query = load_named_queries(ROOT / "queries")["sdg_bezuege_nach_ebene"]
    rows = _store(folder).select(query.text)
    return {(str(r["ebenenname"]), str(r["code"])): (int(r["elemente"]), int(r["zuordnungen"])) for r in rows}


def test_goals_and_measures_are_counted_per_level_never_summed() -> None:
    counts = _per_level(FIXTURES / "staedte" / "gamma")
    assert counts == {
        ("Maßnahme", "7"): (2, 2),  # Solaroffensive, Bürgerenergie-Beratung
        ("Maßnahme", "11"): (3, 3),  # Radschnellweg, Fahrradparkhaus (its 9.1 link is rejected), Elektrobusse
        ("operatives Ziel", "7"): (1, 1),
        ("operatives Ziel", "11"): (2, 2),
        ("strategisches Ziel", "7"): (1, 1),
        ("Leitlinie", "13"): (1, 1),
    }


def test_bochum_is_one_configuration_of_the_levels() -> None:
    store = _store(ROOT / "data" / "bochum")
    rows = store.select(
        """PREFIX strat: <https://w3id.org/stratgraph/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?name ?art (COUNT(?element) AS ?n) WHERE {
          ?ebene a strat:Ebene ; skos:prefLabel ?name ; strat:hatEbenenart ?art .
          OPTIONAL { ?element strat:aufEbene ?ebene }
        } GROUP BY ?name ?art"""
    )
    levels = {str(r["name"]): (str(r["art"]).rsplit("#", 1)[-1], int(r["n"])) for r in rows}
    # the sources: 5 Kompetenzen with 2 strategische Ziele each, 25 Schwerpunkte, 66 Kernaktivitäten named
    assert levels["Kompetenz"] == ("gliederungsebene", 5)
    assert levels["strategisches Ziel"] == ("zielebene", 10)
    assert levels["Schwerpunkt"] == ("gliederungsebene", 25)
    assert levels["Kernaktivität"] == ("massnahmenebene", 66)
    assert levels["programmatisches Ziel"][0] == "zielebene"
    measures = {k: v for k, v in _per_level(ROOT / "data" / "bochum").items() if k[0] == "Kernaktivität"}
    assert measures and all(n <= 66 for n, _ in measures.values())


def test_a_goal_s_sdg_link_is_reviewed_like_any_other(tmp_path: Path) -> None:
    # the office signs a link that starts at an operative goal of the five-level strategy
    data = data_folder(tmp_path / "data", "gamma")
    goal = "Solarleistung auf städtischen Dächern bis 2030 verdreifachen"
    argv = ["--root", str(ROOT), "--data", str(data), "--stadt", "gamma", "links", "review", goal, "7.2"]
    assert main([*argv, "--entscheidung", "bestätigt", "--rolle", "Musterstadt Gamma"]) == EXIT_OK
    links = Graph().parse(data / "gamma" / "zuordnungen.ttl")
    node = URIRef("https://w3id.org/stratgraph/gamma/zuordnung/solarleistung-verdreifachen--sdg--sdg-7-2")
    assert (node, STRAT.hatPruefstatus, STRAT.bestaetigt) in links


def test_the_workbook_names_a_link_as_the_link_files_do(tmp_path: Path) -> None:
    reference = load_turtle(SHARED)
    rows = {
        "Strategie": [
            {"feld": "name", "wert": "Epsilon"},
            {"feld": "herausgeber", "wert": "Stadt Epsilon"},
            {"feld": "quelle", "wert": "Beschluss Epsilon"},
        ],
        "Ebenen": [
            {"position": "1", "name": "Feld", "art": "gliederung"},
            {"position": "2", "name": "Maßnahme", "art": "massnahme", "uebergeordnet": "Feld"},
        ],
        "Elemente": [
            {"ebene": "Feld", "name": "Wohnen"},
            {"ebene": "Maßnahme", "name": "Mieterberatung", "gehoert_zu": "Wohnen", "status": "geplant"},
        ],
        "Bezuege": [
            {
                "von": "Mieterberatung",
                "art": "sdg",
                "zu": "keiner",
                "staerke": "direkt",
                "basis": "redaktionell",
                "pruefstatus": "vorgeschlagen",
                "begruendung": "Geprüft: die Beratung dient keinem SDG-Unterziel erkennbar.",
                "zugeordnet_von": "stratgraph",
                "datum": "2026-12-01",
            }
        ],
    }
    _, links = build_strategy(rows, "epsilon", "https://w3id.org/stratgraph/epsilon/", reference)
    node = URIRef("https://w3id.org/stratgraph/epsilon/zuordnung/mieterberatung--sdg--kein-sdg-bezug")
    assert (node, STRAT.zuordnungZu, STRAT.keinSdgBezug) in links
    assert not list(links.objects(None, STRAT.traegtBeiZuSdg))  # „kein Bezug“ leaves no direct triple


def test_validate_names_file_and_line_of_each_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A measure under an element two levels up and a status reached in the future: the report names the file
    and the line where the measure's statements start (counted here from the fixture's text)."""
    data = data_folder(tmp_path / "data", "gamma")
    path = data / "gamma" / "massnahmen.ttl"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "strat:gehoertZu <https://w3id.org/stratgraph/gamma/operatives-ziel/busse-elektrisch>",
        "strat:gehoertZu <https://w3id.org/stratgraph/gamma/leitlinie/gamma-wird-klimaneutral>",
    ).replace('"2023-04"^^xsd:gYearMonth', '"2099-04"^^xsd:gYearMonth')
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    bus = 1 + next(
        i
        for i, line in enumerate(lines)
        if line.startswith("<https://w3id.org/stratgraph/gamma/massnahme/elektrobusse")
    )
    solar = 1 + next(
        i
        for i, line in enumerate(lines)
        if line.startswith("<https://w3id.org/stratgraph/gamma/massnahme/solaroffensive>")
    )
    base = ["--root", str(ROOT), "--data", str(data), "validate"]
    assert main(base) == EXIT_INVALID
    out = capsys.readouterr().out
    assert f"massnahmen.ttl, Zeile {bus}" in out and f"massnahmen.ttl, Zeile {solar}" in out
    assert main([*base, "--format", "json"]) == EXIT_INVALID
    findings = json.loads(capsys.readouterr().out)["befunde"]
    places = {(f["fokus"].rsplit("/", 1)[1], f["zeile"]) for f in findings if f["datei"]}
    assert places == {("elektrobusse-linien-1-bis-5", bus), ("solaroffensive", solar)}
    assert all(f["datei"].endswith("gamma/massnahmen.ttl") for f in findings)


def test_bochum_findings_are_located_in_prefixed_turtle(tmp_path: Path) -> None:
    from stratgraph.strategies.validation import subject_lines

    where = subject_lines([ROOT / "data" / "bochum" / "kernaktivitaeten.ttl"], ROOT)
    iri = "https://w3id.org/stratgraph/bochum/kernaktivitaet/gigabit-city-bochum"
    file, line = where[iri]
    assert file == "data/bochum/kernaktivitaeten.ttl"
    assert (ROOT / file).read_text(encoding="utf-8").splitlines()[line - 1].startswith("ka:gigabit-city-bochum ")
