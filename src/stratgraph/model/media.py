"""Media types and content negotiation: one registry for every writer, download and route that picks a format."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "FILE_TYPES",
    "GRAPH_FORMATS",
    "RDF_FORMATS",
    "RESULT_FORMATS",
    "RdfFormat",
    "content_type",
    "negotiate",
    "rdf_format",
]


@dataclass(frozen=True)
class RdfFormat:
    """One RDF serialisation: its short name (API, runner), media type, file extension and names elsewhere."""

    name: str  # turtle, nt, jsonld, rdfxml, trig
    media: str
    extension: str
    oxigraph: str  # pyoxigraph.RdfFormat member
    eu_file_type: str  # EU authority table "file-type", for DCAT


RDF_FORMATS = (
    RdfFormat("turtle", "text/turtle", "ttl", "TURTLE", "RDF_TURTLE"),
    RdfFormat("nt", "application/n-triples", "nt", "N_TRIPLES", "RDF_N_TRIPLES"),
    RdfFormat("jsonld", "application/ld+json", "jsonld", "JSON_LD", "JSON_LD"),
    RdfFormat("rdfxml", "application/rdf+xml", "rdf", "RDF_XML", "RDF_XML"),
)
_TRIG = RdfFormat("trig", "application/trig", "trig", "TRIG", "RDF_TRIG")

# media type -> short name; the first entry is the default for */*
GRAPH_FORMATS = {f.media: f.name for f in RDF_FORMATS} | {"text/plain": "nt"}
RESULT_FORMATS = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
}
# file extension -> (media type, EU file type) of every file a release holds
FILE_TYPES = {f".{f.extension}": (f.media, f.eu_file_type) for f in (*RDF_FORMATS, _TRIG)} | {
    ".csv": ("text/csv", "CSV"),
    ".json": ("application/json", "JSON"),
    ".md": ("text/markdown", "TXT"),
    ".txt": ("text/plain", "TXT"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
}
_TEXTUAL = ("application/json",)  # RDF and SPARQL result types are UTF-8 by definition and carry no charset


def rdf_format(name: str) -> RdfFormat:
    """The RDF format by short name or media type."""
    for item in (*RDF_FORMATS, _TRIG):
        if name in (item.name, item.media, item.extension):
            return item
    raise KeyError(name)


def content_type(media: str) -> str:
    """The Content-Type header for a media type: text formats say their charset."""
    return f"{media}; charset=utf-8" if media.startswith("text/") or media in _TEXTUAL else media


def negotiate(accept: str | None, offered: dict[str, str] | list[str] | tuple[str, ...]) -> str | None:
    """The offered media type the Accept header prefers (q-values, wildcards); None when nothing fits (406).

    Our own rather than a library's: the few kept ones (e.g. python-mimeparse) do not break ties by the order
    of the client's list, which the SPARQL protocol tests rely on. ``offered`` is in our order of preference.
    """
    offered = list(offered)
    if not accept or not accept.strip():
        return offered[0] if offered else None
    ranges = []
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media, q = fields[0].lower(), 1.0
        for field in fields[1:]:
            if field.startswith("q="):
                try:
                    q = float(field[2:])
                except ValueError:
                    q = 0.0
        if media:
            ranges.append((q, position, media))
    best: tuple[float, int, int, str] | None = None
    for index, candidate in enumerate(offered):
        major = candidate.split("/")[0]
        for q, position, media in ranges:
            specificity = 2 if media == candidate else 1 if media == f"{major}/*" else 0 if media == "*/*" else -1
            if specificity < 0 or q <= 0:
                continue
            key = (q, specificity, -position * 100 - index, candidate)
            if best is None or key[:3] > best[:3]:
                best = key
    return None if best is None else best[3]
