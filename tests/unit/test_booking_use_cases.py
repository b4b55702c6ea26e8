"""The course and booking use-cases wired to the fakes of the ports."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import pytest

from studiobook.application.courses.bookings import Bookings
from studiobook.application.courses.courses import Courses
from studiobook.application.shared.ports import StoreBusy
from studiobook.application.shared.transactions import Transactions
from studiobook.domain.courses.bookings import BookingStatus
from studiobook.domain.courses.course import Course
from studiobook.domain.courses.waitlist import WaitlistEntry, WaitlistStatus
from studiobook.domain.events import BookingCancelled, BookingConfirmed, BookingPromoted
from studiobook.domain.shared.errors import (
    BookingNotFound,
    CourseNotFound,
    DomainError,
    IllegalTransition,
    InvalidCapacity,
    InvalidCustomer,
    InvalidTickets,
    InvalidWaitlistChange,
    NotEnoughFreeSpots,
    WaitlistEntryNotFound,
)
from tests.fakes import FakeClock, FakeStore, RecordingPublisher, company_in, use_cases


@dataclass
class Studio:
    courses: Courses
    bookings: Bookings
    store: FakeStore
    publisher: RecordingPublisher
    company_id: int = 0

    def __post_init__(self) -> None:
        self.company_id = company_in(self.store)

    def course(self, title: str, capacity: int, **options):
        return self.courses.create(title, capacity, company_id=self.company_id, **options)

    def book(self, course_id: int, tickets: int = 1, **options):
        return self.bookings.book(course_id, "Ada", "ada@example.org", tickets, **options)

    def event_types(self) -> list[str]:
        return [type(e).__name__ for e in self.publisher.published]


@pytest.fixture
def studio() -> Studio:
    return Studio(*use_cases())


def test_seed_example_table_through_the_use_cases(studio):
    course = studio.course("Rückenfit", 10)
    free = [studio.courses.get(course.id).free_spots]
    people = [studio.book(course.id) for _ in range(3)]
    free.append(studio.courses.get(course.id).free_spots)
    people += [studio.book(course.id) for _ in range(2)]
    free.append(studio.courses.get(course.id).free_spots)
    studio.bookings.cancel(people[1].id)
    free.append(studio.courses.get(course.id).free_spots)
    assert free == [10, 7, 5, 6]


def test_booking_is_stored_and_published_as_confirmed(studio):
    course = studio.course("Yoga", 10)
    booking = studio.book(course.id, tickets=3)
    assert booking.id is not None and booking.status is BookingStatus.CONFIRMED
    assert studio.store.state.bookings[booking.id].tickets == 3
    assert studio.publisher.published == [BookingConfirmed(booking)]
    assert studio.courses.get(course.id).free_spots == 7


def test_pending_booking_publishes_nothing_and_occupies_nothing(studio):
    course = studio.course("Yoga", 1)
    studio.book(course.id, tickets=4, status=BookingStatus.PENDING)
    assert studio.publisher.published == []
    assert studio.courses.get(course.id).free_spots == 1


def test_list_filters_by_course_and_status(studio):
    yoga, pilates = studio.course("Yoga", 10), studio.course("Pilates", 10)
    kept = studio.book(yoga.id)
    studio.book(yoga.id, status=BookingStatus.REQUEST)
    studio.book(pilates.id)
    assert [b.id for b in studio.bookings.list(yoga.id, BookingStatus.CONFIRMED)] == [kept.id]
    assert len(studio.bookings.list()) == 3
    assert [c.title for c in studio.courses.list()] == ["Yoga", "Pilates"]


def test_change_status_and_change_tickets(studio):
    course = studio.course("Yoga", 4)
    booking = studio.book(course.id, tickets=2, status=BookingStatus.REQUEST)
    studio.bookings.change_status(booking.id, BookingStatus.CONFIRMED)
    studio.bookings.change_tickets(booking.id, 4)
    assert studio.bookings.get(booking.id).tickets == 4
    assert studio.courses.get(course.id).free_spots == 0


# -- refused changes leave the store as it was -----------------------------------------------
REFUSALS = {
    "not enough free spots": (lambda s, c, b: s.book(c, tickets=3), NotEnoughFreeSpots),
    "zero tickets": (lambda s, c, b: s.book(c, tickets=0), InvalidTickets),
    "bad e-mail": (lambda s, c, b: s.bookings.book(c, "Ada", "ada-at-home"), InvalidCustomer),
    "unknown course": (lambda s, c, b: s.book(c + 999), CourseNotFound),
    "unknown booking": (lambda s, c, b: s.bookings.cancel(b + 999), BookingNotFound),
    "illegal transition": (
        lambda s, c, b: s.bookings.change_status(b, BookingStatus.PENDING),
        IllegalTransition,
    ),
    "give back too many": (lambda s, c, b: s.bookings.cancel(b, tickets=5), InvalidTickets),
    "more tickets than free": (lambda s, c, b: s.bookings.change_tickets(b, 5), NotEnoughFreeSpots),
    "negative capacity": (lambda s, c, b: s.courses.set_capacity(c, -1), InvalidCapacity),
    "capacity of unknown course": (
        lambda s, c, b: s.courses.set_capacity(c + 9, 3),
        CourseNotFound,
    ),
    "leave unknown waitlist entry": (
        lambda s, c, b: s.bookings.leave_waitlist(999),
        WaitlistEntryNotFound,
    ),
}


@pytest.mark.parametrize("refusal", sorted(REFUSALS))
def test_a_refused_change_leaves_the_store_unchanged(studio, refusal):
    course = studio.course("Yoga", 4)
    booking = studio.book(course.id, tickets=2)
    before, published = copy.deepcopy(studio.store.state), list(studio.publisher.published)
    attempt, error = REFUSALS[refusal]
    with pytest.raises(error):
        attempt(studio, course.id, booking.id)
    assert studio.store.state == before
    assert studio.publisher.published == published


def test_errors_are_domain_errors_with_operator_messages(studio):
    with pytest.raises(DomainError, match="course 42 does not exist"):
        studio.courses.get(42)
    with pytest.raises(DomainError, match="booking 42 does not exist"):
        studio.bookings.get(42)


# -- events after commit ---------------------------------------------------------------------
@dataclass
class CommittedStatePublisher:
    """Records, for each event, the booking's status as the store had committed it."""

    store: FakeStore
    seen: list = field(default_factory=list)

    def publish(self, events):
        for event in events:
            committed = self.store.state.bookings.get(event.booking.id)
            self.seen.append((type(event).__name__, committed and committed.status))
        return []


