"""The course and booking use-cases wired to the fakes of the ports."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from studiobook.application.appointments.companies import Companies, Staffing
from studiobook.application.appointments.tenancy import (
    BranchNotFound,
    CompanyNotFound,
    StaffNotFound,
)
from studiobook.application.courses.bookings import Bookings
from studiobook.application.courses.courses import Courses
from studiobook.application.courses.customers import CustomerBookings
from studiobook.application.shared.ports import StoreBusy
from studiobook.application.shared.transactions import Transactions
from studiobook.domain.courses.bookings import BookingStatus
from studiobook.domain.courses.course import Course
from studiobook.domain.courses.rules import BookingRules
from studiobook.domain.courses.waitlist import WaitlistEntry, WaitlistStatus
from studiobook.domain.events import BookingCancelled, BookingConfirmed, BookingPromoted
from studiobook.domain.members.member import MembershipStatus
from studiobook.domain.shared.errors import (
    BookingNotFound,
    BookingNotOpen,
    CancelCutoffPassed,
    CourseNotFound,
    DomainError,
    IllegalTransition,
    InvalidCapacity,
    InvalidCourse,
    InvalidCustomer,
    InvalidTickets,
    InvalidWaitlistChange,
    MembershipRequired,
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
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def studio(clock) -> Studio:
    return Studio(*use_cases(clock))


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


# -- courses belong to a company and carry its booking rules (SPEC 2.1a) ------------------------
def tenancy(studio: Studio) -> tuple[Companies, Staffing]:
    """The appointment area's use-cases on the same fake store: branches and staff."""
    publisher = RecordingPublisher()
    transactions = Transactions(studio.store.unit_of_work, publisher, sleep=lambda _: None)
    return Companies(transactions), Staffing(transactions)


def test_a_course_is_created_in_its_company_with_its_rules_and_shown_in_its_zone(studio, clock):
    companies, staffing = tenancy(studio)
    branch = companies.add_branch(studio.company_id, "Mitte")
    instructor = staffing.add(studio.company_id, "Ines", branch_id=branch.id)
    starts = clock.now() + timedelta(days=3)
    course = studio.course(
        "Flow", 12, starts_at=starts, branch_id=branch.id, instructor_id=instructor.id,
        members_only=True, opens_before_minutes=48 * 60, cancel_cutoff_minutes=120,
    )  # fmt: skip

    stored = studio.courses.get(course.id, studio.company_id)
    assert (stored.company_id, stored.branch_id, stored.instructor_id, stored.time_zone) == (
        studio.company_id, branch.id, instructor.id, "Europe/Berlin",
    )  # fmt: skip
    assert stored.rules == BookingRules(True, timedelta(hours=48), timedelta(hours=2))
    assert not stored.cancelled and stored.timetable_id is None
    [row] = [r for r in studio.store.state.audit if r["entity"] == "course"]
    assert (row["action"], row["company_id"]) == ("create", studio.company_id)


def test_left_out_the_company_is_the_only_one_there_is(studio):
    assert studio.courses.create("Yoga", 5).company_id == studio.company_id


def test_with_no_company_or_several_a_course_must_say_which_and_nothing_is_stored():
    courses, _, store, _ = use_cases()
    with pytest.raises(InvalidCourse, match="there is none yet: add one first"):
        courses.create("Yoga", 5)
    first, second = company_in(store, "Nord"), company_in(store, "Süd")
    with pytest.raises(InvalidCourse, match=f"several companies \\({first}, {second}\\)"):
        courses.create("Yoga", 5)
    with pytest.raises(CompanyNotFound):
        courses.create("Yoga", 5, company_id=second + 100)
    assert store.state.courses == {} and store.state.audit == []


def test_a_courses_branch_and_instructor_must_be_its_companys_own(studio):
    companies, staffing = tenancy(studio)
    other = company_in(studio.store, "Elsewhere")
    their_branch = companies.add_branch(other, "Hafen")
    their_coach = staffing.add(other, "Olli")
    with pytest.raises(BranchNotFound):
        studio.course("Flow", 12, branch_id=their_branch.id)
    with pytest.raises(StaffNotFound):
        studio.course("Flow", 12, instructor_id=their_coach.id)
    assert studio.store.state.courses == {}


def test_another_companys_course_and_bookings_are_not_found(studio):
    course = studio.course("Yoga", 5)
    booking = studio.book(course.id)
    other = company_in(studio.store, "Elsewhere")
    with pytest.raises(CourseNotFound):
        studio.courses.get(course.id, other)
    with pytest.raises(CourseNotFound):
        studio.bookings.book(course.id, "Bo", "bo@example.org", company_id=other)
    with pytest.raises(BookingNotFound):
        studio.bookings.cancel(booking.id, company_id=other)
    assert studio.courses.list(other) == [] and studio.bookings.list(company_id=other) == []
    assert studio.bookings.get(booking.id, studio.company_id).status is BookingStatus.CONFIRMED


def test_the_studio_books_past_the_rules_only_by_overriding_them_and_the_audit_says_so(
    studio, clock
):
    studio.store.state.memberships["ada@example.org"] = MembershipStatus.ON_HOLD
    course = studio.course(
        "Drop", 5, starts_at=clock.now() + timedelta(days=3), members_only=True,
        opens_before_minutes=24 * 60,
    )  # fmt: skip
    before = copy.deepcopy(studio.store.state)
    with pytest.raises(BookingNotOpen):
        studio.book(course.id)
    clock.advance(days=2)
    with pytest.raises(MembershipRequired, match="on hold, not active"):
        studio.book(course.id)
    assert studio.store.state == before

    overridden = studio.book(course.id, override_rules=True)
    studio.store.state.memberships["ada@example.org"] = MembershipStatus.ACTIVE
    usual = studio.book(course.id)
    assert studio.bookings.get(overridden.id).status is BookingStatus.CONFIRMED
    last_two = [(r["entity_id"], r["action"]) for r in studio.store.state.audit[-2:]]
    assert last_two == [(str(overridden.id), "create_overriding_rules"), (str(usual.id), "create")]


def test_past_the_cutoff_the_customer_may_not_cancel_but_the_studio_may(studio, clock):
    course = studio.course(
        "Late", 5, starts_at=clock.now() + timedelta(hours=30), cancel_cutoff_minutes=24 * 60
    )
    customers = CustomerBookings(studio.bookings.transactions, clock)
    seats = customers.book(str(studio.company_id), course.id, "Ada", "ada@example.org", 3)
    customers.cancel(seats.manage_token, 1)  # 30 hours ahead: before the cutoff
    clock.advance(hours=6, microseconds=1)
    before = copy.deepcopy(studio.store.state)
    with pytest.raises(CancelCutoffPassed):
        customers.cancel(seats.manage_token)
    assert studio.store.state == before

    studio.bookings.cancel(seats.booking.id, tickets=1)
    clock.advance(hours=25)  # the class has started
    assert studio.bookings.cancel(seats.booking.id).status is BookingStatus.CANCELLED
    assert studio.courses.get(course.id).free_spots == 5
