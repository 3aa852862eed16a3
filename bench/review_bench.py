"""Review benchmark (issue 26): the review page's first byte, warm, and a decision from the click until every page
shows it. Every figure comes from this run; medians, not single runs. Not a test: nothing here asserts a time; the
figures go into docs/benchmarks.md.

    .venv/bin/python bench/review_bench.py [--rounds 30] [--decisions 5]

- ``page``: time to first byte of ``/pruefung`` (253 open Bochum links, one form each) for a signed-in session on
  `stratgraph serve` over Bochum and gamma, after a first request; beside it, in the same rounds, the start page
  (a kept page) and the constant-size cached answer ``/api/zielsystem``.
- ``decision``: from sending a confirmation until ``/pruefung?status=bestaetigt`` lists the link — the checks, the
  validation of the strategy as it would be, the atomic write, the reload of the graph in service; beside it, on
  the same server, a reload alone (``POST /admin/reload``), and the same decision with `stratgraph links review`
  (a new process: the command line's own cost). ``--pause`` seconds pass between two decisions (and two reloads),
  as between a reviewer's clicks: the query processes started ahead are back by then.
"""

from __future__ import annotations

import argparse
import http.client
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from serving import BIN, ROOT, free_port, start_serve

sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from stratgraph.api.pruefung import hash_password

PASSWORD = "benchmark-passwort-2030"
TOKEN = "benchmark-token"


class Session:
    """One reviewer's browser: the session cookie, the CSRF token of the last page."""

    def __init__(self, port: int) -> None:
        self.port, self.cookie, self.csrf = port, "", ""

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str, float]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Accept": "text/html", **({"Cookie": self.cookie} if self.cookie else {})}
        body = urlencode(form) if form is not None else None
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(1)
        first = time.perf_counter() - start
        text = response.read().decode("utf-8", "replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                self.cookie = value.split(";", 1)[0]
        connection.close()
        found = re.search(r'name="csrf" value="([^"]+)"', text)
        if found:
            self.csrf = found[1]
        return response.status, text, first


def wait_for(port: int) -> None:
    deadline = time.monotonic() + 120
    while True:
        try:
            Session(port).request("GET", "/api/zielsystem")
            return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit("the service did not answer") from None
            time.sleep(0.3)


def reload_once(port: int) -> float:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    start = time.perf_counter()
    connection.request("POST", "/admin/reload", headers={"Authorization": f"Bearer {TOKEN}"})
    connection.getresponse().read()
    connection.close()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--decisions", type=int, default=5)
    parser.add_argument("--pause", type=float, default=3.0, help="seconds between two decisions")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="stratgraph-review-"))
    try:
        from tests.conftest import data_folder

        data = data_folder(work / "data", "bochum", "gamma")
        accounts = f'[konten.buero]\nrolle = "Nachhaltigkeitsbüro"\npasswort = "{hash_password(PASSWORD)}"\n'
        port = free_port()
        process = start_serve(
            port,
            data,
            STRATGRAPH_DIST=str(work / "dist"),
            STRATGRAPH_KONTEN_TOML=accounts,
            STRATGRAPH_SITZUNGSSCHLUESSEL="benchmark",
            STRATGRAPH_PRUEFPROTOKOLL=str(work / "pruefungen.jsonl"),
            STRATGRAPH_ADMIN_TOKEN=TOKEN,
        )
        try:
            wait_for(port)
            me = Session(port)
            me.request("GET", "/anmelden")
            status, _, _ = me.request(
                "POST", "/anmelden", {"anmeldename": "buero", "passwort": PASSWORD, "csrf": me.csrf}
            )
            assert status == 303, status
            _, page, _ = me.request("GET", "/pruefung")  # warm: the links are read once per graph
            pages, starts, answers = [], [], []
            for _ in range(args.rounds):
                pages.append(me.request("GET", "/pruefung")[2])
                starts.append(me.request("GET", "/")[2])
                answers.append(me.request("GET", "/api/zielsystem")[2])
            hidden = r'name="zuordnung" value="([^"]+)"\s*>\s*<input type="hidden" name="stand" value="([^"]+)"'
            forms = re.findall(hidden, page)
            decisions, posts = [], []
            for zuordnung, stand in forms[: args.decisions]:
                start = time.perf_counter()
                status, _, _ = me.request(
                    "POST",
                    "/pruefung/entscheidung",
                    {"csrf": me.csrf, "zuordnung": zuordnung, "stand": stand, "aktion": "bestaetigen"},
                )
                assert status == 303, status
                written = time.perf_counter() - start
                deadline = time.monotonic() + 60
                while zuordnung not in me.request("GET", "/pruefung?status=bestaetigt")[1]:
                    assert time.monotonic() < deadline, "the decision did not appear"
                decisions.append(time.perf_counter() - start)
                posts.append(written)
                time.sleep(args.pause)  # a reviewer reads the next link
            reloads = []
            for _ in range(args.decisions):
                reloads.append(reload_once(port))
                time.sleep(args.pause)  # the processes started ahead are back
        finally:
            process.terminate()
            process.wait(timeout=30)
        cli = []
        for subject, target in (("kernaktivitaet/gigabit-city-bochum", "9.1"),) * min(args.decisions, 3):
            start = time.perf_counter()
            subprocess.run(
                [str(BIN / "stratgraph"), "--root", str(ROOT), "--data", str(data), "--stadt", "bochum", "links",
                 "review", f"https://w3id.org/stratgraph/bochum/{subject}", target, "--entscheidung", "bestätigt",
                 "--rolle", "Stadt Bochum"],
                check=True, capture_output=True,
            )  # fmt: skip
            cli.append(time.perf_counter() - start)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    ms = 1000
    page, start, answer = (statistics.median(x) for x in (pages, starts, answers))
    print(f"review page /pruefung, first byte warm: {page * ms:.1f} ms (median of {args.rounds})")
    print(
        f"  beside it: start page {start * ms:.1f} ms, /api/zielsystem {answer * ms:.1f} ms; "
        f"page/start {page / start:.1f}"
    )
    print(f"decision until every page shows it: {statistics.median(decisions):.2f} s (median of {len(decisions)})")
    print(f"  of it: written and reloaded (the answer to the form) {statistics.median(posts):.2f} s")
    reload_time, cli_time = statistics.median(reloads), statistics.median(cli)
    print(f"  beside it: reload alone {reload_time:.2f} s; `stratgraph links review` {cli_time:.2f} s (a new process)")


if __name__ == "__main__":
    main()
