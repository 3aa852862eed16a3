"""Every shape and every SPARQL check has a fixture that passes and one that fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from stratgraph.model.graph import ProjectGraphs, parse_turtle
from stratgraph.model.namespaces import STRATSH
from stratgraph.store.embedded import EmbeddedStore
from stratgraph.strategies.validation import Check, load_checks, run_check, validate

from .conftest import FIXTURES, ROOT

SHAPE_FIXTURES = sorted((FIXTURES / "shapes").glob("*/*.ttl"))
CHECK_FIXTURES = sorted((FIXTURES / "checks").glob("*/*.ttl"))


def _rule_shapes(shapes: Graph) -> set[str]:
    """Local names of the named property shapes: each is one rule with its own fixtures."""
    return {
        str(s)[len(str(STRATSH)) :]
        for s in shapes.subjects(RDF.type, SH.PropertyShape)
        if isinstance(s, URIRef) and str(s).startswith(str(STRATSH))
    }


def _all_shapes(project: ProjectGraphs) -> Graph:
    """The shapes every strategy follows and those of each strategy (Bochum's structure and completeness)."""
    return project.all_shapes()


def _fixture_project(project: ProjectGraphs, path: Path) -> ProjectGraphs:
    return ProjectGraphs(ontology=project.ontology, data=parse_turtle(path), shapes=_all_shapes(project))


def test_every_shape_has_both_fixtures(project: ProjectGraphs) -> None:
    rules = _rule_shapes(_all_shapes(project))
    assert len(rules) >= 20
    for folder in ("valid", "invalid"):
        have = {p.stem for p in (FIXTURES / "shapes" / folder).glob("*.ttl")}
        assert rules - have == set(), f"shapes without a {folder} fixture"


def test_every_check_has_both_fixtures() -> None:
    checks = {c.name for c in load_checks(ROOT / "queries" / "checks")}
    assert len(checks) >= 4
    for folder in ("valid", "invalid"):
        have = {p.stem for p in (FIXTURES / "checks" / folder).glob("*.ttl")}
        assert checks - have == set(), f"checks without a {folder} fixture"


@pytest.mark.parametrize("path", SHAPE_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_shape_fixture(project: ProjectGraphs, path: Path) -> None:
    rule = path.stem
    assert rule in _rule_shapes(_all_shapes(project)), f"fixture {path.name} names no shape stratsh:{rule}"
    report = validate(_fixture_project(project, path), checks=[])
    hits = [f for f in report.findings if f.source == f"stratsh:{rule}"]
    if path.parent.name == "valid":
        assert hits == []
    else:
        assert hits, f"stratsh:{rule} did not fire on {path.name}"
        assert all(f.message and f.message[0].isupper() for f in hits)
        # the message is the German one from the shape
        shape_messages = {str(m) for m in _all_shapes(project).objects(STRATSH[rule], SH.message)}
        assert {f.message for f in hits} <= shape_messages


@pytest.mark.parametrize("path", CHECK_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_check_fixture(project: ProjectGraphs, path: Path) -> None:
    checks: dict[str, Check] = {c.name: c for c in load_checks(ROOT / "queries" / "checks")}
    assert path.stem in checks, f"fixture {path.name} names no check {path.stem}_violation.rq"
    graph = _fixture_project(project, path).merged()
    rows = run_check(checks[path.stem], EmbeddedStore(graph))
    if path.parent.name == "valid":
        assert rows == []
    else:
        assert rows, f"check {path.stem} returned no row on {path.name}"
        assert all(row.get("focus") is not None and row.get("message") for row in rows)
