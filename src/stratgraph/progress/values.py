"""Observed values in and out of a spreadsheet: ``stratgraph werte import`` and ``werte export``.

Two layouts, as offices keep them and statistics portals export them: tidy (one row per value: indicator, year,
value, unit, status, source) and wide (one row per indicator, one column per year). German numbers („1.234,5“)
and numbers Excel typed are read as meant; a cell that could mean two numbers is refused, never guessed. Every
row is checked and the strategy validated as it would be before ``werte.ttl`` is written, atomically; any error
writes nothing. A value for an indicator and year already in the graph is replaced (a final value after a
provisional one); the others stay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from stratgraph.config import STRATEGY_ROOT, Settings
from stratgraph.errors import StratgraphError
from stratgraph.model.formats import serialize
from stratgraph.model.graph import load_strategy, load_turtle, parse_turtle, strategy_folder, turtle_files
from stratgraph.model.labels import label, slugify
from stratgraph.model.namespaces import STRAT
from stratgraph.model.tabular import TableError, check_file, csv_text, german_number, read_csv, read_xlsx, xlsx_bytes
from stratgraph.strategies.links import UnsupportedFileError, write_atomically
from stratgraph.strategies.validation import load_checks, validate

__all__ = [
    "VALUES_FILE",
    "ValueImportError",
    "ValueRow",
    "export_values",
    "import_values",
    "read_value_rows",
    "values_template",
]

VALUES_FILE = "werte.ttl"
QB = "http://purl.org/linked-data/cube#"
STRUCTURE = URIRef("https://w3id.org/stratgraph/indikatorwerte/struktur")
TIDY = ["indikator", "jahr", "wert", "einheit", "status", "quelle"]
_YEAR = re.compile(r"(19|20)\d\d")
_STATUS = {"": "endgueltig", "endgültig": "endgueltig", "endgueltig": "endgueltig", "e": "endgueltig",
           "final": "endgueltig", "vorläufig": "vorlaeufig", "vorlaeufig": "vorlaeufig", "v": "vorlaeufig",
           "p": "vorlaeufig", "provisional": "vorlaeufig"}  # fmt: skip


class ValueImportError(StratgraphError):
    """The file was not taken: every problem found, each naming file, row and column."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("Die Werte wurden nicht übernommen:\n" + "\n".join(f"  - {e}" for e in errors))


@dataclass(frozen=True)
class ValueRow:
    """One checked value, ready to be written."""

    indicator: URIRef
    year: int
    value: Decimal
    status: str  # vorlaeufig or endgueltig
    source: URIRef
    row: int


def _value(cell: object, number_format: str | None) -> Decimal:
    """A value cell: an Excel-typed number as it is; text from a CSV as a German number; text in a workbook cell
    is refused (a number stored as text is where a decimal comma turned into something else)."""
    if isinstance(cell, bool | datetime | date):
        raise ValueError("ein Datum oder Wahrheitswert, keine Zahl")
    if isinstance(cell, int | float):
        return Decimal(repr(cell)) if isinstance(cell, float) else Decimal(cell)
    text = "" if cell is None else str(cell)
    if number_format is not None:  # a workbook cell that holds text
        if re.fullmatch(r"\s*[-+−]?[0-9.]*,[0-9]+\s*", text):
            raise ValueError(
                f"„{text}“ steht als Text in der Zelle (Dezimalkomma in einer Textzelle); die Zelle als Zahl "
                "formatieren und den Wert neu eingeben"
            )
        raise ValueError(f"„{text}“ ist Text, keine Zahl; die Zelle als Zahl formatieren")
    return german_number(text)


def _year(cell: object) -> int:
    if isinstance(cell, datetime | date):
        raise ValueError("ein Datum, kein Jahr; bitte nur das Jahr (z. B. 2024)")
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = str(cell).strip() if cell is not None else ""
    if not _YEAR.fullmatch(text):
        raise ValueError(f"„{text}“ ist kein Jahr (vierstellig, z. B. 2024)")
    return int(text)


@dataclass(frozen=True)
class _Cell:
    value: object
    number_format: str | None  # None: read from a CSV (text)


def _table(path: Path) -> list[tuple[int, list[_Cell]]]:
    try:
        if path.suffix.lower() == ".xlsx":
            (rows,) = read_xlsx(path, formats=True).values() or ([],)
            return [(n, [_Cell(v, f or "General") for v, f in cells]) for n, cells in rows]
        if path.suffix.lower() == ".csv":
            return [(n, [_Cell(c, None) for c in cells]) for n, cells in enumerate(read_csv(path), start=1)]
    except TableError as exc:
        raise ValueImportError(exc.errors) from None
    raise ValueImportError([f"{path.name}: unbekanntes Format; erlaubt sind .csv und .xlsx"])


