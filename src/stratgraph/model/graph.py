"""Loading the project's Turtle sources into rdflib graphs, with file:line:column on errors."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from stratgraph.config import STRATEGY_ROOT, Settings
from stratgraph.errors import ConfigurationError, SourceError
from stratgraph.model.terms import to_rdflib

__all__ = [
    "LINK_FILE",
    "ProjectGraphs",
    "StrategySources",
    "gc_paused",
    "load_project",
    "load_strategy",
    "load_turtle",
    "named_parts",
    "parse_turtle",
    "rebase",
    "strategy_folder",
    "strategy_folders",
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


def graph_iri(base: str, name: str) -> URIRef:
    """The one rule for a named graph's IRI: ``<base>/graph/<name>`` — a strategy's ``daten`` and ``zuordnungen``
    under its own base, the shared ``ontologie`` and ``sdg`` under the main strategy's base."""
    return URIRef(f"{base.rstrip('/')}/graph/{name}")


@dataclass(frozen=True)
class StrategySources:
    """One strategy's own sources: a subfolder of data/ (``data/<stadt>/``), its named graphs and its own rules."""

    slug: str  # the folder's name, the <stadt> in its IRIs
    base: str  # the base of its IRIs, e.g. https://w3id.org/stratgraph/<stadt>/
    content: Graph  # everything but the links: its named graph daten
    links: Graph  # the editorial links (zuordnungen.ttl): its named graph zuordnungen
    shapes: Graph  # shapes/<slug>/: rules for this strategy only (e.g. its completeness)
    own_folder: bool = True  # False: a data folder without subfolders, whose IRIs may lie anywhere (test data)

    def graph_iri(self, name: str) -> URIRef:
        return graph_iri(self.base, name)

    @property
    def graphs(self) -> tuple[URIRef, URIRef]:
        """Its two named graphs: content (daten) and the editorial links (zuordnungen)."""
        return self.graph_iri("daten"), self.graph_iri("zuordnungen")


def _union(*sources: Graph) -> Graph:
    """One graph holding the triples and prefixes of all sources, copied in one pass."""
    graph = Graph()
    for source in sources:
        for prefix, namespace in source.namespaces():
            graph.bind(prefix, namespace, override=False)
    graph.addN((s, p, o, graph) for source in sources for s, p, o in source)
    return graph


@dataclass(frozen=True)
class ProjectGraphs:
    """The project's sources, kept apart because they play different roles (vocabulary, content, rules).

    ``data`` is the union of the shared reference (data/*.ttl: the SDGs) and every strategy's folder; each
    strategy is also kept on its own, so it can be validated and shown on its own.
    """

    ontology: Graph
    data: Graph
    shapes: Graph
    shared: Graph = field(default_factory=Graph)
    strategies: tuple[StrategySources, ...] = ()

    def merged(self) -> Graph:
        """Ontology and data in one graph: what is validated, queried and published."""
        return _union(self.ontology, self.data)

    def all_shapes(self) -> Graph:
        """The shapes every strategy follows and each strategy's own (what a release publishes)."""
        return _union(self.shapes, *(s.shapes for s in self.strategies))

    def strategy(self, slug: str) -> StrategySources:
        """The strategy with this slug; a ConfigurationError naming the known ones otherwise."""
        for strategy in self.strategies:
            if strategy.slug == slug:
                return strategy
        known = ", ".join(s.slug for s in self.strategies) or "keine"
        raise ConfigurationError(f"Keine Strategie „{slug}“ (vorhanden: {known})")

    def scoped(self, strategy: StrategySources) -> ProjectGraphs:
        """One strategy with the shared reference, the ontology and its rules: what is validated for it."""
        # a project of this strategy alone holds just that already (no second copy: a review reads one)
        alone = self.strategies == (strategy,)
        data = self.data if alone else _union(self.shared, strategy.content, strategy.links)
        shapes = self.shapes + strategy.shapes if len(strategy.shapes) else self.shapes
        return ProjectGraphs(self.ontology, data, shapes, self.shared, (strategy,))


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


_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?", re.ASCII)


