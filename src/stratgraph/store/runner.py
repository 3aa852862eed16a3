"""Query execution in killable child processes, so a time limit really stops the work.

pyoxigraph cannot be interrupted inside a process (not by a signal, not in a thread): only a child process that
is killed stops its query. Each worker holds its own in-memory copy of the graph, loaded from N-Triples; the
service sends it a query and gets back serialised bytes. A worker that overruns the limit is killed and a fresh
one takes its place, while the other workers keep answering.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing as mp
import os
import queue
import signal
import tempfile
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from stratgraph.errors import StratgraphError

__all__ = [
    "INTERN",
    "SPARQL",
    "AnswerTooLarge",
    "EngineError",
    "NotAcceptable",
    "QueryBusy",
    "QueryJob",
    "QueryOutOfMemory",
    "QueryRunner",
    "QueryTimeout",
    "RunResult",
    "TooManyQueries",
    "WarmProcesses",
    "fit",
]


class QueryTimeout(StratgraphError):  # noqa: N818 - the condition, as HTTP names it (504)
    """The query ran past the time limit and was stopped."""


class QueryBusy(StratgraphError):  # noqa: N818 - HTTP 503
    """No worker became free within the time limit."""


class TooManyQueries(QueryBusy):  # HTTP 429
    """The asking address's own queries hold every process it may use (its fair share)."""


class EngineError(StratgraphError):
    """The engine rejected or failed the query (HTTP 400)."""


class QueryOutOfMemory(StratgraphError):  # noqa: N818 - HTTP 507
    """The query needed more memory than a query process may have; the process was replaced."""


class AnswerTooLarge(StratgraphError):  # noqa: N818 - HTTP 507
    """A remote store's answer is over the byte cap in a format that cannot be cut."""


class NotAcceptable(StratgraphError):  # noqa: N818 - HTTP 406
    """The query's form (solutions or a graph) has no format the client accepts."""


SPARQL, INTERN = "sparql", "intern"  # the runner's lanes: public /sparql, and our own Linked Data queries


@dataclass(frozen=True)
class QueryJob:
    """One query for a runner (embedded workers or a remote store): the text, the formats wanted for solutions
    and for graphs (None: the client accepts none of that kind), the protocol's dataset, the base for relative
    IRIs (the endpoint, as the protocol expects), and whether the default graph is the union of the named
    graphs when the query names no dataset itself."""

    text: str
    result_format: str | None = "json"
    graph_format: str | None = "turtle"
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    base_iri: str | None = None
    union_default: bool = True
    client: str = ""  # the asking address, for the fair share of the processes ("" for the service itself)


@dataclass(frozen=True)
class RunResult:
    body: bytes
    truncated: str | None  # which cap cut the answer: "Zeilen" or "Bytes"; None: complete
    returns_graph: bool = False


def _limit_memory(mebibytes: int) -> None:
    """Cap the process's address space, so a query that grows too large fails inside it, not the machine."""
    import resource

    limit = mebibytes * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def fit(write: Callable[[int], bytes], count: int, cap: int) -> tuple[bytes, bool]:
    """The answer with as many of ``count`` items as fit into ``cap`` bytes; True when items were dropped."""
    body = write(count)
    keep, cut = count, False
    for _ in range(20):  # bounded: each round keeps a smaller share
        if len(body) <= cap or keep == 0:
            break
        keep = max(0, min(keep - 1, int(keep * cap / len(body) * 0.95)))
        body, cut = write(keep), True
    return body, cut


