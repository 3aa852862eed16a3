"""The fast SHACL engine (pyshacl-turbo) and the reference (pySHACL) find the same: on every shape fixture, the
passing and the failing one, and on every strategy here — Bochum, the hand-made alpha, beta and gamma — the same
focus nodes, paths, values, severities, shapes and messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from stratgraph.config import Settings
from stratgraph.errors import ConfigurationError
from stratgraph.model.graph import ProjectGraphs, load_project, parse_turtle
from stratgraph.strategies import validation
from stratgraph.strategies.project import validate_strategy
from stratgraph.strategies.validation import Finding, load_checks, validate

from .conftest import FIXTURES, ROOT, data_folder

pytestmark = pytest.mark.slow  # every fixture through two engines; left to `make test`

SHAPE_FIXTURES = sorted((FIXTURES / "shapes").glob("*/*.ttl"))


def _seen(findings: list[Finding]) -> list[tuple[str, ...]]:
    return sorted((f.severity, f.focus, f.path or "", f.value or "", f.source, f.message) for f in findings)


def _both(project: ProjectGraphs) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    fast = validate(project, [], engine="turbo").findings
    reference = validate(project, [], engine="pyshacl").findings
    return _seen(fast), _seen(reference)


@pytest.mark.parametrize("path", SHAPE_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_shape_fixture_alike(project: ProjectGraphs, path: Path) -> None:
    fixture = ProjectGraphs(ontology=project.ontology, data=parse_turtle(path), shapes=project.all_shapes())
    fast, reference = _both(fixture)
    assert fast == reference
    if path.parent.name == "invalid":  # the comparison compares something: the failing fixture fails on both
        assert any(source == f"stratsh:{path.stem}" for *_, source, _ in reference)


@pytest.mark.parametrize("slug", ["bochum", "alpha", "beta", "gamma"])
def test_strategy_alike(tmp_path: Path, slug: str) -> None:
    settings = Settings(root=ROOT, data_dir=data_folder(tmp_path / "data", slug))
    project = load_project(settings)
    for strategy in project.strategies:
        fast, reference = _both(project.scoped(strategy))
        assert fast == reference


def test_a_broken_strategy_alike(project: ProjectGraphs) -> None:
    """Many findings at once: Bochum with every status and every name of its measures removed."""
    broken = Graph()
    for triple in project.data:
        if "hatStatus" not in str(triple[1]) and "prefLabel" not in str(triple[1]):
            broken.add(triple)
    fast, reference = _both(ProjectGraphs(ontology=project.ontology, data=broken, shapes=project.all_shapes()))
    assert len(reference) > 50 and fast == reference


def test_shapes_the_fast_engine_refuses_go_to_the_reference(
    project: ProjectGraphs, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Should pyshacl-turbo refuse the shapes (a feature it cannot express), pySHACL validates and the log says
    why. (The refusal is simulated: every shape here is one the fast engine expresses, as the tests above show.)"""
    path = FIXTURES / "shapes" / "invalid" / "zuordnung-von.ttl"
    fixture = ProjectGraphs(ontology=project.ontology, data=parse_turtle(path), shapes=project.all_shapes())

    def refuses(*args: object, **kwargs: object) -> None:
        raise NotImplementedError("sh:js wird nicht unterstützt")

    monkeypatch.setattr(validation.pyshacl_turbo, "validate", refuses)
    found = validate(fixture, [], engine="turbo").findings
    assert _seen(found) == _seen(validate(fixture, [], engine="pyshacl").findings) and found
    assert "sh:js wird nicht unterstützt" in caplog.text and "pySHACL prüft stattdessen" in caplog.text


def test_an_unknown_engine_is_refused(project: ProjectGraphs, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRATGRAPH_SHACL", "schnell")
    with pytest.raises(ConfigurationError, match="STRATGRAPH_SHACL"):
        validate(project, [])


def _fast_and_reference(settings: Settings, slug: str) -> tuple[list[Finding], list[Finding]]:
    fast = validate_strategy(settings, slug)  # the Rust engine straight from the files
    project = load_project(settings, only=slug)
    reference = validate(project.scoped(project.strategy(slug)), load_checks(settings.checks), engine="pyshacl")
    return fast, reference.findings


@pytest.mark.parametrize("slug", ["bochum", "alpha", "beta", "gamma"])
def test_the_fast_path_from_the_files_finds_what_validate_finds(tmp_path: Path, slug: str) -> None:
    settings = Settings(root=ROOT, data_dir=data_folder(tmp_path / "data", slug))
    fast, reference = _fast_and_reference(settings, slug)
    assert fast == reference  # every field, labels included


def test_the_fast_path_on_broken_files(tmp_path: Path) -> None:
    """Bochum with its measures' statuses and names gone from the file, and a check's rule broken: the same
    shape findings and check findings, named alike, as the reference path."""
    data = data_folder(tmp_path / "data", "bochum")
    measures = data / "bochum" / "kernaktivitaeten.ttl"
    text = measures.read_text(encoding="utf-8")
    kept = [line for line in text.splitlines() if "strat:hatStatus" not in line and "skos:prefLabel" not in line]
    measures.write_text("\n".join(kept).replace(" ;\n\n", " .\n\n") + "\n", encoding="utf-8")
    settings = Settings(root=ROOT, data_dir=data)
    fast, reference = _fast_and_reference(settings, "bochum")
    assert len(reference) > 50 and fast == reference


def test_the_fast_path_falls_back_when_the_engine_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """As ``validate`` does: shapes the Rust engine refuses are validated through rdflib, with a warning. (The
    refusal is simulated, as above.)"""
    settings = Settings(root=ROOT, data_dir=data_folder(tmp_path / "data", "gamma"))
    expected = _fast_and_reference(settings, "gamma")[1]
    validation._COMPILED.clear()

    def refuses(*args: object, **kwargs: object) -> None:
        raise NotImplementedError("sh:js wird nicht unterstützt")

    monkeypatch.setattr(validation.pyshacl_turbo, "compile_shapes", refuses)
    monkeypatch.setattr(validation.pyshacl_turbo, "validate", refuses)
    assert validate_strategy(settings, "gamma") == expected
    assert "sh:js wird nicht unterstützt" in caplog.text


def test_only_the_uns_own_reference_is_left_out_of_each_strategys_store(tmp_path: Path) -> None:
    """The fast path leaves out shared files that describe nothing but UN SDG resources; anything else stays."""
    assert validation.un_reference(ROOT / "data" / "sdg.ttl")
    assert validation.un_reference(ROOT / "data" / "sdg-indikatoren.ttl")
    assert not validation.un_reference(ROOT / "data" / "indikatorwerte.ttl")  # the cube's structure: checks need it
    mixed = tmp_path / "gemischt.ttl"
    mixed.write_text(
        '<http://metadata.un.org/sdg/13> <http://www.w3.org/2004/02/skos/core#notation> "13" .\n'
        '<https://example.org/x> <http://www.w3.org/2004/02/skos/core#notation> "x" .\n',
        encoding="utf-8",
    )
    assert not validation.un_reference(mixed)
    broken = tmp_path / "kaputt.ttl"
    broken.write_text("<http://metadata.un.org/sdg/13> <a> .\n", encoding="utf-8")
    assert not validation.un_reference(broken)  # loaded, so that the store names the error
