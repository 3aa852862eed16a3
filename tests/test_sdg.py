"""The SDGs: our 17 goals and 169 targets use exactly the UN's IRIs, checked against the UN SDG KOS in ../shared."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from stratgraph.model.namespaces import SDGO, STRAT

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
    assert len(used) == 17 + 169 + 232  # goals, targets, indicators
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


def test_indicators_are_the_kos_with_their_codes_english_titles_and_targets(graph: Graph, kos: Graph) -> None:
    """The 232 indicators, each as the KOS gives it: compact code, official English title verbatim, its targets."""
    ours = set(graph.subjects(RDF.type, SDGO.Indicator))
    assert ours == set(kos.subjects(RDF.type, SDGO.Indicator)) and len(ours) == 232
    for node in ours:
        compact = {str(n) for n in kos.objects(node, SKOS.notation) if n.datatype == SDGO.SDGCodeCompact}
        assert {str(n) for n in graph.objects(node, SKOS.notation)} == compact, node
        titles = list(graph.objects(node, SKOS.prefLabel))
        assert [t.language for t in titles] == ["en"], node  # type: ignore[attr-defined]
        official = {str(v).strip() for v in kos.objects(node, SKOS.prefLabel) if v.language == "en"}  # type: ignore[attr-defined]
        assert str(titles[0]) in official, node
        assert set(graph.objects(node, SKOS.broader)) == set(kos.objects(node, SKOS.broader)), node
    transport = URIRef("http://metadata.un.org/sdg/C110201")
    assert str(graph.value(transport, SKOS.notation)) == "11.2.1"
    assert set(graph.objects(transport, SKOS.broader)) == {URIRef("http://metadata.un.org/sdg/11.2")}


def test_goals_have_our_german_working_title_and_the_uns_names(graph: Graph) -> None:
    goal13 = URIRef("http://metadata.un.org/sdg/13")
    assert {str(v) for v in graph.objects(goal13, STRAT.arbeitstitel)} == {"Maßnahmen zum Klimaschutz"}
    assert {str(v) for v in graph.objects(goal13, SKOS.altLabel)} == {"Climate action"}
    titles = {v.language: str(v) for v in graph.objects(goal13, SKOS.prefLabel)}
    assert titles["en"] == "Take urgent action to combat climate change and its impacts"
    for goal in graph.subjects(RDF.type, SDGO.Goal):
        assert [v.language for v in graph.objects(goal, STRAT.arbeitstitel)] == ["de"], goal


def test_titles_are_the_uns_own_verbatim(graph: Graph, kos: Graph) -> None:
    """Every goal and target carries the UN's titles (en, es, fr), copied verbatim: nothing of ours on UN IRIs."""
    for klasse in (SDGO.Goal, SDGO.Target):
        for node in graph.subjects(RDF.type, klasse):
            ours = set(graph.objects(node, SKOS.prefLabel))
            assert {v.language for v in ours if isinstance(v, Literal)} == {"en", "es", "fr"}, node
            assert ours <= set(kos.objects(node, SKOS.prefLabel)), node
            assert set(graph.objects(node, SKOS.altLabel)) <= set(kos.objects(node, SKOS.altLabel)), node


def test_merged_with_the_kos_one_preflabel_per_language(graph: Graph, kos: Graph) -> None:
    """SKOS allows one prefLabel per language; merged with the UN's KOS, we must add none. The KOS itself gives
    12.3 a second, corrupt title in each language (see data/README.md); that is the only exception."""
    merged = Graph()
    merged += kos
    merged += graph
    offenders = set()
    for node in set(graph.subjects(RDF.type, SDGO.Goal)) | set(graph.subjects(RDF.type, SDGO.Target)):
        languages = [v.language for v in merged.objects(node, SKOS.prefLabel) if isinstance(v, Literal)]
        offenders |= {(str(graph.value(node, SKOS.notation)), lang) for lang in languages if languages.count(lang) > 1}
    assert offenders == {("12.3", "en"), ("12.3", "es"), ("12.3", "fr")}


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


# Targets whose official text is about developing countries or has a deadline that has passed
_LIMITED = ("developing countries", "least developed", "small island", "By 2020", "by 2020")


def test_limited_targets_are_linked_only_with_a_reason_why_they_apply(graph: Graph) -> None:
    """A link to a target about developing countries or with a past deadline must say why it fits Bochum."""
    checked = 0
    for link in graph.subjects(RDF.type, STRAT.Zuordnung):
        target = graph.value(link, STRAT.zuordnungZu)
        if (target, RDF.type, SDGO.Target) not in graph:
            continue
        text = next(
            str(v) for v in graph.objects(target, SKOS.prefLabel) if isinstance(v, Literal) and v.language == "en"
        )
        if any(limit in text for limit in _LIMITED):
            checked += 1
            reason = str(graph.value(link, STRAT.begruendung))
            assert "alle Länder" in reason or "am wenigsten entwickelten" in reason or "Frist" in reason, (link, text)
    assert checked == 10  # 9.5 (six links) and 9.2: all countries; 15.5 (three): the 2020 deadline is the species'


def test_no_link_to_a_target_only_for_least_developed_countries_by_2020(graph: Graph) -> None:
    for target in ("9.c", "3.c", "8.6", "12.4"):  # re-reviewed against the UN texts and removed
        assert not list(graph.subjects(STRAT.traegtBeiZuSdg, URIRef(f"http://metadata.un.org/sdg/{target}")))
