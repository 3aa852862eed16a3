"""The project opened once: sources parsed, merged, validated and loaded into the embedded store.

Every command needs the same four steps, and each step is paid for once: ``serve`` hands the opened project to
the app, ``release`` and ``load`` publish the very graph that was validated, ``validate`` prints its report.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

from .config import Settings
from .errors import StratgraphError
from .graph import ProjectGraphs, gc_paused, load_project, named_parts, strategy_folders, turtle_files
from .store import EmbeddedStore
from .validation import KeptReports, Report, load_checks, validate_strategies

__all__ = ["NotConformingError", "Project", "kept_reports", "open_project"]


class NotConformingError(StratgraphError):
    """The graph has violations; nothing that depends on a conforming graph happened."""

    def __init__(self, report: Report, what: str = "") -> None:
        self.report = report
        first = next((f for f in report.findings if f.severity == "Violation"), None)
        example = f", z. B. {first.focus_label}: {first.message}" if first else ""
        super().__init__(f"Der Graph ist nicht konform ({report.count('Violation')} Verstöße){example}{what}")


@dataclass(frozen=True)
class Project:
    """The validated project: its sources, the merged graph, the store over that graph and the report."""

    settings: Settings
    sources: ProjectGraphs
    graph: Graph  # ontology + data: what is validated, queried and published
    store: EmbeddedStore
    report: Report

    @property
    def conforms(self) -> bool:
        return self.report.conforms

    def named_parts(self) -> list[tuple[URIRef, Graph]]:
        """The graph as the named graphs ontologie, daten, zuordnungen (TriG download and both stores)."""
        return named_parts(self.settings, self.sources)


def kept_reports(settings: Settings) -> KeptReports:
    """The kept validation reports of this project (``Settings.cache``), keyed per strategy by
    its files, the shared files, shapes, checks, ontology, its base and the validating code's version."""
    import pyshacl

    from . import __version__
    from . import graph as graph_module
    from . import validation as validation_module

    code = b"".join(Path(m.__file__ or "").read_bytes() for m in (graph_module, validation_module))
    salt = f"{__version__}|pyshacl {pyshacl.__version__}|{hashlib.sha256(code).hexdigest()}"
    folders = strategy_folders(settings.data)
    common = [*turtle_files(settings.ontology), *turtle_files(settings.shapes), *sorted(settings.checks.glob("*.rq"))]
    inputs = {}
    for slug, files in (
        [(f.name, turtle_files(f)) for f in folders] if folders else [(settings.strategy, turtle_files(settings.data))]
    ):
        own_shapes = settings.shapes / slug
        inputs[slug] = [
            *common,
            *(turtle_files(settings.data) if folders else []),
            *files,
            *(turtle_files(own_shapes) if own_shapes.is_dir() else []),
        ]
    return KeptReports(settings.cache / "validierung", inputs, salt)


def open_project(settings: Settings, *, require_conformance: bool = True) -> Project:
    """Parse the sources, validate them once per strategy (SHACL with pySHACL, checks on pyoxigraph) and open
    the store (its named graphs: the shared ones and each strategy's).

    With ``require_conformance`` a graph with violations raises NotConformingError (carrying the report).
    """
    settings.require_folders()
    sources = load_project(settings)
    checks = load_checks(settings.checks)
    with gc_paused():
        graph = sources.merged()
        store = EmbeddedStore(graph, named_parts(settings, sources))
    kept = kept_reports(settings) if sources.strategies else None
    report = validate_strategies(sources, checks, graph=graph, store=store, kept=kept)
    if require_conformance and not report.conforms:
        raise NotConformingError(report)
    return Project(settings, sources, graph, store, report)
