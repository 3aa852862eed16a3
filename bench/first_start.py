"""First start with nothing kept: `stratgraph serve` over N synthetic strategies, with an empty report cache and
an empty dist/, until its first answer (``/api/staedte``). Median of ``--runs`` runs per N, beside the same with
the reports kept (the second start). Not a test: the figures go into docs/benchmarks.md.

    .venv/bin/python bench/first_start.py [--n 100] [--runs 3] [--work /tmp/stratgraph-scale]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from serving import BIN, ROOT, free_port, start_serve


def first_answer(data: Path, cache: Path, dist: Path) -> float:
    """Seconds from starting `stratgraph serve` to its first answer (bounded: 15 minutes)."""
    port = free_port()
    start = time.perf_counter()
    server = start_serve(port, data, STRATGRAPH_DIST=str(dist), STRATGRAPH_CACHE=str(cache))
    try:
        while time.perf_counter() - start < 900:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/staedte", timeout=10).read()
                return time.perf_counter() - start
            except OSError:
                if server.poll() is not None:
                    raise SystemExit(f"stratgraph serve ended with {server.returncode}") from None
                time.sleep(0.1)
        raise SystemExit("no answer within 15 minutes")
    finally:
        server.terminate()
        server.wait(timeout=120)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[100])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/stratgraph-scale"))
    args = parser.parse_args()
    for n in args.n:
        data = args.work / f"n{n}"
        if not data.is_dir():
            synth = [str(BIN / "stratgraph"), "--root", str(ROOT), "synth", str(n), "--out", str(data)]
            subprocess.run(synth, check=True, stdout=subprocess.DEVNULL)
        fresh, kept = [], []
        for _ in range(args.runs):
            scratch = Path(tempfile.mkdtemp())
            try:
                fresh.append(first_answer(data, scratch / "cache", scratch / "dist"))  # nothing kept
                kept.append(first_answer(data, scratch / "cache", scratch / "dist2"))  # reports kept from the first
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
        print(
            f"N={n}: first answer, nothing kept: {statistics.median(fresh):.1f} s "
            f"({', '.join(f'{t:.1f}' for t in fresh)}); reports kept: {statistics.median(kept):.1f} s",
            flush=True,
        )


if __name__ == "__main__":
    main()
