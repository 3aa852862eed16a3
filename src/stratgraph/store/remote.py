"""A remote SPARQL 1.1 store reached through SPARQLWrapper, with the same interface as the embedded one.

``RemoteStore.select`` answers the named queries and the linkage API; ``RemoteRunner.run`` answers /sparql and
the Linked Data routes with the remote server's own serialisation. A store that is down gives
``StoreUnavailable`` (HTTP 503) on each request until it is back; nothing is cached from a failed attempt,
so the service recovers by itself. A store that accepts connections but does not answer (frozen, swapping) is
found by ``Health`` within seconds, not after the query timeout. ``load_graph`` pushes the graph through the
Graph Store Protocol.
"""

from __future__ import annotations

import json
import logging
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import wait as wait_for
from typing import Any

from rdflib import Graph
from rdflib.term import Node
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from stratgraph.errors import StratgraphError
from stratgraph.model.media import RDF_FORMATS, RESULT_FORMATS
from stratgraph.model.terms import to_rdflib
from stratgraph.store.embedded import Graphs
from stratgraph.store.runner import (
    SPARQL,
    AnswerTooLarge,
    EngineError,
    NotAcceptable,
    QueryBusy,
    QueryJob,
    QueryRunner,
    QueryTimeout,
    RunResult,
    fit,
)
from stratgraph.store.sparql import analyse, write_boolean, write_solutions

__all__ = ["RemoteRunner", "RemoteStore", "StoreUnavailable", "check_reachable", "load_graph"]

LOG = logging.getLogger("stratgraph.remote")
RESULT_MEDIA = {short: media for media, short in reversed(RESULT_FORMATS.items())}  # the first media type wins
GRAPH_MEDIA = {f.name: f.media for f in RDF_FORMATS}
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_BNODE_UNSAFE = re.compile(r"[^A-Za-z0-9_]")  # Virtuoso names blank nodes nodeID://b10001


def _ox_term(binding: dict[str, str]) -> Any:
    """A pyoxigraph term from a SPARQL JSON binding ("typed-literal" is the older name Virtuoso still writes)."""
    import pyoxigraph as ox

    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(_BNODE_UNSAFE.sub("_", value) or None)
    if "xml:lang" in binding:
        return ox.Literal(value, language=binding["xml:lang"])
    datatype = binding.get("datatype")
    if datatype == XSD_BOOLEAN and value in ("1", "0"):  # Virtuoso's forms of true and false: the same values
        value = "true" if value == "1" else "false"
    return ox.Literal(value, datatype=ox.NamedNode(datatype) if datatype else None)


class StoreUnavailable(QueryBusy):
    """The remote SPARQL store does not answer."""


UNREACHABLE = "Der SPARQL-Speicher ist nicht erreichbar; bitte später erneut versuchen."


