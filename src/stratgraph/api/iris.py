"""Every ``https://w3id.org/stratgraph/…`` IRI a release publishes answers at ``<service>/stratgraph/…``.

So that the w3id.org rule is one prefix redirect (docs/w3id/.htaccess). Instance IRIs are served by
``linkeddata``; this router answers the rest, for browsers (HTML) and RDF clients alike:

- the vocabulary ``…/ontology`` (its terms ``…/ontology#Term`` land on their entries) and its version IRI;
- the shapes ``…/shapes`` and the download URLs ``…/<base>/download/…`` (redirects to the files);
- the named graphs ``…/<base>/graph/<name>`` (their triples, or a page);
- what the DCAT catalogue and the VoID description of the latest release name (dataset, distributions,
  class and property partitions, linkset, catalogue, contact);
- anything else the graph knows under the prefix, such as the project ``…/projekt``.
"""

from __future__ import annotations

import json
import re
import threading
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, VANN
from rdflib.term import Node

from stratgraph.api.linkage import linkage_for_iri
from stratgraph.api.linkeddata import resource_answer
from stratgraph.api.pages import cached_page, download_links, render, render_description
from stratgraph.api.state import live, service
from stratgraph.model.formats import serialize
from stratgraph.model.graph import graph_iri, load_turtle
from stratgraph.model.labels import label
from stratgraph.model.media import RDF_FORMATS, content_type, negotiate, rdf_format
from stratgraph.model.namespaces import ONTOLOGY_IRI, STRAT
from stratgraph.release.dcat import CATALOG_PATHS
from stratgraph.store.runner import INTERN, QueryJob

__all__ = ["PREFIX", "router"]

PREFIX = "https://w3id.org/stratgraph/"
HTML = "text/html"
router = APIRouter(include_in_schema=False)
_lock = threading.Lock()
# The characters our published IRIs use after the prefix (slugs, file names, versions, graph names).
_PUBLISHED_PATH = re.compile(r"[A-Za-z0-9._~/-]*")


def _media(request: Request, extension: str | None) -> str:
    if extension is not None:
        if extension == "html":
            return HTML
        try:
            return rdf_format(extension).media
        except KeyError:
            raise HTTPException(404, f"unbekannte Endung .{extension}") from None
    offered = [f.media for f in RDF_FORMATS] + [HTML]
    media = negotiate(request.headers.get("accept"), offered)
    if media is None:
        raise HTTPException(406, "Kein passendes Format; angeboten: " + ", ".join(offered))
    return media


def _rdf(graph: Graph, media: str) -> Response:
    fmt = rdf_format(media)
    return Response(serialize(graph, fmt.name), media_type=content_type(media), headers={"Vary": "Accept"})


def published(request: Request) -> Graph:
    """The latest release's DCAT catalogue and VoID description, read once per release."""
    served = service(request)
    releases = served.releases
    if releases is None:
        return Graph()
    try:
        version, folder, _ = releases.folder(None, wait=0)  # asked on the event loop: never wait for a build
    except HTTPException:
        return Graph()
    with _lock:
        kept = served.published
        if kept is not None and kept[0] == version:
            return kept[1]
    graph = load_turtle([folder / "catalog.ttl", folder / "void.ttl"])
    with _lock:
        served.published = (version, graph)
    return graph


def _description(graph: Graph, iri: URIRef) -> Graph:
    """The concise description of a subject: its triples and the names of what they point to."""
    out = Graph()
    for p, o in graph.predicate_objects(iri):
        out.add((iri, p, o))
        for predicate in (SKOS.prefLabel, RDFS.label, DCTERMS.title):
            for name in graph.objects(o, predicate):
                out.add((o, predicate, name))
    return out


def _split(name: str) -> tuple[str, str | None]:
    stem, dot, extension = name.rpartition(".")
    known = {f.extension for f in RDF_FORMATS} | {"html"}
    return (stem, extension) if dot and extension in known and "/" not in extension else (name, None)


