"""Counts of what the graph holds, set beside the figures the sources state."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from stratgraph.model.answers import KlassenZahl, QuellenZahl, Statistik, StatusZahl
from stratgraph.model.labels import label
from stratgraph.model.namespaces import STRAT

__all__ = ["ClassCount", "StatedFigure", "Stats", "StatusCount", "compute_stats"]


@dataclass(frozen=True)
class ClassCount:
    klasse: str
    label: str
    count: int


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class StatedFigure:
    """A figure as a source states it, and what the graph holds for the same question."""

    iri: str
    label: str
    stated: int
    in_graph: int
    reference_date: str | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Stats:
    classes: list[ClassCount]
    statuses: list[StatusCount]
    figures: list[StatedFigure]

    def answer(self) -> Statistik:
        """As ``stratgraph stats --format json`` gives it."""
        return Statistik(
            klassen=[KlassenZahl(klasse=c.klasse, bezeichnung=c.label, anzahl=c.count) for c in self.classes],
            status=[StatusZahl(status=s.status, bezeichnung=s.label, anzahl=s.count) for s in self.statuses],
            zahlen_der_quellen=[
                QuellenZahl(
                    iri=f.iri,
                    bezeichnung=f.label,
                    laut_quelle=f.stated,
                    im_graph=f.in_graph,
                    stichtag=f.reference_date,
                    quellen=list(f.sources),
                )
                for f in self.figures
            ],
        )


def _integer(graph: Graph, node: Node, predicate: URIRef) -> int:
    value = graph.value(node, predicate)
    return int(value.toPython()) if isinstance(value, Literal) else 0


def _count_instances(graph: Graph, klasse: Node, statuses: list[Node]) -> int:
    members = set(graph.subjects(RDF.type, klasse))
    if statuses:
        members = {m for m in members if any((m, STRAT.hatStatus, s) in graph for s in statuses)}
    return len(members)


def _local(node: Node) -> str:
    return str(node)[len(str(STRAT)) :]


def compute_stats(graph: Graph) -> Stats:
    """Instances per vocabulary class, Kernaktivitäten per status, and each stated figure beside the graph's count."""
    classes = sorted(
        (c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef) and str(c).startswith(str(STRAT))),
        key=str,
    )
    class_counts = [
        ClassCount(klasse=_local(c), label=label(graph, c, (RDFS.label,)), count=len(set(graph.subjects(RDF.type, c))))
        for c in classes
    ]
    statuses = sorted(
        graph.subjects(SKOS.inScheme, STRAT.UmsetzungsstatusSchema), key=lambda s: _integer(graph, s, STRAT.position)
    )
    status_counts = [
        StatusCount(status=_local(s), label=label(graph, s), count=_count_instances(graph, STRAT.Kernaktivitaet, [s]))
        for s in statuses
    ]
    figures = []
    for figure in sorted(graph.subjects(RDF.type, STRAT.Kennzahl), key=str):
        klasse = graph.value(figure, STRAT.zaehltKlasse)
        counted = sorted(graph.objects(figure, STRAT.zaehltStatus), key=str)
        stichtag = graph.value(figure, STRAT.stichtag)
        figures.append(
            StatedFigure(
                iri=str(figure),
                label=label(graph, figure),
                stated=_integer(graph, figure, STRAT.wert),
                in_graph=_count_instances(graph, klasse, counted) if klasse is not None else 0,
                reference_date=None if stichtag is None else str(stichtag),
                sources=tuple(sorted(str(s) for s in graph.objects(figure, DCTERMS.source))),
            )
        )
    return Stats(classes=class_counts, statuses=status_counts, figures=figures)
