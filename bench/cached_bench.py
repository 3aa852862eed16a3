"""A cached linkage answer beside the constant FastAPI route, in the same run: `stratgraph serve` and
``bench/constant_app.py`` under the same uvicorn, wrk (Debian package) with 2 threads and 8 connections, rounds
alternating between the two. Reports requests/s per round and the median ratio. Not a test: nothing here asserts
a time; the figures go into docs/benchmarks.md.

    .venv/bin/python bench/cached_bench.py [--rounds 3] [--seconds 6] [--path /api/zielsystem]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from serving import BIN, ROOT, free_port, start_serve

UVICORN = [str(BIN / "python"), "-m", "uvicorn"]


def _wait(url: str, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=70).read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer")


def _wrk(url: str, seconds: int) -> float:
    done = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", url], capture_output=True, text=True, check=True, timeout=seconds + 60
    )
    found = re.search(r"Requests/sec:\s+([\d.]+)", done.stdout)
    if found is None:
        raise SystemExit("wrk gave no requests/s:\n" + done.stdout)
    return float(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=6)
    parser.add_argument("--path", default="/api/zielsystem")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk fehlt (Debian-Paket wrk)")
    ours, constant = free_port(), free_port()
    with tempfile.TemporaryDirectory() as scratch:
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        servers = [
            start_serve(ours, STRATGRAPH_DIST=str(Path(scratch) / "dist")),
            subprocess.Popen(
                [
                    *UVICORN,
                    "--app-dir",
                    str(ROOT / "bench"),
                    "constant_app:app",
                    "--port",
                    str(constant),
                    "--no-access-log",
                ],
                **quiet,  # type: ignore[arg-type]
            ),
        ]
        try:
            _wait(f"http://127.0.0.1:{ours}/download")  # the first release is built after the start: wait for it
            _wait(f"http://127.0.0.1:{ours}{args.path}")  # now cached
            _wait(f"http://127.0.0.1:{constant}/constant")
            ratios = []
            for number in range(1, args.rounds + 1):
                cached = _wrk(f"http://127.0.0.1:{ours}{args.path}", args.seconds)
                plain = _wrk(f"http://127.0.0.1:{constant}/constant", args.seconds)
                ratios.append(cached / plain)
                print(f"Runde {number}: {args.path} {cached:.0f}/s, Konstante {plain:.0f}/s, {cached / plain:.2f}×")
            print(f"Median: {statistics.median(ratios):.2f}×")
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=60)


if __name__ == "__main__":
    main()
