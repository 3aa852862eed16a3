"""The strategy's own progress: how many of its measures are done, as the sources state it and as the graph holds it.

Three views, never mixed: the counts the sources report on a date (``queries/umsetzungsstand.rq``, e.g.
„34 umgesetzte Kernaktivitäten“ on a date), the counts the measures' status histories give at the end of each
year (only measures with a dated history count there, and the answer says how many), and the counts of the graph
today.
"""

from __future__ import annotations

from pathlib import Path

from stratgraph.model import answers
from stratgraph.store.embedded import Store
from stratgraph.store.named_queries import query_text

__all__ = ["implementation_answer"]

STATUSES = ("umgesetzt", "laufend", "geplant", "eingestellt", "ueberfuehrt")


def implementation_answer(store: Store, queries_dir: Path, measures_word: str) -> answers.Umsetzung:
    stated: dict[str, dict[str, list[object] | str | int]] = {}
    for row in store.select(query_text(queries_dir, "umsetzungsstand.rq")):
        entry = stated.setdefault(
            str(row["kennzahl"]),
            {"stichtag": str(row["stichtag"]), "angabe": str(row["name"]), "anzahl": int(str(row["wert"])),
             "status": [], "quellen": []},
        )  # fmt: skip
        statuses, sources = entry["status"], entry["quellen"]
        assert isinstance(statuses, list) and isinstance(sources, list)
        if "status" in row and str(row["status"]) not in statuses:
            statuses.append(str(row["status"]))
        source = (
            answers.Ref(iri=str(row["quelle"]), name=str(row.get("quelleName", row["quelle"])))
            if "quelle" in row
            else None
        )
        if source is not None and source not in sources:
            sources.append(source)
    today = dict.fromkeys(STATUSES, 0)
    histories: dict[str, list[tuple[str, str]]] = {}
    seen: set[str] = set()
    for row in store.select(query_text(queries_dir, "intern/massnahmen_status.rq")):
        measure = str(row["massnahme"])
        if measure not in seen:
            seen.add(measure)
            today[str(row["status"])] = today.get(str(row["status"]), 0) + 1
        if "datum" in row:
            histories.setdefault(measure, []).append((str(row["datum"]), str(row["eintragStatus"])))
    years = sorted({int(date[:4]) for entries in histories.values() for date, _ in entries})
    series = []
    for year in years:
        counts = dict.fromkeys(STATUSES, 0)
        known = 0
        for entries in histories.values():
            reached = [(date, status) for date, status in sorted(entries) if int(date[:4]) <= year]
            if reached:
                counts[reached[-1][1]] = counts.get(reached[-1][1], 0) + 1
                known += 1
        series.append(answers.Verlaufsstand(jahresende=year, anzahl=counts, massnahmen_mit_verlauf=known))
    return answers.Umsetzung(
        bezeichnung_massnahmen=measures_word,
        heute=today,
        gesamt=len(seen),
        laut_quellen=sorted(
            (answers.Umsetzungsangabe.model_validate(v) for v in stated.values()), key=lambda a: (a.stichtag, a.angabe)
        ),
        aus_statusverlauf=series,
    )