def _vocabulary_page(request: Request, ontology: Graph) -> bytes:
    groups: list[dict[str, Any]] = []
    titles = {
        OWL.Class: "Klassen",
        OWL.ObjectProperty: "Objekteigenschaften",
        OWL.DatatypeProperty: "Dateneigenschaften",
    }
    for kind, title in titles.items():
        terms = []
        for term in sorted(ontology.subjects(RDF.type, kind), key=str):
            if not str(term).startswith(str(STRAT._NS)):
                continue
            facts = [
                (name, ", ".join(sorted(_show(ontology, v) for v in ontology.objects(term, predicate))))
                for name, predicate in (
                    ("Oberklasse", RDFS.subClassOf),
                    ("Domäne", RDFS.domain),
                    ("Wertebereich", RDFS.range),
                )
                if (term, predicate, None) in ontology
            ]
            terms.append(_entry(ontology, term, facts))
        groups.append({"anchor": title.lower(), "title": title, "terms": terms})
    schemes = sorted(
        (c for c in ontology.subjects(RDF.type, SKOS.ConceptScheme) if str(c).startswith(str(STRAT._NS))), key=str
    )
    groups.append(
        {
            "anchor": "schemata",
            "title": "Begriffsschemata",
            "terms": [_entry(ontology, c, []) for c in schemes],
        }
    )
    concepts = sorted((c for c in ontology.subjects(SKOS.inScheme, None) if str(c).startswith(str(STRAT._NS))), key=str)
    groups.append(
        {
            "anchor": "werte",
            "title": "Werte der Begriffsschemata",
            "terms": [
                _entry(ontology, c, [("Schema", _show(ontology, ontology.value(c, SKOS.inScheme)))]) for c in concepts
            ],
        }
    )
    path = urlsplit(str(ONTOLOGY_IRI)).path
    return render(
        request,
        "vokabular.html",
        label(ontology, ONTOLOGY_IRI, (DCTERMS.title,)),
        description=label(ontology, ONTOLOGY_IRI, (DCTERMS.description,)),
        iri=str(ONTOLOGY_IRI),
        version_iri=str(ontology.value(ONTOLOGY_IRI, OWL.versionIRI)),
        version=str(ontology.value(ONTOLOGY_IRI, OWL.versionInfo)),
        prefix=str(ontology.value(ONTOLOGY_IRI, VANN.preferredNamespacePrefix)),
        namespace=str(ontology.value(ONTOLOGY_IRI, VANN.preferredNamespaceUri)),
        licence=str(ontology.value(ONTOLOGY_IRI, DCTERMS.license)),
        citation=str(ontology.value(ONTOLOGY_IRI, DCTERMS.bibliographicCitation)),
        downloads=download_links(path),
        groups=groups,
    )


def _entry(ontology: Graph, term: Node, facts: list[tuple[str, str]]) -> dict[str, Any]:
    """One term's entry: names and definitions in German and English (rdfs:label for classes and properties,
    skos:prefLabel for concepts), with what else is known of it."""
    names = (RDFS.label, SKOS.prefLabel)
    return {
        "local": str(term).rsplit("#", 1)[1],
        "label_de": label(ontology, term, names),
        "label_en": label(ontology, term, names, lang="en"),
        "definition_de": label(ontology, term, (SKOS.definition,)),
        "definition_en": label(ontology, term, (SKOS.definition,), lang="en"),
        "facts": facts,
    }


def _show(graph: Graph, node: Node | None) -> str:
    if node is None:
        return "–"
    if isinstance(node, Literal):
        return str(node)
    members = graph.value(node, OWL.unionOf)
    if members is not None:
        return " oder ".join(_show(graph, m) for m in graph.items(members))
    text = str(node)
    return label(graph, node, (RDFS.label, SKOS.prefLabel)) if (node, None, None) in graph else text.rsplit("#", 1)[-1]


def ontology_graph(request: Request) -> Graph:
    """The vocabulary as the service loaded it (the files of ontology/)."""
    return service(request).ontology


@router.get("/stratgraph/ontology")
@router.get("/stratgraph/ontology.{extension}")
async def vocabulary(request: Request, extension: str | None = None) -> Response:
    media = _media(request, extension)
    ontology = ontology_graph(request)
    if media == HTML:
        return await cached_page(request, lambda: _vocabulary_page(request, ontology))
    return _rdf(ontology, media)


