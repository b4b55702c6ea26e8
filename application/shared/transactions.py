"""Running a write as one transaction, retried when the store is busy.

A busy store is normal under load (another process holds the course lock). The whole unit of work
is retried — it did not commit, so repeating it is safe — with capped, jittered backoff, and ends
in :class:`StoreBusy` ("busy, try again") when the bound is reached. Events are handed back only
for the attempt that committed.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from studiobook.application.ports import UnitOfWork, UnitOfWorkFactory
from studiobook.application.shared.ports import EventPublisher, StoreBusy
from studiobook.domain.events import DomainEvent

T = TypeVar("T")

Events = list[DomainEvent]
"""Where a write's work puts the domain events it raised; they are published after the commit."""


def retry_when_busy(
    run: Callable[[], T],
    *,
    attempts: int = 5,
    backoff_seconds: float = 0.05,
    max_backoff_seconds: float = 1.0,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """``run()``, repeated with capped, jittered backoff while it raises :class:`StoreBusy`;
    the last attempt's :class:`StoreBusy` goes to the caller. Only for work that did not commit
    when it raised (a unit of work, a lease claim, a migration under its lock)."""
    for attempt in range(1, attempts + 1):
        try:
            return run()
        except StoreBusy:
            if attempt == attempts:
                raise
            ceiling = min(max_backoff_seconds, backoff_seconds * 2 ** (attempt - 1))
            sleep(random.uniform(0, ceiling))
    raise StoreBusy()  # pragma: no cover - the loop always returns or raises


@dataclass
class Transactions:
    uow_factory: UnitOfWorkFactory
    publisher: EventPublisher
    attempts: int = 5
    backoff_seconds: float = 0.05
    max_backoff_seconds: float = 1.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)

    # ``work`` may be typed with an area's narrow unit of work (``CoursesUnitOfWork``...): the
    # composite UnitOfWork extends each, so such a callback is a Callable[[UnitOfWork], T] too.

    def read(self, work: Callable[[UnitOfWork], T]) -> T:
        with self.uow_factory() as uow:
            return work(uow)

    def write(self, work: Callable[[UnitOfWork, Events], T]) -> T:
        """Run ``work(uow, events)`` and commit; publish what it put into ``events`` after."""

        def attempt() -> tuple[T, list[DomainEvent]]:
            events: list[DomainEvent] = []  # only the attempt that committed is published
            with self.uow_factory(for_writing=True) as uow:
                result = work(uow, events)
                uow.commit()
            return result, events

        result, events = retry_when_busy(
            attempt,
            attempts=self.attempts,
            backoff_seconds=self.backoff_seconds,
            max_backoff_seconds=self.max_backoff_seconds,
            sleep=self.sleep,
        )
        if events:
            self.publisher.publish(events)
        return result
