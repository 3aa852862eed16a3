"""The strategy workbook (template v2): one XLSX for any strategy's shape, its import and its exact inverse, the export.

A strategy declares its own levels (sheet „Ebenen“: name, order, kind — Gliederung, Ziele, Maßnahmen — and the
level above), its elements stand on them (sheet „Elemente“, one sheet with a column for the element above), measures
carry a status and a dated history („Statusverlauf“), goals and measures have indicators („Indikatoren“: unit,
direction, baseline, target), and links with evidence start at any element („Bezuege“: SDGs, Querschnittsthemen,
editorial Schwerpunkt and Kompetenz parents, and the UN SDG indicator an indicator corresponds to). The indicators'
observed values have their own workbook (``stratgraph werte vorlage``). What no structured sheet holds —
English labels, notes, sources, milestones, bodies — is kept triple by triple in „Weitere_Angaben“, so that the
export is lossless: the export builds the structured triples from its own rows with the same builder the import
uses and writes everything else as further rows; importing the export gives the same graph (apart from the base
IRI).

References in a cell are a Kennung (the IRI's path under the strategy's base, e.g. ``massnahme/radschnellweg``), an
IRI in angle brackets, a prefixed name (``strat:direkt``) or a name (the German ``skos:prefLabel``, where it is
unique). Every problem is reported with sheet, row and column; a row that fails still names its element, so a
later row that refers to it is not reported again (no cascading errors).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from stratgraph.config import Settings
from stratgraph.errors import ConfigurationError, StratgraphError
from stratgraph.model.graph import LINK_FILE, ProjectGraphs, load_turtle, strategy_folders, turtle_files
from stratgraph.model.labels import slugify
from stratgraph.model.namespaces import PREFIXES, PROJECT_IRI, SDG, SDGO, STRAT, bind_prefixes
from stratgraph.model.resolve import Scheme, UnknownNameError, fold, read_schemes
from stratgraph.model.tabular import (
    TableError,
    error_list,
    formula_warning,
    german_number,
    looks_like_formula,
    read_xlsx,
    xlsx_bytes,
)
from stratgraph.strategies.links import Link, link_iri, link_triples
from stratgraph.strategies.validation import load_checks, validate

__all__ = [
    "SHEETS",
    "WorkbookError",
    "build_strategy",
    "export_strategy",
    "import_strategy",
    "read_workbook",
    "slugify",
    "strategy_graph",
    "write_workbook",
]

Rows = dict[str, list[dict[str, str]]]

# how often an indicator's values are collected: the word in the sheet → the EU's frequency authority table
EU_FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
FREQUENCIES = {
    "jaehrlich": URIRef(EU_FREQUENCY + "ANNUAL"),
    "halbjaehrlich": URIRef(EU_FREQUENCY + "ANNUAL_2"),
    "vierteljaehrlich": URIRef(EU_FREQUENCY + "QUARTERLY"),
    "monatlich": URIRef(EU_FREQUENCY + "MONTHLY"),
    "zweijaehrlich": URIRef(EU_FREQUENCY + "BIENNIAL"),
    "dreijaehrlich": URIRef(EU_FREQUENCY + "TRIENNIAL"),
    "unregelmaessig": URIRef(EU_FREQUENCY + "IRREG"),
}
FREQUENCIES_WORDS = list(FREQUENCIES)
QUDT_UNIT = "http://qudt.org/vocab/unit/"
OPTIONAL_SHEETS = ("Indikatoren",)  # workbooks written before the sheet existed still import
DECIMAL_COLUMNS = ("ausgangswert", "zielwert")

# sheet → (column, explanation); the first row of each sheet is the header
SHEETS: dict[str, list[tuple[str, str]]] = {
    "Strategie": [("feld", "was"), ("wert", "Angabe")],
    "Ebenen": [
        ("position", "1 = oberste Ebene, dann 2, 3 … (zwei bis sechs Ebenen)"),
        ("name", "das Wort der Strategie für die Ebene, z. B. Themenfeld, Leitlinie, operatives Ziel, Maßnahme"),
        ("mehrzahl", "die Mehrzahl des Namens für Überschriften, z. B. Maßnahmen (leer: keine)"),
        ("art", "gliederung, ziel oder massnahme (Zweck oder Mittel nach dem Business Motivation Model)"),
        ("uebergeordnet", "die Ebene darüber (leer nur bei der obersten)"),
        ("klasse", "leer (Handlungsfeld, Ziel, Maßnahme) oder eine Unterklasse des Vokabulars, z. B. Kernaktivitaet"),
        ("kennung", "leer oder der IRI-Pfad der Ebene, z. B. ebene/massnahme"),
    ],
    "Elemente": [
        ("ebene", "Name der Ebene"),
        ("position", "1, 2, 3 … unter dem übergeordneten Element (leer: keine)"),
        ("name", "der Name im Wortlaut der Quelle"),
        ("gehoert_zu", "das Element der Ebene darüber (leer nur auf der obersten Ebene)"),
        ("status", "nur Maßnahmen: geplant, laufend, umgesetzt, eingestellt oder ueberfuehrt"),
        ("beschreibung", "eine kurze Beschreibung in eigenen Worten (leer: keine)"),
        ("kennung", "leer oder der IRI-Pfad, z. B. massnahme/radschnellweg"),
    ],
    "Statusverlauf": [
        ("element", "die Maßnahme"),
        ("status", "der Status, der erreicht war"),
        ("erreicht_am", "JJJJ, JJJJ-MM oder JJJJ-MM-TT"),
        ("quelle", "die Quelle (leer: die Quelle der Strategie)"),
        ("kennung", "leer oder der IRI-Pfad des Eintrags"),
    ],
    "Querschnittsthemen": [
        ("position", "1, 2, 3 …"),
        ("name", ""),
        ("beschreibung", ""),
        ("kennung", "leer oder der IRI-Pfad, z. B. querschnittsthema/teilhabe"),
    ],
    "Bezuege": [
        ("von", "das Element oder Querschnittsthema, von dem der Bezug ausgeht"),
        ("art", "sdg, querschnittsthema, schwerpunkt, kompetenz oder sdg-indikator (nur von einem Indikator)"),
        (
            "zu",
            "SDG-Ziel oder -Unterziel (13, 13.2; „keiner“: betrachtet, kein klarer Bezug), SDG-Indikator (7.2.1) "
            "oder das Ziel des Bezugs",
        ),
        ("staerke", "direkt oder indirekt"),
        ("basis", "inQuelleBelegt oder redaktionell"),
        ("pruefstatus", "vorgeschlagen, bestaetigt oder abgelehnt"),
        ("begruendung", "ein Satz: warum"),
        ("zugeordnet_von", "Herausgeber der Strategie oder stratgraph (keine Personen)"),
        ("datum", "JJJJ-MM-TT"),
        ("kennung", "leer oder der IRI-Pfad der Zuordnung"),
    ],
    "Indikatoren": [
        ("misst", "das Ziel oder die Maßnahme, deren Erreichen der Indikator zeigt"),
        ("name", "der Name des Indikators im Wortlaut der Quelle"),
        ("definition", "was genau gezählt oder gemessen wird, in eigenen Worten (leer: keine)"),
        ("einheit", "QUDT-Einheit, z. B. unit:PERCENT, unit:KiloW, unit:TONNE; für Anzahlen unit:NUM"),
        ("einheit_zeichen", "wie die Einheit neben Zahlen steht, z. B. % oder t CO₂"),
        ("richtung", "hoeher oder niedriger: welcher Wert besser ist"),
        ("ausgangswert", "Zahl, z. B. 14,5 (leer: keiner)"),
        ("ausgangsjahr", "JJJJ"),
        ("zielwert", "Zahl (leer: kein bezifferter Zielwert)"),
        ("zieljahr", "JJJJ"),
        ("zielart", "erreichen, mindestens oder hoechstens"),
        ("erhoben_von", "die Stelle, die die Werte erhebt (eine Organisationseinheit, keine Person; leer: keine)"),
        ("haeufigkeit", "wie oft die Werte erhoben werden: " + ", ".join(FREQUENCIES_WORDS)),
        ("quelle", "die Quelle (leer: die Quelle der Strategie)"),
        ("kennung", "leer oder der IRI-Pfad, z. B. indikator/radverkehrsanteil"),
    ],
    "Weitere_Angaben": [
        ("subjekt", "Kennung, <IRI> oder Präfixname der Ressource"),
        ("eigenschaft", "Präfixname oder <IRI> der Eigenschaft, z. B. skos:altLabel"),
        ("wert", "der Wert"),
        ("sprache", "Sprache eines Textes, z. B. de oder en"),
        (
            "datentyp",
            "Ressource (der Wert ist eine Kennung, <IRI> oder ein Präfixname), ein Datentyp wie xsd:gYear, "
            "oder leer (Text)",
        ),
    ],
}
STRATEGY_FIELDS = {
    "kennung": "Kennung (IRI-Pfad der Strategie, leer: strategie/<kurzname>)",
    "name": "Name der Strategie",
    "herausgeber": "Herausgeber (Stadt)",
    "beschreibung": "Beschreibung (ein, zwei Sätze)",
    "beginn": "Beginn (Jahr, z. B. 2022)",
    "ende": "Zeithorizont (Jahr, z. B. 2030)",
    "quelle": "Quelle: Titel des Dokuments oder Kennung",
    "quelle_datei": "Quelle: Datei oder Adresse",
}
PROJECT_NAME = "stratgraph"
RESOURCE = "Ressource"
LEVEL_KINDS = {"gliederung": STRAT.gliederungsebene, "ziel": STRAT.zielebene, "massnahme": STRAT.massnahmenebene}
GENERAL_CLASS = {
    STRAT.gliederungsebene: STRAT.Handlungsfeld,
    STRAT.zielebene: STRAT.Ziel,
    STRAT.massnahmenebene: STRAT.Massnahme,
}
# what a link may be about: the word in the sheet, the property, the word in the link's Kennung
LINK_KINDS = {
    "sdg": STRAT.traegtBeiZuSdg,
    "querschnittsthema": STRAT.adressiertQuerschnittsthema,
    "schwerpunkt": STRAT.gehoertZuSchwerpunkt,
    "kompetenz": STRAT.gehoertZuKompetenz,
    "sdg-indikator": STRAT.entsprichtSdgIndikator,
}
NO_SDG = ("keiner", "kein", "kein klarer sdg-bezug")


class WorkbookError(StratgraphError):
    """Rows or fields of a workbook that cannot be imported; nothing was written."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__(f"Die Vorlage wurde nicht übernommen ({len(errors)} Fehler):\n  {error_list(errors)}")


