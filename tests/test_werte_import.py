"""``stratgraph werte import`` and ``export`` on the hand-made gamma (tests/fixtures/fortschritt): both layouts, German
and Excel-typed numbers, and every kind of bad input the issue names — a German error naming file, row and
column, exit 2, nothing written."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from stratgraph.cli import EXIT_OK, EXIT_USAGE, main
from stratgraph.model.namespaces import STRAT

from .conftest import FIXTURES, ROOT, data_folder

GAMMA = "https://w3id.org/stratgraph/gamma/"
SOURCE = "Indikatorenbericht 2025 der Musterstadt Gamma"
HEADER = "indikator;jahr;wert;einheit;status;quelle"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = data_folder(tmp_path / "data", "gamma")
    shutil.copyfile(FIXTURES / "fortschritt" / "gamma" / "indikatoren.ttl", folder / "gamma" / "indikatoren.ttl")
    return folder


def run(data: Path, *argv: str) -> int:
    return main(["--root", str(ROOT), "--data", str(data), "--stadt", "gamma", *argv])


def values(data: Path) -> dict[tuple[str, int], tuple[float, str]]:
    graph = Graph().parse(data / "gamma" / "werte.ttl")
    found = {}
    for obs in graph.subjects(RDF.type, URIRef("http://purl.org/linked-data/cube#Observation")):
        indicator = str(graph.value(obs, STRAT.indikator)).removeprefix(GAMMA + "indikator/")
        year = int(str(graph.value(obs, STRAT.bezugsjahr)))
        status = str(graph.value(obs, STRAT.hatBeobachtungsstatus)).rsplit("#", 1)[1]
        found[(indicator, year)] = (float(graph.value(obs, STRAT.messwert).toPython()), status)  # type: ignore[union-attr]
    return found


def csv_file(tmp_path: Path, *rows: str, name: str = "werte.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_the_tidy_layout_with_german_numbers(data: Path, tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        f"solarleistung;2022;460;kW;endgültig;{SOURCE}",
        f"Installierte Solarleistung auf städtischen Dächern;2023;1.234,5;kW;vorläufig;{SOURCE}",
        "co2-je-einwohner;2021;7,4;t CO₂ je Einw.;;indikatorenbericht-2025",
    )
    assert run(data, "werte", "import", str(path)) == EXIT_OK
    assert values(data) == {
        ("solarleistung", 2022): (460.0, "endgueltig"),
        ("solarleistung", 2023): (1234.5, "vorlaeufig"),
        ("co2-je-einwohner", 2021): (7.4, "endgueltig"),
    }
    # a final value for 2023 replaces the provisional one; 2022 stays
    assert run(data, "werte", "import", str(csv_file(tmp_path, f"solarleistung;2023;540;kW;endgültig;{SOURCE}"))) == 0
    assert values(data)[("solarleistung", 2023)] == (540.0, "endgueltig")
    assert values(data)[("solarleistung", 2022)] == (460.0, "endgueltig")


def test_the_wide_layout_from_a_workbook_with_typed_numbers(data: Path, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Indikator", "Einheit", "Status", "Quelle", 2020, 2022, 2024])
    sheet.append(["radverkehrsanteil", "%", "endgültig", SOURCE, 15, 15.5, 16])
    sheet.append(["erneuerbare-energie", "unit:PERCENT", "endgültig", SOURCE, 20, None, 22.5])
    book.save(tmp_path / "breit.xlsx")
    assert run(data, "werte", "import", str(tmp_path / "breit.xlsx")) == EXIT_OK
    assert values(data) == {
        ("radverkehrsanteil", 2020): (15.0, "endgueltig"),
        ("radverkehrsanteil", 2022): (15.5, "endgueltig"),
        ("radverkehrsanteil", 2024): (16.0, "endgueltig"),
        ("erneuerbare-energie", 2020): (20.0, "endgueltig"),
        ("erneuerbare-energie", 2024): (22.5, "endgueltig"),
    }


def test_export_and_import_again_give_the_same_values(data: Path, tmp_path: Path) -> None:
    shutil.copyfile(FIXTURES / "fortschritt" / "gamma" / "werte.ttl", data / "gamma" / "werte.ttl")
    before = values(data)
    for name, wide in (("lang.csv", False), ("lang.xlsx", False), ("breit.csv", True)):
        assert run(data, "werte", "export", str(tmp_path / name), *(["--breit"] if wide else [])) == EXIT_OK
    (data / "gamma" / "werte.ttl").unlink()
    assert run(data, "werte", "import", str(tmp_path / "lang.csv")) == EXIT_OK
    assert values(data) == before
    (data / "gamma" / "werte.ttl").unlink()
    assert run(data, "werte", "import", str(tmp_path / "lang.xlsx")) == EXIT_OK
    assert values(data) == before
    assert (tmp_path / "breit.csv").read_text(encoding="utf-8-sig").splitlines()[0] == (
        "indikator;einheit;2018;2019;2020;2021;2022;2023;2024"
    )


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        (f"solarleistung;;460;kW;;{SOURCE}", "jahr", "kein Jahr"),
        (f"solarleistung;2022;460;;;{SOURCE}", "einheit", "keine Einheit"),
        (f"solarleistung;2022;460;MW;;{SOURCE}", "einheit", "nicht die Einheit des Indikators (kW)"),
        (f"solarleistung;2099;460;kW;;{SOURCE}", "jahr", "in der Zukunft"),
        (f"solarleistung;2019;460;kW;;{SOURCE}", "jahr", "vor dem Ausgangsjahr des Indikators (2021)"),
        (f"solarleistung;2022;viel;kW;;{SOURCE}", "wert", "„viel“ ist keine Zahl"),
        (f"solarleistung;2022;1.234;kW;;{SOURCE}", "wert", "mehrdeutig"),
        (f"solarleistung;2022;1,234.5;kW;;{SOURCE}", "wert", "englisch geschrieben"),
        (f"solarleistung;2022;460;kW;geschätzt;{SOURCE}", "status", "erlaubt sind vorläufig und endgültig"),
        ("solarleistung;2022;460;kW;;Zeitungsartikel", "quelle", "kein Quelldokument „Zeitungsartikel“"),
        (f"solarleistrung;2022;460;kW;;{SOURCE}", "indikator", "kein Indikator „solarleistrung“"),
    ],
)
def test_bad_rows_are_refused_naming_file_row_and_column(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], row: str, column: str, words: str
) -> None:
    good = f"radverkehrsanteil;2020;15;%;;{SOURCE}"
    path = csv_file(tmp_path, good, row)
    assert run(data, "werte", "import", str(path)) == EXIT_USAGE
    error = capsys.readouterr().err
    assert f"werte.csv, Zeile 3, Spalte „{column}“" in error and words in error, error
    assert "Traceback" not in error
    assert not (data / "gamma" / "werte.ttl").exists()  # nothing written, not even the good row


def test_two_values_for_one_year_are_refused(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = csv_file(tmp_path, f"solarleistung;2022;460;kW;;{SOURCE}", f"solarleistung;2022;470;kW;vorläufig;{SOURCE}")
    assert run(data, "werte", "import", str(path)) == EXIT_USAGE
    assert "Zeile 3, Spalte „wert“: 2022 hat schon einen Wert (Zeile 2)" in capsys.readouterr().err


def test_workbook_cells_as_meant_or_refused(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A decimal comma in a cell typed as text, and a date where the year belongs: refused, not guessed."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["indikator", "jahr", "wert", "einheit", "status", "quelle"])
    sheet.append(["solarleistung", 2022, "460,5", "kW", "", SOURCE])
    sheet.append(["solarleistung", datetime(2023, 1, 1), 540, "kW", "", SOURCE])
    sheet["C2"].number_format = "@"
    book.save(tmp_path / "werte.xlsx")
    assert run(data, "werte", "import", str(tmp_path / "werte.xlsx")) == EXIT_USAGE
    error = capsys.readouterr().err
    assert "werte.xlsx, Zeile 2, Spalte „wert“: „460,5“ steht als Text in der Zelle" in error
    assert "werte.xlsx, Zeile 3, Spalte „jahr“: ein Datum, kein Jahr" in error
    assert not (data / "gamma" / "werte.ttl").exists()


def test_a_file_of_neither_layout(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "anders.csv"
    path.write_text("name;zahl\nx;1\n", encoding="utf-8")
    assert run(data, "werte", "import", str(path)) == EXIT_USAGE
    assert "weder die lange Form" in capsys.readouterr().err


def test_the_template_offers_the_indicators_and_reads_back(data: Path, tmp_path: Path) -> None:
    """`werte vorlage`: dropdowns over the sheet „Listen“ (all five indicators of gamma), a row filled in as a
    person would (a name from the list, a typed year and number) is taken by `werte import`."""
    from openpyxl import load_workbook

    path = tmp_path / "vorlage.xlsx"
    assert run(data, "werte", "vorlage", str(path)) == EXIT_OK
    book = load_workbook(path)
    assert book.sheetnames == ["Werte", "Listen", "Indikatoren", "Anleitung"]
    lists = [row[0] for row in book["Listen"].iter_rows(min_row=2, values_only=True) if row[0]]
    assert len(lists) == 5 and "CO₂-Emissionen je Einwohnerin und Einwohner" in lists
    rules = {str(v.sqref): v for v in book["Werte"].data_validations.dataValidation}
    assert rules["A2:A5000"].formula1 == "=Listen!$A$2:$A$6"
    assert rules["B2:B5000"].type == "whole" and rules["C2:C5000"].type == "decimal"
    sheet = book["Werte"]
    sheet.append(["CO₂-Emissionen je Einwohnerin und Einwohner", 2022, 7.1, "t CO₂ je Einw.", "vorläufig", SOURCE])
    book.save(path)
    assert run(data, "werte", "import", str(path)) == EXIT_OK
    assert values(data) == {("co2-je-einwohner", 2022): (7.1, "vorlaeufig")}


def test_export_and_template_to_an_unknown_format_say_nothing_was_written(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(data, "werte", "export", str(tmp_path / "werte.ods")) == EXIT_USAGE
    assert run(data, "werte", "vorlage", str(tmp_path / "vorlage.csv")) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "werte.ods: nicht geschrieben; erlaubt sind .csv und .xlsx" in err
    assert "vorlage.csv: nicht geschrieben; die Vorlage ist eine Arbeitsmappe (.xlsx)" in err
    assert "übernommen" not in err and "Traceback" not in err
    assert not list(tmp_path.glob("werte.*")) and not list(tmp_path.glob("vorlage.*"))
