"""Editorial links with their evidence (docs/sdg-verknuepfung.md): from the graph, written as Turtle, in a spreadsheet.

A link is a direct triple (``ka strat:traegtBeiZuSdg sdg:13.2``) plus a ``strat:Zuordnung`` node saying who asserted
it, why, how strong, on what basis and with what review status. A strategy's links live in its
``data/<stadt>/zuordnungen.ttl``, which ``write_links`` rewrites deterministically; the sustainability office
edits them as CSV or XLSX and imports them back, and a file with a single bad row changes nothing.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS
from rdflib.term import Node

from stratgraph.config import Settings
from stratgraph.errors import ConfigurationError, StratgraphError, os_reason
from stratgraph.model.formats import serialize, sorted_graph
from stratgraph.model.graph import (
    gc_paused,
    load_strategy,
    strategy_folder,
)
from stratgraph.model.labels import label as _label
from stratgraph.model.namespaces import SDG, SDGO, STRAT
from stratgraph.model.resolve import NameIndex, UnknownNameError, read_schemes
from stratgraph.model.tabular import (
    TableError,
    check_file,
    csv_text,
    error_list,
    formula_warning,
    looks_like_formula,
    read_csv,
    read_xlsx,
    xlsx_bytes,
)
from stratgraph.strategies.project import kept_reports, validate_strategy

__all__ = [
    "COLUMNS",
    "LINK_FILE",
    "Link",
    "LinkImportError",
    "Review",
    "ReviewConflict",
    "RowError",
    "UnsupportedFileError",
    "export_links",
    "import_links",
    "link_triples",
    "link_version",
    "links_lock",
    "parse_link_rows",
    "read_links",
    "render_links",
    "review_link",
    "save_links",
    "write_atomically",
]

LINK_FILE = "zuordnungen.ttl"
LOCK_FILE = ".zuordnungen.lock"  # beside the link file: who holds it may read, change and write the links

# Spreadsheet columns, in order. Exactly one of the four target columns is filled per row.
COLUMNS = [
    "iri",
    "ressource",
    "sdg",
    "querschnittsthema",
    "schwerpunkt",
    "kompetenz",
    "staerke",
    "begruendung",
    "basis",
    "pruefstatus",
    "zugeordnet_von",
    "datum",
    "kommentar",
]
TARGET_COLUMNS = ("sdg", "querschnittsthema", "schwerpunkt", "kompetenz")
OPTIONAL_COLUMNS = ("iri", "kommentar")  # spreadsheets exported before the review comment still import
KIND_PROPERTY = {
    "sdg": STRAT.traegtBeiZuSdg,
    "querschnittsthema": STRAT.adressiertQuerschnittsthema,
    "schwerpunkt": STRAT.gehoertZuSchwerpunkt,
    "kompetenz": STRAT.gehoertZuKompetenz,
    "sdg-indikator": STRAT.entsprichtSdgIndikator,  # from the strategy workbook; not in the link spreadsheet
}
PROPERTY_KIND = {v: k for k, v in KIND_PROPERTY.items()}
GENERAL = (STRAT.Massnahme, STRAT.Ziel, STRAT.Handlungsfeld)  # elements of strategies of another shape
# Which kinds of resource may carry which kind of link.
SUBJECT_CLASSES = {
    # any element of any strategy's levels (the general classes; their subclasses are named first) and the concepts
    "sdg": (STRAT.Kernaktivitaet, STRAT.Querschnittsthema, STRAT.Schwerpunkt, STRAT.Umsetzungskonzept, *GENERAL),
    "querschnittsthema": (STRAT.Kernaktivitaet, STRAT.Schwerpunkt, STRAT.Umsetzungskonzept, *GENERAL),
    "schwerpunkt": (STRAT.Kernaktivitaet,),
    "kompetenz": (STRAT.Kernaktivitaet,),
}
TARGET_CLASS = {
    "querschnittsthema": STRAT.Querschnittsthema,
    "schwerpunkt": STRAT.Schwerpunkt,
    "kompetenz": STRAT.Kompetenz,
}
NO_SDG = "keiner"  # spreadsheet value for strat:keinSdgBezug
NAMED_CLASSES = (
    STRAT.Kernaktivitaet,
    STRAT.Querschnittsthema,
    STRAT.Schwerpunkt,
    STRAT.Umsetzungskonzept,
    STRAT.Kompetenz,
    *GENERAL,
)


@dataclass(frozen=True, order=True)
class Link:
    """One editorial link and its evidence."""

    subject: URIRef
    kind: str
    target: URIRef  # STRAT.keinSdgBezug when a resource was considered and has no clear SDG link
    strength: URIRef
    basis: URIRef
    review: URIRef
    rationale: str
    asserted_by: URIRef  # the organisational unit that made the last decision (no personal names)
    date: date
    comment: str = ""  # a reviewer's note (skos:editorialNote), optional

    @property
    def has_direct_triple(self) -> bool:
        """Rejected links and 'no clear SDG link' leave no direct triple in the graph."""
        return self.review != STRAT.abgelehnt and self.target != STRAT.keinSdgBezug


@dataclass(frozen=True)
class RowError:
    """A problem in one spreadsheet row, named by row number (header = 1) and column."""

    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"Zeile {self.row}, Feld „{self.field}“: {self.message}"


class LinkImportError(StratgraphError):
    """The spreadsheet has errors; nothing was written."""

    def __init__(self, errors: list[RowError] | list[str]) -> None:
        self.errors = [str(e) for e in errors]
        super().__init__(f"Abgebrochen, nichts geändert ({len(self.errors)} Fehler):\n  " + error_list(self.errors))


def read_links(graph: Graph) -> list[Link]:
    """Every Zuordnung in the graph as a Link, in a stable order."""
    links = []
    for node in graph.subjects(RDF.type, STRAT.Zuordnung):
        via = graph.value(node, STRAT.zuordnungUeber)
        when = graph.value(node, DCTERMS.date)
        links.append(
            Link(
                subject=_iri(graph.value(node, STRAT.zuordnungVon)),
                kind=PROPERTY_KIND.get(_iri(via), str(via)),
                target=_iri(graph.value(node, STRAT.zuordnungZu)),
                strength=_iri(graph.value(node, STRAT.hatStaerke)),
                basis=_iri(graph.value(node, STRAT.hatBasis)),
                review=_iri(graph.value(node, STRAT.hatPruefstatus)),
                rationale=str(graph.value(node, STRAT.begruendung) or ""),
                asserted_by=_iri(graph.value(node, PROV.wasAttributedTo)),
                date=when.toPython() if isinstance(when, Literal) else date.min,
                comment=str(graph.value(node, SKOS.editorialNote) or ""),
            )
        )
    return sorted(links, key=_sort_key)


def _iri(node: object) -> URIRef:
    return node if isinstance(node, URIRef) else URIRef("")


_KIND_ORDER = {k: i for i, k in enumerate(TARGET_COLUMNS)}


def _natural(text: str) -> tuple[object, ...]:
    """Sort key that puts sdg/9 before sdg/10 and 11.2 before 11.10."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text))


