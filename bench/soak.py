"""Soak: a bounded load of mixed routes against `stratgraph serve` on 127.0.0.1 (issue: one request must not
stall the service).

    .venv/bin/python bench/soak.py [--connections 32] [--seconds 60] [--baseline 30]

Two phases on one server: a baseline without slow queries, then the load with a share of slow /sparql queries
(a cross product that runs to the time limit). Route classes: cached API answers, uncached API answers with
varying parameters, Linked Data, pages, small /sparql queries, slow /sparql queries. Reports per class the
requests, errors, deliberate refusals (429; 503/504 for the slow ones), p50 and p99, and the RSS of the server
and its query processes before and after. Errors are every other status and every failed connection.
Not a test: nothing here asserts a time; the figures go into docs/betrieb.md.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SLUGS = [
    "gigabit-city-bochum", "bochumer-waermewende", "pocket-parks", "mein-bochum", "werk-x", "vorfahrt-oepnv",
    "bochumer-ehrenamtsagentur", "wortfestival-in-bochum", "willkommen-um-zu-bleiben", "vital-digital",
]  # fmt: skip
WORDS = ["klima", "kultur", "digital", "buergerservice", "wasser", "schule", "park", "wohnen", "energie", "bochum"]
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _request(rng: random.Random, slow_share: float) -> tuple[str, str, dict[str, str]]:
    """One request of the mix: (class, path, headers)."""
    roll = rng.random()
    if roll < slow_share:
        return "sparql-langsam", "/sparql?" + urllib.parse.urlencode({"query": SLOW}), {}
    pick = rng.random()
    if pick < 0.25:
        return "api-gecacht", rng.choice(["/api/kompetenzen", "/api/zielsystem", "/api/abdeckung"]), {}
    if pick < 0.45:
        sdg, word = rng.randint(1, 17), rng.choice(WORDS) + str(rng.randint(0, 999))
        path = rng.choice([f"/api/kernaktivitaeten?sdg={sdg}&wege=alle", f"/api/suche?text={word}"])
        return "api-ungecacht", path, {}
    if pick < 0.70:
        return "linked-data", f"/stratgraph/bochum/kernaktivitaet/{rng.choice(SLUGS)}", {"Accept": "text/turtle"}
    if pick < 0.80:
        return "seiten", rng.choice(["/", "/abdeckung", f"/sdg/{rng.randint(1, 17)}"]), {"Accept": "text/html"}
    query = f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o }} LIMIT 10 OFFSET {rng.randint(0, 5000)}"
    return "sparql-klein", "/sparql?" + urllib.parse.urlencode({"query": query}), {}


DELIBERATE = {"sparql-langsam": {429, 503, 504}}


def _connect(port: int, source: str) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(source, 0))


def _worker(
    port: int, until: float, slow_share: float, seed: int, out: list[tuple[str, int, float]], source: str
) -> None:
    rng = random.Random(seed)
    connection = _connect(port, source)
    while time.monotonic() < until:
        kind, path, headers = _request(rng, slow_share)
        start = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
            if response.getheader("connection", "").lower() == "close":
                connection.close()
        except (OSError, http.client.HTTPException):
            status = 0
            connection.close()
            connection = _connect(port, source)
        out.append((kind, status, time.perf_counter() - start))
    connection.close()


def _phase(
    port: int, connections: int, seconds: float, slow_share: float, source: str = "127.0.0.1"
) -> list[tuple[str, int, float]]:
    results: list[tuple[str, int, float]] = []
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(target=_worker, args=(port, until, slow_share, i, results, source)) for i in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    return results


def _hold_idle(port: int, sockets: int, until: float, opened: list[int]) -> None:
    """An attacker from 127.0.0.1: keep ``sockets`` connections open without sending a byte, reconnecting
    whatever the service closes (bounded by ``until``)."""
    held: list[socket.socket] = []
    while time.monotonic() < until:
        alive = []
        for sock in held:  # a socket the service closed reads b"" (or fails): replace it
            sock.setblocking(False)
            try:
                gone = sock.recv(1) == b""
            except BlockingIOError:
                gone = False
            except OSError:
                gone = True
            if gone:
                sock.close()
            else:
                alive.append(sock)
        held = alive
        while len(held) < sockets and time.monotonic() < until:
            try:
                held.append(socket.create_connection(("127.0.0.1", port), timeout=5))
                opened[0] += 1
            except OSError:
                break
        time.sleep(0.2)
    for sock in held:
        sock.close()


def _rss_mib(pid: int) -> float:
    """RSS of the process and all its descendants (the query processes), in MiB."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")))
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration):
            continue
    return total / 1024


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan")