def _text(cell: _Cell | None) -> str:
    if cell is None or cell.value is None:
        return ""
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class _Names:
    """Indicators, sources and units of the strategy, found by IRI, slug or name (case and umlauts ignored)."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.indicators: dict[str, URIRef] = {}
        for node in graph.subjects(RDF.type, STRAT.Indikator):
            assert isinstance(node, URIRef)
            for key in (str(node), str(node).rsplit("/", 1)[-1], label(graph, node)):
                self.indicators[slugify(key) if not key.startswith("http") else key] = node
        self.sources: dict[str, URIRef] = {}
        for node in graph.subjects(RDF.type, STRAT.Quelldokument):
            assert isinstance(node, URIRef)
            for key in (str(node), str(node).rsplit("/", 1)[-1], label(graph, node)):
                self.sources[slugify(key) if not key.startswith("http") else key] = node

    @staticmethod
    def _find(table: dict[str, URIRef], text: str) -> URIRef | None:
        return table.get(text) or table.get(slugify(text))

    def indicator(self, text: str) -> URIRef | None:
        return self._find(self.indicators, text)

    def source(self, text: str) -> URIRef | None:
        return self._find(self.sources, text)

    def unit_matches(self, indicator: URIRef, text: str) -> bool:
        unit = self.graph.value(indicator, STRAT.einheit)
        symbol = self.graph.value(indicator, STRAT.einheitZeichen)
        short = f"unit:{str(unit).rsplit('/', 1)[-1]}" if unit is not None else None
        return text in {str(unit), short, str(symbol)}


def read_value_rows(path: Path, graph: Graph, today: date | None = None) -> list[ValueRow]:
    """The rows of a tidy or wide table, each checked against the strategy's graph; all errors at once."""
    table = _table(path)
    if not table:
        raise ValueImportError([f"{path.name}: die Datei ist leer"])
    header_number, header_cells = table[0]
    header = [_text(c).lower() for c in header_cells]
    names = _Names(graph)
    errors: list[str] = []
    today = today or date.today()
    end = max((int(str(e)[:4]) for e in graph.objects(None, STRAT.ende)), default=None)
    entries: list[tuple[int, str, object | None, _Cell | None, dict[str, str]]] = []  # row, column, year, value, rest

    def place(number: int, column: str) -> str:
        return f"{path.name}, Zeile {number}, Spalte „{column}“"

    if "jahr" in header and "wert" in header:  # tidy
        if "indikator" not in header:
            raise ValueImportError([f"{path.name}, Kopfzeile (Zeile {header_number}): Spalte „indikator“ fehlt"])
        for number, cells in table[1:]:
            row = dict(zip(header, cells, strict=False))
            if not any(_text(c) for c in cells):
                continue
            rest = {k: _text(row.get(k)) for k in ("indikator", "einheit", "status", "quelle")}
            given = row.get("jahr")
            entries.append((number, "wert", None if given is None else given.value, row.get("wert"), rest))
    else:
        years = [(i, h) for i, h in enumerate(header) if _YEAR.fullmatch(h)]
        if not years or "indikator" not in header:
            raise ValueImportError(
                [
                    f"{path.name}, Kopfzeile (Zeile {header_number}): weder die lange Form (Spalten indikator, "
                    "jahr, wert, einheit, status, quelle) noch die breite (indikator und eine Spalte je Jahr, "
                    "z. B. 2023, 2024)"
                ]
            )
        for number, cells in table[1:]:
            row = dict(zip(header, cells, strict=False))
            if not any(_text(c) for c in cells):
                continue
            rest = {k: _text(row.get(k)) for k in ("indikator", "einheit", "status", "quelle")}
            for index, year_text in years:
                cell = cells[index] if index < len(cells) else None
                if _text(cell):
                    entries.append((number, year_text, int(year_text), cell, rest))

    found: list[ValueRow] = []
    seen: dict[tuple[URIRef, int], int] = {}
    for number, column, year_cell, cell, rest in entries:
        problems_before = len(errors)
        indicator = names.indicator(rest["indikator"]) if rest["indikator"] else None
        if not rest["indikator"]:
            errors.append(f"{place(number, 'indikator')}: leer; welcher Indikator ist gemeint?")
        elif indicator is None:
            errors.append(f"{place(number, 'indikator')}: kein Indikator „{rest['indikator']}“ in der Strategie")
        try:
            year = _year(year_cell)
        except ValueError as exc:
            errors.append(f"{place(number, 'jahr')}: {exc}")
            year = None
        if cell is None or not _text(cell):
            errors.append(f"{place(number, column)}: kein Wert")
            value = None
        else:
            try:
                value = _value(cell.value, cell.number_format)
            except ValueError as exc:
                errors.append(f"{place(number, column)}: {exc}")
                value = None
        if not rest["einheit"]:
            errors.append(f"{place(number, 'einheit')}: keine Einheit (das Zeichen des Indikators, etwa „%“)")
        elif indicator is not None and not names.unit_matches(indicator, rest["einheit"]):
            expected = graph.value(indicator, STRAT.einheitZeichen)
            errors.append(
                f"{place(number, 'einheit')}: „{rest['einheit']}“ ist nicht die Einheit des Indikators ({expected})"
            )
        status = _STATUS.get(rest["status"].lower())
        if status is None:
            errors.append(f"{place(number, 'status')}: „{rest['status']}“; erlaubt sind vorläufig und endgültig")
        source = names.source(rest["quelle"]) if rest["quelle"] else None
        if not rest["quelle"]:
            errors.append(f"{place(number, 'quelle')}: keine Quelle (ein Quelldokument der Strategie)")
        elif source is None:
            errors.append(f"{place(number, 'quelle')}: kein Quelldokument „{rest['quelle']}“ in der Strategie")
        if year is not None and indicator is not None:
            baseline = graph.value(indicator, STRAT.ausgangsjahr)
            if year > today.year:
                errors.append(f"{place(number, 'jahr')}: {year} liegt in der Zukunft")
            elif end is not None and year > end:
                errors.append(f"{place(number, 'jahr')}: {year} liegt nach dem Ende der Strategie ({end})")
            elif baseline is not None and year < int(str(baseline)[:4]):
                errors.append(f"{place(number, 'jahr')}: {year} liegt vor dem Ausgangsjahr des Indikators ({baseline})")
            earlier = seen.get((indicator, year))
            if earlier is not None:
                errors.append(f"{place(number, column)}: {year} hat schon einen Wert (Zeile {earlier})")
            seen.setdefault((indicator, year), number)
        if len(errors) == problems_before:
            assert indicator is not None and year is not None and value is not None and source is not None
            found.append(ValueRow(indicator, year, value, status or "endgueltig", source, number))
    if errors:
        raise ValueImportError(errors)
    if not found:
        raise ValueImportError([f"{path.name}: keine Werte"])
    return found


