"""Linked Data: every IRI under the configured base, and the ontology IRI, dereference at the service.

``/<stadt>/massnahme/radschnellweg`` answers with the concise bounded description of
``<base>massnahme/radschnellweg`` (its triples plus the labels of what it points to), in Turtle,
N-Triples, JSON-LD or RDF/XML by Accept or file extension, with Vary and Link headers. The description is
built by one SPARQL CONSTRUCT through the same time-limited query processes as /sparql.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from stratgraph.api.cache import Answer
from stratgraph.api.linkage import linkage_for_iri
from stratgraph.api.pages import cached_page, render_resource
from stratgraph.api.state import live
from stratgraph.model.media import RDF_FORMATS, content_type, negotiate
from stratgraph.model.namespaces import ONTOLOGY_IRI
from stratgraph.release.options import DEFAULT_LICENCE, LICENCES
from stratgraph.store.runner import INTERN, EngineError, QueryJob

__all__ = ["router"]

router = APIRouter(tags=["Linked Data"])
FORMATS = {f.media: (f.name, f.extension) for f in RDF_FORMATS}  # media type -> (runner format, extension)
BY_EXTENSION = {ext: media for media, (_, ext) in FORMATS.items()}
HTML = "text/html"
LICENCE = LICENCES[DEFAULT_LICENCE][1]  # the readable licence text, for rel="license"
_SAFE_SEGMENT = re.compile(r"[a-z0-9][a-z0-9.-]*")  # used with fullmatch: "$" also matches before "\n"


def _describe(iri: str) -> str:
    return f"""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT {{ <{iri}> ?p ?o . ?o skos:prefLabel ?label . ?o rdfs:label ?rdfsLabel . }}