def test_events_are_published_only_after_the_commit():
    clock, store = FakeClock(), FakeStore()
    publisher = CommittedStatePublisher(store)
    transactions = Transactions(store.unit_of_work, publisher, sleep=lambda _: None)
    courses, bookings = Courses(transactions, clock), Bookings(transactions, clock)
    course = courses.create("Yoga", 2, company_id=company_in(store))
    booking = bookings.book(course.id, "Ada", "ada@example.org")
    bookings.cancel(booking.id)
    assert publisher.seen == [
        ("BookingConfirmed", BookingStatus.CONFIRMED),
        ("BookingCancelled", BookingStatus.CANCELLED),
    ]


class CommitFailsStore(FakeStore):
    def unit_of_work(self, *, for_writing: bool = False):
        uow = super().unit_of_work(for_writing=for_writing)

        def busy() -> None:
            raise StoreBusy()

        uow.commit = busy
        return uow


def test_nothing_is_published_when_the_commit_fails():
    store, publisher = CommitFailsStore(), RecordingPublisher()
    store.state.courses[1] = Course("Yoga", 5, id=1)
    store.state.next_id = 2
    transactions = Transactions(store.unit_of_work, publisher, attempts=2, sleep=lambda _: None)
    with pytest.raises(StoreBusy):
        Bookings(transactions, FakeClock()).book(1, "Ada", "ada@example.org")
    assert publisher.published == [] and store.state.bookings == {}


