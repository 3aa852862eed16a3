"""An indicator's course as SVG (matplotlib): its values, baseline, target and the path the target requires.

The page puts the same numbers in a table beside the picture and names it in words (``alt``), so nothing is
said by the picture or by colour alone: provisional values are hollow and named in the legend, the required
path is dashed, the target a star.
"""

from __future__ import annotations

import io

import matplotlib
from matplotlib.figure import Figure

from stratgraph.coverage.charts import DRAWING
from stratgraph.progress.assessment import number
from stratgraph.progress.indicators import IndicatorRecord

__all__ = ["chart_text", "indicator_svg"]


def indicator_svg(record: IndicatorRecord) -> bytes:
    """The chart as SVG bytes; the same record always draws the same bytes (no dates, a fixed hash salt)."""
    style = {"svg.hashsalt": "stratgraph", "svg.fonttype": "none", "font.size": 9, "font.family": "DejaVu Sans"}
    with DRAWING, matplotlib.rc_context(style):  # type: ignore[arg-type]  # stubs want literal keys
        fig = _figure(record)
        out = io.BytesIO()
        fig.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


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
