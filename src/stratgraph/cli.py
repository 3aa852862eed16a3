"""The ``stratgraph`` command line: parses options and calls the core; prints German reports.

Exit codes: 0 ok (warnings allowed), 1 the data does not conform, 2 usage, parse or runtime error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import TextIO

from . import __version__
from .config import Settings
from .errors import StratgraphError
from .graph import load_project
from .stats import Stats, compute_stats
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
    return parser


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


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        settings = _settings(args)
        project = load_project(settings)
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
    except StratgraphError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
