"""Loading Turtle: clear errors with file, line and column; nothing half-loaded; the base IRI is one setting."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from stratgraph.config import Settings
from stratgraph.errors import SourceError
from stratgraph.model.graph import load_project, parse_turtle


def test_syntax_error_position(tmp_path: Path) -> None:
    path = tmp_path / "x.ttl"
    path.write_text("@prefix ex: <http://e/> .\nex:a ex:b ex:c .\n  ex:d ex:e ex:f ex:g .\n", encoding="utf-8")
    with pytest.raises(SourceError) as exc:
        parse_turtle(path)
    assert (exc.value.line, exc.value.column) == (3, 18)  # the stray ex:g
    assert str(exc.value).startswith(f"{path}:3:18: Turtle-Syntaxfehler")


def test_column_counts_characters_not_bytes(tmp_path: Path) -> None:
    path = tmp_path / "u.ttl"
    path.write_text('@prefix ex: <http://e/> .\nex:ä ex:b "Größe" ex:c .\n', encoding="utf-8")
    with pytest.raises(SourceError) as exc:
        parse_turtle(path)
    assert (exc.value.line, exc.value.column) == (2, 19)


def test_broken_file_adds_nothing(tmp_path: Path) -> None:
    good = Graph()
    good.add((URIRef("http://e/a"), URIRef("http://e/b"), URIRef("http://e/c")))
    path = tmp_path / "half.ttl"
    path.write_text('@prefix ex: <http://e/> .\nex:x ex:y ex:z .\nex:broken ex:y "unterminated\n', encoding="utf-8")
    with pytest.raises(SourceError):
        parse_turtle(path, into=good)
    assert len(good) == 1


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.ttl"
    path.write_bytes('@prefix ex: <http://e/> .\nex:a ex:b "Größe" .\n'.encode("latin-1"))
    with pytest.raises(SourceError, match="UTF-8"):
        parse_turtle(path)


def test_base_iri_setting_moves_instances(settings: Settings) -> None:
    moved = load_project(replace(settings, base_iri="https://daten.example.de/strategie/"))
    subjects = {str(s) for s in moved.data.subjects()}
    assert "https://daten.example.de/strategie/kernaktivitaet/gigabit-city-bochum" in subjects
    assert not any(s.startswith("https://w3id.org/stratgraph/bochum/") for s in subjects)
    # the vocabulary stays where it is
    assert (
        URIRef("https://daten.example.de/strategie/kompetenz/hotspot-der-live-kultur"),
        URIRef("https://w3id.org/stratgraph/ontology#position"),
        None,
    ) in moved.data
