"""Competency questions: SPARQL over the loaded graph, answers written down from the seeds by hand."""

from __future__ import annotations

from rdflib import Graph

PREFIXES = """
PREFIX strat: <https://w3id.org/stratgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

VORREITERIN = "Vorreiterin modernen Stadtmanagements"
GROSSSTADT = "Großstadt mit Lebensgefühl"
HOTSPOT = "Hotspot der Live-Kultur"
TALENTSCHMIEDE = "Talentschmiede im Ruhrgebiet"
SHOOTINGSTAR = "Shootingstar der Wissensarbeit"


def rows(graph: Graph, query: str) -> list[tuple[str, ...]]:
    return [tuple(str(v) for v in row) for row in graph.query(PREFIXES + query)]  # type: ignore[union-attr]


def values(graph: Graph, query: str) -> set[str]:
    return {r[0] for r in rows(graph, query)}


def test_five_kompetenzen_in_order(graph: Graph) -> None:
    # seed 003, "Zielsystem": the five Kompetenzen; order as in the brochure and the overview slide
    got = rows(
        graph,
        """SELECT ?name WHERE { ?k a strat:Kompetenz ; skos:prefLabel ?name ; strat:position ?p .
                          FILTER (lang(?name) = "de") } ORDER BY ?p""",
    )
    assert [r[0] for r in got] == [VORREITERIN, GROSSSTADT, HOTSPOT, TALENTSCHMIEDE, SHOOTINGSTAR]


def test_each_kompetenz_has_five_schwerpunkte(graph: Graph) -> None:
    got = rows(
        graph,
        """SELECT ?k (COUNT(?s) AS ?n) WHERE { ?k a strat:Kompetenz .
                          ?s a strat:Schwerpunkt ; strat:gehoertZuKompetenz ?k } GROUP BY ?k""",
    )
    assert len(got) == 5 and {r[1] for r in got} == {"5"}


def test_25_schwerpunkte(graph: Graph) -> None:
    assert len(values(graph, "SELECT ?s WHERE { ?s a strat:Schwerpunkt }")) == 25


def test_each_kompetenz_has_two_strategische_ziele(graph: Graph) -> None:
    got = rows(
        graph,
        """SELECT ?k (COUNT(?z) AS ?n) WHERE { ?z a strat:StrategischesZiel ;
                          strat:gehoertZuKompetenz ?k } GROUP BY ?k""",
    )
    assert len(got) == 5 and {r[1] for r in got} == {"2"}


def test_schwerpunkte_of_hotspot(graph: Graph) -> None:
    # seed 003, Hotspot der Live-Kultur, "Schwerpunkte und programmatische Ziele"
    got = rows(
        graph,
        f"""SELECT ?name WHERE {{ ?k skos:prefLabel "{HOTSPOT}"@de .
        ?s strat:gehoertZuKompetenz ?k ; a strat:Schwerpunkt ; skos:prefLabel ?name ; strat:position ?p .
        FILTER (lang(?name) = "de") }} ORDER BY ?p""",
    )
    assert [r[0] for r in got] == [
        "Hochkultur der Spitzenklasse",
        "Erstklassige Pop-Kultur",
        "Keimzelle kultureller Innovationen",
        "Lebendige Kulturszene und -initiativen",
        "Kreative Milieus und Quartiere",
    ]


def test_programmatische_ziele_per_schwerpunkt(graph: Graph) -> None:
    # counted by hand in seed 003
    expected = {
        "Lebenswerte Stadtteile und Wohnquartiere": 5,
        "Hochkultur der Spitzenklasse": 1,
        "Chancengerechte individuelle Förderung": 5,
        "Exzellente Forschung": 2,
        "Gemeinsamkeit in Vielfalt": 4,
        "Erstklassige berufliche und akademische Bildung": 4,
    }
    got = dict(
        rows(
            graph,
            """SELECT ?name (COUNT(?z) AS ?n) WHERE { ?s a strat:Schwerpunkt ; skos:prefLabel ?name .
        FILTER (lang(?name) = "de") ?z a strat:ProgrammatischesZiel ; strat:gehoertZuSchwerpunkt ?s } GROUP BY ?name""",
        )
    )
    for name, count in expected.items():
        assert got[name] == str(count), name
    assert sum(int(n) for n in got.values()) == 70


def test_older_schwerpunkt_name_is_alt_label(graph: Graph) -> None:
    # overview slide (seed 004) says "Lebenswerte, sichere Stadtteile und Wohnquartiere"
    got = values(
        graph,
        """SELECT ?pref WHERE { ?s skos:altLabel "Lebenswerte, sichere Stadtteile und Wohnquartiere"@de ;
                            skos:prefLabel ?pref . FILTER (lang(?pref) = "de") }""",
    )
    assert got == {"Lebenswerte Stadtteile und Wohnquartiere"}


def test_gigabit_city_belongs_to_shootingstar(graph: Graph) -> None:
    got = values(
        graph,
        """SELECT ?k WHERE { ?ka skos:prefLabel "Gigabit-City Bochum"@de ;
                           strat:gehoertZuKompetenz/skos:prefLabel ?k . FILTER (lang(?k) = "de") }""",
    )
    assert got == {SHOOTINGSTAR}


def test_eingestellte_kernaktivitaet(graph: Graph) -> None:
    got = values(graph, """SELECT ?name WHERE { ?ka strat:hatStatus strat:eingestellt ; skos:prefLabel ?name }""")
    assert got == {"Fonds für IT-Sicherheit"}


def test_speisekammer_ueberfuehrt_in_haus_des_wissens(graph: Graph) -> None:
    got = rows(
        graph,
        """SELECT ?von ?nach WHERE { ?a strat:hatStatus strat:ueberfuehrt ; strat:ueberfuehrtIn ?b ;
                          skos:prefLabel ?von . ?b skos:prefLabel ?nach }""",
    )
    assert got == [("Bochums Speisekammer – Markthalle im Herzen der Stadt", "Haus des Wissens")]


def test_kompetenzen_tied_to_wissen(graph: Graph) -> None:
    # seed 001: Wissen -> Talentschmiede and Shootingstar der Wissensarbeit
    got = values(
        graph,
        """SELECT ?k WHERE { ?l a strat:Leitbegriff ; skos:prefLabel "Wissen"@de ;
                           strat:praegtKompetenz/skos:prefLabel ?k . FILTER (lang(?k) = "de") }""",
    )
    assert got == {TALENTSCHMIEDE, SHOOTINGSTAR}


def test_kompetenzen_tied_to_wandel_and_wir_gefuehl(graph: Graph) -> None:
    q = """SELECT ?k WHERE {{ ?l a strat:Leitbegriff ; skos:prefLabel "{}"@de ;
           strat:praegtKompetenz/skos:prefLabel ?k . FILTER (lang(?k) = "de") }}"""
    assert values(graph, q.format("Wandel")) == {VORREITERIN}
    assert values(graph, q.format("Wir-Gefühl")) == {GROSSSTADT, HOTSPOT}


def test_umgesetzte_per_kompetenz(graph: Graph) -> None:
    # seed 004, "34 etablierte/umgesetzte Kernaktivitäten", counted by hand per Kompetenz
    got = dict(
        rows(
            graph,
            """SELECT ?k (COUNT(?ka) AS ?n) WHERE { ?ka strat:hatStatus strat:umgesetzt ;
        strat:gehoertZuKompetenz/skos:prefLabel ?k . FILTER (lang(?k) = "de") } GROUP BY ?k""",
        )
    )
    assert got == {VORREITERIN: "11", GROSSSTADT: "7", HOTSPOT: "5", TALENTSCHMIEDE: "4", SHOOTINGSTAR: "7"}


def test_34_umgesetzt_matches_stated_figure(graph: Graph) -> None:
    got = rows(
        graph,
        """SELECT ?stated (COUNT(DISTINCT ?ka) AS ?n) WHERE {
        ?f a strat:Kennzahl ; strat:wert ?stated ; strat:zaehltStatus strat:umgesetzt .
        ?ka strat:hatStatus strat:umgesetzt } GROUP BY ?stated""",
    )
    assert got == [("34", "34")]


def test_stated_figures(graph: Graph) -> None:
    got = dict(
        rows(graph, """SELECT ?name ?wert WHERE { ?f a strat:Kennzahl ; skos:prefLabel ?name ; strat:wert ?wert }""")
    )
    assert got["Geplante Kernaktivitäten bis 2030"] == "125"
    assert got["Beschlossene Kernaktivitäten"] == "75"
    assert got["Laufende Kernaktivitäten"] == "38"
    assert got["Eingestellte oder integrierte Kernaktivitäten"] == "3"


def test_ka23_decision(graph: Graph) -> None:
    # seed 004, "Kernaktivitäten 2023 (KA23)": twelve names
    got = values(graph, """SELECT ?name WHERE { ?ka strat:beschlussjahr "2023"^^xsd:gYear ; skos:prefLabel ?name }""")
    assert len(got) == 12
    assert {
        "Bochumer Wärmewende",
        "Inkubator Grüne Chemie",
        "Bermuda3Eck 4.0",
        "Moderne Arbeitswelten@Stadt Bochum",
    } <= got


def test_smart_city_programme(graph: Graph) -> None:
    got = values(
        graph,
        """SELECT ?name WHERE { ?ka strat:istTeilVonUmsetzungskonzept ?c ; skos:prefLabel ?name .
                            ?c skos:prefLabel "Smart City Konzept"@de }""",
    )
    assert got == {
        "Smart City Bochum: Mit BIM zum Bauantrag",
        "Smart City Bochum: Urbane Datenplattform",
        "Smart City Bochum: Consul – Bochumer Beteiligungsplattform",
    }


def test_five_querschnittsthemen(graph: Graph) -> None:
    got = rows(
        graph,
        """SELECT ?name WHERE { ?q a strat:Querschnittsthema ; skos:prefLabel ?name ; strat:position ?p .
                          FILTER (lang(?name) = "de") } ORDER BY ?p""",
    )
    assert [r[0] for r in got] == [
        "Gesellschaftliche Vielfalt",
        "Soziale Lage",
        "Sicherheit",
        "Klima",
        "Digitalisierung",
    ]


def test_umsetzungskonzepte(graph: Graph) -> None:
    got = values(
        graph, """SELECT ?n WHERE { ?c a strat:Umsetzungskonzept ; skos:prefLabel ?n . FILTER (lang(?n) = "de") }"""
    )
    assert got == {
        "Smart City Konzept",
        "Nachhaltigkeitsstrategie",
        "Kulturentwicklungsprozess",
        "Arbeitsmarktstrategie",
    }


def test_first_and_last_milestone(graph: Graph) -> None:
    got = rows(
        graph,
        """SELECT ?angabe ?name WHERE { ?m a strat:Meilenstein ; strat:position ?p ; strat:zeitangabe ?angabe ;
                          skos:prefLabel ?name } ORDER BY ?p""",
    )
    assert got[0] == ("07/2016", "Beginn der Arbeit")
    assert got[-1][0] == "08/2024"
    assert len(got) == 9


def test_three_tranchen_of_25(graph: Graph) -> None:
    got = rows(
        graph,
        """SELECT ?name ?umfang WHERE { ?t a strat:Tranche ; skos:prefLabel ?name ; strat:umfang ?umfang ;
                          strat:position ?p . FILTER (lang(?name) = "de") } ORDER BY ?p""",
    )
    assert got == [("1. Tranche", "25"), ("2. Tranche", "25"), ("3. Tranche", "25")]


def test_strategy_versions(graph: Graph) -> None:
    got = values(
        graph, """SELECT ?v WHERE { ?s dct:isVersionOf ?strategie ; <http://www.w3.org/2002/07/owl#versionInfo> ?v }"""
    )
    assert got == {"1.0", "2.0"}
    decided = values(
        graph, """SELECT ?d WHERE { ?s <http://www.w3.org/2002/07/owl#versionInfo> "1.0" ; dct:issued ?d }"""
    )
    assert decided == {"2017-05"}


