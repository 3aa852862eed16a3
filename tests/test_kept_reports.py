"""Validate once: a city whose files (and the shapes, checks, ontology, shared reference) are unchanged keeps its
report; a changed city is validated again, and its new findings count."""

from __future__ import annotations

import shutil
from pathlib import Path

from stratgraph.config import Settings
from stratgraph.strategies.project import open_project

from .conftest import FIXTURES, ROOT


def _settings(tmp_path: Path) -> Settings:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copyfile(ROOT / "data" / "sdg.ttl", data / "sdg.ttl")
    for city in ("alpha", "beta"):
        shutil.copytree(FIXTURES / "staedte" / city, data / city)
    return Settings(root=ROOT, data_dir=data, cache_dir=tmp_path / "cache")


def test_unchanged_cities_keep_their_report_and_a_changed_one_is_validated(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    first = open_project(settings).report
    assert first.conforms and first.reused == []
    again = open_project(settings).report
    assert again.conforms and again.reused == ["alpha", "beta"]

    beta = settings.data / "beta" / "kernaktivitaeten.ttl"
    beta.write_text(beta.read_text(encoding="utf-8").replace("strat:laufend", "strat:erledigt", 1), "utf-8")
    changed = open_project(settings, require_conformance=False).report
    assert changed.reused == ["alpha"]
    assert not changed.conforms
    assert {f.focus.rsplit("/", 2)[0] for f in changed.findings if f.severity == "Violation"} == {
        "https://w3id.org/stratgraph/beta"
    }
    # the broken state is kept too: asked again, the same violation, without validating
    kept = open_project(settings, require_conformance=False).report
    assert kept.reused == ["alpha", "beta"] and kept.findings == changed.findings


def test_a_changed_rule_or_a_damaged_entry_means_validating_again(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    open_project(settings)
    for entry in (settings.cache / "validierung").glob("alpha-*.json"):
        entry.write_text("{kaputt", encoding="utf-8")
    assert open_project(settings).report.reused == ["beta"]

    shapes = tmp_path / "shapes"
    shutil.copytree(ROOT / "shapes", shapes)
    (shapes / "kompetenz.ttl").write_text(
        (shapes / "kompetenz.ttl").read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8"
    )
    changed_rules = Settings(root=ROOT, data_dir=settings.data, shapes_dir=shapes, cache_dir=settings.cache)
    assert open_project(changed_rules).report.reused == []
