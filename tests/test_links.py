"""The office's spreadsheet round trip: export, edit, import; a bad file changes nothing and says why."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from stratgraph.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE, main
from stratgraph.config import Settings
from stratgraph.model.graph import load_project
from stratgraph.strategies.links import COLUMNS, LINK_FILE, LinkImportError, export_links, import_links

from .conftest import FIXTURES, ROOT

pytestmark = pytest.mark.slow  # spreadsheet round trips through validation; left to `make test`


@pytest.fixture()
def project_copy(tmp_path: Path) -> Settings:
    """A throw-away copy of the project's sources, so imports can rewrite data/."""
    for folder in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return Settings(root=tmp_path)


def _export(settings: Settings, path: Path) -> Path:
    export_links(load_project(settings).merged(), path)
    return path


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:  # the export starts with a BOM for Excel
        return list(csv.DictReader(f))


def _write(path: Path, rows: list[dict[str, str]], delimiter: str = ",", encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_export_has_one_row_per_link(project_copy: Settings, tmp_path: Path) -> None:
    rows = _rows(_export(project_copy, tmp_path / "a.csv"))
    assert list(rows[0]) == COLUMNS
    # 66 Schwerpunkte + 1 Kompetenz + the SDG and theme links; every Kernaktivität has a Schwerpunkt row
    assert sum(1 for r in rows if r["schwerpunkt"]) == 66
    assert [r["ressource"] for r in rows if r["kompetenz"]] == ["Rathausclubbing"]
    gigabit = {r["sdg"] for r in rows if r["ressource"] == "Gigabit-City Bochum" and r["sdg"]}
    assert gigabit == {"9.1"}
    assert {r["pruefstatus"] for r in rows} == {"vorgeschlagen"}
    assert {r["basis"] for r in rows} == {"redaktionell"}


def test_round_trip_is_identical(project_copy: Settings, tmp_path: Path) -> None:
    before = (project_copy.data / "bochum" / LINK_FILE).read_bytes()
    first = _export(project_copy, tmp_path / "1.csv")
    import_links(first, project_copy)
    assert (project_copy.data / "bochum" / LINK_FILE).read_bytes() == before
    second = _export(project_copy, tmp_path / "2.csv")
    assert first.read_bytes() == second.read_bytes()


def test_excel_dialect_semicolon_and_bom(project_copy: Settings, tmp_path: Path) -> None:
    before = (project_copy.data / "bochum" / LINK_FILE).read_bytes()
    rows = _rows(_export(project_copy, tmp_path / "a.csv"))
    excel = _write(tmp_path / "excel.csv", rows, delimiter=";", encoding="utf-8-sig")
    assert excel.read_bytes().startswith(b"\xef\xbb\xbf")
    import_links(excel, project_copy)
    assert (project_copy.data / "bochum" / LINK_FILE).read_bytes() == before


def test_xlsx_round_trip(project_copy: Settings, tmp_path: Path) -> None:
    before = (project_copy.data / "bochum" / LINK_FILE).read_bytes()
    book = _export(project_copy, tmp_path / "links.xlsx")
    assert book.read_bytes()[:2] == b"PK"
    import_links(book, project_copy)
    assert (project_copy.data / "bochum" / LINK_FILE).read_bytes() == before


def test_confirming_one_link_changes_exactly_that(project_copy: Settings, tmp_path: Path) -> None:
    rows = _rows(_export(project_copy, tmp_path / "a.csv"))
    target = next(r for r in rows if r["ressource"] == "Digitales Stadtportal" and r["sdg"] == "16.10")
    target["pruefstatus"] = "bestätigt"
    target["zugeordnet_von"] = "Stadt Bochum"
    target["datum"] = "2026-12-01"
    before = (project_copy.data / "bochum" / LINK_FILE).read_text(encoding="utf-8").splitlines()
    import_links(_write(tmp_path / "b.csv", rows), project_copy)
    after = (project_copy.data / "bochum" / LINK_FILE).read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert [b.strip() for _, b in changed] == [  # the serializer writes a node's statements sorted
        'dct:date "2026-12-01"^^xsd:date ;',
        "prov:wasAttributedTo <https://w3id.org/stratgraph/bochum/organisation/stadt-bochum> ;",
        "strat:hatPruefstatus strat:bestaetigt ;",
    ]


def test_rejecting_a_link_removes_the_direct_triple(project_copy: Settings, tmp_path: Path) -> None:
    rows = _rows(_export(project_copy, tmp_path / "a.csv"))
    next(r for r in rows if r["ressource"] == "Gigabit-City Bochum" and r["sdg"] == "9.1")["pruefstatus"] = "abgelehnt"
    import_links(_write(tmp_path / "b.csv", rows), project_copy)
    text = (project_copy.data / "bochum" / LINK_FILE).read_text(encoding="utf-8")
    ka = "<https://w3id.org/stratgraph/bochum/kernaktivitaet/gigabit-city-bochum>"
    triple = f"{ka} strat:traegtBeiZuSdg <http://metadata.un.org/sdg/9.1> ."
    assert triple not in text
    assert "gigabit-city-bochum--sdg--sdg-9-1> a strat:Zuordnung" in text


BAD_ROWS = [
    ("ressource", "Gibt es nicht", "unbekannte Ressource"),
    ("sdg", "18", "unbekannter SDG-Code „18“"),
    ("pruefstatus", "erledigt", "„erledigt“ ist kein Prüfstatus"),
    ("begruendung", "", "die Begründung fehlt"),
    ("staerke", "stark", "„stark“ ist keine Stärke"),
    ("datum", "1.12.2026", "kein Datum"),
    ("zugeordnet_von", "Frau Muster", "unbekannte Organisation"),
]


@pytest.mark.parametrize(("field", "value", "message"), BAD_ROWS, ids=[b[0] for b in BAD_ROWS])
def test_bad_row_changes_nothing(project_copy: Settings, tmp_path: Path, field: str, value: str, message: str) -> None:
    rows = _rows(_export(project_copy, tmp_path / "a.csv"))
    row = next(i for i, r in enumerate(rows) if r["ressource"] == "Digitales Stadtportal" and r["sdg"] == "16.10")
    rows[row][field] = value
    if field == "ressource":
        rows[row]["iri"] = ""
    before = (project_copy.data / "bochum" / LINK_FILE).read_bytes()
    with pytest.raises(LinkImportError) as exc:
        import_links(_write(tmp_path / "bad.csv", rows), project_copy)
    text = str(exc.value)
    assert f"Zeile {row + 2}, Feld „{field}“" in text
    assert message in text
    assert (project_copy.data / "bochum" / LINK_FILE).read_bytes() == before


def test_all_bad_rows_are_reported_at_once(project_copy: Settings, tmp_path: Path) -> None:
    rows = _rows(_export(project_copy, tmp_path / "a.csv"))
    rows[3]["sdg"], rows[5]["begruendung"] = "99", "kurz"
    rows.append(dict(rows[10]))  # a duplicate of row 12
    with pytest.raises(LinkImportError) as exc:
        import_links(_write(tmp_path / "bad.csv", rows), project_copy)
    assert len(exc.value.errors) >= 3
    assert "dieselbe Verknüpfung steht schon in Zeile 12" in str(exc.value)


@pytest.mark.parametrize("engine", ["turbo", "pyshacl"])
def test_import_that_breaks_the_graph_is_refused(
    project_copy: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str
) -> None:
    # Dropping Rathausclubbing's editorial Kompetenz leaves a Kernaktivität without Kompetenz: the link file as it
    # would be is validated in place of the written one, by either engine
    monkeypatch.setenv("STRATGRAPH_SHACL", engine)
    rows = [r for r in _rows(_export(project_copy, tmp_path / "a.csv")) if not r["kompetenz"]]
    before = (project_copy.data / "bochum" / LINK_FILE).read_bytes()
    with pytest.raises(LinkImportError, match="nicht konform") as refused:
        import_links(_write(tmp_path / "b.csv", rows), project_copy)
    assert "Rathausclubbing" in str(refused.value)
    assert (project_copy.data / "bochum" / LINK_FILE).read_bytes() == before


def test_missing_column_and_missing_file(project_copy: Settings, tmp_path: Path) -> None:
    broken = tmp_path / "kopf.csv"
    broken.write_text("iri,ressource,sdg\n", encoding="utf-8")
    with pytest.raises(LinkImportError, match="Spalte „begruendung“ fehlt"):
        import_links(broken, project_copy)
    with pytest.raises(LinkImportError, match="nicht gefunden"):
        import_links(tmp_path / "nicht-da.csv", project_copy)


def test_cli_round_trip_and_bad_file(
    project_copy: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "links.csv"
    assert main(["--root", str(project_copy.root), "links", "export", str(out)]) == EXIT_OK
    assert main(["--root", str(project_copy.root), "links", "import", str(out)]) == EXIT_OK
    rows = _rows(out)
    rows[0]["sdg"] = "0.0"
    rows[0]["querschnittsthema"] = rows[0]["schwerpunkt"] = rows[0]["kompetenz"] = ""
    bad = _write(tmp_path / "bad.csv", rows)
    assert main(["--root", str(project_copy.root), "links", "import", str(bad)]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "Zeile 2, Feld „sdg“" in err and "nichts geändert" in err and "Traceback" not in err


def test_review_confirms_one_link_with_role_date_and_comment(
    project_copy: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (project_copy.data / "bochum" / LINK_FILE).read_text(encoding="utf-8").splitlines()
    argv = ["--root", str(project_copy.root), "links", "review", "Gigabit-City Bochum", "9.1"]
    argv += ["--entscheidung", "bestätigt", "--rolle", "Stadt Bochum", "--datum", "2026-12-02"]
    argv += ["--kommentar", "Breitband ist Infrastruktur im Sinne von 9.1."]
    assert main(argv) == EXIT_OK
    assert "vorgeschlagen → bestaetigt (2026-12-02, Stadt Bochum)" in capsys.readouterr().out
    after = (project_copy.data / "bochum" / LINK_FILE).read_text(encoding="utf-8").splitlines()
    added = [line.strip() for line in after if line not in before]
    assert added == [  # the first comment in the file brings its prefix
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        'dct:date "2026-12-02"^^xsd:date ;',
        'skos:editorialNote "Breitband ist Infrastruktur im Sinne von 9.1."@de ;',
        "prov:wasAttributedTo <https://w3id.org/stratgraph/bochum/organisation/stadt-bochum> ;",
        "strat:hatPruefstatus strat:bestaetigt ;",
    ]  # statements sorted by property IRI
    rows = _rows(_export(project_copy, project_copy.root / "x.csv"))
    row = next(r for r in rows if r["ressource"] == "Gigabit-City Bochum" and r["sdg"] == "9.1")
    assert (row["pruefstatus"], row["kommentar"]) == ("bestätigt", "Breitband ist Infrastruktur im Sinne von 9.1.")
    assert row["zugeordnet_von"] == "Stadt Bochum"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["Gigabit-City Bochum", "9.c", "--rolle", "Stadt Bochum"], EXIT_INVALID, "Bezüge dieser Ressource: sdg: 9.1"),
        (["Gigabit-City Bochum", "9.1", "--rolle", "Frau Muster"], EXIT_INVALID, "unbekannte Organisation"),
    ],
    ids=["unknown link", "a person instead of a role"],
)
def test_review_refuses_and_changes_nothing(
    project_copy: Settings, capsys: pytest.CaptureFixture[str], args: list[str], code: int, message: str
) -> None:
    before = (project_copy.data / "bochum" / LINK_FILE).read_bytes()
    argv = ["--root", str(project_copy.root), "links", "review", *args, "--entscheidung", "abgelehnt"]
    assert main(argv) == code
    assert message in capsys.readouterr().err
    assert (project_copy.data / "bochum" / LINK_FILE).read_bytes() == before


def test_review_decisions_appear_in_the_release_changelog(project_copy: Settings, tmp_path: Path) -> None:
    from datetime import date

    from stratgraph.release import ReleaseOptions, build_release
    from stratgraph.strategies.links import Review, review_link

    dist = tmp_path / "dist"
    build_release(project_copy, ReleaseOptions(dist=dist, version="1.0", release_date=date(2026, 12, 1)))
    review_link(
        Review("Pocket Parks", "11.7", "abgelehnt", "Stadt Bochum", date(2026, 12, 3), "Zu klein."), project_copy
    )
    result = build_release(project_copy, ReleaseOptions(dist=dist, version="1.1", release_date=date(2026, 12, 3)))
    changes = (result.path / "CHANGES.md").read_text(encoding="utf-8")
    assert "## Prüfentscheidungen (1)" in changes
    assert "- „Pocket Parks“ → SDG 11.7: vorgeschlagen → abgelehnt (Stadt Bochum, 2026-12-03): Zu klein." in changes


def _edit_xlsx(path: Path, edit: object) -> Path:
    from openpyxl import load_workbook

    book = load_workbook(path)
    edit(book.worksheets[0])  # type: ignore[operator]
    book.save(path)
    return path


def _row_of(sheet: object, ressource: str, sdg: str) -> int:
    for row in sheet.iter_rows(min_row=2):  # type: ignore[attr-defined]
        if row[COLUMNS.index("ressource")].value == ressource and row[COLUMNS.index("sdg")].value == sdg:
            return int(row[0].row)
    raise AssertionError(f"no row {ressource} {sdg}")


def test_xlsx_number_typed_by_excel_is_refused_not_guessed(project_copy: Settings, tmp_path: Path) -> None:
    """Excel turns a typed „16.10“ into the number 16.1; that must not quietly become target 16.1."""
    path = _export(project_copy, tmp_path / "a.xlsx")

    def type_a_number(sheet: object) -> None:
        row = _row_of(sheet, "Digitales Stadtportal", "16.10")
        sheet.cell(row=row, column=COLUMNS.index("sdg") + 1).value = 16.10  # type: ignore[attr-defined]

    before = (project_copy.data / "bochum" / LINK_FILE).read_bytes()
    with pytest.raises(LinkImportError) as exc:
        import_links(_edit_xlsx(path, type_a_number), project_copy)
    assert "Feld „sdg“: die Zelle enthält die Zahl 16.1" in str(exc.value)
    assert (project_copy.data / "bochum" / LINK_FILE).read_bytes() == before


def test_xlsx_clear_numbers_dates_and_resorted_rows_change_nothing(project_copy: Settings, tmp_path: Path) -> None:
    from datetime import datetime

    path = _export(project_copy, tmp_path / "a.xlsx")

    def excel_like_edits(sheet: object) -> None:
        row = _row_of(sheet, "Gigabit-City Bochum", "9.1")
        sheet.cell(row=row, column=COLUMNS.index("sdg") + 1).value = 9.1  # type: ignore[attr-defined]
        sheet.cell(row=row, column=COLUMNS.index("datum") + 1).value = datetime(2026, 12, 1)  # type: ignore[attr-defined]
        values = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]  # type: ignore[attr-defined]
        for number, cells in enumerate(reversed(values), start=2):  # rows re-sorted, last first
            for column, value in enumerate(cells, start=1):
                sheet.cell(row=number, column=column).value = value  # type: ignore[attr-defined]

    before = (project_copy.data / "bochum" / LINK_FILE).read_bytes()
    import_links(_edit_xlsx(path, excel_like_edits), project_copy)  # 9.1 has no 9.10: the number is clear
    assert (project_copy.data / "bochum" / LINK_FILE).read_bytes() == before


