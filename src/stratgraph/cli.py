"""The ``stratgraph`` command line: parses options and calls the core; prints German reports.

Exit codes: 0 ok (warnings allowed), 1 the data does not conform, 2 usage, parse or runtime error.
"""

from __future__ import annotations

import argparse
import errno
import importlib.util
import json
import logging
import os
import re
import socket
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, NoReturn, TextIO

from pydantic import BaseModel
from rdflib import Graph, URIRef

from stratgraph import __version__
from stratgraph.config import Settings
from stratgraph.coverage import matrix as cov
from stratgraph.coverage import reports
from stratgraph.coverage.blind import DEFAULT_SEED, blind_result, write_blind_sample
from stratgraph.coverage.matrix import DIMENSIONS, Filters
from stratgraph.errors import ConfigurationError, StratgraphError
from stratgraph.model.answers import UnterzielDetail
from stratgraph.model.graph import load_turtle, strategy_folders, turtle_files
from stratgraph.model.namespaces import PROJECT_IRI, STRAT
from stratgraph.model.resolve import read_schemes, resolve_resource, resolve_sdg
from stratgraph.model.tabular import csv_text, error_list
from stratgraph.progress.indicators import progress_text, strategy_progress
from stratgraph.progress.values import export_values, import_values, values_template
from stratgraph.release import (
    DEFAULT_DOWNLOAD_BASE,
    DEFAULT_LICENCE,
    DEFAULT_PUBLISHER,
    LICENCES,
    ReleaseOptions,
    ReleaseRefusedError,
    build_release,
)
from stratgraph.store.embedded import EmbeddedStore
from stratgraph.store.named_queries import query_text
from stratgraph.strategies.links import LinkImportError, Review, export_links, import_links, review_link
from stratgraph.strategies.project import NotConformingError, Project, open_project
from stratgraph.strategies.scopes import StrategyScope, UnknownStrategyError, chosen, compare, scopes, summaries
from stratgraph.strategies.stats import Stats, compute_stats
from stratgraph.strategies.synth import synthesize
from stratgraph.strategies.validation import SEVERITIES, Report, locate
from stratgraph.strategies.workbook import (
    WorkbookError,
    export_strategy,
    import_strategy,
    strategy_graph,
    write_workbook,
)

