"""A second city in a day: a spreadsheet template (``stratgraph vorlage``) and its import (``import-stadt``).

The workbook has one sheet per level of a strategy (Strategie, Leitbild, Kompetenzen, Ziele, Schwerpunkte,
Kernaktivitäten, Querschnittsthemen, SDG-Bezüge), with dropdowns for the controlled values and a filled example
(the sheet „Beispiel“ describes one; ``--stadt`` fills the whole template with a strategy of the graph, which is
also the export). Other strategies call their levels differently (Handlungsfelder, Leitziele, Maßnahmen): they
map to our classes, and the city's own word for a level is kept on each resource as ``skos:scopeNote``.

The import checks every row and field, builds the city's graph under ``https://w3id.org/stratgraph/<stadt>/``,
validates it with the shared SDG reference and the shapes, and only then writes ``data/<stadt>/`` (content and
links, as every strategy); on any error nothing is written.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, SKOS, XSD

from .config import Settings
from .errors import StratgraphError
from .graph import LINK_FILE, ProjectGraphs, load_turtle, strategy_folders, turtle_files
from .namespaces import PROJECT_IRI, SDG, STRAT
from .resolve import Scheme, UnknownNameError, read_schemes
from .validation import load_checks, validate

__all__ = ["SHEETS", "CityImportError", "export_city", "import_city", "read_city", "write_template"]

EBENE = "Ebene in der Strategie: "  # prefix of the scopeNote that keeps a city's own word for a level

# sheet → (column, explanation); the first row of each sheet is the header
SHEETS: dict[str, list[tuple[str, str]]] = {
    "Strategie": [("feld", "was"), ("wert", "Angabe")],
    "Leitbild": [("name", "Leitbild oder Wesenskern, z. B. „Wissen – Wandel – Wir-Gefühl“"), ("beschreibung", "")],
    "Kompetenzen": [
        ("position", "1, 2, 3 …"),
        ("name", "Name der Kompetenz oder des Handlungsfelds"),
        ("ebene", "das Wort der Strategie für diese Ebene, z. B. Handlungsfeld"),
        ("beschreibung", ""),
    ],
    "Ziele": [
        ("art", "strategisch (unter einer Kompetenz) oder programmatisch (unter einem Schwerpunkt)"),
        ("gehoert_zu", "Name der Kompetenz oder des Schwerpunkts"),
        ("position", "1, 2, 3 …"),
        ("name", "das Ziel"),
    ],
    "Schwerpunkte": [("kompetenz", "Name der Kompetenz"), ("position", "1, 2, 3 …"), ("name", "")],
    "Kernaktivitaeten": [
        ("name", "Name des Projekts oder der Maßnahme"),
        ("kompetenz", "Name der Kompetenz"),
        ("schwerpunkt", "Name des Schwerpunkts (leer: keiner genannt)"),
        ("schwerpunkt_basis", "in Quelle belegt (Standard) oder redaktionell: wer den Schwerpunkt zuordnet"),
        ("status", "umgesetzt, laufend, eingestellt oder überführt"),
        ("ebene", "das Wort der Strategie, z. B. Maßnahme oder Projekt"),
        ("ueberfuehrt_in", "bei Status überführt: Name der Kernaktivität, in die sie aufgegangen ist"),
    ],
    "Querschnittsthemen": [("position", "1, 2, 3 …"), ("name", ""), ("beschreibung", "")],
    "SDG-Bezuege": [
        ("von", "Name der Kernaktivität oder des Querschnittsthemas"),
        ("sdg", "Ziel oder Unterziel, z. B. 13 oder 13.2; „keiner“: geprüft, kein klarer SDG-Bezug"),
        ("staerke", "direkt oder indirekt"),
        ("basis", "in Quelle belegt oder redaktionell"),
        ("pruefstatus", "vorgeschlagen, bestätigt oder abgelehnt"),
        ("begruendung", "ein Satz: warum"),
        ("zugeordnet_von", "Herausgeber der Strategie oder stratgraph (keine Personen)"),
        ("datum", "JJJJ-MM-TT"),
    ],
}
STRATEGY_FIELDS = {
    "name": "Name der Strategie",
    "herausgeber": "Herausgeber (Stadt)",
    "beschreibung": "Beschreibung (ein, zwei Sätze)",
    "ende": "Zeithorizont (Jahr, z. B. 2030)",
    "quelle": "Quelle: Titel des Dokuments",
    "quelle_datei": "Quelle: Datei oder Adresse",
}
PROJECT_NAME = "stratgraph"


class CityImportError(StratgraphError):
    """Rows or fields of a template that cannot be imported; nothing was written."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        shown = "\n  ".join(errors[:40]) + (f"\n  … und {len(errors) - 40} weitere" if len(errors) > 40 else "")
        super().__init__(f"Die Vorlage wurde nicht übernommen ({len(errors)} Fehler):\n  {shown}")


