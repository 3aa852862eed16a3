"""The project opened once: sources parsed, merged, validated and loaded into the embedded store.

Every command needs the same four steps, and each step is paid for once: ``serve`` hands the opened project to
the app, ``release`` and ``load`` publish the very graph that was validated, ``validate`` prints its report.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing as mp
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from rdflib import Graph, URIRef

from stratgraph.config import STRATEGY_ROOT, Settings, shacl_engine
from stratgraph.errors import ConfigurationError, StratgraphError
from stratgraph.model.graph import (
    LINK_FILE,
    ProjectGraphs,
    gc_paused,
    graph_iri,
    load_project,
    load_turtle,
    named_parts,
    rebase,
    strategy_folders,
    turtle_files,
)
from stratgraph.store.embedded import EmbeddedStore
from stratgraph.strategies.scopes import scopes
from stratgraph.strategies.validation import (
    Finding,
    KeptReports,
    Report,
    load_checks,
    membership_findings,
    sorted_findings,
    un_reference,
    validate,
    validate_files,
    validate_strategies,
)

LOG = logging.getLogger("stratgraph.validation")

__all__ = [
    "NotConformingError",
    "Project",
    "file_parts",
    "kept_reports",
    "open_project",
    "validate_each_strategy",
    "validate_strategy",
]


class NotConformingError(StratgraphError):
    """The graph has violations; nothing that depends on a conforming graph happened."""

    def __init__(self, report: Report, what: str = "") -> None:
        self.report = report
        first = next((f for f in report.findings if f.severity == "Violation"), None)
        example = f", z. B. {first.focus_label}: {first.message}" if first else ""
        super().__init__(f"Der Graph ist nicht konform ({report.count('Violation')} Verstöße){example}{what}")


@dataclass(frozen=True)
class Project:
    """The validated project: the store over its named graphs and the report; its rdflib graphs when kept.

    ``serve`` opens the store straight from the files and keeps no rdflib graph (100 strategies: 1.6 GB less);
    ``release`` and ``load`` keep the graphs, to publish the very graph that was validated.
    """

    settings: Settings
    store: EmbeddedStore
    report: Report
    kept_sources: ProjectGraphs | None = None
    kept_graph: Graph | None = None  # ontology + data: what is validated, queried and published

    @property
    def conforms(self) -> bool:
        return self.report.conforms

    @property
    def sources(self) -> ProjectGraphs:
        if self.kept_sources is None:
            raise ConfigurationError("Das Projekt wurde ohne rdflib-Graphen geöffnet (open_project(graphs=True))")
        return self.kept_sources

    @property
    def graph(self) -> Graph:
        if self.kept_graph is None:
            raise ConfigurationError("Das Projekt wurde ohne rdflib-Graphen geöffnet (open_project(graphs=True))")
        return self.kept_graph

    def named_parts(self) -> list[tuple[URIRef, Graph]]:
        """The graph as the named graphs ontologie, daten, zuordnungen (TriG download and both stores)."""
        return named_parts(self.settings, self.sources)


def kept_reports(settings: Settings) -> KeptReports:
    """The kept validation reports of this project (``Settings.cache``), keyed per strategy by
    its files, the shared files, shapes, checks, ontology, its base and the validating code's version."""
    import pyshacl
    import pyshacl_turbo

    from stratgraph import __version__
    from stratgraph.model import graph as graph_module
    from stratgraph.store import embedded as store_module
    from stratgraph.strategies import validation as validation_module

    # the code that decides a report: parsing, the store the fast path loads, validation, and this module's
    # choice of path (``validate_strategy``)
    modules = (graph_module, store_module, validation_module, sys.modules[__name__])
    code = b"".join(Path(m.__file__ or "").read_bytes() for m in modules)
    engines = f"pyshacl {pyshacl.__version__}|pyshacl-turbo {pyshacl_turbo.__version__}"
    salt = f"{__version__}|{engines}|{hashlib.sha256(code).hexdigest()}"
    folders = strategy_folders(settings.data)
    common = [*turtle_files(settings.ontology), *turtle_files(settings.shapes), *sorted(settings.checks.glob("*.rq"))]
    inputs = {}
    for slug, files in (
        [(f.name, turtle_files(f)) for f in folders]
        if folders
        else [(settings.main_strategy, turtle_files(settings.data))]
    ):
        own_shapes = settings.shapes / slug
        inputs[slug] = [
            *common,
            *(turtle_files(settings.data) if folders else []),
            *files,
            *(turtle_files(own_shapes) if own_shapes.is_dir() else []),
        ]
    return KeptReports(settings.cache / "validierung", inputs, salt)


def open_project(
    settings: Settings, *, require_conformance: bool = True, graphs: bool = True, only: str | None = None
) -> Project:
    """The one way in, for every command and the service: parse the sources, validate them once per strategy
    (SHACL, checks on pyoxigraph; an unchanged strategy's report is kept) and open the store (its named graphs:
    the shared ones and each strategy's).

    Without ``graphs`` (what ``serve`` needs), a data folder of strategy subfolders goes into the store straight
    from its files, and a strategy is parsed into rdflib only to be validated (unless its report is kept), then
    dropped. With ``require_conformance`` a graph with violations raises NotConformingError (with the report);
    without, the report says what is wrong and the reports show the graph as it is. ``only`` opens one strategy
    (its folder and the shared files, not the others).
    """
    settings.require_folders()
    checks = load_checks(settings.checks)  # a missing or unreadable check is an error before anything is loaded
    folders = strategy_folders(settings.data)
    if not graphs and only is None and folders and not _rebased(settings, folders):
        return _open_from_files(settings, [f.name for f in folders], require_conformance)
    sources = load_project(settings, only=only)
    with gc_paused():
        graph = sources.merged()
        store = EmbeddedStore(graph, named_parts(settings, sources))
    kept = kept_reports(settings) if sources.strategies else None
    if kept is not None and len(sources.strategies) > 1:
        validate_each_strategy(settings, [s.slug for s in sources.strategies], kept)
    report = validate_strategies(sources, checks, graph=graph, store=store, kept=kept)
    if require_conformance and not report.conforms:
        raise NotConformingError(report)
    return Project(settings, store, report, sources, graph)