@router.get("/stratgraph/ontology/{version}")
async def vocabulary_version(version: str) -> Response:
    """The version IRI: this service serves the current version only."""
    return RedirectResponse("/stratgraph/ontology", status_code=303)


@router.get("/stratgraph/shapes")
async def shapes() -> Response:
    return RedirectResponse("/download/shapes.ttl", status_code=303)


@router.get("/stratgraph/{rest:path}")
async def published_iri(request: Request, rest: str) -> Response:
    """The other IRIs under the prefix: base, downloads, named graphs, catalogue and VoID resources, the project."""
    if not _PUBLISHED_PATH.fullmatch(rest):  # control characters, spaces, quotes: no IRI of ours has them
        raise HTTPException(404, "keine Ressource dieses Graphen")
    base_path = urlsplit(service(request).settings.main_base).path.strip("/")  # e.g. stratgraph/<stadt>
    local = "stratgraph/" + rest
    if local.rstrip("/") == base_path:
        return RedirectResponse("/", status_code=303)
    if local.startswith(base_path + "/download/"):
        return RedirectResponse("/download/" + local[len(base_path + "/download/") :], status_code=303)
    if local == base_path + "/sparql":  # the endpoint the VoID description names
        query = request.url.query
        return RedirectResponse("/sparql" + (f"?{query}" if query else ""), status_code=303)
    metadata = published(request)
    if (URIRef(PREFIX + rest), None, None) in metadata:  # a distribution's IRI ends in its file name, e.g. .ttl
        stem, extension = rest, None
    else:
        stem, extension = _split(rest)
    iri = URIRef(PREFIX + stem)
    bases = [service(request).settings.main_base, *(s.base for s in live(request).scopes.values())]
    if local.startswith(tuple(urlsplit(graph_iri(b, "")).path.lstrip("/") for b in bases)):  # shared and own graphs
        return await _named_graph(request, iri, _media(request, extension))
    api = linkage_for_iri(request, str(iri))
    # the knowledge graph knows it (e.g. the project); asked off the event loop, as a remote store may be slow
    if await run_in_threadpool(api.ask, "beschreibung", ressource_iri=str(iri)):
        return await resource_answer(request, str(iri), extension)
    media = _media(request, extension)
    if (iri, None, None) in metadata:
        description = _description(metadata, iri)
        if media == HTML:
            return await cached_page(request, lambda: render_description(request, str(iri), description))
        return _rdf(description, media)
    releases = service(request).releases
    segment = local[len(base_path) + 1 :].split("/", 1)[0] if local.startswith(base_path + "/") else ""
    if releases is not None and releases.building and segment in CATALOG_PATHS:  # the catalogue is on its way
        raise HTTPException(503, "Die erste Veröffentlichung wird gerade gebaut.", headers={"Retry-After": "30"})
    raise HTTPException(404, f"Über <{iri}> weiß der Dienst nichts.")


async def _named_graph(request: Request, iri: URIRef, media: str) -> Response:
    """A named graph of the store (ontologie, daten, zuordnungen): its triples, or a page about it."""
    runner = live(request).runner  # the named graphs live in the query workers (and in a remote store)
    count = QueryJob(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
    bindings = json.loads((await run_in_threadpool(runner.run, count, INTERN)).body)["results"]["bindings"]
    triples = int(bindings[0]["n"]["value"]) if bindings else 0
    if not triples:
        raise HTTPException(404, f"kein benannter Graph <{iri}>")
    if media == HTML:
        title = "Benannter Graph „" + str(iri).rsplit("/", 1)[-1] + "“"
        path = urlsplit(str(iri)).path
        downloads = download_links(path)
        return await cached_page(
            request,
            lambda: render(request, "graph.html", title, iri=str(iri), triples=triples, downloads=downloads),
        )
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
    result = await run_in_threadpool(runner.run, QueryJob(query, graph_format=rdf_format(media).name), INTERN)
    return Response(result.body, media_type=content_type(media), headers={"Vary": "Accept"})
