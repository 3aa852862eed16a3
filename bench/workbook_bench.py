"""Workbook (template v2) import and export: a 500-row strategy of the five-level shape and Bochum's export.

Run: .venv/bin/python bench/workbook_bench.py — prints medians of five runs; figures go to docs/benchmarks.md.
Import = reading the XLSX and building the graphs (validation is measured elsewhere); export = the rows from the
graph plus writing the XLSX.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from stratgraph.config import Settings
from stratgraph.model.graph import load_turtle, turtle_files
from stratgraph.strategies.workbook import (
    build_strategy,
    export_strategy,
    read_workbook,
    strategy_graph,
    write_workbook,
)

ROOT = Path(__file__).resolve().parent.parent
LINK = {"staerke": "direkt", "basis": "redaktionell", "pruefstatus": "vorgeschlagen", "zugeordnet_von": "Stadt Bench"}


def five_levels(measures: int) -> dict[str, list[dict[str, str]]]:
    """Themenfeld › Leitlinie › strategisches Ziel › operatives Ziel › Maßnahme, one SDG link per measure."""
    names = ["Themenfeld", "Leitlinie", "strategisches Ziel", "operatives Ziel", "Maßnahme"]
    levels = [
        {
            "position": str(i + 1),
            "name": n,
            "art": "gliederung" if i == 0 else "massnahme" if i == 4 else "ziel",
            "uebergeordnet": names[i - 1] if i else "",
        }
        for i, n in enumerate(names)
    ]
    elements = [{"ebene": "Themenfeld", "name": f"Feld {t}", "position": str(t)} for t in range(1, 6)]
    for t in range(1, 6):
        elements.append({"ebene": "Leitlinie", "name": f"Leitlinie {t}", "gehoert_zu": f"Feld {t}"})
        elements.append({"ebene": "strategisches Ziel", "name": f"Ziel {t}", "gehoert_zu": f"Leitlinie {t}"})
        for o in range(1, 5):
            elements.append({"ebene": "operatives Ziel", "name": f"Ziel {t}.{o}", "gehoert_zu": f"Ziel {t}"})
    links = []
    for m in range(measures):
        parent = f"Ziel {m % 5 + 1}.{m % 4 + 1}"
        elements.append({"ebene": "Maßnahme", "name": f"Maßnahme {m}", "gehoert_zu": parent, "status": "geplant"})
        links.append(
            {
                "von": f"Maßnahme {m}",
                "art": "sdg",
                "zu": f"{m % 17 + 1}",
                "datum": "2026-12-01",
                "begruendung": "Ein Bezug für die Messung, mit einem Satz Begründung.",
                **LINK,
            }
        )
    strategy = [
        {"feld": "Name der Strategie", "wert": "Bench"},
        {"feld": "Herausgeber (Stadt)", "wert": "Stadt Bench"},
        {"feld": "Quelle: Titel des Dokuments oder Kennung", "wert": "Bench-Quelle"},
    ]
    return {"Strategie": strategy, "Ebenen": levels, "Elemente": elements, "Bezuege": links}


def median(runs: list[float]) -> str:
    return f"{statistics.median(runs):.3f} s"


def main() -> None:
    settings = Settings(root=ROOT)
    reference = load_turtle(turtle_files(settings.ontology)) + load_turtle(turtle_files(settings.data))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.xlsx"
        rows = five_levels(230)  # 5 + 35 elements + 230 measures + 230 links = 500 rows
        write_workbook(path, reference, rows)
        count = sum(len(v) for k, v in rows.items() if k != "Strategie")
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            build_strategy(read_workbook(path), "bench", "https://w3id.org/stratgraph/bench/", reference)
            runs.append(time.perf_counter() - start)
        print(f"import of a {count}-row workbook (five levels): median {median(runs)}")
        graph = strategy_graph(settings, "bochum")
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            exported = export_strategy(graph, settings.base_for("bochum"), reference)
            write_workbook(Path(folder) / "bochum.xlsx", reference, exported)
            runs.append(time.perf_counter() - start)
        total = sum(len(v) for v in exported.values())
        print(f"export of Bochum ({total} rows): median {median(runs)}")
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            build_strategy(
                read_workbook(Path(folder) / "bochum.xlsx"), "b2", "https://w3id.org/stratgraph/b2/", reference
            )
            runs.append(time.perf_counter() - start)
        print(f"import of Bochum's export ({total} rows): median {median(runs)}")


if __name__ == "__main__":
    main()
