"""Shared fixtures: the project's own sources, loaded once per test session."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from rdflib import Graph

from stratgraph.config import Settings
from stratgraph.model.graph import ProjectGraphs, load_project

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings(root=ROOT)


@pytest.fixture(scope="session")
def project(settings: Settings) -> ProjectGraphs:
    return load_project(settings)


@pytest.fixture(scope="session")
def graph(project: ProjectGraphs) -> Graph:
    """Ontology plus data, as validated and published."""
    return project.merged()


def data_folder(target: Path, *strategies: str) -> Path:
    """A data folder: the shared reference and the named strategies — Bochum from data/, the others from
    tests/fixtures/staedte (hand-made, counted in its README)."""
    target.mkdir(parents=True)
    for shared in (ROOT / "data").glob("*.ttl"):  # SDGs, their indicators, the structure of indicator values
        shutil.copyfile(shared, target / shared.name)
    for slug in strategies:
        source = ROOT / "data" / slug if slug == "bochum" else FIXTURES / "staedte" / slug
        shutil.copytree(source, target / slug)
    return target


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def served_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One release folder for all service tests, with the release of the current sources built into it first
    (an app builds its first release in the background, so the tests that read it must not race it)."""
    from stratgraph.release import ReleaseOptions, build_release

    folder = tmp_path_factory.mktemp("served-dist")
    build_release(Settings(root=ROOT, dist_dir=folder), ReleaseOptions())
    return folder


def start_oxigraph(port: int, log: Path, *extra: str) -> subprocess.Popen[bytes]:
    """A real Oxigraph server (PyPI package oxigraph) on 127.0.0.1, started and waited for (bounded)."""
    with log.open("ab") as out:
        binary = str(Path(sys.executable).parent / "oxigraph")
        server = subprocess.Popen(
            [binary, "serve", "--bind", f"127.0.0.1:{port}", *extra], stdout=out, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", timeout=2).read()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("oxigraph serve did not start: " + log.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def oxigraph_endpoint(
    tmp_path_factory: pytest.TempPathFactory, graph: Graph, project: ProjectGraphs, settings: Settings
) -> Iterator[str]:
    """An Oxigraph server loaded as `stratgraph load` does: everything in the default graph, parts named."""
    from stratgraph.model.graph import named_parts
    from stratgraph.store.remote import load_graph

    port = free_port()
    server = start_oxigraph(port, tmp_path_factory.mktemp("oxigraph") / "server.log")
    base = f"http://127.0.0.1:{port}"
    try:
        load_graph(graph, f"{base}/store", parts=[(str(name), part) for name, part in named_parts(settings, project)])
        yield f"{base}/query"
    finally:
        server.terminate()
        server.wait(timeout=30)


def start_virtuoso(folder: Path) -> tuple[subprocess.Popen[bytes], int, str]:
    """A real Virtuoso Open-Source server (Debian's virtuoso-opensource) on 127.0.0.1 from docs/virtuoso.ini,
    its database in ``folder``, loading from ``folder/laden``; returns the process, SQL port and SPARQL address."""
    sql_port, http_port = free_port(), free_port()
    load_dir = folder / "laden"
    ini = (ROOT / "docs" / "virtuoso.ini").read_text(encoding="utf-8")
    values = {"folder": folder, "sql_port": sql_port, "http_port": http_port, "load_dir": load_dir}
    config = folder / "virtuoso.ini"
    config.write_text(ini.format(**values), encoding="utf-8")
    log = folder / "server.out"
    with log.open("ab") as out:
        server = subprocess.Popen(
            ["virtuoso-t", "+foreground", "+configfile", str(config)], cwd=folder, stdout=out, stderr=subprocess.STDOUT
        )
    endpoint = f"http://127.0.0.1:{http_port}/sparql"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and server.poll() is None:
        try:
            urllib.request.urlopen(endpoint + "?query=ASK%7B%7D", timeout=2).read()
            return server, sql_port, endpoint
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError("virtuoso-t did not start: " + log.read_text(encoding="utf-8", errors="replace")[-2000:])


