"""Progress as SVG (matplotlib): an indicator's course (values, baseline, target, the path the target requires)
and the strategy's implementation (its measures by status at each dated point).

The page puts the same numbers in a table beside the picture and names it in words (``alt``), so nothing is
said by the picture or by colour alone: provisional values are hollow and named in the legend, the required
path is dashed, the target a star; the implementation bars carry their numbers and a hatch per status.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import matplotlib
from matplotlib.figure import Figure

from stratgraph.coverage.charts import DRAWING
from stratgraph.model import answers
from stratgraph.progress.assessment import number
from stratgraph.progress.indicators import IndicatorRecord

__all__ = ["Bar", "chart_text", "implementation_bars", "implementation_svg", "implementation_text", "indicator_svg"]

STYLE = {"svg.hashsalt": "stratgraph", "svg.fonttype": "none", "font.size": 9, "font.family": "DejaVu Sans"}
# one look per status: colour and hatch (never colour alone); a figure the sources give for two statuses together
# („eingestellt oder integriert“) is drawn as one segment of its own
SEGMENTS = {
    "umgesetzt": ("umgesetzt", "#08519c", ""),
    "laufend": ("laufend", "#6baed6", "//"),
    "geplant": ("geplant", "#deebf7", ".."),
    "eingestellt": ("eingestellt", "#969696", "xx"),
    "ueberfuehrt": ("überführt", "#d9d9d9", "--"),
    "eingestellt+ueberfuehrt": ("eingestellt oder überführt", "#bdbdbd", "xx"),
}


def _svg(fig: Figure) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def indicator_svg(record: IndicatorRecord) -> bytes:
    """The chart as SVG bytes; the same record always draws the same bytes (no dates, a fixed hash salt)."""
    with DRAWING, matplotlib.rc_context(STYLE):  # type: ignore[arg-type]  # stubs want literal keys
        return _svg(_figure(record))


@dataclass(frozen=True)
class Bar:
    """One dated point of the implementation: what it is, and the measures per status (segment key → count)."""

    label: str
    counts: dict[str, int]


def implementation_bars(u: answers.Umsetzung) -> list[Bar]:
    """The points the chart draws, oldest first: each date the sources state counts by status, each year's end
    of the status histories, and today's graph. Figures without a status (a total) stay in the table."""
    dated: list[tuple[str, Bar]] = []
    for day in sorted({a.stichtag for a in u.laut_quellen}):
        counts = {
            "+".join(a.status): a.anzahl for a in u.laut_quellen if a.stichtag == day and "+".join(a.status) in SEGMENTS
        }
        if counts:
            dated.append((day, Bar(f"{_month(day)} laut Quellen", counts)))
    for v in u.aus_statusverlauf:
        counts = {s: n for s, n in v.anzahl.items() if n}
        dated.append((f"{v.jahresende}-12-31", Bar(f"Ende {v.jahresende} (Statusverläufe)", counts)))
    bars = [bar for _, bar in sorted(dated, key=lambda d: d[0])]
    if u.gesamt:
        bars.append(Bar("heute im Graphen", {s: n for s, n in u.heute.items() if n}))
    return bars


def _month(day: str) -> str:
    """2024-08 → 08/2024, 2024-08-31 → 31.08.2024 (as the table writes dates)."""
    parts = day.split("-")
    return ".".join(reversed(parts)) if len(parts) == 3 else "/".join(reversed(parts))


def implementation_text(u: answers.Umsetzung) -> str:
    """What the implementation chart shows, in German sentences (the image's text alternative)."""
    parts = []
    for bar in implementation_bars(u):
        counts = ", ".join(f"{n} {SEGMENTS[key][0]}" for key, n in _ordered(bar.counts))
        parts.append(f"{bar.label}: {counts}")
    if not parts:
        return f"Keine Angaben zum Status der {u.bezeichnung_massnahmen}."
    return f"{u.bezeichnung_massnahmen} nach Status – " + "; ".join(parts) + ". Die Tabelle nennt dieselben Zahlen."


def _ordered(counts: dict[str, int]) -> list[tuple[str, int]]:
    order = list(SEGMENTS)
    return sorted(((k, n) for k, n in counts.items() if n), key=lambda kv: order.index(kv[0]))


