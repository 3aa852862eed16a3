"""The coverage heatmap as SVG and PNG (matplotlib), German labels, sized to print on A4 landscape."""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display; must precede pyplot

import matplotlib.pyplot as plt
from matplotlib.colors import LinearSegmentedColormap
from rdflib import Graph

from .coverage import Filters, Matrix
from .reports import DIMENSION_TITLE, code, filters_text, goal_name, label, notice

__all__ = ["write_heatmap"]

A4_LANDSCAPE = (11.69, 8.27)  # inches


def write_heatmap(graph: Graph, m: Matrix, filters: Filters, out_dir: Path, stem: str) -> list[Path]:
    """Draw the matrix and save SVG and PNG: colour and large number = Kernaktivitäten with a link of their own;
    small grey „+n Thema“ = those reaching the goal only via a Querschnittsthema (context, not counted)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    values = [[m.cell(r, g).counted for g in m.goals] for r in m.rows]
    plt.rcParams.update({"svg.hashsalt": "stratgraph", "font.size": 8, "font.family": "DejaVu Sans"})
    height = min(A4_LANDSCAPE[1], 3.2 + 0.45 * len(m.rows))
    fig, ax = plt.subplots(figsize=(A4_LANDSCAPE[0], max(height, 5.0)))
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
        f"SDG-Abdeckung der Kernaktivitäten nach {DIMENSION_TITLE[m.dimension]}\n"
        "Farbe und Zahl: Kernaktivitäten mit eigenem SDG-Bezug · „+n Thema“: nur über ein Querschnittsthema, "
        "nicht gezählt",
        fontsize=11,
    )
    bar = fig.colorbar(image, ax=ax, fraction=0.025, pad=0.01)
    bar.set_label("Kernaktivitäten mit eigenem Bezug")
    fig.text(0.01, 0.145, "SDG: " + key, fontsize=7, va="top")
    fig.text(0.01, 0.01, _wrap(notice(graph) + " " + filters_text(graph, filters), 190), fontsize=7, va="bottom")
    fig.tight_layout(rect=(0, 0.16, 1, 1))
    # No dates or versions in the files, so the same graph always draws the same bytes.
    svg, png = out_dir / f"{stem}.svg", out_dir / f"{stem}.png"
    fig.savefig(svg, metadata={"Date": None})
    fig.savefig(png, dpi=200, metadata={"Software": None})
    plt.close(fig)
    return [svg, png]


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
