"""Query execution in killable child processes, so a time limit really stops the work.

pyoxigraph cannot be interrupted inside a process (not by a signal, not in a thread): only a child process that
is killed stops its query. Each worker holds its own in-memory copy of the graph, loaded from N-Triples; the
service sends it a query and gets back serialised bytes. A worker that overruns the limit is killed and a fresh
one takes its place, while the other workers keep answering.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import queue
import tempfile
import threading
import time
from dataclasses import dataclass
from itertools import islice
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from .errors import StratgraphError

__all__ = ["EngineError", "QueryBusy", "QueryJob", "QueryRunner", "QueryTimeout", "RunResult"]


class QueryTimeout(StratgraphError):  # noqa: N818 - the condition, as HTTP names it (504)
    """The query ran past the time limit and was stopped."""


class QueryBusy(StratgraphError):  # noqa: N818 - HTTP 503
    """No worker became free within the time limit."""


class EngineError(StratgraphError):
    """The engine rejected or failed the query (HTTP 400)."""


@dataclass(frozen=True)
class QueryJob:
    """One query for a runner (embedded workers or a remote store): the text, the formats wanted for solutions
    and for graphs, the protocol's dataset, the base for relative IRIs (the endpoint, as the protocol expects),
    and whether the default graph is the union of the named graphs (no dataset asked for)."""

    text: str
    result_format: str = "json"
    graph_format: str = "turtle"
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    base_iri: str | None = None
    union_default: bool = True


@dataclass(frozen=True)
class RunResult:
    body: bytes
    truncated: bool


def _serve(conn: Connection, data_path: str) -> None:  # runs in the child process
    import pyoxigraph as ox

    from .media import rdf_format as rdf_format_named
    from .namespaces import PREFIXES
    from .sparql import write_boolean, write_solutions

    store = ox.Store()
    store.bulk_load(path=data_path, format=ox.RdfFormat.N_QUADS)
    conn.send(("ready", len(store), False))
    while True:
        message = conn.recv()
        if message is None:
            return
        text, result_format, graph_format, default_graphs, named_graphs, cap, base_iri, union = message
        try:
            options: dict[str, Any] = {"base_iri": base_iri} if base_iri else {}
            if default_graphs:
                options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
            elif union:  # no dataset asked for: the default graph is the union of the named parts
                options["use_default_graph_as_union"] = True
            if named_graphs:
                options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
            result = store.query(text, **options)
            if isinstance(result, ox.QuerySolutions):
                names = [v.value for v in result.variables]
                rows = [[solution[n] for n in names] for solution in islice(result, cap + 1)]
                conn.send(("ok", write_solutions(names, rows[:cap], result_format), len(rows) > cap))
            elif isinstance(result, ox.QueryBoolean):
                conn.send(("ok", write_boolean(bool(result), result_format), False))
            else:
                triples = list(islice(result, cap + 1))
                rdf_format = getattr(ox.RdfFormat, rdf_format_named(graph_format).oxigraph)
                prefixes = PREFIXES if graph_format in ("turtle", "rdfxml") else None
                body = ox.serialize(triples[:cap], format=rdf_format, prefixes=prefixes)
                conn.send(("ok", body or b"", len(triples) > cap))
        except Exception as exc:  # reported to the client as a 400 with the engine's message
            conn.send(("error", str(exc).splitlines()[0] if str(exc) else type(exc).__name__, False))


class _Worker:
    def __init__(self, context: Any, data_path: str) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, data_path), daemon=True)
        self.process.start()
        child.close()
        try:
            ready = self.conn.poll(120) and self.conn.recv()[0] == "ready"  # bounded wait for the graph to load
        except (EOFError, OSError):
            ready = False
        if not ready:
            self.kill()
            raise StratgraphError("Ein Abfrage-Prozess konnte nicht starten.")

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=10)
        self.conn.close()


class QueryRunner:
    """A small pool of query processes with an enforced time limit and a result-row cap."""

    def __init__(
        self,
        graph: Graph,
        workers: int = 2,
        timeout: float = 10.0,
        row_cap: int = 10_000,
        parts: list[tuple[str, Graph]] | None = None,
    ) -> None:
        """``parts`` are named graphs (as in the TriG download); without them ``graph`` is the default graph."""
        self.timeout = timeout
        self.row_cap = row_cap
        handle, self._data = tempfile.mkstemp(prefix="stratgraph-", suffix=".nq")
        os.close(handle)
        dataset = ox.Store()  # pyoxigraph writes the N-Quads the workers load
        for name, part in parts or [("", graph)]:
            target = ox.NamedNode(name) if name else ox.DefaultGraph()
            dataset.bulk_load(
                part.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=target
            )
        dataset.dump(self._data, format=ox.RdfFormat.N_QUADS)
        self._context = mp.get_context("spawn")  # no fork of a process that runs threads
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(workers):
            self._add()

    def _add(self) -> None:
        worker = _Worker(self._context, self._data)
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.append(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
        threading.Thread(target=self._add, daemon=True).start()

    @property
    def pids(self) -> list[int]:
        with self._lock:
            return [w.process.pid for w in self._all if w.process.pid is not None]

    def run(self, job: QueryJob) -> RunResult:
        """Run one query within the time limit; raise QueryTimeout, QueryBusy or EngineError."""
        deadline = time.monotonic() + self.timeout
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryBusy("Alle Abfrage-Prozesse sind belegt; bitte später erneut versuchen.") from None
        try:
            worker.conn.send(
                (
                    job.text,
                    job.result_format,
                    job.graph_format,
                    list(job.default_graphs),
                    list(job.named_graphs),
                    self.row_cap,
                    job.base_iri,
                    job.union_default,
                )
            )
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                self._replace(worker)  # the only way to stop pyoxigraph mid-query
                raise QueryTimeout(f"Die Abfrage dauerte länger als {self.timeout:g} s und wurde abgebrochen.")
            status, payload, truncated = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            raise QueryBusy("Der Abfrage-Prozess ist ausgefallen und wird neu gestartet.") from None
        self._idle.put(worker)
        if status == "error":
            raise EngineError(f"Die Abfrage ist fehlerhaft: {payload}")
        return RunResult(payload, truncated)

    def close(self, grace: float = 0.0) -> None:
        """Stop every worker; with ``grace``, first wait up to that long for queries still running to finish."""
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:  # bounded
            with self._lock:
                if self._idle.qsize() >= len(self._all):
                    break
            time.sleep(0.05)
        with self._lock:
            self._closed = True
            workers, self._all = self._all, []
        for worker in workers:
            with contextlib.suppress(OSError):  # a killed worker's pipe may already be gone
                worker.conn.send(None)
            worker.kill()
        if os.path.exists(self._data):
            os.unlink(self._data)
