"""Validation: SHACL shapes plus SPARQL checks that must return no rows.

Two SHACL engines with the same interface: pyshacl-turbo (Rust, releases the GIL) as the fast path and pySHACL
as the reference; ``STRATGRAPH_SHACL`` chooses (``turbo``, the default, or ``pyshacl``). A parity test runs both
on every shape fixture and strategy and requires the same findings. Should the fast engine refuse the shapes
(a feature it cannot express), the reason is logged and pySHACL validates instead.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pyshacl
import pyshacl_turbo
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SH
from rdflib.term import Node

from stratgraph.config import shacl_engine
from stratgraph.errors import ConfigurationError, SourceError
from stratgraph.model.answers import Befund, Validierung
from stratgraph.model.graph import ProjectGraphs, load_turtle
from stratgraph.model.labels import label as _label
from stratgraph.model.namespaces import bind_prefixes
from stratgraph.store.embedded import EmbeddedStore, QueryError

__all__ = [
    "SEVERITIES",
    "Check",
    "Finding",
    "KeptReports",
    "Report",
    "load_checks",
    "locate",
    "membership_findings",
    "run_check",
    "run_shapes",
    "sorted_findings",
    "subject_lines",
    "validate",
    "validate_files",
    "validate_strategies",
]

LOG = logging.getLogger("stratgraph.validation")
# no inference: the merged graph carries the ontology's rdfs:subClassOf, so sh:class sees subclasses
SHACL_OPTIONS: dict[str, Any] = {"inference": "none", "abort_on_first": False, "allow_warnings": True}


def run_shapes(data: Graph, shapes: Graph, engine: str | None = None) -> Graph:
    """The SHACL validation report of ``data`` against ``shapes``."""
    name = engine or shacl_engine()
    options = {"shacl_graph": shapes, **SHACL_OPTIONS}
    if name == "turbo":
        try:
            report: Graph = pyshacl_turbo.validate(data, **options)[1]
            return report
        except Exception as exc:  # a shape the Rust engine cannot express: the reference engine validates
            LOG.warning("pyshacl-turbo lehnt die Shapes ab (%s); pySHACL prüft stattdessen.", exc)
    reference: Graph = pyshacl.validate(data, **options)[1]
    return reference


# Order in which findings are reported, most severe first.
SEVERITIES = ("Violation", "Warning", "Info")
_SEVERITY_NAMES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True)
class Check:
    """A SPARQL check from ``queries/checks/<rule>_violation.rq``: each row it returns is a violation.

    A check written for one property at a time (the Data Cube's IC-20 and IC-21 walk a hierarchy along its
    ``qb:parentChildProperty``, which a property path cannot take from a variable) names, in a ``#+ je:`` header
    line, a query whose ``?p`` rows are put for ``$p`` in the check, one run each."""

    name: str
    path: Path
    query: str
    each: str | None = None  # the ``#+ je:`` query: the properties to instantiate ``$p`` with


@dataclass(frozen=True)
class Finding:
    """One problem found in the graph, in terms a reader of the report understands."""

    severity: str
    focus: str
    focus_label: str
    path: str | None
    value: str | None
    message: str
    source: str
    file: str | None = None  # where the focus's statements start in the data (``locate``)
    line: int | None = None


@dataclass
class Report:
    """All findings of one validation run; the graph conforms when no finding is a Violation."""

    findings: list[Finding] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)  # strategies whose unchanged files' report was kept

    @property
    def conforms(self) -> bool:
        return not any(f.severity == "Violation" for f in self.findings)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def answer(self) -> Validierung:
        """The report as ``validate --format json`` and a release's ``validierung.json`` give it."""
        return Validierung(
            konform=self.conforms,
            anzahl={s: self.count(s) for s in SEVERITIES},
            befunde=[
                Befund(
                    schwere=f.severity,
                    fokus=f.focus,
                    fokus_name=f.focus_label,
                    pfad=f.path,
                    wert=f.value,
                    meldung=f.message,
                    quelle=f.source,
                    datei=f.file,
                    zeile=f.line,
                )
                for f in self.findings
            ],
        )


_PREFIX = re.compile(r"(?:@prefix|PREFIX)\s+([A-Za-z][\w-]*)?:\s*<([^>]*)>", re.IGNORECASE)
_SUBJECT = re.compile(r"(<[^>\s]+>|[A-Za-z][\w-]*:[^\s;,]*|:[^\s;,]*)(?=\s)")


