"""The application factory: configures FastAPI and mounts the routers; the core does the work."""

from __future__ import annotations

import logging
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from rdflib import Graph
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from stratgraph import __version__
from stratgraph.api import (
    abdeckung,
    admin,
    bericht,
    downloads,
    fortschritt,
    iris,
    linkage,
    linkeddata,
    pages,
    pruefung,
    sparql,
    vergleich,
)
from stratgraph.api.cache import GZIP_FROM, Answer, linkage_key
from stratgraph.api.openapi import describe
from stratgraph.api.queries import mount_named_queries
from stratgraph.api.state import InService, Service, live_in, open_embedded
from stratgraph.api.status import RETRY_AFTER, STATUS, status_of
from stratgraph.config import Settings
from stratgraph.coverage.matrix import DIMENSIONS
from stratgraph.model.graph import load_turtle, turtle_files
from stratgraph.model.media import negotiate
from stratgraph.model.resolve import read_schemes
from stratgraph.store.named_queries import load_named_queries
from stratgraph.store.remote import RemoteRunner, RemoteStore
from stratgraph.store.runner import NotAcceptable, QueryRunner, WarmProcesses
from stratgraph.strategies.project import Project
from stratgraph.strategies.scopes import scopes

__all__ = ["create_app"]

EXPOSED = ["ETag", "Last-Modified", "Link", "X-Stratgraph-Truncated"]

log = logging.getLogger("stratgraph")


class CachedAnswers:
    """Sends a cached linkage answer before routing, so a repeated question costs what a constant costs.

    Only GET requests under /api/ whose exact path and query string were answered before are served here;
    everything else, including the first answer, goes through the app (and its checks) as usual.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and scope["path"].startswith("/api/"):
            caches = live_in(scope).caches
            answer = caches.linkage.get(linkage_key(scope)) if caches is not None else None
            if answer is not None:
                await self._send(scope, answer, send)
                return
        await self.app(scope, receive, send)

    @staticmethod
    async def _send(scope: Scope, answer: Answer, send: Send) -> None:
        headers = [(b"content-type", b"application/json")]
        body = answer.body
        if len(body) >= GZIP_FROM:
            headers.append((b"vary", b"Accept-Encoding"))
            accepted = b"".join(v for k, v in scope["headers"] if k == b"accept-encoding")
            if b"gzip" in accepted:
                body = answer.gzipped()
                headers.append((b"content-encoding", b"gzip"))
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuse request bodies over the limit (413) before reading them.

    Plain ASGI rather than ``@app.middleware("http")``: Starlette's BaseHTTPMiddleware costs every request an
    extra task and a copy of the stream.
    """

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        message = f"Anfrage zu groß (höchstens {self.max_body} Bytes)"
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await JSONResponse({"fehler": message}, 413)(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:  # a chunked body has no length up front: count while it is read
            nonlocal received
            event = await receive()
            received += len(event.get("body", b""))
            if received > self.max_body:
                raise HTTPException(413, message)  # answered by the app's handler for HTTP errors
            return event

        await self.app(scope, counted, send)


class PublicHost:
    """The Host header is never trusted: every request is seen with the configured public URL's scheme and host,
    so every URL Starlette builds (the trailing-slash redirect, for one) points there, and no cached answer can
    carry a client's host. With a public URL configured, other hosts are refused (400) — as Starlette's
    TrustedHostMiddleware does, with a German message — except loopback, the address a reverse proxy uses."""

    LOOPBACK = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})

    def __init__(self, app: ASGIApp, public_base: str, refuse_others: bool) -> None:
        self.app = app
        public = urlsplit(public_base)
        self.scheme, self.netloc = public.scheme, public.netloc
        self.server = (public.hostname or "127.0.0.1", public.port or (443 if public.scheme == "https" else 80))
        self.allowed = self.LOOPBACK | {public.hostname or ""} if refuse_others else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = [(k, v) for k, v in scope["headers"] if k != b"host"]
        if self.allowed is not None:
            given = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
            name = given.rsplit(":", 1)[0] if not given.endswith("]") else given
            if name.lower() not in self.allowed:
                await JSONResponse(
                    {"fehler": f"unbekannter Host „{given}“; dieser Dienst ist {self.scheme}://{self.netloc}"}, 400
                )(scope, receive, send)
                return
        headers.append((b"host", self.netloc.encode("latin-1")))
        await self.app({**scope, "scheme": self.scheme, "server": self.server, "headers": headers}, receive, send)


class NoSniff:
    """``X-Content-Type-Options: nosniff`` on every response — pages, JSON, downloads, errors, even a refused host —
    so no browser guesses a type other than the one we state."""

    HEADER = (b"x-content-type-options", b"nosniff")

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def marked(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() != self.HEADER[0]]
                message = {**message, "headers": [*headers, self.HEADER]}
            await send(message)

        await self.app(scope, receive, marked)