__all__ = ["EXIT_INVALID", "EXIT_OK", "EXIT_USAGE", "main"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

_SEVERITY_DE = {"Violation": "Verstöße", "Warning": "Warnungen", "Info": "Hinweise"}


# argparse's own messages, in German (it offers no catalogue of its own)
_ARGPARSE_GERMAN = (
    (r"the following arguments are required: (.*)", r"diese Angaben fehlen: \1"),
    (r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)", r"Angabe \1: unbekannter Wert \2 (erlaubt: \3)"),
    (r"argument (\S+): invalid (\w+) value: (.*)", r"Angabe \1: ungültiger Wert \3"),
    (r"argument (\S+): expected one argument", r"Angabe \1: braucht einen Wert"),
    (r"unrecognized arguments: (.*)", r"unbekannte Angaben: \1"),
)


class _GermanHelp(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix if prefix is not None else "Aufruf: ")


class GermanArgumentParser(argparse.ArgumentParser):
    """argparse with its help and its error messages in German, and exit code 2 (usage error), as every other
    error of the CLI."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        helped = kwargs.pop("add_help", True)
        kwargs.setdefault("formatter_class", _GermanHelp)
        kwargs["add_help"] = False  # our own -h, with German help
        super().__init__(*args, **kwargs)
        self._positionals.title = "Argumente"
        self._optionals.title = "Optionen"
        if helped:
            self.add_argument("-h", "--help", action="help", help="diese Hilfe zeigen und beenden")

    def error(self, message: str) -> NoReturn:
        for pattern, german in _ARGPARSE_GERMAN:
            message = re.sub(pattern, german, message)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"Fehler: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = GermanArgumentParser(
        prog="stratgraph",
        description="Städtische Strategien als Wissensgraph: Ebenen, Ziele, Maßnahmen, belegte SDG-Bezüge.",
    )
    parser.add_argument(
        "--version", action="version", version=f"stratgraph {__version__}", help="Version zeigen und beenden"
    )
    parser.add_argument("--root", type=Path, help="Projektordner mit ontology/, data/, shapes/, queries/")
    parser.add_argument("--data", type=Path, help="anderer Ordner mit den Inhaltsdateien (*.ttl)")
    parser.add_argument("--shapes", type=Path, help="anderer Ordner mit den SHACL-Formen (*.ttl)")
    parser.add_argument("--checks", type=Path, help="anderer Ordner mit den Prüfabfragen (*_violation.rq)")
    parser.add_argument(
        "--stadt",
        metavar="KURZNAME",
        help="die Strategie (Ordner in data/), um die es geht (Standard: STRATGRAPH_STADT, sonst die erste)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="BEFEHL")
    text_json = GermanArgumentParser(add_help=False)
    text_json.add_argument("--format", choices=["text", "json"], default="text", help="Ausgabeformat (Standard: text)")

    commands.add_parser(
        "validate", parents=[text_json], help="Graph laden und gegen Formen und Prüfabfragen validieren"
    ).set_defaults(run=cmd_validate)
    commands.add_parser(
        "stats", parents=[text_json], help="Anzahlen je Klasse und Status neben den Zahlen der Quellen"
    ).set_defaults(run=cmd_stats)
    _coverage_parser(commands, text_json)
    account = commands.add_parser(
        "konto",
        help="ein Konto für das Prüfen im Web: fragt das Passwort ab und gibt den Eintrag für STRATGRAPH_KONTEN aus",
    )
    account.add_argument(
        "anmeldename", metavar="ANMELDENAME", help="Name der Rolle, z. B. nachhaltigkeitsbuero (keine Person)"
    )
    account.add_argument("--rolle", required=True, metavar="ROLLE", help="Nachhaltigkeitsbüro, Redaktion oder Fachamt")
    account.add_argument(
        "--organisation", metavar="NAME", help="wem Entscheidungen zugeschrieben werden (Standard: Herausgeber)"
    )
    account.set_defaults(run=cmd_konto)
    report = commands.add_parser(
        "bericht", help="der SDG-Bericht der Strategie als PDF oder DOCX (Titelblatt, Kapitel je SDG, Lücken)"
    )
    report.add_argument("datei", type=Path, metavar="DATEI", help="bericht.pdf oder bericht.docx")
    report.add_argument(
        "--nur-bestaetigte", action="store_true", help="nur bestätigte Bezüge, in den Listen und den Zahlen"
    )
    report.set_defaults(run=cmd_bericht)
    commands.add_parser(
        "staedte", parents=[text_json], help="die Strategien (Städte) mit Name, Herausgeber, Zahl der Maßnahmen"
    ).set_defaults(run=cmd_staedte)
    progress = commands.add_parser(
        "fortschritt",
        help="Indikatoren mit letztem Wert und Bewertung (Methode von Eurostat), je Ziel zusammengefasst",
    )
    progress.add_argument("--format", choices=["text", "csv", "json"], default="text", help="Ausgabeformat")
    progress.set_defaults(run=cmd_fortschritt)
    compare_cities = commands.add_parser(
        "vergleich", help="je SDG: Maßnahmen mit eigener Zuordnung und Anteil bestätigter Zuordnungen je Stadt"
    )
    compare_cities.add_argument("--format", choices=["text", "csv", "json"], default="text", help="Ausgabeformat")
    compare_cities.add_argument("--staedte", metavar="A,B", help="nur diese Städte (Standard: alle)")
    compare_cities.set_defaults(run=cmd_vergleich)
    template = commands.add_parser(
        "vorlage", help="Tabellenvorlage (XLSX) für eine Strategie schreiben; mit --stadt ausgefüllt (Export)"
    )
    template.add_argument("datei", type=Path, metavar="DATEI.xlsx", help="die neue Arbeitsmappe")
    template.add_argument("--stadt", default=argparse.SUPPRESS, help="mit dieser Strategie ausfüllen")
    template.set_defaults(run=cmd_vorlage)
    city = commands.add_parser("import-stadt", help="eine ausgefüllte Vorlage prüfen und als data/<stadt>/ schreiben")
    city.add_argument("datei", type=Path, metavar="DATEI.xlsx", help="die ausgefüllte Vorlage")
    city.add_argument("--stadt", default=argparse.SUPPRESS, help="Kurzname der Stadt (a–z, 0–9, Bindestrich)")
    city.add_argument("--ersetzen", action="store_true", help="einen vorhandenen Ordner data/<stadt>/ ersetzen")
    city.set_defaults(run=cmd_import_stadt)
    synth = commands.add_parser(
        "synth",
        help="N synthetische Strategien schreiben, abwechselnd nach der Vorlage und mit fünf Ebenen (für Lasttests)",
    )
    synth.add_argument("anzahl", type=int, metavar="N", help="Zahl der Strategien, z. B. 1, 10, 100 oder 1000")
    synth.add_argument("--out", type=Path, required=True, metavar="ORDNER", help="neuer Datenordner (leer)")
    synth.add_argument("--saat", type=int, default=1, help="Startwert des Zufallsgenerators (Standard: 1)")
    synth.set_defaults(run=cmd_synth)

    load = commands.add_parser(
        "load",
        help="den Graphen per Graph Store Protocol in einen SPARQL-Speicher laden (oder für dessen Massenlader)",
        epilog=(
            "Der Speicher braucht eine eigene Zeitgrenze, sonst rechnet er an Abfragen weiter, auf die der Dienst "
            "nicht mehr wartet: oxigraph serve --timeout-s <STRATGRAPH_QUERY_TIMEOUT>, bei Virtuoso "
            "MaxQueryExecutionTime im Abschnitt [SPARQL] (docs/betrieb.md)."
        ),
    )
    target = load.add_mutually_exclusive_group(required=True)
    target.add_argument(
        "--endpoint", metavar="URL", help="Graph-Store-Endpunkt, z. B. http://127.0.0.1:7878/store (Oxigraph)"
    )
    target.add_argument(
        "--ordner",
        type=Path,
        metavar="ORDNER",
        help="neuer Ordner für den Massenlader (Virtuoso): je benannter Graph eine .nt-Datei und laden.sql",
    )
    load.set_defaults(run=cmd_load)

    serve = commands.add_parser("serve", help="den Dienst starten (uvicorn, nur 127.0.0.1 als Standard)")
    serve.add_argument("--host", default="127.0.0.1", help="Adresse (Standard: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="Port (Standard: 8000)")
    serve.add_argument("--no-access-log", action="store_true", help="keine Zeile je Anfrage protokollieren")
    serve.set_defaults(run=cmd_serve)

    release = commands.add_parser("release", help="geprüfte Veröffentlichung mit Metadaten nach dist/<version>/")
    release.add_argument("--version", dest="release_version", metavar="V", help="Versionsname (Standard: das Datum)")
    release.add_argument(
        "--datum",
        type=date.fromisoformat,
        metavar="JJJJ-MM-TT",
        help="Veröffentlichungsdatum (Standard: Datum der letzten Datenänderung)",
    )
    release.add_argument("--dist", type=Path, help="Zielordner (Standard: STRATGRAPH_DIST, sonst dist)")
    release.add_argument(
        "--download-basis",
        default=DEFAULT_DOWNLOAD_BASE,
        metavar="URL",
        help="öffentliche Basis-URL der Downloads (Standard: <Basis-IRI>download/)",
    )
    release.add_argument("--lizenz", default=DEFAULT_LICENCE, choices=sorted(LICENCES), help="Lizenz der Daten")
    release.add_argument(
        "--herausgeber",
        default=DEFAULT_PUBLISHER,
        metavar="NAME",
        help=f"wer veröffentlicht (dct:publisher; Standard: {DEFAULT_PUBLISHER}); die Stadt ist Urheberin der Quellen",
    )
    release.add_argument("--herausgeber-iri", default=str(PROJECT_IRI), metavar="IRI", help="IRI des Herausgebers")
    release.set_defaults(run=cmd_release)

    values = commands.add_parser("werte", help="beobachtete Werte der Indikatoren als Tabelle ein- und auslesen")
    value_commands = values.add_subparsers(dest="werte_command", required=True, metavar="AKTION")
    take = value_commands.add_parser(
        "import",
        help="Werte aus CSV oder XLSX prüfen und übernehmen (lange Form: indikator, jahr, wert, einheit, status, "
        "quelle; breite Form: indikator, einheit, status, quelle und eine Spalte je Jahr)",
    )
    take.add_argument("datei", type=Path, metavar="DATEI", help=".csv (Komma oder Semikolon, UTF-8) oder .xlsx")
    take.set_defaults(run=cmd_werte_import)
    give = value_commands.add_parser("export", help="alle Werte der Strategie in eine CSV- oder XLSX-Datei schreiben")
    give.add_argument("datei", type=Path, metavar="DATEI", help="Ziel, .csv („;“, UTF-8 mit BOM, für Excel) oder .xlsx")
    give.add_argument("--breit", action="store_true", help="eine Zeile je Indikator, eine Spalte je Jahr")
    give.set_defaults(run=cmd_werte_export)
    form = value_commands.add_parser(
        "vorlage", help="Arbeitsmappe zum Eintragen (mit den bisherigen Werten, Auswahllisten und den Zielen)"
    )
    form.add_argument("datei", type=Path, metavar="DATEI.xlsx", help="die neue Arbeitsmappe")
    form.set_defaults(run=cmd_werte_vorlage)
    links = commands.add_parser("links", help="SDG- und Querschnittsthemen-Bezüge als Tabelle aus- und einlesen")
    link_commands = links.add_subparsers(dest="links_command", required=True, metavar="AKTION")
    export = link_commands.add_parser("export", help="alle Bezüge mit Beleg in eine CSV- oder XLSX-Datei schreiben")
    export.add_argument("file", type=Path, metavar="DATEI", help="Ziel, .csv oder .xlsx (mit Abdeckungsblatt)")
    export.add_argument(
        "--trennzeichen",
        choices=[",", ";"],
        default=",",
        help="Trennzeichen der CSV-Datei („;“ für deutsches Excel; Standard: „,“)",
    )
    export.set_defaults(run=cmd_links_export)
    read = link_commands.add_parser("import", help="Bezüge aus einer CSV- oder XLSX-Datei prüfen und übernehmen")
    read.add_argument("file", type=Path, metavar="DATEI", help="Quelle, .csv (Komma oder Semikolon) oder .xlsx")
    read.set_defaults(run=cmd_links_import)
    review = link_commands.add_parser(
        "review", help="einen Bezug bestätigen oder ablehnen (mit Datum und Rolle, ohne Personennamen)"
    )
    review.add_argument(
        "ressource", metavar="RESSOURCE", help="Kernaktivität, Querschnittsthema oder Umsetzungskonzept"
    )
    review.add_argument("ziel", metavar="ZIEL", help="SDG-Code (z. B. 9.1), „keiner“ oder Name des Themas/Schwerpunkts")
    review.add_argument(
        "--entscheidung", required=True, metavar="PRÜFSTATUS", help="bestaetigt, abgelehnt oder vorgeschlagen"
    )
    review.add_argument(
        "--rolle", required=True, metavar="ORGANISATION", help="wer entscheidet, als Organisationseinheit (kein Name)"
    )
    review.add_argument("--kommentar", default="", metavar="TEXT", help="Vermerk zur Entscheidung (optional)")
    review.add_argument("--datum", type=date.fromisoformat, metavar="JJJJ-MM-TT", help="Standard: heute")
    review.add_argument(
        "--staerke", default="", metavar="STÄRKE", help="neue Stärke (direkt, indirekt); Grund im Kommentar"
    )
    review.add_argument(
        "--neues-ziel", default="", metavar="ZIEL", help="neues Ziel derselben Art (z. B. 11.2); Grund im Kommentar"
    )
    review.set_defaults(run=cmd_links_review)
    blind = link_commands.add_parser(
        "blindprobe",
        help="die SDG-Bezüge ohne Begründung, Stärke und Prüfstatus für eine Blindprüfung durch Dritte ausgeben",
    )
    blind.add_argument("file", type=Path, metavar="DATEI", help="Ziel, .xlsx (mit Auswahlliste) oder .csv")
    blind.add_argument("--anzahl", type=int, metavar="N", help="Stichprobe von N Bezügen (Standard: alle)")
    blind.add_argument("--startwert", default=DEFAULT_SEED, metavar="TEXT", help="Startwert der Zufallsauswahl")
    blind.set_defaults(run=cmd_links_blindprobe)
    judged = link_commands.add_parser(
        "blindauswertung", help="eine ausgefüllte Blindprüfung auswerten: Anteil sinnvoller Bezüge mit Intervall"
    )
    judged.add_argument("file", type=Path, metavar="DATEI", help="die ausgefüllte Datei (.xlsx oder .csv)")
    judged.set_defaults(run=cmd_links_blindauswertung)
    return parser


def _coverage_parser(commands: Any, text_json: argparse.ArgumentParser) -> None:
    filters = GermanArgumentParser(add_help=False)
    # values are checked against the ontology's concept schemes once the graph is loaded (resolve.read_schemes)
    filters.add_argument("--status", metavar="STATUS", help="nur Kernaktivitäten mit diesem Status, z. B. umgesetzt")
    filters.add_argument(
        "--pruefstatus", metavar="PRÜFSTATUS", help="nur Bezüge mit diesem Prüfstatus (sonst alle außer abgelehnten)"
    )
    filters.add_argument("--staerke", metavar="STÄRKE", help="nur Bezüge dieser Stärke: direkt oder indirekt")
    filters.add_argument("--kompetenz", metavar="NAME", help="nur Kernaktivitäten dieser Kompetenz")
    formats = GermanArgumentParser(add_help=False)
    formats.add_argument("--format", choices=["text", "csv", "json"], default="text", help="Ausgabeformat")
    rows = GermanArgumentParser(add_help=False)
    rows.add_argument("--nach", choices=list(DIMENSIONS), default="kompetenz", help="Zeilen der Matrix")

    coverage = commands.add_parser(
        "coverage",
        parents=[filters, rows],
        help="SDG-Abdeckung: Matrix, Lücken, ein SDG im Detail, Wege zwischen Kernaktivität und SDG",
    )
    coverage.add_argument(
        "--ausgabe",
        type=Path,
        default=Path("dist/abdeckung"),
        help="Ordner für die Heatmap (SVG und PNG), Standard: dist/abdeckung",
    )
    coverage.set_defaults(run=cmd_coverage)
    views = coverage.add_subparsers(dest="view", metavar="ANSICHT")
    views.add_parser("matrix", parents=[filters, formats, rows], help="nur die Matrix")
    views.add_parser("luecken", parents=[filters, formats], help="nur die Lückenlisten")
    one = views.add_parser("sdg", parents=[filters, text_json], help="ein SDG mit Unterzielen und Kernaktivitäten")
    one.add_argument("code", metavar="SDG", help="Ziel oder Unterziel, z. B. 13 oder 13.2")
    why_view = views.add_parser(
        "warum", parents=[text_json], help="alle Wege zwischen einer Kernaktivität und einem SDG, mit Belegen"
    )
    why_view.add_argument("kernaktivitaet", metavar="KERNAKTIVITÄT", help="Name der Kernaktivität")
    why_view.add_argument("code", metavar="SDG", help="Ziel oder Unterziel, z. B. 9 oder 9.c")


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings.from_env(args.root)
    chosen = replace(settings, data_dir=args.data, shapes_dir=args.shapes, checks_dir=args.checks)
    return replace(chosen, strategy=args.stadt) if args.stadt else chosen


def print_report(report: Report, out: TextIO) -> None:
    """The validation report for people: grouped by severity, each finding with label, path and message."""
    verdict = "konform" if report.conforms else "NICHT konform"
    counts = ", ".join(f"{report.count(s)} {_SEVERITY_DE[s]}" for s in SEVERITIES)
    print(f"Validierung: {verdict} ({counts})", file=out)
    if report.reused:
        print(f"(unverändert, Bericht behalten: {', '.join(report.reused)})", file=out)
    for severity in SEVERITIES:
        group = [f for f in report.findings if f.severity == severity]
        if not group:
            continue
        print(f"\n{_SEVERITY_DE[severity]} ({len(group)}):", file=out)
        for f in group:
            where = f" – {f.path}" if f.path else ""
            value = f" (Wert: {f.value})" if f.value else ""
            print(f"  • {f.focus_label}{where}: {f.message}{value}", file=out)
            place = f"  {f.file}, Zeile {f.line}" if f.file else ""
            print(f"    {f.focus}  [{f.source}]{place}", file=out)


def print_stats(stats: Stats, out: TextIO) -> None:
    """Counts per class and status, and the stated figures beside the graph's own count."""
    print("Ressourcen je Klasse:", file=out)
    for c in stats.classes:
        print(f"  {c.label:<28} {c.count:>5}", file=out)
    print("\nKernaktivitäten je Status:", file=out)
    for s in stats.statuses:
        print(f"  {s.label:<28} {s.count:>5}", file=out)
    print("\nZahlen der Quellen neben dem Graphen:", file=out)
    print(f"  {'Kennzahl':<46} {'Quelle':>6} {'Graph':>6}  Stichtag", file=out)
    for f in stats.figures:
        print(f"  {f.label:<46} {f.stated:>6} {f.in_graph:>6}  {f.reference_date or '–'}", file=out)


def _filters(args: argparse.Namespace, graph: Graph) -> Filters:
    """The coverage filters, each value resolved against the ontology's schemes and the graph's names."""
    schemes = read_schemes(graph)

    def value(key: str) -> URIRef | None:
        given = getattr(args, key, None)
        return schemes[key].resolve(given).iri if given else None

    return Filters(
        status=value("status"),
        review=value("pruefstatus"),
        strength=value("staerke"),
        kompetenz=resolve_resource(graph, STRAT.Kompetenz, args.kompetenz, "Kompetenz")
        if getattr(args, "kompetenz", None)
        else None,
    )


def _json(answer: BaseModel) -> str:
    """An answer as the API encodes it (its model's keys), indented for people."""
    return answer.model_dump_json(indent=2)


def cmd_coverage(args: argparse.Namespace, settings: Settings, out: TextIO | None = None) -> int:
    """The coverage views; without a view: Kompetenz matrix, gap lists and the heatmap files.

    A report: a graph with violations is still shown, with a note (``validate`` says what is wrong).
    """
    out = out or sys.stdout
    project = _opened_for_report(settings)
    graph, store = project.graph, project.store
    queries = settings.root / "queries"
    filters = _filters(args, graph)
    view = args.view or "uebersicht"
    fmt = getattr(args, "format", "text")
    if view in ("uebersicht", "matrix"):
        m = cov.matrix(store, queries, args.nach, filters)
        if fmt == "csv":
            out.write(reports.matrix_csv(graph, m))
        elif fmt == "json":
            print(_json(reports.matrix_answer(graph, m, filters)), file=out)
        else:
            print(reports.matrix_text(graph, m, filters), file=out)
        if view == "uebersicht":
            _require("matplotlib", "charts")
            from stratgraph.coverage.charts import write_heatmap  # matplotlib loads only when a picture is drawn

            print("\n" + reports.gaps_text(graph, cov.gaps(store, queries, filters)), file=out)
            written = write_heatmap(graph, m, filters, args.ausgabe, f"abdeckung-{args.nach}")
            print("\nHeatmap: " + ", ".join(str(p) for p in written), file=out)
    elif view == "luecken":
        found = cov.gaps(store, queries, filters)
        if fmt == "csv":
            out.write(reports.gaps_csv(graph, found))
        elif fmt == "json":
            print(_json(reports.gaps_answer(graph, found)), file=out)
        else:
            print(reports.notice(graph) + "\n" + reports.filters_text(graph, filters) + "\n", file=out)
            print(reports.gaps_text(graph, found), file=out)
    elif view == "sdg":
        sdg = resolve_sdg(graph, args.code)  # a goal, or a target to drill into
        goal = resolve_sdg(graph, args.code.split(".")[0], "goal") if "." in args.code else sdg
        answer = reports.sdg_answer(store, queries, sdg, goal, filters, graph)
        if fmt == "json":
            print(_json(answer), file=out)
        elif isinstance(answer, UnterzielDetail):
            print(reports.target_text(answer), file=out)
        else:
            print(reports.drilldown_text(answer), file=out)
    else:
        ka = resolve_resource(graph, STRAT.Kernaktivitaet, args.kernaktivitaet, "Kernaktivität")
        target = resolve_sdg(graph, args.code)
        paths = cov.why(store, queries, ka, target)
        if fmt == "json":
            print(_json(reports.why_answer(graph, ka, target, paths)), file=out)
        else:
            print(reports.why_text(graph, ka, target, paths), file=out)
    return EXIT_OK


def cmd_validate(args: argparse.Namespace, settings: Settings) -> int:
    """Every strategy; with --stadt, that one alone (its folder and the shared files, not the others)."""
    # with --stadt: that strategy's folder and the shared files only
    report = open_project(settings, require_conformance=False, graphs=False, only=args.stadt or None).report
    folders = strategy_folders(settings.data)
    data_files = [*turtle_files(settings.data), *(p for f in folders for p in turtle_files(f))]
    report = locate(report, data_files, settings.root)  # file and line of each finding's focus
    if args.format == "json":
        print(_json(report.answer()))
    else:
        print_report(report, sys.stdout)
    return EXIT_OK if report.conforms else EXIT_INVALID


def cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    stats = compute_stats(_opened_for_report(settings).graph)
    if args.format == "json":
        print(_json(stats.answer()))
    else:
        print_stats(stats, sys.stdout)
    return EXIT_OK


def cmd_load(args: argparse.Namespace, settings: Settings) -> int:
    from tqdm import tqdm

    from stratgraph.store.remote import check_reachable, load_graph

    if args.ordner is not None:
        return _write_bulk_folder(args.ordner, settings)
    check_reachable(args.endpoint)  # seconds before validation would have found out
    project = open_project(settings)  # never load a graph that does not conform
    parts = [(str(name), part) for name, part in project.named_parts()]
    with tqdm(desc="Laden", unit=" Blöcke", file=sys.stderr, leave=True) as bar:

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        sent = load_graph(project.graph, args.endpoint, progress=progress, parts=parts)
    print(f"{sent} Tripel nach {args.endpoint} geladen.")
    return EXIT_OK


def _write_bulk_folder(folder: Path, settings: Settings) -> int:
    from stratgraph.store.bulk import LOAD_SCRIPT, check_folder, write_bulk_folder

    check_folder(folder)  # seconds before validation would have found out
    project = open_project(settings)  # never hand out a graph that does not conform
    parts = [(str(name), part) for name, part in project.named_parts()]
    written = write_bulk_folder(parts, folder)
    print(f"{written} Tripel in {len(parts)} benannten Graphen nach {folder} geschrieben.")
    print(f"Laden (Virtuoso): isql-vt <port> dba <passwort> {folder / LOAD_SCRIPT}")
    return EXIT_OK


def _listen(host: str, port: int) -> socket.socket:
    """Bind the service's socket before anything expensive, so a taken port is reported at once (exit 2)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
    except (OSError, UnicodeError) as exc:
        raise StratgraphError(f"Adresse {host}:{port} ist nicht verwendbar: {exc}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        sock.close()
        reason = "belegt" if exc.errno == errno.EADDRINUSE else f"nicht verfügbar ({exc.strerror})"
        raise StratgraphError(f"Port {port} auf {host} ist {reason}; --port wählen.") from None
    return sock


def _require(module: str, extra: str) -> None:
    """A clear message instead of an ImportError when an optional part is not installed."""
    if importlib.util.find_spec(module) is None:
        raise StratgraphError(f"{module} fehlt; installieren mit: pip install 'stratgraph[{extra}]'")


def _announcing_server() -> type:
    import uvicorn

    class Announcing(uvicorn.Server):
        """uvicorn's server that says where it answers once it does (it names no address for a socket handed
        to it)."""

        def __init__(self, config: uvicorn.Config, url: str) -> None:
            super().__init__(config)
            self.url = url

        async def startup(self, sockets: list[Any] | None = None) -> None:
            await super().startup(sockets)
            if self.started:
                print(f"stratgraph antwortet auf {self.url} (beenden mit Strg+C)", flush=True)

    return Announcing


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    _require("uvicorn", "serve")
    import uvicorn

    from stratgraph.api import create_app
    from stratgraph.api.connections import head_timeout_protocol

    sock = _listen(args.host, args.port)
    host = f"[{args.host}]" if ":" in args.host else args.host
    listen_url = f"http://{host}:{args.port}"
    settings = replace(settings, listen_url=listen_url)  # for links when no public URL is configured
    if settings.public_url is None and args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"Hinweis: STRATGRAPH_PUBLIC_URL setzen; Links nennen sonst {listen_url}", file=sys.stderr)
    try:
        # validated once, here; the store straight from the files (rdflib only to validate a changed city)
        project = open_project(settings, graphs=False) if not settings.endpoint else None
        logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(message)s")  # reloads, as uvicorn
        config = uvicorn.Config(
            create_app(settings, project),
            log_level="info",
            access_log=not args.no_access_log,
            lifespan="on",
            # slow or silent clients are dropped; one address holds a fair share of the connections
            http=head_timeout_protocol(settings.header_timeout, settings.max_connections_per_client),
            timeout_keep_alive=5,  # idle kept-alive connections closed after 5 s
            limit_concurrency=settings.max_connections,  # connections and requests at once; 503 beyond
        )
        server = _announcing_server()(config, listen_url)
        server.run(sockets=[sock])
    finally:
        sock.close()
    if not server.started:
        print("Fehler: Der Dienst konnte nicht starten (siehe Meldung oben).", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def cmd_release(args: argparse.Namespace, settings: Settings) -> int:
    options = ReleaseOptions(
        dist=args.dist,
        version=args.release_version,
        release_date=args.datum,
        download_base=args.download_basis,
        licence=args.lizenz,
        publisher=args.herausgeber,
        publisher_iri=args.herausgeber_iri,
    )
    result = build_release(settings, options)
    print(f"Veröffentlichung {result.version} ({result.release_date.isoformat()}) in {result.path}:")
    for f in result.files:
        print(f"  {f.name:<24} {f.size:>10} Bytes")
    print("Änderungen: " + (f"gegenüber {result.previous}" if result.previous else "erste Veröffentlichung"))
    return EXIT_OK


def cmd_links_export(args: argparse.Namespace, settings: Settings) -> int:
    project = _opened_for_report(settings)
    graph = project.graph
    spreadsheet = args.file.suffix.lower() == ".xlsx"
    matrix = cov.matrix(project.store, settings.queries, "kompetenz") if spreadsheet else None
    count = export_links(
        graph, args.file, args.trennzeichen, None if matrix is None else reports.matrix_sheets(graph, matrix)
    )
    print(f"{count} Bezüge nach {args.file} geschrieben.")
    return EXIT_OK


def cmd_werte_import(args: argparse.Namespace, settings: Settings) -> int:
    count, path = import_values(args.datei, settings)
    print(f"{count} Werte geprüft und nach {path} geschrieben; der Graph ist konform.")
    return EXIT_OK


def cmd_werte_export(args: argparse.Namespace, settings: Settings) -> int:
    project = _opened_for_report(settings)
    count = export_values(project.graph, args.datei, wide=args.breit)
    print(f"{count} Werte nach {args.datei} geschrieben.")
    return EXIT_OK


def cmd_werte_vorlage(args: argparse.Namespace, settings: Settings) -> int:
    project = _opened_for_report(settings)
    count = values_template(project.graph, args.datei)
    print(f"Vorlage nach {args.datei} geschrieben ({count} bisherige Werte).")
    return EXIT_OK


def cmd_links_import(args: argparse.Namespace, settings: Settings) -> int:
    warnings: list[str] = []
    count, path = import_links(args.file, settings, warnings)
    _warn(warnings)
    print(f"{count} Bezüge geprüft und nach {path} geschrieben; der Graph ist konform.")
    return EXIT_OK


def _warn(warnings: list[str]) -> None:
    """Warnings of an import on stderr, capped like its errors."""
    if warnings:
        print(f"Warnung ({len(warnings)}):\n  " + error_list(warnings), file=sys.stderr)


def cmd_links_review(args: argparse.Namespace, settings: Settings) -> int:
    decision = args.entscheidung
    settings.require_folders()
    scheme = read_schemes(load_turtle(turtle_files(settings.ontology)))["pruefstatus"]
    concept = scheme.resolve(decision)  # unknown values get the valid ones, as everywhere
    review = Review(
        args.ressource,
        args.ziel,
        concept.label,
        args.rolle,
        args.datum or date.today(),
        args.kommentar,
        strength=args.staerke,
        new_target=args.neues_ziel,
    )
    before, after = review_link(review, settings)
    print(
        f"Bezug „{args.ressource}“ → „{args.ziel}“: {_local_name(before.review)} → {_local_name(after.review)} "
        f"({after.date.isoformat()}, {args.rolle}); der Graph ist konform."
    )
    return EXIT_OK


def cmd_links_blindprobe(args: argparse.Namespace, settings: Settings) -> int:
    if args.anzahl is not None and args.anzahl < 1:
        print("Fehler: --anzahl muss mindestens 1 sein.", file=sys.stderr)
        return EXIT_USAGE
    project = _opened_for_report(settings)
    count = write_blind_sample(project.graph, args.file, args.anzahl, args.startwert)
    print(
        f"{count} SDG-Bezüge nach {args.file} geschrieben (ohne Begründung, Stärke und Prüfstatus). Eine Person, die "
        "sie nicht gemacht hat, trägt je Zeile in „sinnvoll“ ja, nein oder unklar ein; dann "
        "„stratgraph links blindauswertung DATEI“."
    )
    return EXIT_OK


def cmd_links_blindauswertung(args: argparse.Namespace, settings: Settings) -> int:
    project = _opened_for_report(settings)
    result = blind_result(project.graph, args.file)
    print("\n".join(result.lines()))
    return EXIT_OK


def _opened_for_report(settings: Settings) -> Project:
    """The strategy a report is about (``--stadt``, else the main one), opened the one way; a graph with
    violations is shown all the same, with a note on stderr."""
    project = open_project(settings, require_conformance=False, only=settings.main_strategy)
    _note_violations(project)
    return project


def _note_violations(project: Project) -> None:
    if not project.conforms:
        count = project.report.count("Violation")
        note = f"Hinweis: der Graph ist nicht konform ({count} Verstöße); „stratgraph validate“ nennt sie."
        print(note, file=sys.stderr)


def _opened_store(settings: Settings) -> tuple[EmbeddedStore, dict[str, StrategyScope]]:
    """Every strategy in one embedded store with its named graphs, opened the one way (no rdflib graphs kept)."""
    project = open_project(settings, require_conformance=False, graphs=False)
    _note_violations(project)
    return project.store, scopes(settings)


def cmd_bericht(args: argparse.Namespace, settings: Settings) -> int:
    """Write the SDG report of the strategy (``--stadt``, else the main one) as PDF or DOCX, atomically."""
    from stratgraph.release.report import report_docx, report_pdf, sdg_report
    from stratgraph.store.embedded import ScopedStore
    from stratgraph.strategies.links import write_atomically

    draw = {".pdf": report_pdf, ".docx": report_docx}.get(args.datei.suffix.lower())
    if draw is None:
        raise ConfigurationError(f"{args.datei.name}: nicht geschrieben; der Bericht ist eine .pdf- oder .docx-Datei")
    if not args.datei.parent.is_dir():
        raise ConfigurationError(f"{args.datei.parent}: den Ordner gibt es nicht; nichts geschrieben")
    project = _opened_for_report(settings)
    known = scopes(settings)
    slug = settings.main_strategy
    store = ScopedStore(project.store, known[slug].graphs) if slug in known else project.store
    head = next((c for c in summaries(project.store, known, settings.queries) if c.slug == slug), None)
    report = sdg_report(
        store,
        settings.queries,
        strategy=head.name if head else slug,
        publisher=(head.publisher if head and head.publisher else "nicht angegeben"),
        version=f"stratgraph {__version__} (Arbeitsstand)",
        website=head.website if head else None,
        confirmed_only=args.nur_bestaetigte,
    )
    write_atomically(args.datei, draw(report))
    print(
        f"SDG-Bericht „{report.strategie}“ nach {args.datei} geschrieben "
        f"({len(report.sdgs)} Kapitel, Stand {report.stand})."
    )
    return EXIT_OK


def cmd_konto(args: argparse.Namespace, settings: Settings) -> int:
    """Print an account's TOML entry with the Argon2id hash of a password read from the terminal (or stdin)."""
    from stratgraph.api.pruefung import LOGIN, ROLES, hash_password

    login = args.anmeldename.casefold()
    if not LOGIN.fullmatch(login):
        raise ConfigurationError(f"Anmeldename „{args.anmeldename}“: a–z, 0–9, Punkt, Bindestrich (2–40 Zeichen)")
    if args.rolle not in ROLES:
        raise ConfigurationError(f"Rolle „{args.rolle}“: erlaubt sind {', '.join(ROLES)}")
    if sys.stdin.isatty():
        import getpass

        password = getpass.getpass("Passwort: ")
        if getpass.getpass("Passwort wiederholen: ") != password:
            raise ConfigurationError("Die Passwörter stimmen nicht überein; nichts ausgegeben.")
    else:
        password = sys.stdin.readline().rstrip("\n")
    if len(password) < 12:
        raise ConfigurationError("Das Passwort ist zu kurz: mindestens 12 Zeichen.")
    lines = [f"[konten.{login}]", f'rolle = "{args.rolle}"', f'passwort = "{hash_password(password)}"']
    if args.organisation:
        lines.append(f"organisation = {json.dumps(args.organisation, ensure_ascii=False)}")
    print("\n".join(lines))
    return EXIT_OK


