"""Any strategy's shape in a day: `stratgraph vorlage` writes the workbook (v2), `import-stadt` takes a filled one in,
and the export is the import's exact inverse (Bochum and the hand-made five-level strategy gamma).

The filled workbook is written here by hand (rows below), so the expected graph comes from this file, not from the
code under test."""

from __future__ import annotations

import datetime
import json
import shutil
import time
from decimal import Decimal
from pathlib import Path

import openpyxl.writer.excel
import pytest
from openpyxl import Workbook, load_workbook
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, SKOS

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


# indicators on a goal and on a measure; the expected triples are written out by hand in the test below
INDICATORS = [
    {
        "misst": "Radanteil 25 %",
        "name": "Anteil des Radverkehrs an allen Wegen",
        "definition": "Anteil der Wege, die mit dem Rad zurückgelegt werden, nach der Haushaltsbefragung.",
        "einheit": "unit:PERCENT",
        "einheit_zeichen": "%",
        "richtung": "hoeher",
        "ausgangswert": "14,5",
        "ausgangsjahr": "2022",
        "zielwert": "25",
        "zieljahr": "2035",
        "zielart": "mindestens",
        "haeufigkeit": "jährlich",
    },
    {
        "misst": "Radstation",
        "name": "Stellplätze in der Radstation",
        "einheit": "unit:NUM",
        "einheit_zeichen": "Stellplätze",
        "richtung": "hoeher",
        "zielwert": "1.200,0",
        "zieljahr": "2027",
        "zielart": "erreichen",
        "erhoben_von": "Stadt Delta",
        "kennung": "indikator/radstation-stellplaetze",
    },
    {
        "misst": "Umweltverbund stärken",
        "name": "Bevölkerung mit Haltestelle in 500 m",
        "einheit": "unit:PERCENT",
        "einheit_zeichen": "%",
        "richtung": "hoeher",
    },
]
INDICATOR_LINK = {
    "von": "Bevölkerung mit Haltestelle in 500 m",
    "art": "sdg-indikator",
    "zu": "11.2.1",
    **LINK,
    "begruendung": "Misst wie 11.2.1 den bequemen Zugang zum öffentlichen Verkehr, für das Stadtgebiet.",
}


