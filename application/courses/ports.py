"""What the course and booking use-cases need from a store: courses (loaded locked with their
live booked sum), bookings and the waitlist, in one :class:`CoursesUnitOfWork`; and what the
timetables need from a calendar library (:class:`Recurrence`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Protocol

from studiobook.application.appointments.ports import (
    BranchRepository,
    CompanyRepository,
    StaffRepository,
)
from studiobook.application.notifications.ports import Outbox
from studiobook.application.shared.ports import (
    AuditTrail,
    IdempotencyRecords,
    ManageTokens,
    Transaction,
)
from studiobook.domain.courses.bookings import Booking, BookingStatus
from studiobook.domain.courses.course import Course
from studiobook.domain.courses.timetables import Timetable
from studiobook.domain.courses.waitlist import WaitlistEntry
from studiobook.domain.members.member import MembershipStatus


class CourseRepository(Protocol):
    def add(self, course: Course) -> None:
        """Insert and set ``course.id``."""

    def get(self, course_id: int) -> Course | None:
        """The course with its live ``booked`` sum, without locking."""

    def get_for_update(self, course_id: int) -> Course | None:
        """The course locked against other seat changes until the unit of work ends, with a
        ``booked`` sum read after the lock was taken."""

    def save(self, course: Course) -> None: ...

    def list(
        self,
        company_id: int | None = None,
        starts_from: datetime | None = None,
        starts_before: datetime | None = None,
        timetable_id: int | None = None,
    ) -> list[Course]:
        """Courses (of one company, starting in a range, of one timetable) with their
        ``booked`` sums, from one grouped query, by start."""

    def seats(self, company_id: int | None = None) -> dict[int, tuple[int, int]]:
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


class MembershipLookup(Protocol):
    def status_of(self, email: str) -> MembershipStatus | None:
        """The membership status of the member with this e-mail in the local WODIFY copy
        (``None``: no such member, or one without a membership)."""


class TimetableRepository(Protocol):
    def add(self, timetable: Timetable) -> None:
        """Insert and set ``timetable.id``."""

    def get(self, timetable_id: int) -> Timetable | None: ...

    def get_for_update(self, timetable_id: int) -> Timetable | None:
        """The timetable locked against other edits and materialisations of its sessions until
        the unit of work ends, read after the lock was taken."""

    def list(self, company_id: int | None = None, active: bool | None = None) -> list[Timetable]:
        """By id; of one company and/or only (in)active ones when asked."""

    def save(self, timetable: Timetable) -> None: ...

    def add_sessions(self, sessions: Sequence[Course]) -> int:
        """Insert the sessions that do not exist yet — one per timetable and start, decided by
        the database, so two schedulers at once never create one twice; returns how many were
        new. Existing sessions (cancelled ones too) are left as they are."""

    def remove_unbooked(self, course_ids: Collection[int]) -> set[int]:
        """Delete those sessions nobody ever booked or queued for (no booking or waitlist row,
        cancelled ones included: history stays); returns the ids it deleted."""


class Recurrence(Protocol):
    """RFC 5545 recurrences: the calendar arithmetic the domain may not import."""

    def check(self, rule: str, first_local: datetime) -> str:
        """The rule as it will be stored, or :class:`~studiobook.domain.courses.timetables.
        InvalidRecurrence` with a one-line reason (not RFC 5545, no session in its first year,
        too many sessions a week, ...)."""

    def starts(
        self, rule: str, first_local: datetime, window_from: datetime, window_to: datetime
    ) -> list[datetime]:
        """The wall-clock starts (naive) of ``rule`` from ``first_local`` that fall in
        ``[window_from, window_to)``, in order."""


class CoursesUnitOfWork(Transaction, Protocol):
    """The course and booking use-cases' transaction: only the repositories they use. The
    studio's companies, branches and staff are read to keep every course inside its tenant."""

    audit: AuditTrail
    courses: CourseRepository
    bookings: BookingRepository
    waitlist: WaitlistRepository
    timetables: TimetableRepository
    memberships: MembershipLookup
    companies: CompanyRepository
    branches: BranchRepository
    staff: StaffRepository
    manage_tokens: ManageTokens
    idempotency: IdempotencyRecords
    outbox: Outbox  # what customers are told, written with the change
