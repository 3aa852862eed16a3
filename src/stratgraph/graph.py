"""Loading the project's Turtle sources into rdflib graphs, with file:line:column on errors."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from .config import DEFAULT_BASE_IRI, Settings
from .errors import ConfigurationError, SourceError
from .store import to_rdflib

__all__ = [
    "LINK_FILE",
    "ProjectGraphs",
    "load_project",
    "load_turtle",
    "named_parts",
    "parse_turtle",
    "rebase",
    "turtle_files",
]

LINK_FILE = "zuordnungen.ttl"  # the editorial links in data/; their own named graph


def turtle_files(folder: Path) -> list[Path]:
    """The ``*.ttl`` files of a folder (not recursive), sorted so loading is deterministic."""
    if not folder.is_dir():
        raise ConfigurationError(f"Ordner fehlt: {folder}")
    return sorted(folder.glob("*.ttl"))


_Triple = tuple[Node, Node, Node]


def parse_turtle(path: Path, into: Graph | None = None) -> Graph:
    """Parse one Turtle file; a syntax or encoding error becomes a SourceError naming file, line and column.

    pyoxigraph parses (2.5x rdflib's speed on our files, with exact positions); the triples go into rdflib.
    """
    graph = into if into is not None else Graph()
    try:
        content = path.read_bytes()
        content.decode("utf-8")
    except OSError as exc:
        raise SourceError(path, f"Datei nicht lesbar: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise SourceError(path, f"keine gültige UTF-8-Datei (Byte {exc.start})") from None
    parser = ox.parse(input=content, format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())
    try:
        # all triples first, so a broken file never leaves half its triples behind
        triples = [cast(_Triple, (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object))) for q in parser]
    except SyntaxError as exc:
        reason = exc.msg.split(": ", 1)[-1] if exc.msg.startswith("Parser error") else exc.msg
        raise SourceError(path, f"Turtle-Syntaxfehler: {reason}", exc.lineno, exc.offset) from None
    for prefix, namespace in parser.prefixes.items():
        graph.bind(prefix, namespace, override=False)
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph


def load_turtle(paths: Iterable[Path]) -> Graph:
    """One graph holding all given Turtle files."""
    graph = Graph()
    for path in paths:
        parse_turtle(path, into=graph)
    return graph


@dataclass(frozen=True)
class ProjectGraphs:
    """The project's sources, kept apart because they play different roles (vocabulary, content, rules)."""

    ontology: Graph
    data: Graph
    shapes: Graph

    def merged(self) -> Graph:
        """Ontology and data in one graph: what is validated, queried and published."""
        graph = Graph()
        for source in (self.ontology, self.data):
            for prefix, namespace in source.namespaces():
                graph.bind(prefix, namespace, override=False)
            graph += source
        return graph


def rebase(graph: Graph, old_base: str, new_base: str) -> Graph:
    """A copy of the graph with IRIs under ``old_base`` moved under ``new_base``, to publish under a city's domain."""

    def move(term: Node) -> Node:
        if isinstance(term, URIRef) and str(term).startswith(old_base):
            return URIRef(new_base + str(term)[len(old_base) :])
        return term

    moved = Graph()
    for prefix, namespace in graph.namespaces():
        moved.bind(prefix, move(namespace), override=True)
    for s, p, o in graph:
        moved.add((move(s), move(p), move(o)))
    return moved


def load_project(settings: Settings) -> ProjectGraphs:
    """Load ontology, data and shapes as the settings point to them; the data moves to the configured base IRI."""
    data = load_turtle(turtle_files(settings.data))
    if settings.base_iri != DEFAULT_BASE_IRI:
        data = rebase(data, DEFAULT_BASE_IRI, settings.base_iri)
    return ProjectGraphs(
        ontology=load_turtle(turtle_files(settings.ontology)),
        data=data,
        shapes=load_turtle(turtle_files(settings.shapes)),
    )


def named_parts(settings: Settings, project: ProjectGraphs) -> list[tuple[URIRef, Graph]]:
    """The graph as three named graphs, as in the TriG download and in both stores: ontologie, daten, zuordnungen."""
    links_file = settings.data / LINK_FILE
    links = load_turtle([links_file]) if links_file.is_file() else Graph()
    if settings.base_iri != DEFAULT_BASE_IRI:
        links = rebase(links, DEFAULT_BASE_IRI, settings.base_iri)
    content = Graph()
    for prefix, namespace in project.data.namespaces():  # the same prefixes in the download
        content.bind(prefix, namespace, replace=True)
    for triple in project.data:
        if triple not in links:
            content.add(triple)
    base = settings.base_iri.rstrip("/")
    return [
        (URIRef(f"{base}/graph/{name}"), part)
        for name, part in (("ontologie", project.ontology), ("daten", content), ("zuordnungen", links))
    ]
