"""Any strategy's shape in a day: `stratgraph vorlage` writes the workbook (v2), `import-stadt` takes a filled one in,
and the export is the import's exact inverse (Bochum and the hand-made five-level strategy gamma).

The filled workbook is written here by hand (rows below), so the expected graph comes from this file, not from the
code under test."""

from __future__ import annotations

import datetime
import shutil
import time
from pathlib import Path

import openpyxl.writer.excel
import pytest
from openpyxl import Workbook, load_workbook
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SKOS

from stratgraph.cli import EXIT_OK, EXIT_USAGE, main
from stratgraph.model.namespaces import SDG, STRAT
from stratgraph.strategies.workbook import SHEETS, read_workbook

from .conftest import FIXTURES, ROOT

DELTA = "https://w3id.org/stratgraph/delta/"
STRATEGY = [
    {"feld": "Name der Strategie", "wert": "Nachhaltigkeitsstrategie Delta 2035"},
    {"feld": "Herausgeber (Stadt)", "wert": "Stadt Delta"},
    {"feld": "Beginn (Jahr, z. B. 2022)", "wert": "2023"},
    {"feld": "Zeithorizont (Jahr, z. B. 2030)", "wert": "2035"},
    {"feld": "Quelle: Titel des Dokuments oder Kennung", "wert": "Ratsbeschluss Delta 2035"},
    {"feld": "Quelle: Datei oder Adresse", "wert": "delta-2035.pdf"},
]
LEVELS = [
    {"position": "1", "name": "Themenfeld", "art": "gliederung"},
    {"position": "2", "name": "Leitlinie", "art": "ziel", "uebergeordnet": "Themenfeld"},
    {"position": "3", "name": "strategisches Ziel", "art": "ziel", "uebergeordnet": "Leitlinie"},
    {"position": "4", "name": "operatives Ziel", "art": "ziel", "uebergeordnet": "strategisches Ziel"},
    {"position": "5", "name": "Maßnahme", "art": "massnahme", "uebergeordnet": "operatives Ziel"},
]
ELEMENTS = [
    {"ebene": "Themenfeld", "position": "1", "name": "Mobilität"},
    {"ebene": "Leitlinie", "position": "1", "name": "Kurze Wege", "gehoert_zu": "Mobilität"},
    {"ebene": "strategisches Ziel", "position": "1", "name": "Umweltverbund stärken", "gehoert_zu": "Kurze Wege"},
    {"ebene": "operatives Ziel", "position": "1", "name": "Radanteil 25 %", "gehoert_zu": "Umweltverbund stärken"},
    {"ebene": "Maßnahme", "name": "Radweg Nord", "gehoert_zu": "Radanteil 25 %", "status": "geplant"},
    {"ebene": "Maßnahme", "name": "Radstation", "gehoert_zu": "Radanteil 25 %", "status": "laufend"},
]
HISTORY = [
    {"element": "Radstation", "status": "geplant", "erreicht_am": "2023-05"},
    {"element": "Radstation", "status": "laufend", "erreicht_am": "2024-02-01"},
]
LINK = {
    "staerke": "direkt",
    "basis": "redaktionell",
    "pruefstatus": "vorgeschlagen",
    "begruendung": "Mehr Radverkehr ist Teil eines nachhaltigen Verkehrssystems nach 11.2.",
    "zugeordnet_von": "Stadt Delta",
    "datum": "2026-12-01",
}
LINKS = [
    {"von": "Radanteil 25 %", "art": "sdg", "zu": "11.2", **LINK},  # a goal's SDG target
    {"von": "Radweg Nord", "art": "sdg", "zu": "11.2", **LINK},
]


