"""The coverage heatmap as SVG and PNG (matplotlib), German labels, sized to print on A4 landscape."""

from __future__ import annotations

import io
import textwrap
import threading
from pathlib import Path

import matplotlib
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from rdflib import Graph

from stratgraph.coverage.matrix import Filters, Matrix
from stratgraph.coverage.reports import code, filters_text, goal_name, label, notice

__all__ = ["DRAWING", "draw_heatmap", "write_heatmap"]

A4_LANDSCAPE = (11.69, 8.27)  # inches
# matplotlib's settings are process-wide; the service draws in its thread pool, one picture at a time
DRAWING = threading.Lock()


def write_heatmap(graph: Graph, m: Matrix, filters: Filters, out_dir: Path, stem: str) -> list[Path]:
    """Save the heatmap as ``<stem>.svg`` and ``<stem>.png`` in ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix, data in draw_heatmap(graph, m, filters).items():
        path = out_dir / f"{stem}.{suffix}"
        path.write_bytes(data)
        written.append(path)
    return written


def draw_heatmap(graph: Graph, m: Matrix, filters: Filters) -> dict[str, bytes]:
    """The matrix as SVG and PNG bytes: colour and large number = Kernaktivitäten with a link of their own;
    small grey „+n Thema“ = those reaching the goal only via a Querschnittsthema (context, not counted)."""
    style = {"svg.hashsalt": "stratgraph", "font.size": 8, "font.family": "DejaVu Sans"}
    with DRAWING, matplotlib.rc_context(style):  # type: ignore[arg-type]  # stubs want literal keys
        fig = _figure(graph, m, filters)
        # No dates or versions in the files, so the same graph always draws the same bytes.
        svg, png = io.BytesIO(), io.BytesIO()
        fig.savefig(svg, format="svg", metadata={"Date": None})
        fig.savefig(png, format="png", dpi=200, metadata={"Software": None})
    return {"svg": svg.getvalue(), "png": png.getvalue()}


def _figure(graph: Graph, m: Matrix, filters: Filters) -> Figure:
    values = [[m.cell(r, g).counted for g in m.goals] for r in m.rows]
    height = min(A4_LANDSCAPE[1], 3.2 + 0.45 * len(m.rows))
    fig = Figure(figsize=(A4_LANDSCAPE[0], max(height, 5.0)))
    ax = fig.subplots()
    cmap = LinearSegmentedColormap.from_list("abdeckung", ["#f7f7f7", "#9ecae1", "#08519c"])
    image = ax.imshow(values, cmap=cmap, aspect="auto", vmin=0, vmax=max(1, max((max(v) for v in values), default=1)))
    ax.set_xticks(range(len(m.goals)))
    ax.set_xticklabels([f"SDG\n{code(graph, g)}" for g in m.goals], fontsize=8)
    ax.xaxis.tick_top()
    key = _wrap_items([f"{code(graph, g)} {goal_name(graph, g)}" for g in m.goals], 215)
    ax.set_yticks(range(len(m.rows)))
    ax.set_yticklabels([_wrap(label(graph, r)) for r in m.rows])
    top = max((max(v) for v in values), default=0)
    for i, row in enumerate(m.rows):
        for j, goal in enumerate(m.goals):
            cell = m.cell(row, goal)
            if cell.counted:
                colour = "white" if cell.counted > top * 0.6 else "black"
                ax.text(j, i - 0.12, str(cell.counted), ha="center", va="center", fontsize=8, color=colour)
            if cell.via_theme_only:
                shade = "#d9d9d9" if cell.counted > top * 0.6 else "#636363"
                context = f"+{len(cell.via_theme_only)} Thema"
                ax.text(j, i + 0.25, context, ha="center", va="center", fontsize=5.5, color=shade, style="italic")
    ax.set_title(
        f"SDG-Abdeckung der {m.counted} nach {m.row_title}\n"
        f"Farbe und Zahl: {m.counted} mit eigenem SDG-Bezug · „+n Thema“: nur über ein Querschnittsthema, "
        "nicht gezählt",
        fontsize=11,
    )
    bar = fig.colorbar(image, ax=ax, fraction=0.025, pad=0.01)
    bar.set_label(f"{m.counted} mit eigenem Bezug")
    fig.text(0.01, 0.145, "SDG: " + key, fontsize=7, va="top")
    fig.text(0.01, 0.01, _wrap(notice(graph) + " " + filters_text(graph, filters), 190), fontsize=7, va="bottom")
    fig.tight_layout(rect=(0, 0.16, 1, 1))
    return fig


def _wrap(text: str, width: int = 42) -> str:
    return textwrap.fill(text, width, break_long_words=False, break_on_hyphens=False)


def _wrap_items(items: list[str], width: int) -> str:
    """Join items with ' · ' and break lines between items, never inside one (textwrap would strand the dots)."""
    lines, line = [], ""
    for item in items:
        candidate = f"{line} · {item}" if line else item
        if line and len(candidate) > width:
            lines.append(line)
            line = item
        else:
            line = candidate
    lines.append(line)
    return "\n".join(lines)
