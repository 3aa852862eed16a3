"""The project opened once: sources parsed, merged, validated and loaded into the embedded store.

Every command needs the same four steps, and each step is paid for once: ``serve`` hands the opened project to
the app, ``release`` and ``load`` publish the very graph that was validated, ``validate`` prints its report.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef

from .config import Settings
from .errors import StratgraphError
from .graph import ProjectGraphs, gc_paused, load_project, named_parts
from .store import EmbeddedStore
from .validation import Report, load_checks, validate_strategies

__all__ = ["NotConformingError", "Project", "open_project"]


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
    report = validate_strategies(sources, checks, graph=graph, store=store)
    if require_conformance and not report.conforms:
        raise NotConformingError(report)
    return Project(settings, sources, graph, store, report)
