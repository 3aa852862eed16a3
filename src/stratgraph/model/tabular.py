"""Spreadsheets that cannot hurt: every CSV and XLSX the project writes or reads passes here.

Writing: text that a spreadsheet program would run as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return — OWASP's list for CSV injection) is written to CSV with a leading apostrophe, and to XLSX
always as a text cell, never as a formula. Reading removes exactly that apostrophe again, so export → import is
the identity. (SPARQL 1.1 CSV/TSV results from ``/sparql`` stay faithful to the standard: they are data for
programs, and a changed value would be a wrong answer.)

Reading: a file is refused before it is read when it is too large, and while it is read (streaming, never the
dimension a sheet claims) when it has too many sheets, rows, columns, cells or characters in a cell. Every
refusal and every row error is a German message; lists of errors are capped the same in every importer.
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from stratgraph.errors import StratgraphError

__all__ = [
    "FORMULA_STARTS",
    "MAX_ERRORS",
    "ImportLimits",
    "TableError",
    "check_file",
    "csv_text",
    "error_list",
    "formula_warning",
    "from_csv",
    "german_number",
    "looks_like_formula",
    "read_csv",
    "read_xlsx",
    "to_csv",
    "write_csv",
    "xlsx_bytes",
]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP, CSV injection
MAX_ERRORS = 40  # errors listed at most; the rest as „… und N weitere“


class TableError(StratgraphError):
    """A spreadsheet or CSV file that cannot be read as meant; nothing was written."""

    def __init__(self, errors: list[str], what: str = "Die Datei wurde nicht übernommen") -> None:
        self.errors = errors
        super().__init__(f"{what} ({len(errors)} Fehler):\n  " + error_list(errors))


def error_list(errors: Sequence[str]) -> str:
    """The first errors one per line, the rest counted: the same in every importer."""
    shown = "\n  ".join(errors[:MAX_ERRORS])
    more = f"\n  … und {len(errors) - MAX_ERRORS} weitere" if len(errors) > MAX_ERRORS else ""
    return shown + more


def _setting(name: str, default: int) -> int:
    value = os.environ.get(f"STRATGRAPH_IMPORT_{name}", "")
    return int(value) if value.isdigit() and int(value) > 0 else default


@dataclass(frozen=True)
class ImportLimits:
    """What an import reads at most. The defaults are far above the largest real strategy (the first city's workbook:
    1,443 rows, 7 sheets, 11 columns, 0.1 MB) and far below what hurts a machine; each is a setting
    (``STRATGRAPH_IMPORT_<NAME>``)."""

    max_bytes: int = 20 * 2**20  # the file as stored
    max_unpacked: int = 200 * 2**20  # an XLSX's members unpacked (a zip bomb claims far more)
    max_sheets: int = 30
    max_rows: int = 20_000  # rows per sheet or CSV file, blank ones included up to the last filled one
    max_columns: int = 60  # columns used
    max_cell: int = 20_000  # characters in one cell
    max_cells: int = 1_000_000  # filled cells in all

    @classmethod
    def from_env(cls) -> ImportLimits:
        d = cls()
        return cls(
            max_bytes=_setting("MAX_BYTES", d.max_bytes),
            max_unpacked=_setting("MAX_UNPACKED", d.max_unpacked),
            max_sheets=_setting("MAX_SHEETS", d.max_sheets),
            max_rows=_setting("MAX_ROWS", d.max_rows),
            max_columns=_setting("MAX_COLUMNS", d.max_columns),
            max_cell=_setting("MAX_CELL", d.max_cell),
            max_cells=_setting("MAX_CELLS", d.max_cells),
        )


# --- writing -------------------------------------------------------------------------------------------------


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet program would run this text as a formula, or it is such text already guarded."""
    return text.startswith(FORMULA_STARTS) or (text.startswith("'") and looks_like_formula(text[1:]))


def to_csv(value: Any) -> Any:
    """A CSV cell for spreadsheet programs: formula-like text gets one leading apostrophe (OWASP)."""
    return "'" + value if isinstance(value, str) and looks_like_formula(value) else value


