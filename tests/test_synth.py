"""`stratgraph synth N`: seeded synthetic strategies of Bochum's shape, valid, and marked as synthetic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF

from stratgraph.cli import EXIT_OK, EXIT_USAGE, main
from stratgraph.namespaces import STRAT

from .conftest import ROOT


def _synth(out: Path, count: int, seed: int = 7) -> int:
    return main(["--root", str(ROOT), "synth", str(count), "--out", str(out), "--saat", str(seed)])


@pytest.mark.slow  # validates two generated cities (seconds); `make test` runs it
def test_two_cities_valid_with_75_kernaktivitaeten(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "data"
    assert _synth(out, 2) == EXIT_OK
    assert sorted(p.name for p in out.iterdir()) == ["sdg.ttl", "synth-0001", "synth-0002"]
    assert main(["--root", str(ROOT), "--data", str(out), "validate", "--format", "json"]) == EXIT_OK
    capsys.readouterr()
    for city in ("synth-0001", "synth-0002"):
        graph = Graph()
        for path in (out / city).glob("*.ttl"):
            graph.parse(path, format="turtle")
        kas = set(graph.subjects(RDF.type, STRAT.Kernaktivitaet))
        assert len(kas) == 75
        assert all(str(ka).startswith(f"https://w3id.org/stratgraph/{city}/") for ka in kas)
        assert not any("Bochum" in str(o) for o in graph.objects() if isinstance(o, Literal))
        descriptions = [str(d) for d in graph.objects(None, DCTERMS.description)]
        assert any("Synthetische Strategie" in d and "keine echte Stadt" in d for d in descriptions)
        links = set(graph.subjects(STRAT.zuordnungUeber, STRAT.traegtBeiZuSdg))
        assert len(links) > 75  # Bochum has 131 SDG links for 66 Kernaktivitäten: about two each
    assert main(["--root", str(ROOT), "--data", str(out), "staedte", "--format", "json"]) == EXIT_OK
    cities = json.loads(capsys.readouterr().out)
    assert [c["kernaktivitaeten"] for c in cities] == [75, 75]


def test_the_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    assert _synth(tmp_path / "a", 1) == EXIT_OK
    assert _synth(tmp_path / "b", 1) == EXIT_OK
    assert _synth(tmp_path / "c", 1, seed=8) == EXIT_OK
    a, b, c = ((tmp_path / x / "synth-0001" / "zuordnungen.ttl").read_bytes() for x in "abc")
    assert a == b
    assert a != c


def test_refuses_a_folder_in_use_and_no_count(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "voll").mkdir()
    (tmp_path / "voll" / "etwas.ttl").write_text("", encoding="utf-8")
    assert _synth(tmp_path / "voll", 1) == EXIT_USAGE
    assert "nicht leer" in capsys.readouterr().err
    assert _synth(tmp_path / "neu", 0) == EXIT_USAGE
    assert "mindestens 1" in capsys.readouterr().err
    assert not (tmp_path / "neu").exists()
