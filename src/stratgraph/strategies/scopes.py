"""Several strategies in one store: which there are, how a view is scoped to one, and the comparison across them.

Each strategy is a folder of data/ and two named graphs (daten, zuordnungen); the ontology and the SDG reference
are shared graphs. A view of one strategy queries its graphs plus the shared ones (the protocol's default graph),
so the same named queries answer for every strategy; the comparison queries all graphs at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib.term import Node

from stratgraph.config import Settings
from stratgraph.errors import StratgraphError
from stratgraph.model.answers import Stadt
from stratgraph.model.graph import graph_iri, strategy_folders
from stratgraph.store.embedded import Graphs, Store
from stratgraph.store.named_queries import query_text

__all__ = [
    "Comparison",
    "StrategyRow",
    "StrategyScope",
    "StrategySummary",
    "UnknownStrategyError",
    "chosen",
    "compare",
    "pick",
    "scopes",
    "summaries",
]


class UnknownStrategyError(StratgraphError):
    """A ``stadt`` that is not one of the strategies here."""


@dataclass(frozen=True)
class StrategyScope:
    """One strategy as the store holds it: slug, IRI base, its two named graphs and the graphs its views read."""

    slug: str
    base: str
    content_graph: str
    link_graph: str
    graphs: Graphs  # its two and the shared ontologie and sdg; () with one strategy: the store as it is


def scopes(settings: Settings) -> dict[str, StrategyScope]:
    """The strategies of the data folder by slug, from its layout alone (nothing parsed)."""
    slugs = [f.name for f in strategy_folders(settings.data)] or [settings.main_strategy]
    shared = [str(graph_iri(settings.main_base, name)) for name in ("ontologie", "sdg")]
    found = {}
    for slug in slugs:
        base = settings.base_for(slug)
        daten, zuordnungen = str(graph_iri(base, "daten")), str(graph_iri(base, "zuordnungen"))
        # one strategy needs no scoping, so a store loaded without named graphs answers as before
        graphs = (daten, zuordnungen, *shared) if len(slugs) > 1 else ()
        found[slug] = StrategyScope(slug, base, daten, zuordnungen, graphs)
    return found


def pick(known: dict[str, StrategyScope], stadt: str | None, main: str | None = None) -> StrategyScope:
    """The strategy a view is about: the one asked for; without, the only one, else the main one (``main``, the
    settings' ``main_strategy``), else the first by slug."""
    if stadt is None:
        if len(known) == 1:
            return next(iter(known.values()))
        stadt = main if main in known else sorted(known)[0]
    if stadt not in known:
        raise UnknownStrategyError(f"Unbekannte Stadt „{stadt}“; vorhanden: {', '.join(sorted(known))}")
    return known[stadt]


def chosen(known: dict[str, StrategyScope], text: str | None) -> list[str] | None:
    """Strategies named as ``a,b,c`` (None: all of them); UnknownStrategyError naming the unknown and the known ones."""
    if text is None:
        return None
    wanted = [s.strip() for s in text.split(",") if s.strip()]
    if not wanted:
        raise UnknownStrategyError("Keine Stadt angegeben; ohne die Angabe gelten alle Städte")
    unknown = sorted(set(wanted) - set(known))
    if unknown:
        raise UnknownStrategyError(f"Unbekannte Städte: {', '.join(unknown)}; vorhanden: {', '.join(sorted(known))}")
    return wanted


@dataclass(frozen=True)
class StrategySummary:
    slug: str
    strategy: str  # IRI of the strategy itself
    name: str
    publisher: str | None
    kernaktivitaeten: int  # its measures (e.g. Kernaktivitäten)
    measures: str = "Maßnahmen"  # what the strategy calls them (the plural of its measure level's name)
    website: str | None = None  # where its publisher puts it (foaf:homepage), if the data says

    def answer(self) -> Stadt:
        """As ``/api/staedte`` and ``stratgraph staedte --format json`` give it."""
        return Stadt(
            slug=self.slug,
            strategie=self.strategy,
            name=self.name,
            herausgeber=self.publisher,
            kernaktivitaeten=self.kernaktivitaeten,
            bezeichnung_massnahmen=self.measures,
            website=self.website,
        )


def summaries(store: Store, known: dict[str, StrategyScope], queries_dir: Path) -> list[StrategySummary]:
    """Each strategy with its name, publisher and number of Kernaktivitäten, in slug order."""
    by_graph = {scope.content_graph: scope.slug for scope in known.values()}
    found = {}
    for row in store.select(query_text(queries_dir, "intern/staedte.rq")):
        slug = by_graph.get(str(row["graph"]))
        if slug is None or slug in found:  # a graph of another service, or a second top-level strategy
            continue
        publisher = row.get("herausgeber")
        count, word = row.get("kernaktivitaeten"), row.get("massnahmenWort")
        found[slug] = StrategySummary(
            slug,
            str(row["strategie"]),
            str(row["name"]),
            str(publisher) if publisher else None,
            _int(count),
            str(word) if word else "Maßnahmen",
            str(row["website"]) if row.get("website") else None,
        )
    return [found[s] for s in sorted(found)]


@dataclass(frozen=True)
class StrategyRow:
    """One strategy's figures for one SDG."""

    kernaktivitaeten: int  # with a direct link of their own (not rejected)
    links: int
    confirmed: int

    @property
    def confirmed_share(self) -> float | None:
        return self.confirmed / self.links if self.links else None


@dataclass
class Comparison:
    """Per SDG goal (IRI) and strategy slug: the direct links; a strategy without links to a goal has no entry."""

    slugs: list[str]
    rows: dict[str, dict[str, StrategyRow]] = field(default_factory=dict)

    def row(self, goal: str, strategy: str) -> StrategyRow:
        return self.rows.get(goal, {}).get(strategy, StrategyRow(0, 0, 0))


def compare(
    store: Store, known: dict[str, StrategyScope], queries_dir: Path, only: list[str] | None = None
) -> Comparison:
    """Per SDG: how many Kernaktivitäten each strategy links directly, and the share of confirmed links."""
    by_graph = {scope.link_graph: scope.slug for scope in known.values()}
    chosen = sorted(only or known)
    comparison = Comparison(chosen)
    for row in store.select(query_text(queries_dir, "intern/vergleich.rq")):
        slug = by_graph.get(str(row["graph"]))
        if slug is None or slug not in chosen:
            continue
        comparison.rows.setdefault(str(row["ziel"]), {})[slug] = StrategyRow(
            _int(row["kernaktivitaeten"]), _int(row["bezuege"]), _int(row["bestaetigte"])
        )
    return comparison


def _int(term: Node | None) -> int:
    return int(str(term)) if term is not None else 0