def test_exported_xlsx_is_ready_for_excel(project_copy: Settings, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "a.xlsx"
    argv = ["--root", str(project_copy.root), "links", "export", str(path)]
    assert main(argv) == EXIT_OK
    book = load_workbook(path)
    sheet = book["Zuordnungen"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    lists = {str(v.formula1) for v in sheet.data_validations.dataValidation}
    assert lists == {  # the values of the ontology's schemes, in their order
        '"direkt,indirekt"',
        '"in Quelle belegt,redaktionell"',
        '"vorgeschlagen,bestätigt,abgelehnt"',
    }
    assert sheet.column_dimensions["H"].width == 80  # begruendung
    assert sheet.cell(row=2, column=COLUMNS.index("sdg") + 1).number_format == "@"
    matrix = book["Abdeckung"]
    assert [c.value for c in matrix[2]][:3] == ["Kompetenz", "SDG 1", "SDG 2"]
    assert matrix.cell(row=3, column=1).value == "Vorreiterin modernen Stadtmanagements"


def test_cp1252_csv_gets_the_fix_in_german_and_other_formats_are_refused(
    project_copy: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _rows(_export(project_copy, tmp_path / "a.csv"))
    legacy = _write(tmp_path / "excel.csv", rows, delimiter=";", encoding="cp1252")
    with pytest.raises(LinkImportError) as exc:
        import_links(legacy, project_copy)
    assert "In Excel: Datei → Speichern unter → „CSV UTF-8 (durch Trennzeichen getrennt)“" in str(exc.value)
    ods = tmp_path / "a.ods"
    ods.write_bytes(b"PK")
    assert main(["--root", str(project_copy.root), "links", "import", str(ods)]) == EXIT_USAGE
    assert main(["--root", str(project_copy.root), "links", "export", str(ods)]) == EXIT_USAGE
    assert "Dateiendung „.ods“ wird nicht unterstützt" in capsys.readouterr().err


def test_csv_export_has_a_bom_and_a_semicolon_option(project_copy: Settings, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    assert main(["--root", str(project_copy.root), "links", "export", str(path), "--trennzeichen", ";"]) == EXIT_OK
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfiri;ressource;sdg;")
    before = (project_copy.data / "bochum" / LINK_FILE).read_bytes()
    import_links(path, project_copy)
    assert (project_copy.data / "bochum" / LINK_FILE).read_bytes() == before


def test_a_review_in_a_strategy_with_indicators_keeps_the_indicators_correspondence(tmp_path: Path) -> None:
    """The link file is rewritten from the reviewable links; an indicator's Zuordnung to a UN indicator (kept in the
    indicators' file) neither stops the review nor is copied into the link file."""
    from .conftest import data_folder

    data = data_folder(tmp_path / "data", "gamma")
    for path in (FIXTURES / "fortschritt" / "gamma").glob("*.ttl"):
        shutil.copyfile(path, data / "gamma" / path.name)
    kept = (data / "gamma" / "indikatoren.ttl").read_bytes()
    argv = ["--root", str(ROOT), "--data", str(data), "--stadt", "gamma", "links", "review"]
    argv += ["solarleistung-verdreifachen", "7.2", "--entscheidung", "bestätigt", "--rolle", "Musterstadt Gamma"]
    assert main(argv) == EXIT_OK
    links = (data / "gamma" / LINK_FILE).read_text(encoding="utf-8")
    assert "entsprichtSdgIndikator" not in links and "strat:bestaetigt" in links
    assert (data / "gamma" / "indikatoren.ttl").read_bytes() == kept