def _area(graph: Graph, strategy: URIRef | None) -> URIRef:
    for node in [strategy] if strategy is not None else []:
        for candidate in (
            graph.value(node, DCTERMS.spatial),
            graph.value(graph.value(node, DCTERMS.publisher), DCTERMS.spatial),
        ):
            if isinstance(candidate, URIRef):
                return candidate
    raise ValueImportError(
        ["die Strategie nennt kein Gebiet: dct:spatial bei der Strategie oder ihrem Herausgeber angeben"]
    )


def values_graph(rows: list[ValueRow], existing: Graph, graph: Graph, base: str) -> Graph:
    """The strategy's data set: the values already there, with those of ``rows`` replaced or added."""
    strategy = next((s for s in graph.subjects(RDF.type, STRAT.Strategie) if isinstance(s, URIRef)), None)
    area = _area(graph, strategy)
    dataset = URIRef(base + "datenwuerfel/indikatorwerte")
    out = Graph()
    replaced = {(row.indicator, row.year) for row in rows}
    for obs in existing.subjects(RDF.type, URIRef(QB + "Observation")):
        key = (existing.value(obs, STRAT.indikator), int(str(existing.value(obs, STRAT.bezugsjahr))[:4]))
        if key not in replaced:
            out += existing.triples((obs, None, None))
    out.add((dataset, RDF.type, URIRef(QB + "DataSet")))
    out.add((dataset, URIRef(QB + "structure"), STRUCTURE))
    if strategy is not None:
        out.set((dataset, SKOS.prefLabel, Literal(f"Indikatorwerte: {label(graph, strategy)}", lang="de")))
    for source in {row.source for row in rows} | set(existing.objects(dataset, DCTERMS.source)):
        out.add((dataset, DCTERMS.source, source))
    for row in rows:
        obs = URIRef(f"{base}wert/{str(row.indicator).rsplit('/', 1)[-1]}-{row.year}")
        unit = graph.value(row.indicator, STRAT.einheit)
        out.add((obs, RDF.type, URIRef(QB + "Observation")))
        out.add((obs, URIRef(QB + "dataSet"), dataset))
        out.add((obs, STRAT.indikator, row.indicator))
        out.add((obs, STRAT.bezugsjahr, Literal(str(row.year), datatype=XSD.gYear)))
        out.add((obs, STRAT.gebiet, area))
        out.add((obs, STRAT.messwert, Literal(row.value, datatype=XSD.decimal)))
        if unit is not None:
            out.add((obs, STRAT.messeinheit, unit))
        out.add((obs, STRAT.hatBeobachtungsstatus, STRAT[row.status]))
        out.add((obs, DCTERMS.source, row.source))
    return out


