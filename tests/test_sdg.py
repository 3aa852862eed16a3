"""The SDGs: our 17 goals and 169 targets use exactly the UN's IRIs, checked against the UN SDG KOS in ../shared."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from stratgraph.namespaces import SDGO, STRAT

from .conftest import SHARED

KOS = SHARED / "sdg" / "sdg-kos-goals-targets-indicators.ttl"


@pytest.fixture(scope="module")
def kos() -> Graph:
    if not KOS.is_file():
        pytest.skip(f"UN SDG KOS not found at {KOS} (../shared is absent; CI has it)")
    return Graph().parse(KOS)


def _used_sdg_iris(graph: Graph) -> set[URIRef]:
    used = {s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith("http://metadata.un.org/sdg/")}
    used |= {o for o in graph.objects(None, STRAT.traegtBeiZuSdg) if isinstance(o, URIRef)}
    used |= {o for o in graph.objects(None, STRAT.zuordnungZu) if str(o).startswith("http://metadata.un.org/sdg/")}
    return used  # type: ignore[return-value]


def test_every_sdg_iri_exists_in_the_un_kos(graph: Graph, kos: Graph) -> None:
    used = _used_sdg_iris(graph)
    assert len(used) == 17 + 169
    assert {iri for iri in used if (iri, None, None) not in kos} == set()


def test_goals_and_targets_match_the_kos(graph: Graph, kos: Graph) -> None:
    for klasse in (SDGO.Goal, SDGO.Target):
        assert set(graph.subjects(RDF.type, klasse)) == set(kos.subjects(RDF.type, klasse))
    for goal in graph.subjects(RDF.type, SDGO.Goal):
        assert set(graph.objects(goal, SDGO.hasTarget)) == set(kos.objects(goal, SDGO.hasTarget)), goal
        ours = {o for o in graph.objects(goal, SKOS.exactMatch) if "wikidata" in str(o)}
        assert ours == {o for o in kos.objects(goal, SKOS.exactMatch) if "wikidata" in str(o)}, goal


def test_target_codes_are_the_kos_notations(graph: Graph, kos: Graph) -> None:
    for target in graph.subjects(RDF.type, SDGO.Target):
        assert graph.value(target, SKOS.notation) in set(kos.objects(target, SKOS.notation)) | {
            Literal(str(n)) for n in kos.objects(target, SKOS.notation)
        }


def test_goals_have_german_and_english_names(graph: Graph) -> None:
    names = {
        str(graph.value(g, SKOS.notation)): {v.language: str(v) for v in graph.objects(g, SKOS.altLabel)}
        for g in graph.subjects(RDF.type, SDGO.Goal)
    }
    assert names["13"] == {"de": "Maßnahmen zum Klimaschutz", "en": "Climate action"}
    assert names["11"]["de"] == "Nachhaltige Städte und Gemeinden"
    assert all(set(n) == {"de", "en"} for n in names.values())


def test_no_un_target_text_is_copied(graph: Graph, kos: Graph) -> None:
    un_texts = {str(o) for o in kos.objects(None, SKOS.prefLabel) if isinstance(o, Literal) and len(str(o)) > 40}
    ours = {str(o) for o in graph.objects() if isinstance(o, Literal)}
    assert un_texts & ours == set()


def test_every_link_carries_evidence_and_is_a_proposal(graph: Graph) -> None:
    links = list(graph.subjects(RDF.type, STRAT.Zuordnung))
    assert len(links) > 250
    for link in links:
        assert graph.value(link, STRAT.hatPruefstatus) == STRAT.vorgeschlagen
        assert graph.value(link, STRAT.hatBasis) == STRAT.redaktionell
        assert len(str(graph.value(link, STRAT.begruendung))) > 20


def test_every_querschnittsthema_and_umsetzungskonzept_serves_an_sdg(graph: Graph) -> None:
    for klasse in (STRAT.Querschnittsthema, STRAT.Umsetzungskonzept):
        for node in graph.subjects(RDF.type, klasse):
            assert list(graph.objects(node, STRAT.traegtBeiZuSdg)), node