def from_csv(text: str) -> str:
    """The inverse of ``to_csv``: exactly the one apostrophe it added is removed."""
    return text[1:] if text.startswith("'") and looks_like_formula(text[1:]) else text


def write_csv(out: io.StringIO | Any, rows: Iterable[Sequence[Any]], **options: Any) -> None:
    """Rows as CSV with every cell guarded (``to_csv``); ``options`` go to ``csv.writer``."""
    writer = csv.writer(out, **{"lineterminator": "\n", **options})
    writer.writerows([to_csv(cell) for cell in row] for row in rows)


def csv_text(rows: Iterable[Sequence[Any]], **options: Any) -> str:
    out = io.StringIO()
    write_csv(out, rows, **options)
    return out.getvalue()


def german_number(text: str) -> Decimal:
    """A number as written in a German file; ValueError with the reason where it is not one or could be two."""
    raw = text.strip().replace("\u00a0", " ").replace("−", "-")
    compact = raw.replace(" ", "")
    if not re.fullmatch(r"[-+]?[0-9.,]+", compact) or not re.search(r"[0-9]", compact):
        raise ValueError(f"„{text}“ ist keine Zahl")
    if "," in compact and "." in compact:
        if compact.rfind(",") < compact.rfind("."):
            raise ValueError(f"„{text}“ ist englisch geschrieben; deutsch bitte „1.234,5“ oder „1234,5“")
        compact = compact.replace(".", "").replace(",", ".")
    elif "," in compact:
        if compact.count(",") > 1:
            raise ValueError(f"„{text}“ hat mehrere Kommas")
        compact = compact.replace(",", ".")
    elif "." in compact:
        groups = compact.lstrip("+-").split(".")
        if len(groups) > 2 and all(len(g) == 3 for g in groups[1:]):
            compact = compact.replace(".", "")  # 1.234.567: dots can only be thousands
        elif len(groups) == 2 and len(groups[1]) == 3:
            raise ValueError(
                f"„{text}“ ist mehrdeutig: 1.234 kann tausendzweihundertvierunddreißig oder eins Komma zwei drei vier "
                "heißen; bitte ohne Tausenderpunkt („1234“) oder mit Komma („1,234“) schreiben"
            )
    try:
        return Decimal(compact)
    except InvalidOperation:
        raise ValueError(f"„{text}“ ist keine Zahl") from None


def formula_warning(place: str, text: str) -> str:
    """The warning for imported text that starts like a formula: kept as text, never run."""
    shown = text[:40].replace("\t", "\\t").replace("\r", "\\r")
    return f"{place}: der Text beginnt wie eine Formel („{shown}…“); er wird nur als Text übernommen"


FIXED_TIME = (2026, 1, 1, 0, 0, 0)


