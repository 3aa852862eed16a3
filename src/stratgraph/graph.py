"""Loading the project's Turtle sources into rdflib graphs, with file:line:column on errors."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.term import Node

from .config import DEFAULT_BASE_IRI, Settings
from .errors import ConfigurationError, SourceError

__all__ = ["ProjectGraphs", "load_project", "load_turtle", "parse_turtle", "rebase", "turtle_files"]


def turtle_files(folder: Path) -> list[Path]:
    """The ``*.ttl`` files of a folder (not recursive), sorted so loading is deterministic."""
    if not folder.is_dir():
        raise ConfigurationError(f"Ordner fehlt: {folder}")
    return sorted(folder.glob("*.ttl"))


def _position(error: BadSyntax) -> tuple[int, int]:
    """Line and column (1-based) of a Turtle syntax error, counted in characters of the file."""
    text = error._str.decode("utf-8", errors="replace")
    before = text[: error._i]
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    return line, column


def parse_turtle(path: Path, into: Graph | None = None) -> Graph:
    """Parse one Turtle file; a syntax or encoding error becomes a SourceError naming file, line and column."""
    graph = into if into is not None else Graph()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourceError(path, f"Datei nicht lesbar: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise SourceError(path, f"keine gültige UTF-8-Datei (Byte {exc.start})") from None
    # Parse into a scratch graph first so a broken file never leaves half its triples behind.
    scratch = Graph()
    try:
        scratch.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    except BadSyntax as exc:
        line, column = _position(exc)
        raise SourceError(path, f"Turtle-Syntaxfehler: {exc._why}", line, column) from None
    except Exception as exc:  # rdflib raises assorted types for malformed input
        raise SourceError(path, f"Turtle nicht lesbar: {exc}") from None
    for prefix, namespace in scratch.namespaces():
        graph.bind(prefix, namespace, override=False)
    graph += scratch
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