WHERE {{
  <{iri}> ?p ?o .
  OPTIONAL {{ ?o skos:prefLabel ?label }}
  OPTIONAL {{ ?o rdfs:label ?rdfsLabel }}
}}"""


def _vocabulary() -> str:
    return f"""CONSTRUCT {{ ?s ?p ?o }} WHERE {{
  ?s ?p ?o .
  FILTER (?s = <{ONTOLOGY_IRI}> || STRSTARTS(STR(?s), "{ONTOLOGY_IRI}#"))
}}"""


async def _answer(
    request: Request,
    query: str,
    document: str,
    extension: str | None,
    exists: str,
    page: Callable[[], Awaitable[Response]] | None = None,
) -> Response:
    """The description in the RDF format asked for; with ``page``, a browser (text/html, .html) gets the page."""
    offered = [*FORMATS, HTML] if page is not None else list(FORMATS)
    if extension is not None:
        media = HTML if extension == "html" and page is not None else BY_EXTENSION.get(extension)
        if media is None:
            raise HTTPException(404, f"unbekannte Endung .{extension} (angeboten: {', '.join(BY_EXTENSION)})")
    else:
        media = negotiate(request.headers.get("accept"), offered)  # RDF first: */* gets Turtle
        if media is None:
            raise HTTPException(406, "Kein passendes Format; angeboten: " + ", ".join(offered))
    if media == HTML and page is not None:
        return await page()
    # the embedded graph changes only by a reload, which empties the cache: a description is built once per format
    graph = live(request)
    cache = graph.caches.pages if graph.caches is not None else None
    key = ("rdf", document, media)
    kept = cache.get(key) if cache is not None else None
    if kept is None:
        runner = graph.runner
        try:
            known = await run_in_threadpool(runner.run, QueryJob(exists), INTERN)
            if json.loads(known.body).get("boolean") is not True:
                raise HTTPException(404, f"Über <{document}> weiß der Graph nichts.")
            result = await run_in_threadpool(runner.run, QueryJob(query, graph_format=FORMATS[media][0]), INTERN)
        except EngineError as exc:
            raise HTTPException(500, str(exc)) from None
        kept = Answer(result.body)
        if cache is not None:
            cache.put(key, kept, len(kept.body))
    links = [f'<{document}.{ext}>; rel="alternate"; type="{m}"' for m, (_, ext) in FORMATS.items() if m != media]
    if page is not None:
        links.append(f'<{document}.html>; rel="alternate"; type="{HTML}"')
    links.append(f'<{LICENCE}>; rel="license"')
    headers = {"Vary": "Accept", "Link": ", ".join(links), "Content-Location": f"{document}.{FORMATS[media][1]}"}
    return Response(kept.body, media_type=content_type(media), headers=headers)


async def _described(request: Request, iri: str) -> bool:
    """Whether the knowledge graph describes ``iri`` (kept like the answers; asked off the event loop, as a remote
    store may be slow)."""
    caches = live(request).caches
    cache = caches.pages if caches is not None else None
    known = cache.get(("bekannt", iri)) if cache is not None else None
    if known is None:
        api = linkage_for_iri(request, iri)
        known = bool(await run_in_threadpool(api.ask, "beschreibung", ressource_iri=iri))
        if cache is not None:
            cache.put(("bekannt", iri), known, len(iri))
    return known


def _split(name: str) -> tuple[str, str | None]:
    stem, dot, extension = name.rpartition(".")
    return (stem, extension) if dot and (extension in BY_EXTENSION or extension == "html") else (name, None)


async def _vocabulary_page() -> Response:
    """Browsers read the vocabulary's documentation at the ontology IRI's path (``/ontology`` is a short alias)."""
    return RedirectResponse("/stratgraph/ontology", status_code=303)


@router.get("/ontology", summary="Das Vokabular (Ontologie-IRI)")
async def ontology(request: Request) -> Response:
    ask = f"ASK {{ <{ONTOLOGY_IRI}> ?p ?o }}"
    return await _answer(request, _vocabulary(), str(ONTOLOGY_IRI), None, ask, _vocabulary_page)


@router.get("/ontology.{extension}", summary="Das Vokabular in einem bestimmten Format")
async def ontology_file(extension: str, request: Request) -> Response:
    return await _answer(request, _vocabulary(), str(ONTOLOGY_IRI), extension, f"ASK {{ <{ONTOLOGY_IRI}> ?p ?o }}")


def mount(router_base: str, published: Callable[[Request, str], Awaitable[Response]]) -> APIRouter:
    """Routes for the instance IRIs: the path of the configured base, then /<klasse>/<slug>[.ext]; what the
    knowledge graph does not describe goes to ``published`` (the release's catalogue and VoID resources share
    these paths: ``iris.published_iri``, handed in by the app so neither module imports the other)."""
    local = APIRouter(tags=["Linked Data"])
    path = urlsplit(router_base).path.rstrip("/")

    @local.get(path + "/{klasse}/{name}", summary="Beschreibung einer Ressource (Linked Data)")
    async def resource(klasse: str, name: str, request: Request) -> Response:
        slug, extension = _split(name)
        if not (_SAFE_SEGMENT.fullmatch(klasse) and _SAFE_SEGMENT.fullmatch(slug)):
            raise HTTPException(404, "keine Ressource dieses Graphen")
        iri = f"{router_base.rstrip('/')}/{klasse}/{slug}"
        if not await _described(request, iri):
            return await published(
                request, urlsplit(iri).path.removeprefix("/stratgraph/") + (f".{extension}" if extension else "")
            )
        return await resource_answer(request, iri, extension)

    return local


async def resource_answer(request: Request, iri: str, extension: str | None) -> Response:
    """A resource of the knowledge graph: its description in an RDF format, or its page for a browser."""

    async def page() -> Response:
        api = linkage_for_iri(request, iri)
        return await cached_page(request, lambda: render_resource(request, api, iri))

    return await _answer(request, _describe(iri), iri, extension, f"ASK {{ <{iri}> ?p ?o }}", page)