def _cell(value: Any, exact: bool, decimal_comma: bool = False) -> str:
    """A cell as text: dates in ISO form, whole floats without „.0“; outside „Weitere_Angaben“ spaces are tidied.

    ``decimal_comma``: a number Excel typed is written the German way, so that 1.234 typed as a number is not
    taken for thousands when the cell is read as a German number."""
    if value is None:
        return ""
    if decimal_comma and isinstance(value, float) and not value.is_integer():
        return str(Decimal(repr(value))).replace(".", ",")
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value) if exact else " ".join(str(value).split())


def read_workbook(path: Path, warnings: list[str] | None = None) -> Rows:
    """The sheets of a filled workbook as rows keyed by column (blank rows kept as {} so row numbers stay), read
    within the import limits (``tabular``); text that starts like a formula is kept as text and named in
    ``warnings``."""
    if not path.is_file():
        raise WorkbookError([f"Datei nicht gefunden: {path}"])
    if path.suffix.lower() != ".xlsx":
        raise WorkbookError(
            [f"{path}: die Vorlage ist eine XLSX-Datei (Endung .xlsx), wie „stratgraph vorlage“ sie schreibt"]
        )
    try:
        found = read_xlsx(path, sheets=[*SHEETS, "Kernaktivitaeten"])
    except TableError as exc:
        raise WorkbookError(exc.errors) from None
    if "Kernaktivitaeten" in found and "Elemente" not in found:
        raise WorkbookError(
            [
                "Vorlage der ersten Fassung (Blatt „Kernaktivitaeten“): bitte mit „stratgraph vorlage“ "
                "eine neue Vorlage schreiben; sie nimmt Ebenen und Elemente jeder Strategie auf"
            ]
        )
    missing = [name for name in SHEETS if name not in found and name not in OPTIONAL_SHEETS]
    if missing:
        raise WorkbookError([f"Blatt „{name}“ fehlt" for name in missing])
    sheets: Rows = {}
    errors = []
    for name, columns in SHEETS.items():
        if name not in found:
            sheets[name] = []
            continue
        exact, decimal_comma = name == "Weitere_Angaben", name == "Indikatoren"
        numbered = [(number, [_cell(c, exact, decimal_comma) for c in cells]) for number, cells in found[name]]
        header = [h.strip().casefold() for h in numbered[0][1]] if numbered else []
        errors += [f"Blatt {name}: Spalte „{c}“ fehlt in der Kopfzeile" for c, _ in columns if c not in header]
        rows: list[dict[str, str]] = []
        for number, cells in numbered[1:]:
            while len(rows) + 2 < number:
                rows.append({})  # blank rows keep the numbers of the rows below
            row = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header) if h}
            for column, text in row.items():
                if warnings is not None and looks_like_formula(text):
                    warnings.append(formula_warning(f"Blatt {name}, Zeile {number}, Spalte „{column}“", text))
            rows.append(row)
        sheets[name] = rows
    if errors:
        raise WorkbookError(errors)
    return sheets


def _numbered(rows: Rows, sheet: str) -> list[tuple[int, dict[str, str]]]:
    return [(number, row) for number, row in enumerate(rows.get(sheet, []), start=2) if row]


def _typed_date(text: str) -> Literal | None:
    """JJJJ, JJJJ-MM or JJJJ-MM-TT as xsd:gYear, xsd:gYearMonth or xsd:date; None for anything else."""
    if re.fullmatch(r"\d{4}", text):
        return Literal(text, datatype=XSD.gYear)
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        return Literal(text, datatype=XSD.gYearMonth)
    try:
        return Literal(date.fromisoformat(text).isoformat(), datatype=XSD.date) if len(text) == 10 else None
    except ValueError:
        return None


@dataclass
class _Level:
    iri: URIRef
    name: str
    kind: URIRef | None
    klasse: URIRef
    above: str  # the reference as written
    row: int  # its row on the sheet, for messages
    parent: _Level | None = None
    position: int = 0