def _sort_key(link: Link) -> tuple[object, ...]:
    return (_natural(str(link.subject)), _KIND_ORDER.get(link.kind, 9), _natural(str(link.target)))


# ----------------------------------------------------------------------------------------------- Turtle


def _slug(iri: URIRef) -> str:
    text = str(iri)
    if text.startswith(str(SDG)):
        return "sdg-" + text.rsplit("/", 1)[1].replace(".", "-")
    if iri == STRAT.keinSdgBezug:
        return "kein-sdg-bezug"
    return text.rstrip("/").rsplit("/", 1)[1]


def link_iri(base_iri: str, link: Link) -> URIRef:
    """Stable IRI of a link's evidence node, derived from what it links (never renumbered)."""
    return URIRef(f"{base_iri.rstrip('/')}/zuordnung/{_slug(link.subject)}--{link.kind}--{_slug(link.target)}")


def link_triples(link: Link, node: URIRef) -> list[tuple[URIRef, URIRef, Node]]:
    """The one definition of a link in RDF: its direct triple (not for a rejected link or „kein SDG-Bezug“) and
    its evidence node ``node`` (``link_iri`` unless the data names it) with everything that backs it."""
    prop = KIND_PROPERTY[link.kind]
    triples: list[tuple[URIRef, URIRef, Node]] = [(link.subject, prop, link.target)] if link.has_direct_triple else []
    triples += [
        (node, RDF.type, STRAT.Zuordnung),
        (node, STRAT.zuordnungVon, link.subject),
        (node, STRAT.zuordnungUeber, prop),
        (node, STRAT.zuordnungZu, link.target),
        (node, STRAT.begruendung, Literal(link.rationale, lang="de")),
        (node, STRAT.hatStaerke, link.strength),
        (node, STRAT.hatBasis, link.basis),
        (node, STRAT.hatPruefstatus, link.review),
        (node, PROV.wasAttributedTo, link.asserted_by),
        (node, DCTERMS.date, Literal(link.date)),
    ]
    if link.comment:
        triples.append((node, SKOS.editorialNote, Literal(link.comment, lang="de")))
    return triples