def cmd_staedte(args: argparse.Namespace, settings: Settings) -> int:
    store, known = _opened_store(settings)
    found = summaries(store, known, settings.queries)
    if args.format == "json":
        print(json.dumps([c.answer().model_dump() for c in found], ensure_ascii=False, indent=2))
    else:
        for c in found:
            publisher = c.publisher or "Herausgeber nicht angegeben"
            print(f"{c.slug:<16} {c.name} ({publisher}): {c.kernaktivitaeten} {c.measures}")
    return EXIT_OK


def cmd_fortschritt(args: argparse.Namespace, settings: Settings) -> int:
    """The progress of the strategy (``--stadt``, else the main one): its indicators and goals, assessed."""
    project = _opened_for_report(settings)
    answer = strategy_progress(project.store, settings.queries)
    if args.format == "json":
        print(_json(answer))
    elif args.format == "csv":
        header = ["indikator", "iri", "einheit", "letzter_wert", "jahr", "vorlaeufig", "zielwert", "zieljahr"]
        rows: list[list[object]] = [[*header, "bewertung", "zeichen", "begruendung"]]
        for i in answer.indikatoren:
            last = i.letzter_wert
            rows.append(
                [
                    i.name,
                    i.iri,
                    i.einheit_zeichen,
                    "" if last is None else last.wert,
                    "" if last is None else last.jahr,
                    "" if last is None else ("ja" if last.vorlaeufig else "nein"),
                    "" if i.zielwert is None else i.zielwert,
                    "" if i.zieljahr is None else i.zieljahr,
                    i.bewertung.kategorie,
                    i.bewertung.zeichen,
                    i.bewertung.begruendung,
                ]
            )
        print(csv_text(rows), end="")
    else:
        print(progress_text(answer))
    return EXIT_OK