def xlsx_bytes(book: Any) -> bytes:
    """The workbook's bytes, the same for the same content: openpyxl's ``save`` stamps the document properties and
    every zip entry with the current time, so its writer is called directly with fixed properties and the entries
    get a fixed time (two exports compare byte for byte)."""
    from openpyxl.writer.excel import ExcelWriter

    book.properties.created = book.properties.modified = datetime(*FIXED_TIME)
    for sheet in book.worksheets:  # text is never a formula: openpyxl makes any str starting with „=“ one
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    saved = io.BytesIO()
    ExcelWriter(book, zipfile.ZipFile(saved, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    fixed = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(zipfile.ZipInfo(entry.filename, FIXED_TIME), source.read(entry), zipfile.ZIP_DEFLATED)
    return fixed.getvalue()


# --- reading -------------------------------------------------------------------------------------------------


def _check_size(path: Path, limits: ImportLimits) -> None:
    if not path.is_file():
        raise TableError([f"Datei nicht gefunden: {path}"])
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise TableError(
            [f"{path.name}: {size:,} Bytes, erlaubt sind {limits.max_bytes:,} (STRATGRAPH_IMPORT_MAX_BYTES)"]
        )
    if size == 0:
        raise TableError([f"{path.name}: die Datei ist leer"])


def read_csv(path: Path, limits: ImportLimits | None = None) -> list[list[str]]:
    """The rows of a CSV file (UTF-8 with or without BOM; comma or semicolon, as its first line uses), each cell
    with a guard apostrophe removed. Refused before anything is kept when a limit is passed."""
    limits = limits or ImportLimits.from_env()
    _check_size(path, limits)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableError(
            [
                f"{path.name}: keine UTF-8-Datei (Byte {exc.start}): vermutlich mit Excel als „CSV "
                "(Trennzeichen-getrennt)“ in Windows-1252 gespeichert. In Excel: Datei → Speichern unter → „CSV UTF-8 "
                "(durch Trennzeichen getrennt)“ wählen und diese Datei importieren (LibreOffice: Zeichensatz "
                "Unicode (UTF-8))"
            ]
        ) from None
    if "\x00" in text:
        raise TableError([f"{path.name}: die Datei enthält Nullbytes; sie ist keine Textdatei"])
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows: list[list[str]] = []
    cells = 0
    old_limit = csv.field_size_limit()
    csv.field_size_limit(limits.max_cell + 1)  # the csv module refuses a longer field itself (process-wide: restored)
    try:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        try:
            for row in reader:
                number = len(rows) + 1
                if number > limits.max_rows + 1:  # the header and max_rows rows
                    raise TableError([f"{path.name}: mehr als {limits.max_rows:,} Zeilen (STRATGRAPH_IMPORT_MAX_ROWS)"])
                if len(row) > limits.max_columns:
                    raise TableError(
                        [f"{path.name}, Zeile {number}: {len(row)} Spalten, erlaubt sind {limits.max_columns}"]
                    )
                for index, cell in enumerate(row, start=1):
                    if len(cell) > limits.max_cell:
                        raise TableError(
                            [f"{path.name}, Zeile {number}, Spalte {index}: mehr als {limits.max_cell:,} Zeichen"]
                        )
                cells += sum(1 for cell in row if cell)
                if cells > limits.max_cells:
                    raise TableError([f"{path.name}: mehr als {limits.max_cells:,} gefüllte Zellen"])
                rows.append([from_csv(cell) for cell in row])
        except csv.Error as exc:
            where = f"Zeile {reader.line_num}"
            if "field larger than field limit" in str(exc):
                raise TableError([f"{path.name}, {where}: ein Feld hat mehr als {limits.max_cell:,} Zeichen"]) from None
            raise TableError([f"{path.name}, {where}: kein gültiges CSV ({exc})"]) from None
    finally:
        csv.field_size_limit(old_limit)
    return rows


def check_file(path: Path, limits: ImportLimits | None = None) -> None:
    """The checks that need no reading: size, and for a workbook its unpacked size. Importers call it before they
    load anything else, so a refused file costs nothing."""
    limits = limits or ImportLimits.from_env()
    _check_size(path, limits)
    if path.suffix.lower() == ".xlsx":
        _check_zip(path, limits)


def _check_zip(path: Path, limits: ImportLimits) -> None:
    """An XLSX is a zip: refuse one whose members unpack to more than the limit (a zip bomb) before reading."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise TableError([f"{path.name}: keine lesbare XLSX-Datei (kein ZIP-Archiv: {exc})"]) from None
    unpacked = sum(m.file_size for m in members)
    if unpacked > limits.max_unpacked:
        raise TableError(
            [
                f"{path.name}: entpackt {unpacked:,} Bytes, erlaubt sind {limits.max_unpacked:,} "
                "(STRATGRAPH_IMPORT_MAX_UNPACKED); die Datei ist zu groß oder ein ZIP-Bombe"
            ]
        )
    if len(members) > 10 * limits.max_sheets + 50:
        raise TableError([f"{path.name}: {len(members)} Teile im Archiv; so viele hat keine Tabelle"])


def _sheet_rows(
    sheet: Any, name: str, limits: ImportLimits, counted: list[int], formats: bool
) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cell values) of the filled rows of a sheet, streamed: never wider than ``max_columns`` + 1
    columns nor longer than ``max_rows`` + 1 rows, whatever the sheet claims (a claim beyond both is refused
    first: what lies there cannot be meant). With ``formats`` each cell is (value, number format)."""
    claimed_rows, claimed_columns = sheet.max_row or 0, sheet.max_column or 0  # the sheet's own claim, not read
    if claimed_rows > limits.max_rows + 1 or claimed_columns > limits.max_columns:
        raise TableError(
            [
                f"Blatt {name}: reicht bis Zeile {claimed_rows:,}, Spalte {claimed_columns:,}; erlaubt sind "
                f"{limits.max_rows:,} Zeilen und {limits.max_columns} Spalten. Leere Zeilen und Spalten hinter den "
                "Daten löschen (oder die Grenze STRATGRAPH_IMPORT_MAX_ROWS/_COLUMNS erhöhen)"
            ]
        )
    width = limits.max_columns + 1
    for number, row in enumerate(
        sheet.iter_rows(min_row=1, max_row=limits.max_rows + 2, max_col=width, values_only=not formats), start=1
    ):
        cells = [(c.value, getattr(c, "number_format", "")) for c in row] if formats else list(row)
        while cells and (cells[-1][0] if formats else cells[-1]) in (None, ""):
            cells.pop()
        if not cells:
            continue
        if number > limits.max_rows + 1:
            raise TableError([f"Blatt {name}: mehr als {limits.max_rows:,} Zeilen (STRATGRAPH_IMPORT_MAX_ROWS)"])
        if len(cells) > limits.max_columns:
            raise TableError(
                [f"Blatt {name}, Zeile {number}: mehr als {limits.max_columns} Spalten (STRATGRAPH_IMPORT_MAX_COLUMNS)"]
            )
        for index, cell in enumerate(cells, start=1):
            value = cell[0] if formats else cell
            if isinstance(value, str) and len(value) > limits.max_cell:
                raise TableError(
                    [f"Blatt {name}, Zeile {number}, Spalte {index}: mehr als {limits.max_cell:,} Zeichen"]
                )
        counted[0] += sum(1 for cell in cells if (cell[0] if formats else cell) not in (None, ""))
        if counted[0] > limits.max_cells:
            raise TableError([f"mehr als {limits.max_cells:,} gefüllte Zellen (STRATGRAPH_IMPORT_MAX_CELLS)"])
        yield number, cells


def _cause(exc: BaseException) -> str:
    """What went wrong, in words: XML entity declarations (defusedxml refuses them) before openpyxl's wrapper."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    if any(type(e).__name__ in ("EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden") for e in chain):
        return "das XML deklariert Entitäten oder eine DTD; solche Dateien werden nicht gelesen (Schutz vor XML-Bomben)"
    first = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {first}"


def read_xlsx(
    path: Path, limits: ImportLimits | None = None, sheets: Sequence[str] | None = None, formats: bool = False
) -> dict[str, list[tuple[int, list[Any]]]]:
    """The filled rows of a workbook's sheets (all, or those named; the first when ``sheets`` is empty), each
    as (row number, values as openpyxl reads them: text, numbers, dates). Read in streaming mode after the file
    and its unpacked size passed the limits; XML with entity declarations is refused by defusedxml."""
    limits = limits or ImportLimits.from_env()
    _check_size(path, limits)
    _check_zip(path, limits)
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl and defusedxml raise several kinds for a file that is no workbook
        raise TableError([f"{path.name}: keine lesbare XLSX-Datei ({_cause(exc)})"]) from None
    try:
        if len(book.sheetnames) > limits.max_sheets:
            raise TableError(
                [
                    f"{path.name}: {len(book.sheetnames)} Blätter, erlaubt sind {limits.max_sheets} "
                    "(STRATGRAPH_IMPORT_MAX_SHEETS)"
                ]
            )
        wanted = list(sheets) if sheets else book.sheetnames[:1]
        counted = [0]
        found: dict[str, list[tuple[int, list[Any]]]] = {}
        for name in wanted:
            if name not in book.sheetnames:
                continue
            try:
                found[name] = list(_sheet_rows(book[name], name, limits, counted, formats))
            except TableError:
                raise
            except Exception as exc:  # a broken sheet inside a readable archive
                raise TableError([f"Blatt {name}: nicht lesbar ({type(exc).__name__}: {exc})"]) from None
        return found
    finally:
        book.close()
