"""The SPARQL 1.1 Protocol endpoint at /sparql: read-only, no federation, time-limited, row-capped."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import parse_qs

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from stratgraph.api.state import live, service
from stratgraph.model.media import GRAPH_FORMATS, RESULT_FORMATS, content_type, negotiate
from stratgraph.store.remote import RemoteRunner
from stratgraph.store.runner import QueryJob, QueryRunner

__all__ = ["router"]

router = APIRouter(tags=["SPARQL"])


def _limits(runner: QueryRunner | RemoteRunner) -> str:
    return (
        f"Nur lesend: SPARQL Update und SERVICE werden abgelehnt; Zeitlimit {runner.timeout:g} s, "
        f"höchstens {runner.row_cap} Ergebniszeilen und {runner.byte_cap} Bytes je Antwort."
    )


def _service_description(request: Request, runner: QueryRunner | RemoteRunner) -> str:
    endpoint = service(request).settings.public_base + "/sparql"
    formats = "\n".join(
        f"    sd:resultFormat <http://www.w3.org/ns/formats/{name}> ;"
        for name in (
            "SPARQL_Results_JSON",
            "SPARQL_Results_XML",
            "SPARQL_Results_CSV",
            "SPARQL_Results_TSV",
            "Turtle",
            "N-Triples",
            "JSON-LD",
            "RDF_XML",
        )
    )
    # Only what is true: SPARQL 1.1 Query (no Update, no federation), these formats, one default graph.
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix dct: <http://purl.org/dc/terms/> .

<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
{formats}
    dct:description "{_limits(runner)}"@de .
"""


class Gate:
    """Fair use of /sparql: at most ``capacity`` queries in the service at once (running or waiting for a
    process) and at most ``per_client`` of them from one client address; beyond either, 429 at once.

    It lives on the event loop (one thread), so plain counters suffice.
    """

    def __init__(self, capacity: int, per_client: int) -> None:
        self.capacity, self.per_client = capacity, per_client
        self.active = 0
        self.clients: Counter[str] = Counter()

    @contextmanager
    def enter(self, client: str) -> Iterator[None]:
        if self.active >= self.capacity or self.clients[client] >= self.per_client:
            mine = self.clients[client] >= self.per_client
            reason = (
                f"höchstens {self.per_client} Abfragen je Absender gleichzeitig"
                if mine
                else f"höchstens {self.capacity} Abfragen gleichzeitig (laufend oder wartend)"
            )
            raise HTTPException(429, f"Zu viele Abfragen: {reason}. Bitte kurz warten.", headers={"Retry-After": "2"})
        self.active += 1
        self.clients[client] += 1
        try:
            yield
        finally:
            self.active -= 1
            self.clients[client] -= 1
            if not self.clients[client]:
                del self.clients[client]


def gate(request: Request) -> Gate:
    return service(request).gate


async def _execute(
    request: Request, query: str, default_graphs: list[str], named_graphs: list[str], *, in_url: bool = False
) -> Response:
    settings = service(request).settings
    for name, values in (("default-graph-uri", default_graphs), ("named-graph-uri", named_graphs)):
        check_graph_iris(name, values)  # before anything reaches a query process
    size = len(query.encode("utf-8"))
    if size > settings.max_query:
        # a query in the URL is refused as a too long URI (414), one in the body as a too large body (413)
        where = "in der Adresse" if in_url else "im Body"
        raise HTTPException(
            414 if in_url else 413,
            f"Die Abfrage {where} ist {size} Bytes lang; erlaubt sind höchstens {settings.max_query} Bytes.",
        )
    accept = request.headers.get("accept")
    solutions, graph = negotiate(accept, RESULT_FORMATS), negotiate(accept, GRAPH_FORMATS)
    if solutions is None and graph is None:
        raise HTTPException(406, "Kein passendes Format; angeboten: " + ", ".join([*RESULT_FORMATS, *GRAPH_FORMATS]))
    # The embedded graph changes only by a reload, which empties this cache; the cache is read before the
    # runner so an answer of a replaced graph cannot land in the new cache. A remote store gets no cache.
    in_service = live(request)
    cache = in_service.caches.sparql if in_service.caches is not None else None
    runner = in_service.runner
    key = (query, solutions, graph, tuple(default_graphs), tuple(named_graphs))
    result = cache.get(key) if cache is not None else None
    if result is None:
        job = QueryJob(
            query,
            result_format=RESULT_FORMATS[solutions] if solutions else None,
            graph_format=GRAPH_FORMATS[graph] if graph else None,
            default_graphs=tuple(default_graphs),
            named_graphs=tuple(named_graphs),
            base_iri=service(request).settings.public_base + "/sparql",  # one base for all: cache-safe
            union_default=not (default_graphs or named_graphs),
            client=request.client.host if request.client else "unbekannt",  # the fair share of the processes
        )
        client = job.client
        with gate(request).enter(client):
            result = await run_in_threadpool(runner.run, job)  # parsing, checks and the query: in a worker
        if cache is not None:
            cache.put(key, result, len(result.body) + len(query))
    media = graph if result.returns_graph else solutions
    assert media is not None  # the worker refuses a form without an accepted format (NotAcceptable)
    headers = {"Vary": "Accept"}
    if result.truncated == "Zeilen":
        headers["X-Stratgraph-Truncated"] = f"Zeilen: Ergebnis nach {runner.row_cap} Zeilen abgeschnitten"
    elif result.truncated == "Bytes":
        headers["X-Stratgraph-Truncated"] = f"Bytes: Ergebnis bei {runner.byte_cap} Bytes abgeschnitten"
    return Response(result.body, media_type=content_type(media), headers=headers)


