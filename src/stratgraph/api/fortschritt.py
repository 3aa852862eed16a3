"""Measured progress as JSON and as pages: the strategy's indicators, one indicator with its values and chart,
and each goal's progress.

The answers come from ``progress.indicators`` (two named queries and Eurostat's method), scoped to one strategy
like every linkage answer (``?stadt=``), and are kept like them until a reload.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from stratgraph.api.linkage import Api, Linkage, answer
from stratgraph.api.pages import cached_file, cached_page, local_href, render
from stratgraph.model import answers as models
from stratgraph.progress.assessment import number
from stratgraph.progress.chart import chart_text, implementation_svg, implementation_text, indicator_svg
from stratgraph.progress.indicators import (
    IndicatorRecord,
    indicator_answer,
    indicators_answer,
    read_progress,
    strategy_progress,
)

__all__ = ["pages", "router"]

router = APIRouter(prefix="/api", tags=["Fortschritt"])
pages = APIRouter(include_in_schema=False)


@answer(
    "/indikatoren",
    models.Indikatoren,
    "Die Indikatoren der Strategie mit Ausgangs-, Ziel- und letztem Wert und ihrer Bewertung",
    on=router,
)
def indikatoren(request: Request, api: Api) -> models.Indikatoren:
    return indicators_answer(read_progress(api.store, api.queries_dir))


@answer(
    "/indikatoren/{slug}",
    models.IndikatorDetail,
    "Ein Indikator mit allen Werten, Quellen, SDG-Indikatoren und der Bewertung mit den Zahlen dahinter",
    on=router,
)
def indikator(request: Request, api: Api, slug: str) -> models.IndikatorDetail:
    return indicator_answer(_record(api, slug))


@answer(
    "/fortschritt",
    models.Fortschritt,
    "Der Fortschritt der Strategie: je gemessenem Ziel seine Indikatoren zusammengefasst, und alle zusammen",
    on=router,
)
def fortschritt(request: Request, api: Api) -> models.Fortschritt:
    return strategy_progress(api.store, api.queries_dir)


@pages.get("/fortschritt", response_class=HTMLResponse)
async def fortschritt_page(request: Request, api: Api) -> Response:
    """The strategy's progress at a glance: the whole, each measured goal, each indicator with the numbers."""

    def build() -> bytes:
        answer = strategy_progress(api.store, api.queries_dir)
        return render(
            request,
            "fortschritt.html",
            "Fortschritt",
            answer=answer,
            href=local_href,
            number=number,
            umsetzung_text=implementation_text(answer.umsetzung),
        )

    return await cached_page(request, build)


@pages.get("/fortschritt/umsetzung.svg")
async def umsetzung_chart(request: Request, api: Api) -> Response:
    """The measures by status at each dated point as SVG (matplotlib), kept like the pages until a reload."""
    return await cached_file(
        request, lambda: implementation_svg(strategy_progress(api.store, api.queries_dir).umsetzung), "image/svg+xml"
    )


@pages.get("/indikator/{slug}.svg")
async def indikator_chart(request: Request, api: Api, slug: str) -> Response:
    """The chart of the indicator page as SVG (matplotlib), kept like the pages until a reload (declared before the
    page, whose path would take „….svg“ as a slug)."""
    return await cached_file(request, lambda: indicator_svg(_record(api, slug)), "image/svg+xml")


@pages.get("/indikator/{slug}", response_class=HTMLResponse)
async def indikator_page(request: Request, api: Api, slug: str) -> Response:
    """One indicator: what it measures, baseline and target, its values as a chart and a table, the assessment."""

    def build() -> bytes:
        record = _record(api, slug)
        detail = indicator_answer(record)
        title = f"Indikator: {record.name}"
        return render(
            request,
            "indikator.html",
            title,
            detail=detail,
            chart=chart_text(record),
            href=local_href,
            number=number,
        )

    return await cached_page(request, build)


def _record(api: Linkage, slug: str) -> IndicatorRecord:
    iri = api.iri("indikator", slug, 404)
    record = read_progress(api.store, api.queries_dir, only=iri).indicator(iri)
    if record is None:
        raise HTTPException(404, f"kein Indikator „{slug}“")
    return record
