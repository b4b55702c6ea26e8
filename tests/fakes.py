"""Small hand-written fakes of the ports, for use-case tests without a database.

The fake unit of work copies the shared state on entry and writes it back only on commit, so a
use-case that raises half-way leaves nothing behind — the same promise the SQL store makes.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from domain.bookings import OCCUPYING_STATUSES, Booking, BookingStatus
from domain.courses import Course
from domain.waitlist import WaitlistEntry, WaitlistStatus


@dataclass
class FakeClock:
    current: datetime = field(default_factory=lambda: datetime(2026, 11, 27, 9, 0, tzinfo=UTC))

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


@dataclass
class State:
    courses: dict[int, Course] = field(default_factory=dict)
    bookings: dict[int, Booking] = field(default_factory=dict)
    waitlist: dict[int, WaitlistEntry] = field(default_factory=dict)
    next_id: int = 1


class _Repo:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    @property
    def _state(self) -> State:
        return self._uow.state

    def _new_id(self) -> int:
        self._state.next_id += 1
        return self._state.next_id - 1


class FakeCourses(_Repo):
    def _with_booked(self, course: Course) -> Course:
        booked = sum(
            b.tickets
            for b in self._state.bookings.values()
            if b.course_id == course.id and b.status in OCCUPYING_STATUSES
        )
        return replace(course, booked=booked, events=[])

    def add(self, course: Course) -> None:
        course.id = self._new_id()
        self._state.courses[course.id] = replace(course, events=[])

    def get(self, course_id: int) -> Course | None:
        found = self._state.courses.get(course_id)
        return None if found is None else self._with_booked(found)

    get_for_update = get

    def save(self, course: Course) -> None:
        self._state.courses[course.id] = replace(course, events=[])

    def list(self) -> list[Course]:
        return [self._with_booked(c) for _, c in sorted(self._state.courses.items())]


class FakeBookings(_Repo):
    def add(self, booking: Booking) -> None:
        booking.id = self._new_id()
        self._state.bookings[booking.id] = replace(booking)

    def get(self, booking_id: int) -> Booking | None:
        found = self._state.bookings.get(booking_id)
        return None if found is None else replace(found)

    def save(self, booking: Booking) -> None:
        self._state.bookings[booking.id] = replace(booking)

    def list(self, course_id=None, status: BookingStatus | None = None) -> list[Booking]:
        return [
            replace(b)
            for _, b in sorted(self._state.bookings.items())
            if (course_id is None or b.course_id == course_id) and (status is None or b.status is status)
        ]


class FakeWaitlist(_Repo):
    def add(self, entry: WaitlistEntry) -> None:
        entry.id = self._new_id()
        self._state.waitlist[entry.id] = replace(entry)

    def get(self, entry_id: int) -> WaitlistEntry | None:
        found = self._state.waitlist.get(entry_id)
        return None if found is None else replace(found)

    def waiting(self, course_id: int) -> list[WaitlistEntry]:
        return [
            replace(e)
            for _, e in sorted(self._state.waitlist.items())
            if e.course_id == course_id and e.status is WaitlistStatus.WAITING
        ]

    def save(self, entry: WaitlistEntry) -> None:
        self._state.waitlist[entry.id] = replace(entry)


class FakeUnitOfWork:
    def __init__(self, shared: State, for_writing: bool) -> None:
        self._shared = shared
        self.for_writing = for_writing
        self.committed = False

    def __enter__(self) -> FakeUnitOfWork:
        self.state = copy.deepcopy(self._shared)
        self.courses = FakeCourses(self)
        self.bookings = FakeBookings(self)
        self.waitlist = FakeWaitlist(self)
        return self

    def __exit__(self, *exc) -> None:
        self.state = None

    def commit(self) -> None:
        if not self.for_writing:
            raise AssertionError("commit() on a read-only unit of work")
        self._shared.__dict__.update(copy.deepcopy(self.state).__dict__)
        self.committed = True

    def rollback(self) -> None:
        pass


@dataclass
class FakeStore:
    state: State = field(default_factory=State)
    commits: int = 0

    def unit_of_work(self, *, for_writing: bool = False) -> FakeUnitOfWork:
        return FakeUnitOfWork(self.state, for_writing)


@dataclass
class RecordingPublisher:
    published: list = field(default_factory=list)

    def publish(self, events) -> list[str]:
        self.published.extend(events)
        return []


def use_cases(clock: FakeClock | None = None):
    """Courses and Bookings use-cases wired to fakes: ``(courses, bookings, store, publisher)``."""
    from application.booking import Bookings
    from application.courses import Courses
    from application.transactions import Transactions

    clock = clock or FakeClock()
    store = FakeStore()
    publisher = RecordingPublisher()
    transactions = Transactions(store.unit_of_work, publisher, sleep=lambda _: None)
    return Courses(transactions, clock), Bookings(transactions, clock), store, publisher