def import_values(path: Path, settings: Settings, today: date | None = None) -> tuple[int, Path]:
    """Read, check, validate the strategy as it would be, then write its werte.ttl; returns (values, file)."""
    settings = replace(settings, base_iri=None)  # data/ is written under the default base
    try:
        check_file(path)
    except TableError as exc:
        raise ValueImportError(exc.errors) from None
    project = load_strategy(settings)
    graph = project.merged()
    rows = read_value_rows(path, graph, today)
    folder = strategy_folder(settings)
    target = folder / VALUES_FILE
    existing = load_turtle([target]) if target.is_file() else Graph()
    base = f"{STRATEGY_ROOT}{settings.main_strategy}/"
    text = serialize(values_graph(rows, existing, graph, base), "turtle")
    data = load_turtle(p for p in turtle_files(folder) if p.name != VALUES_FILE)
    data += project.shared
    candidate = folder / f".{VALUES_FILE}.pruefung"
    try:
        candidate.write_bytes(text)
        parse_turtle(candidate, into=data)
    finally:
        candidate.unlink(missing_ok=True)
    report = validate(replace(project, data=data), load_checks(settings.checks))
    if not report.conforms:
        problems = [f"{f.focus_label}: {f.message}" for f in report.findings if f.severity == "Violation"]
        raise ValueImportError(["nach dem Import wäre der Graph nicht konform:", *problems[:20]])
    write_atomically(target, text)
    return len(rows), target


def export_values(graph: Graph, path: Path, wide: bool = False) -> int:
    """The strategy's values as a tidy (or, ``wide``, one column per year) CSV or XLSX; returns the values."""
    observations = _observation_rows(graph)

    if wide:
        years = sorted({o[1] for o in observations})
        by_indicator: dict[tuple[str, str], dict[int, Decimal]] = {}
        for name, year, value, unit, _, _ in observations:
            by_indicator.setdefault((name, unit), {})[year] = value
        rows: list[list[object]] = [["indikator", "einheit", *map(str, years)]]
        rows += [[n, u, *(values.get(y, "") for y in years)] for (n, u), values in by_indicator.items()]
    else:
        rows = [list[object](TIDY), *(list[object](o) for o in observations)]
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "Werte"
        for row in rows:
            sheet.append([float(c) if isinstance(c, Decimal) else c for c in row])
        write_atomically(path, xlsx_bytes(book))
    elif path.suffix.lower() == ".csv":
        shown = [[str(c).replace(".", ",") if isinstance(c, Decimal) else c for c in row] for row in rows]
        write_atomically(path, csv_text(shown, delimiter=";").encode("utf-8-sig"))
    else:
        raise UnsupportedFileError(f"{path.name}: nicht geschrieben; erlaubt sind .csv und .xlsx")
    return len(observations)


