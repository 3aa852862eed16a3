"""Progress benchmark (issue 25): the assessment of 100 cities × 20 indicators × 15 years, and the indicator page's
first byte, warm. Every figure comes from this run; medians, not single runs. Not a test: nothing here asserts a
time; the figures go into docs/benchmarks.md.

    .venv/bin/python bench/progress_bench.py [--cities 100] [--indicators 20] [--years 15] [--runs 5]

- ``read + assess``: ``progress.indicators.read_progress`` on the embedded store holding every city's indicators
  and observations (the two queries, terms to Python, grouping, one assessment per indicator); beside it, as the
  floor, the same two queries in the engine with no term converted, and the assessment alone on every series.
- ``page``: time to first byte of ``/indikator/<slug>`` on `stratgraph serve` over the hand-made gamma with its
  indicators, after a first request (warm: kept until a reload); beside it the constant-size cached answer
  ``/api/zielsystem`` of the same server, in the same rounds.
"""

from __future__ import annotations

import argparse
import http.client
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SKOS, XSD
from serving import ROOT, free_port, start_serve

sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from stratgraph.progress.assessment import Value, assess
from stratgraph.progress.indicators import read_progress
from stratgraph.store.embedded import EmbeddedStore

STRAT = Namespace("https://w3id.org/stratgraph/ontology#")
QB = Namespace("http://purl.org/linked-data/cube#")
UNIT = Namespace("http://qudt.org/vocab/unit/")


def synthetic(cities: int, indicators: int, years: int, seed: int = 1) -> Graph:
    """Indicators with a goal, direction and (for two in three) a target; values as a noisy trend."""
    rng = random.Random(seed)
    graph = Graph()
    for c in range(cities):
        base = f"https://w3id.org/stratgraph/stadt-{c:03d}/"
        goal = URIRef(base + "ziel/ziel")
        graph.add((goal, SKOS.prefLabel, Literal("Ziel", lang="de")))
        dataset = URIRef(base + "werte")
        for i in range(indicators):
            ind = URIRef(f"{base}indikator/i{i:02d}")
            up = rng.random() < 0.5
            graph += [
                (ind, RDF.type, STRAT.Indikator),
                (ind, SKOS.prefLabel, Literal(f"Indikator {c}-{i}", lang="de")),
                (ind, STRAT.misst, goal),
                (ind, STRAT.einheit, UNIT.PERCENT),
                (ind, STRAT.einheitZeichen, Literal("%")),
                (ind, STRAT.hatMessrichtung, STRAT.hoeherIstBesser if up else STRAT.niedrigerIstBesser),
            ]
            if rng.random() < 2 / 3:
                graph += [
                    (ind, STRAT.zielwert, Literal(str(round(rng.uniform(10, 90), 1)), datatype=XSD.decimal)),
                    (ind, STRAT.zieljahr, Literal("2035", datatype=XSD.gYear)),
                    (ind, STRAT.hatZielart, STRAT.zielMindestens if up else STRAT.zielHoechstens),
                ]
            value = rng.uniform(20, 60)
            for y in range(2025 - years, 2025):
                value = max(0.5, value * (1 + rng.uniform(-0.04, 0.06)))
                obs = URIRef(f"{base}wert/i{i:02d}-{y}")
                graph += [
                    (obs, RDF.type, QB.Observation),
                    (obs, QB.dataSet, dataset),
                    (obs, STRAT.indikator, ind),
                    (obs, STRAT.bezugsjahr, Literal(str(y), datatype=XSD.gYear)),
                    (obs, STRAT.messwert, Literal(str(round(value, 3)), datatype=XSD.decimal)),
                    (obs, STRAT.hatBeobachtungsstatus, STRAT.endgueltig),
                ]
    ontology = Graph().parse(ROOT / "ontology" / "stratgraph.ttl")  # the notations of direction, kind, status
    return graph + ontology


def median_seconds(work, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def first_byte(port: int, path: str) -> float:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    start = time.perf_counter()
    connection.request("GET", path, headers={"Accept": "text/html"})
    response = connection.getresponse()
    response.read(1)
    elapsed = time.perf_counter() - start
    response.read()
    connection.close()
    return elapsed


def page_rounds(rounds: int) -> tuple[float, float]:
    work = Path(tempfile.mkdtemp(prefix="stratgraph-progress-"))
    try:
        from tests.conftest import FIXTURES, data_folder

        data = data_folder(work / "data", "gamma")
        for path in (FIXTURES / "fortschritt" / "gamma").glob("*.ttl"):
            shutil.copyfile(path, data / "gamma" / path.name)
        port = free_port()
        process = start_serve(port, data, STRATGRAPH_DIST=str(work / "dist"))
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    first_byte(port, "/api/zielsystem")
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise SystemExit("the service did not answer") from None
                    time.sleep(0.3)
            page, constant = "/indikator/solarleistung", "/api/zielsystem"
            first_byte(port, page)  # warm: built once, kept until a reload
            pages, answers = [], []
            for _ in range(rounds):
                pages.append(first_byte(port, page))
                answers.append(first_byte(port, constant))
            return statistics.median(pages), statistics.median(answers)
        finally:
            process.terminate()
            process.wait(timeout=30)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, default=100)
    parser.add_argument("--indicators", type=int, default=20)
    parser.add_argument("--years", type=int, default=15)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    graph = synthetic(args.cities, args.indicators, args.years)
    store = EmbeddedStore(graph)
    queries = ROOT / "queries"
    found = read_progress(store, queries)
    total = len(found.indicators)
    values = sum(len(r.values) for r in found.indicators)
    series = [(r.method_input(), [Value(v.year, v.value) for v in r.values]) for r in found.indicators]
    texts = [(queries / name).read_text(encoding="utf-8") for name in ("indikatoren.rq", "intern/fortschritt_werte.rq")]

    def engine_only() -> None:  # the two queries in pyoxigraph, rows iterated, no term turned into Python
        for text in texts:
            for _ in store.solutions(text):
                pass

    read = median_seconds(lambda: read_progress(store, queries), args.runs)
    raw = median_seconds(engine_only, args.runs)
    alone = median_seconds(lambda: [assess(i, v) for i, v in series], args.runs)
    print(
        f"{args.cities} cities × {args.indicators} indicators × {args.years} years: {total} indicators, {values} values"
    )
    print(f"read + assess (read_progress): median {read:.3f} s  (target ≤ 2 s)")
    print(f"  floor, the same two queries in the engine, no conversion: {raw:.3f} s  (ratio {read / raw:.1f}×)")
    print(f"  the assessment alone on every series: {alone:.3f} s")
    page, constant = page_rounds(args.rounds)
    print(
        f"indicator page, warm, first byte: median {page * 1000:.1f} ms (target ≤ 50 ms); "
        f"/api/zielsystem (cached) {constant * 1000:.1f} ms, ratio {page / constant:.2f}×"
    )


if __name__ == "__main__":
    main()