def _answer(store: Any, message: dict[str, Any]) -> tuple[str, Any, Any]:  # runs in the child process
    import pyoxigraph as ox

    from stratgraph.model.media import rdf_format as rdf_format_named
    from stratgraph.model.namespaces import PREFIXES
    from stratgraph.store.sparql import ForbiddenQuery, MalformedQuery, analyse, write_boolean, write_solutions

    text = message["text"]
    try:
        info = analyse(text)  # parsing (rdflib) runs here, under the time limit, never in the service
    except MalformedQuery as exc:
        return ("malformed", str(exc), None)
    except ForbiddenQuery as exc:
        return ("forbidden", str(exc), None)
    if message.get("analyse_only"):
        return ("info", info.returns_graph, None)
    chosen = message["graph_format"] if info.returns_graph else message["result_format"]
    if chosen is None:
        return ("unacceptable", info.returns_graph, None)
    options: dict[str, Any] = {"base_iri": message["base_iri"]} if message["base_iri"] else {}
    if message["default_graphs"]:
        options["default_graph"] = [ox.NamedNode(g) for g in message["default_graphs"]]
    elif message["union"] and not (info.from_graphs or info.from_named):
        options["use_default_graph_as_union"] = True  # no dataset asked for: the union of the named parts
    if message["named_graphs"]:
        options["named_graphs"] = [ox.NamedNode(g) for g in message["named_graphs"]]
    row_cap, byte_cap = message["row_cap"], message["byte_cap"]
    try:
        result = store.query(text, **options)
    except Exception as exc:  # reported to the client as a 400 with the engine's message
        return ("error", str(exc).splitlines()[0] if str(exc) else type(exc).__name__, None)
    if isinstance(result, ox.QueryBoolean):
        return ("ok", write_boolean(bool(result), chosen), (None, False))
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        rows = [[solution[n] for n in names] for solution in islice(result, row_cap + 1)]
        body, cut = fit(lambda n: write_solutions(names, rows[: min(n, row_cap)], chosen), len(rows), byte_cap)
        return ("ok", body, ("Bytes" if cut else "Zeilen" if len(rows) > row_cap else None, False))
    triples = list(islice(result, row_cap + 1))
    rdf_format = getattr(ox.RdfFormat, rdf_format_named(chosen).oxigraph)
    prefixes = PREFIXES if chosen in ("turtle", "rdfxml") else None

    def write(n: int) -> bytes:
        return ox.serialize(triples[: min(n, row_cap)], format=rdf_format, prefixes=prefixes) or b""

    body, cut = fit(write, len(triples), byte_cap)
    return ("ok", body, ("Bytes" if cut else "Zeilen" if len(triples) > row_cap else None, True))


def _serve(conn: Connection, memory: int) -> None:  # runs in the child process
    import pyoxigraph as ox

    from stratgraph.store import sparql  # noqa: F401 - imported while waiting for the graph: the first query is quick

    _limit_memory(memory)
    try:
        data_path = conn.recv()  # a warm process waits here until a graph needs it
    except (EOFError, OSError):
        return
    if data_path is None:
        return
    store = ox.Store()
    try:
        store.bulk_load(path=data_path, format=ox.RdfFormat.N_QUADS)
    except OSError as exc:  # the runner was closed while this process started
        conn.send(("failed", str(exc), None))
        return
    conn.send(("ready", len(store), None))
    while True:
        message = conn.recv()
        if message is None:
            return
        try:
            conn.send(_answer(store, message))
        except MemoryError:
            conn.send(("memory", None, None))
            return  # a fresh process takes this one's place


class _Worker:
    """One query process: started (Python and pyoxigraph imported), then given its graph by ``load``."""

    def __init__(self, context: Any, memory: int) -> None:
        self.lane = ""
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, memory), daemon=True)
        self.process.start()
        child.close()

    def load(self, data_path: str) -> None:
        """Send the graph's file; ``wait_ready`` waits until it is loaded."""
        with contextlib.suppress(OSError):  # a process that died meanwhile: wait_ready reports it
            self.conn.send(data_path)

    def wait_ready(self) -> None:
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


class WarmProcesses:
    """Query processes started ahead of need, waiting for a graph: a reload (after a review decision) takes them
    instead of starting new ones. Starting one — a Python process importing pyoxigraph and the query code — takes
    about a second; loading the graph into a started one, a few hundredths (docs/benchmarks.md)."""

    def __init__(self, memory: int, count: int = 0) -> None:
        self.memory = memory
        self.count = count  # how many wait; 0: none, every process is started when needed
        self._context = mp.get_context("spawn")  # no fork of a process that runs threads
        self._spare: deque[_Worker] = deque()
        self._lock = threading.Lock()
        self._filling = False
        self._closed = False

    @property
    def pids(self) -> list[int]:
        """The waiting processes (for the tests and the log)."""
        with self._lock:
            return [w.process.pid for w in self._spare if w.process.pid is not None]

    def take(self, lane: str) -> _Worker:
        """A started process for ``lane``: a waiting one, else one started now."""
        with self._lock:
            worker = self._spare.popleft() if self._spare else None
        if worker is not None and not worker.process.is_alive():
            worker.kill()
            worker = None
        if worker is None:
            worker = _Worker(self._context, self.memory)
        worker.lane = lane
        return worker

    def refill(self, after: float = 2.0) -> None:
        """Start processes in a background thread until ``count`` wait, ``after`` seconds from now: the first
        pages of a new graph are built first (starting a process takes a core for a second)."""
        with self._lock:
            if self._filling or self._closed or len(self._spare) >= self.count:
                return
            self._filling = True
        threading.Thread(target=self._fill, args=(after,), daemon=True).start()

    def _fill(self, after: float) -> None:
        try:
            time.sleep(after)
            for _ in range(self.count):  # bounded
                with self._lock:
                    if self._closed or len(self._spare) >= self.count:
                        return
                worker = _Worker(self._context, self.memory)
                with self._lock:
                    if not self._closed:
                        self._spare.append(worker)
                        continue
                worker.kill()
                return
        finally:
            with self._lock:
                self._filling = False

    def close(self) -> None:
        with self._lock:
            self._closed = True
            spare, self._spare = list(self._spare), deque()
        for worker in spare:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
            worker.kill()


