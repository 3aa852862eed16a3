"""Engine benchmark: the embedded store's SPARQL engine, pyoxigraph, beside rdflib's own engine.

In process, no HTTP: every named query of queries/ (without parameters) and the coverage context query run
on the Bochum graph, each engine several times; medians are reported. rdflib gets each query prepared once
(parsing is not counted), so the figures compare evaluation only. Results go to docs/engine-benchmark.md.

    .venv/bin/python bench/engine_bench.py [--runs 5]

Not a test: nothing here asserts a time. A query that takes rdflib longer than --slow seconds on its first
run is run once only.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from datetime import date
from importlib.metadata import version
from pathlib import Path

from rdflib.plugins.sparql import prepareQuery

from stratgraph.config import Settings
from stratgraph.model.graph import load_project
from stratgraph.store.embedded import EmbeddedStore
from stratgraph.store.named_queries import load_named_queries

ROOT = Path(__file__).resolve().parents[1]


def timed(action: object, runs: int, slow: float) -> tuple[float, int]:
    """Median milliseconds of ``runs`` calls (one call when the first is slower than ``slow`` seconds)."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        samples.append(time.perf_counter() - start)
        if samples[0] > slow:
            break
    return statistics.median(samples) * 1000, len(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--slow", type=float, default=5.0)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "engine-benchmark.md")
    args = parser.parse_args()
    settings = Settings(root=ROOT)
    graph = load_project(settings).merged()
    store = EmbeddedStore(graph)
    queries = {
        name: q.text
        for name, q in load_named_queries(settings.queries).items()
        if not any(p.required for p in q.parameters)
    }
    queries["intern/abdeckung_kontext (CONSTRUCT, als rdflib-Graph)"] = (
        settings.queries / "intern" / "abdeckung_kontext.rq"
    ).read_text(encoding="utf-8")
    rows = []
    for name, text in queries.items():
        construct = "CONSTRUCT" in name

        def on_oxigraph(text: str = text, construct: bool = construct) -> None:
            store._construct(text) if construct else store.select(text)

        prepared = prepareQuery(text)

        def on_rdflib(prepared: object = prepared, construct: bool = construct) -> None:
            result = graph.query(prepared)  # type: ignore[arg-type]
            list(result) if not construct else result.graph

        ox_ms, _ = timed(on_oxigraph, args.runs, args.slow)
        rdf_ms, rdf_runs = timed(on_rdflib, args.runs, args.slow)
        rows.append((name, ox_ms, rdf_ms, rdf_runs))
        print(f"{name:<45} pyoxigraph {ox_ms:>9.2f} ms   rdflib {rdf_ms:>10.1f} ms   {rdf_ms / ox_ms:>8.0f}×")
    table = "\n".join(
        f"| {name} | {ox:.2f} | {rdf:.1f}{' (1 Lauf)' if runs == 1 else ''} | {rdf / ox:.0f}× |"
        for name, ox, rdf, runs in rows
    )
    ratios = [rdf / ox for _, ox, rdf, _ in rows]
    args.out.write_text(
        f"""# Engine benchmark: pyoxigraph or rdflib for the embedded store

Measured {date.today().isoformat()} with `bench/engine_bench.py`: in process, on the Bochum graph
({len(graph)} triples), median of {args.runs} runs per query (a query slower than {args.slow:g} s on rdflib
runs once). rdflib's queries are prepared once, so parsing is not counted; pyoxigraph parses each time.
Python {platform.python_version()}, pyoxigraph {version("pyoxigraph")}, rdflib {version("rdflib")}.

| Abfrage | pyoxigraph ms | rdflib ms | rdflib / pyoxigraph |
| --- | ---: | ---: | ---: |
{table}

Median ratio {statistics.median(ratios):.0f}×, smallest {min(ratios):.0f}×. This is why the embedded store
answers SPARQL with pyoxigraph; rdflib stays for parsing, serialising and pyshacl.
""",
        encoding="utf-8",
    )
    print(f"geschrieben: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