LINK_FILE_HEADER = (
    "# Editorial links with evidence (docs/sdg-verknuepfung.md): direct triple plus strat:Zuordnung.\n"
    "# Written by `stratgraph links import`; edit through `stratgraph links export` and a spreadsheet.\n"
)


def render_links(links: Iterable[Link], base_iri: str) -> str:
    """The link file's text: the links' triples written by rdflib's Turtle serializer in sorted order (same
    links, same bytes), so a changed link is a small diff."""
    triples = [t for link in links for t in link_triples(link, link_iri(base_iri, link))]
    return LINK_FILE_HEADER + serialize(sorted_graph(triples), "turtle").decode("utf-8")


def _local(iri: URIRef) -> str:
    return str(iri).rsplit("#", 1)[1]


# ----------------------------------------------------------------------------------------------- spreadsheet


def _concept_label(graph: Graph, concept: URIRef) -> str:
    return _label(graph, concept)


def export_rows(graph: Graph) -> list[dict[str, str]]:
    """One row per link, with names a person can read and codes the import understands."""
    rows = []
    for link in read_links(graph):
        if link.kind not in TARGET_COLUMNS:  # an indicator's correspondence lives with the indicators, not here
            continue
        row = dict.fromkeys(COLUMNS, "")
        row["iri"] = str(link.subject)
        row["ressource"] = _label(graph, link.subject)
        if link.kind == "sdg":
            row["sdg"] = NO_SDG if link.target == STRAT.keinSdgBezug else str(graph.value(link.target, SKOS.notation))
        else:
            row[link.kind] = _label(graph, link.target)
        row["staerke"] = _concept_label(graph, link.strength)
        row["begruendung"] = link.rationale
        row["basis"] = _concept_label(graph, link.basis)
        row["pruefstatus"] = _concept_label(graph, link.review)
        row["zugeordnet_von"] = _label(graph, link.asserted_by)
        row["datum"] = link.date.isoformat()
        row["kommentar"] = link.comment
        rows.append(row)
    return rows


SUFFIXES = (".csv", ".xlsx")
DROPDOWN_COLUMNS = ("staerke", "basis", "pruefstatus")  # their values come from the ontology's schemes
WIDTHS = {"iri": 20, "ressource": 40, "begruendung": 80, "zugeordnet_von": 24, "kommentar": 40}


MoreSheets = Callable[[Any], None]  # adds sheets to the openpyxl workbook, after the links


class UnsupportedFileError(StratgraphError):
    """A spreadsheet format the round trip does not read or write (usage error, exit 2)."""


def _check_suffix(path: Path) -> None:
    if path.suffix.lower() not in SUFFIXES:
        raise UnsupportedFileError(
            f"Dateiendung „{path.suffix or '(keine)'}“ wird nicht unterstützt: .csv oder .xlsx "
            "(aus LibreOffice als .xlsx oder CSV UTF-8 speichern)"
        )


def export_links(
    graph: Graph, path: Path, delimiter: str = ",", more: MoreSheets | None = None, *, bom: bool = True
) -> int:
    """Write all links to a CSV (UTF-8 with BOM, comma or semicolon) or XLSX file; returns the number of rows.

    The release writes its CSV without BOM (``bom=False``), as open-data tools expect.

    The XLSX has column widths, a frozen header, an autofilter, dropdowns for Stärke, Basis and Prüfstatus, the
    SDG column formatted as text (so Excel keeps „16.10“); ``more`` adds sheets (the coverage matrix:
    ``coverage.reports.matrix_sheets``).
    """
    _check_suffix(path)
    xlsx = path.suffix.lower() == ".xlsx"
    write_atomically(path, links_workbook(graph, more) if xlsx else links_csv(graph, delimiter, bom=bom))
    return sum(1 for link in read_links(graph) if link.kind in TARGET_COLUMNS)