def _rows(**changes: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    rows = {"Strategie": STRATEGY, "Ebenen": LEVELS, "Elemente": ELEMENTS, "Statusverlauf": HISTORY, "Bezuege": LINKS}
    return {k: [dict(r) for r in v] for k, v in {**rows, **changes}.items()}


def _workbook(path: Path, rows: dict[str, list[dict[str, str]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for name, columns in SHEETS.items():
        sheet = book.create_sheet(name)
        sheet.append([c for c, _ in columns])
        for row in rows.get(name, []):
            sheet.append([row.get(c, "") for c, _ in columns])
    book.save(path)
    return path


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copyfile(ROOT / "data" / "sdg.ttl", folder / "sdg.ttl")
    shutil.copytree(FIXTURES / "staedte" / "alpha", folder / "alpha")
    return folder


def _cli(data: Path, *argv: str) -> int:
    return main(["--root", str(ROOT), "--data", str(data), *argv])


def _graph(folder: Path) -> Graph:
    graph = Graph()
    for path in folder.glob("*.ttl"):
        graph.parse(path, format="turtle")
    return graph


def _rebased(graph: Graph, old: str, new: str) -> Graph:
    out = Graph()
    for triple in graph:
        out.add(
            tuple(  # type: ignore[arg-type]
                URIRef(new + str(t)[len(old) :]) if isinstance(t, URIRef) and str(t).startswith(old) else t
                for t in triple
            )
        )
    return out


def test_a_five_level_strategy_with_goal_links_and_planned_measures_is_imported(data: Path, tmp_path: Path) -> None:
    filled = _workbook(tmp_path / "delta.xlsx", _rows())
    assert _cli(data, "import-stadt", str(filled), "--stadt", "delta") == EXIT_OK
    graph = _graph(data / "delta")
    levels = {str(graph.value(lv, SKOS.prefLabel)): lv for lv in graph.subjects(RDF.type, STRAT.Ebene)}
    assert list(levels) and len(levels) == 5
    assert graph.value(levels["operatives Ziel"], STRAT.uebergeordneteEbene) == levels["strategisches Ziel"]
    assert graph.value(levels["Maßnahme"], STRAT.hatEbenenart) == STRAT.massnahmenebene
    goal = URIRef(DELTA + "operatives-ziel/radanteil-25")
    measure = URIRef(DELTA + "massnahme/radweg-nord")
    assert (goal, RDF.type, STRAT.Ziel) in graph and (
        goal,
        STRAT.gehoertZu,
        URIRef(DELTA + "strategisches-ziel/umweltverbund-staerken"),
    ) in graph
    assert (goal, STRAT.traegtBeiZuSdg, SDG["11.2"]) in graph  # an SDG link from a goal
    assert (measure, STRAT.hatStatus, STRAT.geplant) in graph
    station = URIRef(DELTA + "massnahme/radstation")
    entries = {
        str(graph.value(e, STRAT.erreichtAm)): graph.value(e, STRAT.nenntStatus)
        for e in graph.objects(station, STRAT.hatStatuseintrag)
    }
    assert entries == {"2023-05": STRAT.geplant, "2024-02-01": STRAT.laufend}
    assert _cli(data, "validate") == EXIT_OK  # beside alpha, in one graph


@pytest.mark.parametrize(
    ("sheet", "index", "column", "value", "message"),
    [
        ("Elemente", 4, "status", "erledigt", "Blatt Elemente, Zeile 6, Spalte status:"),
        (
            "Elemente",
            3,
            "gehoert_zu",
            "Kurze Wege",
            "steht auf der Ebene „Leitlinie“; erwartet ein Element der Ebene „strategisches Ziel“",
        ),
        ("Elemente", 1, "ebene", "Leitziel", "Blatt Elemente, Zeile 3, Spalte ebene: keine Ebene „Leitziel“"),
        ("Elemente", 1, "status", "laufend", "nur Maßnahmen haben einen Status"),
        ("Ebenen", 1, "uebergeordnet", "Maßnahme", "ein Ziel oder eine Gliederung kann nicht unter Maßnahmen"),
        ("Ebenen", 2, "uebergeordnet", "operatives Ziel", "steht nicht vor dieser Ebene"),
        ("Statusverlauf", 0, "erreicht_am", "2099-01", "„2099-01“ liegt in der Zukunft"),
        ("Statusverlauf", 0, "erreicht_am", "2019", "liegt vor dem Beginn der Strategie (2023)"),
        ("Bezuege", 0, "zu", "19", "Blatt Bezuege, Zeile 2, Spalte zu: „19“ ist kein SDG-Ziel"),
    ],
)
def test_bad_input_is_named_by_sheet_row_and_column_and_nothing_is_written(
    data: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    sheet: str,
    index: int,
    column: str,
    value: str,
    message: str,
) -> None:
    rows = _rows()
    rows[sheet][index][column] = value
    before = sorted(p.name for p in data.iterdir())
    assert _cli(data, "import-stadt", str(_workbook(tmp_path / "bad.xlsx", rows)), "--stadt", "delta") == EXIT_USAGE
    err = capsys.readouterr().err
    assert message in err, err
    assert "Traceback" not in err
    assert sorted(p.name for p in data.iterdir()) == before  # no delta/, no scratch folder


def test_one_bad_status_does_not_cascade_into_the_links(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _rows()
    rows["Elemente"][4]["status"] = "erledigt"
    assert _cli(data, "import-stadt", str(_workbook(tmp_path / "bad.xlsx", rows)), "--stadt", "delta") == EXIT_USAGE
    err = capsys.readouterr().err
    assert "(1 Fehler)" in err and "Bezuege" not in err


def test_an_existing_strategy_is_replaced_only_when_asked(data: Path, tmp_path: Path) -> None:
    filled = _workbook(tmp_path / "alpha.xlsx", _rows())
    kept = (data / "alpha" / "kernaktivitaeten.ttl").read_bytes()
    assert _cli(data, "import-stadt", str(filled), "--stadt", "alpha") == EXIT_USAGE
    assert (data / "alpha" / "kernaktivitaeten.ttl").read_bytes() == kept
    assert _cli(data, "import-stadt", str(filled), "--stadt", "alpha", "--ersetzen") == EXIT_OK
    assert sorted(p.name for p in (data / "alpha").iterdir()) == ["strategie.ttl", "zuordnungen.ttl"]
    assert not [p for p in data.iterdir() if p.name.startswith(".")]


def test_the_empty_template_has_every_sheet_dropdowns_and_an_example(data: Path, tmp_path: Path) -> None:
    path = tmp_path / "vorlage.xlsx"
    assert _cli(data, "vorlage", str(path)) == EXIT_OK
    book = load_workbook(path)
    assert set(SHEETS) | {"Anleitung", "Beispiel"} == set(book.sheetnames)
    status = [v for v in book["Elemente"].data_validations.dataValidation if "laufend" in (v.formula1 or "")]
    assert status and "geplant" in status[0].formula1
    assert any("Solardachkataster" in str(c.value) for row in book["Beispiel"].iter_rows() for c in row)
    assert _cli(data, "vorlage", str(tmp_path / "vorlage.csv")) != EXIT_OK
    assert _cli(data, "vorlage", str(tmp_path / "fehlt" / "vorlage.xlsx")) == EXIT_USAGE  # no traceback
    assert _cli(data, "import-stadt", str(ROOT / "README.md"), "--stadt", "delta") == EXIT_USAGE


def test_gamma_exported_and_imported_again_is_the_same_graph(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(FIXTURES / "staedte" / "gamma", data / "gamma")
    first, second = tmp_path / "gamma-1.xlsx", tmp_path / "gamma-2.xlsx"
    assert _cli(data, "--stadt", "gamma", "vorlage", str(first)) == EXIT_OK
    later = time.time() + 3 * 86400  # the clock moved on: zip entries and properties must not carry it
    monkeypatch.setattr(time, "time", lambda: later)

    class Later(datetime.datetime):
        @classmethod
        def now(cls, tz: datetime.tzinfo | None = None) -> Later:
            return cls.fromtimestamp(later, tz)

    monkeypatch.setattr(openpyxl.writer.excel.datetime, "datetime", Later)  # what openpyxl's save stamps
    assert _cli(data, "--stadt", "gamma", "vorlage", str(second)) == EXIT_OK
    monkeypatch.undo()
    assert first.read_bytes() == second.read_bytes()  # deterministic
    sheets = read_workbook(first)
    assert len([r for r in sheets["Ebenen"] if r]) == 5
    assert len([r for r in sheets["Bezuege"] if r]) == 12  # 11 SDG links (5 from goals), 1 theme link
    assert len([r for r in sheets["Statusverlauf"] if r]) == 5
    assert all(c.data_type != "f" for ws in load_workbook(first) for row in ws.iter_rows() for c in row)
    assert _cli(data, "import-stadt", str(first), "--stadt", "gamma2") == EXIT_OK
    original = _graph(FIXTURES / "staedte" / "gamma")
    again = _rebased(
        _graph(data / "gamma2"), "https://w3id.org/stratgraph/gamma2/", "https://w3id.org/stratgraph/gamma/"
    )
    assert isomorphic(original, again)


@pytest.mark.slow  # validates Bochum's copy (seconds); `make test` runs it
def test_bochum_exported_and_imported_as_a_new_strategy_is_isomorphic(data: Path, tmp_path: Path) -> None:
    path = tmp_path / "bochum.xlsx"
    assert main(["--root", str(ROOT), "--stadt", "bochum", "vorlage", str(path)]) == EXIT_OK
    sheets = read_workbook(path)
    elements = [r for r in sheets["Elemente"] if r]
    assert len([r for r in elements if r["ebene"] == "Kernaktivität"]) == 66
    assert len([r for r in elements if r["ebene"] == "Kompetenz"]) == 5
    # the structured sheets speak the strategy's language: German names only
    assert "Pioneer of modern city management" not in {r["name"] for r in elements}
    strategy = {r["feld"]: r["wert"] for r in sheets["Strategie"] if r}
    assert strategy["Name der Strategie"] == "Bochum Strategie"
    assert _cli(data, "import-stadt", str(path), "--stadt", "zweitstadt") == EXIT_OK
    original = Graph()
    for part in sorted((ROOT / "data" / "bochum").glob("*.ttl")):
        original.parse(part, format="turtle")
    again = _rebased(
        _graph(data / "zweitstadt"), "https://w3id.org/stratgraph/zweitstadt/", "https://w3id.org/stratgraph/bochum/"
    )
    assert len(again) == len(original)
    assert isomorphic(original, again)
    themes = [r for r in sheets["Bezuege"] if r and r["art"] == "querschnittsthema"]
    assert themes  # the theme links are kept (they were lost by the first template)
    links = set(original.subjects(RDF.type, STRAT.Zuordnung))
    assert len(set(again.subjects(RDF.type, STRAT.Zuordnung))) == len(links) == len([r for r in sheets["Bezuege"] if r])
    assert Literal("Bochum Strategie", lang="de") in set(again.objects(None, SKOS.prefLabel))


def test_gamma_with_indicators_and_values_survives_the_workbook(tmp_path: Path) -> None:
    """Indicators, their SDG Zuordnung and the Data Cube of values (tests/fixtures/fortschritt) travel through the
    workbook's „Weitere_Angaben“: exported and imported again as a new strategy, the same graph."""
    from .conftest import data_folder

    data = data_folder(tmp_path / "data", "alpha", "gamma")
    for path in (FIXTURES / "fortschritt" / "gamma").glob("*.ttl"):
        shutil.copyfile(path, data / "gamma" / path.name)
    workbook = tmp_path / "gamma.xlsx"
    assert _cli(data, "--stadt", "gamma", "vorlage", str(workbook)) == EXIT_OK
    assert _cli(data, "import-stadt", str(workbook), "--stadt", "gamma2") == EXIT_OK
    original = _graph(data / "gamma")
    again = _rebased(
        _graph(data / "gamma2"), "https://w3id.org/stratgraph/gamma2/", "https://w3id.org/stratgraph/gamma/"
    )
    assert isomorphic(original, again)
    observation = URIRef("http://purl.org/linked-data/cube#Observation")
    assert len(set(again.subjects(RDF.type, observation))) == 17
