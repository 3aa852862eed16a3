"""The SPARQL 1.1 Protocol endpoint at /sparql: read-only, no federation, time-limited, row-capped."""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from ..media import GRAPH_FORMATS, RESULT_FORMATS, content_type, negotiate
from ..runner import EngineError, QueryJob, QueryRunner, RunResult
from ..sparql import ForbiddenQuery, MalformedQuery, analyse
from .cache import AnswerCache

__all__ = ["router"]

router = APIRouter(tags=["SPARQL"])


def _limits(runner: QueryRunner) -> str:
    return (
        f"Nur lesend: SPARQL Update und SERVICE werden abgelehnt; Zeitlimit {runner.timeout:g} s, "
        f"höchstens {runner.row_cap} Ergebniszeilen."
    )


def _service_description(request: Request, runner: QueryRunner) -> str:
    endpoint = str(request.url_for("sparql_get"))
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


async def _execute(request: Request, query: str, default_graphs: list[str], named_graphs: list[str]) -> Response:
    # The embedded graph changes only by a reload, which empties this cache; the cache is read before the
    # runner so an answer of a replaced graph cannot land in the new cache. A remote store gets no cache.
    cache: AnswerCache[RunResult] | None = getattr(request.app.state, "sparql_cache", None)
    runner: QueryRunner = request.app.state.runner
    try:
        info = analyse(query)
    except MalformedQuery as exc:
        raise HTTPException(400, str(exc)) from None
    except ForbiddenQuery as exc:
        raise HTTPException(403, str(exc)) from None
    offered = GRAPH_FORMATS if info.returns_graph else RESULT_FORMATS
    media = negotiate(request.headers.get("accept"), offered)
    if media is None:
        raise HTTPException(406, "Kein passendes Format; angeboten: " + ", ".join(offered))
    key = (query, media, tuple(default_graphs), tuple(named_graphs))
    try:
        result = cache.get(key) if cache is not None else None
        if result is None:
            job = QueryJob(
                query,
                result_format=offered[media] if not info.returns_graph else "json",
                graph_format=offered[media] if info.returns_graph else "turtle",
                default_graphs=tuple(default_graphs),
                named_graphs=tuple(named_graphs),
                base_iri=str(request.url_for("sparql_get")),
                union_default=not (default_graphs or named_graphs or info.from_graphs or info.from_named),
            )
            result = await run_in_threadpool(runner.run, job)
            if cache is not None:
                cache.put(key, result, len(result.body) + len(query))
    except EngineError as exc:
        raise HTTPException(400, str(exc)) from None
    headers = {"Vary": "Accept"}
    if result.truncated:
        headers["X-Stratgraph-Truncated"] = f"Ergebnis nach {runner.row_cap} Zeilen abgeschnitten"
    return Response(result.body, media_type=content_type(media), headers=headers)


def _single(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise HTTPException(400, f"Parameter „{name}“ darf nur einmal vorkommen")
    return values[0] if values else None


@router.get("/sparql", name="sparql_get", summary="SPARQL-1.1-Abfrage per GET; ohne query die Dienstbeschreibung")
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
            _service_description(request, request.app.state.runner).encode(),
            media_type="text/turtle",
            headers={"Vary": "Accept"} if media else {},
        )
    return await _execute(request, query, params.getlist("default-graph-uri"), params.getlist("named-graph-uri"))


@router.post("/sparql", summary="SPARQL-1.1-Abfrage per POST (Formular oder application/sparql-query)")
async def sparql_post(request: Request) -> Response:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    url_params = request.query_params
    if not content_type:
        raise HTTPException(
            400, "POST braucht einen Content-Type (application/x-www-form-urlencoded oder application/sparql-query)"
        )
    if content_type == "application/sparql-update":
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