def links_csv(graph: Graph, delimiter: str = ",", *, bom: bool = True) -> bytes:
    """All links as CSV; the BOM tells Excel the file is UTF-8; with „;“ German Excel splits the columns itself."""
    rows = [COLUMNS, *([row[c] for c in COLUMNS] for row in export_rows(graph))]
    text = csv_text(rows, lineterminator="\r\n", delimiter=delimiter)  # formula-like text guarded (tabular)
    return text.encode("utf-8-sig" if bom else "utf-8")


def links_workbook(graph: Graph, more: MoreSheets | None = None) -> bytes:
    """All links as the office's XLSX (see ``export_links``)."""
    return _xlsx(export_rows(graph), graph, more)


def _xlsx(rows: list[dict[str, str]], graph: Graph, more: MoreSheets | None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Zuordnungen"
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([row[c] for c in COLUMNS])
    last = len(rows) + 1
    schemes = read_schemes(graph)
    dropdowns = {c: [concept.label for concept in schemes[c].concepts] for c in DROPDOWN_COLUMNS}
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = WIDTHS.get(column, 16)
        if column in TARGET_COLUMNS or column == "datum":
            for cell in sheet[letter][1:]:
                cell.number_format = "@"  # text: Excel must not turn 16.10 into 16.1 or a code into a date
        if column in dropdowns:
            allowed = DataValidation(type="list", formula1='"' + ",".join(dropdowns[column]) + '"', allow_blank=False)
            allowed.error, allowed.errorTitle = f"Erlaubt: {', '.join(dropdowns[column])}", column
            sheet.add_data_validation(allowed)
            allowed.add(f"{letter}2:{letter}{max(last, 2) + 500}")  # room for new rows
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last}"
    if more is not None:
        more(book)
    return xlsx_bytes(book)


def _cell_text(value: object, number_format: str, column: str, row: int, codes: Collection[str]) -> str:
    """A typed spreadsheet cell as the text a person meant: dates as dates, SDG codes as codes.

    Excel turns a typed „16.10“ into the number 16.1; where the number could stand for two codes, the cell is
    refused rather than guessed.
    """
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return (value.date() if isinstance(value, datetime) else value).isoformat()
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int) or value.is_integer():
        return str(int(value))
    decimals = re.fullmatch(r"0\.(0+)", number_format or "")
    if decimals:  # the cell shows a fixed number of decimals: that is what the person sees
        return f"{value:.{len(decimals.group(1))}f}"
    text = repr(value)
    if column == "sdg" and text + "0" in codes:
        raise LinkImportError(
            [
                RowError(
                    row,
                    column,
                    f"die Zelle enthält die Zahl {text}: Excel macht aus „{text}0“ die Zahl {text}, welches Unterziel "
                    f"gemeint ist, bleibt offen. Die Spalte als Text formatieren und den Code neu eingeben",
                )
            ]
        )
    return text


def _read_table(path: Path, codes: Collection[str] = (), warnings: list[str] | None = None) -> list[dict[str, str]]:
    """Rows of a CSV (comma or semicolon, UTF-8 with or without BOM) or XLSX file, keyed by lower-case header,
    read within the import limits (``tabular``). Text that starts like a formula is kept as text and reported in
    ``warnings`` naming its cell.

    ``codes`` are the SDG codes of the graph, to tell an ambiguous number in the SDG column from a clear one.
    """
    if not path.is_file():
        raise LinkImportError([f"Datei nicht gefunden: {path}"])
    _check_suffix(path)
    try:
        if path.suffix.lower() == ".xlsx":
            (numbered,) = read_xlsx(path, formats=True).values() or ([],)
            table, errors = _typed_table(numbered, codes)
            if errors:
                raise LinkImportError(errors)
        else:
            table = list(enumerate(read_csv(path), start=1))
    except TableError as exc:
        raise LinkImportError(exc.errors) from None
    if not table:
        raise LinkImportError(["die Datei ist leer"])
    header_number, header_cells = table[0]
    header = [h.strip().lower() for h in header_cells]
    missing = [c for c in COLUMNS if c not in OPTIONAL_COLUMNS and c not in header]
    if missing:
        raise LinkImportError([f"Kopfzeile (Zeile {header_number}): Spalte „{c}“ fehlt" for c in missing])
    rows: list[dict[str, str]] = []
    for number, cells in table[1:]:
        while len(rows) + header_number + 1 < number:
            rows.append({})  # rows the file leaves out or blank: row numbers stay right, skipped later
        if not any(c.strip() for c in cells):
            rows.append({})
            continue
        row = {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}
        for column, text in row.items():
            if warnings is not None and looks_like_formula(text):
                warnings.append(formula_warning(f"Zeile {number}, Spalte „{column}“", text))
        rows.append(row)
    return rows


