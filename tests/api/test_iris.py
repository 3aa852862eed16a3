"""Every https://w3id.org/stratgraph/… IRI a release publishes answers at <service>/stratgraph/…, for a browser
and for an RDF client; the w3id rules in docs/w3id/.htaccess map each IRI to that path."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph

from stratgraph.api import create_app
from stratgraph.config import Settings
from stratgraph.model.namespaces import STRAT

from ..conftest import ROOT

PREFIX = "https://w3id.org/stratgraph/"
SERVICE = "https://stratgraph.example.org"


@pytest.fixture(scope="module")
def client(served_dist: Path) -> Iterator[TestClient]:
    """A service over the release the test session builds from the current sources (at the first app start)."""
    with TestClient(create_app(Settings(root=ROOT, dist_dir=served_dist))) as c:
        c.dist = served_dist  # type: ignore[attr-defined]
        yield c


def _published_iris(dist: Path) -> set[str]:
    (release,) = [p.parent for p in dist.glob("*/release.json")]
    found: set[str] = set()
    for path in release.iterdir():
        found |= set(re.findall(r"https://w3id\.org/stratgraph/[^\s\"<>'\\),;`]*", path.read_text(errors="ignore")))
    return {iri.rstrip(".").split("#")[0] for iri in found}


@pytest.mark.slow
def test_every_published_iri_resolves_for_browsers_and_rdf_clients(client: TestClient) -> None:
    iris = _published_iris(client.dist)  # type: ignore[attr-defined]
    assert len(iris) > 500  # instances, vocabulary, dataset, distributions, partitions, graphs, endpoint
    failures = []
    for iri in sorted(iris):
        path = "/stratgraph/" + iri[len(PREFIX) :]
        for accept in ("text/html", "text/turtle"):
            response = client.get(path, headers={"Accept": accept}, follow_redirects=True)
            if response.status_code != 200:
                failures.append((path, accept, response.status_code))
    assert failures == []


def test_metadata_resources_have_pages_and_rdf(client: TestClient) -> None:
    html = client.get("/stratgraph/bochum/datensatz", headers={"Accept": "text/html"})
    assert html.status_code == 200 and "Bochum Strategie 2030 als Wissensgraph" in html.text
    turtle = client.get("/stratgraph/bochum/datensatz", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=turtle.text, format="turtle")
    assert len(graph) > 20
    graph_page = client.get("/stratgraph/bochum/graph/zuordnungen", headers={"Accept": "text/html"})
    assert "Benannter Graph „zuordnungen“" in graph_page.text
    links = Graph().parse(data=client.get("/stratgraph/bochum/graph/zuordnungen.ttl").text, format="turtle")
    assert len(list(links.subjects(None, STRAT.Zuordnung))) == 254


def test_every_vocabulary_term_has_its_entry(client: TestClient) -> None:
    page = client.get("/stratgraph/ontology", headers={"Accept": "text/html"}).text
    terms = {t for t in STRAT.__annotations__}
    missing = {t for t in terms if f'id="{t}"' not in page}
    assert missing == set()
    assert client.get("/ontology", headers={"Accept": "text/html"}, follow_redirects=True).text == page
    assert client.get("/stratgraph/ontology/0.1.0", headers={"Accept": "text/turtle"}).status_code == 200


def _rules(text: str) -> list[tuple[re.Pattern[str], str]]:
    rules = []
    for line in text.splitlines():
        parts = line.split()
        if parts[:1] == ["RewriteRule"]:
            rules.append((re.compile(parts[1]), parts[2]))
    return rules


@pytest.mark.parametrize(
    ("iri", "service_url"),
    [
        (
            PREFIX + "bochum/kernaktivitaet/gigabit-city-bochum",
            SERVICE + "/stratgraph/bochum/kernaktivitaet/gigabit-city-bochum",
        ),
        (PREFIX + "ontology", SERVICE + "/stratgraph/ontology"),
        (
            PREFIX + "bochum/download/2026-12-01/stratgraph.ttl",
            SERVICE + "/stratgraph/bochum/download/2026-12-01/stratgraph.ttl",
        ),
        (PREFIX + "bochum/graph/daten", SERVICE + "/stratgraph/bochum/graph/daten"),
        (PREFIX, SERVICE + "/"),
    ],
)
def test_w3id_rules_map_each_iri_to_the_service(iri: str, service_url: str) -> None:
    """Apache applies the first matching RewriteRule to the path below the w3id folder."""
    rules = _rules((ROOT / "docs" / "w3id" / ".htaccess").read_text(encoding="utf-8"))
    local = iri[len(PREFIX) :]
    pattern, target = next((p, t) for p, t in rules if p.search(local))
    assert pattern.sub(target.replace("$1", r"\1"), local) == service_url
