"""Reloading the graph from the files while the service runs (docs/betrieb.md, „Reloading“).

``POST /admin/reload`` (with ``Authorization: Bearer $STRATGRAPH_ADMIN_TOKEN``) or SIGHUP to the server process
parse and validate ontology/, data/ and shapes/ again. Only a graph that parses and conforms replaces the one
in service — the shapes make the graph's completeness a rule (shapes/<stadt>/vollstaendigkeit.ttl) — and one that lost
more than ``STRATGRAPH_RELOAD_MAX_LOSS`` of the resources in service is refused unless forced
(``?erzwingen=true``; SIGHUP never forces). On any failure the previous graph keeps answering and the reason is
reported. Queries still running on the old graph finish before its worker processes stop. Named queries and
routes are read at start; published releases (/download) change only with ``stratgraph release``.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, HTTPException, Query, Request

from stratgraph.api.state import Service, open_embedded, service
from stratgraph.config import Settings
from stratgraph.errors import StratgraphError
from stratgraph.model.answers import Neuladen

__all__ = ["Reloads", "data_files", "reload_on_sighup", "router"]

router = APIRouter(prefix="/admin", tags=["Verwaltung"])
log = logging.getLogger("stratgraph")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class ReloadError(StratgraphError):
    """A reload that cannot start (HTTP 409) or whose files are not fit to serve (HTTP 422)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class Reloads:
    """Swaps the embedded store and its query workers for freshly loaded ones, one reload at a time."""

    def __init__(self, service: Service, app: FastAPI, settings: Settings) -> None:
        self.service = service
        self.app = app  # its OpenAPI description names the strategies: made anew after a reload
        self.settings = settings
        self._lock = threading.Lock()
        self._retiring: list[threading.Thread] = []
        self.in_service: dict[str, Any] = {"geladen": _now(), "ressourcen": service.current.resources}
        self.last: Neuladen | None = None
        self.files = data_files(settings)  # what the graph in service was read from

    def reload(self, force: bool = False, wait: bool = False) -> Neuladen:
        """Load, validate and swap; raise ReloadError and keep the graph in service when anything fails.

        A graph that conforms but has lost more than ``reload_max_loss`` of the resources in service (a data
        file moved away, a half-copied folder) is refused too, unless ``force``.

        ``wait``: a reload already running is waited for instead of refused (a review decision must become
        visible, and the reload after it must read the file it wrote)."""
        if self.settings.endpoint:
            raise ReloadError(409, "Der Dienst liest einen entfernten Speicher; ihn lädt „stratgraph load“.")
        if not self._lock.acquire(blocking=wait):
            raise ReloadError(409, "Ein Neuladen läuft bereits.")
        try:
            files = data_files(self.settings)
            vanished = sorted(self.files - files)
            if vanished and not force:  # a file moved away loses its triples though the rest conforms
                message = (
                    f"Seit dem letzten Laden fehlen {len(vanished)} Datei(en) in data/: {', '.join(vanished)}. "
                    "Gewollt: erneut mit erzwingen=true."
                )
                self.last = Neuladen(status="abgelehnt", zeit=_now(), fehler=message)
                log.warning("Neuladen abgelehnt, der bisherige Graph bleibt in Betrieb: %s", message)
                raise ReloadError(422, message)
            try:
                loaded = open_embedded(self.settings, warm=self.service.warm)
            except StratgraphError as exc:
                self.last = Neuladen(status="fehlgeschlagen", zeit=_now(), fehler=str(exc))
                log.warning("Neuladen fehlgeschlagen, der bisherige Graph bleibt in Betrieb: %s", exc)
                raise ReloadError(422, str(exc)) from None
            before = self.in_service.get("ressourcen")
            if before and not force and loaded.resources < before * (1 - self.settings.reload_max_loss):
                loaded.runner.close()
                loss = 1 - loaded.resources / before
                message = (
                    f"Der neue Graph hat {loaded.resources} statt {before} Ressourcen (−{loss:.0%}, erlaubt sind "
                    f"höchstens −{self.settings.reload_max_loss:.0%}); fehlt eine Datei? "
                    "Gewollt: erneut mit erzwingen=true."
                )
                self.last = Neuladen(status="abgelehnt", zeit=_now(), fehler=message)
                log.warning("Neuladen abgelehnt, der bisherige Graph bleibt in Betrieb: %s", message)
                raise ReloadError(422, message)
            # one assignment: a request sees the old graph (store, strategies, index, caches) or the new one
            old = self.service.swap(loaded.in_service(self.settings))
            self.app.openapi_schema = None  # its enum of strategies is built anew
            assert old is not None  # a reload follows the start
            retire = threading.Thread(
                target=old.runner.close, kwargs={"grace": self.settings.query_timeout + 1}, daemon=True
            )
            retire.start()
            self._retiring.append(retire)
            self.in_service = {"geladen": _now(), "tripel": loaded.triples, "ressourcen": loaded.resources}
            self.files = files
            self.last = Neuladen(status="neu geladen", zeit=self.in_service["geladen"], tripel=loaded.triples)
            log.info("Graph neu geladen: %d Tripel", loaded.triples)
            return self.last
        finally:
            self._lock.release()

    def close(self) -> None:
        for thread in self._retiring:
            thread.join(timeout=self.settings.query_timeout + 5)