def _typed_table(
    numbered: list[tuple[int, list[tuple[object, str]]]], codes: Collection[str]
) -> tuple[list[tuple[int, list[str]]], list[str]]:
    """Typed workbook cells as the texts a person meant (``_cell_text``); its errors collected, not raised."""
    if not numbered:
        return [], []
    header = ["" if c[0] is None else str(c[0]).strip().lower() for c in numbered[0][1]]
    table: list[tuple[int, list[str]]] = [(numbered[0][0], header)]
    errors: list[str] = []
    for number, cells in numbered[1:]:
        texts = []
        for index, (value, number_format) in enumerate(cells):
            column = header[index] if index < len(header) else ""
            try:
                texts.append(_cell_text(value, number_format, column, number, codes))
            except LinkImportError as exc:
                errors += exc.errors
                texts.append("")
        table.append((number, texts))
    return table, errors


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def parse_link_rows(rows: list[dict[str, str]], graph: Graph) -> list[Link]:
    """Check every row against the graph and turn it into a Link; all problems are collected, none written."""
    names = NameIndex(graph, NAMED_CLASSES)
    schemes = read_schemes(graph)  # Stärke, Basis and Prüfstatus as the ontology defines them

    def concept(key: str, text: str) -> URIRef | None:
        try:
            return schemes[key].resolve(text).iri
        except UnknownNameError:
            return None

    errors: list[RowError] = []
    links: list[Link] = []
    seen: dict[tuple[URIRef, str, URIRef], int] = {}
    for index, row in enumerate(rows, start=2):
        if not row:
            continue
        before = len(errors)

        def fail(field: str, message: str, row_number: int = index) -> None:
            errors.append(RowError(row_number, field, message))

        filled = [c for c in TARGET_COLUMNS if row.get(c, "")]
        if len(filled) != 1:
            fail(
                "sdg/querschnittsthema/schwerpunkt/kompetenz",
                f"genau eine dieser Spalten muss gefüllt sein, gefüllt sind {len(filled)}",
            )
            continue
        kind = filled[0]
        subject_text = row.get("iri", "") or row.get("ressource", "")
        subject = names.resource(subject_text, SUBJECT_CLASSES[kind]) if subject_text else None
        if subject is None:
            field = "iri" if row.get("iri") else "ressource"
            allowed = ", ".join(_local(c) for c in SUBJECT_CLASSES[kind])
            fail(field, f"unbekannte Ressource „{subject_text}“ (erlaubt für {kind}: {allowed})")
        target_text = row[kind]
        target: URIRef | None
        if kind == "sdg":
            target = STRAT.keinSdgBezug if _key(target_text) == NO_SDG else names.sdg.get(target_text.strip())
            if target is None:
                fail("sdg", f"unbekannter SDG-Code „{target_text}“ (erwartet z. B. 13 oder 13.2, oder „{NO_SDG}“)")
        else:
            target = names.resource(target_text, [TARGET_CLASS[kind]])
            if target is None:
                fail(kind, f"unbekannte(r) {kind} „{target_text}“")
        strength = concept("staerke", row.get("staerke", ""))
        if strength is None:
            fail("staerke", f"„{row.get('staerke', '')}“ ist keine Stärke (direkt, indirekt)")
        basis = concept("basis", row.get("basis", ""))
        if basis is None:
            fail("basis", f"„{row.get('basis', '')}“ ist keine Basis (redaktionell, in Quelle belegt)")
        review = concept("pruefstatus", row.get("pruefstatus", ""))
        if review is None:
            fail(
                "pruefstatus",
                f"„{row.get('pruefstatus', '')}“ ist kein Prüfstatus (vorgeschlagen, bestätigt, abgelehnt)",
            )
        rationale = " ".join(row.get("begruendung", "").split())
        if len(rationale) < 10:
            fail("begruendung", "die Begründung fehlt oder ist kürzer als 10 Zeichen")
        agent = names.agent(row.get("zugeordnet_von", ""))
        if agent is None:
            fail("zugeordnet_von", f"unbekannte Organisation „{row.get('zugeordnet_von', '')}“")
        try:
            when = date.fromisoformat(row.get("datum", ""))
        except ValueError:
            fail("datum", f"„{row.get('datum', '')}“ ist kein Datum der Form JJJJ-MM-TT")
            when = date.min
        if len(errors) > before:
            continue
        assert subject is not None and target is not None and strength and basis and review and agent
        key = (subject, kind, target)
        if key in seen:
            fail(kind, f"dieselbe Verknüpfung steht schon in Zeile {seen[key]}")
            continue
        seen[key] = index
        comment = " ".join(row.get("kommentar", "").split())  # optional column: older spreadsheets lack it
        links.append(Link(subject, kind, target, strength, basis, review, rationale, agent, when, comment))
    if errors:
        raise LinkImportError(errors)
    return sorted(links, key=_sort_key)


