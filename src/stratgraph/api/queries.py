"""The query folder is the API: each ``queries/*.rq`` becomes ``GET /api/queries/{name}`` (grlc style).

Routes are generated from the named queries at app creation, so the OpenAPI description lists each question with its
parameters, defaults and allowed values; the values are bound as RDF terms (see ``stratgraph.named_queries``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from stratgraph.api.scope import STADT_PARAMETER, scoped_store
from stratgraph.model.answers import Abfrage
from stratgraph.model.media import content_type, negotiate
from stratgraph.model.tabular import csv_text
from stratgraph.store.embedded import QueryError, Store
from stratgraph.store.named_queries import NamedQuery, bind_parameters, render_query
from stratgraph.store.runner import EngineError

__all__ = ["mount_named_queries"]

PAGE_DEFAULT, PAGE_MAX = 100, 10_000
RESERVED = {"limit", "offset", "format", "stadt"}


def _json_term(term: Node) -> dict[str, str]:
    """A term as in the SPARQL 1.1 JSON results format."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None:
        out["datatype"] = str(term.datatype)
    return out


def _variables(query: NamedQuery, rows: list[dict[str, Node]]) -> list[str]:
    seen: list[str] = []
    for row in rows:
        for name in row:
            if name not in seen:
                seen.append(name)
    return seen


def _page(request: Request) -> tuple[int, int]:
    try:
        limit = int(request.query_params.get("limit", PAGE_DEFAULT))
        offset = int(request.query_params.get("offset", 0))
    except ValueError:
        raise HTTPException(400, "limit und offset müssen ganze Zahlen sein") from None
    if not 1 <= limit <= PAGE_MAX or offset < 0:
        raise HTTPException(400, f"limit muss zwischen 1 und {PAGE_MAX} liegen, offset ab 0")
    return limit, offset


def _handler(query: NamedQuery) -> Any:
    def run(request: Request) -> Response:
        values = {k: v for k, v in request.query_params.items() if k not in RESERVED}
        if len(request.query_params.getlist("limit")) > 1:
            raise HTTPException(400, "limit doppelt angegeben")
        bound = bind_parameters(query, values)  # ParameterError: 400 (api/status.py)
        limit, offset = _page(request)
        if request.query_params.get("format", "json") not in ("json", "csv"):
            raise HTTPException(400, "format ist json oder csv")
        store: Store = scoped_store(request)
        try:
            rows = store.select(render_query(query, bound))
        except (QueryError, EngineError) as exc:
            raise HTTPException(500, f"Abfrage {query.name} ist fehlerhaft: {exc}") from None
        names = _variables(query, rows)
        page = rows[offset : offset + limit]
        accepted = negotiate(request.headers.get("accept"), ["application/json", "text/csv"])
        if request.query_params.get("format") == "csv" or accepted == "text/csv":
            # a download for spreadsheet programs (unlike /sparql's standard results): formula-like text guarded
            text = csv_text([names, *([str(row.get(n, "")) for n in names] for row in page)])
            return Response(text, media_type=content_type("text/csv"))
        body = {
            "head": {"vars": names},
            "results": {"bindings": [{k: _json_term(v) for k, v in row.items()} for row in page]},
            "stratgraph": {
                "query": query.name,
                "question": query.summary,
                "total": len(rows),
                "limit": limit,
                "offset": offset,
                "next_offset": offset + limit if offset + limit < len(rows) else None,
            },
        }
        return JSONResponse(body)

    return run


def _openapi_parameters(query: NamedQuery) -> list[dict[str, Any]]:
    params: list[dict[str, Any]] = []
    for p in query.parameters:
        schema: dict[str, Any] = {"type": "integer" if p.kind == "integer" else "string"}
        if p.kind == "iri":
            schema["format"] = "iri"
            if not p.required:  # an empty value means: not given, as an empty form field
                schema = {"anyOf": [schema, {"type": "string", "maxLength": 0}]}
        if p.default is not None:
            schema["default"] = p.default
        if p.allowed:
            schema["enum"] = list(p.allowed)
        if p.required and p.kind != "integer":
            schema["minLength"] = 1  # an optional one may be empty: not given, as an empty form field
        params.append(
            {
                "name": p.name,
                "in": "query",
                "required": p.required,
                "schema": schema,
                "description": f"{'IRI' if p.kind == 'iri' else p.kind}; gebunden als RDF-Term",
            }
        )
    params += [
        {
            "name": "limit",
            "in": "query",
            "required": False,
            "schema": {"type": "integer", "default": PAGE_DEFAULT, "minimum": 1, "maximum": PAGE_MAX},
        },
        {"name": "offset", "in": "query", "required": False, "schema": {"type": "integer", "default": 0, "minimum": 0}},
        {"name": "format", "in": "query", "required": False, "schema": {"type": "string", "enum": ["json", "csv"]}},
        STADT_PARAMETER,
    ]
    return params


def mount_named_queries(app: FastAPI, queries: dict[str, NamedQuery]) -> None:
    """Add the listing and one documented route per named query."""
    router = APIRouter(prefix="/api/queries", tags=["Benannte Abfragen"])

    @router.get("", response_model=list[Abfrage], summary="Alle benannten Abfragen mit Frage und Parametern")
    def listing() -> list[Abfrage]:
        return [q.answer() for q in queries.values()]

    for query in queries.values():
        router.add_api_route(
            f"/{query.name}",
            _handler(query),
            methods=["GET"],
            operation_id=query.name,
            summary=query.summary,
            description=query.description,
            openapi_extra={"parameters": _openapi_parameters(query)},
            response_class=JSONResponse,
        )
    app.include_router(router)
