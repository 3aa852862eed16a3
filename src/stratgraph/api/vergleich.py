"""The strategies in the service (``/api/staedte``) and the comparison across them (``/api/vergleich``).

Both read every strategy's graphs at once, so they take no ``stadt``; the SDG names come from the shared
reference. The functions return the API's dicts, which the pages render.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request

from ..strategies import UnknownCityError, chosen, cities, compare
from . import models
from .linkage import NOTICE, answer, linkage

__all__ = ["city_names", "router", "staedte", "vergleich"]

router = APIRouter(prefix="/api", tags=["Städte"])


def city_heads(request: Request) -> dict[str, dict[str, Any]]:
    """Slug → the strategy's name and publisher from its data, for page headers and footers; kept per store (a
    reload brings a new one)."""
    state = request.app.state
    kept = getattr(state, "city_names", None)
    if kept is None or kept[0] is not state.store:
        kept = (state.store, {c["slug"]: c for c in _cities(request)})
        state.city_names = kept
    return dict(kept[1])


def city_names(request: Request) -> dict[str, str]:
    """Slug → strategy name."""
    return {slug: head["name"] for slug, head in city_heads(request).items()}


def _cities(request: Request) -> list[dict[str, Any]]:
    state = request.app.state
    return [
        {
            "slug": c.slug,
            "strategy": c.strategy,
            "name": c.name,
            "publisher": c.publisher,
            "kernaktivitaeten": c.kernaktivitaeten,
            "measures": c.measures,
        }
        for c in cities(state.store, state.scopes, state.settings.queries)
    ]


@answer("/staedte", list[models.Stadt], "Die Strategien (Städte) dieses Dienstes", on=router)
def staedte(request: Request) -> list[dict[str, Any]]:
    return _cities(request)


@answer(
    "/vergleich",
    models.Vergleich,
    "Vergleich der Städte je SDG: Kernaktivitäten mit eigener Zuordnung, Anteil bestätigter Zuordnungen",
    on=router,
)
def vergleich(
    request: Request,
    staedte: Annotated[
        str | None, Query(description="nur diese Städte, durch Kommas getrennt (Standard: alle)", max_length=2000)
    ] = None,
) -> dict[str, Any]:
    state = request.app.state
    try:
        wanted = chosen(state.scopes, staedte)
    except UnknownCityError as exc:
        raise HTTPException(400, str(exc)) from None
    index = state.coverage_index  # the embedded store's, read at load; a remote store is asked
    comparison = (
        index.compare(wanted)
        if index is not None
        else compare(state.store, state.scopes, state.settings.queries, wanted)
    )
    shown = [c for c in _cities(request) if c["slug"] in comparison.cities]
    return {
        "notice": NOTICE,
        "staedte": shown,
        "sdgs": [
            {
                "iri": str(goal["ziel"]),
                "code": str(goal["code"]),
                "name": str(goal["name"]),
                "staedte": [
                    {"stadt": city["slug"], **asdict(row), "confirmed_share": row.confirmed_share}
                    for city in shown
                    for row in [comparison.row(str(goal["ziel"]), city["slug"])]
                ],
            }
            for goal in linkage(request, next(iter(state.scopes))).ask("sdg_ziele")  # the shared reference
        ],
    }
