"""An in-process cache with expiry and a size bound.

On its own it is only correct within one process; availability entries stay correct across
processes because their keys carry the generations from the database (SPEC 2.3): the company's,
the event type's and the staff member's (issue 18). Expiry
is judged by the ``now`` the caller passes (its injected clock), never by reading the time here.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import datetime, timedelta

# Availability is cached per staff member, day and event type: a month of 200 staff is 6,200
# entries of one event type.
DEFAULT_MAX_ENTRIES = 50_000


class MemoryCache:
    """Thread-safe; when full, the entry stored longest ago is dropped first."""

    def __init__(self, max_entries: int = DEFAULT_MAX_ENTRIES) -> None:
        if max_entries < 1:
            raise ValueError("a cache needs room for at least one entry")
        self._entries: OrderedDict[str, tuple[datetime, object]] = OrderedDict()
        self._max_entries = max_entries
        self._lock = threading.Lock()

    def get(self, key: str, now: datetime) -> object | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            expires_at, value = found
            if expires_at <= now:
                del self._entries[key]
                return None
            return value

    def set(self, key: str, value: object, ttl: timedelta, now: datetime) -> None:
        with self._lock:
            self._entries[key] = (now + ttl, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)