@dataclass
class _Builder:
    """Rows to triples. ``known`` holds what the rows may refer to beside themselves (the further statements)."""

    base: str
    ontology: Graph
    schemes: dict[str, Scheme]
    sdg_codes: set[str]
    known: Graph
    sdg_indicators: dict[str, URIRef]  # code (7.2.1) → the UN's IRI
    content: Graph = field(default_factory=Graph)
    links: Graph = field(default_factory=Graph)
    defaults: list[tuple[URIRef, URIRef, Node]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    names: dict[str, set[URIRef]] = field(default_factory=dict)
    subjects: set[URIRef] = field(default_factory=set)

    def error(self, sheet: str, row: int, column: str, message: str) -> None:
        self.errors.append(f"Blatt {sheet}, Zeile {row}, Spalte {column}: {message}")

    def name(self, node: URIRef, text: str) -> None:
        self.names.setdefault(text.casefold(), set()).add(node)
        self.subjects.add(node)

    def kennung(self, text: str, default: str) -> URIRef:
        return URIRef(self.base + (text.strip("/") if text else default))

    def ref(self, text: str, exact: bool = False) -> URIRef | None:
        """A cell that names a resource: <IRI>, prefixed name, Kennung under the base, or a unique name.

        ``exact`` (the further statements): a Kennung is taken as it is and a name is never looked up."""
        text = text.strip()
        if text.startswith("<") and text.endswith(">"):
            return URIRef(text[1:-1])
        prefix, _, local = text.partition(":")
        if local and prefix in PREFIXES and " " not in text:
            return URIRef(PREFIXES[prefix] + local)
        if re.fullmatch(r"[a-z0-9-]+/\S+", text):
            node = URIRef(self.base + text)
            if exact or node in self.subjects or (node, None, None) in self.known:
                return node
        if exact:
            return None
        found = self.names.get(text.casefold(), set())
        return next(iter(found)) if len(found) == 1 else None

    def ref_or_error(self, sheet: str, row: int, column: str, text: str, what: str) -> URIRef | None:
        node = self.ref(text)
        if node is None:
            many = len(self.names.get(text.strip().casefold(), ()))
            why = (
                f"„{text}“ ist mehrdeutig; bitte die Kennung angeben" if many > 1 else f"{what} „{text}“ gibt es nicht"
            )
            self.error(sheet, row, column, why)
        return node

    def number(self, sheet: str, row: int, column: str, text: str) -> int | None:
        if not text:
            return None
        if not text.isdigit() or int(text) < 1:
            self.error(sheet, row, column, f"„{text}“ ist keine ganze Zahl ab 1")
            return None
        return int(text)

    def required(self, sheet: str, row: int, values: dict[str, str], *columns: str) -> bool:
        empty = [c for c in columns if not values.get(c)]
        for column in empty:
            self.error(sheet, row, column, "leer, aber nötig")
        return not empty

    def concept(self, sheet: str, row: int, column: str, key: str, text: str) -> URIRef | None:
        try:
            return self.schemes[key].resolve(text).iri
        except UnknownNameError as exc:
            self.error(sheet, row, column, str(exc))
            return None

    def text(self, node: URIRef, predicate: URIRef, value: str, graph: Graph | None = None) -> None:
        if value:
            (self.content if graph is None else graph).add((node, predicate, Literal(value, lang="de")))


def _further(rows: Rows, builder: _Builder) -> Graph:
    """The sheet „Weitere_Angaben“ as triples (the statements no structured sheet holds)."""
    sheet, graph = "Weitere_Angaben", Graph()
    for number, row in _numbered(rows, sheet):
        if not builder.required(sheet, number, row, "subjekt", "eigenschaft"):
            continue
        subject, predicate = builder.ref(row["subjekt"], exact=True), builder.ref(row["eigenschaft"], exact=True)
        if subject is None:
            builder.error(sheet, number, "subjekt", f"„{row['subjekt']}“ ist keine Kennung, <IRI> oder Präfixname")
        if predicate is None:
            builder.error(sheet, number, "eigenschaft", f"„{row['eigenschaft']}“ ist kein Präfixname und keine <IRI>")
        kind, value = row.get("datentyp", ""), row.get("wert", "")
        term: Node | None
        if kind == RESOURCE:
            term = builder.ref(value, exact=True)
            if term is None:
                builder.error(sheet, number, "wert", f"„{value}“ ist keine Kennung, <IRI> oder Präfixname")
        elif kind:
            datatype = builder.ref(kind, exact=True)
            term = Literal(value, datatype=datatype) if datatype is not None else None
            if datatype is None:
                builder.error(sheet, number, "datentyp", f"„{kind}“: Ressource, ein Datentyp wie xsd:gYear oder leer")
        else:
            term = Literal(value, lang=row.get("sprache") or None)
        if subject is not None and predicate is not None and term is not None:
            graph.add((subject, predicate, term))
    return graph


@dataclass
class _Built:
    content: Graph
    links: Graph
    further: Graph
    defaults: list[tuple[URIRef, URIRef, Node]]


def _build(rows: Rows, slug: str, base: str, reference: Graph, known: Graph | None = None) -> _Built:
    """Content, links and further statements of a strategy from its rows; WorkbookError with every problem found.

    ``known`` is the graph the rows were exported from (the export builds its structured part this way); on import
    the further statements are what the rows may refer to."""
    codes = {
        str(c)
        for kind in (SDGO.Goal, SDGO.Target)
        for s in reference.subjects(RDF.type, kind)
        for c in reference.objects(s, SKOS.notation)
    }
    indicators = {
        str(c): s
        for s in reference.subjects(RDF.type, SDGO.Indicator)
        for c in reference.objects(s, SKOS.notation)
        if isinstance(s, URIRef)
    }
    b = _Builder(base, reference, read_schemes(reference), codes, Graph(), indicators)
    further = _further(rows, b) if known is None else Graph()
    b.known = known if known is not None else further
    for node, text in b.known.subject_objects(SKOS.prefLabel):
        if isinstance(node, URIRef) and isinstance(text, Literal) and text.language == "de":
            b.name(node, str(text))
    c = b.content

    info = {key: "" for key in STRATEGY_FIELDS}
    by_label = {label.casefold(): key for key, label in STRATEGY_FIELDS.items()}
    for _, row in _numbered(rows, "Strategie"):
        label = row.get("feld", "").casefold()
        info[by_label.get(label, label)] = row.get("wert", "")
    for key in ("name", "herausgeber", "quelle"):
        if not info.get(key):
            b.errors.append(f"Blatt Strategie: Feld „{STRATEGY_FIELDS[key]}“ fehlt oder ist leer")
    strategy = b.kennung(info["kennung"], f"strategie/{slug}")
    c.add((strategy, RDF.type, STRAT.Strategie))
    b.text(strategy, SKOS.prefLabel, info["name"])
    b.text(strategy, DCTERMS.description, info["beschreibung"])
    b.name(strategy, info["name"])
    for key, predicate in (("beginn", STRAT.beginn), ("ende", STRAT.ende)):
        if info[key]:
            if re.fullmatch(r"\d{4}", info[key]):
                c.add((strategy, predicate, Literal(info[key], datatype=XSD.gYear)))
            else:
                b.errors.append(f"Blatt Strategie: {STRATEGY_FIELDS[key]}: „{info[key]}“ ist kein Jahr")
    publisher = b.ref(info["herausgeber"]) or b.kennung("", f"organisation/{slugify(info['herausgeber']) or 'stadt'}")
    if publisher not in b.subjects and (publisher, None, None) not in b.known:
        b.defaults += [(publisher, RDF.type, ORG.FormalOrganization), (publisher, RDF.type, FOAF.Organization)]
        b.text(publisher, SKOS.prefLabel, info["herausgeber"])
        b.name(publisher, info["herausgeber"])
    c.add((strategy, DCTERMS.publisher, publisher))
    source = b.ref(info["quelle"]) if info["quelle"] else None
    if source is None:
        source = b.kennung("", f"quelle/{slugify(info['quelle']) or 'quelle'}")
        c.add((source, RDF.type, STRAT.Quelldokument))
        b.text(source, SKOS.prefLabel, info["quelle"])
        if info["quelle_datei"]:
            c.add((source, DCTERMS.identifier, Literal(info["quelle_datei"])))
        b.name(source, info["quelle"])

    def sourced(node: URIRef) -> None:
        b.defaults.append((node, DCTERMS.source, source))

    sourced(strategy)
    levels = _levels(rows, b, strategy, sourced)
    _elements(rows, b, strategy, levels, sourced)
    _themes(rows, b, strategy, sourced)
    _indicators(rows, b, sourced)
    _history(rows, b, info, sourced, source)
    _links(rows, b, publisher, info["herausgeber"])
    if b.errors:
        raise WorkbookError(b.errors)
    return _Built(b.content, b.links, further, b.defaults)


def _levels(rows: Rows, b: _Builder, strategy: URIRef, sourced: Any) -> dict[str, _Level]:
    sheet = "Ebenen"
    levels: dict[str, _Level] = {}
    by_iri: dict[URIRef, _Level] = {}
    for number, row in _numbered(rows, sheet):
        if not b.required(sheet, number, row, "position", "name", "art"):
            continue
        kind = LEVEL_KINDS.get(row["art"].casefold())
        if kind is None:
            b.error(sheet, number, "art", f"„{row['art']}“: gliederung, ziel oder massnahme")
        klasse = GENERAL_CLASS.get(kind) if kind is not None else STRAT.Strategieelement
        if row.get("klasse"):
            named = b.ref(row["klasse"] if ":" in row["klasse"] else f"strat:{row['klasse']}")
            if named is None or (named != klasse and (named, RDFS.subClassOf, klasse) not in b.ontology):
                b.error(
                    sheet,
                    number,
                    "klasse",
                    f"„{row['klasse']}“ ist keine Unterklasse von {str(klasse).rsplit('#')[-1]}",
                )
            else:
                klasse = named
        node = b.kennung(row.get("kennung", ""), f"ebene/{slugify(row['name'])}")
        if row["name"].casefold() in levels:
            b.error(sheet, number, "name", f"die Ebene „{row['name']}“ gibt es schon")
            continue
        level = _Level(node, row["name"], kind, klasse or STRAT.Strategieelement, row.get("uebergeordnet", ""), number)
        level.position = b.number(sheet, number, "position", row["position"]) or 0
        levels[row["name"].casefold()] = by_iri[node] = level
        b.name(node, row["name"])
        c = b.content
        c.add((node, RDF.type, STRAT.Ebene))
        b.text(node, SKOS.prefLabel, row["name"])
        if row.get("mehrzahl"):
            b.text(node, STRAT.mehrzahl, row["mehrzahl"])
        c.add((node, STRAT.position, Literal(level.position)))
        if kind is not None:
            c.add((node, STRAT.hatEbenenart, kind))
        c.add((node, STRAT.ebenenKlasse, level.klasse))
        c.add((node, STRAT.gehoertZuStrategie, strategy))
        sourced(node)
    for level in levels.values():
        number = level.row
        if not level.above:
            continue
        found = b.ref(level.above)
        parent = levels.get(level.above.casefold()) or (by_iri.get(found) if found is not None else None)
        if parent is None:
            b.error(
                sheet,
                number,
                "uebergeordnet",
                f"keine Ebene „{level.above}“ (vorhanden: {', '.join(lv.name for lv in levels.values())})",
            )
            continue
        level.parent = parent
        b.content.add((level.iri, STRAT.uebergeordneteEbene, parent.iri))
        if parent.position >= level.position:
            b.error(
                sheet,
                number,
                "uebergeordnet",
                f"die Ebene „{parent.name}“ steht nicht vor dieser Ebene (Position {parent.position})",
            )
        if parent.kind == STRAT.massnahmenebene and level.kind != STRAT.massnahmenebene:
            b.error(
                sheet,
                number,
                "uebergeordnet",
                f"ein Ziel oder eine Gliederung kann nicht unter Maßnahmen („{parent.name}“) stehen",
            )
    for level in levels.values():
        seen, step = {level.iri}, level.parent
        while step is not None:
            if step.iri in seen:
                b.error(sheet, level.row, "uebergeordnet", "die Ebenen bilden einen Kreis")
                break
            seen.add(step.iri)
            step = step.parent
        if len(seen) > 6:
            b.error(
                sheet,
                level.row,
                "uebergeordnet",
                f"die Ebene liegt {len(seen)} Ebenen tief; erlaubt sind zwei bis sechs",
            )
    tops = [lv for lv in levels.values() if not lv.above]
    if levels and len(tops) != 1:
        b.errors.append(f"Blatt Ebenen: genau eine oberste Ebene (ohne „uebergeordnet“) nötig, hier {len(tops)}")
    if len(levels) == 1:
        b.errors.append("Blatt Ebenen: eine Strategie hat zwei bis sechs Ebenen, hier nur eine")
    if not levels and not any(row for _, row in _numbered(rows, sheet)):
        b.errors.append("Blatt Ebenen: keine Ebene angegeben (zwei bis sechs Ebenen nötig)")
    return levels


def _parent_property(parent: _Level) -> URIRef:
    """The vocabulary's „gehört zu“ for an element of this level: the special subproperty where its class has one."""
    return {STRAT.Kompetenz: STRAT.gehoertZuKompetenz, STRAT.Schwerpunkt: STRAT.gehoertZuSchwerpunkt}.get(
        parent.klasse, STRAT.gehoertZu
    )


def _elements(rows: Rows, b: _Builder, strategy: URIRef, levels: dict[str, _Level], sourced: Any) -> None:
    sheet = "Elemente"
    placed: dict[URIRef, _Level] = {}
    table = _numbered(rows, sheet)
    # first pass: every element is known by name and Kennung, so a bad row elsewhere does not cascade
    nodes: dict[int, URIRef] = {}
    for number, row in table:
        level = levels.get(row.get("ebene", "").casefold())
        if row.get("name") and level is not None:
            prefix = str(level.iri).removeprefix(b.base).split("/")[-1]
            node = b.kennung(row.get("kennung", ""), f"{prefix}/{slugify(row['name'])}")
            if node in placed:
                b.error(sheet, number, "name", f"„{node.removeprefix(b.base)}“ gibt es schon")
                continue
            nodes[number], placed[node] = node, level
            b.name(node, row["name"])
    for number, row in table:
        if not b.required(sheet, number, row, "ebene", "name"):
            continue
        level = levels.get(row["ebene"].casefold())
        if level is None:
            b.error(
                sheet,
                number,
                "ebene",
                f"keine Ebene „{row['ebene']}“ (vorhanden: {', '.join(lv.name for lv in levels.values())})",
            )
            continue
        if number not in nodes:
            continue
        node, c = nodes[number], b.content
        c.add((node, RDF.type, level.klasse))
        c.add((node, STRAT.aufEbene, level.iri))
        b.text(node, SKOS.prefLabel, row["name"])
        b.text(node, DCTERMS.description, row.get("beschreibung", ""))
        position = b.number(sheet, number, "position", row.get("position", ""))
        if position is not None:
            c.add((node, STRAT.position, Literal(position)))
        sourced(node)
        if level.parent is None:
            if row.get("gehoert_zu"):
                b.error(
                    sheet,
                    number,
                    "gehoert_zu",
                    f"die Ebene „{level.name}“ ist die oberste; ihre Elemente stehen unter keinem",
                )
            b.defaults.append((node, STRAT.gehoertZuStrategie, strategy))
        elif not row.get("gehoert_zu"):
            b.error(sheet, number, "gehoert_zu", f"leer: ein Element der Ebene „{level.parent.name}“ nötig")
        else:
            parent = b.ref_or_error(sheet, number, "gehoert_zu", row["gehoert_zu"], "ein Element")
            if parent is not None and placed.get(parent) is not level.parent:
                where = placed.get(parent)
                b.error(
                    sheet,
                    number,
                    "gehoert_zu",
                    f"„{row['gehoert_zu']}“ steht auf der Ebene „{where.name if where else '–'}“; "
                    f"erwartet ein Element der Ebene „{level.parent.name}“ direkt darüber",
                )
            elif parent is not None:
                c.add((node, _parent_property(level.parent), parent))
        if level.kind == STRAT.massnahmenebene:
            if b.required(sheet, number, row, "status"):
                status = b.concept(sheet, number, "status", "status", row["status"])
                if status is not None:
                    c.add((node, STRAT.hatStatus, status))
        elif row.get("status"):
            what = "Zielen" if level.kind == STRAT.zielebene else "Gliederung"
            b.error(
                sheet, number, "status", f"nur Maßnahmen haben einen Status; „{level.name}“ ist eine Ebene von {what}"
            )


def _themes(rows: Rows, b: _Builder, strategy: URIRef, sourced: Any) -> None:
    sheet = "Querschnittsthemen"
    for number, row in _numbered(rows, sheet):
        if not b.required(sheet, number, row, "name"):
            continue
        node = b.kennung(row.get("kennung", ""), f"querschnittsthema/{slugify(row['name'])}")
        b.name(node, row["name"])
        b.content.add((node, RDF.type, STRAT.Querschnittsthema))
        b.text(node, SKOS.prefLabel, row["name"])
        b.text(node, DCTERMS.description, row.get("beschreibung", ""))
        position = b.number(sheet, number, "position", row.get("position", ""))
        if position is not None:
            b.content.add((node, STRAT.position, Literal(position)))
        b.defaults.append((node, STRAT.gehoertZuStrategie, strategy))
        sourced(node)


def _indicators(rows: Rows, b: _Builder, sourced: Any) -> None:
    sheet, c = "Indikatoren", b.content
    for number, row in _numbered(rows, sheet):
        if not b.required(sheet, number, row, "misst", "name", "einheit", "einheit_zeichen", "richtung"):
            if row.get("name"):
                b.name(b.kennung(row.get("kennung", ""), f"indikator/{slugify(row['name'])}"), row["name"])
            continue
        node = b.kennung(row.get("kennung", ""), f"indikator/{slugify(row['name'])}")
        if (node, RDF.type, STRAT.Indikator) in c:
            b.error(sheet, number, "name", f"den Indikator „{node.removeprefix(b.base)}“ gibt es schon")
            continue
        b.name(node, row["name"])
        c.add((node, RDF.type, STRAT.Indikator))
        b.text(node, SKOS.prefLabel, row["name"])
        b.text(node, SKOS.definition, row.get("definition", ""))
        measured = b.ref_or_error(sheet, number, "misst", row["misst"], "ein Ziel oder eine Maßnahme")
        if measured is not None:
            c.add((node, STRAT.misst, measured))
        unit = b.ref(row["einheit"], exact=True)
        if unit is None or not str(unit).startswith(QUDT_UNIT):
            b.error(sheet, number, "einheit", f"„{row['einheit']}“ ist keine QUDT-Einheit (z. B. unit:PERCENT)")
        else:
            c.add((node, STRAT.einheit, unit))
        c.add((node, STRAT.einheitZeichen, Literal(row["einheit_zeichen"])))
        direction = b.concept(sheet, number, "richtung", "richtung", row["richtung"])
        if direction is not None:
            c.add((node, STRAT.hatMessrichtung, direction))
        for column, predicate in (("ausgangswert", STRAT.ausgangswert), ("zielwert", STRAT.zielwert)):
            if row.get(column):
                try:
                    c.add((node, predicate, Literal(german_number(row[column]))))
                except ValueError as exc:
                    b.error(sheet, number, column, str(exc))
        for column, predicate in (("ausgangsjahr", STRAT.ausgangsjahr), ("zieljahr", STRAT.zieljahr)):
            if row.get(column):
                if re.fullmatch(r"\d{4}", row[column]):
                    c.add((node, predicate, Literal(row[column], datatype=XSD.gYear)))
                else:
                    b.error(sheet, number, column, f"„{row[column]}“ ist kein Jahr (JJJJ)")
        if row.get("zielart"):
            kind = b.concept(sheet, number, "zielart", "zielart", row["zielart"])
            if kind is not None:
                c.add((node, STRAT.hatZielart, kind))
        if row.get("erhoben_von"):
            body = b.ref_or_error(sheet, number, "erhoben_von", row["erhoben_von"], "eine Organisationseinheit")
            if body is not None:
                c.add((node, STRAT.wirdErhobenVon, body))
        if row.get("haeufigkeit"):
            frequency = FREQUENCIES.get(fold(row["haeufigkeit"]))
            if frequency is None:
                b.error(sheet, number, "haeufigkeit", f"„{row['haeufigkeit']}“: {', '.join(FREQUENCIES)}")
            else:
                c.add((node, DCTERMS.accrualPeriodicity, frequency))
        if row.get("quelle"):
            cited = b.ref_or_error(sheet, number, "quelle", row["quelle"], "eine Quelle")
            if cited is not None:
                c.add((node, DCTERMS.source, cited))
        else:
            sourced(node)


def _history(rows: Rows, b: _Builder, info: dict[str, str], sourced: Any, source: URIRef) -> None:
    sheet = "Statusverlauf"
    today = date.today().isoformat()
    for number, row in _numbered(rows, sheet):
        if not b.required(sheet, number, row, "element", "status", "erreicht_am"):
            continue
        measure = b.ref_or_error(sheet, number, "element", row["element"], "eine Maßnahme")
        status = b.concept(sheet, number, "status", "status", row["status"])
        when = _typed_date(row["erreicht_am"])
        if when is None:
            b.error(
                sheet, number, "erreicht_am", f"„{row['erreicht_am']}“ ist kein Datum (JJJJ, JJJJ-MM oder JJJJ-MM-TT)"
            )
        elif str(when) > today[: len(str(when))]:
            b.error(sheet, number, "erreicht_am", f"„{when}“ liegt in der Zukunft")
        elif info["beginn"] and str(when)[:4] < info["beginn"]:
            b.error(sheet, number, "erreicht_am", f"„{when}“ liegt vor dem Beginn der Strategie ({info['beginn']})")
        cited = b.ref_or_error(sheet, number, "quelle", row["quelle"], "eine Quelle") if row.get("quelle") else source
        if measure is None or status is None or when is None or cited is None:
            continue
        node = b.kennung(row.get("kennung", ""), f"statuseintrag/{measure.rsplit('/', 1)[-1]}-{when}")
        b.content.add((measure, STRAT.hatStatuseintrag, node))
        b.content.add((node, RDF.type, STRAT.Statuseintrag))
        b.content.add((node, STRAT.nenntStatus, status))
        b.content.add((node, STRAT.erreichtAm, when))
        if row.get("quelle"):
            b.content.add((node, DCTERMS.source, cited))
        else:
            sourced(node)


def _links(rows: Rows, b: _Builder, publisher: URIRef, publisher_name: str) -> None:
    sheet = "Bezuege"
    for number, row in _numbered(rows, sheet):
        if not b.required(sheet, number, row, *(c for c, _ in SHEETS[sheet] if c != "kennung")):
            continue
        subject = b.ref_or_error(sheet, number, "von", row["von"], "ein Element oder Querschnittsthema")
        kind = row["art"].casefold()
        prop = LINK_KINDS.get(kind)
        target: URIRef | None = None
        if prop is None:
            b.error(sheet, number, "art", f"„{row['art']}“: {', '.join(LINK_KINDS)}")
        elif kind == "sdg-indikator":
            target = b.sdg_indicators.get(row["zu"].removeprefix("SDG").strip())
            if target is None:
                b.error(sheet, number, "zu", f"„{row['zu']}“ ist kein Indikator der SDGs (z. B. 7.2.1)")
        elif kind == "sdg":
            code = row["zu"].removeprefix("SDG").strip()
            if code.casefold() in NO_SDG:
                target, code = STRAT.keinSdgBezug, "keiner"
            elif code in b.sdg_codes:
                target = SDG[code]
            else:
                b.error(sheet, number, "zu", f"„{row['zu']}“ ist kein SDG-Ziel oder -Unterziel (z. B. 13 oder 13.2)")
        else:
            target = b.ref_or_error(sheet, number, "zu", row["zu"], "ein Ziel des Bezugs")
        strength = b.concept(sheet, number, "staerke", "staerke", row["staerke"])
        basis = b.concept(sheet, number, "basis", "basis", row["basis"])
        review = b.concept(sheet, number, "pruefstatus", "pruefstatus", row["pruefstatus"])
        who = row["zugeordnet_von"]
        agent = PROJECT_IRI if who.casefold() == PROJECT_NAME else publisher if who == publisher_name else b.ref(who)
        if agent is None:
            b.error(sheet, number, "zugeordnet_von", f"„{who}“: der Herausgeber, {PROJECT_NAME} oder eine Kennung")
        when = _typed_date(row["datum"])
        if when is None or when.datatype != XSD.date:
            b.error(sheet, number, "datum", f"„{row['datum']}“ ist kein Datum JJJJ-MM-TT")
        if len(row["begruendung"]) < 10:
            b.error(sheet, number, "begruendung", "zu kurz: ein Satz, warum")
        if None in (subject, prop, target, strength, basis, review, agent, when) or len(row["begruendung"]) < 10:
            continue
        assert subject and prop and target and agent and strength and basis and review  # checked just above
        link = Link(
            subject, kind, target, strength, basis, review, row["begruendung"], agent, date.fromisoformat(str(when))
        )
        node = b.kennung(row["kennung"], "") if row.get("kennung") else link_iri(b.base, link)  # one IRI rule for links
        if (node, RDF.type, STRAT.Zuordnung) in b.links:
            b.error(sheet, number, "zu", f"diesen Bezug gibt es schon ({row['von']} → {row['zu']})")
            continue
        # the link file holds the links one reviews; an indicator's correspondence stays with the indicators
        into = b.content if kind == "sdg-indikator" else b.links
        for triple in link_triples(link, node):  # the one definition of a link's triples
            into.add(triple)


def _complete(content: Graph, links: Graph, further: Graph, defaults: Iterable[tuple[URIRef, URIRef, Node]]) -> None:
    """Further statements into content or links (a Zuordnung's into links), then the defaults nobody stated."""
    zuordnungen = set(further.subjects(RDF.type, STRAT.Zuordnung)) | set(links.subjects(RDF.type, STRAT.Zuordnung))
    for triple in further:
        (links if triple[0] in zuordnungen else content).add(triple)
    for s, p, o in defaults:
        if (s, p, None) not in content and (s, p, None) not in links:
            content.add((s, p, o))


def strategy_graph(settings: Settings, slug: str) -> Graph:
    """The strategy's own triples: every Turtle file of data/<slug>/ (not the shared SDG reference)."""
    folder = settings.data / slug
    if not folder.is_dir():  # an export of a strategy that is not there: a usage error, not a workbook's
        known = ", ".join(f.name for f in strategy_folders(settings.data)) or "keine"
        raise ConfigurationError(f"keine Strategie „{slug}“ in {settings.data} (vorhanden: {known})")
    return load_turtle(turtle_files(folder))


def _main_strategy(graph: Graph, base: str) -> URIRef:
    """The strategy whose levels the graph declares (else the one that is no version of another)."""
    candidates = sorted(
        s
        for s in graph.subjects(RDF.type, STRAT.Strategie)
        if isinstance(s, URIRef) and str(s).startswith(base) and graph.value(s, DCTERMS.isVersionOf) is None
    )
    for s in candidates:
        if any((lv, STRAT.gehoertZuStrategie, s) in graph for lv in graph.subjects(RDF.type, STRAT.Ebene)):
            return s
    if not candidates:
        raise WorkbookError([f"unter {base} gibt es keine Strategie-Ressource"])
    return candidates[0]


def export_strategy(graph: Graph, base: str, reference: Graph) -> Rows:
    """A strategy's graph as the workbook's rows; importing them gives the same graph (see the module's docstring)."""
    strategy = _main_strategy(graph, base)

    def de(node: Any, predicate: URIRef = SKOS.prefLabel) -> str:
        values = sorted(str(v) for v in graph.objects(node, predicate) if isinstance(v, Literal) and v.language == "de")
        return values[0] if len(values) == 1 else ""

    labels: dict[str, list[Node]] = {}
    for node, text in graph.subject_objects(SKOS.prefLabel):
        if isinstance(text, Literal) and text.language == "de":
            labels.setdefault(str(text).casefold(), []).append(node)

    def short(node: Any) -> str:
        """How a cell names a resource: its name where unique, else its Kennung; outside the base its IRI."""
        text = str(node)
        name = de(node)
        if (
            name
            and len(labels.get(name.casefold(), [])) == 1
            and not re.fullmatch(r"[a-z0-9-]+/\S+", name)
            and ":" not in name
        ):
            return name
        if text.startswith(base):
            return text[len(base) :]
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if text.startswith(namespace) and re.fullmatch(r"[A-Za-z0-9_.-]+", text[len(namespace) :]):
                return f"{prefix}:{text[len(namespace) :]}"
        return f"<{text}>"

    def kennung(node: Any) -> str:
        return str(node)[len(base) :] if str(node).startswith(base) else f"<{node}>"

    def notation(node: Any) -> str:
        return str(reference.value(node, SKOS.notation) or "") if node is not None else ""

    def number(node: Any) -> str:
        return str(graph.value(node, STRAT.position) or "")

    sources = sorted(graph.objects(strategy, DCTERMS.source), key=str)
    info = {
        "kennung": kennung(strategy),
        "name": de(strategy),
        "herausgeber": short(graph.value(strategy, DCTERMS.publisher) or ""),
        "beschreibung": de(strategy, DCTERMS.description),
        "beginn": str(graph.value(strategy, STRAT.beginn) or "")
        if re.fullmatch(r"\d{4}", str(graph.value(strategy, STRAT.beginn) or ""))
        else "",
        "ende": str(graph.value(strategy, STRAT.ende) or "")
        if re.fullmatch(r"\d{4}", str(graph.value(strategy, STRAT.ende) or ""))
        else "",
        "quelle": kennung(sources[0]) if sources else "",
        "quelle_datei": "",
    }
    levels = sorted(graph.subjects(STRAT.gehoertZuStrategie, strategy), key=lambda n: (int(number(n) or 0), str(n)))
    levels = [lv for lv in levels if (lv, RDF.type, STRAT.Ebene) in graph]
    kinds = {v: k for k, v in LEVEL_KINDS.items()}
    rows: Rows = {"Strategie": [{"feld": STRATEGY_FIELDS[k], "wert": v} for k, v in info.items()]}
    rows["Ebenen"] = [
        {
            "position": number(lv),
            "name": de(lv),
            "mehrzahl": de(lv, STRAT.mehrzahl),
            "art": kinds.get(URIRef(str(graph.value(lv, STRAT.hatEbenenart))), ""),
            "uebergeordnet": de(graph.value(lv, STRAT.uebergeordneteEbene))
            if graph.value(lv, STRAT.uebergeordneteEbene)
            else "",
            "klasse": ""
            if graph.value(lv, STRAT.ebenenKlasse) in GENERAL_CLASS.values()
            else str(graph.value(lv, STRAT.ebenenKlasse)).rsplit("#", 1)[-1],
            "kennung": kennung(lv),
        }
        for lv in levels
    ]
    order: dict[Node, int] = {lv: i for i, lv in enumerate(levels)}
    elements = [e for e in graph.subjects(STRAT.aufEbene, None) if graph.value(e, STRAT.aufEbene) in order]

    def above(element: Any) -> str:
        level = graph.value(element, STRAT.aufEbene)
        up = graph.value(level, STRAT.uebergeordneteEbene)
        for prop in (STRAT.gehoertZu, STRAT.gehoertZuKompetenz, STRAT.gehoertZuSchwerpunkt):
            for parent in sorted(graph.objects(element, prop), key=str):
                if up is not None and graph.value(parent, STRAT.aufEbene) == up:
                    return short(parent)
        return ""

    rows["Elemente"] = sorted(
        (
            {
                "ebene": de(graph.value(e, STRAT.aufEbene)),
                "position": number(e),
                "name": de(e),
                "gehoert_zu": above(e),
                "status": notation(graph.value(e, STRAT.hatStatus)),
                "beschreibung": de(e, DCTERMS.description),
                "kennung": kennung(e),
            }
            for e in elements
        ),
        key=lambda r: (
            order[URIRef(str(graph.value(URIRef(base + r["kennung"]), STRAT.aufEbene)))],
            r["gehoert_zu"],
            int(r["position"] or 0),
            r["name"],
            r["kennung"],
        ),
    )
    rows["Statusverlauf"] = sorted(
        (
            {
                "element": short(m),
                "status": notation(graph.value(entry, STRAT.nenntStatus)),
                "erreicht_am": str(graph.value(entry, STRAT.erreichtAm) or ""),
                "quelle": short(graph.value(entry, DCTERMS.source))
                if len(list(graph.objects(entry, DCTERMS.source))) == 1
                else "",
                "kennung": kennung(entry),
            }
            for m, entry in graph.subject_objects(STRAT.hatStatuseintrag)
        ),
        key=lambda r: (r["element"], r["erreicht_am"], r["kennung"]),
    )
    themes = [t for t in graph.subjects(RDF.type, STRAT.Querschnittsthema) if str(t).startswith(base)]
    rows["Querschnittsthemen"] = sorted(
        (
            {"position": number(t), "name": de(t), "beschreibung": de(t, DCTERMS.description), "kennung": kennung(t)}
            for t in themes
        ),
        key=lambda r: (int(r["position"] or 0), r["name"], r["kennung"]),
    )
    rows["Indikatoren"] = sorted(
        (
            _indicator_row(graph, i, short, kennung, notation)
            for i in graph.subjects(RDF.type, STRAT.Indikator)
            if str(i).startswith(base)
        ),
        key=lambda r: (r["misst"], r["name"], r["kennung"]),
    )
    words = {v: k for k, v in LINK_KINDS.items()}
    links = []
    for link in graph.subjects(RDF.type, STRAT.Zuordnung):
        prop = URIRef(str(graph.value(link, STRAT.zuordnungUeber)))
        target = graph.value(link, STRAT.zuordnungZu)
        if prop not in words or target is None:
            continue
        if words[prop] == "sdg":
            zu = "keiner" if target == STRAT.keinSdgBezug else str(target).removeprefix(str(SDG))
        elif words[prop] == "sdg-indikator":
            zu = str(reference.value(target, SKOS.notation) or "")
        else:
            zu = short(target)
        agent = graph.value(link, PROV.wasAttributedTo)
        links.append(
            {
                "von": short(graph.value(link, STRAT.zuordnungVon) or ""),
                "art": words[prop],
                "zu": zu,
                "staerke": notation(graph.value(link, STRAT.hatStaerke)),
                "basis": notation(graph.value(link, STRAT.hatBasis)),
                "pruefstatus": notation(graph.value(link, STRAT.hatPruefstatus)),
                "begruendung": de(link, STRAT.begruendung),
                "zugeordnet_von": PROJECT_NAME if agent == PROJECT_IRI else short(agent or ""),
                "datum": str(graph.value(link, DCTERMS.date) or ""),
                "kennung": kennung(link),
            }
        )
    rows["Bezuege"] = sorted(links, key=lambda r: (r["von"], r["art"], r["zu"], r["kennung"]))
    slug = base.rstrip("/").rsplit("/", 1)[-1]
    built = _build(rows, slug, base, reference, known=graph)
    structured = built.content + built.links
    extra = structured - graph
    if len(extra):
        raise StratgraphError(
            f"Export: {len(extra)} Aussagen der Tabellenblätter stehen nicht im Graphen, z. B. {next(iter(extra))}"
        )
    rows["Weitere_Angaben"] = sorted(
        (_further_row(triple, base) for triple in graph - structured),
        key=lambda r: (r["subjekt"], r["eigenschaft"], r["wert"], r["sprache"], r["datentyp"]),
    )
    return rows


def _indicator_row(graph: Graph, node: Node, short: Any, kennung: Any, notation: Any) -> dict[str, str]:
    """An indicator as a row; a value the sheet cannot say exactly (a second source, a number in another
    datatype) is left out here and travels in „Weitere_Angaben“."""

    def one(predicate: URIRef) -> Node | None:
        values = sorted(graph.objects(node, predicate), key=str)
        return values[0] if len(values) == 1 else None

    def decimal(predicate: URIRef) -> str:
        value = one(predicate)
        if not isinstance(value, Literal) or value.datatype != XSD.decimal:
            return ""
        cell = str(value).replace(".", ",")
        try:
            return cell if Literal(german_number(cell)) == value else ""
        except ValueError:
            return ""

    def year(predicate: URIRef) -> str:
        value = one(predicate)
        return str(value) if isinstance(value, Literal) and value.datatype == XSD.gYear else ""

    def name(predicate: URIRef) -> str:
        values = [v for v in graph.objects(node, predicate) if isinstance(v, Literal) and v.language == "de"]
        return str(values[0]) if len(values) == 1 else ""

    measured = sorted(graph.objects(node, STRAT.misst), key=str)
    unit, symbol = one(STRAT.einheit), one(STRAT.einheitZeichen)
    frequency = {v: k for k, v in FREQUENCIES.items()}.get(URIRef(str(one(DCTERMS.accrualPeriodicity))), "")
    body, source = one(STRAT.wirdErhobenVon), one(DCTERMS.source)
    return {
        "misst": short(measured[0]) if measured else "",
        "name": name(SKOS.prefLabel),
        "definition": name(SKOS.definition),
        "einheit": _curie(unit) if isinstance(unit, URIRef) and str(unit).startswith(QUDT_UNIT) else "",
        "einheit_zeichen": str(symbol)
        if isinstance(symbol, Literal) and symbol.datatype is None and not symbol.language
        else "",
        "richtung": notation(one(STRAT.hatMessrichtung)),
        "ausgangswert": decimal(STRAT.ausgangswert),
        "ausgangsjahr": year(STRAT.ausgangsjahr),
        "zielwert": decimal(STRAT.zielwert),
        "zieljahr": year(STRAT.zieljahr),
        "zielart": notation(one(STRAT.hatZielart)),
        "erhoben_von": short(body) if isinstance(body, URIRef) else "",
        "haeufigkeit": frequency,
        "quelle": short(source) if isinstance(source, URIRef) else "",
        "kennung": kennung(node),
    }


def _further_row(triple: tuple[Node, Node, Node], base: str) -> dict[str, str]:
    s, p, o = triple

    def exact(node: Node) -> str:  # never a name: a further statement says exactly which resource
        return str(node)[len(base) :] if str(node).startswith(base) else _curie(node)

    row = {"subjekt": exact(s), "eigenschaft": _curie(p), "wert": "", "sprache": "", "datentyp": ""}
    if isinstance(o, Literal):
        row["wert"] = str(o)
        row["sprache"] = o.language or ""
        row["datentyp"] = _curie(o.datatype) if o.datatype is not None and o.datatype != XSD.string else ""
        if o.datatype == XSD.string:
            row["datentyp"] = "xsd:string"
    else:
        row["wert"], row["datentyp"] = exact(o), RESOURCE
    return row


def _curie(node: Node) -> str:
    text = str(node)
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if text.startswith(namespace) and re.fullmatch(r"[A-Za-z0-9_.-]+", text[len(namespace) :]):
            return f"{prefix}:{text[len(namespace) :]}"
    return f"<{text}>"


def build_strategy(rows: Rows, slug: str, base: str, reference: Graph) -> tuple[Graph, Graph]:
    """The strategy's content and links graphs from a workbook's rows (WorkbookError with every problem)."""
    built = _build(rows, slug, base, reference)
    _complete(built.content, built.links, built.further, built.defaults)
    for g in (built.content, built.links):
        bind_prefixes(g)
    return built.content, built.links


def import_strategy(
    path: Path, slug: str, settings: Settings, replace_existing: bool = False, warnings: list[str] | None = None
) -> Path:
    """Check the workbook, build and validate the strategy, then write data/<slug>/ in one step; text that starts
    like a formula is taken as text and named in ``warnings``."""
    if not re.fullmatch(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?", slug):
        raise WorkbookError([f"--stadt „{slug}“: Kurzname aus a–z, 0–9 und Bindestrich"])
    target = settings.data / slug
    if target.exists() and not replace_existing:
        raise WorkbookError([f"{target} gibt es schon; zum Ersetzen --ersetzen angeben"])
    if not strategy_folders(settings.data):
        raise WorkbookError([f"{settings.data} hat keine Strategie-Ordner (data/<stadt>/)"])
    rows = read_workbook(path, warnings)
    ontology = load_turtle(turtle_files(settings.ontology))
    shared = load_turtle(turtle_files(settings.data))
    content, links = build_strategy(rows, slug, settings.base_for(slug), ontology + shared)
    candidate = ProjectGraphs(ontology, shared + content + links, load_turtle(turtle_files(settings.shapes)), shared)
    report = validate(candidate, load_checks(settings.checks))
    if not report.conforms:
        from stratgraph.strategies.project import NotConformingError  # the CLI prints the report and exits with 1

        raise NotConformingError(report)
    scratch = Path(tempfile.mkdtemp(prefix=f".{slug}.", dir=settings.data))
    try:
        (scratch / "strategie.ttl").write_bytes(content.serialize(format="turtle", encoding="utf-8"))
        (scratch / LINK_FILE).write_bytes(links.serialize(format="turtle", encoding="utf-8"))
        old = None
        if target.exists():
            old = target.with_name(f".{slug}.alt")
            shutil.rmtree(old, ignore_errors=True)
            os.rename(target, old)
        os.rename(scratch, target)  # the folder appears whole or not at all
        if old is not None:
            shutil.rmtree(old)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target


EXAMPLE: Rows = {
    "Ebenen": [
        {"position": "1", "name": "Themenfeld", "art": "gliederung"},
        {"position": "2", "name": "operatives Ziel", "art": "ziel", "uebergeordnet": "Themenfeld"},
        {"position": "3", "name": "Maßnahme", "art": "massnahme", "uebergeordnet": "operatives Ziel"},
    ],
    "Elemente": [
        {"ebene": "Themenfeld", "position": "1", "name": "Klima und Energie"},
        {"ebene": "operatives Ziel", "position": "1", "name": "Mehr Solarstrom", "gehoert_zu": "Klima und Energie"},
        {"ebene": "Maßnahme", "name": "Solardachkataster", "gehoert_zu": "Mehr Solarstrom", "status": "geplant"},
    ],
    "Statusverlauf": [{"element": "Solardachkataster", "status": "geplant", "erreicht_am": "2025-03"}],
    "Indikatoren": [
        {
            "misst": "Mehr Solarstrom",
            "name": "Installierte Solarleistung auf städtischen Dächern",
            "einheit": "unit:KiloW",
            "einheit_zeichen": "kW",
            "richtung": "hoeher",
            "ausgangswert": "400",
            "ausgangsjahr": "2021",
            "zielwert": "1200",
            "zieljahr": "2030",
            "zielart": "mindestens",
            "haeufigkeit": "jaehrlich",
        }
    ],
    "Bezuege": [
        {
            "von": "Mehr Solarstrom",
            "art": "sdg",
            "zu": "7.2",
            "staerke": "direkt",
            "basis": "redaktionell",
            "pruefstatus": "vorgeschlagen",
            "begruendung": "Mehr Solarstrom erhöht den Anteil erneuerbarer Energie, den 7.2 steigern will.",
            "zugeordnet_von": "Stadt Musterstadt",
            "datum": "2026-12-01",
        }
    ],
}


def write_workbook(path: Path, ontology: Graph, filled: Rows | None = None) -> None:
    """The workbook: a sheet per part with dropdowns and an example sheet; filled with a strategy if given.

    Every cell is written as text (never as a formula), so a rationale that starts with „=“ stays text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    schemes = read_schemes(ontology)
    dropdowns = {
        ("Elemente", "status"): [c.notation for c in schemes["status"].concepts],
        ("Statusverlauf", "status"): [c.notation for c in schemes["status"].concepts],
        ("Bezuege", "staerke"): [c.notation for c in schemes["staerke"].concepts],
        ("Bezuege", "basis"): [c.notation for c in schemes["basis"].concepts],
        ("Bezuege", "pruefstatus"): [c.notation for c in schemes["pruefstatus"].concepts],
        ("Bezuege", "art"): list(LINK_KINDS),
        ("Indikatoren", "richtung"): [c.notation for c in schemes["richtung"].concepts],
        ("Indikatoren", "zielart"): [c.notation for c in schemes["zielart"].concepts],
        ("Indikatoren", "haeufigkeit"): list(FREQUENCIES),
        ("Ebenen", "art"): list(LEVEL_KINDS),
    }
    book = Workbook()
    guide = book.active
    assert guide is not None
    guide.title = "Anleitung"
    for line in (
        "Vorlage (Fassung 2) für eine Strategie in stratgraph; die erste Zeile jedes Blatts ist die Kopfzeile.",
        "„Ebenen“: die Ebenen der Strategie in ihren eigenen Worten (z. B. Themenfeld › Leitlinie › strategisches Ziel",
        "› operatives Ziel › Maßnahme), je Ebene ihre Art: Gliederung, Ziele (Zwecke) oder Maßnahmen (Mittel).",
        "„Elemente“: jedes Element mit seiner Ebene und dem Element der Ebene direkt darüber; Maßnahmen mit Status.",
        "„Statusverlauf“: wann eine Maßnahme welchen Status erreicht hat; frühere Einträge bleiben stehen.",
        "„Indikatoren“: woran ein Ziel (oder eine Maßnahme) gemessen wird: Einheit, Richtung, Ausgangs- und Zielwert.",
        "„Bezuege“: SDG- und Themenbezüge jedes Elements (auch von Zielen) mit Begründung, Stärke, Basis, Prüfstatus;",
        "  „sdg-indikator“: welchem Indikator der UN ein Indikator entspricht (z. B. 7.2.1), ebenso begründet.",
        "Die beobachteten Werte der Indikatoren: stratgraph werte vorlage DATEI.xlsx (eine eigene Mappe).",
        "„Weitere_Angaben“: was kein anderes Blatt aufnimmt, Aussage für Aussage (der Export schreibt es vollständig).",
        "Verweise: der Name (wo er eindeutig ist), die Kennung (IRI-Pfad, z. B. massnahme/radschnellweg) oder <IRI>.",
        "Keine Namen von Personen: „zugeordnet_von“ ist der Herausgeber der Strategie oder stratgraph.",
        "Übernehmen: stratgraph import-stadt DATEI.xlsx --stadt KURZNAME (bei einem Fehler wird nichts geschrieben).",
        "Das Blatt „Beispiel“ zeigt ausgefüllte Zeilen; es wird nicht übernommen.",
        "",
        "Spalten:",
    ):
        guide.append([line])
    for name, columns in SHEETS.items():
        for column, hint in columns:
            guide.append([f"{name}.{column}", hint])
    for name, columns in SHEETS.items():
        sheet = book.create_sheet(name)
        sheet.append([c for c, _ in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        rows = (filled or {}).get(name)
        if name == "Strategie" and rows is None:
            rows = [{"feld": label, "wert": ""} for label in STRATEGY_FIELDS.values()]
        for number, row in enumerate(rows or [], start=2):
            for index, (column, _) in enumerate(columns, start=1):
                value = row.get(column, "")
                if value:
                    cell = sheet.cell(row=number, column=index, value=value)
                    cell.data_type = "s"  # text, never a formula
        for index, (column, _) in enumerate(columns, start=1):
            allowed_values = dropdowns.get((name, column))
            if allowed_values:
                letter = sheet.cell(row=1, column=index).column_letter
                allowed = DataValidation(type="list", formula1='"' + ",".join(allowed_values) + '"', allow_blank=True)
                allowed.error = "Erlaubt: " + ", ".join(allowed_values)
                sheet.add_data_validation(allowed)
                allowed.add(f"{letter}2:{letter}5000")
        sheet.freeze_panes = "A2"
    example = book.create_sheet("Beispiel")
    example.append(["Blatt", "Zeile (Spalte = Wert)"])
    for sheet_name, example_rows in EXAMPLE.items():
        for values in example_rows:
            example.append([sheet_name, "; ".join(f"{k} = {v}" for k, v in values.items())])
    written = path.with_name(f".{path.name}.tmp")  # a whole file or none: written aside, then moved in place
    try:
        written.write_bytes(xlsx_bytes(book))  # fixed times: two exports of one strategy are the same bytes
        os.replace(written, path)
    finally:
        written.unlink(missing_ok=True)
