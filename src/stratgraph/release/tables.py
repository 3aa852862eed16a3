"""The CSV tables of a release (UTF-8, comma, one header line); their columns are described in LIESMICH.md."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS
from rdflib.term import Node

from stratgraph.coverage.matrix import PARENT_PROPERTIES
from stratgraph.model.labels import label
from stratgraph.model.namespaces import STRAT
from stratgraph.model.tabular import csv_text

__all__ = ["elemente_csv", "indikatorwerte_csv", "kernaktivitaeten_csv", "schwerpunkte_csv", "statusverlauf_csv"]


def _csv(header: list[str], rows: Iterable[list[str]]) -> str:
    """A table for spreadsheet programs as much as for programs: formula-like text guarded (``tabular``)."""
    return csv_text([header, *rows])


def kernaktivitaeten_csv(graph: Graph) -> str:
    rows = []
    for ka in sorted(graph.subjects(RDF.type, STRAT.Kernaktivitaet), key=str):

        def names(predicate: URIRef, node: Node = ka) -> str:
            return "; ".join(sorted(label(graph, o) for o in graph.objects(node, predicate)))

        sdgs = sorted(str(graph.value(o, SKOS.notation)) for o in graph.objects(ka, STRAT.traegtBeiZuSdg))

        def basis(via: URIRef, node: Node = ka) -> str:
            """Who says so: the basis of the Kernaktivität's links over ``via`` (redaktionell for all today)."""
            found = {
                label(graph, graph.value(z, STRAT.hatBasis))
                for z in graph.subjects(STRAT.zuordnungVon, node)
                if graph.value(z, STRAT.zuordnungUeber) == via
                and graph.value(z, STRAT.hatPruefstatus) != STRAT.abgelehnt
            }
            return "; ".join(sorted(found))

        rows.append(
            [
                str(ka),
                label(graph, ka),
                names(STRAT.gehoertZuKompetenz),
                str(graph.value(ka, STRAT.nummerInKompetenzliste) or ""),
                names(STRAT.gehoertZuSchwerpunkt),
                names(STRAT.hatStatus),
                str(graph.value(ka, STRAT.beschlussjahr) or ""),
                names(STRAT.adressiertQuerschnittsthema),
                "; ".join(sdgs),
                basis(STRAT.gehoertZuSchwerpunkt),
                "ja" if graph.value(ka, STRAT.statusHerleitung) is not None else "nein",
                basis(STRAT.traegtBeiZuSdg),
            ]
        )
    return _csv(
        [
            "iri",
            "name",
            "kompetenz",
            "nummer_in_kompetenzliste",
            "schwerpunkt",
            "status",
            "beschlussjahr",
            "querschnittsthemen",
            "sdg",
            "schwerpunkt_basis",
            "status_erschlossen",
            "sdg_basis",
        ],
        rows,
    )


def schwerpunkte_csv(graph: Graph) -> str:
    def pos(node: Node | None) -> int:
        value = graph.value(node, STRAT.position)
        return int(value.toPython()) if isinstance(value, Literal) else 0

    rows = []
    for sp in graph.subjects(RDF.type, STRAT.Schwerpunkt):
        kompetenz = graph.value(sp, STRAT.gehoertZuKompetenz)
        for ziel in graph.subjects(STRAT.gehoertZuSchwerpunkt, sp):
            if (ziel, RDF.type, STRAT.ProgrammatischesZiel) in graph:
                rows.append(
                    (
                        pos(kompetenz),
                        pos(sp),
                        pos(ziel),
                        [
                            label(graph, kompetenz) if kompetenz else "",
                            str(sp),
                            label(graph, sp),
                            str(pos(ziel)),
                            str(ziel),
                            label(graph, ziel),
                        ],
                    )
                )
    rows.sort(key=lambda r: r[:3])
    return _csv(
        ["kompetenz", "schwerpunkt_iri", "schwerpunkt", "ziel_nummer", "ziel_iri", "programmatisches_ziel"],
        [r[3] for r in rows],
    )