def _table(results: list[tuple[str, int, float]], seconds: float) -> tuple[str, dict[str, float]]:
    by_kind: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for kind, status, took in results:
        by_kind[kind].append((status, took))
    lines = [
        "| Klasse | Anfragen | je s | Fehler | gewollt abgewiesen | p50 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    p99 = {}
    failed: Counter[str] = Counter()
    for kind in sorted(by_kind):
        rows = by_kind[kind]
        deliberate = [s for s, _ in rows if s in DELIBERATE.get(kind, {429})]
        errors = [s for s, _ in rows if not (200 <= s < 400) and s not in DELIBERATE.get(kind, {429})]
        failed.update(f"{kind} {s}" for s in errors)
        ok = [t for s, t in rows if 200 <= s < 400]
        p99[kind] = _p(ok, 0.99)
        lines.append(
            f"| {kind} | {len(rows)} | {len(rows) / seconds:.1f} | {len(errors)} | {len(deliberate)} "
            f"| {_p(ok, 0.5):.1f} | {p99[kind]:.1f} |"
        )
    answered = sum(1 for _, s, _ in results if 200 <= s < 400)
    lines.append(f"\nBeantwortet (2xx/3xx): {answered}, hochgerechnet auf 60 s: {answered * 60 / seconds:.0f}")
    if failed:  # which statuses the errors were (0: the connection failed)
        lines.append("\nFehler nach Status: " + ", ".join(f"{k}: {n}" for k, n in sorted(failed.items())))
    return "\n".join(lines), p99


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--baseline", type=float, default=30)
    parser.add_argument("--slow-share", type=float, default=0.02)
    parser.add_argument("--idle", type=int, default=260, help="idle sockets one address holds in the last phase")
    parser.add_argument("--port", type=int, default=0, help="the service's port on 127.0.0.1 (0: a free one)")
    args = parser.parse_args()
    port = args.port
    if not port:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "STRATGRAPH_DIST": str(Path(tmp) / "dist")}
        command = [str(Path(sys.executable).parent / "stratgraph"), "--root", str(ROOT), "serve"]
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        server = subprocess.Popen([*command, "--port", str(port), "--no-access-log"], env=env, **quiet)  # type: ignore[call-overload]
        try:
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline:
                try:
                    http.client.HTTPConnection("127.0.0.1", port, timeout=5).request("GET", "/api/kompetenzen")
                    break
                except OSError:
                    time.sleep(0.5)
            # the first release is built in the background after the start: measure the steady state after it
            waiting = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            waiting.request("GET", "/download")  # answers once the build is done (it waits up to 60 s)
            waiting.getresponse().read()
            waiting.close()
            _phase(port, 4, 3, 0.0)  # warm: the cached classes are cached, as in service
            rss_before = _rss_mib(server.pid)
            baseline = _phase(port, args.connections, args.baseline, 0.0)
            loaded = _phase(port, args.connections, args.seconds, args.slow_share)
            # one address holds idle sockets; a second address (127.0.0.2, loopback too) runs the mix
            opened = [0]
            until = time.monotonic() + args.baseline + 5
            attacker = threading.Thread(target=_hold_idle, args=(port, args.idle, until, opened))
            attacker.start()
            time.sleep(3)
            besieged = _phase(port, args.connections, args.baseline, 0.0, source="127.0.0.2")
            attacker.join(timeout=args.baseline + 60)
            time.sleep(2)
            rss_after = _rss_mib(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=60)
    base_table, base_p99 = _table(baseline, args.baseline)
    load_table, load_p99 = _table(loaded, args.seconds)
    print(f"## Ohne langsame Abfragen: {args.connections} Verbindungen, {args.baseline:g} s\n\n{base_table}\n")
    print(
        f"## Mit {args.slow_share:.0%} langsamen Abfragen: {args.connections} Verbindungen, {args.seconds:g} s\n\n"
        f"{load_table}\n"
    )
    idle_table, _ = _table(besieged, args.baseline)
    print(
        f"## Zweite Adresse, während 127.0.0.1 {args.idle} leere Verbindungen hält "
        f"({opened[0]} geöffnet): {args.connections} Verbindungen, {args.baseline:g} s\n\n{idle_table}\n"
    )
    for kind in ("linked-data", "api-gecacht", "seiten"):
        print(f"p99 {kind} unter Last / ohne: {load_p99[kind] / base_p99[kind]:.2f}×")
    print(f"RSS Dienst + Abfrageprozesse: {rss_before:.0f} MiB vorher, {rss_after:.0f} MiB nachher "
          f"({(rss_after / rss_before - 1):+.1%})")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
