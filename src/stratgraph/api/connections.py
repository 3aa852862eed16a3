"""uvicorn's HTTP/1.1 protocol with a deadline for the request head.

uvicorn closes an idle kept-alive connection after ``timeout_keep_alive`` but sets no timer on a new
connection or on a request whose head is still arriving, so a client that sends its headers one byte at a time
(or nothing at all) holds a connection for ever. Here the head of every request has ``header_timeout`` seconds;
then the connection is closed. Imported by ``stratgraph serve`` only (uvicorn is the ``serve`` extra).
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["head_timeout_protocol"]


class _HeadTimeoutProtocol(H11Protocol):
    header_timeout = 10.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is h11.IDLE:
            if self._head_deadline is None:  # the next request on a kept-alive connection has begun
                self._arm()
        else:
            self._disarm()  # the head is complete

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._head_deadline = self.loop.call_later(self.header_timeout, self._head_too_slow)

    def _disarm(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _head_too_slow(self) -> None:
        self._head_deadline = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()


def head_timeout_protocol(seconds: float) -> type[H11Protocol]:
    """The protocol class for ``uvicorn.Config(http=…)`` with the given deadline for a request's head."""
    return type("HeadTimeoutProtocol", (_HeadTimeoutProtocol,), {"header_timeout": seconds})