def subject_lines(files: Iterable[Path], root: Path) -> dict[str, tuple[str, int]]:
    """Where each subject's statements start: file (relative to ``root`` where it lies below) and line of the
    first unindented line that opens its block, in Turtle or N-Triples as written."""
    found: dict[str, tuple[str, int]] = {}
    for path in files:
        shown = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
        prefixes: dict[str, str] = {}
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
            declared = _PREFIX.match(line.strip())
            if declared:
                prefixes[declared.group(1) or ""] = declared.group(2)
                continue
            opened = _SUBJECT.match(line)  # indented lines continue a block
            if opened is None:
                continue
            term = opened.group(1)
            if term.startswith("<"):
                iri = term[1:-1]
            else:
                prefix, _, local = term.partition(":")
                if prefix not in prefixes:
                    continue
                iri = prefixes[prefix] + local
            found.setdefault(iri, (shown, number))
    return found


def locate(report: Report, files: Iterable[Path], root: Path) -> Report:
    """The report with each finding's file and line: where its focus's statements start."""
    where = subject_lines(files, root)
    located = [
        replace(f, file=where[f.focus][0], line=where[f.focus][1]) if f.focus in where else f for f in report.findings
    ]
    return Report(located, report.reused)


def load_checks(folder: Path) -> list[Check]:
    """The ``*_violation.rq`` files of a folder, sorted by name."""
    if not folder.is_dir():
        raise ConfigurationError(f"Ordner fehlt: {folder}")
    checks = []
    for path in sorted(folder.glob("*_violation.rq")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SourceError(path, f"Datei nicht lesbar: {exc}") from None
        each = next((line[len("#+ je:") :].strip() for line in text.splitlines() if line.startswith("#+ je:")), None)
        checks.append(Check(name=path.name.removesuffix("_violation.rq"), path=path, query=text, each=each))
    return checks


def _curie(graph: Graph, node: Node | None) -> str | None:
    """Short form of a term (``strat:hatStatus``), or a SHACL path rendered compactly (``^strat:x``)."""
    if node is None:
        return None
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node)
        except Exception:  # rdflib gives up on IRIs it cannot split
            return str(node)
    if isinstance(node, BNode):
        inverse = graph.value(node, SH.inversePath)
        if inverse is not None:
            return f"^{_curie(graph, inverse)}"
    return str(node)


def _shacl_findings(shapes_report: Graph, label_of: Callable[[Node], str], names: Graph) -> list[Finding]:
    findings = []
    for result in shapes_report.subjects(RDF.type, SH.ValidationResult):
        focus = shapes_report.value(result, SH.focusNode)
        severity_node = shapes_report.value(result, SH.resultSeverity)
        severity = _SEVERITY_NAMES.get(severity_node, "Violation") if isinstance(severity_node, URIRef) else "Violation"
        messages = list(shapes_report.objects(result, SH.resultMessage))
        german = [m for m in messages if isinstance(m, Literal) and m.language == "de"]
        message = str((german or messages or ["(keine Meldung)"])[0])
        value = shapes_report.value(result, SH.value)
        source_shape = shapes_report.value(result, SH.sourceShape)
        path_node = shapes_report.value(result, SH.resultPath)
        path_text = _curie(shapes_report, path_node)  # the report copies a blank-node path's triples
        findings.append(
            Finding(
                severity=severity,
                focus=str(focus),
                focus_label=label_of(focus) if focus is not None else "",
                path=path_text,
                value=None if value is None else str(value),
                message=message,
                source=_curie(names, source_shape) or "",
            )
        )
    return findings


def run_check(check: Check, store: EmbeddedStore) -> list[dict[str, Node]]:
    """Rows a check returns (none means the rule holds); on pyoxigraph, ~30x faster than rdflib's engine."""
    try:
        if check.each is None:
            return store.select(check.query)
        properties = sorted({str(row["p"]) for row in store.select(check.each) if isinstance(row.get("p"), URIRef)})
        return [row for p in properties for row in store.select(check.query.replace("$p", f"<{p}>"))]
    except QueryError as exc:  # a broken check is a source error, not a crash
        raise SourceError(check.path, str(exc)) from None


def _check_findings(
    checks: list[Check], store: EmbeddedStore, label_of: Callable[[Node], str], names: Graph
) -> list[Finding]:
    findings = []
    for check in checks:
        for values in run_check(check, store):
            focus = values.get("focus")
            findings.append(
                Finding(
                    severity="Violation",
                    focus=str(focus),
                    focus_label=label_of(focus) if focus is not None else "",
                    path=_curie(names, values.get("path")),
                    value=None if values.get("value") is None else str(values["value"]),
                    message=str(values.get("message", f"Prüfung {check.name} verletzt")),
                    source=f"queries/checks/{check.path.name}",
                )
            )
    return findings