class HeadAsGet:
    """Answer HEAD like GET without the body (RFC 9110 §9.1: general-purpose servers support both); FastAPI
    routes know GET only. Link checkers and Linked Data clients ask HEAD for headers such as ETag and Link."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b""})
                return
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


# front-end packages from the npm registry (package-lock.json), installed by `make`: served, never fetched from a CDN
VENDOR = {
    "yasgui": "@zazuko/yasgui/build",
    "swagger-ui": "swagger-ui-dist",
    "redoc": "redoc/bundles",
}


# ReDoc shows its maker's logo from a CDN in every sidebar, with no option to leave it out: served with the
# address replaced by an empty image, which ReDoc hides, so no page of ours asks another host for anything
OFFLINE = {("redoc", "redoc.standalone.js"): (b"https://cdn.redoc.ly/redoc/logo-mini.svg", b"data:,")}


def mount_vendor(app: FastAPI, node_modules: Path) -> dict[str, bool]:
    """Serve each installed package under /vendor/<name>; the pages fall back where one is missing. Returns which
    are installed."""
    installed: dict[str, bool] = {}
    for name, folder in VENDOR.items():
        path = node_modules / folder
        if path.is_dir():
            for (package, file), (old, new) in OFFLINE.items():
                if package == name and (path / file).is_file():
                    body = (path / file).read_bytes().replace(old, new)
                    media = "text/javascript; charset=utf-8"
                    app.add_api_route(
                        f"/vendor/{name}/{file}", _fixed(body, media), include_in_schema=False, methods=["GET"]
                    )
            app.mount(f"/vendor/{name}", StaticFiles(directory=path), name=f"vendor-{name}")
            installed[name] = True
    return installed


def _fixed(body: bytes, media: str) -> Callable[[], Response]:
    def answer() -> Response:
        return Response(body, media_type=media, headers={"Cache-Control": "public, max-age=86400"})

    return answer


def _refusal(exc: Exception) -> str:
    if isinstance(exc, NotAcceptable):
        return f"Kein passendes Format: die Abfrage liefert {exc}, die Accept-Angabe erlaubt keines seiner Formate."
    return str(exc)


def wants_page(request: Request) -> bool:
    """A browser's request for anything but the API and the SPARQL protocol: its Accept puts text/html first."""
    if request.url.path.startswith(("/api/", "/sparql", "/admin")):
        return False
    return negotiate(request.headers.get("accept"), ["application/json", "text/html"]) == "text/html"


VALIDATION_WORDS = {
    "missing": "fehlt",
    "string_too_short": "ist zu kurz",
    "string_too_long": "ist zu lang",
    "string_pattern_mismatch": "hat nicht die erwartete Form",
    "int_parsing": "ist keine ganze Zahl",
    "greater_than_equal": "ist zu klein",
    "less_than_equal": "ist zu groß",
    "literal_error": "ist keiner der erlaubten Werte",
}


def _problem(error: Any) -> str:
    """A validation problem in German words, without the value."""
    return VALIDATION_WORDS.get(str(error.get("type", "")), "ist ungültig")


