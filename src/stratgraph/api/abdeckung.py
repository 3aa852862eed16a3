"""The SDG coverage for people: the matrix page, a page per cell and per „warum“, SDG pages, and the downloads
of what they show (matrix as CSV and XLSX, heatmap as SVG and PNG, the links spreadsheet).

Every answer comes from the same core as ``/api/abdeckung``, ``/api/sdgs/{code}`` and ``/api/warum`` (the
linkage functions, ``coverage`` and ``reports``); pages and files are cached per URL like the JSON answers.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from rdflib import Graph, URIRef

from stratgraph.api import linkage, vergleich
from stratgraph.api.linkage import Api, CoverageFilters, Dimension
from stratgraph.api.pages import cached_file, cached_page, local_href, render, review_entries_of, review_overview_of
from stratgraph.coverage import matrix as cov
from stratgraph.coverage import reports
from stratgraph.coverage.matrix import Filters, Matrix
from stratgraph.coverage.review import review_counts, sdg_tiles
from stratgraph.model.answers import EbeneImBaum, SdgDetail, UnterzielDetail
from stratgraph.model.labels import label
from stratgraph.model.media import FILE_TYPES
from stratgraph.model.namespaces import STRAT
from stratgraph.model.tabular import csv_text, xlsx_bytes
from stratgraph.progress.indicators import read_progress
from stratgraph.strategies.links import links_csv, links_workbook

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
FILTER_KEYS = ("status", "pruefstatus", "staerke", "kompetenz")
# what each download is, for the page's list (file name → German description)
DOWNLOADS = {
    "matrix.csv": "Matrix als CSV für Excel (eine Zeile je Zelle; Semikolon, UTF-8 mit BOM)",
    "matrix.csv?trennzeichen=komma": "Matrix als CSV für Programme (Komma, UTF-8 ohne BOM)",
    "matrix.xlsx": "Matrix als Excel-Tabelle (Übersicht und Zellen)",
    "heatmap.svg": "Heatmap als SVG (für Berichte, verlustfrei skalierbar)",
    "heatmap.png": "Heatmap als PNG (200 dpi, A4 quer)",
}
LINK_SHEETS = {
    "zuordnungen.xlsx": "alle SDG- und Themenbezüge als Excel-Tabelle zum Prüfen (mit Auswahllisten)",
    "zuordnungen.csv": "alle SDG- und Themenbezüge als CSV für Excel (Semikolon, UTF-8 mit BOM)",
    "zuordnungen.csv?trennzeichen=komma": "dieselben als CSV für Programme (Komma, ohne BOM, wie veröffentlicht)",
}
# CSV for German Excel by default (it splits at „;“ and reads UTF-8 only with a BOM); for programs on request
Separator = Annotated[
    Literal["semikolon", "komma"],
    Query(description="semikolon (Standard: für Excel, mit BOM) oder komma (für Programme, ohne BOM)"),
]


def _csv(text: str, separator: str) -> bytes:
    return text.encode("utf-8-sig") if separator == "semikolon" else text.encode("utf-8")


def _query(request: Request, **changes: str) -> str:
    """The page's own filters and rows as a query string, with ``changes`` applied (empty values left out)."""
    params = {k: v for k, v in request.query_params.items() if k in (*FILTER_KEYS, "nach")} | changes
    text = urlencode({k: v for k, v in params.items() if v})
    return "?" + text if text else ""


def _matrix(api: linkage.Linkage, nach: str, filters: Filters) -> tuple[Graph, Matrix]:
    linkage.check_dimension(nach, filters)
    graph = api.context()
    return graph, cov.matrix(api.store, api.queries_dir, nach, filters, graph)


def _dimensions(levels: list[EbeneImBaum]) -> list[tuple[str, str]]:
    """The row kinds the page offers, in the strategy's words: its top level, Schwerpunkte (where a level has them),
    themes — all counting measures — and the goal levels („Ziele × SDG“)."""
    top = levels[0].name if levels else "Kompetenz"
    kinds = [("kompetenz", top)]
    if any(lv.klasse == str(STRAT.Schwerpunkt) for lv in levels):  # the dimension counts that class
        kinds.append(("schwerpunkt", "Schwerpunkt"))
    kinds.append(("querschnittsthema", "Querschnittsthema"))
    if any(lv.art == "ziel" for lv in levels):
        kinds.append((cov.GOAL_VIEW, "Zielebene (Ziele × SDG)"))
    return kinds


