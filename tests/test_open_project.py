"""How the service opens the project: the store straight from the files (no rdflib graph of all cities) holds
exactly what the parsed graphs hold and yields the same report; several cities are validated in processes,
with the same findings as one after the other."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from stratgraph.config import Settings
from stratgraph.errors import SourceError
from stratgraph.release import ReleaseOptions, build_release
from stratgraph.store.embedded import to_rdflib
from stratgraph.strategies.project import kept_reports, open_project, validate_each_strategy

from .conftest import FIXTURES, ROOT


def _city_copy(source: str, slug: str, target: Path) -> None:
    """A hand-made fixture city under another slug (its IRIs moved along)."""
    (target / slug).mkdir()
    for path in (FIXTURES / "staedte" / source).glob("*.ttl"):
        text = path.read_text(encoding="utf-8").replace(f"stratgraph/{source}/", f"stratgraph/{slug}/")
        (target / slug / path.name).write_text(text, encoding="utf-8")


def _settings(tmp_path: Path, cities: dict[str, str]) -> Settings:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copyfile(ROOT / "data" / "sdg.ttl", data / "sdg.ttl")
    for slug, source in cities.items():
        _city_copy(source, slug, data)
    return Settings(root=ROOT, data_dir=data, cache_dir=tmp_path / "cache")


def _named_graphs(settings: Settings, graphs: bool) -> dict[str, Graph]:
    shutil.rmtree(settings.cache, ignore_errors=True)
    store = open_project(settings, require_conformance=False, graphs=graphs).store.oxigraph
    found: dict[str, Graph] = {}
    for quad in store:
        triple = (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object))
        found.setdefault(quad.graph_name.value, Graph()).add(triple)  # type: ignore[arg-type]
    return found


def test_the_store_from_files_holds_what_the_parsed_graphs_hold(tmp_path: Path) -> None:
    settings = _settings(tmp_path, {"alpha": "alpha", "beta": "beta"})
    from_files = _named_graphs(settings, graphs=False)
    parsed = _named_graphs(settings, graphs=True)
    assert from_files.keys() == parsed.keys()
    for name, graph in from_files.items():  # the ontology has blank nodes: equal up to their names
        assert isomorphic(graph, parsed[name]), name
    assert set(from_files) == {  # the shared graphs are named under the main strategy: the first by slug
        "https://w3id.org/stratgraph/alpha/graph/ontologie",
        "https://w3id.org/stratgraph/alpha/graph/sdg",
        *(f"https://w3id.org/stratgraph/{c}/graph/{g}" for c in ("alpha", "beta") for g in ("daten", "zuordnungen")),
    }


def test_both_ways_of_opening_find_the_same_violations(tmp_path: Path) -> None:
    settings = _settings(tmp_path, {"alpha": "alpha", "beta": "beta"})
    # alpha's Kernaktivitäten a second time in beta: beta's base and the single owner are both violated
    shutil.copyfile(settings.data / "alpha" / "kernaktivitaeten.ttl", settings.data / "beta" / "auch-alpha.ttl")
    reports = []
    for graphs in (True, False):
        shutil.rmtree(settings.cache, ignore_errors=True)
        reports.append(open_project(settings, require_conformance=False, graphs=graphs).report)
    assert not reports[0].conforms
    assert reports[0].findings == reports[1].findings
    messages = {f.message for f in reports[1].findings}
    assert "Die Ressource gehört zu mehreren Strategien: alpha, beta" in messages
    project = open_project(settings, require_conformance=False, graphs=False)  # now from the kept reports
    assert project.report.reused == ["alpha", "beta"] and project.report.findings == reports[0].findings


@pytest.mark.slow
def test_cities_validated_in_processes_find_what_one_after_the_other_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _settings(tmp_path, {"alpha": "alpha", "beta": "beta", "gamma": "alpha", "delta": "beta"})
    broken = settings.data / "gamma" / "kernaktivitaeten.ttl"  # a status the vocabulary does not know
    broken.write_text(broken.read_text(encoding="utf-8").replace("strat:laufend", "strat:erledigt", 1), "utf-8")
    slugs = ["alpha", "beta", "delta", "gamma"]
    found = {}
    for cores in (1, 2):  # one core: in this process; two: in two worker processes
        monkeypatch.setattr("stratgraph.strategies.project.os.cpu_count", lambda cores=cores: cores)
        shutil.rmtree(settings.cache, ignore_errors=True)
        kept = kept_reports(settings)
        validate_each_strategy(settings, slugs, kept)
        assert sorted(kept.fresh) == slugs
        found[cores] = kept.fresh
    assert found[1] == found[2]
    assert [s for s in slugs if any(f.severity == "Violation" for f in found[2][s])] == ["gamma"]


def test_a_release_is_built_for_a_project_opened_without_graphs(tmp_path: Path) -> None:
    # what `stratgraph serve` does when dist/ has no release yet: its project holds the store only
    settings = _settings(tmp_path, {"alpha": "alpha", "beta": "beta"})
    project = open_project(settings, graphs=False)
    result = build_release(settings, ReleaseOptions(dist=tmp_path / "dist", version="1"), project)
    assert (result.path / "release.json").is_file()
    assert (result.path / "stratgraph.ttl").stat().st_size > 0


@pytest.mark.slow
def test_a_file_that_does_not_parse_is_named_from_a_worker_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _settings(tmp_path, {"alpha": "alpha", "beta": "beta", "gamma": "alpha", "delta": "beta"})
    (settings.data / "delta" / "kaputt.ttl").write_text(
        "@prefix ex: <https://example.org/> .\nex:a ex:b .\nex:c", "utf-8"
    )
    monkeypatch.setattr("stratgraph.strategies.project.os.cpu_count", lambda: 2)
    with pytest.raises(SourceError) as raised:
        open_project(settings, graphs=False)
    assert raised.value.path.name == "kaputt.ttl" and raised.value.line == 2  # "ex:a ex:b ." lacks its object
    assert not list((settings.cache / "validierung").glob("delta-*.json"))  # nothing kept for the broken city