# -- waitlist --------------------------------------------------------------------------------
def test_a_full_course_refuses_or_waitlists(studio):
    course = studio.course("Yoga", 1)
    studio.book(course.id)
    with pytest.raises(NotEnoughFreeSpots):
        studio.book(course.id)
    entry = studio.book(course.id, tickets=2, waitlist=True)
    assert isinstance(entry, WaitlistEntry) and entry.status is WaitlistStatus.WAITING
    assert [e.id for e in studio.bookings.waitlist(course.id)] == [entry.id]
    assert studio.courses.get(course.id).free_spots == 0


def test_leaving_the_waitlist(studio):
    course = studio.course("Yoga", 1)
    studio.book(course.id)
    entry = studio.book(course.id, waitlist=True)
    assert studio.bookings.leave_waitlist(entry.id).status is WaitlistStatus.LEFT
    assert studio.bookings.waitlist(course.id) == []
    with pytest.raises(InvalidWaitlistChange):
        studio.bookings.leave_waitlist(entry.id)


def test_waitlist_of_unknown_course(studio):
    with pytest.raises(CourseNotFound):
        studio.bookings.waitlist(5)


def test_cancellation_promotes_first_that_fits_in_the_same_transaction(studio):
    course = studio.course("Yoga", 2)
    holder = studio.book(course.id, tickets=2)
    pair = studio.book(course.id, tickets=2, waitlist=True)
    single = studio.book(course.id, tickets=1, waitlist=True)
    studio.publisher.published.clear()

    studio.bookings.cancel(holder.id, tickets=1)

    assert [e.id for e in studio.bookings.waitlist(course.id)] == [pair.id]
    promoted = studio.store.state.waitlist[single.id]
    assert promoted.status is WaitlistStatus.PROMOTED
    new_booking = studio.bookings.get(promoted.booking_id)
    assert (new_booking.status, new_booking.tickets) == (BookingStatus.CONFIRMED, 1)
    assert studio.event_types() == ["BookingCancelled", "BookingPromoted", "BookingConfirmed"]
    assert studio.publisher.published[1] == BookingPromoted(new_booking, single.id)
    assert studio.courses.get(course.id).free_spots == 0


def test_status_change_to_cancelled_promotes_too(studio):
    course = studio.course("Yoga", 1)
    holder = studio.book(course.id)
    entry = studio.book(course.id, waitlist=True)
    studio.bookings.change_status(holder.id, BookingStatus.CANCELLED)
    assert studio.store.state.waitlist[entry.id].status is WaitlistStatus.PROMOTED


def test_raising_capacity_promotes_and_publishes(studio):
    course = studio.course("Yoga", 1)
    studio.book(course.id)
    first = studio.book(course.id, tickets=2, waitlist=True)
    second = studio.book(course.id, tickets=1, waitlist=True)
    studio.publisher.published.clear()

    studio.courses.set_capacity(course.id, 3)

    assert studio.store.state.waitlist[first.id].status is WaitlistStatus.PROMOTED
    assert studio.store.state.waitlist[second.id].status is WaitlistStatus.WAITING
    assert studio.event_types() == ["BookingPromoted", "BookingConfirmed"]
    assert studio.courses.get(course.id).free_spots == 0


def test_unlimited_capacity_promotes_everyone(studio):
    course = studio.course("Yoga", 1)
    studio.book(course.id)
    for tickets in (5, 1, 9):
        studio.book(course.id, tickets=tickets, waitlist=True)
    studio.courses.set_capacity(course.id, 0)
    assert studio.bookings.waitlist(course.id) == []
    assert studio.courses.get(course.id).booked == 16


def test_lowering_capacity_below_bookings_promotes_nobody(studio):
    course = studio.course("Yoga", 3)
    studio.book(course.id, tickets=3)
    studio.book(course.id, waitlist=True)
    lowered = studio.courses.set_capacity(course.id, 1)
    assert (lowered.free_spots, lowered.overbooked) == (0, 2)
    assert len(studio.bookings.waitlist(course.id)) == 1
    assert not any(isinstance(e, BookingCancelled) for e in studio.publisher.published)
