"""Measured progress as JSON: the strategy's indicators, one indicator with its values, and each goal's progress.

The answers come from ``progress.indicators`` (two named queries and Eurostat's method), scoped to one strategy
like every linkage answer (``?stadt=``), and are kept like them until a reload.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request

from stratgraph.api.linkage import Api, answer
from stratgraph.model import answers as models
from stratgraph.progress.indicators import indicator_answer, indicators_answer, progress_answer, read_progress

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["Fortschritt"])


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
    iri = api.iri("indikator", slug, 404)
    record = read_progress(api.store, api.queries_dir, only=iri).indicator(iri)
    if record is None:
        raise HTTPException(404, f"kein Indikator „{slug}“")
    return indicator_answer(record)


@answer(
    "/fortschritt",
    models.Fortschritt,
    "Der Fortschritt der Strategie: je gemessenem Ziel seine Indikatoren zusammengefasst, und alle zusammen",
    on=router,
)
def fortschritt(request: Request, api: Api) -> models.Fortschritt:
    return progress_answer(read_progress(api.store, api.queries_dir))
