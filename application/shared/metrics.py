"""What the running system counts: the :class:`Metrics` port, its no-op default, and the two
ways the application feeds it without the use-cases knowing the details.

- :func:`counts_bookings` decorates a use-case's ``book`` method: the answer (booked,
  waitlisted, replayed) or the refusal (full, a rule's code, slot not available, ...) is counted
  by reason — a short fixed word, never an id or a customer's input.
- :class:`CountingCache` wraps the cache the container hands to a use-case and counts hits and
  misses from outside, whatever the cache does inside.

Which adapter records (``none`` or ``prometheus``) is the ``metrics`` setting; ``studiobook serve``
turns Prometheus on, one-shot CLI commands keep the no-op (and do not import prometheus-client).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from studiobook.application.shared.ports import Cache, GatewayError, StoreBusy
from studiobook.domain.shared.errors import (
    DomainError,
    InvalidValue,
    NotEnoughFreeSpots,
    NotFound,
)

P = ParamSpec("P")
T = TypeVar("T")


class Metrics(Protocol):
    """Counters and timings of a running studiobook. Labels are short fixed words or route
    templates, never ids, names or keys. Recording never raises into the caller."""

    def booking(self, kind: str, outcome: str) -> None:
        """One attempt to book (``kind``: course | appointment) ended with ``outcome``."""

    def cache_lookup(self, cache: str, hit: bool) -> None:
        """One lookup in the cache called ``cache`` found an answer (``hit``) or not."""

    def job(self, name: str, outcome: str, seconds: float) -> None:
        """A scheduled job (a WODIFY or Cal.com sync, the outbox, ...) ran for ``seconds``."""

    def request(self, method: str, route: str, status: int, seconds: float) -> None:
        """The web app answered ``method`` on ``route`` (its template) with ``status``."""

    def exposition(self) -> tuple[str, bytes]:
        """The content type and the text of every metric, for a scraper."""


class NoMetrics:
    """Counts nothing: the default wherever nobody scrapes (one-shot CLI commands, tests)."""

    def booking(self, kind: str, outcome: str) -> None:
        pass

    def cache_lookup(self, cache: str, hit: bool) -> None:
        pass

    def job(self, name: str, outcome: str, seconds: float) -> None:
        pass

    def request(self, method: str, route: str, status: int, seconds: float) -> None:
        pass

    def exposition(self) -> tuple[str, bytes]:
        return "text/plain; charset=utf-8", b""


def _is(thing: object, class_name: str) -> bool:
    """``thing`` is an instance of a class called ``class_name`` (or of a subclass). By name: the
    shared room may not import the areas' classes (tests/unit/test_metrics.py uses the real ones,
    so a rename fails there)."""
    return any(kind.__name__ == class_name for kind in type(thing).__mro__)


def booked_outcome(result: object) -> str:
    """The outcome word of a booking that went through."""
    if _is(result, "Replayed"):  # an Idempotency-Key's stored answer, sent again
        return "replayed"
    if _is(result, "WaitlistEntry") or _is(getattr(result, "entry", None), "WaitlistEntry"):
        return "waitlisted"
    return "booked"


def refusal_reason(error: BaseException) -> str:
    """The reason word of a booking that was refused or failed (a small fixed set)."""
    if isinstance(error, NotEnoughFreeSpots):
        return "full"
    if _is(error, "StudioClosed"):
        return "closed"  # as the public API calls it (409 closed)
    if _is(error, "SlotNotAvailable"):
        return "slot_taken"  # as the public API calls it (409 slot_taken)
    code = getattr(error, "code", None)
    if isinstance(error, DomainError) and isinstance(code, str):
        return code  # a course rule's code: membership_required, booking_not_open, course_closed
    if isinstance(error, NotFound):
        return "not_found"
    if isinstance(error, InvalidValue):
        return "invalid"
    if isinstance(error, DomainError):
        return "refused"
    if isinstance(error, StoreBusy):
        return "busy"
    if isinstance(error, GatewayError):
        return "upstream_failed"
    return "error"


class _Measured(Protocol):
    metrics: Metrics


S = TypeVar("S", bound=_Measured)


def counts_bookings(
    kind: str,
) -> Callable[[Callable[Concatenate[S, P], T]], Callable[Concatenate[S, P], T]]:
    """Count every call of a ``book`` method by outcome, in ``self.metrics``."""

    def decorate(book: Callable[Concatenate[S, P], T]) -> Callable[Concatenate[S, P], T]:
        @functools.wraps(book)
        def counted(self: S, /, *args: P.args, **kwargs: P.kwargs) -> T:
            try:
                result = book(self, *args, **kwargs)
            except Exception as error:
                self.metrics.booking(kind, refusal_reason(error))
                raise
            self.metrics.booking(kind, booked_outcome(result))
            return result

        return counted

    return decorate


class CountingCache:
    """A cache that counts its hits and misses in ``metrics`` under ``name``; everything else
    (including methods a cache adapter may add) goes to ``cache`` unchanged."""

    def __init__(self, cache: Cache, metrics: Metrics, name: str = "availability") -> None:
        self._cache = cache
        self._metrics = metrics
        self._name = name

    def get(self, key: str, now: datetime) -> object | None:
        found = self._cache.get(key, now)
        self._metrics.cache_lookup(self._name, found is not None)
        return found

    def set(self, key: str, value: object, ttl: timedelta, now: datetime) -> None:
        self._cache.set(key, value, ttl, now)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cache, name)

    def __len__(self) -> int:
        return len(self._cache)  # type: ignore[arg-type]
