"""The embedded store, a real Oxigraph server and a real Virtuoso server give the same answers: every API route
and every public named query, with its defaults and with one other set of parameters (docs/betrieb.md, „Stores“)."""

from __future__ import annotations

import json
import urllib.parse
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph
from rdflib.compare import isomorphic

from stratgraph.api import create_app
from stratgraph.config import Settings
from stratgraph.store.named_queries import load_named_queries

from ..conftest import ROOT

pytestmark = pytest.mark.server  # oxigraph serve and Virtuoso beside the embedded store

BASE = "https://w3id.org/stratgraph/bochum/"
STRAT = "https://w3id.org/stratgraph/ontology#"
# one value per parameter name of the named queries (a new parameter needs one here: see the test below)
EXAMPLES = {
    "ressource_iri": BASE + "kernaktivitaet/gigabit-city-bochum",
    "von_iri": BASE + "kernaktivitaet/gigabit-city-bochum",
    "text": "klima",
    "kompetenz_iri": BASE + "kompetenz/shootingstar-der-wissensarbeit",
    "status_iri": STRAT + "laufend",
    "querschnittsthema_iri": BASE + "querschnittsthema/klima",
    "schwerpunkt_iri": BASE + "schwerpunkt/erstklassige-pop-kultur",
    "sdg_iri": "http://metadata.un.org/sdg/11",
    "wege": "alle",
    "ebene_iri": BASE + "ebene/kernaktivitaet",
    "indikator_iri": BASE + "indikator/keiner",  # Bochum's sources name no indicator (tests/test_fortschritt_api.py)
}
NAMED = load_named_queries(ROOT / "queries")

PATHS = [
    "/api/indikatoren",
    "/api/fortschritt",
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


def _query_paths() -> list[str]:
    """Every public named query with its defaults, and with every parameter set (or, without parameters, paged)."""
    paths = []
    for name, query in sorted(NAMED.items()):
        given = {p.name: EXAMPLES[p.name] for p in query.parameters}
        required = {k: v for k, v in given.items() if next(p for p in query.parameters if p.name == k).required}
        paths.append(f"/api/queries/{name}?" + urllib.parse.urlencode({**required, "limit": 1000}))
        other = given or {"offset": 1}
        paths.append(f"/api/queries/{name}?" + urllib.parse.urlencode({**other, "limit": 1000}))
    return sorted(set(paths))


def test_every_parameter_has_an_example() -> None:
    assert {p.name for q in NAMED.values() for p in q.parameters} <= set(EXAMPLES)


@pytest.fixture(scope="module")
def clients(
    served_dist: Path, oxigraph_endpoint: str, virtuoso_endpoint: str
) -> Iterator[tuple[TestClient, TestClient, TestClient]]:
    embedded = TestClient(create_app(Settings(root=ROOT, dist_dir=served_dist)))
    remote = TestClient(create_app(Settings(root=ROOT, dist_dir=served_dist, endpoint=oxigraph_endpoint)))
    virtuoso = TestClient(create_app(Settings(root=ROOT, dist_dir=served_dist, endpoint=virtuoso_endpoint)))
    with embedded, remote, virtuoso:
        yield embedded, remote, virtuoso


def _rows(answer: dict[str, Any]) -> list[str]:
    """A SPARQL JSON answer's rows as comparable text, in any order (ties of ORDER BY may differ by store)."""
    return sorted(json.dumps(row, sort_keys=True) for row in answer["results"]["bindings"])


@pytest.mark.parametrize("path", PATHS)
def test_linkage_answers_alike(clients: tuple[TestClient, ...], path: str) -> None:
    embedded, remote, virtuoso = (client.get(path) for client in clients)
    assert embedded.status_code == remote.status_code == virtuoso.status_code
    assert embedded.json() == remote.json() == virtuoso.json()


@pytest.mark.parametrize("path", _query_paths())
def test_named_queries_answer_alike(clients: tuple[TestClient, ...], path: str) -> None:
    embedded, remote, virtuoso = (client.get(path) for client in clients)
    assert embedded.status_code == remote.status_code == virtuoso.status_code == 200
    answers = [a.json() for a in (embedded, remote, virtuoso)]
    assert answers[0]["head"]["vars"] == answers[1]["head"]["vars"] == answers[2]["head"]["vars"]
    assert _rows(answers[0]) == _rows(answers[1]) == _rows(answers[2])
    assert answers[0]["stratgraph"]["total"] == answers[1]["stratgraph"]["total"] == answers[2]["stratgraph"]["total"]


def test_sparql_answers_alike(clients: tuple[TestClient, ...]) -> None:
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
def test_named_graphs_alike(clients: tuple[TestClient, ...], query: str) -> None:
    # `stratgraph load` puts the three parts into named graphs and everything into the default graph
    answers = [c.get("/sparql", params={"query": query}).json()["results"]["bindings"] for c in clients]
    assert answers[0] and answers[0] == answers[1]