def _rebased(settings: Settings, folders: list[Path]) -> bool:
    """Whether a strategy's IRIs move to a configured base when parsed (then only rdflib loads them)."""
    return settings.base_iri is not None and any(
        settings.base_for(f.name) != f"{STRATEGY_ROOT}{f.name}/" for f in folders
    )


def file_parts(settings: Settings, slugs: list[str]) -> list[tuple[str, list[Path]]]:
    """The files of each named graph, as ``named_parts`` names them: ontologie, sdg, then per strategy its
    daten (every file but the links) and zuordnungen."""
    parts = [(str(graph_iri(settings.main_base, "ontologie")), turtle_files(settings.ontology))]
    top = turtle_files(settings.data)
    if top:
        parts.append((str(graph_iri(settings.main_base, "sdg")), top))
    for slug, scope in scopes(settings).items():
        if slug in slugs:
            files = turtle_files(settings.data / slug)
            parts += [
                (scope.content_graph, [f for f in files if f.name != LINK_FILE]),
                (scope.link_graph, [f for f in files if f.name == LINK_FILE]),
            ]
    return parts


def _open_from_files(settings: Settings, slugs: list[str], require_conformance: bool) -> Project:
    kept = kept_reports(settings)
    validate_each_strategy(settings, slugs, kept)  # each strategy not kept: parsed, validated and dropped
    with gc_paused():
        store = EmbeddedStore.from_files(file_parts(settings, slugs))
    findings: list[Finding] = []
    reused = []
    for slug in slugs:
        found = kept.get(slug)
        if found is None:  # validate_each_strategy put every strategy there
            raise StratgraphError(f"Kein Prüfbericht für {slug}")
        if slug not in kept.fresh:
            reused.append(slug)
        findings += found
    known = scopes(settings)
    typed = [
        (slug, known[slug].base, store.typed_subjects(known[slug].content_graph, known[slug].link_graph))
        for slug in slugs
    ]
    findings += membership_findings(typed, store.label)
    report = Report(sorted_findings(findings), reused)
    if require_conformance and not report.conforms:
        raise NotConformingError(report)
    return Project(settings, store, report)


def validate_strategy(settings: Settings, slug: str, links: Path | None = None) -> list[Finding]:
    """One strategy with the shared files and its own rules, as ``validate_strategies`` validates it: with the
    Rust engine straight from the files (``validation.validate_files``), else through rdflib.

    ``links``: a link file to validate in place of the strategy's own (a change, checked before it is written)."""
    folder = settings.data / slug
    if shacl_engine() == "turbo" and folder.is_dir() and not _rebased(settings, [folder]):
        own_shapes = settings.shapes / slug
        files = turtle_files(folder)
        if links is not None:
            files = [*(f for f in files if f.name != LINK_FILE), links]
        try:
            shared = [f for f in turtle_files(settings.data) if not un_reference(f)]
            return validate_files(
                [*turtle_files(settings.ontology), *shared, *files],
                [*turtle_files(settings.shapes), *(turtle_files(own_shapes) if own_shapes.is_dir() else [])],
                load_checks(settings.checks),
            ).findings
        except StratgraphError:
            raise  # a file that does not parse, a broken check: the user's to mend, named
        except Exception as exc:  # shapes the Rust engine refuses: the reference path, as validate() does
            LOG.warning("pyshacl-turbo lehnt die Shapes ab (%s); %s wird über rdflib geprüft.", exc, slug)
    project = load_project(settings, only=slug)
    strategy = project.strategy(slug)
    if links is not None:
        written, changed = f"{STRATEGY_ROOT}{slug}/", load_turtle([links])
        strategy = replace(
            strategy, links=changed if strategy.base == written else rebase(changed, written, strategy.base)
        )
    return validate(project.scoped(strategy), load_checks(settings.checks)).findings


def validate_each_strategy(settings: Settings, slugs: list[str], kept: KeptReports) -> None:
    """Validate each strategy whose report is not kept and keep it; several at once in processes, one per core
    (pySHACL holds the GIL, so threads would not help; figures in docs/benchmarks.md)."""
    todo = [slug for slug in slugs if kept.get(slug) is None]
    workers = min(os.cpu_count() or 1, len(todo), 8)
    if workers < 2 or len(todo) < 4:  # starting a process costs about a strategy's validation
        for slug in todo:
            kept.put(slug, validate_strategy(settings, slug))
        return
    context = mp.get_context("spawn")  # no fork of a process that may run threads (the service reloads in one)
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        for slug, found in zip(
            todo, pool.map(validate_strategy, [settings] * len(todo), todo, chunksize=4), strict=True
        ):
            kept.put(slug, found)