def test_wesenskern_has_three_leitbegriffe(graph: Graph) -> None:
    got = rows(
        graph,
        """SELECT ?name WHERE { ?w a strat:Wesenskern ; strat:hatLeitbegriff ?l . ?l skos:prefLabel ?name ;
                          strat:position ?p . FILTER (lang(?name) = "de") } ORDER BY ?p""",
    )
    assert [r[0] for r in got] == ["Wissen", "Wandel", "Wir-Gefühl"]


def test_indicator_keyword_innovationsstaerke(graph: Graph) -> None:
    got = values(
        graph,
        """SELECT ?k WHERE { ?z strat:indikatorStichwort "Innovationsstärke"@de ;
                           strat:gehoertZuKompetenz/skos:prefLabel ?k . FILTER (lang(?k) = "de") }""",
    )
    assert got == {SHOOTINGSTAR}


def test_line_responsibility(graph: Graph) -> None:
    # seed 004, "Beispiele für Kernaktivitäten mit unterschiedlicher Kompetenz- und Linienverantwortung"
    got = dict(
        rows(
            graph,
            """SELECT ?ka ?unit WHERE { ?k strat:wirdVerantwortetVon ?u ; skos:prefLabel ?ka .
                               ?u skos:prefLabel ?unit . FILTER (lang(?unit) = "de") }""",
        )
    )
    assert got["Gigabit-City Bochum"] == "Dezernat III"
    assert got["Familienbüro"] == "Dezernat I"
    assert got["SHIFT – (Digitales) Bochumer Innovationslabor"] == "Bochum Wirtschaftsentwicklung"
    assert got["FestivalStadt Bochum"] == "Bochum Marketing"
    assert got["Haus des Wissens"] == "Dezernat IV"


