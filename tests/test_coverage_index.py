"""The embedded store's coverage index (every city's matrix inputs, read once at load) answers what the views
over the store answer, for every row kind and filter; a reload reads it anew."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from stratgraph.api.app import create_app
from stratgraph.config import Settings
from stratgraph.coverage import matrix as cov
from stratgraph.coverage import reports
from stratgraph.coverage.index import CoverageIndex
from stratgraph.coverage.matrix import Filters
from stratgraph.errors import ConfigurationError
from stratgraph.model.namespaces import STRAT
from stratgraph.store.embedded import EmbeddedStore, ScopedStore
from stratgraph.strategies.project import open_project
from stratgraph.strategies.scopes import StrategyScope, compare, scopes

from .conftest import FIXTURES, ROOT

FILTERS = [
    Filters(),
    Filters(review=STRAT.bestaetigt),
    Filters(review=STRAT.abgelehnt),
    Filters(strength=STRAT.indirekt),
    Filters(status=STRAT.umgesetzt),
    Filters(include_rejected=True),
]
TOKEN = "test-token-0123456789"


def _two_cities(root: Path) -> Path:
    for folder in ("ontology", "shapes", "queries"):
        shutil.copytree(ROOT / folder, root / folder)
    (root / "data").mkdir()
    shutil.copyfile(ROOT / "data" / "sdg.ttl", root / "data" / "sdg.ttl")
    for city in ("alpha", "beta"):
        shutil.copytree(FIXTURES / "staedte" / city, root / "data" / city)
    return root


def _opened(cities: str, tmp_path: Path) -> tuple[Settings, EmbeddedStore, dict[str, StrategyScope], CoverageIndex]:
    """Bochum, or the two hand-made cities: settings, the store as serve opens it, its cities, its index."""
    settings = Settings(root=ROOT) if cities == "bochum" else Settings(root=_two_cities(tmp_path))
    store = open_project(settings, graphs=False).store
    known = scopes(settings)
    return settings, store, known, CoverageIndex(store, settings.queries, known)


@pytest.mark.parametrize("cities", ["bochum", "alpha-beta"])
def test_the_index_answers_what_the_store_views_answer(cities: str, tmp_path: Path) -> None:
    settings, store, known, index = _opened(cities, tmp_path)
    for slug, scope in known.items():
        scoped = ScopedStore(store, scope.graphs)
        graph = cov.context(scoped, settings.queries)
        kompetenzen = [Filters(kompetenz=k) for k in cov.matrix(scoped, settings.queries, "kompetenz").rows]
        for dimension in (d for d in cov.DIMENSIONS if d != cov.GOAL_VIEW):  # the views the index serves
            for filters in [*FILTERS, *kompetenzen]:
                expected = reports.matrix_answer(
                    graph, cov.matrix(scoped, settings.queries, dimension, filters), filters
                )
                assert index.matrix_answer(slug, dimension, filters) == expected, (slug, dimension, filters)
        with pytest.raises(ConfigurationError):  # goals are read from the store (linkage.abdeckung)
            index.matrix_answer(slug, cov.GOAL_VIEW, Filters())


def _cell(client: TestClient, **params: str) -> list[str]:
    answer = client.get("/api/abdeckung", params={"stadt": "alpha", **params}).json()
    row = next(r for r in answer["zeilen"] if r["iri"].endswith("/kompetenz/eins"))
    cell = next(c for c in row["zellen"] if c["sdg"] == "13")
    return [iri.rsplit("/", 1)[1] for iri in cell["direkt"]]


def test_a_reload_reads_the_index_anew(tmp_path: Path) -> None:
    root = _two_cities(tmp_path / "projekt")
    settings = Settings(root=root, dist_dir=tmp_path / "dist", admin_token=TOKEN)
    with TestClient(create_app(settings)) as client:
        # by hand (tests/fixtures/staedte/README.md): a1 → 13.2 confirmed, a2 → 13 proposed
        assert _cell(client) == ["a1", "a2"]
        assert _cell(client, pruefstatus="bestaetigt") == ["a1"]
        # alpha's four Zuordnungen (its zuordnungen.ttl): 2 proposed, 1 confirmed, 1 rejected
        assert "(Prüfstatus: 2 vorgeschlagen, 1 bestätigt, 1 abgelehnt)" in _notice(client)
        links = root / "data" / "alpha" / "zuordnungen.ttl"
        text = links.read_text(encoding="utf-8")
        a2 = text.index("<https://w3id.org/stratgraph/alpha/zuordnung/a2--sdg--sdg-13> a strat:Zuordnung")
        changed = text[:a2] + text[a2:].replace("strat:vorgeschlagen", "strat:bestaetigt", 1)
        links.write_text(changed, encoding="utf-8")
        response = client.post("/admin/reload", headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 200, response.text
        assert _cell(client, pruefstatus="bestaetigt") == ["a1", "a2"]
        assert "(Prüfstatus: 1 vorgeschlagen, 2 bestätigt, 1 abgelehnt)" in _notice(client)


def _notice(client: TestClient) -> str:
    return str(client.get("/api/abdeckung", params={"stadt": "alpha"}).json()["hinweis"])


@pytest.mark.parametrize("cities", ["bochum", "alpha-beta"])
def test_the_index_compares_the_cities_as_the_comparison_query_does(cities: str, tmp_path: Path) -> None:
    settings, store, known, index = _opened(cities, tmp_path)
    expected = compare(store, known, settings.queries)
    assert index.compare() == expected and expected.rows
    for slug in known:
        assert index.compare([slug]) == compare(store, known, settings.queries, [slug])
    if cities == "alpha-beta":  # by hand (tests/fixtures/staedte/README.md): SDG 13, alpha 2 / 2 / 1, beta 2 / 2 / 2
        row = index.compare().rows["http://metadata.un.org/sdg/13"]
        assert (row["alpha"].kernaktivitaeten, row["alpha"].links, row["alpha"].confirmed) == (2, 2, 1)
        assert (row["beta"].kernaktivitaeten, row["beta"].links, row["beta"].confirmed) == (2, 2, 2)