def slugify(name: str) -> str:
    """A name as the last segment of an IRI: lower case, umlauts spelt out, words joined by hyphens."""
    text = name.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80].strip("-")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def read_city(path: Path) -> dict[str, list[dict[str, str]]]:
    """The sheets of a filled template as rows keyed by column (blank rows kept as {} so row numbers stay)."""
    from openpyxl import load_workbook

    if not path.is_file():
        raise CityImportError([f"Datei nicht gefunden: {path}"])
    if path.suffix.lower() != ".xlsx":
        raise CityImportError(
            [f"{path}: die Vorlage ist eine XLSX-Datei (Endung .xlsx), wie „stratgraph vorlage“ sie schreibt"]
        )
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is no workbook
        raise CityImportError([f"keine lesbare XLSX-Datei: {exc}"]) from None
    try:
        missing = [name for name in SHEETS if name not in book.sheetnames]
        if missing:
            raise CityImportError([f"Blatt „{name}“ fehlt" for name in missing])
        sheets: dict[str, list[dict[str, str]]] = {}
        errors = []
        for name, columns in SHEETS.items():
            table = [[_cell(c) for c in row] for row in book[name].iter_rows(values_only=True)]
            header = [h.casefold() for h in table[0]] if table else []
            for column, _ in columns:
                if column not in header:
                    errors.append(f"Blatt {name}: Spalte „{column}“ fehlt in der Kopfzeile")
            sheets[name] = [
                {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header) if h} if any(cells) else {}
                for cells in table[1:]
            ]
        if errors:
            raise CityImportError(errors)
        return sheets
    finally:
        book.close()


@dataclass
class _Builder:
    """Rows to triples, collecting every problem with its sheet, row and field."""

    slug: str
    base: str
    schemes: dict[str, Scheme]
    sdg_codes: set[str]
    content: Graph
    links: Graph
    errors: list[str]

    def iri(self, klasse: str, name: str) -> URIRef:
        return URIRef(f"{self.base}{klasse}/{slugify(name)}")

    def error(self, sheet: str, row: int, field: str, message: str) -> None:
        self.errors.append(f"Blatt {sheet}, Zeile {row}, Spalte {field}: {message}")

    def number(self, sheet: str, row: int, field: str, text: str) -> int | None:
        if not text.isdigit() or int(text) < 1:
            self.error(sheet, row, field, f"„{text}“ ist keine Zahl ab 1")
            return None
        return int(text)

    def required(self, sheet: str, row: int, values: dict[str, str], *fields: str) -> bool:
        empty = [f for f in fields if not values.get(f)]
        for field in empty:
            self.error(sheet, row, field, "leer, aber nötig")
        return not empty

    def focus_link(self, ka: URIRef, focus: URIRef, basis: URIRef, publisher: URIRef) -> None:
        """A Kernaktivität's Schwerpunkt is a link with its evidence (as every link of Bochum's): from the source,
        confirmed and the publisher's; editorial, proposed and the project's. Dated the day of the import."""
        stated = basis == STRAT.inQuelleBelegt
        why = (
            "Die Quelle der Strategie nennt die Kernaktivität unter diesem Schwerpunkt."
            if stated
            else "Redaktionelle Zuordnung: die Quelle nennt keinen Schwerpunkt, die Kernaktivität passt inhaltlich."
        )
        link = URIRef(f"{self.base}zuordnung/{ka.rsplit('/', 1)[-1]}--schwerpunkt--{focus.rsplit('/', 1)[-1]}")
        self.links.add((ka, STRAT.gehoertZuSchwerpunkt, focus))
        evidence = (why, STRAT.direkt, basis, STRAT.bestaetigt if stated else STRAT.vorgeschlagen)
        self.link(
            link, (ka, STRAT.gehoertZuSchwerpunkt, focus), evidence, publisher if stated else PROJECT_IRI, date.today()
        )

    def link(
        self,
        link: URIRef,
        triple: tuple[URIRef, URIRef, URIRef],
        evidence: tuple[str, URIRef, URIRef, URIRef],
        agent: URIRef,
        when: date,
    ) -> None:
        """The Zuordnung node of a link: what it links, why, how strong, on what basis, its review, who, when."""
        why, strength, basis, review = evidence
        for predicate, value in (
            (RDF.type, STRAT.Zuordnung),
            (STRAT.zuordnungVon, triple[0]),
            (STRAT.zuordnungUeber, triple[1]),
            (STRAT.zuordnungZu, triple[2]),
            (STRAT.begruendung, Literal(why, lang="de")),
            (STRAT.hatStaerke, strength),
            (STRAT.hatBasis, basis),
            (STRAT.hatPruefstatus, review),
            (PROV.wasAttributedTo, agent),
            (DCTERMS.date, Literal(when.isoformat(), datatype=XSD.date)),
        ):
            self.links.add((link, predicate, value))

    def concept(self, sheet: str, row: int, field: str, key: str, text: str) -> URIRef | None:
        try:
            return self.schemes[key].resolve(text).iri
        except UnknownNameError as exc:
            self.error(sheet, row, field, str(exc))
            return None