def _rows(**changes: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    rows = {"Strategie": STRATEGY, "Ebenen": LEVELS, "Elemente": ELEMENTS, "Statusverlauf": HISTORY, "Bezuege": LINKS}
    return {k: [dict(r) for r in v] for k, v in {**rows, **changes}.items()}


def _workbook(path: Path, rows: dict[str, list[dict[str, str]]], leave_out: tuple[str, ...] = ()) -> Path:
    book = Workbook()
    book.remove(book.active)
    for name, columns in SHEETS.items():
        if name in leave_out:
            continue
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
    for name in ("sdg.ttl", "sdg-indikatoren.ttl"):
        shutil.copyfile(ROOT / "data" / name, folder / name)
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
        ("Bezuege", 0, "zu", "11.2.1", "„11.2.1“ ist kein SDG-Ziel"),  # an indicator's code is no SDG target
        ("Bezuege", 2, "zu", "11.2.9", "Blatt Bezuege, Zeile 4, Spalte zu: „11.2.9“ ist kein Indikator der SDGs"),
        (
            "Indikatoren",
            0,
            "einheit",
            "Prozent",
            "Blatt Indikatoren, Zeile 2, Spalte einheit: „Prozent“ ist keine QUDT",
        ),
        ("Indikatoren", 0, "einheit", "", "Blatt Indikatoren, Zeile 2, Spalte einheit: leer, aber nötig"),
        ("Indikatoren", 0, "ausgangswert", "1.234", "Spalte ausgangswert: „1.234“ ist mehrdeutig"),
        ("Indikatoren", 0, "ausgangswert", "viel", "Spalte ausgangswert: „viel“ ist keine Zahl"),
        (
            "Indikatoren",
            1,
            "zieljahr",
            "2027/28",
            "Blatt Indikatoren, Zeile 3, Spalte zieljahr: „2027/28“ ist kein Jahr",
        ),
        ("Indikatoren", 1, "richtung", "besser", "Blatt Indikatoren, Zeile 3, Spalte richtung"),
        ("Indikatoren", 1, "haeufigkeit", "oft", "Spalte haeufigkeit: „oft“: jaehrlich"),
        (
            "Indikatoren",
            2,
            "misst",
            "Radanteil 30 %",
            "Spalte misst: ein Ziel oder eine Maßnahme „Radanteil 30 %“ gibt",
        ),
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
    rows = _rows(Indikatoren=INDICATORS, Bezuege=[*LINKS, INDICATOR_LINK])
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
    """Indicators (sheet „Indikatoren“), their SDG Zuordnung („Bezuege“) and the Data Cube of values
    (tests/fixtures/fortschritt; „Weitere_Angaben“) travel through the workbook: exported and imported again as a
    new strategy, the same graph."""
    from .conftest import data_folder

    data = data_folder(tmp_path / "data", "alpha", "gamma")
    for path in (FIXTURES / "fortschritt" / "gamma").glob("*.ttl"):
        shutil.copyfile(path, data / "gamma" / path.name)
    workbook = tmp_path / "gamma.xlsx"
    assert _cli(data, "--stadt", "gamma", "vorlage", str(workbook)) == EXIT_OK
    sheets = read_workbook(workbook)
    indicators = {r["name"]: r for r in sheets["Indikatoren"] if r}
    assert len(indicators) == 5  # tests/fixtures/fortschritt/gamma/indikatoren.ttl
    solar = indicators["Installierte Solarleistung auf städtischen Dächern"]
    assert (solar["einheit"], solar["einheit_zeichen"], solar["richtung"]) == ("unit:KiloW", "kW", "hoeher")
    assert (solar["ausgangswert"], solar["zielwert"], solar["zielart"]) == ("400,0", "1200,0", "mindestens")
    assert (solar["haeufigkeit"], solar["erhoben_von"]) == ("jaehrlich", "Musterstadt Gamma")
    assert solar["quelle"] == ""  # two sources: both travel in „Weitere_Angaben“
    assert [r["zu"] for r in sheets["Bezuege"] if r and r["art"] == "sdg-indikator"] == ["7.2.1"]
    assert not [r for r in sheets["Weitere_Angaben"] if r and r["eigenschaft"] in ("strat:misst", "strat:zielwert")]
    assert _cli(data, "import-stadt", str(workbook), "--stadt", "gamma2") == EXIT_OK
    original = _graph(data / "gamma")
    again = _rebased(
        _graph(data / "gamma2"), "https://w3id.org/stratgraph/gamma2/", "https://w3id.org/stratgraph/gamma/"
    )
    assert isomorphic(original, again)
    observation = URIRef("http://purl.org/linked-data/cube#Observation")
    assert len(set(again.subjects(RDF.type, observation))) == 17


def test_indicators_on_a_goal_and_a_measure_with_their_sdg_indicator_are_imported(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _rows(Indikatoren=INDICATORS, Bezuege=[*LINKS, INDICATOR_LINK])
    assert _cli(data, "import-stadt", str(_workbook(tmp_path / "delta.xlsx", rows)), "--stadt", "delta") == EXIT_OK
    content, links = Graph(), Graph()
    content.parse(data / "delta" / "strategie.ttl")
    links.parse(data / "delta" / "zuordnungen.ttl")
    unit, xsd = "http://qudt.org/vocab/unit/", "http://www.w3.org/2001/XMLSchema#"
    rad = URIRef(DELTA + "indikator/anteil-des-radverkehrs-an-allen-wegen")
    goal = next(content.subjects(SKOS.prefLabel, Literal("Radanteil 25 %", lang="de")))
    source = next(content.subjects(SKOS.prefLabel, Literal("Ratsbeschluss Delta 2035", lang="de")))
    assert {(p, o) for p, o in content.predicate_objects(rad)} == {
        (RDF.type, STRAT.Indikator),
        (SKOS.prefLabel, Literal("Anteil des Radverkehrs an allen Wegen", lang="de")),
        (SKOS.definition, Literal(INDICATORS[0]["definition"], lang="de")),
        (STRAT.misst, goal),
        (STRAT.einheit, URIRef(unit + "PERCENT")),
        (STRAT.einheitZeichen, Literal("%")),
        (STRAT.hatMessrichtung, STRAT.hoeherIstBesser),
        (STRAT.ausgangswert, Literal("14.5", datatype=URIRef(xsd + "decimal"))),
        (STRAT.ausgangsjahr, Literal("2022", datatype=URIRef(xsd + "gYear"))),
        (STRAT.zielwert, Literal("25.0", datatype=URIRef(xsd + "decimal"))),  # Turtle writes 25.0
        (STRAT.zieljahr, Literal("2035", datatype=URIRef(xsd + "gYear"))),
        (STRAT.hatZielart, STRAT.zielMindestens),
        (DCTERMS.accrualPeriodicity, URIRef("http://publications.europa.eu/resource/authority/frequency/ANNUAL")),
        (DCTERMS.source, source),
    }
    # on a measure: its own Kennung, a German number with thousands, who collects it
    places = URIRef(DELTA + "indikator/radstation-stellplaetze")
    measure = next(content.subjects(SKOS.prefLabel, Literal("Radstation", lang="de")))
    assert (places, STRAT.misst, measure) in content
    assert (measure, RDF.type, STRAT.Massnahme) in content
    assert content.value(places, STRAT.zielwert) == Literal("1200.0", datatype=URIRef(xsd + "decimal"))
    assert content.value(places, STRAT.wirdErhobenVon) == URIRef(DELTA + "organisation/stadt-delta")
    # the UN indicator: a Zuordnung beside the indicators, not among the links one reviews
    stop = next(content.subjects(SKOS.prefLabel, Literal("Bevölkerung mit Haltestelle in 500 m", lang="de")))
    assert (stop, STRAT.entsprichtSdgIndikator, SDG["C110201"]) in content
    assert len(set(content.subjects(STRAT.zuordnungUeber, STRAT.entsprichtSdgIndikator))) == 1
    assert not set(links.subjects(STRAT.zuordnungUeber, STRAT.entsprichtSdgIndikator))
    # the progress answer lists the measure's indicator too (no values yet: no assessment)
    capsys.readouterr()
    assert _cli(data, "--stadt", "delta", "fortschritt", "--format", "json") == EXIT_OK
    answer = json.loads(capsys.readouterr().out)
    on_measure = [i for i in answer["indikatoren"] if i["name"] == "Stellplätze in der Radstation"]
    assert [r["name"] for r in on_measure[0]["misst"]] == ["Radstation"]
    assert on_measure[0]["bewertung"]["kategorie"] == "keine Bewertung"


def test_a_workbook_from_before_the_indicator_sheet_still_imports(data: Path, tmp_path: Path) -> None:
    old = _workbook(tmp_path / "alt.xlsx", _rows(), leave_out=("Indikatoren",))
    assert _cli(data, "import-stadt", str(old), "--stadt", "delta") == EXIT_OK
    content = _graph(data / "delta")
    assert not set(content.subjects(RDF.type, STRAT.Indikator))
    assert len(set(content.subjects(RDF.type, STRAT.Massnahme))) == 2


def test_numbers_excel_typed_in_the_indicator_sheet_are_read_as_meant(data: Path, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "typed.xlsx", _rows(Indikatoren=INDICATORS[:1]))
    book = load_workbook(path)
    sheet = book["Indikatoren"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index("ausgangswert") + 1, value=1.234)  # a number cell, not the text „1.234“
    sheet.cell(row=2, column=header.index("zielwert") + 1, value=25)
    sheet.cell(row=2, column=header.index("zieljahr") + 1, value=2035)
    book.save(path)
    assert _cli(data, "import-stadt", str(path), "--stadt", "delta") == EXIT_OK
    content = _graph(data / "delta")
    rad = URIRef(DELTA + "indikator/anteil-des-radverkehrs-an-allen-wegen")
    assert content.value(rad, STRAT.ausgangswert).toPython() == Decimal("1.234")
    assert content.value(rad, STRAT.zielwert).toPython() == Decimal("25")
    assert str(content.value(rad, STRAT.zieljahr)) == "2035"