def validate(
    project: ProjectGraphs,
    checks: list[Check],
    *,
    graph: Graph | None = None,
    store: EmbeddedStore | None = None,
    engine: str | None = None,
) -> Report:
    """Run the shapes and the checks over ontology plus data and collect the findings, most severe first.

    ``graph`` (the merged graph) and ``store`` (pyoxigraph over it) are built here unless the caller has them;
    ``engine`` names the SHACL engine (default: ``STRATGRAPH_SHACL``).
    """
    graph = project.merged() if graph is None else graph
    shapes_report = run_shapes(graph, project.shapes, engine)
    if checks and store is None:
        store = EmbeddedStore(graph)
    findings = _findings(shapes_report, checks, store, lambda node: _label(graph, node), (graph, project.shapes))
    return Report(sorted_findings(findings))


def _findings(
    shapes_report: Graph,
    checks: list[Check],
    store: EmbeddedStore | None,
    label_of: Callable[[Node], str],
    prefixed: Sequence[Graph],
) -> list[Finding]:
    """The findings of a SHACL report and of the checks on ``store``, named with the prefixes of ``prefixed``."""
    names = Graph()  # prefixes for short names in the report; the graphs themselves are left as they are
    for source in (*prefixed, shapes_report):
        for prefix, namespace in source.namespaces():
            names.bind(prefix, namespace, override=False)
    names.bind("dct", DCTERMS, override=True, replace=True)  # our docs write dct:, rdflib's default is dcterms:
    shapes_report.bind("dct", DCTERMS, override=True, replace=True)
    findings = _shacl_findings(shapes_report, label_of, names)
    if checks and store is not None:
        findings += _check_findings(checks, store, label_of, names)
    return findings


_COMPILED: dict[tuple[tuple[str, int], ...], tuple[Any, Graph]] = {}  # per process: shapes compiled once


UN_SDG = "http://metadata.un.org/sdg/"
_REFERENCE: dict[tuple[str, int], bool] = {}


def un_reference(path: Path) -> bool:
    """Whether a shared file describes only the UN's SDG resources (goals, targets, indicators under their IRIs).

    Such a file is the same for every strategy and holds nothing a strategy's shapes or checks read, so the fast
    path leaves it out of each strategy's store (a third of the time per strategy, docs/benchmarks.md); the
    reference is held to the UN KOS by tests/test_sdg.py. Read once per process and file version."""
    key = (str(path), path.stat().st_mtime_ns)
    if key not in _REFERENCE:
        try:
            subjects = {quad.subject for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)}
        except (SyntaxError, ValueError, OSError):  # not readable here: the store loads it and names the error
            return False
        _REFERENCE[key] = bool(subjects) and all(
            isinstance(s, ox.NamedNode) and s.value.startswith(UN_SDG) for s in subjects
        )
    return _REFERENCE[key]


def validate_files(files: Sequence[Path], shape_files: Sequence[Path], checks: list[Check]) -> Report:
    """The fast path for one strategy: its files (with the ontology and the shared reference) straight into one
    pyoxigraph store, the shapes compiled once per process and run by the Rust engine on that store, the checks
    on the same store — no rdflib graph of the data. The same findings as ``validate`` (held to it by the parity
    test on every strategy and on broken data)."""
    key = tuple((str(p), p.stat().st_mtime_ns) for p in shape_files)
    if key not in _COMPILED:  # the shapes are small: rdflib reads them once
        shapes = load_turtle(shape_files)
        _COMPILED.clear()  # one set of shapes at a time (a strategy's own rules differ)
        _COMPILED[key] = (pyshacl_turbo.compile_shapes(shapes), shapes)  # type: ignore[no-untyped-call]
    compiled, shapes = _COMPILED[key]
    store = EmbeddedStore.from_files([("", list(files))])
    shapes_report: Graph = compiled.validate(store.oxigraph, **SHACL_OPTIONS)[1]
    prefixed = [bind_prefixes(Graph()), shapes]

    def label_of(node: Node) -> str:  # a blank node has no triples of its own to name it by: as labels.label does
        return store.label(node) if isinstance(node, URIRef) else _label(Graph(), node)

    return Report(sorted_findings(_findings(shapes_report, checks, store, label_of, prefixed)))


def sorted_findings(findings: list[Finding]) -> list[Finding]:
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(findings, key=lambda f: (order.get(f.severity, 9), f.source, f.focus_label, f.path or ""))


def _membership_findings(project: ProjectGraphs) -> list[Finding]:
    typed = [
        (s.slug, s.base if s.own_folder else None, set(s.content.subjects(RDF.type)) | set(s.links.subjects(RDF.type)))
        for s in project.strategies
    ]
    return membership_findings(typed, lambda subject: _label(project.data, subject))