class ShareInUse(queue.Empty):
    """No process came an address's way because its own queries held its whole share."""


class FairPool:
    """The idle processes of one lane, handed out fairly: of the requests waiting, the one whose address has the
    fewest queries running goes first (then the oldest), and no address runs more than ``share`` at once — its
    further queries wait — so one address with slow queries cannot hold every process while others wait."""

    def __init__(self, share: int | None) -> None:
        self.share = share
        self._cond = threading.Condition()
        self._idle: deque[_Worker] = deque()
        self._waiting: list[tuple[int, str]] = []
        self._running: Counter[str] = Counter()
        self._order = itertools.count()

    def put(self, worker: _Worker) -> None:
        with self._cond:
            self._idle.append(worker)
            self._cond.notify_all()

    def qsize(self) -> int:
        with self._cond:
            return len(self._idle)

    def get(self, timeout: float, client: str = "") -> _Worker:
        """An idle process for ``client`` within ``timeout`` seconds; queue.Empty when none came its way."""
        deadline = time.monotonic() + timeout
        with self._cond:
            me = (next(self._order), client)
            self._waiting.append(me)
            try:
                while True:
                    if self._idle and self._next() == me:
                        self._running[client] += 1
                        return self._idle.popleft()
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        if client and self.share is not None and self._running[client] >= self.share:
                            raise ShareInUse  # its own queries held the address's share all along
                        raise queue.Empty
                    self._cond.wait(remaining)
            finally:
                self._waiting.remove(me)
                self._cond.notify_all()

    def release(self, client: str) -> None:
        """A query of ``client`` is over (its process is back, or replaced)."""
        with self._cond:
            self._running[client] -= 1
            if self._running[client] <= 0:
                del self._running[client]
            self._cond.notify_all()

    def _next(self) -> tuple[int, str] | None:
        share = self.share
        eligible = [w for w in self._waiting if not w[1] or share is None or self._running[w[1]] < share]
        return min(eligible, key=lambda w: (self._running[w[1]], w[0]), default=None)