KINDS = {STRAT.gliederungsebene: "gliederung", STRAT.zielebene: "ziel", STRAT.massnahmenebene: "massnahme"}


def elemente_csv(graph: Graph) -> str:
    """Every element of every strategy's levels (any shape): its level, the element above, status, own SDGs."""
    rows = []
    for element, level in graph.subject_objects(STRAT.aufEbene):
        parents = [p for prop in PARENT_PROPERTIES for p in graph.objects(element, prop)]
        above = graph.value(level, STRAT.uebergeordneteEbene)
        parent = next((p for p in parents if graph.value(p, STRAT.aufEbene) == above), None) if above else None
        position = graph.value(level, STRAT.position)
        strategy = str(graph.value(level, STRAT.gehoertZuStrategie) or "")
        status = graph.value(element, STRAT.hatStatus)
        kind = graph.value(level, STRAT.hatEbenenart)
        sdgs = sorted(str(graph.value(o, SKOS.notation)) for o in graph.objects(element, STRAT.traegtBeiZuSdg))
        rows.append(
            (
                strategy,
                int(position.toPython()) if isinstance(position, Literal) else 0,
                str(element),
                [
                    str(element),
                    strategy,
                    label(graph, level),
                    KINDS.get(kind, "") if isinstance(kind, URIRef) else "",
                    label(graph, element),
                    str(parent or ""),
                    label(graph, status) if status is not None else "",
                    "; ".join(sdgs),
                ],
            )
        )
    rows.sort(key=lambda r: r[:3])
    return _csv(
        ["iri", "strategie", "ebene", "ebenenart", "name", "uebergeordnet", "status", "sdg"], [r[3] for r in rows]
    )


def statusverlauf_csv(graph: Graph) -> str:
    """Every status a measure reached, when, and the source that says so (earlier statuses kept)."""
    rows = []
    for measure, entry in graph.subject_objects(STRAT.hatStatuseintrag):
        reached = graph.value(entry, STRAT.erreichtAm)
        rows.append(
            [
                str(measure),
                label(graph, measure),
                label(graph, graph.value(entry, STRAT.nenntStatus)),
                str(reached or ""),
                "; ".join(sorted(label(graph, q) for q in graph.objects(entry, DCTERMS.source))),
            ]
        )
    rows.sort(key=lambda r: (r[0], r[3]))
    return _csv(["massnahme", "name", "status", "erreicht_am", "quelle"], rows)


def indikatorwerte_csv(graph: Graph) -> str:
    """The observations of every strategy's indicators in the tidy layout `stratgraph werte import` reads, with
    the IRIs beside the names (the Data Cube itself is in the RDF dumps)."""
    observation = URIRef("http://purl.org/linked-data/cube#Observation")
    rows = []
    for obs in graph.subjects(RDF.type, observation):
        indicator = graph.value(obs, STRAT.indikator)
        unit = graph.value(obs, STRAT.messeinheit)
        source = graph.value(obs, DCTERMS.source)
        status = graph.value(obs, STRAT.hatBeobachtungsstatus)
        rows.append(
            [
                label(graph, indicator) if indicator is not None else "",
                str(graph.value(obs, STRAT.bezugsjahr) or ""),
                str(graph.value(obs, STRAT.messwert) or ""),
                str(graph.value(indicator, STRAT.einheitZeichen) or ""),
                label(graph, status) if status is not None else "",
                label(graph, source) if source is not None else "",
                str(indicator or ""),
                str(unit or ""),
                str(graph.value(obs, STRAT.gebiet) or ""),
                str(obs),
            ]
        )
    rows.sort(key=lambda r: (r[6], r[1]))
    header = ["indikator", "jahr", "wert", "einheit", "status", "quelle"]
    return _csv([*header, "indikator_iri", "einheit_iri", "gebiet", "iri"], rows)