def cmd_vergleich(args: argparse.Namespace, settings: Settings) -> int:
    store, known = _opened_store(settings)
    try:
        wanted = chosen(known, args.staedte)
    except UnknownStrategyError as exc:
        raise ConfigurationError(str(exc)) from None
    comparison = compare(store, known, settings.queries, wanted)
    goals = store.select(query_text(settings.queries, "sdg_ziele.rq"))
    print(reports.comparison(comparison, goals, args.format), end="")
    return EXIT_OK


def cmd_vorlage(args: argparse.Namespace, settings: Settings) -> int:
    if args.datei.suffix.lower() != ".xlsx":
        raise ConfigurationError(f"{args.datei}: die Vorlage ist eine XLSX-Datei (Endung .xlsx)")
    settings.require_folders()
    ontology = load_turtle(turtle_files(settings.ontology))
    filled = None
    if args.stadt:
        reference = ontology + load_turtle(turtle_files(settings.data))
        filled = export_strategy(strategy_graph(settings, args.stadt), settings.base_for(args.stadt), reference)
    try:
        write_workbook(args.datei, ontology, filled)
    except OSError as exc:
        raise ConfigurationError(f"{args.datei}: nicht schreibbar ({exc.strerror or exc})") from None
    what = f"mit der Strategie „{args.stadt}“" if args.stadt else "leer, mit Beispielblatt"
    print(f"Vorlage nach {args.datei} geschrieben ({what}).")
    return EXIT_OK