class QueryRunner:
    """Query processes with an enforced time limit, row and byte caps and a memory budget, in two lanes:
    ``SPARQL`` for the public endpoint and ``INTERN`` for the service's own Linked Data queries, so a busy
    endpoint never makes a resource page wait."""

    def __init__(
        self,
        graph: Graph,
        workers: int = 2,
        timeout: float = 10.0,
        row_cap: int = 10_000,
        parts: list[tuple[str, Graph]] | None = None,
        *,
        byte_cap: int = 16 * 2**20,
        memory: int = 2048,
        intern_workers: int = 1,
        source: ox.Store | None = None,
        warm: WarmProcesses | None = None,
    ) -> None:
        """``parts`` are named graphs (as in the TriG download); without them ``graph`` is the default graph.

        ``source``, a store that holds the named graphs already (the embedded one), is written out as it is, and
        ``parts`` are added to it: no second serialisation of the whole graph. ``warm``: processes started ahead
        (the service's, kept across reloads); without, every process is started here."""
        self.timeout = timeout
        self.row_cap = row_cap
        self.byte_cap = byte_cap
        self.memory = memory
        handle, self._data = tempfile.mkstemp(prefix="stratgraph-", suffix=".nq")
        os.close(handle)
        dataset = ox.Store()  # pyoxigraph writes the N-Quads the workers load
        for name, part in parts if parts is not None else [("", graph)]:
            target = ox.NamedNode(name) if name else ox.DefaultGraph()
            dataset.bulk_load(
                part.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=target
            )
        if source is None:
            dataset.dump(self._data, format=ox.RdfFormat.N_QUADS)
        else:
            source.dump(self._data, format=ox.RdfFormat.N_QUADS)
            with open(self._data, "ab") as out:
                out.write(dataset.dump(format=ox.RdfFormat.N_QUADS) or b"")
        self._warm = warm if warm is not None else WarmProcesses(memory)
        # the public lane's share per address: all processes but one, so another address always finds one
        share = workers - 1 if workers > 1 else None
        self._idle: dict[str, FairPool] = {SPARQL: FairPool(share), INTERN: FairPool(None)}
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._closed = False
        # all processes at once: each loads the graph while the others start
        started = [
            self._warm.take(lane) for lane, count in ((SPARQL, workers), (INTERN, intern_workers)) for _ in range(count)
        ]
        for worker in started:
            worker.load(self._data)
        try:
            for worker in started:
                worker.wait_ready()
        except StratgraphError:
            for worker in started:
                worker.kill()
            os.unlink(self._data)
            raise
        for worker in started:
            self._all.append(worker)
            self._idle[worker.lane].put(worker)
        self._warm.refill()

    def _add(self, lane: str) -> None:
        if self._closed:
            return
        try:
            worker = self._warm.take(lane)
            worker.load(self._data)
            worker.wait_ready()
        except StratgraphError:
            if self._closed:  # a replacement that started while the runner closed: nothing to report
                return
            raise
        self._warm.refill()
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.append(worker)
        self._idle[lane].put(worker)

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
        threading.Thread(target=self._add, args=(worker.lane,), daemon=True).start()

    @property
    def pids(self) -> list[int]:
        with self._lock:
            return [w.process.pid for w in self._all if w.process.pid is not None]

    def analyse(self, text: str) -> bool:
        """Whether the query returns a graph; parsed in a worker under the time limit (for a remote store)."""
        _, payload, _ = self._ask({"text": text, "analyse_only": True}, SPARQL)
        return bool(payload)

    def run(self, job: QueryJob, lane: str = SPARQL) -> RunResult:
        """Run one query within the time limit and caps; raise QueryTimeout, QueryBusy, QueryOutOfMemory,
        NotAcceptable, EngineError, or the parser's MalformedQuery / ForbiddenQuery."""
        message = {
            "text": job.text,
            "result_format": job.result_format,
            "graph_format": job.graph_format,
            "default_graphs": list(job.default_graphs),
            "named_graphs": list(job.named_graphs),
            "row_cap": self.row_cap,
            "byte_cap": self.byte_cap,
            "base_iri": job.base_iri,
            "union": job.union_default,
        }
        _, payload, extra = self._ask(message, lane, job.client)
        truncated, returns_graph = extra
        return RunResult(payload, truncated, returns_graph)

    def _ask(self, message: dict[str, Any], lane: str, client: str = "") -> tuple[str, Any, Any]:
        deadline = time.monotonic() + self.timeout
        try:
            # a process that comes with less than 0.1 s left cannot run anything: stop waiting before, so the
            # reason (the address's own queries, or everyone's) is the one given
            worker = self._idle[lane].get(max(0.0, self.timeout - 0.1), client)
        except ShareInUse:
            raise TooManyQueries(
                "Zu viele Abfragen: die Abfrage-Prozesse, die einem Absender zustehen, waren die ganze Zeit mit "
                "dessen eigenen Abfragen belegt. Bitte kurz warten."
            ) from None
        except queue.Empty:
            raise QueryBusy("Alle Abfrage-Prozesse sind belegt; bitte später erneut versuchen.") from None
        try:
            return self._run_on(worker, message, lane, deadline)
        finally:
            self._idle[lane].release(client)

    def _run_on(self, worker: _Worker, message: dict[str, Any], lane: str, deadline: float) -> tuple[str, Any, Any]:
        from stratgraph.store.sparql import ForbiddenQuery, MalformedQuery

        if deadline - time.monotonic() < 0.1:  # no time left to run: keep the healthy process
            self._idle[lane].put(worker)
            raise QueryBusy("Alle Abfrage-Prozesse waren belegt; bitte später erneut versuchen.")
        try:
            worker.conn.send(message)
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                self._replace(worker)  # the only way to stop pyoxigraph mid-query
                raise QueryTimeout(f"Die Abfrage dauerte länger als {self.timeout:g} s und wurde abgebrochen.")
            status, payload, extra = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            worker.process.join(timeout=5)
            aborted = worker.process.exitcode == -signal.SIGABRT  # Rust aborts when an allocation fails
            self._replace(worker)
            if aborted:
                raise QueryOutOfMemory(self._memory_message()) from None
            raise QueryBusy("Der Abfrage-Prozess ist ausgefallen und wird neu gestartet.") from None
        if status == "memory":
            self._replace(worker)
            raise QueryOutOfMemory(self._memory_message())
        self._idle[lane].put(worker)
        if status == "error":
            raise EngineError(f"Die Abfrage ist fehlerhaft: {payload}")
        if status == "malformed":
            raise MalformedQuery(payload)
        if status == "forbidden":
            raise ForbiddenQuery(payload)
        if status == "unacceptable":
            raise NotAcceptable("ein Graph" if payload else "eine Ergebnistabelle")
        return status, payload, extra

    def _memory_message(self) -> str:
        return (
            f"Die Abfrage brauchte mehr Speicher, als ein Abfrage-Prozess haben darf ({self.memory} MiB), und "
            "wurde abgebrochen; bitte mit LIMIT oder engeren Mustern fragen."
        )

    def close(self, grace: float = 0.0) -> None:
        """Stop every worker; with ``grace``, first wait up to that long for queries still running to finish."""
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:  # bounded
            with self._lock:
                if sum(q.qsize() for q in self._idle.values()) >= len(self._all):
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
