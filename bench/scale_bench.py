"""Scale benchmark: N synthetic strategies of both shapes (``stratgraph synth``: odd ones copy the main strategy,
even ones have five levels), N = 1, 10, 100 (1000 with ``--n 1000``), against the targets of issue 12. Every
figure comes from this run; medians, not single runs.

    .venv/bin/python bench/scale_bench.py [--n 1 10 100] [--work /tmp/stratgraph-scale] [--remote 100]

Per N, each measurement in a fresh process (so its peak RSS is its own):
- ``validate``: what `stratgraph validate` does with no report kept: every city on its own (in one process per
  core), the membership rule over all, the store from the files; it leaves the reports kept beside the data;
- ``project``: what `stratgraph serve` does before the port opens at a restart with unchanged files: every
  city's report kept, the store straight from the files, the coverage index read — and its peak RSS;
- ``store``: the store alone, loaded straight from the files into named graphs, peak RSS;
- ``validate-city``: one city at a time (its folder and the shared files) as `stratgraph --stadt X validate`
  does, median of five cities (N ≥ 10);
- coverage of one city, first request per city (nothing cached), p50 over up to 20 cities: on the serve path
  the JSON answer of ``/api/abdeckung?stadt=`` from the coverage index; on the store alone (and the remote
  stores) the Kompetenz × SDG matrix from the store scoped to the city;
- comparison: every city per SDG (``/api/vergleich``'s core), median of 3: on the serve path from the coverage
  index's per-city counts, otherwise ``queries/intern/vergleich.rq`` over the store.
With ``--remote N``: the same two views on a real Oxigraph server (PyPI) and on Virtuoso Open-Source (Debian,
loaded by its bulk loader) over HTTP, with the ratio to the embedded store in the same run.
Results: docs/scale-benchmark.json; docs/benchmarks.md quotes them.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from stratgraph.config import Settings  # noqa: E402
from stratgraph.coverage import matrix as cov  # noqa: E402
from stratgraph.coverage.index import CoverageIndex  # noqa: E402
from stratgraph.model.graph import load_project  # noqa: E402
from stratgraph.store.embedded import EmbeddedStore, ScopedStore, Store  # noqa: E402
from stratgraph.strategies.project import file_parts, open_project  # noqa: E402
from stratgraph.strategies.scopes import compare, scopes  # noqa: E402
from stratgraph.strategies.validation import load_checks, validate_strategies  # noqa: E402


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _store_from_files(settings: Settings) -> EmbeddedStore:
    return EmbeddedStore.from_files(file_parts(settings, sorted(scopes(settings))))


def _settings(data: Path) -> Settings:
    """The data folder with its own folder of kept reports beside it (filled by the ``validate`` run)."""
    return Settings(root=ROOT, data_dir=data, cache_dir=data.parent / f"{data.name}-cache")


def _views(store: Store, settings: Settings, index: CoverageIndex | None = None, cities: int = 20) -> dict[str, float]:
    """Coverage of one city: with ``index`` (the serve path) the JSON answer of ``/api/abdeckung?stadt=`` from
    the index read at load; without, the matrix from the store scoped to the city (context graph and paths)."""
    known = scopes(settings)
    chosen = random.Random(1).sample(sorted(known), min(cities, len(known)))
    coverage, warm = [], []
    for slug in chosen:
        for kept in (coverage, warm):  # the first request of a city, then the same again (its context kept)
            start = time.perf_counter()
            if index is not None:
                index.matrix_answer(slug, "kompetenz", cov.Filters())
            else:
                cov.matrix(ScopedStore(store, known[slug].graphs), settings.queries, "kompetenz")
            kept.append(time.perf_counter() - start)
    comparison = []
    for _ in range(3):
        start = time.perf_counter()
        if index is not None:
            index.compare()  # as /api/vergleich on the embedded store
        else:
            compare(store, known, settings.queries)
        comparison.append(time.perf_counter() - start)
    return {
        "coverage_p50_ms": statistics.median(coverage) * 1000,
        "coverage_warm_p50_ms": statistics.median(warm) * 1000,
        "comparison_s": statistics.median(comparison),
    }


def measure(mode: str, data: Path) -> dict[str, Any]:
    """One measurement in this process (run by the parent in a fresh one)."""
    settings = _settings(data)
    start = time.perf_counter()
    if mode == "project":  # what `stratgraph serve` does before the port opens, every city's report kept
        project = open_project(settings, graphs=False)
        index = CoverageIndex(project.store, settings.queries, scopes(settings))  # as open_embedded reads it
        assert len(project.report.reused) == len(scopes(settings)), "run the mode validate first"
        result: dict[str, Any] = {"load_s": time.perf_counter() - start, "triples": len(project.store)}
        result.update(_views(project.store, settings, index))
    elif mode == "store":
        store = _store_from_files(settings)
        result = {"load_s": time.perf_counter() - start, "triples": len(store)}
        result.update(_views(store, settings))
    elif mode == "validate":  # `stratgraph validate` with nothing kept: every city, in processes, and the store
        shutil.rmtree(settings.cache, ignore_errors=True)
        report = open_project(settings, require_conformance=False, graphs=False).report
        result = {"validate_s": time.perf_counter() - start, "violations": report.count("Violation")}
    elif mode == "validate-city":
        times = []
        for slug in random.Random(2).sample(sorted(scopes(settings)), 5):
            begin = time.perf_counter()
            report = validate_strategies(load_project(settings, only=slug), load_checks(settings.checks))
            times.append(time.perf_counter() - begin)
            assert report.conforms, slug
        result = {"validate_city_s": statistics.median(times)}
    else:
        raise SystemExit(f"unknown mode {mode}")
    result["rss_mib"] = _rss_mib()
    result["rss_children_mib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # largest worker
    return result


def _child(mode: str, data: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--measure", mode, str(data)], capture_output=True, text=True, timeout=7200
    )
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def remote_views(data: Path, work: Path) -> dict[str, Any]:
    """An Oxigraph server (union default graph), each file PUT into its named graph (Graph Store Protocol)."""
    from stratgraph.store.remote import RemoteStore

    settings = Settings(root=ROOT, data_dir=data)
    port = _free_port()
    folder = work / "oxigraph-db"
    shutil.rmtree(folder, ignore_errors=True)
    binary = str(Path(sys.executable).parent / "oxigraph")
    command = [binary, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    command += ["--timeout-s", "60"]  # the store's own limit, as an operator sets it (docs/betrieb.md): our timeout
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # bounded wait for the port
            try:
                urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        store = _store_from_files(settings)  # the same graphs, named the same way
        start = time.perf_counter()
        for name, part in _graph_files(settings):
            request = urllib.request.Request(
                f"{base}/store?graph={urllib.parse.quote(name, safe='')}",
                data=part.read_bytes(),
                method="POST",
                headers={"Content-Type": "text/turtle"},
            )
            urllib.request.urlopen(request, timeout=600).read()
        loaded = time.perf_counter() - start
        del store
        result = {"load_s": loaded, **_views(RemoteStore(base + "/query", timeout=60), settings)}
    finally:
        server.terminate()
        server.wait(timeout=60)
    return result


def virtuoso_views(data: Path, work: Path) -> dict[str, Any]:
    """Virtuoso Open-Source (Debian) from docs/virtuoso.ini, loaded by its bulk loader from the same Turtle files
    the Oxigraph server gets (each file beside a .graph file naming its graph), then the same views. The
    comparison's answer is checked against the embedded store's, so a figure never stands for a wrong answer."""
    from stratgraph.store.bulk import LOAD_SCRIPT, load_script
    from stratgraph.store.remote import RemoteStore

    sys.path.insert(0, str(ROOT))
    from tests.conftest import bulk_load, start_virtuoso, stop

    settings = Settings(root=ROOT, data_dir=data)
    folder = work / "virtuoso-db"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    server, sql_port, endpoint = start_virtuoso(folder)
    try:
        load_dir = folder / "laden"
        load_dir.mkdir()
        graphs = _graph_files(settings)
        for number, (name, path) in enumerate(graphs, 1):
            shutil.copyfile(path, load_dir / f"{number:05d}.ttl")
            (load_dir / f"{number:05d}.ttl.graph").write_text(name + "\n", encoding="utf-8")
        script = load_script(load_dir, sorted({name for name, _ in graphs}), pattern="*.ttl")
        (load_dir / LOAD_SCRIPT).write_text(script, encoding="utf-8")
        start = time.perf_counter()
        bulk_load(sql_port, load_dir)
        loaded = time.perf_counter() - start
        remote = RemoteStore(endpoint, timeout=60)
        result = {"load_s": loaded, **_views(remote, settings)}
        embedded = _store_from_files(settings)
        known = scopes(settings)
        result["comparison_same_as_embedded"] = compare(remote, known, settings.queries) == compare(
            embedded, known, settings.queries
        )
        city = known[sorted(known)[0]].graphs  # a city's matrix: Virtuoso must honour default-graph-uri
        result["coverage_same_as_embedded"] = cov.matrix(
            ScopedStore(remote, city), settings.queries, "kompetenz"
        ) == cov.matrix(ScopedStore(embedded, city), settings.queries, "kompetenz")
    finally:
        stop(server)
    return result


def _graph_files(settings: Settings) -> list[tuple[str, Path]]:
    """Each file with the named graph it goes into, as the embedded store loads them."""
    return [(name, f) for name, files in file_parts(settings, sorted(scopes(settings))) for f in files]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--work", type=Path, default=Path("/tmp/stratgraph-scale"))
    parser.add_argument("--remote", type=int, nargs="*", default=[100])
    parser.add_argument("--measure", nargs=2, metavar=("MODE", "DATA"))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "scale-benchmark.json")
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure[0], Path(args.measure[1]))))
        return
    results: dict[str, Any] = {"machine": f"{platform.machine()}, {platform.python_version()}", "runs": {}}
    for n in args.n:
        data = args.work / f"n{n}"
        if not data.is_dir():
            subprocess.run(
                [sys.executable, "-m", "stratgraph", "--root", str(ROOT), "synth", str(n), "--out", str(data)],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        run: dict[str, Any] = {"triples_on_disk_mib": sum(f.stat().st_size for f in data.rglob("*.ttl")) / 2**20}
        run["store"] = _child("store", data)
        run["validate"] = _child("validate", data)  # fills the kept reports the serve start then uses
        run["project"] = _child("project", data)
        if n >= 10:
            run["validate_city"] = _child("validate-city", data)
        if n in args.remote:
            run["oxigraph_server"] = remote_views(data, args.work)
            run["virtuoso"] = virtuoso_views(data, args.work)
        results["runs"][str(n)] = run
        print(n, json.dumps(run), flush=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
