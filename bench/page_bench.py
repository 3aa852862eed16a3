"""Time to first byte of the pages, beside the other answers of the same resource, measured in one run.

    .venv/bin/python bench/page_bench.py [--runs 3]

Starts `stratgraph serve` (uvicorn, the embedded store) on 127.0.0.1 and asks for every Kernaktivität:

- its HTML page at its IRI path (``Accept: text/html``), first request (built) and again (from the page cache);
- its Turtle at the same path (``Accept: text/turtle``), first and again;
- its JSON answer ``/api/kernaktivitaeten/<slug>``, first and again;
- a static file (``/static/site.css``) as the floor of what the server can do.

Each Kernaktivität is asked once per kind before its repeat, so every "first" answer is really built; a run
restarts the server, so caches start empty. Medians over all Kernaktivitäten and runs; ratios to the Turtle
and JSON answers of the same resources. Written to docs/pages-benchmark.md. Not a test: nothing asserts a time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KINDS = {
    "Seite (HTML)": {"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"},
    "Turtle": {"Accept": "text/turtle"},
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def first_byte(port: int, path: str, headers: dict[str, str]) -> float:
    """Seconds from sending the request until the status line and headers have arrived (a new connection)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.connect()
    start = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    elapsed = time.perf_counter() - start
    response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{path}: {response.status}")
    return elapsed


def one_run(dist: Path) -> dict[str, list[float]]:
    port = _free_port()
    env = {**os.environ, "STRATGRAPH_DIST": str(dist)}
    command = [str(Path(sys.executable).parent / "stratgraph"), "--root", str(ROOT), "serve", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/static/site.css", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("stratgraph serve did not start") from None
                time.sleep(0.3)
        # the list comes from the JSON API; its own answer is not one of the measured ones
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/kernaktivitaeten", timeout=60) as response:
            iris = [k["iri"] for k in json.loads(response.read())["kernaktivitaeten"]]
        times: dict[str, list[float]] = {}
        for iri in iris:
            path = "/" + iri.split("://", 1)[1].split("/", 1)[1]
            slug = path.rsplit("/", 1)[1]
            for kind, headers in KINDS.items():
                times.setdefault(f"{kind}, erster Abruf", []).append(first_byte(port, path, headers))
                times.setdefault(f"{kind}, wiederholt", []).append(first_byte(port, path, headers))
            api = f"/api/kernaktivitaeten/{slug}"
            times.setdefault("JSON-API, erster Abruf", []).append(first_byte(port, api, {}))
            times.setdefault("JSON-API, wiederholt", []).append(first_byte(port, api, {}))
            times.setdefault("statische Datei (site.css)", []).append(first_byte(port, "/static/site.css", {}))
        return times
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "pages-benchmark.md")
    args = parser.parse_args()
    all_times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as dist:
        for run in range(args.runs):
            for kind, values in one_run(Path(dist)).items():
                all_times.setdefault(kind, []).extend(values)
            print(f"Lauf {run + 1} von {args.runs} fertig", file=sys.stderr)
    medians = {kind: statistics.median(values) * 1000 for kind, values in all_times.items()}
    samples = len(next(iter(all_times.values())))
    lines = [
        "# Zeit bis zum ersten Byte: Seiten neben Turtle und JSON derselben Ressourcen",
        "",
        f"Gemessen am {date.today().isoformat()} mit `bench/page_bench.py --runs {args.runs}` auf "
        f"{platform.machine()}, {os.cpu_count()} Kernen, Python {platform.python_version()}: `stratgraph serve` "
        "(uvicorn, eingebetteter Store) auf 127.0.0.1, jede Kernaktivität einmal neu gebaut und einmal aus dem "
        f"Zwischenspeicher, je Anfrage eine neue Verbindung; Median über {samples} Anfragen je Zeile.",
        "",
        "| Antwort | Median (ms) | Verhältnis zu Turtle, erster Abruf | Verhältnis zur statischen Datei |",
        "| --- | ---: | ---: | ---: |",
    ]
    turtle = medians["Turtle, erster Abruf"]
    floor = medians["statische Datei (site.css)"]
    for kind, value in medians.items():
        lines.append(f"| {kind} | {value:.2f} | {value / turtle:.2f} | {value / floor:.2f} |")
    lines += [
        "",
        "Erster Abruf: die Seite wird aus denselben benannten Abfragen gebaut wie die JSON-Antwort "
        "(`beschreibung`, `verweise`, `zuordnungen`) und mit Jinja2 gerendert; wiederholt: die fertigen Bytes aus "
        "dem Seiten-Zwischenspeicher (bis zum nächsten Neuladen des Graphen), mit ETag.",
        "",
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
