"""The service's state, typed: what one loaded graph brings (``InService``, swapped whole by a reload) and what
lives as long as the app (``Service``).

Handlers read it through ``service(request)`` and ``live(request)``. ``live`` takes the graph in service once per
request and keeps it in the request's scope, so a request sees one store, one set of strategies and one set of
caches from its first read to its answer, even when a reload swaps them meanwhile.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rdflib import Graph
from starlette.requests import HTTPConnection
from starlette.types import Scope

from stratgraph.api.cache import Answer, AnswerCache
from stratgraph.config import Settings
from stratgraph.coverage.index import CoverageIndex
from stratgraph.model.graph import load_turtle
from stratgraph.store.embedded import EmbeddedStore
from stratgraph.store.runner import QueryRunner, RunResult, WarmProcesses
from stratgraph.strategies.project import Project, open_project
from stratgraph.strategies.scopes import StrategyScope, scopes

if TYPE_CHECKING:  # the types only: these modules read the state through this one
    from stratgraph.api.admin import Reloads
    from stratgraph.api.downloads import Releases
    from stratgraph.api.pruefung import ReviewDesk
    from stratgraph.api.sparql import Gate
    from stratgraph.model.resolve import Scheme
    from stratgraph.store.named_queries import NamedQuery
    from stratgraph.store.remote import RemoteRunner, RemoteStore

__all__ = ["Caches", "InService", "Loaded", "Service", "live", "live_in", "open_embedded", "service"]

_LIVE = "stratgraph.live"  # the request scope's key for the graph it is answered from


@dataclass(frozen=True)
class Caches:
    """Answers of the embedded graph, kept until the next reload (a remote store may change: it has none)."""

    sparql: AnswerCache[RunResult] = field(default_factory=AnswerCache)
    linkage: AnswerCache[Answer] = field(default_factory=AnswerCache)
    pages: AnswerCache[Any] = field(default_factory=AnswerCache)  # pages, files, Linked Data, „is it described“


@dataclass(frozen=True)
class InService:
    """Everything that belongs to one loaded graph; a reload builds a new one and swaps it in one assignment."""

    store: EmbeddedStore | RemoteStore
    runner: QueryRunner | RemoteRunner
    scopes: dict[str, StrategyScope]  # the strategies (data/<stadt>/) that ?stadt= chooses from
    coverage_index: CoverageIndex | None = None  # embedded only: every strategy's matrix inputs, read at load
    caches: Caches | None = None  # embedded only
    resources: int | None = None  # typed resources with an IRI: what a reload must not lose much of
    derived: dict[str, Any] = field(default_factory=dict)  # read from this graph on first demand (strategy heads)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def kept(self, key: str, make: Any) -> Any:
        """A value derived from this graph, made once (``make()``) and kept as long as the graph is in service."""
        with self._lock:
            if key not in self.derived:
                self.derived[key] = make()
            return self.derived[key]


@dataclass
class Service:
    """What lives as long as the app: settings, controlled values, named queries, the /sparql gate, releases,
    reloads — and the graph in service, swapped whole."""

    settings: Settings
    schemes: dict[str, Scheme]
    named_queries: dict[str, NamedQuery]
    ontology: Graph  # the vocabulary as loaded from ontology/
    gate: Gate
    vendor: dict[str, bool] = field(default_factory=dict)  # front-end packages `npm ci` installed
    releases: Releases | None = None  # set at start
    reloads: Reloads | None = None  # set at start
    review: ReviewDesk | None = None  # the link review on the web: accounts, sessions (None or empty: read-only)
    published: tuple[str, Graph] | None = None  # the latest release's catalogue, read once per release
    warm: WarmProcesses | None = None  # query processes started ahead for the next reload (set at start)
    _current: InService | None = None

    @property
    def current(self) -> InService:
        if self._current is None:
            raise RuntimeError("Der Dienst ist noch nicht gestartet.")
        return self._current

    @property
    def started(self) -> bool:
        return self._current is not None

    def swap(self, new: InService) -> InService | None:
        """Put ``new`` into service (one assignment: a request sees the old graph or the new one, never a mix)."""
        old, self._current = self._current, new
        return old


def service(request: HTTPConnection) -> Service:
    return request.app.state.service  # type: ignore[no-any-return]


def live_in(scope: Scope) -> InService:
    """The graph a request is answered from: the one in service at its first read, kept in its scope."""
    found: InService | None = scope.get(_LIVE)
    if found is None:
        found = scope[_LIVE] = scope["app"].state.service.current
    return found


def live(request: HTTPConnection) -> InService:
    return live_in(request.scope)


def _extra_parts(settings: Settings) -> list[tuple[str, Graph]]:
    """More named graphs for /sparql only (STRATGRAPH_EXTRA_GRAPHS)."""
    return [(name, load_turtle([path])) for name, path in settings.extra_graphs]  # N-Triples is Turtle too


@dataclass
class Loaded:
    store: EmbeddedStore
    runner: QueryRunner
    triples: int
    resources: int  # typed resources with an IRI: what a reload must not lose much of
    coverage: CoverageIndex  # every strategy's matrix inputs, read once: the store never changes

    def in_service(self, settings: Settings) -> InService:
        """The graph as the service holds it, with empty caches: an answer of an older graph never lands here."""
        return InService(self.store, self.runner, scopes(settings), self.coverage, Caches(), resources=self.resources)


def open_embedded(settings: Settings, project: Project | None = None, warm: WarmProcesses | None = None) -> Loaded:
    """Open the embedded store and its query workers on a validated project (opened here unless given).

    Raises StratgraphError with a clear message when a file does not parse or the graph does not conform;
    nothing is opened then, so a caller that serves an older graph keeps serving it. ``warm``: query processes
    started ahead (the service's).
    """
    if project is None:
        project = open_project(settings, graphs=False)  # NotConformingError: never serve a non-conforming graph
    runner = QueryRunner(
        Graph(),  # unused: the workers load the store's own named graphs
        settings.query_workers,
        settings.query_timeout,
        settings.row_cap,
        parts=_extra_parts(settings),
        byte_cap=settings.byte_cap,
        memory=settings.worker_memory,
        source=project.store.oxigraph,  # the named graphs of the project, as validated and served
        warm=warm,
    )
    coverage = CoverageIndex(project.store, settings.queries, scopes(settings))
    return Loaded(project.store, runner, len(project.store), project.store.resource_count(), coverage)