def data_files(settings: Settings) -> set[str]:
    """Every Turtle file of data/ (the shared ones and each strategy's), as ``<stadt>/<datei>`` or ``<datei>``."""
    folder = settings.data
    if not folder.is_dir():
        return set()
    return {str(p.relative_to(folder)) for p in folder.glob("*.ttl")} | {
        str(p.relative_to(folder)) for p in folder.glob("*/*.ttl")
    }


@contextmanager
def reload_on_sighup(reloads: Reloads) -> Iterator[None]:
    """While the service runs, SIGHUP reloads the graph (only where the loop may own signals: the main thread)."""
    loop = asyncio.get_running_loop()

    tasks: set[asyncio.Task[None]] = set()

    def on_hangup() -> None:
        async def run() -> None:
            with contextlib.suppress(ReloadError):  # logged; the previous graph stays in service
                await asyncio.to_thread(reloads.reload)

        task = loop.create_task(run())
        tasks.add(task)  # keep a reference until it is done
        task.add_done_callback(tasks.discard)

    try:
        loop.add_signal_handler(signal.SIGHUP, on_hangup)
        installed = True
    except (RuntimeError, ValueError, NotImplementedError, AttributeError):  # not the main thread, or no SIGHUP
        installed = False
    try:
        yield
    finally:
        if installed:
            loop.remove_signal_handler(signal.SIGHUP)


def _authorised(request: Request) -> None:
    token = service(request).settings.admin_token
    if not token:
        raise HTTPException(403, "Neu laden über HTTP ist abgeschaltet (STRATGRAPH_ADMIN_TOKEN setzen).")
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
        raise HTTPException(401, "Zugangsschlüssel fehlt oder ist falsch.", headers={"WWW-Authenticate": "Bearer"})


@router.post(
    "/reload",
    summary="Graph aus den Dateien neu laden; schlägt es fehl, bleibt der bisherige Graph in Betrieb",
    responses={401: {}, 403: {}, 409: {}, 422: {}},
    response_model=Neuladen,
    response_model_exclude_none=True,
)
async def reload(
    request: Request,
    erzwingen: Annotated[bool, Query(description="auch einen Graphen, der viele Ressourcen verloren hat")] = False,
) -> Neuladen:
    _authorised(request)
    reloads = service(request).reloads
    if reloads is None:
        raise HTTPException(503, "Der Dienst startet noch.")
    try:
        # parsing and SHACL take seconds: off the event loop
        return await asyncio.to_thread(reloads.reload, erzwingen)
    except ReloadError as exc:
        detail = str(exc)
        if exc.status == 422:
            detail += f" – in Betrieb bleibt der Graph vom {reloads.in_service['geladen']}."
        raise HTTPException(exc.status, detail) from None
