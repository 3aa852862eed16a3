"""What a release says about each strategy it holds, read from the strategy's own data: name, description,
publisher (its homepage and municipality key), period, levels with their counts and the SDG links.

The catalogue (DCAT-AP.de), the VoID description and the release README are written from these facts, so no
city is named in the code and a release with several strategies describes each of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, SKOS
from rdflib.term import Node

from stratgraph.model.namespaces import STRAT

__all__ = ["StrategyFacts", "keywords", "strategy_facts", "summary_de", "summary_en", "title_de", "title_en"]

GENERAL_KEYWORDS = ("Stadtstrategie", "Nachhaltigkeitsziele", "SDG", "Stadtentwicklung", "Linked Open Data")


@dataclass(frozen=True)
class StrategyFacts:
    iri: URIRef
    name: str
    name_en: str | None
    description: str | None
    publisher: URIRef | None
    publisher_name: str | None
    publisher_name_en: str | None
    homepage: URIRef | None  # the publisher's
    spatial: URIRef | None  # the publisher's political geocoding (municipality key), if the data gives one
    start: Literal | None  # the strategy's beginning, else its earliest dated milestone or version
    end: Literal | None
    levels: tuple[tuple[str, int], ...]  # (plural of the level's name, number of elements), top down
    themes: int
    links: int  # SDG links (Zuordnungen of any review status; not „kein SDG-Bezug“)


def _text(graph: Graph, node: Node | None, predicate: URIRef, lang: str) -> str | None:
    if node is None:
        return None
    values = sorted(str(v) for v in graph.objects(node, predicate) if isinstance(v, Literal) and v.language == lang)
    return values[0] if values else None


def _earliest(values: list[Literal]) -> Literal | None:
    """The earliest of dates of different precision (xsd:gYear, gYearMonth, date) by their ISO text."""
    return min(values, key=str) if values else None


def strategy_facts(graph: Graph) -> list[StrategyFacts]:
    """Each strategy of the graph (not one of its versions), in IRI order."""
    found = []
    for strategy in sorted(s for s in graph.subjects(RDF.type, STRAT.Strategie) if isinstance(s, URIRef)):
        if (strategy, DCTERMS.isVersionOf, None) in graph:
            continue
        base = str(strategy).rsplit("/", 2)[0] + "/"
        publisher = graph.value(strategy, DCTERMS.publisher)
        publisher = publisher if isinstance(publisher, URIRef) else None
        start = graph.value(strategy, STRAT.beginn)
        if not isinstance(start, Literal):  # the work began before the strategy's text: its first dated step
            dated = [
                o for s, o in graph.subject_objects(STRAT.beginn) if str(s).startswith(base) and isinstance(o, Literal)
            ]
            start = _earliest(dated)
        end = graph.value(strategy, STRAT.ende)
        levels = sorted(
            (lv for lv in graph.subjects(STRAT.gehoertZuStrategie, strategy) if (lv, RDF.type, STRAT.Ebene) in graph),
            key=lambda lv: int(str(graph.value(lv, STRAT.position) or 0)),
        )
        counts = tuple(
            (
                _text(graph, lv, STRAT.mehrzahl, "de") or _text(graph, lv, SKOS.prefLabel, "de") or "Elemente",
                len(set(graph.subjects(STRAT.aufEbene, lv))),
            )
            for lv in levels
        )
        themes = {
            t
            for t in graph.subjects(STRAT.gehoertZuStrategie, strategy)
            if (t, RDF.type, STRAT.Querschnittsthema) in graph
        }
        links = sum(  # every SDG link with its evidence, whatever its review status
            1
            for z in graph.subjects(STRAT.zuordnungUeber, STRAT.traegtBeiZuSdg)
            if str(z).startswith(base) and graph.value(z, STRAT.zuordnungZu) != STRAT.keinSdgBezug
        )
        spatial = graph.value(publisher, DCTERMS.spatial) if publisher is not None else None
        homepage = graph.value(publisher, FOAF.homepage) if publisher is not None else None
        found.append(
            StrategyFacts(
                iri=strategy,
                name=_text(graph, strategy, SKOS.prefLabel, "de") or str(strategy),
                name_en=_text(graph, strategy, SKOS.prefLabel, "en"),
                description=_text(graph, strategy, DCTERMS.description, "de"),
                publisher=publisher,
                publisher_name=_text(graph, publisher, SKOS.prefLabel, "de"),
                publisher_name_en=_text(graph, publisher, SKOS.prefLabel, "en"),
                homepage=homepage if isinstance(homepage, URIRef) else None,
                spatial=spatial if isinstance(spatial, URIRef) else None,
                start=start if isinstance(start, Literal) else None,
                end=end if isinstance(end, Literal) else None,
                levels=counts,
                themes=len(themes),
                links=links,
            )
        )
    return found


def _with_end(name: str, end: Literal | None) -> str:
    return f"{name} {end}" if end is not None and str(end) not in name else name


def title_de(strategies: list[StrategyFacts]) -> str:
    """The dataset's German title: one strategy by name and horizon, several by their names."""
    if len(strategies) == 1:
        return f"{_with_end(strategies[0].name, strategies[0].end)} als Wissensgraph"
    return "Strategien als Wissensgraph: " + "; ".join(_with_end(s.name, s.end) for s in strategies)


def title_en(strategies: list[StrategyFacts]) -> str:
    if len(strategies) == 1:
        s = strategies[0]
        return f"{_with_end(s.name_en or s.name, s.end)} as a knowledge graph"
    return "Strategies as a knowledge graph: " + "; ".join(_with_end(s.name_en or s.name, s.end) for s in strategies)


def _levels(s: StrategyFacts) -> str:
    return ", ".join(f"{count} {plural}" for plural, count in s.levels)


def summary_de(s: StrategyFacts) -> str:
    """What the graph holds of one strategy, in German, from its data."""
    own = f"{s.description} " if s.description else ""
    themes = (
        f", {s.themes} Querschnittsthema" if s.themes == 1 else (f", {s.themes} Querschnittsthemen" if s.themes else "")
    )
    author = s.publisher_name or "nicht angegeben"
    return (
        f"{own}Im Graphen: {_levels(s)}{themes}, jede Aussage mit Quelle; dazu {s.links} redaktionelle, belegte "
        "Bezüge zu den 17 UN-Nachhaltigkeitszielen (Prüfstatus je Bezug). Herausgeber der Strategie: "
        f"{author}; dieser Graph ist keine amtliche Veröffentlichung des Herausgebers."
    )


def summary_en(s: StrategyFacts) -> str:
    themes = f", {s.themes} cross-cutting themes" if s.themes else ""
    author = s.publisher_name_en or s.publisher_name or "not given"
    return (
        f"The strategy „{s.name_en or s.name}“ as linked open data: {_levels(s)} (the strategy's own German level "
        f"names){themes}, each statement with its source; plus {s.links} editorial, evidenced links to the 17 UN "
        f"Sustainable Development Goals (review status per link). Publisher of the strategy: {author}; this "
        "graph is not an official publication of the publisher."
    )


def keywords(strategies: list[StrategyFacts]) -> list[str]:
    """The strategies' names, publishers and level names, and what every release is about."""
    words: list[str] = []
    for s in strategies:
        words += [s.name, *(filter(None, [s.publisher_name])), *(plural for plural, _ in s.levels)]
    words += GENERAL_KEYWORDS
    return list(dict.fromkeys(words))