def create_app(settings: Settings, project: Project | None = None) -> FastAPI:
    """A service over the project the settings point to; the latest release is found or built at start.

    ``project`` is the already validated project (``stratgraph serve`` validates once, before the port opens);
    without it the app opens and validates the files itself at start.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.endpoint:  # a remote SPARQL store; it may be down now and come back later
            remote = RemoteStore(settings.endpoint, settings.query_timeout)
            # queries are parsed and checked in local processes (no graph), under the same time limit
            parser = QueryRunner(Graph(), settings.query_workers, settings.query_timeout, intern_workers=0)
            runner = RemoteRunner(remote, parser, settings.row_cap, settings.byte_cap)
            served.swap(InService(remote, runner, scopes(settings)))  # no caches, no index: every view asks it
        else:
            # with review accounts, decisions reload the graph: its query processes are started ahead
            spares = settings.query_workers + 1 if served.review is not None and served.review.enabled else 0
            served.warm = WarmProcesses(settings.worker_memory, spares)
            served.swap(open_embedded(settings, project, served.warm).in_service(settings))  # never non-conforming
        served.reloads = admin.Reloads(served, app, settings)
        try:
            served.releases = downloads.Releases(settings)
            served.releases.ensure(project, background=True)  # the first answers need no release
            with admin.reload_on_sighup(served.reloads):
                yield
        finally:
            served.current.runner.close()
            served.reloads.close()
            if served.warm is not None:
                served.warm.close()

    app = FastAPI(
        title="stratgraph",
        version=__version__,
        description="Städtische Strategien als Linked Open Data: benannte Abfragen, Downloads und Katalog.",
        lifespan=lifespan,
        docs_url=None,  # /docs and /redoc are pages of ours, with assets the service serves itself
        redoc_url=None,
    )
    ontology = load_turtle(turtle_files(settings.ontology))
    served = Service(
        settings=settings,
        schemes=read_schemes(ontology),  # the controlled values
        named_queries=load_named_queries(settings.queries),
        ontology=ontology,
        gate=sparql.Gate(settings.query_workers + settings.sparql_queue, settings.sparql_per_client),
    )
    app.state.service = served  # the one thing on app.state; handlers read it through state.service / state.live
    served.review = pruefung.ReviewDesk(settings, pruefung.read_accounts(settings))  # ConfigurationError: no start
    app.add_middleware(GZipMiddleware, minimum_size=1000)
    app.include_router(sparql.router)
    app.include_router(linkage.router)
    app.include_router(vergleich.router)
    app.include_router(fortschritt.router)
    app.include_router(fortschritt.pages)
    app.include_router(linkeddata.router)
    app.include_router(linkeddata.mount(settings.main_base, iris.published_iri))
    app.include_router(downloads.router)
    app.include_router(admin.router)
    app.include_router(pages.router)
    app.include_router(pruefung.router)
    app.include_router(bericht.router)
    app.include_router(abdeckung.router)
    app.include_router(iris.router)  # after the instance routes: the rest of the w3id prefix
    app.mount("/static", StaticFiles(directory=Path(__file__).resolve().parents[1] / "static"), name="static")
    served.vendor = mount_vendor(app, settings.root / "node_modules")

    app.add_middleware(BodyLimit, max_body=settings.max_body)
    app.add_middleware(CachedAnswers)  # a repeated linkage answer skips routing altogether
    # open data: any web page may read it (no credentials; the admin token header is not allowed cross-origin)
    app.add_middleware(HeadAsGet)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type"],
        expose_headers=EXPOSED,
    )
    if served.review.enabled:  # read-only by default: without accounts no session, no cookie
        key = settings.session_key
        if not key:
            key = secrets.token_urlsafe(32)
            log.warning("STRATGRAPH_SITZUNGSSCHLUESSEL fehlt: Sitzungen gelten nur bis zum nächsten Start")
        app.add_middleware(
            SessionMiddleware,
            secret_key=key,
            session_cookie=pruefung.SESSION_COOKIE,
            max_age=pruefung.SESSION_HOURS * 3600,
            same_site="strict",
            https_only=settings.public_base.startswith("https://"),
        )
    # outermost: a refused host gets no answer, not even a cached one
    app.add_middleware(PublicHost, public_base=settings.public_base, refuse_others=settings.public_url is not None)
    app.add_middleware(NoSniff)  # around everything, a refusal of the host included

    closed = {key: scheme.notations for key, scheme in served.schemes.items()}
    closed |= {"nach": list(DIMENSIONS), "wege": ["direkt", "alle"]}

    def openapi() -> dict[str, Any]:
        """FastAPI's description, with the closed values (read from the ontology) as enums of their parameters."""
        if app.openapi_schema is None:
            # the strategies here (a reload may add one); before the start, those of data/
            known = served.current.scopes if served.started else scopes(settings)
            strategies = {"stadt": sorted(known)}
            app.openapi_schema = describe(FastAPI.openapi(app), closed | strategies)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    mount_named_queries(app, served.named_queries)  # reads .rq headers only; the graph loads at start

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        headers = getattr(exc, "headers", None)
        if wants_page(request):  # a person with a browser gets a page, programs get JSON
            body = pages.render(request, "fehler.html", f"Fehler {exc.status_code}", message=str(exc.detail))
            return HTMLResponse(
                body, status_code=exc.status_code, headers={**(headers or {}), "Content-Security-Policy": pages.CSP}
            )
        return JSONResponse({"fehler": exc.detail}, status_code=exc.status_code, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        # each problem by parameter and kind, never the value itself (a value is the client's, echoed it could
        # carry anything into a page or a log)
        details = [
            {"parameter": ".".join(str(p) for p in e.get("loc", ())[1:]) or "Anfrage", "fehler": _problem(e)}
            for e in exc.errors()
        ]
        return JSONResponse({"fehler": "ungültige Anfrage", "details": details}, status_code=400)

    async def refuse(request: Request, exc: Exception) -> Response:
        status = status_of(exc)
        headers = {"Retry-After": RETRY_AFTER[status]} if status in RETRY_AFTER else None
        return await http_error(request, HTTPException(status, _refusal(exc), headers=headers))

    for kind in STATUS:  # the one table from the core's errors to statuses (api/status.py)
        app.add_exception_handler(kind, refuse)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:  # never a traceback to the client
        return JSONResponse({"fehler": "interner Fehler"}, status_code=500)

    return app
