"""`stratgraph synth N`: seeded synthetic strategies of both shapes (the template's and five levels), valid, and
marked as synthetic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF, SKOS

from stratgraph.cli import EXIT_OK, EXIT_USAGE, main
from stratgraph.model.namespaces import STRAT

from .conftest import ROOT


def _synth(out: Path, count: int, seed: int = 7) -> int:
    return main(["--root", str(ROOT), "synth", str(count), "--out", str(out), "--saat", str(seed)])


@pytest.mark.slow  # validates two generated cities (seconds); `make test` runs it
def test_two_cities_of_both_shapes_valid_with_75_measures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "data"
    assert _synth(out, 2) == EXIT_OK
    shared = sorted(p.name for p in (ROOT / "data").glob("*.ttl"))  # the SDGs, their indicators, the cube structure
    assert sorted(p.name for p in out.iterdir()) == sorted([*shared, "synth-0001", "synth-0002"])
    assert main(["--root", str(ROOT), "--data", str(out), "validate", "--format", "json"]) == EXIT_OK
    capsys.readouterr()
    graphs = {}
    for city in ("synth-0001", "synth-0002"):
        graph = Graph()
        for path in (out / city).glob("*.ttl"):
            graph.parse(path, format="turtle")
        graphs[city] = graph
        assert not any("Bochum" in str(o) for o in graph.objects() if isinstance(o, Literal))
        descriptions = [str(d) for d in graph.objects(None, DCTERMS.description)]
        assert any("Synthetische Strategie" in d and "keine echte Stadt" in d for d in descriptions)
        links = set(graph.subjects(STRAT.zuordnungUeber, STRAT.traegtBeiZuSdg))
        assert len(links) > 75  # Bochum has 131 SDG links for 66 Kernaktivitäten: about two each
        assert all(str(z).startswith(f"https://w3id.org/stratgraph/{city}/") for z in links)
    # odd numbers copy the template (Bochum's shape), even numbers have five levels with goals that carry links
    kas = set(graphs["synth-0001"].subjects(RDF.type, STRAT.Kernaktivitaet))
    assert len(kas) == 75
    five = graphs["synth-0002"]
    levels = sorted(five.subjects(RDF.type, STRAT.Ebene), key=lambda lv: int(five.value(lv, STRAT.position)))
    assert [str(five.value(lv, SKOS.prefLabel)) for lv in levels] == [
        "Themenfeld",
        "Leitlinie",
        "strategisches Ziel",
        "operatives Ziel",
        "Maßnahme",
    ]
    measures = set(five.subjects(RDF.type, STRAT.Massnahme))
    assert len(measures) == 75 and not set(five.subjects(RDF.type, STRAT.Kernaktivitaet))
    goals_with_links = {s for s in five.subjects(STRAT.traegtBeiZuSdg, None) if (s, RDF.type, STRAT.Ziel) in five}
    assert len(goals_with_links) == 20  # every operative goal names a target
    assert set(five.objects(None, STRAT.hatStatus)) >= {STRAT.geplant, STRAT.laufend}
    assert len(set(five.subjects(RDF.type, STRAT.Statuseintrag))) >= 75  # every measure was planned first
    assert main(["--root", str(ROOT), "--data", str(out), "staedte", "--format", "json"]) == EXIT_OK
    cities = json.loads(capsys.readouterr().out)
    assert [(c["kernaktivitaeten"], c["bezeichnung_massnahmen"]) for c in cities] == [
        (75, "Kernaktivitäten"),
        (75, "Maßnahmen"),
    ]


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