def _rows(sheets: dict[str, list[dict[str, str]]], name: str) -> list[tuple[int, dict[str, str]]]:
    return [(number, row) for number, row in enumerate(sheets[name], start=2) if row]


def _build(sheets: dict[str, list[dict[str, str]]], slug: str, base: str, reference: Graph) -> tuple[Graph, Graph]:
    """The city's content and links graphs from the sheets; CityImportError with every problem found."""
    codes = {str(c) for s, c in reference.subject_objects(SKOS.notation) if str(s).startswith(str(SDG))}
    b = _Builder(slug, base, read_schemes(reference), codes, Graph(), Graph(), [])
    c = b.content
    for g in (b.content, b.links):
        g.bind("strat", STRAT)
        g.bind("skos", SKOS)
        g.bind("dct", DCTERMS)
    fields = {row.get("feld", "").casefold(): row.get("wert", "") for _, row in _rows(sheets, "Strategie")}
    by_label = {label.casefold(): key for key, label in STRATEGY_FIELDS.items()}
    info = {by_label.get(k, k): v for k, v in fields.items()}
    for key in ("name", "herausgeber", "quelle"):
        if not info.get(key):
            b.errors.append(f"Blatt Strategie: Feld „{STRATEGY_FIELDS[key]}“ fehlt oder ist leer")
    strategy = URIRef(f"{base}strategie/{slug}")
    source = URIRef(f"{base}quelle/{slugify(info.get('quelle', 'quelle')) or 'quelle'}")
    publisher = URIRef(f"{base}organisation/{slugify(info.get('herausgeber', 'stadt')) or 'stadt'}")

    def named(node: URIRef, klasse: URIRef, name: str, sourced: bool = True) -> None:
        c.add((node, RDF.type, klasse))
        c.add((node, SKOS.prefLabel, Literal(name, lang="de")))
        if sourced:
            c.add((node, DCTERMS.source, source))

    named(source, STRAT.Quelldokument, info.get("quelle", ""), sourced=False)
    if info.get("quelle_datei"):
        c.add((source, DCTERMS.identifier, Literal(info["quelle_datei"])))
    c.add((publisher, RDF.type, ORG.FormalOrganization))
    c.add((publisher, RDF.type, FOAF.Organization))
    c.add((publisher, SKOS.prefLabel, Literal(info.get("herausgeber", ""), lang="de")))
    named(strategy, STRAT.Strategie, info.get("name", ""))
    c.add((strategy, DCTERMS.publisher, publisher))
    if info.get("beschreibung"):
        c.add((strategy, DCTERMS.description, Literal(info["beschreibung"], lang="de")))
    if info.get("ende"):
        if re.fullmatch(r"\d{4}", info["ende"]):
            c.add((strategy, STRAT.ende, Literal(info["ende"], datatype=XSD.gYear)))
        else:
            b.errors.append(f"Blatt Strategie: Zeithorizont „{info['ende']}“ ist kein Jahr")

    seen: dict[URIRef, str] = {}

    def unique(node: URIRef, sheet: str, row: int) -> bool:
        if node in seen:
            b.error(sheet, row, "name", f"„{node.rsplit('/', 1)[-1]}“ gibt es schon ({seen[node]})")
            return False
        seen[node] = f"Blatt {sheet}, Zeile {row}"
        return True

    for number, row in _rows(sheets, "Leitbild"):
        if b.required("Leitbild", number, row, "name"):
            core = b.iri("wesenskern", row["name"])
            if unique(core, "Leitbild", number):
                named(core, STRAT.Wesenskern, row["name"])
                c.add((strategy, STRAT.hatWesenskern, core))
                if row.get("beschreibung"):
                    c.add((core, DCTERMS.description, Literal(row["beschreibung"], lang="de")))

    def level(node: URIRef, row: dict[str, str]) -> None:
        if row.get("ebene"):
            c.add((node, SKOS.scopeNote, Literal(EBENE + row["ebene"], lang="de")))

    kompetenzen: dict[str, URIRef] = {}
    for number, row in _rows(sheets, "Kompetenzen"):
        if not b.required("Kompetenzen", number, row, "position", "name"):
            continue
        node = b.iri("kompetenz", row["name"])
        position = b.number("Kompetenzen", number, "position", row["position"])
        if position is None or not unique(node, "Kompetenzen", number):
            continue
        named(node, STRAT.Kompetenz, row["name"])
        c.add((node, STRAT.position, Literal(position)))
        c.add((node, STRAT.gehoertZuStrategie, strategy))
        level(node, row)
        if row.get("beschreibung"):
            c.add((node, DCTERMS.description, Literal(row["beschreibung"], lang="de")))
        kompetenzen[row["name"].casefold()] = node

    def kompetenz_of(sheet: str, number: int, field: str, name: str) -> URIRef | None:
        node = kompetenzen.get(name.casefold())
        if node is None:
            known = ", ".join(sorted(str(c.value(k, SKOS.prefLabel)) for k in kompetenzen.values()))
            b.error(sheet, number, field, f"keine Kompetenz „{name}“ (vorhanden: {known or 'keine'})")
        return node

    schwerpunkte: dict[str, URIRef] = {}
    for number, row in _rows(sheets, "Schwerpunkte"):
        if not b.required("Schwerpunkte", number, row, "kompetenz", "position", "name"):
            continue
        parent = kompetenz_of("Schwerpunkte", number, "kompetenz", row["kompetenz"])
        position = b.number("Schwerpunkte", number, "position", row["position"])
        node = b.iri("schwerpunkt", row["name"])
        if parent is None or position is None or not unique(node, "Schwerpunkte", number):
            continue
        named(node, STRAT.Schwerpunkt, row["name"])
        c.add((node, STRAT.position, Literal(position)))
        c.add((node, STRAT.gehoertZuKompetenz, parent))
        schwerpunkte[row["name"].casefold()] = node

    for number, row in _rows(sheets, "Ziele"):
        if not b.required("Ziele", number, row, "art", "gehoert_zu", "position", "name"):
            continue
        kind = row["art"].casefold()
        position = b.number("Ziele", number, "position", row["position"])
        if kind == "strategisch":
            parent, klasse, path, prop = (
                kompetenz_of("Ziele", number, "gehoert_zu", row["gehoert_zu"]),
                STRAT.StrategischesZiel,
                "strategisches-ziel",
                STRAT.gehoertZuKompetenz,
            )
        elif kind == "programmatisch":
            parent = schwerpunkte.get(row["gehoert_zu"].casefold())
            if parent is None:
                b.error("Ziele", number, "gehoert_zu", f"kein Schwerpunkt „{row['gehoert_zu']}“")
            klasse, path, prop = STRAT.ProgrammatischesZiel, "programmatisches-ziel", STRAT.gehoertZuSchwerpunkt
        else:
            b.error("Ziele", number, "art", f"„{row['art']}“: strategisch oder programmatisch")
            continue
        node = b.iri(path, row["name"])
        if parent is None or position is None or not unique(node, "Ziele", number):
            continue
        named(node, klasse, row["name"])
        c.add((node, STRAT.position, Literal(position)))
        c.add((node, prop, parent))

    targets: dict[str, URIRef] = {}
    for number, row in _rows(sheets, "Kernaktivitaeten"):
        if not b.required("Kernaktivitaeten", number, row, "name", "kompetenz", "status"):
            continue
        parent = kompetenz_of("Kernaktivitaeten", number, "kompetenz", row["kompetenz"])
        status = b.concept("Kernaktivitaeten", number, "status", "status", row["status"])
        focus = None
        if row.get("schwerpunkt"):
            focus = schwerpunkte.get(row["schwerpunkt"].casefold())
            if focus is None:
                b.error("Kernaktivitaeten", number, "schwerpunkt", f"kein Schwerpunkt „{row['schwerpunkt']}“")
        node = b.iri("kernaktivitaet", row["name"])
        if parent is None or status is None or not unique(node, "Kernaktivitaeten", number):
            continue
        named(node, STRAT.Kernaktivitaet, row["name"])
        c.add((node, STRAT.gehoertZuKompetenz, parent))
        c.add((node, STRAT.hatStatus, status))
        if focus is not None:
            basis = b.concept(
                "Kernaktivitaeten",
                number,
                "schwerpunkt_basis",
                "basis",
                row.get("schwerpunkt_basis") or "inQuelleBelegt",
            )
            if basis is not None:
                b.focus_link(node, focus, basis, publisher)
        level(node, row)
        targets[row["name"].casefold()] = node

    for number, row in _rows(sheets, "Kernaktivitaeten"):
        if row.get("ueberfuehrt_in") and row.get("name", "").casefold() in targets:
            into = targets.get(row["ueberfuehrt_in"].casefold())
            if into is None:
                b.error("Kernaktivitaeten", number, "ueberfuehrt_in", f"keine Kernaktivität „{row['ueberfuehrt_in']}“")
            else:
                c.add((targets[row["name"].casefold()], STRAT.ueberfuehrtIn, into))

    for number, row in _rows(sheets, "Querschnittsthemen"):
        if not b.required("Querschnittsthemen", number, row, "position", "name"):
            continue
        position = b.number("Querschnittsthemen", number, "position", row["position"])
        node = b.iri("querschnittsthema", row["name"])
        if position is None or not unique(node, "Querschnittsthemen", number):
            continue
        named(node, STRAT.Querschnittsthema, row["name"])
        c.add((node, STRAT.position, Literal(position)))
        c.add((node, STRAT.gehoertZuStrategie, strategy))
        if row.get("beschreibung"):
            c.add((node, DCTERMS.description, Literal(row["beschreibung"], lang="de")))
        targets[row["name"].casefold()] = node

    sheet = "SDG-Bezuege"
    agents = {info.get("herausgeber", "").casefold(): publisher, PROJECT_NAME: PROJECT_IRI}
    for number, row in _rows(sheets, sheet):
        if not b.required(sheet, number, row, *(c for c, _ in SHEETS[sheet])):
            continue
        subject = targets.get(row["von"].casefold())
        if subject is None:
            b.error(sheet, number, "von", f"keine Kernaktivität und kein Querschnittsthema „{row['von']}“")
        code = row["sdg"].removeprefix("SDG").strip()
        none = code.casefold() in ("keiner", "kein", "kein klarer sdg-bezug")
        if none:
            code = "keiner"
        elif code not in b.sdg_codes:
            b.error(sheet, number, "sdg", f"„{row['sdg']}“ ist kein SDG-Ziel oder -Unterziel (z. B. 13 oder 13.2)")
        strength = b.concept(sheet, number, "staerke", "staerke", row["staerke"])
        basis = b.concept(sheet, number, "basis", "basis", row["basis"])
        review = b.concept(sheet, number, "pruefstatus", "pruefstatus", row["pruefstatus"])
        agent = agents.get(row["zugeordnet_von"].casefold())
        if agent is None:
            b.error(sheet, number, "zugeordnet_von", f"„{row['zugeordnet_von']}“: Herausgeber oder {PROJECT_NAME}")
        try:
            when = date.fromisoformat(row["datum"])
        except ValueError:
            b.error(sheet, number, "datum", f"„{row['datum']}“ ist kein Datum JJJJ-MM-TT")
            continue
        if len(row["begruendung"]) < 10:
            b.error(sheet, number, "begruendung", "zu kurz: ein Satz, warum")
            continue
        if None in (subject, strength, basis, review, agent) or (code not in b.sdg_codes and not none):
            continue
        assert subject is not None and agent is not None and strength and basis and review
        target = STRAT.keinSdgBezug if none else SDG[code]
        link = URIRef(f"{base}zuordnung/{subject.rsplit('/', 1)[-1]}--sdg--sdg-{code.replace('.', '-')}")
        if (link, RDF.type, STRAT.Zuordnung) in b.links:
            b.error(sheet, number, "sdg", f"diesen Bezug gibt es schon ({row['von']} → {code})")
            continue
        if review != STRAT.abgelehnt and not none:  # „kein SDG-Bezug“ is a finding, never a triple
            b.links.add((subject, STRAT.traegtBeiZuSdg, target))
        evidence = (row["begruendung"], strength, basis, review)
        b.link(link, (subject, STRAT.traegtBeiZuSdg, target), evidence, agent, when)
    if b.errors:
        raise CityImportError(b.errors)
    return b.content, b.links