# an absolute IRI (RFC 3987: a scheme, then no space, control character, quote, angle bracket or brace)
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|\\^`\x7f]*")
MAX_GRAPHS = 100


def check_graph_iris(name: str, values: list[str]) -> None:
    """The dataset parameters as the protocol means them: absolute IRIs, at most ``MAX_GRAPHS``; 400 naming the
    parameter (never echoing the value), so a malformed one never reaches — or replaces — a query process."""
    if len(values) > MAX_GRAPHS:
        raise HTTPException(400, f"Parameter „{name}“: höchstens {MAX_GRAPHS} Graphen")
    for value in values:
        if len(value) > 2048 or not _IRI.fullmatch(value):
            raise HTTPException(
                400,
                f"Parameter „{name}“: kein gültiger IRI (absolut, etwa https://…, ohne Leerzeichen, Steuerzeichen, "
                "Anführungszeichen oder spitze Klammern)",
            )


def _single(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise HTTPException(400, f"Parameter „{name}“ darf nur einmal vorkommen")
    return values[0] if values else None


_GRAPHS = [
    {"name": name, "in": "query", "required": False, "schema": {"type": "array", "items": {"type": "string"}}}
    for name in ("default-graph-uri", "named-graph-uri")
]
_QUERY = {"type": "string", "minLength": 1, "description": "SPARQL-1.1-Abfrage (SELECT, ASK, CONSTRUCT, DESCRIBE)"}


@router.get(
    "/sparql",
    name="sparql_get",
    summary="SPARQL-1.1-Abfrage per GET; ohne query die Dienstbeschreibung",
    openapi_extra={"parameters": [{"name": "query", "in": "query", "required": False, "schema": _QUERY}, *_GRAPHS]},
)
async def sparql_get(request: Request) -> Response:
    params = request.query_params
    if "update" in params:
        raise HTTPException(403, "SPARQL Update ist hier nicht erlaubt; der Dienst ist nur lesend.")
    query = _single(params.getlist("query"), "query")
    if query is None:
        media = negotiate(request.headers.get("accept"), ["text/turtle", "text/html"])
        if media == "text/html":  # a person with a browser: the query page with the editor
            return RedirectResponse("/abfrage", status_code=303)
        return Response(
            _service_description(request, live(request).runner).encode(),
            media_type="text/turtle",
            headers={"Vary": "Accept"} if media else {},
        )
    return await _execute(
        request, query, params.getlist("default-graph-uri"), params.getlist("named-graph-uri"), in_url=True
    )


@router.options("/sparql", include_in_schema=False)
async def sparql_options() -> Response:
    return Response(status_code=204, headers={"Allow": "GET, HEAD, POST, OPTIONS"})


@router.post(
    "/sparql",
    summary="SPARQL-1.1-Abfrage per POST (Formular oder application/sparql-query)",
    openapi_extra={
        "parameters": _GRAPHS,
        "requestBody": {
            "required": True,
            "content": {
                "application/sparql-query": {"schema": _QUERY},
                "application/x-www-form-urlencoded": {
                    "schema": {"type": "object", "required": ["query"], "properties": {"query": _QUERY}}
                },
            },
        },
    },
)
async def sparql_post(request: Request) -> Response:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    url_params = request.query_params
    if not content_type:
        raise HTTPException(
            400, "POST braucht einen Content-Type (application/x-www-form-urlencoded oder application/sparql-query)"
        )
    if content_type == "application/sparql-update" or "update" in url_params:
        raise HTTPException(403, "SPARQL Update ist hier nicht erlaubt; der Dienst ist nur lesend.")
    if content_type == "application/x-www-form-urlencoded":
        try:
            form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
        except UnicodeDecodeError:
            raise HTTPException(400, "Formular ist nicht UTF-8") from None
        if "update" in form:
            raise HTTPException(403, "SPARQL Update ist hier nicht erlaubt; der Dienst ist nur lesend.")
        query = _single(form.get("query", []) + url_params.getlist("query"), "query")
        if query is None:
            raise HTTPException(400, "Parameter „query“ fehlt")
        return await _execute(request, query, form.get("default-graph-uri", []), form.get("named-graph-uri", []))
    if content_type == "application/sparql-query":
        if "query" in url_params:
            raise HTTPException(400, "Bei application/sparql-query steht die Abfrage im Body, nicht im Parameter query")
        try:
            query = body.decode("utf-8")
        except UnicodeDecodeError:
            raise HTTPException(400, "Abfrage ist nicht UTF-8") from None
        return await _execute(
            request, query, url_params.getlist("default-graph-uri"), url_params.getlist("named-graph-uri")
        )
    raise HTTPException(415, f"Content-Type {content_type} wird nicht unterstützt")
