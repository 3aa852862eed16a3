"""The embedded store and a real Oxigraph server give the same answers, route by route (docs/betrieb.md, „Stores“)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph
from rdflib.compare import isomorphic

from stratgraph.api import create_app
from stratgraph.config import Settings

from ..conftest import ROOT

PATHS = [
    "/api/zielsystem",
    "/api/kompetenzen",
    "/api/kompetenzen/talentschmiede-im-ruhrgebiet",
    "/api/kernaktivitaeten",
    "/api/kernaktivitaeten?kompetenz=grossstadt-mit-lebensgefuehl&status=laufend",
    "/api/kernaktivitaeten?sdg=11",
    "/api/kernaktivitaeten?querschnittsthema=klima",
    "/api/kernaktivitaeten?schwerpunkt=erstklassige-pop-kultur",
    "/api/kernaktivitaeten/bochums-speisekammer",
    "/api/kernaktivitaeten/gigabit-city-bochum",
    "/api/querschnittsthemen",
    "/api/sdgs",
    "/api/sdgs/4",
    "/api/sdgs/11?status=umgesetzt",
    "/api/abdeckung",
    "/api/abdeckung?nach=querschnittsthema&staerke=direkt",
    "/api/abdeckung?nach=schwerpunkt&kompetenz=hotspot-der-live-kultur",
    "/api/luecken",
    "/api/luecken?status=laufend",
    "/api/warum?kernaktivitaet=gigabit-city-bochum&sdg=9",
    "/api/suche?text=buergerservice",
    "/api/queries/sdg_pfade?limit=1000",
    "/api/queries/schwerpunkte",
    "/api/kernaktivitaeten/gibt-es-nicht",
    "/api/kernaktivitaeten?status=begonnen",
]


@pytest.fixture(scope="module")
def clients(served_dist: Path, oxigraph_endpoint: str) -> Iterator[tuple[TestClient, TestClient]]:
    embedded = TestClient(create_app(Settings(root=ROOT, dist_dir=served_dist)))
    remote = TestClient(create_app(Settings(root=ROOT, dist_dir=served_dist, endpoint=oxigraph_endpoint)))
    with embedded, remote:
        yield embedded, remote


@pytest.mark.parametrize("path", PATHS)
def test_linkage_and_named_queries_answer_alike(clients: tuple[TestClient, TestClient], path: str) -> None:
    embedded, remote = (client.get(path) for client in clients)
    assert embedded.status_code == remote.status_code
    assert embedded.json() == remote.json()


def test_sparql_answers_alike(clients: tuple[TestClient, TestClient]) -> None:
    select = (ROOT / "queries" / "sdg_abdeckung_kompetenz.rq").read_text(encoding="utf-8")
    rows = [c.get("/sparql", params={"query": select}).json()["results"]["bindings"] for c in clients]
    assert len(rows[0]) > 0 and sorted(map(repr, rows[0])) == sorted(map(repr, rows[1]))
    describe = "DESCRIBE <https://w3id.org/stratgraph/bochum/kernaktivitaet/gigabit-city-bochum>"
    graphs = []
    for client in clients:
        answer = client.get("/sparql", params={"query": describe}, headers={"Accept": "text/turtle"})
        graphs.append(Graph().parse(data=answer.text, format="turtle"))
    assert len(graphs[0]) >= 10 and isomorphic(graphs[0], graphs[1])
    with warnings.catch_warnings():  # rdflib's JSON-LD parser warns about its own ConjunctiveGraph
        warnings.simplefilter("ignore", DeprecationWarning)
        pages = [
            Graph().parse(
                data=c.get("/stratgraph/bochum/kompetenz/hotspot-der-live-kultur.jsonld").text, format="json-ld"
            )
            for c in clients
        ]
    assert len(pages[0]) > 5 and isomorphic(pages[0], pages[1])


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
        "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/stratgraph/bochum/graph/zuordnungen> WHERE { ?s ?p ?o }",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    ],
)
def test_named_graphs_alike(clients: tuple[TestClient, TestClient], query: str) -> None:
    # `stratgraph load` puts the three parts into named graphs and everything into the default graph
    answers = [c.get("/sparql", params={"query": query}).json()["results"]["bindings"] for c in clients]
    assert answers[0] and answers[0] == answers[1]