def import_links(path: Path, settings: Settings, warnings: list[str] | None = None) -> tuple[int, Path]:
    """Read a spreadsheet, check every row and the resulting graph, then rewrite the link file atomically.
    Text that starts like a formula is taken as text and named in ``warnings``."""
    settings = _default_base(settings)
    try:
        check_file(path)  # a file refused for its size costs no graph
    except TableError as exc:
        raise LinkImportError(exc.errors) from None
    graph = load_strategy(settings).merged()
    codes = {str(c) for t in graph.subjects(RDF.type, SDGO.Target) for c in graph.objects(t, SKOS.notation)}
    links = parse_link_rows(_read_table(path, codes, warnings), graph)
    with links_lock(settings):
        return len(links), save_links(links, settings)


def _default_base(settings: Settings) -> Settings:
    # data/ is written under the default base; the configured base only changes what is served
    return replace(settings, base_iri=None)


def save_links(links: list[Link], settings: Settings) -> Path:
    """Rewrite the strategy's zuordnungen.ttl with these links, after validating the strategy as it would be;
    atomic. The validation's report is kept for the files as written, so the reload after it does not repeat it."""
    text = render_links(links, settings.base_for(settings.main_strategy))
    folder = strategy_folder(settings)
    slug = settings.main_strategy
    with tempfile.TemporaryDirectory() as scratch:
        candidate = Path(scratch) / LINK_FILE
        candidate.write_text(text, encoding="utf-8")
        findings = validate_strategy(settings, slug, links=candidate)
    problems = [f"{f.focus_label}: {f.message}" for f in findings if f.severity == "Violation"]
    if problems:
        raise LinkImportError(["nach der Änderung wäre der Graph nicht konform:", *problems[:20]])
    target = folder / LINK_FILE
    write_atomically(target, text.encode("utf-8"))
    kept_reports(settings).put(slug, findings)
    return target


@dataclass(frozen=True)
class Review:
    """A review decision on one link: which link, the new status, who (an organisational unit), when, why; and
    optionally a new strength or target (each needs the comment as its reason)."""

    resource: str  # name, slug or IRI of the Kernaktivität, Querschnittsthema or Umsetzungskonzept
    target: str  # SDG code, „keiner“, or the name of a Querschnittsthema, Schwerpunkt or Kompetenz
    decision: str  # bestätigt, abgelehnt or vorgeschlagen (back to open)
    role: str  # organisational unit, e.g. the city or its sustainability office; never a person's name
    when: date
    comment: str = ""
    strength: str = ""  # a new strength (direkt, indirekt); empty: unchanged
    new_target: str = ""  # a new target of the same kind (an SDG code, a name); empty: unchanged
    seen: str = ""  # the link's version (``link_version``) the reviewer decided on; empty: not checked


