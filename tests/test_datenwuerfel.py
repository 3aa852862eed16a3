"""The W3C RDF Data Cube integrity constraints (queries/checks/datenwuerfel*_violation.rq) on hand-made cubes.

tests/fixtures/checks/invalid/datenwuerfel.ttl breaks each of IC-1 … IC-19 once on purpose (its comments say
where); the expected focus of each IC below is read from that file by hand, not from the queries.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from stratgraph.store.embedded import EmbeddedStore
from stratgraph.strategies.validation import load_checks, run_check

from .conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "checks"
EX = "https://example.org/"
EXPECTED = {  # IC → the resources of the fixture that break it
    "IC-1": {"ohne-datensatz", "zwei-datensaetze"},
    "IC-2": {"ohne-struktur", "zwei-strukturen"},
    "IC-3": {"struktur-ohne-mass"},
    "IC-4": {"dimension-ohne-bereich"},
    "IC-5": {"begriffsdimension"},
    "IC-6": {"optionale-dimension"},
    "IC-7": {"loser-schluessel"},
    "IC-8": {"schluessel"},
    "IC-9": {"slice-ohne", "slice-zwei"},
    "IC-10": {"slice-offen", "slice-zwei"},
    "IC-11": {"ohne-jahr", "fremder-wert"},
    "IC-12": {"doppelt-b"},
    "IC-13": {"ohne-status", "fremder-wert"},
    "IC-14": {"ohne-wert", "fremder-wert"},
    "IC-15": {"falsches-mass"},
    "IC-16": {"falsches-mass"},
    "IC-17": {"falsches-mass"},
    "IC-18": {"fremder-wert"},
    "IC-19": {"sammelwert"},
}


def _findings(fixture: Path, check: str) -> dict[str, set[str]]:
    graph = Graph()
    for path in (ROOT / "ontology" / "stratgraph.ttl", ROOT / "data" / "indikatorwerte.ttl", fixture):
        graph.parse(path)
    checks = {c.name: c for c in load_checks(ROOT / "queries" / "checks")}
    found: dict[str, set[str]] = {}
    for row in run_check(checks[check], EmbeddedStore(graph)):
        ic = str(row["message"]).split(":", 1)[0]
        found.setdefault(ic, set()).add(str(row["focus"]).removeprefix(EX))
    return found


def test_each_integrity_constraint_finds_what_breaks_it() -> None:
    assert _findings(FIXTURES / "invalid" / "datenwuerfel.ttl", "datenwuerfel") == EXPECTED


def test_a_correct_cube_and_the_shared_structure_pass() -> None:
    assert _findings(FIXTURES / "valid" / "datenwuerfel.ttl", "datenwuerfel") == {}


def test_hierarchies_are_walked_along_their_property_both_ways() -> None:
    for check in ("datenwuerfel_ic20", "datenwuerfel_ic21"):
        assert _findings(FIXTURES / "valid" / f"{check}.ttl", check) == {}
        ic = "IC-20" if check.endswith("20") else "IC-21"
        assert _findings(FIXTURES / "invalid" / f"{check}.ttl", check) == {ic: {"w"}}


def test_indicator_rules_across_resources() -> None:
    """queries/checks/indikator_violation.rq on its failing fixture: one finding per broken resource."""
    graph = Graph().parse(FIXTURES / "invalid" / "indikator.ttl")
    checks = {c.name: c for c in load_checks(ROOT / "queries" / "checks")}
    found = {str(row["focus"]).removeprefix(EX) for row in run_check(checks["indikator"], EmbeddedStore(graph))}
    assert found == {"ohne-zieljahr", "nur-ausgangsjahr", "andere-einheit", "zu-frueh", "zu-spaet"}
