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

from studiobook.application.ports import (
    EventPublisher,
    StoreBusy,
    UnitOfWork,
    UnitOfWorkFactory,
)
from studiobook.domain.events import DomainEvent

T = TypeVar("T")


@dataclass
class Transactions:
    uow_factory: UnitOfWorkFactory
    publisher: EventPublisher
    attempts: int = 5
    backoff_seconds: float = 0.05
    max_backoff_seconds: float = 1.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)

    def read(self, work: Callable[[UnitOfWork], T]) -> T:
        with self.uow_factory() as uow:
            return work(uow)

    def write(self, work: Callable[[UnitOfWork, list[DomainEvent]], T]) -> T:
        """Run ``work(uow, events)`` and commit; publish what it put into ``events`` after."""
        for attempt in range(1, self.attempts + 1):
            events: list[DomainEvent] = []
            try:
                with self.uow_factory(for_writing=True) as uow:
                    result = work(uow, events)
                    uow.commit()
            except StoreBusy:
                if attempt == self.attempts:
                    raise
                ceiling = min(self.max_backoff_seconds, self.backoff_seconds * 2 ** (attempt - 1))
                self.sleep(random.uniform(0, ceiling))
                continue
            if events:
                self.publisher.publish(events)
            return result
        raise StoreBusy()  # pragma: no cover - the loop always returns or raises
