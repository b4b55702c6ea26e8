"""Per-client rate limiting: a token bucket per key (a token's name, else the client address).

A bucket holds ``capacity`` requests and refills at ``capacity / per_seconds`` a second, so short
bursts pass and a steady flood is slowed to the configured pace. The clock is injected: tests
trip the limit and let it recover without sleeping.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

MAX_KEYS = 10_000  # a flood from many addresses cannot grow memory without bound


class RateLimiter:
    def __init__(
        self, capacity: int, per_seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.capacity = capacity
        self.rate = capacity / per_seconds
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key -> (tokens, at)
        self._lock = threading.Lock()

    def take(self, key: str) -> int | None:
        """``None`` when the request may pass; else whole seconds until it would."""
        with self._lock:
            now = self._clock()
            tokens, at = self._buckets.pop(key, (float(self.capacity), now))
            tokens = min(float(self.capacity), tokens + (now - at) * self.rate)
            wait = None
            if tokens >= 1:
                tokens -= 1
            else:
                wait = max(1, math.ceil((1 - tokens) / self.rate))
            self._buckets[key] = (tokens, now)
            while len(self._buckets) > MAX_KEYS:
                self._buckets.popitem(last=False)
            return wait