class Health:
    """Whether the remote store answers at all.

    A call that has waited ``probe_after`` seconds has the store asked a trivial question (``ASK {}``) with a
    short timeout. No answer marks the store down: that call and every later one fail at once (503) instead of
    each waiting the full query timeout, and every ``retry`` seconds one call probes again. One probe at a
    time; calls that wait meanwhile share its result. A slow query on a live store is not affected.
    """

    def __init__(
        self,
        probe: Callable[[], bool],
        probe_after: float = 1.0,
        retry: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._probe, self.probe_after, self.retry, self._clock = probe, probe_after, retry, clock
        self._lock = threading.Lock()
        self._checked = float("-inf")  # when the last probe ended
        self._answered = True  # what it said (down: it did not answer)

    @property
    def down(self) -> bool:
        return not self._answered

    def _fresh(self, within: float) -> bool:
        """The last probe's answer, or a new probe when that is older than ``within`` seconds."""
        with self._lock:
            if self._clock() - self._checked > within:
                answered = self._probe()
                self._checked = self._clock()
                if answered != self._answered:
                    LOG.warning("SPARQL-Speicher %s", "antwortet wieder" if answered else "antwortet nicht")
                self._answered = answered
            return self._answered

    def admit(self) -> None:
        """Before a call: while the store is down, refuse at once unless a new probe is due and succeeds."""
        if self.down and not self._fresh(self.retry):
            raise StoreUnavailable(UNREACHABLE)

    def alive(self) -> bool:
        """During a call that waits long: does the store still answer anything?"""
        return self._fresh(self.probe_after)


class RemoteStore:
    """SELECT and CONSTRUCT through SPARQLWrapper; nothing of the store's content is kept between requests."""

    def __init__(self, endpoint: str, timeout: float = 10.0, probe_timeout: float = 2.0) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self.probe_timeout = min(probe_timeout, timeout)
        self.health = Health(self._answers)
        # the calls wait here, so a waiting call can probe; a call given up on ends at its own socket timeout
        self._calls = ThreadPoolExecutor(max_workers=64, thread_name_prefix="sparql-speicher")

    def _answers(self) -> bool:
        """Does the store answer ``ASK {}`` within the probe timeout (any HTTP answer counts)?"""
        request = urllib.request.Request(
            self.endpoint,
            data=urllib.parse.urlencode({"query": "ASK {}"}).encode(),
            headers={"Accept": "application/sparql-results+json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.probe_timeout) as response:
                response.read(1024)
            return True
        except urllib.error.HTTPError:
            return True
        except (urllib.error.URLError, OSError, ValueError):
            return False

    def _wrapper(self, query: str, media: str | None = None, graphs: Graphs = ()) -> SPARQLWrapper:
        sparql = SPARQLWrapper(self.endpoint)
        for graph in graphs:  # the protocol's default-graph-uri: the query sees these graphs merged
            sparql.addDefaultGraph(graph)
        sparql.setMethod(POST)
        sparql.setQuery(query)
        sparql.setTimeout(max(1, int(self.timeout)))
        # content negotiation only: SPARQLWrapper otherwise adds format=, output= and results= parameters, and
        # Virtuoso obeys format= over Accept (format=xml for a CONSTRUCT asked as N-Triples: 406)
        sparql.setOnlyConneg(True)
        if media:
            sparql.addCustomHttpHeader("Accept", media)
        return sparql

    def _call(self, action: Callable[[], Any]) -> Any:
        self.health.admit()
        call = self._calls.submit(action)
        if not wait_for([call], timeout=self.health.probe_after).done and not self.health.alive():
            raise StoreUnavailable(UNREACHABLE)
        try:
            return call.result(timeout=self.timeout + 1)  # the socket's own timeout ends it first
        except TimeoutError as exc:
            raise QueryTimeout(f"Der SPARQL-Speicher antwortete nicht innerhalb von {self.timeout:g} s.") from exc
        except urllib.error.HTTPError as exc:
            raise EngineError(f"Der SPARQL-Speicher lehnte die Abfrage ab (HTTP {exc.code}).") from None
        except (urllib.error.URLError, ConnectionError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError | socket.timeout):
                raise QueryTimeout(f"Der SPARQL-Speicher antwortete nicht innerhalb von {self.timeout:g} s.") from None
            # the store's address is the operator's business, not the client's (it goes to the log)
            LOG.warning("SPARQL-Speicher %s nicht erreichbar: %s", self.endpoint, reason)
            raise StoreUnavailable(UNREACHABLE) from None
        except SPARQLWrapperException as exc:
            raise EngineError(f"Die Abfrage ist fehlerhaft: {str(exc).splitlines()[0]}") from None

    def close(self) -> None:
        """Stop waiting for calls still under way (each ends at its socket timeout)."""
        self._calls.shutdown(wait=False, cancel_futures=True)

    def select(self, query: str, graphs: Graphs = ()) -> list[dict[str, Node]]:
        """Rows of a SELECT query, like EmbeddedStore.select."""
        sparql = self._wrapper(query, graphs=graphs)
        sparql.setReturnFormat(JSON)
        raw = self._call(lambda: sparql.query().response.read())
        try:
            data = json.loads(raw)
        except ValueError:  # e.g. oxigraph serve cuts its answer off at its own timeout and still says 200
            raise QueryTimeout("Der SPARQL-Speicher brach die Abfrage ab (unvollständige Antwort).") from None
        # one reading of the JSON terms for both paths; a plain string comes back without xsd:string, as embedded
        bindings = data["results"]["bindings"]
        return [{k: t for k, v in row.items() if (t := to_rdflib(_ox_term(v))) is not None} for row in bindings]

    def construct(self, query: str, graphs: Graphs = ()) -> Graph:
        """The graph a CONSTRUCT query builds, read as N-Triples from the server (no copy is kept)."""
        sparql = self._wrapper(query, "application/n-triples", graphs)
        raw = self._call(lambda: sparql.query().response.read())
        try:
            return Graph().parse(data=raw.decode("utf-8"), format="nt")
        except Exception:  # rdflib raises several parser errors; a store that cut its answer off is the usual cause
            raise QueryTimeout("Der SPARQL-Speicher brach die Abfrage ab (unvollständige Antwort).") from None


class RemoteRunner:
    """The query runner for a remote store: checks the query in a local parser process, forwards it and
    returns the server's bytes, cut to the row and byte caps."""

    def __init__(self, store: RemoteStore, parser: QueryRunner, row_cap: int = 10_000, byte_cap: int = 16 * 2**20):
        self.store = store
        self.parser = parser  # runs rdflib's parser in its processes, under the time limit
        self.timeout = store.timeout
        self.row_cap = row_cap
        self.byte_cap = byte_cap

    def run(self, job: QueryJob, lane: str = SPARQL) -> RunResult:
        """Run one query on the store; base IRI and default graph are the remote server's own business."""
        # the parsed form decides, as for the embedded store; the service's own queries need no parser process
        is_graph = self.parser.analyse(job.text) if lane == SPARQL else analyse(job.text).returns_graph
        chosen = job.graph_format if is_graph else job.result_format
        if chosen is None:
            raise NotAcceptable("ein Graph" if is_graph else "eine Ergebnistabelle")
        # a table is always asked for as JSON and written by our own writer, as on the embedded store: stores
        # differ in the details of the other formats (Virtuoso's TSV header has "n" for ?n, its ASK head a "link")
        media = GRAPH_MEDIA[chosen] if is_graph else RESULT_MEDIA["json"]
        sparql = self.store._wrapper(job.text, media)
        for graph in job.default_graphs:
            sparql.addDefaultGraph(graph)
        for graph in job.named_graphs:
            sparql.addNamedGraph(graph)
        # read at most a few times the byte cap: the rest of a huge answer is never held
        body: bytes = self.store._call(lambda: sparql.query().response.read(4 * self.byte_cap + 1))
        if is_graph:
            if len(body) > self.byte_cap:
                raise AnswerTooLarge(self._too_large())
            return RunResult(body, None, True)
        if len(body) > 4 * self.byte_cap:
            raise AnswerTooLarge(self._too_large())
        try:
            data = json.loads(body)  # oxigraph serve answers 200 with cut-off JSON when its timeout hits
            if "boolean" in data:
                return RunResult(write_boolean(bool(data["boolean"]), chosen), None)
            names = list(data["head"]["vars"])
            rows = [[_ox_term(row[n]) if n in row else None for n in names] for row in data["results"]["bindings"]]
        except (ValueError, KeyError, TypeError):
            raise QueryTimeout("Der SPARQL-Speicher brach die Abfrage ab (unvollständige Antwort).") from None
        kept = rows[: self.row_cap]
        out, cut = fit(lambda n: write_solutions(names, kept[:n], chosen), len(kept), self.byte_cap)
        return RunResult(out, "Bytes" if cut else "Zeilen" if len(rows) > self.row_cap else None)

    def _too_large(self) -> str:
        return (
            f"Die Antwort ist größer als {self.byte_cap} Bytes; bitte mit LIMIT fragen oder als JSON-Ergebnistabelle "
            "(die wird an der Grenze abgeschnitten)."
        )

    def close(self) -> None:
        """Stop the parser processes; the remote server lives on its own."""
        self.parser.close()
        self.store.close()


def check_reachable(url: str, timeout: float = 5.0) -> None:
    """Raise StratgraphError unless a server answers at ``url`` (any HTTP status counts): a cheap check before the
    expensive steps of ``stratgraph load``."""
    if not url.startswith(("http://", "https://")):
        raise StratgraphError(f"„{url}“ ist keine http(s)-Adresse.")
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=timeout):
            pass
    except urllib.error.HTTPError:
        return  # it answered
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise StratgraphError(f"Der Speicher {url} ist nicht erreichbar: {getattr(exc, 'reason', exc)}") from None


def load_graph(
    graph: Graph,
    store_url: str,
    chunk_lines: int = 2000,
    progress: Callable[[int, int], None] | None = None,
    parts: Sequence[tuple[str, Graph]] = (),
) -> int:
    """Replace the default graph at a Graph Store Protocol endpoint with ``graph`` and each named graph of
    ``parts`` with its part, in chunks; returns the triples sent to the default graph.

    The default graph holds everything, so a store without a union default graph answers like the embedded
    one; the parts give ``GRAPH`` and ``FROM NAMED`` the same named graphs as there.
    """
    targets = [("default", graph)] + [("graph=" + urllib.parse.quote(name, safe=""), part) for name, part in parts]
    plan = []
    for selector, part in targets:
        lines = sorted(part.serialize(format="nt").splitlines(keepends=True))
        chunks = [lines[i : i + chunk_lines] for i in range(0, len(lines), chunk_lines)] or [[]]
        plan += [(selector, number, chunk) for number, chunk in enumerate(chunks)]
    for done, (selector, number, chunk) in enumerate(plan, 1):
        request = urllib.request.Request(
            store_url + ("&" if "?" in store_url else "?") + selector,
            data="".join(chunk).encode("utf-8"),
            method="PUT" if number == 0 else "POST",
            headers={"Content-Type": "application/n-triples"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            raise StratgraphError(f"Der Speicher lehnte das Laden ab (HTTP {exc.code}): {exc.read()[:200]!r}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise StratgraphError(
                f"Der Speicher {store_url} ist nicht erreichbar: {getattr(exc, 'reason', exc)}"
            ) from None
        if progress is not None:
            progress(done, len(plan))
    return len(graph)
