"""The ``stratgraph`` command line: parses options and calls the core; prints German reports.

Exit codes: 0 ok (warnings allowed), 1 the data does not conform, 2 usage, parse or runtime error.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from . import __version__, reports
from . import coverage as cov
from .config import Settings
from .coverage import DIMENSIONS, Filters
from .errors import StratgraphError
from .graph import load_project
from .links import LinkImportError, export_links, import_links
from .namespaces import SDGO, STRAT
from .release import (
    DEFAULT_DOWNLOAD_BASE,
    DEFAULT_LICENCE,
    LICENCES,
    ReleaseOptions,
    ReleaseRefusedError,
    build_release,
)
from .stats import Stats, compute_stats
from .store import EmbeddedStore
from .validation import SEVERITIES, Report, load_checks, validate

__all__ = ["EXIT_INVALID", "EXIT_OK", "EXIT_USAGE", "main"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

_SEVERITY_DE = {"Violation": "Verstöße", "Warning": "Warnungen", "Info": "Hinweise"}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stratgraph", description="Die Bochum Strategie als Wissensgraph.")
    parser.add_argument("--version", action="version", version=f"stratgraph {__version__}")
    parser.add_argument("--root", type=Path, help="Projektordner mit ontology/, data/, shapes/, queries/")
    parser.add_argument("--data", type=Path, help="anderer Ordner mit den Inhaltsdateien (*.ttl)")
    parser.add_argument("--shapes", type=Path, help="anderer Ordner mit den SHACL-Formen (*.ttl)")
    parser.add_argument("--checks", type=Path, help="anderer Ordner mit den Prüfabfragen (*_violation.rq)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="BEFEHL")
    check = commands.add_parser("validate", help="Graph laden und gegen Formen und Prüfabfragen validieren")
    check.add_argument("--format", choices=["text", "json"], default="text", help="Ausgabeformat (Standard: text)")
    stats = commands.add_parser("stats", help="Anzahlen je Klasse und Status neben den Zahlen der Quellen")
    stats.add_argument("--format", choices=["text", "json"], default="text", help="Ausgabeformat (Standard: text)")
    _coverage_parser(commands)
    load = commands.add_parser("load", help="den Graphen per Graph Store Protocol in einen SPARQL-Speicher laden")
    load.add_argument(
        "--endpoint",
        required=True,
        metavar="URL",
        help="Graph-Store-Endpunkt, z. B. http://127.0.0.1:7878/store (Oxigraph)",
    )
    serve = commands.add_parser("serve", help="den Dienst starten (uvicorn, nur 127.0.0.1 als Standard)")
    serve.add_argument("--host", default="127.0.0.1", help="Adresse (Standard: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="Port (Standard: 8000)")
    serve.add_argument("--no-access-log", action="store_true", help="keine Zeile je Anfrage protokollieren")
    release = commands.add_parser(
        "release", help="geprüfte Veröffentlichung mit Metadaten nach dist/<version>/ schreiben"
    )
    release.add_argument("--version", dest="release_version", metavar="V", help="Versionsname (Standard: das Datum)")
    release.add_argument(
        "--datum",
        type=date.fromisoformat,
        metavar="JJJJ-MM-TT",
        help="Veröffentlichungsdatum (Standard: Datum der letzten Datenänderung)",
    )
    release.add_argument("--dist", type=Path, default=Path("dist"), help="Zielordner (Standard: dist)")
    release.add_argument(
        "--download-basis",
        default=DEFAULT_DOWNLOAD_BASE,
        metavar="URL",
        help="öffentliche Basis-URL der Downloads im Katalog",
    )
    release.add_argument("--lizenz", default=DEFAULT_LICENCE, choices=sorted(LICENCES), help="Lizenz der Daten")
    links = commands.add_parser("links", help="SDG- und Querschnittsthemen-Bezüge als Tabelle aus- und einlesen")
    link_commands = links.add_subparsers(dest="links_command", required=True, metavar="AKTION")
    export = link_commands.add_parser("export", help="alle Bezüge mit Beleg in eine CSV- oder XLSX-Datei schreiben")
    export.add_argument("file", type=Path, metavar="DATEI", help="Ziel, .csv oder .xlsx")
    load = link_commands.add_parser("import", help="Bezüge aus einer CSV- oder XLSX-Datei prüfen und übernehmen")
    load.add_argument("file", type=Path, metavar="DATEI", help="Quelle, .csv (Komma oder Semikolon) oder .xlsx")
    return parser


def _coverage_parser(commands: Any) -> None:
    coverage = commands.add_parser(
        "coverage", help="SDG-Abdeckung: Matrix, Lücken, ein SDG im Detail, Wege zwischen Kernaktivität und SDG"
    )
    filters = argparse.ArgumentParser(add_help=False)
    filters.add_argument(
        "--status",
        choices=["umgesetzt", "laufend", "eingestellt", "ueberfuehrt"],
        help="nur Kernaktivitäten mit diesem Status",
    )
    filters.add_argument(
        "--pruefstatus",
        choices=["vorgeschlagen", "bestaetigt", "abgelehnt"],
        help="nur Bezüge mit diesem Prüfstatus (sonst alle außer abgelehnten)",
    )
    filters.add_argument("--staerke", choices=["direkt", "indirekt"], help="nur Bezüge dieser Stärke")
    filters.add_argument("--kompetenz", metavar="NAME", help="nur Kernaktivitäten dieser Kompetenz")
    formats = argparse.ArgumentParser(add_help=False)
    formats.add_argument("--format", choices=["text", "csv", "json"], default="text", help="Ausgabeformat")
    coverage.add_argument("--nach", choices=list(DIMENSIONS), default="kompetenz", help="Zeilen der Matrix")
    coverage.add_argument(
        "--ausgabe",
        type=Path,
        default=Path("dist/abdeckung"),
        help="Ordner für die Heatmap (SVG und PNG), Standard: dist/abdeckung",
    )
    for action in filters._actions[1:]:
        coverage._add_action(action)
    views = coverage.add_subparsers(dest="view", metavar="ANSICHT")
    matrix_view = views.add_parser("matrix", parents=[filters, formats], help="nur die Matrix")
    matrix_view.add_argument("--nach", choices=list(DIMENSIONS), default="kompetenz", help="Zeilen der Matrix")
    views.add_parser("luecken", parents=[filters, formats], help="nur die Lückenlisten")
    text_json = argparse.ArgumentParser(add_help=False)
    text_json.add_argument("--format", choices=["text", "json"], default="text", help="Ausgabeformat")
    one = views.add_parser("sdg", parents=[filters, text_json], help="ein SDG mit Unterzielen und Kernaktivitäten")
    one.add_argument("code", metavar="SDG", help="Nummer des Ziels, z. B. 13")
    why_view = views.add_parser(
        "warum", parents=[text_json], help="alle Wege zwischen einer Kernaktivität und einem SDG, mit Belegen"
    )
    why_view.add_argument("kernaktivitaet", metavar="KERNAKTIVITÄT", help="Name der Kernaktivität")
    why_view.add_argument("code", metavar="SDG", help="Ziel oder Unterziel, z. B. 9 oder 9.c")


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings.from_env(args.root)
    return replace(settings, data_dir=args.data, shapes_dir=args.shapes, checks_dir=args.checks)


def print_report(report: Report, out: TextIO) -> None:
    """The validation report for people: grouped by severity, each finding with label, path and message."""
    verdict = "konform" if report.conforms else "NICHT konform"
    counts = ", ".join(f"{report.count(s)} {_SEVERITY_DE[s]}" for s in SEVERITIES)
    print(f"Validierung: {verdict} ({counts})", file=out)
    for severity in SEVERITIES:
        group = [f for f in report.findings if f.severity == severity]
        if not group:
            continue
        print(f"\n{_SEVERITY_DE[severity]} ({len(group)}):", file=out)
        for f in group:
            where = f" – {f.path}" if f.path else ""
            value = f" (Wert: {f.value})" if f.value else ""
            print(f"  • {f.focus_label}{where}: {f.message}{value}", file=out)
            print(f"    {f.focus}  [{f.source}]", file=out)


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


def _resolve(graph: Graph, klasse: URIRef, text: str, what: str) -> URIRef:
    """A resource of a class by its German name, any label or IRI slug, ignoring case."""
    wanted = " ".join(text.casefold().split())
    for node in graph.subjects(RDF.type, klasse):
        names = {str(node).rsplit("/", 1)[-1].casefold(), str(node).casefold()}
        names |= {
            " ".join(str(v).casefold().split()) for p in (SKOS.prefLabel, SKOS.altLabel) for v in graph.objects(node, p)
        }
        if wanted in names and isinstance(node, URIRef):
            return node
    raise StratgraphError(f"unbekannte {what}: „{text}“")


def _sdg(graph: Graph, text: str) -> URIRef:
    for klasse in (SDGO.Goal, SDGO.Target):
        for node in graph.subjects(RDF.type, klasse):
            if str(graph.value(node, SKOS.notation)) == text.strip() and isinstance(node, URIRef):
                return node
    raise StratgraphError(f"unbekannter SDG-Code „{text}“ (erwartet z. B. 13 oder 13.2)")


def _filters(args: argparse.Namespace, graph: Graph) -> Filters:
    return Filters(
        status=STRAT[args.status] if getattr(args, "status", None) else None,
        review=STRAT[args.pruefstatus] if getattr(args, "pruefstatus", None) else None,
        strength=STRAT[args.staerke] if getattr(args, "staerke", None) else None,
        kompetenz=_resolve(graph, STRAT.Kompetenz, args.kompetenz, "Kompetenz")
        if getattr(args, "kompetenz", None)
        else None,
    )


def run_coverage(args: argparse.Namespace, settings: Settings, graph: Graph, out: TextIO) -> int:
    """The coverage views; without a view: Kompetenz matrix, gap lists and the heatmap files."""
    store = EmbeddedStore(graph)
    queries = settings.root / "queries"
    filters = _filters(args, graph)
    view = args.view or "uebersicht"
    fmt = getattr(args, "format", "text")
    if view in ("uebersicht", "matrix"):
        m = cov.matrix(store, queries, args.nach, filters)
        if fmt == "csv":
            out.write(reports.matrix_csv(graph, m))
        elif fmt == "json":
            print(json.dumps(reports.matrix_json(graph, m, filters), ensure_ascii=False, indent=2), file=out)
        else:
            print(reports.matrix_text(graph, m, filters), file=out)
        if view == "uebersicht":
            from .charts import write_heatmap  # matplotlib loads only when a picture is drawn

            print("\n" + reports.gaps_text(graph, cov.gaps(store, queries, filters)), file=out)
            written = write_heatmap(graph, m, filters, args.ausgabe, f"abdeckung-{args.nach}")
            print("\nHeatmap: " + ", ".join(str(p) for p in written), file=out)
    elif view == "luecken":
        found = cov.gaps(store, queries, filters)
        if fmt == "csv":
            out.write(reports.gaps_csv(graph, found))
        elif fmt == "json":
            print(json.dumps(reports.gaps_json(graph, found), ensure_ascii=False, indent=2), file=out)
        else:
            print(reports.notice(graph) + "\n" + reports.filters_text(graph, filters) + "\n", file=out)
            print(reports.gaps_text(graph, found), file=out)
    elif view == "sdg":
        goal = _sdg(graph, args.code)
        detail = cov.drilldown(store, queries, goal, filters)
        if fmt == "json":
            print(json.dumps(reports.drilldown_json(graph, detail), ensure_ascii=False, indent=2), file=out)
        else:
            print(reports.drilldown_text(graph, detail), file=out)
    else:
        ka = _resolve(graph, STRAT.Kernaktivitaet, args.kernaktivitaet, "Kernaktivität")
        target = _sdg(graph, args.code)
        paths = cov.why(store, queries, ka, target)
        if fmt == "json":
            print(json.dumps(reports.why_json(graph, ka, target, paths), ensure_ascii=False, indent=2), file=out)
        else:
            print(reports.why_text(graph, ka, target, paths), file=out)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        settings = _settings(args)
        if args.command == "links" and args.links_command == "import":
            count, path = import_links(args.file, settings)
            print(f"{count} Bezüge geprüft und nach {path} geschrieben; der Graph ist konform.")
            return EXIT_OK
        if args.command == "load":
            from .release import named_parts
            from .remote import load_graph

            project = load_project(settings)
            report = validate(project, load_checks(settings.checks))
            if not report.conforms:  # never load a graph that does not conform
                print_report(report, sys.stderr)
                return EXIT_INVALID

            def bar(done: int, total: int) -> None:
                filled = int(30 * done / total)
                print(f"\rLaden [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}", end="", file=sys.stderr)

            parts = [(str(name), part) for name, part in named_parts(settings, project)]
            sent = load_graph(project.merged(), args.endpoint, progress=bar, parts=parts)
            print(f"\n{sent} Tripel nach {args.endpoint} geladen.")
            return EXIT_OK
        if args.command == "serve":
            import uvicorn

            from .api import create_app

            project_ok = validate(load_project(settings), load_checks(settings.checks))
            if not project_ok.conforms:  # never serve a graph that does not conform
                print_report(project_ok, sys.stderr)
                return EXIT_INVALID
            logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(message)s")  # reloads, as uvicorn
            uvicorn.run(
                create_app(settings),
                host=args.host,
                port=args.port,
                log_level="info",
                access_log=not args.no_access_log,
            )
            return EXIT_OK
        if args.command == "release":
            options = ReleaseOptions(
                dist=args.dist,
                version=args.release_version,
                release_date=args.datum,
                download_base=args.download_basis,
                licence=args.lizenz,
            )
            result = build_release(settings, options)
            print(f"Veröffentlichung {result.version} ({result.release_date.isoformat()}) in {result.path}:")
            for f in result.files:
                print(f"  {f.name:<24} {f.size:>10} Bytes")
            print("Änderungen: " + (f"gegenüber {result.previous}" if result.previous else "erste Veröffentlichung"))
            return EXIT_OK
        project = load_project(settings)
        if args.command == "links":
            count = export_links(project.merged(), args.file)
            print(f"{count} Bezüge nach {args.file} geschrieben.")
            return EXIT_OK
        if args.command == "coverage":
            return run_coverage(args, settings, project.merged(), sys.stdout)
        if args.command == "validate":
            report = validate(project, load_checks(settings.checks))
            if args.format == "json":
                json.dump(report.as_dict(), sys.stdout, ensure_ascii=False, indent=2)
                print()
            else:
                print_report(report, sys.stdout)
            return EXIT_OK if report.conforms else EXIT_INVALID
        stats = compute_stats(project.merged())
        if args.format == "json":
            json.dump(asdict(stats), sys.stdout, ensure_ascii=False, indent=2)
            print()
        else:
            print_stats(stats, sys.stdout)
        return EXIT_OK
    except ReleaseRefusedError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        if exc.report is not None:
            print_report(exc.report, sys.stderr)
        return EXIT_INVALID
    except LinkImportError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except StratgraphError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