class ReviewConflict(LinkImportError):  # noqa: N818 - the condition, as HTTP names it (409)
    """The link changed since the reviewer saw it; nothing was written (HTTP 409)."""


def link_version(link: Link) -> str:
    """A short fingerprint of everything a link says: a decision made on an older version is refused, not merged."""
    text = "\n".join(sorted(" ".join(str(t) for t in triple) for triple in link_triples(link, URIRef(""))))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@contextmanager
def links_lock(settings: Settings) -> Iterator[None]:
    """One writer of a strategy's link file at a time — across threads and processes (the CLI beside the
    service): the file is read, changed and written under an exclusive lock on a file beside it."""
    folder = strategy_folder(settings)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK_FILE, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def review_link(review: Review, settings: Settings) -> tuple[Link, Link]:
    """Record a review decision as the spreadsheet would (same checks), return the link before and after."""
    settings = _default_base(settings)
    with links_lock(settings), gc_paused():  # nothing of the graphs read here is garbage before the end
        return _review_link(review, settings)


def _review_link(review: Review, settings: Settings) -> tuple[Link, Link]:
    project = load_strategy(settings)
    graph = project.merged()
    rows = export_rows(graph)
    wanted = _key(review.target)
    names = NameIndex(graph, NAMED_CLASSES)
    matches = [
        i
        for i, row in enumerate(rows)
        if any(_key(row[c]) == wanted for c in TARGET_COLUMNS if row[c])
        and any(
            names.resource(review.resource, SUBJECT_CLASSES[c]) == URIRef(row["iri"]) for c in TARGET_COLUMNS if row[c]
        )
    ]
    if not matches:
        candidates = sorted({r["ressource"] for r in rows if _key(r["ressource"]) == _key(review.resource)})
        known = [f"{c}: {r[c]}" for r in rows for c in TARGET_COLUMNS if r[c] and r["ressource"] in candidates]
        hint = f" Bezüge dieser Ressource: {', '.join(known)}." if known else " Die Ressource hat keine Bezüge."
        raise LinkImportError([f"kein Bezug „{review.resource}“ → „{review.target}“.{hint}"])
    if names.agent(review.role) is None:
        known = sorted({_label(graph, a) for a in names.agents.values()})
        raise LinkImportError([f"unbekannte Organisation „{review.role}“ (Rollen, keine Personen: {', '.join(known)})"])
    row = rows[matches[0]]
    before = parse_link_rows([row], graph)[0]
    if review.seen and review.seen != link_version(before):
        raise ReviewConflict(
            [
                f"der Bezug „{row['ressource']}“ → „{review.target}“ wurde inzwischen geändert (jetzt: "
                f"{_concept_label(graph, before.review)}, {before.date.isoformat()}, "
                f"{_label(graph, before.asserted_by)}); nichts gespeichert – bitte neu laden und erneut entscheiden"
            ]
        )
    if (review.strength or review.new_target) and len(" ".join(review.comment.split())) < 10:
        raise LinkImportError(["wer Stärke oder Ziel ändert, nennt den Grund im Kommentar (mindestens 10 Zeichen)"])
    row.update(
        pruefstatus=review.decision, zugeordnet_von=review.role, datum=review.when.isoformat(), kommentar=review.comment
    )
    if review.strength:
        row["staerke"] = review.strength
    if review.new_target:
        row[next(c for c in TARGET_COLUMNS if row[c])] = review.new_target
    links = parse_link_rows(rows, graph)  # every row is kept, in order: the changed one is at its index
    after = links[matches[0]]
    save_links(links, settings)
    return before, after


def write_atomically(path: Path, content: bytes) -> None:
    """Write via a temporary file in the same folder and rename, so a reader never sees half a file; a place that
    cannot be written is a ConfigurationError naming it (nothing is left behind)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, scratch = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise ConfigurationError(f"{path}: nicht schreibbar ({os_reason(exc)}); nichts geschrieben") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(scratch, path)
    except BaseException as exc:
        if os.path.exists(scratch):
            os.unlink(scratch)
        if isinstance(exc, OSError):  # a full disk, a folder of that name
            raise ConfigurationError(f"{path}: nicht schreibbar ({os_reason(exc)}); nichts geschrieben") from None
        raise
