"""Import benchmark: the hostile files of tests/hostile.py at full size (as the attack in issue 27 describes them),
each given to `stratgraph links import` (and the workbooks to `import-stadt`) in a fresh process, beside the
import of a valid file in the same run (Bochum's own links, exported), as the peer. Reports per file: exit code,
the first line of the message, time (median of 3) and peak RSS of the process, and checks both against the
targets: every hostile file refused with a non-zero exit, peak RSS ≤ 300 MB, refusal ≤ 5 s.

    .venv/bin/python bench/import_bench.py [--out docs/import-benchmark.json]

The importers read from a copy of the project, so nothing of the repository can change.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import hostile  # noqa: E402  (the corpus is built by hand there, for the tests and this benchmark)

# runs one CLI call in this fresh process and reports its own peak RSS (ru_maxrss: KiB on Linux)
LAUNCHER = """
import json, resource, sys
from stratgraph.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), file=sys.stderr)
"""
TARGET_RSS_MIB = 300
TARGET_SECONDS = 5.0


def run(argv: list[str]) -> dict[str, Any]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", LAUNCHER, *argv], capture_output=True, text=True, timeout=300)
    seconds = time.perf_counter() - started
    lines = done.stderr.strip().splitlines()
    report = (
        json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {"code": done.returncode, "rss_mib": None}
    )
    message = next((line for line in lines if line.startswith("Fehler:") or line.startswith("  ")), "")
    return {**report, "seconds": seconds, "message": message.strip()[:160], "traceback": "Traceback" in done.stderr}


def measure(argv: list[str], repeat: int = 3) -> dict[str, Any]:
    runs = [run(argv) for _ in range(repeat)]
    return {
        "code": runs[0]["code"],
        "message": runs[0]["message"],
        "traceback": any(r["traceback"] for r in runs),
        "seconds_median": statistics.median(r["seconds"] for r in runs),
        "rss_mib_max": max((r["rss_mib"] or 0) for r in runs),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "import-benchmark.json")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="stratgraph-import-"))
    summary: dict[str, Any] = {"all_met": False}
    try:
        project = work / "projekt"
        for folder in ("ontology", "data", "shapes", "queries"):
            shutil.copytree(ROOT / folder, project / folder)
        base = ["--root", str(project)]
        files = work / "dateien"
        files.mkdir()
        peer_csv = files / "bochum.csv"
        subprocess.run([sys.executable, "-m", "stratgraph", *base, "links", "export", str(peer_csv)], check=True)
        results: dict[str, Any] = {
            "peer: links import of Bochum's 253 links (valid)": measure([*base, "links", "import", str(peer_csv)])
        }
        for name, build in hostile.HOSTILE.items():
            folder = files / name
            folder.mkdir()
            path = build(folder)
            entry = {"bytes": path.stat().st_size, "links import": measure([*base, "links", "import", str(path)])}
            if path.suffix == ".xlsx":
                entry["import-stadt"] = measure([*base, "import-stadt", str(path), "--stadt", "neu"])
            results[name] = entry
            print(name, json.dumps(entry, ensure_ascii=False), flush=True)
        peer = results["peer: links import of Bochum's 253 links (valid)"]
        verdict = []
        for name, entry in results.items():
            if name.startswith("peer"):
                continue
            for importer, figures in entry.items():
                if importer == "bytes":
                    continue
                ok = (
                    figures["code"] != 0
                    and not figures["traceback"]
                    and figures["rss_mib_max"] <= TARGET_RSS_MIB
                    and figures["seconds_median"] <= TARGET_SECONDS
                )
                figures["rss_ratio_to_peer"] = figures["rss_mib_max"] / peer["rss_mib_max"]
                figures["time_ratio_to_peer"] = figures["seconds_median"] / peer["seconds_median"]
                verdict.append((name, importer, ok))
        summary = {
            "machine": {"platform": platform.platform(), "python": platform.python_version()},
            "targets": {"rss_mib": TARGET_RSS_MIB, "seconds": TARGET_SECONDS},
            "results": results,
            "all_met": all(ok for _, _, ok in verdict),
        }
        args.out.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(
            json.dumps({"all_met": summary["all_met"], "failed": [v for v in verdict if not v[2]]}, ensure_ascii=False)
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if not summary["all_met"]:  # the peak-memory and time assertion of the issue: a miss fails the run
        sys.exit(1)


if __name__ == "__main__":
    main()
