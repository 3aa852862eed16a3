"""`stratgraph load --ordner`: the folder Virtuoso's bulk loader reads, and what a real Virtuoso makes of it."""

from __future__ import annotations

import shutil
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from stratgraph.cli import EXIT_OK, EXIT_USAGE, main

from .conftest import ROOT, bulk_load, start_virtuoso, stop

BOCHUM = "https://w3id.org/stratgraph/bochum/"


def _written(folder: Path) -> dict[str, Graph]:
    """Each .nt file of the folder as a graph, keyed by the graph name in the .graph file beside it."""
    parts = {}
    for data in sorted(folder.glob("*.nt")):
        name = data.with_name(data.name + ".graph").read_text(encoding="utf-8").strip()
        parts[name] = Graph().parse(data, format="nt")
    return parts


def test_the_folder_holds_every_named_graph_and_the_script(
    tmp_path: Path, graph: Graph, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "laden"
    assert main(["--root", str(ROOT), "load", "--ordner", str(folder)]) == EXIT_OK
    assert "laden.sql" in capsys.readouterr().out
    parts = _written(folder)
    # every triple of ontology plus data is in one of the files, and nothing else is
    union = Graph()
    for part in parts.values():
        union += part
    assert isomorphic(union, graph)  # blank nodes (the ontology's lists) get new names in N-Triples
    # Bochum's content in its own graph: the Kompetenz "Hotspot der Live-Kultur" is there, under Bochum's IRI
    hotspot = URIRef(BOCHUM + "kompetenz/hotspot-der-live-kultur")
    holding = [name for name, part in parts.items() if (hotspot, None, None) in part]
    assert holding and all(name.startswith("https://w3id.org/stratgraph/") for name in holding)
    script = (folder / "laden.sql").read_text(encoding="utf-8")
    for name in parts:
        assert f"SPARQL CLEAR GRAPH <{name}>;" in script  # a second load replaces, never adds
    assert f"ld_dir('{folder.resolve()}', '*.nt', NULL);" in script
    assert script.index("ld_dir(") < script.index("rdf_loader_run();") < script.index("checkpoint;")


def test_a_folder_that_is_not_empty_is_refused_and_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "laden"
    folder.mkdir()
    (folder / "alt.nt").write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    assert main(["--root", str(ROOT), "load", "--ordner", str(folder)]) == EXIT_USAGE
    assert "nicht leer" in capsys.readouterr().err
    assert [p.name for p in folder.iterdir()] == ["alt.nt"]
    assert [p.name for p in tmp_path.iterdir()] == ["laden"]  # no half-written folder beside it


def test_a_folder_whose_parent_is_missing_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(ROOT), "load", "--ordner", str(tmp_path / "fehlt" / "laden")]) == EXIT_USAGE
    assert "gibt es nicht" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_endpoint_and_folder_exclude_each_other(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--root", str(ROOT), "load", "--endpoint", "http://127.0.0.1:1/store", "--ordner", str(tmp_path)])
    assert stopped.value.code == EXIT_USAGE


def _count(endpoint: str) -> int:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    request = urllib.request.Request(
        endpoint,
        data=urllib.parse.urlencode({"query": query}).encode(),
        headers={"Accept": "text/csv"},
    )
    return int(urllib.request.urlopen(request, timeout=30).read().decode().splitlines()[1])


@pytest.mark.server
def test_virtuoso_loads_the_folder_and_a_second_load_replaces(tmp_path: Path, graph: Graph) -> None:
    server, sql_port, endpoint = start_virtuoso(tmp_path)
    try:
        before = _count(endpoint)  # Virtuoso's own system graphs
        first = tmp_path / "laden"  # the folder docs/virtuoso.ini allows the loader to read
        assert main(["--root", str(ROOT), "load", "--ordner", str(first)]) == EXIT_OK
        bulk_load(sql_port, first)
        loaded = _count(endpoint) - before
        assert loaded == len(graph)  # the default graph is the union: every triple once
        shutil.rmtree(first)  # the next release, written to the same place and loaded the same way
        assert main(["--root", str(ROOT), "load", "--ordner", str(first)]) == EXIT_OK
        bulk_load(sql_port, first)
        assert _count(endpoint) - before == len(graph)  # replaced, not doubled
    finally:
        stop(server)
