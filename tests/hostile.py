"""Hostile spreadsheets and CSV files, built here by hand (no generator of the package): what an attacker or a
broken export hands the importers. Used by tests/test_tabular.py (small variants) and bench/import_bench.py
(full size, with peak memory and time)."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

LINK_HEADER = (
    "ressource,sdg,querschnittsthema,schwerpunkt,kompetenz,staerke,begruendung,basis,pruefstatus,zugeordnet_von,datum"
)


def _book(path: Path, fill: Callable[[Workbook], None]) -> Path:
    book = Workbook()
    fill(book)
    book.save(path)
    return path


def claimed_dimension(folder: Path, rows: int = 50_000, columns: int = 16_384) -> Path:
    """A small workbook whose sheet claims rows × columns (one cell in the far corner)."""

    def fill(book: Workbook) -> None:
        sheet = book.active
        assert sheet is not None
        sheet.append(LINK_HEADER.split(","))
        sheet.cell(row=rows, column=columns, value="x")

    return _book(folder / "behauptet.xlsx", fill)


def wide(folder: Path, rows: int = 300, columns: int = 400) -> Path:
    """Rows × columns actually filled: more columns than any of our tables has."""

    def fill(book: Workbook) -> None:
        sheet = book.active
        assert sheet is not None
        for _ in range(rows):
            sheet.append(["1"] * columns)

    return _book(folder / "breit.xlsx", fill)


def many_sheets(folder: Path, count: int = 200) -> Path:
    def fill(book: Workbook) -> None:
        for number in range(count):
            book.create_sheet(f"Blatt{number}")

    return _book(folder / "blaetter.xlsx", fill)


def zip_bomb(folder: Path, unpacked: int = 1 << 30) -> Path:
    """An XLSX whose sheet unpacks to ``unpacked`` bytes of blanks (a few hundred KB packed per 100 MB)."""
    path = folder / "bombe.xlsx"
    source = folder / "bombe-vorlage.xlsx"
    _book(source, lambda book: None)
    with zipfile.ZipFile(source) as template, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in template.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                out.writestr(item, template.read(item))
        with out.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            chunk = b" " * (1 << 20)
            for _ in range(unpacked >> 20):
                sheet.write(chunk)
            sheet.write(b"<sheetData/></worksheet>")
    source.unlink()
    return path


def entity_expansion(folder: Path) -> Path:
    """A workbook whose sheet declares nested XML entities (the „billion laughs“: 10⁹ × „ha“ once expanded)."""
    path = folder / "entitaeten.xlsx"
    source = folder / "entitaeten-vorlage.xlsx"
    _book(source, lambda book: book.active.append(["a"]))  # type: ignore[union-attr]
    entities = '<!ENTITY a0 "ha">' + "".join(f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    sheet = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&a9;</t></is></c></row></sheetData></worksheet>'
    ).encode()
    with zipfile.ZipFile(source) as template, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in template.infolist():
            out.writestr(item, sheet if item.filename == "xl/worksheets/sheet1.xml" else template.read(item))
    source.unlink()
    return path


def truncated(folder: Path) -> Path:
    source = wide(folder, rows=50, columns=10)
    path = folder / "abgeschnitten.xlsx"
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    source.unlink()
    return path


def not_a_workbook(folder: Path) -> Path:
    path = folder / "zufall.xlsx"
    path.write_bytes(bytes(range(256)) * 64)
    return path


def wrong_encoding(folder: Path) -> Path:
    path = folder / "cp1252.csv"
    path.write_bytes(
        (LINK_HEADER + "\nBürgerservice,11,,,,direkt,Grüße,redaktionell,vorgeschlagen,Stadt,2026-01-01\n").encode(
            "cp1252"
        )
    )
    return path


def empty_rows(folder: Path, count: int = 1_000_000) -> Path:
    path = folder / "leerzeilen.csv"
    path.write_text(LINK_HEADER + "\n" + ",,,,,,,,,,\n" * count, encoding="utf-8")
    return path


def long_field(folder: Path, size: int = 10 * 2**20) -> Path:
    path = folder / "langes-feld.csv"
    path.write_text(
        LINK_HEADER + '\nBürgerservice,11,,,,direkt,"' + "x" * size + '",redaktionell,vorgeschlagen,Stadt,2026-01-01\n',
        encoding="utf-8",
    )
    return path


def long_line(folder: Path, size: int = 100 * 2**20) -> Path:
    """One line of ``size`` bytes (no newline in it)."""
    path = folder / "lange-zeile.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write(LINK_HEADER + "\n")
        chunk = "y" * (1 << 20)
        for _ in range(size >> 20):
            out.write(chunk)
    return path


def nul_bytes(folder: Path) -> Path:
    path = folder / "nullbytes.csv"
    path.write_bytes(LINK_HEADER.encode() + b"\n\x00\x00\x00,11\n")
    return path


HOSTILE = {  # name → builder (full size, as in the issue)
    "behauptete-dimension": claimed_dimension,
    "breit": wide,
    "viele-blaetter": many_sheets,
    "zip-bombe": zip_bomb,
    "entitaeten": entity_expansion,
    "abgeschnitten": truncated,
    "kein-arbeitsbuch": not_a_workbook,
    "cp1252": wrong_encoding,
    "leerzeilen": empty_rows,
    "langes-feld": long_field,
    "lange-zeile": long_line,
    "nullbytes": nul_bytes,
}
