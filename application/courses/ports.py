"""What the course and booking use-cases need from a store: courses (loaded locked with their
live booked sum), bookings and the waitlist, in one :class:`CoursesUnitOfWork`.
"""

from __future__ import annotations

from typing import Protocol

from studiobook.application.shared.ports import AuditTrail, Transaction
from studiobook.domain.courses.bookings import Booking, BookingStatus
from studiobook.domain.courses.course import Course
from studiobook.domain.courses.waitlist import WaitlistEntry


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

    def seats(self) -> dict[int, tuple[int, int]]:
        """``{course id: (capacity, booked tickets)}`` for every course, from one grouped query."""


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


class CoursesUnitOfWork(Transaction, Protocol):
    """The course and booking use-cases' transaction: only the repositories they use."""

    audit: AuditTrail
    courses: CourseRepository
    bookings: BookingRepository
    waitlist: WaitlistRepository