@router.get("/abdeckung", response_class=HTMLResponse)
async def abdeckung(request: Request, api: Api, filters: CoverageFilters, nach: Dimension = "kompetenz") -> Response:
    def build() -> bytes:
        matrix = linkage.abdeckung(request, api, filters, nach)
        gaps = linkage.luecken(request, api, filters)
        graph = api.context()  # the tiles show the whole strategy, whatever the matrix below is filtered by
        tiles = sdg_tiles(
            cov.sdg_paths(api.store, api.queries_dir, Filters(), graph), graph, review_overview_of(request, api)
        )
        levels, tree = linkage.levels_and_tree(api)
        params = request.query_params
        return render(
            request,
            "abdeckung.html",
            "SDG-Abdeckung",
            matrix=matrix,
            gaps=gaps,
            nach=nach,
            dimensions=_dimensions(levels),
            measures_word=next((lv.mehrzahl for lv in levels if lv.art == "massnahme"), "Maßnahmen"),
            measure_word=next((lv.name for lv in levels if lv.art == "massnahme"), "Maßnahme"),
            chosen={k: params.get(k, "") for k in FILTER_KEYS},
            schemes=api.schemes,
            kompetenzen=[  # the filter's choices: the elements of the top level (Kompetenzen, Themenfelder)
                {"slug": e.iri.rsplit("/", 1)[1], "name": e.name} for e in tree
            ],
            href=local_href,
            query=_query(request),
            downloads=DOWNLOADS,
            link_sheets=LINK_SHEETS,
            tiles=tiles,
            pruefstand=review_overview_of(request, api),
        )

    return await cached_page(request, build)


@router.get("/abdeckung/zelle", response_class=HTMLResponse)
async def zelle(
    request: Request,
    api: Api,
    filters: CoverageFilters,
    zeile: Annotated[str, Query(max_length=300, description="IRI oder Slug der Zeile")],
    sdg: Annotated[str, Query(max_length=5, description="SDG-Ziel, z. B. 13")],
    nach: Dimension = "kompetenz",
) -> Response:
    """One cell of the matrix: exactly the Kernaktivitäten the API counts there, each with its „warum“ paths."""

    def build() -> bytes:
        matrix = linkage.abdeckung(request, api, filters, nach)
        row = next((r for r in matrix.zeilen if zeile in (r.iri, r.iri.rsplit("/", 1)[-1])), None)
        cell = next((c for c in row.zellen if c.sdg == sdg), None) if row else None
        if row is None or cell is None:
            raise HTTPException(404, f"Die Matrix nach {nach} hat keine Zelle „{zeile}“ × SDG „{sdg}“.")
        graph = api.context()
        target = URIRef(linkage.sdg_iri(sdg))
        goals_view = nach == cov.GOAL_VIEW  # a goal's own links, never a measure's
        paths = cov.sdg_paths(api.store, api.queries_dir, Filters(include_rejected=True), graph, goals=goals_view)

        def entry(iri: str) -> dict[str, Any]:
            ka = URIRef(iri)
            mine = [p for p in paths if p.kernaktivitaet == ka and target in (p.goal, p.target)]
            why = reports.why_answer(graph, ka, target, mine)
            return {"iri": iri, "name": label(graph, ka), "href": local_href(request, iri), "wege": why.wege}

        goal = next(g for g in matrix.sdgs if g.code == sdg)
        return render(
            request,
            "zelle.html",
            f"{row.name} × SDG {sdg}",
            row=row,
            goal=goal,
            nach=nach,
            counted=matrix.gezaehlt,
            notice=matrix.hinweis,
            filters=matrix.filter,
            direct=[entry(i) for i in cell.direkt],
            via_theme=[entry(i) for i in cell.nur_ueber_thema],
            back="/abdeckung" + _query(request),
            href=local_href,
        )

    return await cached_page(request, build)


@router.get("/warum", response_class=HTMLResponse)
async def warum(
    request: Request,
    api: Api,
    kernaktivitaet: Annotated[str, Query(max_length=300, description="Slug oder IRI der Kernaktivität")],
    sdg: Annotated[str, Query(max_length=6, description="SDG-Ziel oder -Unterziel, z. B. 13 oder 13.2")],
) -> Response:
    """Why a Kernaktivität is linked to an SDG: every path with its evidence, as ``/api/warum``."""

    def build() -> bytes:
        why = linkage.warum(request, api, kernaktivitaet, sdg)
        iri = str(api.element(kernaktivitaet, api.context()))
        title = f"Warum „{why.kernaktivitaet}“ zu SDG {why.sdg}?"
        return render(request, "warum.html", title, why=why, paths=why.wege, ka_href=local_href(request, iri))

    return await cached_page(request, build)