def test_governance_bodies(graph: Graph) -> None:
    got = values(graph, """SELECT ?n WHERE { ?g a strat:Gremium ; skos:prefLabel ?n . FILTER (lang(?n) = "de") }""")
    assert {"Strategiebeirat", "Verwaltungsvorstand", "Strategiezirkel", "Ratsgremien"} <= got
    assert values(
        graph,
        """SELECT ?by WHERE { ?g skos:prefLabel "Strategiebeirat"@de ; strat:eingesetztVon/skos:prefLabel ?by .
                             FILTER (lang(?by) = "de") }""",
    ) == {"Rat der Stadt Bochum"}


def test_no_kernaktivitaet_has_a_schwerpunkt_from_a_source(graph: Graph) -> None:
    # no seed states a Kernaktivität's Schwerpunkt: any such link must be an editorial Zuordnung
    got = rows(
        graph,
        """SELECT ?ka WHERE { ?ka a strat:Kernaktivitaet ; strat:gehoertZuSchwerpunkt ?s .
        FILTER NOT EXISTS { ?z strat:zuordnungVon ?ka ; strat:zuordnungUeber strat:gehoertZuSchwerpunkt ;
                            strat:hatBasis strat:redaktionell } }""",
    )
    assert got == []


def test_editorial_kompetenz_is_marked(graph: Graph) -> None:
    # Rathausclubbing is named in seed 004 only as a project group example, without Kompetenz
    got = rows(
        graph,
        """SELECT ?basis ?status WHERE { ?z strat:zuordnungVon ?ka ; strat:zuordnungUeber strat:gehoertZuKompetenz ;
        strat:hatBasis ?basis ; strat:hatPruefstatus ?status . ?ka skos:prefLabel "Rathausclubbing"@de }""",
    )
    assert got == [
        ("https://w3id.org/stratgraph/ontology#redaktionell", "https://w3id.org/stratgraph/ontology#vorgeschlagen")
    ]


def test_source_documents(graph: Graph) -> None:
    got = values(graph, "SELECT ?id WHERE { ?q a strat:Quelldokument ; dct:identifier ?id }")
    assert got == {
        "000_6debfd308da6c48c.txt",
        "001_1d58a9506e8b60de.txt",
        "002_36816e3872dba080.txt",
        "003_2bb54de73865a696.txt",
        "004_83126a88a28f7535.txt",
        "sdg-kos-goals-targets-indicators.ttl",
    }


def test_querschnittsthemen_conflict_recorded(graph: Graph) -> None:
    got = rows(
        graph, """SELECT ?a WHERE { ?a a strat:Quellenabweichung ; strat:betrifft ?q . ?q skos:prefLabel "Klima"@de }"""
    )
    assert len(got) == 1
