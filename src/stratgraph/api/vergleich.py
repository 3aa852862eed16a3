"""The strategies in the service (``/api/staedte``) and the comparison across them (``/api/vergleich``).

Both read every strategy's graphs at once, so they take no ``stadt``; the SDG names come from the shared
reference. The functions return the API's models (``model.answers``), which the pages render.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from stratgraph.api.linkage import NOTICE, answer, linkage
from stratgraph.api.state import live, service
from stratgraph.model import answers as models
from stratgraph.strategies.scopes import chosen, compare, summaries

__all__ = ["router", "staedte", "strategy_names", "vergleich"]

router = APIRouter(prefix="/api", tags=["Städte"])


def strategy_heads(request: Request) -> dict[str, models.Stadt]:
    """Slug → the strategy's name and publisher from its data, for page headers and footers; kept per store (a
    reload brings a new one)."""
    heads = live(request).kept("strategy_heads", lambda: {c.slug: c for c in _summaries(request)})
    return dict(heads)


def strategy_names(request: Request) -> dict[str, str]:
    """Slug → strategy name."""
    return {slug: head.name for slug, head in strategy_heads(request).items()}


def _summaries(request: Request) -> list[models.Stadt]:
    graph, settings = live(request), service(request).settings
    return [c.answer() for c in summaries(graph.store, graph.scopes, settings.queries)]


@answer("/staedte", list[models.Stadt], "Die Strategien (Städte) dieses Dienstes", on=router)
def staedte(request: Request) -> list[models.Stadt]:
    return _summaries(request)


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
) -> models.Vergleich:
    graph, settings = live(request), service(request).settings
    wanted = chosen(graph.scopes, staedte)  # UnknownStrategyError: 400
    index = graph.coverage_index  # the embedded store's, read at load; a remote store is asked
    comparison = (
        index.compare(wanted) if index is not None else compare(graph.store, graph.scopes, settings.queries, wanted)
    )
    shown = [c for c in _summaries(request) if c.slug in comparison.slugs]
    return models.Vergleich(
        hinweis=NOTICE,
        staedte=shown,
        sdgs=[
            models.VergleichSdg(
                iri=str(goal["ziel"]),
                code=str(goal["code"]),
                name=str(goal["name"]),
                staedte=[
                    models.VergleichStadt(
                        stadt=strategy.slug,
                        kernaktivitaeten=row.kernaktivitaeten,
                        zuordnungen=row.links,
                        bestaetigt=row.confirmed,
                        anteil_bestaetigt=row.confirmed_share,
                    )
                    for strategy in shown
                    for row in [comparison.row(str(goal["ziel"]), strategy.slug)]
                ],
            )
            for goal in linkage(request, next(iter(graph.scopes))).ask("sdg_ziele")  # the shared reference
        ],
    )