@router.get("/sdg/{code}", response_class=HTMLResponse)
async def sdg(request: Request, api: Api, code: str, filters: CoverageFilters) -> Response:
    def build() -> bytes:
        detail = linkage.sdg(request, api, code, filters)
        title = (
            f"SDG-Unterziel {detail.unterziel}"
            if isinstance(detail, UnterzielDetail)
            else f"SDG {detail.sdg}: {detail.name}"
        )
        graph = api.context()
        # the API names measures and goals; the page links each name to its page and its „warum“
        elements = [
            *cov.measures(graph),
            *(e for lv in cov.levels(graph, STRAT.zielebene) for e in cov.on_level(graph, lv)),
        ]
        pages = {label(graph, k): str(k) for k in elements}
        # the strategy's indicators that correspond to an SDG indicator of this goal or target (7.2.1 under 7.2)
        prefix = (detail.unterziel if isinstance(detail, UnterzielDetail) else detail.sdg) + "."
        indicators = [
            (r, sorted(c for c, _ in r.sdg_indicators.values() if c.startswith(prefix)))
            for r in read_progress(api.store, api.queries_dir).indicators
            if any(c.startswith(prefix) for c, _ in r.sdg_indicators.values())
        ]
        # how many of this SDG's links (to the goal or any of its targets) someone checked
        number = int(detail.sdg) if detail.sdg.isdigit() else 0
        entries = [e for e in review_entries_of(request, api) if e.kind == "sdg" and e.sdg == number]
        if isinstance(detail, UnterzielDetail):
            entries = [e for e in entries if e.target_code == detail.unterziel]
        return render(
            request,
            "sdg.html",
            title,
            detail=detail,
            pages=pages,
            href=local_href,
            indicators=indicators,
            pruefstand=review_counts(entries),
        )

    return await cached_page(request, build)


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="sdg-abdeckung-{name}"'}


@router.get("/abdeckung/matrix.{suffix}")
async def matrix_file(
    request: Request,
    api: Api,
    filters: CoverageFilters,
    suffix: str,
    nach: Dimension = "kompetenz",
    trennzeichen: Separator = "semikolon",
) -> Response:
    """The matrix the page shows, as CSV (one row per cell, with names) or XLSX."""
    if suffix not in ("csv", "xlsx"):
        raise HTTPException(404, f"Die Matrix gibt es als matrix.csv und matrix.xlsx, nicht als matrix.{suffix}.")

    def build() -> bytes:
        graph, m = _matrix(api, nach, filters)
        if suffix == "csv":
            return _csv(reports.matrix_csv(graph, m, ";" if trennzeichen == "semikolon" else ","), trennzeichen)
        return reports.matrix_xlsx(graph, m, filters)

    media = FILE_TYPES[f".{suffix}"][0] + ("; charset=utf-8" if suffix == "csv" else "")
    return await cached_file(request, build, media, _attachment(f"{nach}.{suffix}"))


@router.get("/abdeckung/heatmap.{suffix}")
async def heatmap_file(
    request: Request, api: Api, filters: CoverageFilters, suffix: str, nach: Dimension = "kompetenz"
) -> Response:
    """The heatmap of the matrix the page shows, as SVG or PNG (matplotlib, the `charts` extra)."""
    if suffix not in ("svg", "png"):
        raise HTTPException(404, f"Die Heatmap gibt es als heatmap.svg und heatmap.png, nicht als heatmap.{suffix}.")
    try:
        from stratgraph.coverage.charts import draw_heatmap  # matplotlib loads only when a picture is drawn
    except ImportError:
        raise HTTPException(
            503, "Für die Heatmap fehlt matplotlib: pip install 'stratgraph[charts]' (make run installt es)."
        ) from None

    def build() -> bytes:
        graph, m = _matrix(api, nach, filters)
        return draw_heatmap(graph, m, filters)[suffix]

    media = "image/svg+xml" if suffix == "svg" else "image/png"
    return await cached_file(request, build, media, _attachment(f"{nach}.{suffix}"))


@router.get("/abdeckung/zuordnungen.{suffix}")
async def links_file(request: Request, api: Api, suffix: str, trennzeichen: Separator = "semikolon") -> Response:
    """Every SDG and theme link with its evidence: the spreadsheet the office reviews and imports again."""
    if suffix not in ("csv", "xlsx"):
        raise HTTPException(404, f"Die Zuordnungen gibt es als .csv und .xlsx, nicht als .{suffix}.")

    def build() -> bytes:
        graph = api.context()
        if suffix == "csv":
            excel = trennzeichen == "semikolon"
            return links_csv(graph, ";" if excel else ",", bom=excel)
        matrix = cov.matrix(api.store, api.queries_dir, "kompetenz", Filters(), graph)
        return links_workbook(graph, reports.matrix_sheets(graph, matrix))

    media = FILE_TYPES[f".{suffix}"][0] + ("; charset=utf-8" if suffix == "csv" else "")
    headers = {"Content-Disposition": f'attachment; filename="sdg-zuordnungen.{suffix}"'}
    return await cached_file(request, build, media, headers)


