"""Coverage results for people and programs: terminal tables, CSV and JSON, all in German."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from stratgraph.coverage import matrix as cov
from stratgraph.coverage.matrix import Filters, Gaps, Matrix, SdgPath, review_summary
from stratgraph.model.answers import (
    Abdeckung,
    Luecken,
    OhneSdg,
    SdgDetail,
    SdgKopf,
    UnterzielDetail,
    Warum,
    Weg,
    WegBeleg,
    Zeile,
    Zelle,
)
from stratgraph.model.labels import label, slugify
from stratgraph.model.namespaces import SDG, STRAT
from stratgraph.model.tabular import csv_text, write_csv, xlsx_bytes
from stratgraph.store.embedded import Store
from stratgraph.strategies.scopes import Comparison

__all__ = [
    "drilldown_text",
    "filters_text",
    "gaps_answer",
    "gaps_csv",
    "gaps_text",
    "label",
    "matrix_answer",
    "matrix_csv",
    "matrix_sheet",
    "matrix_table",
    "matrix_text",
    "matrix_xlsx",
    "notice",
    "sdg_answer",
    "target_text",
    "why_answer",
    "why_text",
]


def code(graph: Graph, node: URIRef) -> str:
    notation = graph.value(node, SKOS.notation)
    return str(notation) if notation is not None else str(node)


def goal_name(graph: Graph, goal: URIRef) -> str:
    """The German working title of an SDG goal (ours, not the UN's), else its UN short name."""
    return label(graph, goal, (STRAT.arbeitstitel, SKOS.altLabel, SKOS.prefLabel))


def un_title(graph: Graph, sdg: URIRef) -> str:
    """The official English title the UN SDG KOS gives a goal or target."""
    return label(graph, sdg, (SKOS.prefLabel,), lang="en")


def notice(graph: Graph, counts: dict[str, int] | None = None) -> str:
    """The line every report carries: the links are editorial and how far they are reviewed (``counts`` per
    review status, read from the graph's Zuordnungen unless given)."""
    counts = counts if counts is not None else review_summary(graph)
    return (
        "Hinweis: Die SDG- und Querschnittsthemen-Bezüge sind redaktionelle Einschätzungen, keine Aussagen der "
        f"Quellen (Prüfstatus: {counts['vorgeschlagen']} vorgeschlagen, {counts['bestätigt']} bestätigt, "
        f"{counts['abgelehnt']} abgelehnt)."
    )


def filters_text(graph: Graph, filters: Filters) -> str:
    parts = []
    if filters.status is not None:
        parts.append(f"Status {label(graph, filters.status)}")
    if filters.review is not None:
        parts.append(f"Prüfstatus {label(graph, filters.review)}")
    else:
        parts.append("abgelehnte Bezüge ausgenommen")
    if filters.strength is not None:
        parts.append(f"nur {label(graph, filters.strength)}e Bezüge")
    if filters.kompetenz is not None:
        level = graph.value(filters.kompetenz, STRAT.aufEbene)
        parts.append(f"{label(graph, level) if level is not None else 'Kompetenz'} {label(graph, filters.kompetenz)}")
    return "Filter: " + ", ".join(parts)


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def matrix_text(graph: Graph, m: Matrix, filters: Filters) -> str:
    """The matrix as a terminal table: the direct count per cell, '(+v)' for measures that reach the goal only via
    a Querschnittsthema (context, not counted), '·' for none."""
    width = 38
    lines = [
        f"SDG-Abdeckung nach {m.row_title}: {m.counted} mit eigenem Bezug je SDG; "
        "(+n): weitere nur über ein Querschnittsthema – Kontext, nicht einzeln bewertet, nicht gezählt",
        notice(graph),
        filters_text(graph, filters),
        "",
        " " * width + "".join(f"{code(graph, g):>7}" for g in m.goals) + "   Summe",
    ]
    for row in m.rows:
        cells = []
        total: set[URIRef] = set()
        for g in m.goals:
            cell = m.cell(row, g)
            total |= cell.direct
            context = f"(+{len(cell.via_theme_only)})" if cell.via_theme_only else ""
            cells.append(f"{cell.counted}{context}" if cell.shown else "·")
        lines.append(
            f"{_short(label(graph, row), width - 2):<{width}}" + "".join(f"{c:>7}" for c in cells) + f"{len(total):>8}"
        )
    lines.append("")
    lines.append(f"Summe: verschiedene {m.counted} der Zeile mit mindestens einem eigenen SDG-Bezug.")
    return "\n".join(lines)


def matrix_table(graph: Graph, m: Matrix) -> list[list[str | int]]:
    """One row per cell, with the measures (or goals) named so every number can be traced (header first; the
    columns name the strategy's own words, e.g. kompetenz … kernaktivitaeten_direkt, themenfeld … massnahmen_direkt)."""
    counted = slugify(m.counted).replace("-", "_")
    table: list[list[str | int]] = [
        [
            slugify(m.row_title).replace("-", "_"),
            "iri",
            "sdg",
            "sdg_name",
            "direkt",
            "nur_ueber_querschnittsthema",
            f"{counted}_direkt",
            f"{counted}_nur_ueber_querschnittsthema",
        ]
    ]
    for row in m.rows:
        for g in m.goals:
            cell = m.cell(row, g)
            table.append(
                [
                    label(graph, row),
                    str(row),
                    code(graph, g),
                    goal_name(graph, g),
                    len(cell.direct),
                    len(cell.via_theme_only),
                    "; ".join(sorted(label(graph, k) for k in cell.direct)),
                    "; ".join(sorted(label(graph, k) for k in cell.via_theme_only)),
                ]
            )
    return table


def matrix_csv(graph: Graph, m: Matrix, delimiter: str = ",") -> str:
    out = io.StringIO()
    write_csv(out, matrix_table(graph, m), delimiter=delimiter)
    return out.getvalue()


def matrix_xlsx(graph: Graph, m: Matrix, filters: Filters) -> bytes:
    """The matrix as a workbook: „Abdeckung“ (the table as on the page), „Zellen“ (every cell with its
    Kernaktivitäten, as the CSV), „Hinweis“ (what is counted, filters)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Abdeckung"
    matrix_sheet(sheet, graph, m)
    cells = book.create_sheet("Zellen")
    for line in matrix_table(graph, m):
        cells.append(line)
    cells.freeze_panes = "A2"
    cells.auto_filter.ref = cells.dimensions
    cells.column_dimensions["A"].width = 40
    cells.column_dimensions["G"].width = 80
    book.create_sheet("Hinweis").append([notice(graph) + " " + filters_text(graph, filters)])
    return xlsx_bytes(book)


def matrix_sheets(graph: Graph, m: Matrix) -> Callable[[Any], None]:
    """Adds the sheet „Abdeckung“ (``matrix_sheet``) to a workbook: the links spreadsheet's second sheet."""
    return lambda book: matrix_sheet(book.create_sheet("Abdeckung"), graph, m)


def matrix_sheet(sheet: Any, graph: Graph, m: Matrix) -> None:
    """Rows × SDG as numbers a spreadsheet can sum: the measures (or goals) with a link of their own; below, as a
    table of its own, those reaching a goal only via a Querschnittsthema (context, not counted)."""
    sheet.append(
        [f"{m.counted} mit eigenem SDG-Bezug (Anzahl; darunter: nur über ein Querschnittsthema, nicht gezählt)"]
    )
    header = [m.row_title, *[f"SDG {code(graph, g)}" for g in m.goals]]
    sheet.append(header)
    for row in m.rows:
        sheet.append([label(graph, row), *[m.cell(row, goal).counted for goal in m.goals]])
    if any(m.cell(row, goal).via_theme_only for row in m.rows for goal in m.goals):
        sheet.append([])
        sheet.append([f"{m.counted} nur über ein Querschnittsthema (Kontext, nicht gezählt)"])
        sheet.append(header)
        for row in m.rows:
            sheet.append([label(graph, row), *[len(m.cell(row, goal).via_theme_only) for goal in m.goals]])
    sheet.column_dimensions["A"].width = 40
    sheet.freeze_panes = "B3"


def matrix_answer(graph: Graph, m: Matrix, filters: Filters, reviews: dict[str, int] | None = None) -> Abdeckung:
    """The matrix as ``/api/abdeckung`` and ``stratgraph coverage matrix --format json`` answer it."""
    return Abdeckung(
        hinweis=notice(graph, reviews),
        filter=filters_text(graph, filters),
        dimension=m.dimension,
        zeilentitel=m.row_title,
        gezaehlt=m.counted,
        sdgs=[SdgKopf(iri=str(g), code=code(graph, g), name=goal_name(graph, g)) for g in m.goals],
        zeilen=[
            Zeile(
                iri=str(row),
                name=label(graph, row),
                zellen=[
                    Zelle(
                        sdg=code(graph, g),
                        direkt=sorted(str(k) for k in m.cell(row, g).direct),
                        nur_ueber_thema=sorted(str(k) for k in m.cell(row, g).via_theme_only),
                    )
                    for g in m.goals
                ],
            )
            for row in m.rows
        ],
    )


def gaps_text(graph: Graph, gaps: Gaps) -> str:
    lines = ["Lücken", ""]
    one, many = gaps.measure, gaps.measures
    lines.append(f"SDG-Ziele ohne {one} ({len(gaps.goals_without)}):")
    lines += [f"  - SDG {code(graph, g)} {goal_name(graph, g)}" for g in gaps.goals_without] or ["  –"]
    lines.append(f"\nUnterziele ohne direkt verknüpfte {one} ({len(gaps.targets_without)} von 169):")
    lines.append("  " + (", ".join(code(graph, t) for t in gaps.targets_without) or "–"))
    lines.append(f"\n{many} ohne SDG-Bezug ({len(gaps.kernaktivitaeten_without)}):")
    for ka, reason in gaps.kernaktivitaeten_without:
        why = f"kein klarer SDG-Bezug – {reason}" if reason else "noch nicht eingeschätzt"
        lines.append(f"  - {label(graph, ka)}: {why}")
    if not gaps.kernaktivitaeten_without:
        lines.append("  –")
    lines.append(f"\nQuerschnittsthemen ohne {one} ({len(gaps.themes_without)}):")
    lines += [f"  - {label(graph, t)}" for t in gaps.themes_without] or ["  –"]
    return "\n".join(lines)


def gaps_csv(graph: Graph, gaps: Gaps) -> str:
    rows: list[list[str]] = [["art", "iri", "name", "begruendung"]]
    for g in gaps.goals_without:
        rows.append([f"SDG-Ziel ohne {gaps.measure}", str(g), f"SDG {code(graph, g)} {goal_name(graph, g)}", ""])
    for t in gaps.targets_without:
        rows.append([f"Unterziel ohne {gaps.measure}", str(t), code(graph, t), ""])
    for ka, reason in gaps.kernaktivitaeten_without:
        rows.append([f"{gaps.measure} ohne SDG-Bezug", str(ka), label(graph, ka), reason or "noch nicht eingeschätzt"])
    for t in gaps.themes_without:
        rows.append([f"Querschnittsthema ohne {gaps.measure}", str(t), label(graph, t), ""])
    return csv_text(rows)


def gaps_answer(graph: Graph, gaps: Gaps) -> Luecken:
    """The gap lists as ``/api/luecken`` and ``stratgraph coverage luecken --format json`` answer them."""
    return Luecken(
        hinweis=notice(graph),
        sdgs_ohne=[code(graph, g) for g in gaps.goals_without],
        unterziele_ohne=[code(graph, t) for t in gaps.targets_without],
        kernaktivitaeten_ohne=[
            OhneSdg(iri=str(ka), name=label(graph, ka), kein_klarer_sdg_bezug=reason)
            for ka, reason in gaps.kernaktivitaeten_without
        ],
        themen_ohne=[label(graph, t) for t in gaps.themes_without],
        bezeichnung_massnahme=gaps.measure,
        bezeichnung_massnahmen=gaps.measures,
    )


def sdg_answer(
    store: Store, queries: Path, sdg: URIRef, goal: URIRef, filters: Filters, graph: Graph
) -> SdgDetail | UnterzielDetail:
    """An SDG (``sdg`` is ``goal``) or one of its targets, as ``/api/sdgs/{code}`` and ``stratgraph coverage sdg``
    answer it: the measures linked to it and, as a view of their own, the strategy's goals linked to it."""
    d = cov.drilldown(store, queries, goal, filters, graph)
    # the goals' own links (a status filter is about measures: goals have none)
    own = Filters(review=filters.review, strength=filters.strength, kompetenz=filters.kompetenz)
    goal_paths = [p for p in cov.sdg_paths(store, queries, own, graph, goals=True) if p.goal == goal]
    counted = cov.wording(graph, "kompetenz")[1]
    if sdg != goal:
        return UnterzielDetail(
            hinweis=notice(graph),
            unterziel=code(graph, sdg),
            titel_un=un_title(graph, sdg),
            sdg=code(graph, d.goal),
            name=goal_name(graph, d.goal),
            kernaktivitaeten=sorted(label(graph, k) for k in d.targets.get(sdg, set())),
            ziel_selbst=sorted(label(graph, k) for k in d.goal_level),
            nur_ueber_thema=sorted(label(graph, k) for k in d.via_theme),
            gezaehlt=counted,
            ziele=sorted({label(graph, p.kernaktivitaet) for p in goal_paths if p.target == sdg}),
        )
    by_code: dict[str, set[str]] = {}
    for p in goal_paths:
        by_code.setdefault(code(graph, p.target or p.goal), set()).add(label(graph, p.kernaktivitaet))
    return SdgDetail(
        hinweis=notice(graph),
        sdg=code(graph, d.goal),
        name=goal_name(graph, d.goal),
        titel_un=un_title(graph, d.goal),
        unterziel_titel_un={code(graph, t): un_title(graph, t) for t in d.targets},
        kompetenzen=sorted(label(graph, k) for k in d.kompetenzen),
        ziel_selbst=sorted(label(graph, k) for k in d.goal_level),
        unterziele={code(graph, t): sorted(label(graph, k) for k in kas) for t, kas in d.targets.items()},
        nur_ueber_thema={
            label(graph, ka): sorted(label(graph, t) for t in themes) for ka, themes in sorted(d.via_theme.items())
        },
        gezaehlt=counted,
        ziele={k: sorted(v) for k, v in sorted(by_code.items(), key=lambda kv: cov.code_key(kv[0]))},
    )


def target_text(t: UnterzielDetail) -> str:
    lines = [f"SDG-Unterziel {t.unterziel} (Ziel {t.sdg}: {t.name})", f"UN: {t.titel_un}", t.hinweis, ""]
    lines.append(f"{t.gezaehlt} mit eigenem Bezug zu {t.unterziel} ({len(t.kernaktivitaeten)}):")
    lines += [f"  - {name}" for name in t.kernaktivitaeten] or ["  –"]
    lines.append(
        f"\nKontext, nicht unterzielgenau: mit Ziel {t.sdg} selbst verknüpft: " + (", ".join(t.ziel_selbst) or "–")
    )
    lines.append("Kontext, nur über ein Querschnittsthema: " + (", ".join(t.nur_ueber_thema) or "–"))
    return "\n".join(lines)


def drilldown_text(d: SdgDetail) -> str:
    lines = [f"SDG {d.sdg}: {d.name}", f"UN: {d.titel_un}", d.hinweis, ""]
    lines.append("Kompetenzen: " + (", ".join(d.kompetenzen) or "–"))
    if d.ziel_selbst:
        lines.append("\nDirekt zum Ziel: " + ", ".join(d.ziel_selbst))
    lines.append("\nUnterziele:")
    for target, names in d.unterziele.items():
        lines.append(f"  {target:<6} {', '.join(names) or '–'}")
    lines.append("\nNur über ein Querschnittsthema:")
    for name, themes in sorted(d.nur_ueber_thema.items()):
        lines.append(f"  - {name} (über {', '.join(themes)})")
    if not d.nur_ueber_thema:
        lines.append("  –")
    return "\n".join(lines)


def why_answer(graph: Graph, ka: URIRef, sdg: URIRef, paths: list[SdgPath]) -> Warum:
    """Every path from a measure (or goal) to an SDG with the evidence of each link (``/api/warum``)."""
    return Warum(
        hinweis=notice(graph),
        kernaktivitaet=label(graph, ka),
        sdg=code(graph, sdg),
        wege=[
            Weg(
                ziel=code(graph, p.goal),
                unterziel=code(graph, p.target) if p.target is not None else None,
                ueber_thema=label(graph, p.querschnittsthema) if p.querschnittsthema is not None else None,
                zuordnungen=[
                    WegBeleg(
                        iri=str(link.zuordnung),
                        von=link_end(graph, link.source),
                        zu=link_end(graph, link.target),
                        begruendung=link.rationale,
                        staerke=label(graph, link.strength),
                        basis=label(graph, link.basis),
                        pruefstatus=label(graph, link.review),
                        urheber=_agent(graph, link.asserted_by),
                        datum=link.date,
                    )
                    for link in p.links
                ],
            )
            for p in paths
        ],
    )


def why_text(graph: Graph, ka: URIRef, sdg: URIRef, paths: list[SdgPath]) -> str:
    lines = [f"Warum ist „{label(graph, ka)}“ mit SDG {code(graph, sdg)} verbunden?", notice(graph), ""]
    if not paths:
        lines.append("Kein Weg verbindet die beiden.")
    for number, path in enumerate(paths, 1):
        via = (
            f"über das Querschnittsthema {label(graph, path.querschnittsthema)}" if path.querschnittsthema else "direkt"
        )
        target = f" (Unterziel {code(graph, path.target)})" if path.target else ""
        lines.append(f"Weg {number}: {via} zu SDG {code(graph, path.goal)}{target}")
        for link in path.links:
            lines.append(f"  {link_end(graph, link.source)} → {link_end(graph, link.target)}")
            lines.append(f"    Begründung: {link.rationale}")
            lines.append(
                f"    Stärke: {label(graph, link.strength)}; Basis: {label(graph, link.basis)}; "
                f"Prüfstatus: {label(graph, link.review)}; zugeordnet von: {_agent(graph, link.asserted_by)}; "
                f"Datum: {link.date or '–'}"
            )
            lines.append(f"    Beleg: {link.zuordnung}")
    return "\n".join(lines)


def link_end(graph: Graph, node: URIRef) -> str:
    """One end of a link as a person reads it: an SDG by its code (a target's only name is the long UN text)."""
    if str(node).startswith(str(SDG)):
        return f"SDG {code(graph, node)}"
    return label(graph, node)


def _agent(graph: Graph, agent: URIRef | None) -> str:
    if agent is None:
        return "–"
    return label(graph, agent)


def comparison(found: Comparison, goals: list[dict[str, Node]], fmt: str = "text") -> str:
    """The comparison across strategies per SDG goal: measures with a direct link, share confirmed."""
    rows = []
    for goal in goals:
        for strategy in found.slugs:
            row = found.row(str(goal["ziel"]), strategy)
            share = row.confirmed_share
            rows.append(
                {
                    "sdg": str(goal["code"]),
                    "name": str(goal["name"]),
                    "stadt": strategy,
                    "kernaktivitaeten": row.kernaktivitaeten,
                    "zuordnungen": row.links,
                    "bestaetigt": row.confirmed,
                    "anteil_bestaetigt": None if share is None else round(share, 4),
                }
            )
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        fields = list(rows[0]) if rows else ["sdg"]
        return csv_text([fields, *([row[f] for f in fields] for row in rows)])
    width = max([len(c) for c in found.slugs] + [5])
    lines = [
        "Vergleich je SDG: Maßnahmen (etwa Kernaktivitäten) mit eigener Zuordnung (Anteil bestätigter Zuordnungen)",
        "Die Bezüge sind redaktionelle Einschätzungen, keine Aussagen der Quellen.",
        "",
        "SDG  " + "  ".join(f"{c:>{width + 7}}" for c in found.slugs),
    ]
    for goal in goals:
        cells = []
        for strategy in found.slugs:
            row = found.row(str(goal["ziel"]), strategy)
            shown = "–" if row.confirmed_share is None else f"{row.confirmed_share:.0%}"
            cells.append(f"{row.kernaktivitaeten:>{width}} ({shown:>4})")
        lines.append(f"{goal['code']!s:<3}  " + "  ".join(cells) + f"  {goal['name']}")
    return "\n".join(lines) + "\n"