def bulk_load(sql_port: int, folder: Path) -> None:
    """Run the script `stratgraph load --ordner` wrote, as an operator would (isql-vt, bounded)."""
    from stratgraph.store.bulk import LOAD_SCRIPT

    done = subprocess.run(
        ["isql-vt", f"127.0.0.1:{sql_port}", "dba", "dba", str(folder / LOAD_SCRIPT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0 or "Error" in done.stdout or "Error" in done.stderr:
        raise RuntimeError("bulk load failed: " + done.stdout[-2000:] + done.stderr[-2000:])


def stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=30)


@contextlib.contextmanager
def served_store(kind: str, parts: Sequence[tuple[str, Graph]], folder: Path) -> Iterator[str]:
    """A real server of ``kind`` ('remote': Oxigraph, 'virtuoso') in ``folder``, loaded with the named graphs
    ``parts`` as its operator would (Oxigraph: Graph Store Protocol, everything also in the default graph;
    Virtuoso: the bulk loader, whose default graph is the union); yields its SPARQL query address."""
    from stratgraph.store.bulk import write_bulk_folder
    from stratgraph.store.remote import load_graph

    if kind == "virtuoso":
        server, sql_port, endpoint = start_virtuoso(folder)
        try:
            write_bulk_folder(parts, folder / "laden")
            bulk_load(sql_port, folder / "laden")
            yield endpoint
        finally:
            stop(server)
        return
    port = free_port()
    server = start_oxigraph(port, folder / "server.log")
    try:
        union = Graph()
        for _, part in parts:
            union += part
        load_graph(union, f"http://127.0.0.1:{port}/store", parts=parts)
        yield f"http://127.0.0.1:{port}/query"
    finally:
        stop(server)


@pytest.fixture(scope="session")
def virtuoso_endpoint(
    tmp_path_factory: pytest.TempPathFactory, project: ProjectGraphs, settings: Settings
) -> Iterator[str]:
    """A Virtuoso server loaded with its bulk loader from the folder `stratgraph load --ordner` writes:
    the named graphs only (its default graph is their union)."""
    from stratgraph.model.graph import named_parts

    parts = [(str(name), part) for name, part in named_parts(settings, project)]
    with served_store("virtuoso", parts, tmp_path_factory.mktemp("virtuoso")) as endpoint:
        yield endpoint


# the stores the API, Linked Data and SPARQL modules run on: rdflib in-process, oxigraph serve, Virtuoso
STORES = [
    "embedded",
    pytest.param("remote", marks=pytest.mark.server),
    pytest.param("virtuoso", marks=pytest.mark.server),
]


def service_client(request: pytest.FixtureRequest, dist: Path, **overrides: object) -> Iterator[TestClient]:
    """A client of the app on the embedded store or on a real server: 'remote' Oxigraph, 'virtuoso' Virtuoso."""
    from fastapi.testclient import TestClient

    from stratgraph.api import create_app

    endpoint = {"embedded": None, "remote": "oxigraph_endpoint", "virtuoso": "virtuoso_endpoint"}[request.param]
    if endpoint is not None:
        endpoint = request.getfixturevalue(endpoint)
    settings = Settings(root=ROOT, dist_dir=dist, endpoint=endpoint, **overrides)  # type: ignore[arg-type]
    with TestClient(create_app(settings)) as client:
        yield client


@contextlib.contextmanager
def service_over(kind: str, settings: Settings, folder: Path) -> Iterator[TestClient]:
    """The app over ``settings``' data on the embedded store, or on a real Oxigraph ('remote') or Virtuoso
    ('virtuoso') server loaded with the project's named graphs in ``folder``."""
    from fastapi.testclient import TestClient

    from stratgraph.api import create_app
    from stratgraph.model.graph import load_project, named_parts

    if kind == "embedded":
        with TestClient(create_app(settings)) as client:
            yield client
        return
    parts = [(str(name), part) for name, part in named_parts(settings, load_project(settings))]
    with (
        served_store(kind, parts, folder) as endpoint,
        TestClient(create_app(replace(settings, endpoint=endpoint))) as client,
    ):
        yield client


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks are set where a test is written (``pytestmark``, ``@pytest.mark.server``, the stores' params); this
    only refuses a test that starts a server without saying so, so `make test-fast` never starts one by accident."""
    unmarked = []
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        callspec = getattr(item, "callspec", None)
        remote = callspec is not None and any(value in ("remote", "virtuoso") for value in callspec.params.values())
        needs_server = remote or "oxigraph_endpoint" in fixtures or "virtuoso_endpoint" in fixtures
        if needs_server and item.get_closest_marker("server") is None:
            unmarked.append(item.nodeid)
    if unmarked:
        raise pytest.UsageError("Tests mit Server ohne @pytest.mark.server: " + ", ".join(unmarked[:10]))
