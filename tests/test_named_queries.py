"""Every named query has a German question in its grlc-style header and runs on the Bochum graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from stratgraph.store.embedded import EmbeddedStore
from stratgraph.strategies.validation import load_checks, run_check

from .conftest import ROOT

QUERIES = sorted((ROOT / "queries").glob("*.rq")) + sorted((ROOT / "queries" / "checks").glob("*.rq"))


@pytest.fixture(scope="module")
def store(graph: Graph) -> EmbeddedStore:
    return EmbeddedStore(graph)


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.name)
def test_query_header_and_run(path: Path, store: EmbeddedStore) -> None:
    text = path.read_text(encoding="utf-8")
    summary = [line for line in text.splitlines() if line.startswith("#+ summary:")]
    assert len(summary) == 1 and summary[0].rstrip().endswith("?"), "summary must be the question, in German"
    if "\n#+ je:" in text:  # a check run once per property it names (validation.Check.each)
        rows = run_check(next(c for c in load_checks(path.parent) if c.path == path), store)
    else:
        rows = store.select(text)
    if path.parent.name == "checks":
        assert rows == [], f"{path.name} finds violations in the shipped data"
    elif "luecken" not in text and "?_" not in text:  # gap lists may be empty; required parameters unbound here
        assert rows, f"{path.name} returns nothing on the Bochum graph"