def membership_findings(
    typed: Sequence[tuple[str, str | None, set[Node]]], label_of: Callable[[URIRef], str]
) -> list[Finding]:
    """Each strategy's resources lie under its own base and belong to it alone (a resource typed in two
    strategy folders would mix their views, counts and checks). ``typed``: per strategy its slug, its base (None:
    IRIs may lie anywhere) and the subjects its graphs type."""
    findings = []
    owners: dict[URIRef, list[str]] = {}
    for slug, base, subjects in typed:
        for subject in subjects:
            if not isinstance(subject, URIRef):
                continue
            owners.setdefault(subject, []).append(slug)
            if base is not None and not str(subject).startswith(base):
                message = f"Die Ressource liegt nicht unter <{base}>, der Basis der Strategie {slug}."
                findings.append(_membership(label_of, subject, message))
    for subject, slugs in owners.items():
        if len(slugs) > 1:
            message = "Die Ressource gehört zu mehreren Strategien: " + ", ".join(slugs)
            findings.append(_membership(label_of, subject, message))
    return findings


def _membership(label_of: Callable[[URIRef], str], subject: URIRef, message: str) -> Finding:
    return Finding("Violation", str(subject), label_of(subject), None, None, message, "stratgraph:strategie")


class KeptReports:
    """Reports of strategies kept by the hash of everything that decides them: a strategy whose files, the shapes,
    checks, ontology, shared reference and code are unchanged is not validated again (pySHACL takes seconds
    per strategy; docs/benchmarks.md). A missing or unreadable entry is validated anew; entries are written whole
    (rename)."""

    def __init__(self, folder: Path, inputs: dict[str, list[Path]], salt: str) -> None:
        self.folder = folder
        self.keys = {slug: self._hash(paths, salt) for slug, paths in inputs.items()}
        self.fresh: dict[str, list[Finding]] = {}  # validated in this run (kept here if the folder is read-only)
        # read once from the folder and held: another process replacing the entry meanwhile (a strategy of the
        # same name with other files) must not take a report away between the check and its use
        self._read: dict[str, list[Finding]] = {}

    @staticmethod
    def _hash(paths: list[Path], salt: str) -> str:
        digest = hashlib.sha256(salt.encode())
        for path in sorted(paths):
            digest.update(str(path.name).encode() + b"\0" + path.read_bytes() + b"\0")
        return digest.hexdigest()[:32]

    def _path(self, slug: str) -> Path | None:
        key = self.keys.get(slug)
        return self.folder / f"{slug}-{key}.json" if key else None

    def get(self, slug: str) -> list[Finding] | None:
        if slug in self.fresh:
            return self.fresh[slug]
        if slug in self._read:
            return self._read[slug]
        path = self._path(slug)
        try:
            found = [Finding(**f) for f in json.loads(path.read_text(encoding="utf-8"))] if path else None
        except (OSError, ValueError, TypeError):
            return None
        if found is not None:
            self._read[slug] = found
        return found

    def put(self, slug: str, findings: list[Finding]) -> None:
        self.fresh[slug] = findings
        path = self._path(slug)
        if path is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for old in self.folder.glob(f"{slug}-*.json"):  # one entry per strategy: the newest
                old.unlink(missing_ok=True)
            scratch = path.with_suffix(".tmp")
            scratch.write_text(json.dumps([asdict(f) for f in findings], ensure_ascii=False), encoding="utf-8")
            os.replace(scratch, path)
        except OSError:  # a read-only checkout validates every time, nothing worse
            pass


def validate_strategies(
    project: ProjectGraphs,
    checks: list[Check],
    *,
    graph: Graph | None = None,
    store: EmbeddedStore | None = None,
    kept: KeptReports | None = None,
) -> Report:
    """Validate each strategy on its own (with the shared reference and its own shapes), then their membership.

    Rules such as unique positions hold within a strategy, so strategies never collide with each other, and
    validating one strategy costs the same however many others there are. With one strategy, ``graph`` and
    ``store`` (over the whole graph) are that strategy's and are reused. With ``kept``, an unchanged strategy's
    report is taken from there.
    """
    findings: list[Finding] = []
    reused = []
    for strategy in project.strategies or [None]:
        slug = strategy.slug if strategy is not None else ""
        found = kept.get(slug) if kept is not None else None
        if found is not None and kept is not None and slug not in kept.fresh:
            reused.append(slug)
        else:
            if strategy is None:
                found = validate(project, checks, graph=graph, store=store).findings
            elif len(project.strategies) == 1:
                found = validate(project.scoped(strategy), checks, graph=graph, store=store).findings
            else:
                found = validate(project.scoped(strategy), checks).findings
            if kept is not None:
                kept.put(slug, found)
        findings += found
    return Report(sorted_findings(findings + _membership_findings(project)), reused)