def implementation_svg(u: answers.Umsetzung) -> bytes:
    """Horizontal stacked bars, one per dated point, each segment with its number; the same answer always draws
    the same bytes."""
    bars = implementation_bars(u)
    with DRAWING, matplotlib.rc_context(STYLE):  # type: ignore[arg-type]  # stubs want literal keys
        fig = Figure(figsize=(7.2, 1.4 + 0.55 * max(len(bars), 1)))
        ax = fig.subplots()
        labels = [b.label for b in reversed(bars)]  # oldest at the top
        for key, (word, colour, hatch) in SEGMENTS.items():
            widths = [b.counts.get(key, 0) for b in reversed(bars)]
            if not any(widths):
                continue
            lefts = [sum(n for k, n in b.counts.items() if list(SEGMENTS).index(k) < list(SEGMENTS).index(key))
                     for b in reversed(bars)]  # fmt: skip
            drawn = ax.barh(labels, widths, left=lefts, color=colour, hatch=hatch, edgecolor="#252525", label=word)
            dark = colour in ("#08519c",)
            widest = max(sum(b.counts.values()) for b in bars)
            ax.bar_label(  # a segment too narrow for its number leaves it to the legend's table and the text
                drawn, labels=[str(w) if w and w >= widest / 25 else "" for w in widths], label_type="center",
                color="white" if dark else "#111111", fontsize=8,
                bbox=None if dark else {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
            )  # fmt: skip
        ax.set_xlabel(f"Zahl der {u.bezeichnung_massnahmen}")
        ax.xaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]
        ax.grid(axis="x", color="#e0e0e0")
        ax.set_axisbelow(True)
        if bars:
            ax.legend(fontsize=7, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, frameon=False)
        fig.tight_layout()
        return _svg(fig)


def chart_text(record: IndicatorRecord) -> str:
    """What the chart shows, in one German sentence (the image's text alternative)."""
    parts = [f"Verlauf von „{record.name}“ in {record.symbol}"]
    if record.values:
        first, last = record.values[0], record.values[-1]
        parts.append(f"von {number(first.value)} ({first.year}) bis {number(last.value)} ({last.year})")
    if record.baseline is not None and record.baseline_year is not None:
        parts.append(f"Ausgangswert {number(record.baseline)} ({record.baseline_year})")
    if record.target is not None and record.target_year is not None:
        parts.append(f"Zielwert {number(record.target)} bis {record.target_year}")
    if record.assessment is not None:
        parts.append(f"Bewertung: {record.assessment.category.words}")
    return "; ".join(parts) + ". Die Tabelle daneben nennt alle Werte."


def _figure(record: IndicatorRecord) -> Figure:
    fig = Figure(figsize=(7.2, 3.6))
    ax = fig.subplots()
    final = [v for v in record.values if v.status != "vorlaeufig"]
    provisional = [v for v in record.values if v.status == "vorlaeufig"]
    if record.values:
        ax.plot([v.year for v in record.values], [v.value for v in record.values], color="#08519c", linewidth=1.5)
    if final:
        ax.plot([v.year for v in final], [v.value for v in final], "o", color="#08519c", label="Wert (endgültig)")
    if provisional:
        ax.plot(
            [v.year for v in provisional],
            [v.value for v in provisional],
            "o",
            markerfacecolor="white",
            color="#08519c",
            label="Wert (vorläufig)",
        )
    if record.baseline is not None and record.baseline_year is not None:
        ax.plot([record.baseline_year], [record.baseline], "s", color="#636363", label="Ausgangswert")
    assessment = record.assessment
    if record.target is not None and record.target_year is not None:
        ax.plot([record.target_year], [record.target], "*", markersize=12, color="#a63603", label="Zielwert")
        start = assessment.start if assessment is not None else None
        if start is not None and assessment is not None and assessment.required is not None:
            years = list(range(start.year, record.target_year + 1))
            if assessment.linear:
                path = [start.value + assessment.required * (y - start.year) for y in years]
            else:
                path = [start.value * (1 + assessment.required) ** (y - start.year) for y in years]
            ax.plot(years, path, "--", color="#a63603", linewidth=1, label="nötiger Pfad zum Ziel")
    ax.set_ylabel(record.symbol)
    ax.set_xlabel("Jahr")
    ax.xaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]
    ax.grid(axis="y", color="#e0e0e0")
    ax.set_title(record.name, fontsize=10)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=7, loc="best")
    fig.tight_layout()
    return fig
