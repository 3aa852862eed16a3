"""Answers of the embedded graph kept in memory (the fast path that sends a repeated linkage answer is
``app.CachedAnswers``).

The embedded graph changes only by a reload, which replaces the caches with empty ones. Every cache is
bounded in entries and bytes (oldest out first), because its keys come from clients: a query text, or a URL
with any query string.
"""

from __future__ import annotations

import gzip
import threading
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from cachetools import FIFOCache
from starlette.types import Scope

__all__ = ["GZIP_FROM", "Answer", "AnswerCache", "linkage_key"]

V = TypeVar("V")
GZIP_FROM = 1000  # bytes; as the GZip middleware of the app


class AnswerCache(Generic[V]):
    """A bounded, thread-safe map from a request's key to its answer; the oldest entries go first.

    cachetools' FIFOCache bounds the bytes (each entry weighs its size); it has one bound only, so the number
    of entries is bounded here as well.
    """

    def __init__(self, max_entries: int = 2048, max_bytes: int = 64 * 2**20) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._items: FIFOCache[Hashable, tuple[V, int]] = FIFOCache(maxsize=max_bytes, getsizeof=lambda item: item[1])
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    @property
    def size(self) -> int:
        return int(self._items.currsize)

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            found = self._items.get(key)
            return None if found is None else found[0]

    def put(self, key: Hashable, value: V, size: int) -> None:
        if size > self.max_bytes // 16:  # one big answer must not push out everything else
            return
        with self._lock:
            self._items.pop(key, None)
            self._items[key] = (value, size)
            while len(self._items) > self.max_entries:
                self._items.popitem()


@dataclass
class Answer:
    """A JSON answer as sent, with its gzip form made once on first demand."""

    body: bytes
    _gzipped: bytes | None = field(default=None, repr=False)

    def gzipped(self) -> bytes:
        if self._gzipped is None:
            self._gzipped = gzip.compress(self.body, compresslevel=9, mtime=0)
        return self._gzipped


def linkage_key(scope: Scope) -> tuple[str, bytes]:
    """The cache key of a linkage request: its path and raw query string, as the route and the fast path see it."""
    return scope["path"], scope["query_string"]