def import_city(path: Path, slug: str, settings: Settings, replace_existing: bool = False) -> Path:
    """Check the filled template, build and validate the city, then write data/<slug>/ in one step."""
    if not re.fullmatch(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?", slug):
        raise CityImportError([f"--stadt „{slug}“: Kurzname aus a–z, 0–9 und Bindestrich"])
    target = settings.data / slug
    if target.exists() and not replace_existing:
        raise CityImportError([f"{target} gibt es schon; zum Ersetzen --ersetzen angeben"])
    if not strategy_folders(settings.data):
        raise CityImportError([f"{settings.data} hat keine Strategie-Ordner (data/<stadt>/)"])
    sheets = read_city(path)
    ontology = load_turtle(turtle_files(settings.ontology))
    shared = load_turtle(turtle_files(settings.data))
    content, links = _build(sheets, slug, settings.base_for(slug), ontology + shared)
    data = shared + content + links
    candidate = ProjectGraphs(ontology, data, load_turtle(turtle_files(settings.shapes)), shared)
    report = validate(candidate, load_checks(settings.checks))
    if not report.conforms:
        raise CityImportError(
            [f"{f.focus_label or f.focus}: {f.message}" for f in report.findings if f.severity == "Violation"]
        )
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


def _sorted(rows: list[dict[str, str]], *keys: str) -> list[dict[str, str]]:
    return sorted(rows, key=lambda r: tuple(r.get(k, "").zfill(6) if k == "position" else r.get(k, "") for k in keys))


def export_city(graph: Graph, strategy: URIRef) -> dict[str, list[dict[str, str]]]:
    """A strategy of the graph as the template's rows (the export, and the template filled with it)."""

    def name(node: Any) -> str:
        return str(graph.value(node, SKOS.prefLabel) or "")

    def ebene(node: Any) -> str:
        notes = [str(n) for n in graph.objects(node, SKOS.scopeNote) if str(n).startswith(EBENE)]
        return notes[0][len(EBENE) :] if notes else ""

    def notation(node: Any) -> str:
        return str(graph.value(node, SKOS.notation) or "")

    source = graph.value(strategy, DCTERMS.source)
    publisher = graph.value(strategy, DCTERMS.publisher)
    info = {
        "name": name(strategy),
        "herausgeber": name(publisher),
        "beschreibung": str(graph.value(strategy, DCTERMS.description) or ""),
        "ende": str(graph.value(strategy, STRAT.ende) or ""),
        "quelle": name(source),
        "quelle_datei": str(graph.value(source, DCTERMS.identifier) or ""),
    }

    def typed(nodes: Any, klasse: URIRef) -> list[Any]:
        return [n for n in nodes if (n, RDF.type, klasse) in graph]

    def text(node: Any, predicate: URIRef) -> str:
        return str(graph.value(node, predicate) or "")

    def position(node: Any) -> str:
        return text(node, STRAT.position)

    def parent(node: Any, predicate: URIRef) -> str:
        above = graph.value(node, predicate)
        return name(above) if above is not None else ""

    versions = [strategy, *graph.subjects(DCTERMS.isVersionOf, strategy)]  # Bochum's parts belong to its versions
    parts = list(dict.fromkeys(n for v in versions for n in graph.subjects(STRAT.gehoertZuStrategie, v)))
    kompetenzen, themes = typed(parts, STRAT.Kompetenz), typed(parts, STRAT.Querschnittsthema)
    below = [n for k in kompetenzen for n in graph.subjects(STRAT.gehoertZuKompetenz, k)]
    focus, kas, goals = (typed(below, k) for k in (STRAT.Schwerpunkt, STRAT.Kernaktivitaet, STRAT.StrategischesZiel))
    under_focus = [n for f in focus for n in graph.subjects(STRAT.gehoertZuSchwerpunkt, f)]
    focus_goals = typed(under_focus, STRAT.ProgrammatischesZiel)

    def focus_basis(ka: Any) -> str:
        for link in graph.subjects(STRAT.zuordnungVon, ka):
            if (link, STRAT.zuordnungUeber, STRAT.gehoertZuSchwerpunkt) in graph:
                return notation(graph.value(link, STRAT.hatBasis))
        return ""

    def goal(kind: str, node: Any, predicate: URIRef) -> dict[str, str]:
        return {"art": kind, "gehoert_zu": parent(node, predicate), "position": position(node), "name": name(node)}

    rows: dict[str, list[dict[str, str]]] = {
        "Strategie": [{"feld": STRATEGY_FIELDS[k], "wert": v} for k, v in info.items()],
        "Leitbild": [
            {"name": name(w), "beschreibung": text(w, DCTERMS.description)}
            for w in dict.fromkeys(w for v in versions for w in graph.objects(v, STRAT.hatWesenskern))
        ],
        "Kompetenzen": _sorted(
            [
                {
                    "position": position(k),
                    "name": name(k),
                    "ebene": ebene(k),
                    "beschreibung": text(k, DCTERMS.description),
                }
                for k in kompetenzen
            ],
            "position",
        ),
        "Ziele": _sorted(
            [goal("strategisch", z, STRAT.gehoertZuKompetenz) for z in goals]
            + [goal("programmatisch", z, STRAT.gehoertZuSchwerpunkt) for z in focus_goals],
            "art",
            "gehoert_zu",
            "position",
        ),
        "Schwerpunkte": _sorted(
            [
                {"kompetenz": parent(f, STRAT.gehoertZuKompetenz), "position": position(f), "name": name(f)}
                for f in focus
            ],
            "kompetenz",
            "position",
        ),
        "Kernaktivitaeten": _sorted(
            [
                {
                    "name": name(a),
                    "kompetenz": parent(a, STRAT.gehoertZuKompetenz),
                    "schwerpunkt": parent(a, STRAT.gehoertZuSchwerpunkt),
                    "schwerpunkt_basis": focus_basis(a),
                    "status": notation(graph.value(a, STRAT.hatStatus)),
                    "ebene": ebene(a),
                    "ueberfuehrt_in": parent(a, STRAT.ueberfuehrtIn),
                }
                for a in kas
            ],
            "name",
        ),
        "Querschnittsthemen": _sorted(
            [{"position": position(q), "name": name(q), "beschreibung": text(q, DCTERMS.description)} for q in themes],
            "position",
        ),
    }
    owners = set(kas) | set(themes)
    links = []
    for link in graph.subjects(STRAT.zuordnungUeber, STRAT.traegtBeiZuSdg):
        subject = graph.value(link, STRAT.zuordnungVon)
        target = graph.value(link, STRAT.zuordnungZu)
        if subject not in owners or target is None:
            continue
        if target == STRAT.keinSdgBezug:
            code = "keiner"
        elif str(target).startswith(str(SDG)):
            code = str(target)[len(str(SDG)) :]
        else:
            continue
        agent = graph.value(link, PROV.wasAttributedTo)
        links.append(
            {
                "von": name(subject),
                "sdg": code,
                "staerke": notation(graph.value(link, STRAT.hatStaerke)),
                "basis": notation(graph.value(link, STRAT.hatBasis)),
                "pruefstatus": notation(graph.value(link, STRAT.hatPruefstatus)),
                "begruendung": str(graph.value(link, STRAT.begruendung) or ""),
                "zugeordnet_von": PROJECT_NAME if agent == PROJECT_IRI else name(agent),
                "datum": str(graph.value(link, DCTERMS.date) or ""),
            }
        )
    rows["SDG-Bezuege"] = _sorted(links, "von", "sdg")
    return rows


EXAMPLE = [
    ("Kompetenzen", {"position": "1", "name": "Klimafreundliche Stadt", "ebene": "Handlungsfeld", "beschreibung": "…"}),
    ("Schwerpunkte", {"kompetenz": "Klimafreundliche Stadt", "position": "1", "name": "Energie"}),
    ("Ziele", {"art": "programmatisch", "gehoert_zu": "Energie", "position": "1", "name": "Mehr Solarstrom"}),
    (
        "Kernaktivitaeten",
        {
            "name": "Solardachkataster",
            "kompetenz": "Klimafreundliche Stadt",
            "schwerpunkt": "Energie",
            "status": "laufend",
            "ebene": "Maßnahme",
        },
    ),
    (
        "SDG-Bezuege",
        {
            "von": "Solardachkataster",
            "sdg": "7.2",
            "staerke": "direkt",
            "basis": "redaktionell",
            "pruefstatus": "vorgeschlagen",
            "begruendung": "Das Kataster zeigt geeignete Dächer und soll mehr Solarstrom anstoßen.",
            "zugeordnet_von": "Stadt Musterstadt",
            "datum": "2026-12-01",
        },
    ),
]


def write_template(path: Path, ontology: Graph, filled: dict[str, list[dict[str, str]]] | None = None) -> None:
    """The workbook: one sheet per level with dropdowns, an example sheet; filled with a strategy if given."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    schemes = read_schemes(ontology)
    dropdowns = {
        "status": [c.notation for c in schemes["status"].concepts],
        "staerke": [c.notation for c in schemes["staerke"].concepts],
        "basis": [c.notation for c in schemes["basis"].concepts],
        "pruefstatus": [c.notation for c in schemes["pruefstatus"].concepts],
        "art": ["strategisch", "programmatisch"],
    }
    book = Workbook()
    guide = book.active
    assert guide is not None
    guide.title = "Anleitung"
    for line in (
        "Vorlage für eine Strategie in stratgraph. Je Blatt eine Ebene; die erste Zeile ist die Kopfzeile.",
        "Andere Wörter der Strategie (Handlungsfeld, Leitziel, Maßnahme) in die Spalte „ebene“: Kompetenzen =",
        "Handlungsfelder, Ziele = Leit- oder Teilziele, Kernaktivitäten = Projekte oder Maßnahmen.",
        "Bezüge zu SDGs sind redaktionelle Einschätzungen: je Bezug Begründung, Stärke, Basis, Prüfstatus, wer, wann.",
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
        for row in rows or []:
            sheet.append([row.get(c, "") for c, _ in columns])
        for index, (column, _) in enumerate(columns, start=1):
            if column in dropdowns:
                letter = sheet.cell(row=1, column=index).column_letter
                allowed = DataValidation(
                    type="list", formula1='"' + ",".join(dropdowns[column]) + '"', allow_blank=True
                )
                allowed.error = "Erlaubt: " + ", ".join(dropdowns[column])
                sheet.add_data_validation(allowed)
                allowed.add(f"{letter}2:{letter}1000")
        sheet.freeze_panes = "A2"
    example = book.create_sheet("Beispiel")
    example.append(["Blatt", "Zeile (Spalte = Wert)"])
    for sheet_name, values in EXAMPLE:
        example.append([sheet_name, "; ".join(f"{k} = {v}" for k, v in values.items())])
    book.save(path)
