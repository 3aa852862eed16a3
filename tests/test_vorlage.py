"""A second city in a day: `stratgraph vorlage` writes the template, `import-stadt` takes a filled one in.

The filled workbook is written here by hand (rows below), so the expected graph and the export come from this
file, not from the code under test."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from stratgraph.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE, main
from stratgraph.namespaces import STRAT
from stratgraph.stadt import SHEETS, read_city

from .conftest import FIXTURES, ROOT

GAMMA = "https://w3id.org/stratgraph/gamma/"
ROWS: dict[str, list[dict[str, str]]] = {
    "Strategie": [
        {"feld": "Name der Strategie", "wert": "Gamma 2035"},
        {"feld": "Herausgeber (Stadt)", "wert": "Stadt Gamma"},
        {"feld": "Beschreibung (ein, zwei Sätze)", "wert": "Die Strategie der Stadt Gamma bis 2035."},
        {"feld": "Zeithorizont (Jahr, z. B. 2030)", "wert": "2035"},
        {"feld": "Quelle: Titel des Dokuments", "wert": "Gamma 2035 – Ratsbeschluss"},
        {"feld": "Quelle: Datei oder Adresse", "wert": "gamma-2035.pdf"},
    ],
    "Leitbild": [{"name": "Grün und gerecht", "beschreibung": "Das Leitbild der Stadt."}],
    "Kompetenzen": [
        {"position": "1", "name": "Klima und Umwelt", "ebene": "Handlungsfeld", "beschreibung": ""},
        {"position": "2", "name": "Bildung", "ebene": "Handlungsfeld", "beschreibung": ""},
    ],
    "Ziele": [
        {"art": "programmatisch", "gehoert_zu": "Energie", "position": "1", "name": "Mehr Solarstrom"},
        {"art": "strategisch", "gehoert_zu": "Klima und Umwelt", "position": "1", "name": "Klimaneutral bis 2035"},
    ],
    "Schwerpunkte": [{"kompetenz": "Klima und Umwelt", "position": "1", "name": "Energie"}],
    "Kernaktivitaeten": [
        {
            "name": "Solardachkataster",
            "kompetenz": "Klima und Umwelt",
            "schwerpunkt": "Energie",
            "schwerpunkt_basis": "inQuelleBelegt",
            "status": "laufend",
            "ebene": "Maßnahme",
            "ueberfuehrt_in": "",
        },
        {
            "name": "Schulgarten",
            "kompetenz": "Bildung",
            "schwerpunkt": "",
            "schwerpunkt_basis": "",
            "status": "umgesetzt",
            "ebene": "Maßnahme",
            "ueberfuehrt_in": "",
        },
    ],
    "Querschnittsthemen": [{"position": "1", "name": "Beteiligung", "beschreibung": "Alle reden mit."}],
    "SDG-Bezuege": [
        {
            "von": "Schulgarten",
            "sdg": "4.7",
            "staerke": "indirekt",
            "basis": "redaktionell",
            "pruefstatus": "vorgeschlagen",
            "begruendung": "Der Garten lehrt nachhaltige Lebensweisen.",
            "zugeordnet_von": "stratgraph",
            "datum": "2026-12-01",
        },
        {
            "von": "Solardachkataster",
            "sdg": "7.2",
            "staerke": "direkt",
            "basis": "inQuelleBelegt",
            "pruefstatus": "bestaetigt",
            "begruendung": "Das Kataster soll mehr Solarstrom anstoßen.",
            "zugeordnet_von": "Stadt Gamma",
            "datum": "2026-11-30",
        },
    ],
}


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


def test_a_filled_template_becomes_a_city_and_exports_the_same(data: Path, tmp_path: Path) -> None:
    filled = _workbook(tmp_path / "gamma.xlsx", ROWS)
    assert _cli(data, "import-stadt", str(filled), "--stadt", "gamma") == EXIT_OK
    graph = _graph(data / "gamma")
    kas = set(graph.subjects(RDF.type, STRAT.Kernaktivitaet))
    assert kas == {URIRef(GAMMA + "kernaktivitaet/solardachkataster"), URIRef(GAMMA + "kernaktivitaet/schulgarten")}
    solar = URIRef(GAMMA + "kernaktivitaet/solardachkataster")
    assert (solar, STRAT.traegtBeiZuSdg, URIRef("http://metadata.un.org/sdg/7.2")) in graph
    assert (solar, SKOS.scopeNote, Literal("Ebene in der Strategie: Maßnahme", lang="de")) in graph
    assert (solar, STRAT.gehoertZuSchwerpunkt, URIRef(GAMMA + "schwerpunkt/energie")) in graph
    assert _cli(data, "validate") == EXIT_OK  # beside alpha, in one graph
    exported = tmp_path / "export.xlsx"
    assert _cli(data, "--stadt", "gamma", "vorlage", str(exported)) == EXIT_OK
    again = read_city(exported)
    for sheet, rows in ROWS.items():
        assert [r for r in again[sheet] if r] == _sorted_like_export(sheet, rows), sheet


def _sorted_like_export(sheet: str, rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The hand-written rows in the export's order (by position, name or link), every column present."""
    columns = [c for c, _ in SHEETS[sheet]]
    full = [{c: row.get(c, "") for c in columns} for row in rows]
    keys: dict[str, Any] = {
        "Kompetenzen": lambda r: int(r["position"]),
        "Ziele": lambda r: (r["art"], r["gehoert_zu"], int(r["position"])),
        "Kernaktivitaeten": lambda r: r["name"],
        "SDG-Bezuege": lambda r: (r["von"], r["sdg"]),
    }
    return sorted(full, key=keys[sheet]) if sheet in keys else full


