"""The ports: what the use-cases need from the outside world, as Protocols.

Adapters implement them; tests supply small fakes (``tests/fakes.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from domain.bookings import Booking, BookingStatus
from domain.courses import Course
from domain.events import DomainEvent
from domain.waitlist import WaitlistEntry


class StoreBusy(Exception):
    """The store stayed locked by other writers past the bounded wait and retries."""

    def __init__(self, message: str = "the booking system is busy, try again in a moment") -> None:
        super().__init__(message)


class StoreUnavailable(Exception):
    """The store cannot be reached or opened at all; the message says which and why."""


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC)."""


class CourseRepository(Protocol):
    def add(self, course: Course) -> None:
        """Insert and set ``course.id``."""

    def get(self, course_id: int) -> Course | None:
        """The course with its live ``booked`` sum, without locking."""

    def get_for_update(self, course_id: int) -> Course | None:
        """The course locked against other seat changes until the unit of work ends, with a
        ``booked`` sum read after the lock was taken."""

    def save(self, course: Course) -> None: ...

    def list(self) -> list[Course]:
        """All courses with their ``booked`` sums, from one grouped query."""


class BookingRepository(Protocol):
    def add(self, booking: Booking) -> None:
        """Insert and set ``booking.id``."""

    def get(self, booking_id: int) -> Booking | None: ...

    def save(self, booking: Booking) -> None: ...

    def list(
        self, course_id: int | None = None, status: BookingStatus | None = None
    ) -> list[Booking]: ...


class WaitlistRepository(Protocol):
    def add(self, entry: WaitlistEntry) -> None: ...

    def get(self, entry_id: int) -> WaitlistEntry | None: ...

    def waiting(self, course_id: int) -> list[WaitlistEntry]:
        """Entries still waiting for the course, first come first."""

    def save(self, entry: WaitlistEntry) -> None: ...


class UnitOfWork(Protocol):
    """One transaction. ``commit()`` makes it durable; leaving without commit rolls back.

    Entering a unit of work opened with ``for_writing=True`` may raise :class:`StoreBusy`.
    """

    courses: CourseRepository
    bookings: BookingRepository
    waitlist: WaitlistRepository

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, *, for_writing: bool = False) -> UnitOfWork: ...


class EventPublisher(Protocol):
    def publish(self, events: Sequence[DomainEvent]) -> list[str]:
        """Tell listeners; return one line per listener that failed (the change stands)."""


class SchemaManager(Protocol):
    def ensure_schema(self) -> None:
        """Create what is missing on an empty database; leave an existing one alone."""


__all__: Iterable[str] = (
    "BookingRepository",
    "Clock",
    "CourseRepository",
    "EventPublisher",
    "SchemaManager",
    "StoreBusy",
    "StoreUnavailable",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "WaitlistRepository",
)