def values_template(graph: Graph, path: Path) -> int:
    """A workbook to fill in: the sheet „Werte“ in the tidy layout with the strategy's values so far, dropdowns for
    indicator, status and source (their lists on the sheet „Listen“), a check on year and number, the sheet
    „Indikatoren“ with unit, baseline and target of each, and „Anleitung“. ``werte import`` reads it back."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    if path.suffix.lower() != ".xlsx":
        raise UnsupportedFileError(f"{path.name}: nicht geschrieben; die Vorlage ist eine Arbeitsmappe (.xlsx)")
    indicators = sorted((label(graph, i), i) for i in graph.subjects(RDF.type, STRAT.Indikator))
    sources = sorted({label(graph, s) for s in graph.subjects(RDF.type, STRAT.Quelldokument)})
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Werte"
    sheet.append(TIDY)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    rows = _observation_rows(graph)
    for name, year, value, unit, status, source in rows:
        sheet.append([name, year, float(value), unit, status, source])
    lists = book.create_sheet("Listen")
    lists.append(["indikator", "quelle", "status"])
    for index in range(max(len(indicators), len(sources), 2)):
        lists.append(
            [
                indicators[index][0] if index < len(indicators) else None,
                sources[index] if index < len(sources) else None,
                ("endgültig", "vorläufig")[index] if index < 2 else None,
            ]
        )
    last = 5000

    def choose(column: str, source_column: str, count: int, what: str) -> None:
        rule = DataValidation(type="list", formula1=f"=Listen!${source_column}$2:${source_column}${count + 1}")
        rule.error, rule.errorTitle = f"Bitte {what} aus der Liste wählen", what
        sheet.add_data_validation(rule)
        rule.add(f"{column}2:{column}{last}")

    choose("A", "A", len(indicators), "einen Indikator")
    choose("F", "B", len(sources), "eine Quelle")
    choose("E", "C", 2, "einen Status")
    year = DataValidation(type="whole", operator="between", formula1="1900", formula2=str(date.today().year))
    year.error, year.errorTitle = "Ein Jahr, vierstellig (nicht in der Zukunft)", "jahr"
    number_rule = DataValidation(type="decimal", operator="between", formula1="-1E+15", formula2="1E+15")
    number_rule.error, number_rule.errorTitle = "Eine Zahl (als Zahl, nicht als Text)", "wert"
    for rule, column in ((year, "B"), (number_rule, "C")):
        sheet.add_data_validation(rule)
        rule.add(f"{column}2:{column}{last}")
    for letter, width in zip("ABCDEF", (48, 8, 12, 16, 12, 48), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    facts = book.create_sheet("Indikatoren")
    facts.append(["indikator", "einheit", "besser", "ausgangswert", "ausgangsjahr", "zielwert", "zieljahr", "zielart"])
    for name, node in indicators:
        direction = graph.value(node, STRAT.hatMessrichtung)
        kind = graph.value(node, STRAT.hatZielart)
        facts.append(
            [
                name,
                str(graph.value(node, STRAT.einheitZeichen) or ""),
                "höher" if direction == STRAT.hoeherIstBesser else "niedriger",
                *(
                    float(v.toPython())
                    if isinstance(v, Literal) and k in ("ausgangswert", "zielwert")
                    else (str(v) if v is not None else None)
                    for k, v in (
                        ("ausgangswert", graph.value(node, STRAT.ausgangswert)),
                        ("ausgangsjahr", graph.value(node, STRAT.ausgangsjahr)),
                        ("zielwert", graph.value(node, STRAT.zielwert)),
                        ("zieljahr", graph.value(node, STRAT.zieljahr)),
                    )
                ),
                label(graph, kind) if kind is not None else None,
            ]
        )
    guide = book.create_sheet("Anleitung")
    for line in (
        "Je beobachtetem Wert eine Zeile im Blatt „Werte“: Indikator (Liste), Jahr (vierstellig), Wert (als Zahl),",
        "Einheit (das Zeichen des Indikators, siehe Blatt „Indikatoren“), Status (endgültig, vorläufig), Quelle.",
        "Ein Wert für ein Jahr, das schon einen hat, ersetzt ihn (ein endgültiger einen vorläufigen).",
        "Übernehmen mit: stratgraph --stadt <stadt> werte import <diese Datei>; jede Zeile wird geprüft, bei einem",
        "Fehler wird nichts geschrieben. Die Blätter „Listen“, „Indikatoren“ und „Anleitung“ werden nicht gelesen.",
    ):
        guide.append([line])
    write_atomically(path, xlsx_bytes(book))
    return len(rows)


def _observation_rows(graph: Graph) -> list[tuple[str, int, Decimal, str, str, str]]:
    """Every observation of the graph as a tidy row: indicator name, year, value, unit symbol, status, source."""
    rows = []
    for obs in graph.subjects(RDF.type, URIRef(QB + "Observation")):
        indicator = graph.value(obs, STRAT.indikator)
        status = graph.value(obs, STRAT.hatBeobachtungsstatus)
        source = graph.value(obs, DCTERMS.source)
        rows.append(
            (
                label(graph, indicator) if indicator is not None else "",
                int(str(graph.value(obs, STRAT.bezugsjahr))[:4]),
                Decimal(str(graph.value(obs, STRAT.messwert))),
                str(graph.value(indicator, STRAT.einheitZeichen) or ""),
                "vorläufig" if status == STRAT.vorlaeufig else "endgültig",
                label(graph, source) if source is not None else "",
            )
        )
    return sorted(rows, key=lambda o: (o[0], o[1]))