def strategy_folders(data: Path) -> list[Path]:
    """The subfolders of data/ that hold Turtle files: one strategy each, sorted by name."""
    if not data.is_dir():
        raise ConfigurationError(f"Ordner fehlt: {data}")
    folders = sorted(p for p in data.iterdir() if p.is_dir() and any(p.glob("*.ttl")))
    wrong = [p.name for p in folders if not _SLUG.fullmatch(p.name)]
    if wrong:
        raise ConfigurationError(
            "Ordnernamen in data/ sind Kurznamen einer Stadt (a–z, 0–9, Bindestrich): " + ", ".join(wrong)
        )
    return folders


def _load_strategy(settings: Settings, slug: str, files: list[Path], own_folder: bool = True) -> StrategySources:
    base = settings.base_for(slug)
    content = load_turtle(f for f in files if f.name != LINK_FILE)
    links = load_turtle(f for f in files if f.name == LINK_FILE)
    written = f"{STRATEGY_ROOT}{slug}/"  # the files use <root><slug>/; a configured base moves them when read
    if base != written:
        content, links = rebase(content, written, base), rebase(links, written, base)
    own_shapes = settings.shapes / slug
    shapes = load_turtle(turtle_files(own_shapes)) if own_shapes.is_dir() else Graph()
    return StrategySources(slug, base, content, links, shapes, own_folder)


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while millions of terms are created: none of them is garbage yet, and the
    collector's passes over the growing heap cost 40 % of loading 100 strategies (measured: 49 s → 30 s)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_project(settings: Settings, only: str | None = None) -> ProjectGraphs:
    with gc_paused():
        return _load_project(settings, only)


def _load_project(settings: Settings, only: str | None = None) -> ProjectGraphs:
    """Load ontology, data and shapes as the settings point to them; the data moves to the configured base IRI.

    data/ holds one subfolder per strategy and, beside them, the shared reference (the SDGs); a data folder
    without subfolders is one strategy, the default one (``Settings.main_strategy``). ``only`` loads one strategy's
    folder and the shared files, not the others (to validate or show one strategy of many).
    """
    folders = strategy_folders(settings.data)
    if only is not None and folders:
        if only not in {f.name for f in folders}:
            known = ", ".join(f.name for f in folders)
            raise ConfigurationError(f"Keine Strategie „{only}“ in {settings.data} (vorhanden: {known})")
        folders = [f for f in folders if f.name == only]
    top = turtle_files(settings.data)
    if folders:
        shared = load_turtle(top)
        strategies = tuple(_load_strategy(settings, f.name, turtle_files(f)) for f in folders)
    else:
        shared = Graph()
        strategies = (_load_strategy(settings, settings.main_strategy, top, own_folder=False),)
    data = _union(shared, *(g for s in strategies for g in (s.content, s.links)))
    return ProjectGraphs(
        ontology=load_turtle(turtle_files(settings.ontology)),
        data=data,
        shapes=load_turtle(turtle_files(settings.shapes)),
        shared=shared,
        strategies=strategies,
    )


def strategy_folder(settings: Settings) -> Path:
    """The folder of the selected strategy's files: data/<stadt>/, or data/ itself when it has no subfolders."""
    folder = settings.data / settings.main_strategy
    if folder.is_dir():
        return folder
    if not strategy_folders(settings.data):
        return settings.data
    raise ConfigurationError(f"Keine Strategie „{settings.main_strategy}“ in {settings.data}")


def load_strategy(settings: Settings) -> ProjectGraphs:
    """The selected strategy (``Settings.main_strategy``) with the shared reference, the ontology and its rules."""
    project = load_project(settings, only=settings.main_strategy)
    return project.scoped(project.strategy(settings.main_strategy))


def named_parts(settings: Settings, project: ProjectGraphs) -> list[tuple[URIRef, Graph]]:
    """The graph as named graphs, as in the TriG download and in both stores: the shared ontologie and sdg
    (under the main strategy's base), then daten and zuordnungen of each strategy."""
    parts = [(graph_iri(settings.main_base, "ontologie"), project.ontology)]
    if len(project.shared):
        parts.append((graph_iri(settings.main_base, "sdg"), project.shared))
    for strategy in project.strategies:
        daten, zuordnungen = strategy.graphs
        parts += [(daten, strategy.content), (zuordnungen, strategy.links)]
    return parts
