"""Coverage of one city over HTTP (not in-process): `stratgraph serve` over N synthetic strategies, then
``/api/abdeckung?stadt=<city>`` for 20 cities — the first request of each (computed from the coverage index),
and the same URL again (from the answer cache). p50 and p95 per kind. Not a test: the figures go into
docs/benchmarks.md.

    .venv/bin/python bench/coverage_http.py [--n 100 1000] [--work /tmp/stratgraph-scale]

The reports of ``bench/scale_bench.py`` (``<work>/n<N>-cache``) are used when present, so the start is not
what is measured here.
"""

from __future__ import annotations

import argparse
import http.client
import random
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from serving import BIN, ROOT, free_port, start_serve


def _get(connection: http.client.HTTPConnection, path: str) -> float:
    start = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status}")
    return (time.perf_counter() - start) * 1000


def measure(data: Path, cache: Path) -> dict[str, float]:
    port = free_port()
    cities = sorted(p.name for p in data.iterdir() if p.is_dir())
    chosen = random.Random(1).sample(cities, min(20, len(cities)))
    with tempfile.TemporaryDirectory() as scratch:
        server = start_serve(port, data, STRATGRAPH_DIST=str(Path(scratch) / "dist"), STRATGRAPH_CACHE=str(cache))
        try:
            deadline = time.monotonic() + 900
            while True:
                try:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                    _get(connection, "/api/staedte")
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise SystemExit("stratgraph serve did not answer") from None
                    time.sleep(0.5)
            while True:  # the first release is built after the start (minutes for 1,000): measure after it
                connection.request("GET", "/download")
                built = connection.getresponse()
                built.read()
                if built.status == 200 or time.monotonic() > deadline:
                    break
            _get(connection, "/api/abdeckung?stadt=" + cities[-1])  # the route's first call, once
            first = [_get(connection, f"/api/abdeckung?stadt={city}") for city in chosen]
            again = [_get(connection, f"/api/abdeckung?stadt={city}") for city in chosen]
            connection.close()
        finally:
            server.terminate()
            server.wait(timeout=120)

    def p(values: list[float], q: float) -> float:
        return sorted(values)[min(len(values) - 1, int(q * len(values)))]

    return {
        "first_p50_ms": statistics.median(first),
        "first_p95_ms": p(first, 0.95),
        "cached_p50_ms": statistics.median(again),
        "cached_p95_ms": p(again, 0.95),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/stratgraph-scale"))
    args = parser.parse_args()
    for n in args.n:
        data = args.work / f"n{n}"
        if not data.is_dir():
            synth = [str(BIN / "stratgraph"), "--root", str(ROOT), "synth", str(n), "--out", str(data)]
            subprocess.run(synth, check=True, stdout=subprocess.DEVNULL)
        figures = measure(data, args.work / f"n{n}-cache")
        print(f"N={n}: " + ", ".join(f"{k} {v:.1f}" for k, v in figures.items()), flush=True)


if __name__ == "__main__":
    main()
