"""SDG report benchmark (issue 26): Bochum's report as PDF and as DOCX, from the open project, medians of a few
runs; beside it, in the same run, the report's model alone (the graph's answers, no document). Not a test; the
figures go into docs/benchmarks.md.

    .venv/bin/python bench/report_bench.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from stratgraph.config import Settings
from stratgraph.release.report import report_docx, report_pdf, sdg_report
from stratgraph.strategies.project import open_project

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    settings = Settings(root=ROOT)
    project = open_project(settings, graphs=False)

    def model() -> object:
        return sdg_report(project.store, settings.queries, strategy="Bochum Strategie", publisher="Stadt Bochum")

    timings: dict[str, list[float]] = {"model": [], "pdf": [], "docx": []}
    pages = 0
    for _ in range(args.runs):
        start = time.perf_counter()
        report = model()
        timings["model"].append(time.perf_counter() - start)
        start = time.perf_counter()
        pdf = report_pdf(report)  # type: ignore[arg-type]
        timings["pdf"].append(time.perf_counter() - start + timings["model"][-1])
        start = time.perf_counter()
        report_docx(report)  # type: ignore[arg-type]
        timings["docx"].append(time.perf_counter() - start + timings["model"][-1])
        pages = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page")
    m = {k: statistics.median(v) for k, v in timings.items()}
    print(f"Bochum SDG report, medians of {args.runs}: PDF {m['pdf']:.2f} s ({pages} pages), DOCX {m['docx']:.2f} s, "
          f"model alone {m['model']:.2f} s; PDF/DOCX {m['pdf'] / m['docx']:.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
