"""Download and catalogue routes: the files of the latest release in dist/, byte for byte, with their checksums."""

from __future__ import annotations

import hashlib
import logging
import threading
from datetime import UTC, date, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from stratgraph.api.iris import published
from stratgraph.api.pages import render
from stratgraph.api.state import service
from stratgraph.config import Settings
from stratgraph.errors import StratgraphError
from stratgraph.model.answers import Veroeffentlichung
from stratgraph.model.media import FILE_TYPES, content_type, negotiate
from stratgraph.release import ReleaseOptions, build_release, latest_release
from stratgraph.release.changelog import read_manifest
from stratgraph.release.options import LICENCES
from stratgraph.strategies.project import Project

__all__ = ["Releases", "router"]

LOG = logging.getLogger("stratgraph")
router = APIRouter(tags=["Downloads"])
CATALOG_FILES = {"text/turtle": "catalog.ttl", "application/rdf+xml": "catalog.rdf"}
SPDX = Namespace("http://spdx.org/rdf/terms#")
DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCATAP_ORIGINATOR = URIRef("http://data.europa.eu/930/originator")


class Releases:
    """The releases in dist/; builds one when there is none, so a fresh start always has something to serve.

    At the service's start the first release is built in the background (for 100 strategies it takes minutes),
    so the API, pages and Linked Data answer at once; a download asked for meanwhile waits for the build up to
    ``wait`` seconds, then gets 503 with Retry-After.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._building: threading.Thread | None = None
        self._failure: str | None = None

    def ensure(self, project: Project | None = None, *, background: bool = False) -> None:
        """Build a release when dist/ has none, from ``project`` when it is the validated project already."""
        with self._lock:
            if latest_release(self.settings.dist) is not None or self._building is not None:
                return
            if not background:
                build_release(self.settings, ReleaseOptions(), project)
                return
            self._building = threading.Thread(
                target=self._build, args=(project,), name="erste-veroeffentlichung", daemon=True
            )
            self._building.start()

    @property
    def building(self) -> bool:
        """The first release is being built now."""
        return self._building is not None and self._building.is_alive()

    def _build(self, project: Project | None) -> None:
        try:  # written into a scratch folder and renamed at the end: never half a release in dist/
            build_release(self.settings, ReleaseOptions(), project)
        except StratgraphError as exc:
            self._failure = str(exc)
            LOG.error("Die erste Veröffentlichung ließ sich nicht bauen: %s", exc)

    def folder(self, version: str | None, wait: float = 60.0) -> tuple[str, Path, Veroeffentlichung]:
        if version is None:
            found = latest_release(self.settings.dist)
            building = self._building
            if found is None and building is not None and building.is_alive():
                building.join(timeout=wait)  # in a worker thread: the download routes are plain functions
                found = latest_release(self.settings.dist)
            if found is None:
                if building is not None and building.is_alive():
                    raise HTTPException(
                        503,
                        "Die erste Veröffentlichung wird gerade gebaut; bitte gleich erneut versuchen.",
                        headers={"Retry-After": "30"},
                    )
                reason = f" ({self._failure})" if self._failure else ""
                raise HTTPException(503, f"Es gibt noch keine Veröffentlichung.{reason}")
            version, path = found
        else:
            path = self.settings.dist / version
        manifest = path / "release.json"
        if "/" in version or version.startswith(".") or not manifest.is_file():
            raise HTTPException(404, f"Veröffentlichung „{version}“ nicht gefunden.")
        return version, path, read_manifest(manifest)


def _releases(request: Request) -> Releases:
    releases = service(request).releases
    if releases is None:
        raise HTTPException(503, "Der Dienst startet noch.")
    return releases


def _file_response(request: Request, folder: Path, meta: Veroeffentlichung, name: str) -> Response:
    entries = {f.name: f for f in meta.dateien}
    if name not in entries and name != "SHA256SUMS" and name != "release.json":
        raise HTTPException(404, f"Datei „{name}“ gehört nicht zur Veröffentlichung.")
    path = folder / name
    # the manifest and the checksum list cannot list their own checksum, so theirs is computed
    digest = entries[name].sha256 if name in entries else hashlib.sha256(path.read_bytes()).hexdigest()
    etag = f'"{digest}"'
    released = datetime.combine(date.fromisoformat(meta.datum), datetime.min.time(), tzinfo=UTC)
    headers = {
        "ETag": etag,
        "Last-Modified": format_datetime(released, usegmt=True),
        "Cache-Control": "public, max-age=300",
    }
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    media = FILE_TYPES.get(path.suffix, ("application/octet-stream", ""))[0]
    return FileResponse(path, media_type=content_type(media), headers=headers)


@router.get(
    "/download",
    response_model=Veroeffentlichung,
    summary="Dateien der neuesten Veröffentlichung mit Größe und Prüfsumme",
)
def list_files(request: Request) -> Any:
    """The listing as JSON; a browser (Accept prefers text/html) gets it as a German page."""
    _, folder, meta = _releases(request).folder(None)
    base = service(request).settings.public_base + "/download/"
    answer = meta.model_copy(update={"dateien": [f.model_copy(update={"url": base + f.name}) for f in meta.dateien]})
    if negotiate(request.headers.get("accept"), ["application/json", "text/html"]) != "text/html":
        return answer
    return HTMLResponse(_page(request, folder, answer), headers={"Vary": "Accept"})


_FORMAT_WORDS = {
    ".ttl": "Turtle (RDF)",
    ".nt": "N-Triples (RDF)",
    ".jsonld": "JSON-LD (RDF)",
    ".rdf": "RDF/XML",
    ".trig": "TriG (RDF, benannte Graphen)",
    ".csv": "CSV-Tabelle",
    ".json": "JSON",
    ".md": "Text (Markdown)",
}


def _size(size: int) -> str:
    """A file size as German text: Bytes, KB, MB (decimal units, comma)."""
    if size < 1000:
        return f"{size} Bytes"
    for unit, factor in (("MB", 1_000_000), ("KB", 1000)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}".replace(".", ",")
    return f"{size} Bytes"


def _page(request: Request, folder: Path, answer: Veroeffentlichung) -> bytes:
    """The release for people: version, date, licence (from its own catalogue), every file with format, size
    and checksum, what changed, and the catalogue as a link."""
    catalog = published(request)  # the release's catalogue, read once per release
    licences = {iri: (key, text) for key, (iri, text) in LICENCES.items()}
    licence_iri = next((str(o) for o in catalog.objects(None, DCTERMS.license)), None)
    key, text = licences.get(licence_iri or "", (licence_iri or "nicht angegeben", licence_iri))
    changes = (folder / "CHANGES.md").read_text(encoding="utf-8") if (folder / "CHANGES.md").is_file() else ""
    files = [
        {
            "name": f.name,
            "href": f.url or f.name,
            "format": _FORMAT_WORDS.get(Path(f.name).suffix, "Datei"),
            "size": _size(f.bytes),
            "sha256": f.sha256,
        }
        for f in answer.dateien
    ]
    return render(
        request,
        "downloads.html",
        "Downloads",
        answer=answer,
        files=files,
        licence={"key": key, "href": text},
        changes=[line for line in changes.splitlines() if line.strip()][:40],
    )


def _catalog_page(request: Request) -> bytes:
    """The release's DCAT-AP.de catalogue for people: catalogue, datasets, their distributions with format, size,
    checksum and download — from the catalogue file itself (read once per release), so the page says what it says."""
    graph = published(request)

    def text(node: Any, prop: Any) -> str:
        values = [v for v in graph.objects(node, prop) if isinstance(v, Literal)]
        german = [v for v in values if v.language == "de"]
        return str((german or values)[0]) if values else ""

    def name(node: Any) -> str:
        return text(node, FOAF.name) or text(node, VCARD.fn) or (str(node) if node is not None else "")

    def local(iri: Any) -> str:  # the release's own addresses, served here
        path = urlsplit(str(iri)).path
        return path[path.index("/download/") :] if "/download/" in path else str(iri)

    datasets = []
    for dataset in sorted(graph.subjects(RDF.type, DCAT.Dataset), key=str):
        files = []
        for dist in sorted(graph.objects(dataset, DCAT.distribution), key=str):
            checksum = graph.value(graph.value(dist, SPDX.checksum), SPDX.checksumValue)
            size = graph.value(dist, DCAT.byteSize)
            files.append(
                {
                    "title": text(dist, DCTERMS.title),
                    "href": local(graph.value(dist, DCAT.downloadURL) or graph.value(dist, DCAT.accessURL)),
                    "format": str(graph.value(dist, DCTERMS.format) or "").rsplit("/", 1)[-1],
                    "media": str(graph.value(dist, DCAT.mediaType) or "").split("/media-types/")[-1],
                    "size": _size(int(str(size))) if size is not None else "",
                    "sha256": str(checksum or ""),
                }
            )
        period = graph.value(dataset, DCTERMS.temporal)
        licence = graph.value(dataset, DCTERMS.license)
        datasets.append(
            {
                "title": text(dataset, DCTERMS.title),
                "description": text(dataset, DCTERMS.description),
                "version": text(dataset, URIRef(str(DCAT) + "version")),  # DCAT 3: not in rdflib's closed namespace
                "issued": text(dataset, DCTERMS.issued),
                "modified": text(dataset, DCTERMS.modified),
                "publisher": name(graph.value(dataset, DCTERMS.publisher)),
                "originator": name(graph.value(dataset, DCATAP_ORIGINATOR)),
                "licence": str(licence or ""),
                "attribution": text(dataset, DCATDE.licenseAttributionByText),
                "period": " bis ".join(v for v in (text(period, DCAT.startDate), text(period, DCAT.endDate)) if v),
                "keywords": sorted(text_ for text_ in (str(k) for k in graph.objects(dataset, DCAT.keyword))),
                "citation": text(dataset, DCTERMS.bibliographicCitation),
                "files": files,
            }
        )
    catalogue = next(iter(graph.subjects(RDF.type, DCAT.Catalog)), None)
    return render(
        request,
        "katalog.html",
        "Katalog",
        catalogue_title=text(catalogue, DCTERMS.title),
        description=text(catalogue, DCTERMS.description),
        modified=text(catalogue, DCTERMS.modified),
        catalogue_publisher=name(graph.value(catalogue, DCTERMS.publisher)),
        datasets=datasets,
        formats=CATALOG_FILES,
    )


@router.get("/download/{name}", name="latest_file", summary="Eine Datei der neuesten Veröffentlichung")
def latest_file(name: str, request: Request) -> Response:
    _, folder, meta = _releases(request).folder(None)
    return _file_response(request, folder, meta, name)


@router.get("/download/{version}/{name}", summary="Eine Datei einer bestimmten Veröffentlichung")
def versioned_file(version: str, name: str, request: Request) -> Response:
    _, folder, meta = _releases(request).folder(version)
    return _file_response(request, folder, meta, name)


@router.get(
    "/katalog", summary="DCAT-AP.de-Katalog der neuesten Veröffentlichung (Turtle oder RDF/XML; für Browser eine Seite)"
)
def catalog(request: Request) -> Response:
    _, folder, meta = _releases(request).folder(None)
    if negotiate(request.headers.get("accept"), [*CATALOG_FILES, "text/html"]) == "text/html":  # a browser
        return HTMLResponse(_catalog_page(request), headers={"Vary": "Accept"})
    media = negotiate(request.headers.get("accept"), list(CATALOG_FILES))
    if media is None:
        raise HTTPException(406, "Kein passendes Format; angeboten: " + ", ".join(CATALOG_FILES))
    response = _file_response(request, folder, meta, CATALOG_FILES[media])
    response.headers["Vary"] = "Accept"
    return response


@router.get("/void", summary="VoID-Beschreibung der neuesten Veröffentlichung")
def void(request: Request) -> Response:
    _, folder, meta = _releases(request).folder(None)
    return _file_response(request, folder, meta, "void.ttl")
