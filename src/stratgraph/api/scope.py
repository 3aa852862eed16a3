"""Which strategy a request is about: ``?stadt=<slug>`` (default: the only one, else the main one), as a scoped
store."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from stratgraph.api.state import live, service
from stratgraph.store.embedded import ScopedStore
from stratgraph.strategies.scopes import StrategyScope, pick

__all__ = ["STADT_PARAMETER", "scope", "scoped_store"]

STADT_PARAMETER: dict[str, Any] = {
    "name": "stadt",
    "in": "query",
    "required": False,
    "schema": {"type": "string", "pattern": "^[a-z0-9-]+$"},
    "description": "Kurzname der Strategie (siehe /api/staedte); Standard: die einzige, sonst die Hauptstrategie "
    "(STRATGRAPH_STADT, ohne Angabe die erste nach Kurzname)",
}


def scope(request: Request, stadt: str | None = None) -> StrategyScope:
    """The strategy asked for (``stadt`` given, else the query's ``stadt``); 400 naming the known ones."""
    # empty is not given, as everywhere in the named queries (a form's empty field); UnknownStrategyError: 400
    main = service(request).settings.main_strategy
    return pick(live(request).scopes, stadt or request.query_params.get("stadt") or None, main)


def scoped_store(request: Request, stadt: str | None = None) -> ScopedStore:
    """The app's store seen through one strategy's graphs and the shared ones."""
    return ScopedStore(live(request).store, scope(request, stadt).graphs)
