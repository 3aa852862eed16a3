"""uvicorn's HTTP/1.1 protocol with a deadline for the request head and a fair share of connections per address.

uvicorn closes an idle kept-alive connection after ``timeout_keep_alive`` but sets no timer on a new
connection or on a request whose head is still arriving, so a client that sends its headers one byte at a time
(or nothing at all) holds a connection for ever. Here the head of every request has ``header_timeout`` seconds;
then the connection is closed.

uvicorn's ``limit_concurrency`` counts all connections together, so one address holding many idle sockets denied
every other client (503). Here each client address may hold ``per_client`` connections at once; a new one beyond
that closes that address's oldest connection that is not in the middle of a request (idle first), and if there is
none it is closed itself. Imported by ``stratgraph serve`` only (uvicorn is the ``serve`` extra).

Built on uvicorn's httptools protocol (the C parser ``uvicorn[standard]`` uses by default), not on h11: the pure
Python parser cost a cached answer about half its throughput (docs/benchmarks.md).
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

__all__ = ["head_timeout_protocol"]


class _HeadTimeoutProtocol(HttpToolsProtocol):
    header_timeout = 10.0
    per_client = 32
    by_address: dict[str, list[_HeadTimeoutProtocol]]  # the open connections of each client address, oldest first

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_deadline: asyncio.TimerHandle | None = None
        self._address = ""
        self._in_head = False  # a request's head has begun and is not complete

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        peer = transport.get_extra_info("peername")
        self._address = str(peer[0]) if isinstance(peer, tuple) and peer else ""
        mine = self.by_address.setdefault(self._address, [])
        if len(mine) >= self.per_client:
            idle = next((c for c in mine if c._idle()), None)
            if idle is None:  # every connection of this address is busy: this one waits for none of them
                transport.close()
                return
            idle.transport.close()  # the share is used up: the oldest idle connection of the same address goes
            mine.remove(idle)
        mine.append(self)
        self._arm()

    def _idle(self) -> bool:
        """No request of this connection is being read or answered."""
        return not self._in_head and (self.cycle is None or self.cycle.response_complete)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head = True
        if self._head_deadline is None:  # the next request on a kept-alive connection has begun
            self._arm()

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._disarm()  # the head is complete
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and not self.pipeline:
            self._arm()  # waiting for the next request's head

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        mine = self.by_address.get(self._address)
        if mine is not None and self in mine:
            mine.remove(self)
            if not mine:
                del self.by_address[self._address]
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._head_deadline = self.loop.call_later(self.header_timeout, self._head_too_slow)

    def _disarm(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _head_too_slow(self) -> None:
        self._head_deadline = None
        # nothing sent yet, or a head still arriving, or done with the last request: not a request at work
        awaiting_head = self._in_head or self.cycle is None or self.cycle.response_complete
        if awaiting_head and not self.transport.is_closing():
            self.transport.close()


def head_timeout_protocol(seconds: float, per_client: int = 32) -> type[HttpToolsProtocol]:
    """The protocol class for ``uvicorn.Config(http=…)``: the given deadline for a request's head, at most
    ``per_client`` connections of one address (a registry of its own per server)."""
    fields = {"header_timeout": seconds, "per_client": per_client, "by_address": {}}
    return type("HeadTimeoutProtocol", (_HeadTimeoutProtocol,), fields)
