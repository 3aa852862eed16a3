"""One table from the core's errors to HTTP statuses: an error the core raises reaches the client through it, as
a JSON answer or, for a browser, an error page (``app.create_app`` installs one handler for every entry).

A route answers with another status only where the request's place decides it (an unknown resource in the path
is 404, an unknown value in a parameter 400) and says so where it raises.
"""

from __future__ import annotations

from stratgraph.model.resolve import UnknownNameError
from stratgraph.store.named_queries import ParameterError
from stratgraph.store.runner import (
    AnswerTooLarge,
    EngineError,
    NotAcceptable,
    QueryBusy,
    QueryOutOfMemory,
    QueryTimeout,
    TooManyQueries,
)
from stratgraph.store.sparql import ForbiddenQuery, MalformedQuery
from stratgraph.strategies.scopes import UnknownStrategyError

__all__ = ["RETRY_AFTER", "STATUS", "status_of"]

STATUS: dict[type[Exception], int] = {
    ParameterError: 400,  # a named query's parameter
    UnknownNameError: 400,  # a name, code or value in a parameter
    UnknownStrategyError: 400,  # ?stadt=
    MalformedQuery: 400,
    EngineError: 400,  # the engine refused the query (a remote store's 4xx, too)
    ForbiddenQuery: 403,  # update, SERVICE
    NotAcceptable: 406,
    TooManyQueries: 429,  # the address's own queries held its share
    QueryBusy: 503,  # every query process busy, or the remote store down
    QueryTimeout: 504,
    AnswerTooLarge: 507,
    QueryOutOfMemory: 507,
}
RETRY_AFTER = {429: "2", 503: "5"}  # seconds: worth asking again soon


def status_of(exc: Exception) -> int:
    """The status of the most specific entry for the error's type (TooManyQueries before QueryBusy)."""
    for kind in type(exc).__mro__:
        if kind in STATUS:
            return STATUS[kind]
    return 500