def test_bad_rows_are_named_and_nothing_is_written(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = {k: [dict(r) for r in v] for k, v in ROWS.items()}
    rows["Kernaktivitaeten"][1]["status"] = "erledigt"
    rows["Kernaktivitaeten"][0]["kompetenz"] = "Verkehr"
    rows["SDG-Bezuege"][0]["sdg"] = "19"
    rows["SDG-Bezuege"][1]["datum"] = "30.11.2026"
    before = sorted(p.name for p in data.iterdir())
    assert _cli(data, "import-stadt", str(_workbook(tmp_path / "bad.xlsx", rows)), "--stadt", "gamma") == EXIT_INVALID
    err = capsys.readouterr().err
    assert "Blatt Kernaktivitaeten, Zeile 3, Spalte status:" in err and "erledigt" in err
    assert "Blatt Kernaktivitaeten, Zeile 2, Spalte kompetenz: keine Kompetenz „Verkehr“" in err
    assert "Blatt SDG-Bezuege, Zeile 2, Spalte sdg: „19“ ist kein SDG-Ziel" in err
    assert "Blatt SDG-Bezuege, Zeile 3, Spalte datum: „30.11.2026“ ist kein Datum" in err
    assert sorted(p.name for p in data.iterdir()) == before  # no gamma/, no scratch folder


def test_an_existing_city_is_replaced_only_when_asked(data: Path, tmp_path: Path) -> None:
    filled = _workbook(tmp_path / "alpha.xlsx", ROWS)
    kept = (data / "alpha" / "kernaktivitaeten.ttl").read_bytes()
    assert _cli(data, "import-stadt", str(filled), "--stadt", "alpha") == EXIT_INVALID
    assert (data / "alpha" / "kernaktivitaeten.ttl").read_bytes() == kept
    assert _cli(data, "import-stadt", str(filled), "--stadt", "alpha", "--ersetzen") == EXIT_OK
    assert sorted(p.name for p in (data / "alpha").iterdir()) == ["strategie.ttl", "zuordnungen.ttl"]
    assert not [p for p in data.iterdir() if p.name.startswith(".")]


def test_the_empty_template_has_every_sheet_dropdowns_and_an_example(data: Path, tmp_path: Path) -> None:
    path = tmp_path / "vorlage.xlsx"
    assert _cli(data, "vorlage", str(path)) == EXIT_OK
    book = load_workbook(path)
    assert set(SHEETS) | {"Anleitung", "Beispiel"} == set(book.sheetnames)
    status = [v for v in book["Kernaktivitaeten"].data_validations.dataValidation if "laufend" in (v.formula1 or "")]
    assert status and "umgesetzt" in status[0].formula1
    assert any("Solardachkataster" in str(c.value) for row in book["Beispiel"].iter_rows() for c in row)
    assert _cli(data, "vorlage", str(tmp_path / "vorlage.csv")) != EXIT_OK
    assert _cli(data, "vorlage", str(tmp_path / "fehlt" / "vorlage.xlsx")) == EXIT_USAGE  # no traceback
    assert _cli(data, "import-stadt", str(ROOT / "README.md"), "--stadt", "gamma") == EXIT_INVALID


@pytest.mark.slow  # validates Bochum twice (seconds); `make test` runs it
def test_bochum_exported_and_imported_as_a_second_city(data: Path, tmp_path: Path) -> None:
    path = tmp_path / "bochum.xlsx"
    assert main(["--root", str(ROOT), "--stadt", "bochum", "vorlage", str(path)]) == EXIT_OK
    sheets = read_city(path)
    assert len([r for r in sheets["Kernaktivitaeten"] if r]) == 66
    assert len([r for r in sheets["Kompetenzen"] if r]) == 5
    assert _cli(data, "import-stadt", str(path), "--stadt", "zweitstadt") == EXIT_OK
    graph = _graph(data / "zweitstadt")
    assert len(set(graph.subjects(RDF.type, STRAT.Kernaktivitaet))) == 66
