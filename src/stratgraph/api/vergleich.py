"""The strategies in the service (``/api/staedte``) and the comparison across them (``/api/vergleich``).

Both read every strategy's graphs at once, so they take no ``stadt``; the SDG names come from the shared
reference. The functions return the API's dicts, which the pages render.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request

from ..strategies import cities, compare
from . import models
from .linkage import NOTICE, cached, linkage

__all__ = ["city_names", "router", "staedte", "vergleich"]

router = APIRouter(prefix="/api", tags=["Städte"])


def city_names(request: Request) -> dict[str, str]:
    """Slug → strategy name, for page headers; kept per store (a reload brings a new one)."""
    state = request.app.state
    kept = getattr(state, "city_names", None)
    if kept is None or kept[0] is not state.store:
        kept = (state.store, {c["slug"]: c["name"] for c in _cities(request)})
        state.city_names = kept
    return dict(kept[1])


def _cities(request: Request) -> list[dict[str, Any]]:
    state = request.app.state
    return [
        {
            "slug": c.slug,
            "strategy": c.strategy,
            "name": c.name,
            "publisher": c.publisher,
            "kernaktivitaeten": c.kernaktivitaeten,
        }
        for c in cities(state.store, state.scopes, state.settings.queries)
    ]


def _route(path: str, model: Any, summary: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """As ``linkage.answer``: the route answers through ``model`` and the cache; the module keeps the plain
    function for the pages."""

    def register(handler: Callable[..., Any]) -> Callable[..., Any]:
        router.get(path, response_model=model, summary=summary)(cached(model)(handler))
        return handler

    return register


@_route("/staedte", list[models.Stadt], "Die Strategien (Städte) dieses Dienstes")
def staedte(request: Request) -> list[dict[str, Any]]:
    return _cities(request)


@_route(
    "/vergleich",
    models.Vergleich,
    "Vergleich der Städte je SDG: Kernaktivitäten mit eigener Zuordnung, Anteil bestätigter Zuordnungen",
)
def vergleich(
    request: Request,
    staedte: Annotated[
        str | None, Query(description="nur diese Städte, durch Kommas getrennt (Standard: alle)", max_length=2000)
    ] = None,
) -> dict[str, Any]:
    state = request.app.state
    if staedte is not None and not staedte.strip(", "):
        raise HTTPException(400, "staedte ist leer; ohne die Angabe vergleicht der Dienst alle Städte")
    wanted = [s.strip() for s in staedte.split(",") if s.strip()] if staedte else None
    unknown = sorted(set(wanted or []) - set(state.scopes))
    if unknown:
        known = ", ".join(sorted(state.scopes))
        raise HTTPException(400, f"Unbekannte Städte: {', '.join(unknown)}; vorhanden: {known}")
    comparison = compare(state.store, state.scopes, state.settings.queries, wanted)
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