def cmd_import_stadt(args: argparse.Namespace, settings: Settings) -> int:
    if not args.stadt:
        raise ConfigurationError("--stadt KURZNAME fehlt (der Ordner data/<stadt>/ und die IRIs der Stadt)")
    settings.require_folders()
    warnings: list[str] = []
    target = import_strategy(args.datei, args.stadt, settings, args.ersetzen, warnings)
    _warn(warnings)
    print(f"Strategie „{args.stadt}“ geprüft und nach {target} geschrieben; sie ist konform.")
    return EXIT_OK


def cmd_synth(args: argparse.Namespace, settings: Settings) -> int:
    written = synthesize(settings.data, args.out, args.anzahl, args.saat)
    print(f"{len(written)} synthetische Strategien nach {args.out} geschrieben (Saat {args.saat}).")
    return EXIT_OK


def _local_name(iri: URIRef) -> str:
    return str(iri).rsplit("#", 1)[-1]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args, _settings(args)))
    except NotConformingError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        print_report(exc.report, sys.stderr)
        return EXIT_INVALID
    except ReleaseRefusedError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        if exc.report is not None:
            print_report(exc.report, sys.stderr)
        return EXIT_INVALID
    except LinkImportError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except WorkbookError as exc:  # rows that cannot be read as meant: a usage error, nothing written
        print(f"Fehler: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # the reader went away (`… | head`): no traceback, and no second error at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except StratgraphError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