def _table_file(rows: list[list[Any]], suffix: str, separator: str, title: str) -> bytes:
    """A small table as CSV (for Excel or programs) or as a workbook with numbers as numbers and a bold header."""
    if suffix == "csv":
        return _csv(csv_text(rows, delimiter=";" if separator == "semikolon" else ","), separator)
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    return xlsx_bytes(book)


def _sdg_rows(detail: SdgDetail | UnterzielDetail) -> list[list[Any]]:
    """What an SDG or target page lists, one row per element: own links (counted), the strategy's goals (their own
    view) and the context via a Querschnittsthema (not counted)."""
    own, goals, context = "eigener Bezug (gezählt)", "Ziel der Strategie (eigene Ansicht)", "nur über Querschnittsthema"
    rows: list[list[Any]] = [["sdg", "unterziel", "art", "name", "ueber_querschnittsthema"]]
    if isinstance(detail, UnterzielDetail):
        rows += [[detail.sdg, detail.unterziel, own, k, ""] for k in detail.kernaktivitaeten]
        rows += [[detail.sdg, detail.unterziel, goals, n, ""] for n in (detail.ziele or [])]
        themed: Any = detail.nur_ueber_thema
    else:
        rows += [[detail.sdg, "", own, k, ""] for k in detail.ziel_selbst]
        rows += [[detail.sdg, code, own, k, ""] for code, kas in detail.unterziele.items() for k in kas]
        rows += [[detail.sdg, code, goals, n, ""] for code, names in (detail.ziele or {}).items() for n in names]
        themed = detail.nur_ueber_thema
    if isinstance(themed, dict):
        rows += [[detail.sdg, "", context, k, ", ".join(ts)] for k, ts in themed.items()]
    else:
        rows += [[detail.sdg, "", context, k, ""] for k in themed]
    return rows


@router.get("/sdg/{code}/bezuege.{suffix}")
async def sdg_file(
    request: Request,
    api: Api,
    code: str,
    suffix: str,
    filters: CoverageFilters,
    trennzeichen: Separator = "semikolon",
) -> Response:
    """The SDG or target page's lists as a table: CSV (for Excel by default) or XLSX."""
    if suffix not in ("csv", "xlsx"):
        raise HTTPException(404, f"Die Bezüge gibt es als bezuege.csv und bezuege.xlsx, nicht als bezuege.{suffix}.")

    def build() -> bytes:
        detail = linkage.sdg(request, api, code, filters)
        return _table_file(_sdg_rows(detail), suffix, trennzeichen, f"SDG {code}")

    media = FILE_TYPES[f".{suffix}"][0] + ("; charset=utf-8" if suffix == "csv" else "")
    headers = {"Content-Disposition": f'attachment; filename="sdg-{code}-bezuege.{suffix}"'}
    return await cached_file(request, build, media, headers)


@router.get("/vergleich.{suffix}")
async def vergleich_file(
    request: Request,
    suffix: str,
    staedte: Annotated[str | None, Query(max_length=2000)] = None,
    trennzeichen: Separator = "semikolon",
) -> Response:
    """The comparison of the cities per SDG in the tidy layout (one row per SDG and city): CSV or XLSX."""
    if suffix not in ("csv", "xlsx"):
        raise HTTPException(404, f"Den Vergleich gibt es als vergleich.csv und vergleich.xlsx, nicht als .{suffix}.")

    def build() -> bytes:
        answer = vergleich.vergleich(request, staedte)
        rows: list[list[Any]] = [
            ["sdg", "name", "stadt", "massnahmen_mit_bezug", "zuordnungen", "bestaetigt", "anteil_bestaetigt"]
        ]
        for goal in answer.sdgs:
            for cell in goal.staedte:
                share = "" if cell.anteil_bestaetigt is None else round(cell.anteil_bestaetigt, 4)
                rows.append([int(goal.code), goal.name, cell.stadt, cell.kernaktivitaeten, cell.zuordnungen,
                             cell.bestaetigt, share])  # fmt: skip
        if suffix == "csv" and trennzeichen == "semikolon":  # German Excel reads a decimal comma
            rows = [[str(v).replace(".", ",") if isinstance(v, float) else v for v in row] for row in rows]
        return _table_file(rows, suffix, trennzeichen, "Vergleich")

    media = FILE_TYPES[f".{suffix}"][0] + ("; charset=utf-8" if suffix == "csv" else "")
    headers = {"Content-Disposition": f'attachment; filename="vergleich.{suffix}"'}
    return await cached_file(request, build, media, headers)
