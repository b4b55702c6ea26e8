"""A model-based hypothesis state machine over the booking use-cases, written once.

Subclasses supply only the wiring (``wiring(clock)`` -> :class:`Wiring`): the fakes in
``test_booking_properties.py``, the real SQL store in ``tests/integration``. The model keeps each
booking's tickets and status, the waitlist order, the course's booking rules (members only, the
class drop, the cancellation cutoff) and a clock that moves; it predicts every refusal, and a
refusal must leave the store exactly as it was. After every step the store must agree with the
model and the seat invariants of SPEC 2.1 must hold.

Customers (through the public use-case, with the manage tokens it hands out) and the studio's
operators both book and cancel: customers are held to every rule, operators book past them only
with ``override`` and are never held to the cutoff; once the studio calls the session off,
nobody books (SPEC 2.1a, 6).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from studiobook.application.courses.bookings import Bookings
from studiobook.application.courses.courses import Courses
from studiobook.application.courses.customers import CustomerBookings, SeatsBooked, Waitlisted
from studiobook.application.courses.timetables import Timetables
from studiobook.application.shared.transactions import Transactions
from studiobook.domain.courses.bookings import (
    INITIAL_STATUSES,
    Booking,
    BookingStatus,
    can_transition,
)
from studiobook.domain.courses.course import Course
from studiobook.domain.courses.rules import Booker, BookingRules
from studiobook.domain.courses.waitlist import WaitlistEntry
from studiobook.domain.members.member import MembershipStatus
from studiobook.domain.shared.errors import (
    BookingNotOpen,
    CancelCutoffPassed,
    CourseClosed,
    IllegalTransition,
    InvalidTickets,
    InvalidWaitlistChange,
    MembershipRequired,
    NotEnoughFreeSpots,
)
from tests.fakes import FakeClock

CAPACITIES = st.sampled_from(range(7))  # 0 = unlimited; small and uniform, so courses fill
TICKETS = st.integers(min_value=1, max_value=4)
PICK = st.integers(min_value=0, max_value=10_000)
# Every initial status, confirmed twice as often: seats must fill for the waitlist to matter.
STATUSES_MOSTLY_CONFIRMED = st.sampled_from([BookingStatus.CONFIRMED, *INITIAL_STATUSES])
CANCELLED = BookingStatus.CANCELLED

HOUR = 60  # minutes
# Starts hours ahead: the clock reaches each instant a rule turns on in a few jumps (see
# clock_nears_the_next_turn), so an example spends steps before, between and after them.
STARTS_IN = st.sampled_from([None, None, 3 * HOUR, 6 * HOUR, 12 * HOUR])
# Open already, or opening later; 0 opens only at the start (never for customers).
OPENS_BEFORE = st.sampled_from([None, None, 0, HOUR, 4 * HOUR, 24 * HOUR])
CANCEL_CUTOFF = st.sampled_from([None, 0, HOUR, 2 * HOUR, 4 * HOUR])
MEMBERS_ONLY = st.sampled_from([False, False, True])  # a members-only course refuses most people
TIME_PASSES = st.sampled_from([HOUR // 2, HOUR])
NEAR = st.sampled_from([-1, 0, 1])  # minutes around an instant a rule turns on

# One customer per membership status, and one who is no member at all: every wiring puts these
# members in its store's copy of WODIFY before the machine runs.
MEMBERS = {f"{status.value.replace('_', '-')}@example.org": status for status in MembershipStatus}
GUEST = "guest@example.org"
ACTIVE = next(email for email, status in MEMBERS.items() if status is MembershipStatus.ACTIVE)
PEOPLE = st.sampled_from([ACTIVE, *MEMBERS, GUEST])  # active members twice as often


@dataclass
class Wiring:
    """What the machine runs on: the use-cases on the machine's clock, the company its courses
    belong to, and ``stored()`` — everything the store holds, to compare across a refusal."""

    courses: Courses
    bookings: Bookings
    transactions: Transactions
    company_id: int
    stored: Callable[[], object]


class BookingMachine(RuleBasedStateMachine):
    def wiring(self, clock: FakeClock) -> Wiring:
        raise NotImplementedError

    def __init__(self) -> None:
        super().__init__()
        self.clock = FakeClock()
        self.studio = self.wiring(self.clock)
        self.courses, self.bookings = self.studio.courses, self.studio.bookings
        self.customers = CustomerBookings(self.studio.transactions, self.clock)
        self.company = str(self.studio.company_id)  # how a public address names it
        self.course_id: int | None = None
        self.capacity = 0
        self.starts_at: datetime | None = None
        self.rules = BookingRules()
        self.model: dict[int, tuple[int, BookingStatus]] = {}  # booking id -> tickets, status
        self.waiting: list[tuple[int, int]] = []  # (entry id, tickets), first come first
        self.became: dict[int, int] = {}  # waitlist entry id -> the booking it was promoted to
        # The customers' manage tokens: token -> what it opens ("booking" or "entry", its id).
        self.tokens: dict[str, tuple[str, int]] = {}
        self.entry_tickets: dict[int, int] = {}  # waitlist entry id -> tickets, ever after
        self.may_call_off = self.called_off = False
        # Occupied seats tolerated above capacity because capacity was lowered below them;
        # it only shrinks (as seats free) until the next capacity change.
        self.allowance = 0

    # -- the model -----------------------------------------------------------------------------
    @property
    def occupied(self) -> int:
        return sum(tickets for tickets, status in self.model.values() if status.occupies_seats)

    def free(self) -> int | None:
        return None if self.capacity == 0 else max(0, self.capacity - self.occupied)

    def fits(self, tickets: int) -> bool:
        free = self.free()
        return free is None or tickets <= free

    def started(self) -> bool:
        return self.starts_at is not None and self.clock.now() >= self.starts_at

    def rule_refusing(self, email: str, booker: Booker, override: bool) -> type[Exception] | None:
        """The booking rule that refuses this booking now, if any (SPEC 2.1a)."""
        if self.called_off:
            return CourseClosed  # for everybody, override or not
        if override and booker is Booker.OPERATOR:
            return None  # the front desk books past the rules
        opens_at = self.rules.opens_at(self.starts_at)
        if self.started():
            if booker is Booker.CUSTOMER:
                return CourseClosed  # operators still book people into a running class
        elif opens_at is not None and self.clock.now() < opens_at:
            return BookingNotOpen  # before the class drop even the studio needs an override
        if self.rules.members_only and MEMBERS.get(email) is not MembershipStatus.ACTIVE:
            return MembershipRequired
        return None

    def cutoff_passed(self) -> bool:
        until = self.rules.cancel_until(self.starts_at)
        return until is not None and self.clock.now() > until

    def expected_promotions(self) -> list[tuple[int, int]]:
        """First that fits, in order, while seats are free — until the class starts (or is
        called off): then a freed seat is no use to anyone waiting."""
        free, chosen = self.free(), []
        if free == 0 or self.started() or self.called_off:
            return chosen
        for entry_id, tickets in self.waiting:
            if free is not None and tickets > free:
                continue
            chosen.append((entry_id, tickets))
            if free is not None:
                free -= tickets
                if free == 0:
                    break
        return chosen

    def absorb_promotions(self) -> None:
        """After a change that runs promotion: the store must have promoted what the model says."""
        chosen = self.expected_promotions()
        stored = {b.id: b for b in self.bookings.list(self.course_id)}
        new_ids = sorted(set(stored) - set(self.model))
        assert [stored[i].tickets for i in new_ids] == [tickets for _, tickets in chosen]
        for booking_id, (entry_id, _) in zip(new_ids, chosen, strict=True):
            assert stored[booking_id].status is BookingStatus.CONFIRMED
            self.model[booking_id] = (stored[booking_id].tickets, BookingStatus.CONFIRMED)
            self.became[entry_id] = booking_id
        promoted = {entry_id for entry_id, _ in chosen}
        self.waiting = [w for w in self.waiting if w[0] not in promoted]

    def pick(self, index: int, live_only: bool = False) -> int:
        ids = sorted(
            i for i, (_, status) in self.model.items() if not live_only or not status.is_final
        )
        return ids[index % len(ids)]

    def unconfirmed(self) -> list[int]:
        waiting = (BookingStatus.PENDING, BookingStatus.REQUEST)
        return sorted(i for i, (_, status) in self.model.items() if status in waiting)

    def seat_holders(self) -> list[int]:
        holding = (BookingStatus.CONFIRMED, BookingStatus.CANCEL_REQUESTED)
        return sorted(i for i, (_, status) in self.model.items() if status in holding)

    def has_live_bookings(self) -> bool:
        return any(not status.is_final for _, status in self.model.values())

    def expect(self, error: type[Exception] | None, change) -> None:
        if error is None:
            change()
            self.absorb_promotions()
        else:
            self.refused(error, change)

    def refused(self, error: type[Exception], change) -> None:
        """``change`` raises ``error`` and writes nothing: no row, no audit entry."""
        before = self.studio.stored()
        with pytest.raises(error):
            change()
        assert self.studio.stored() == before, f"{error.__name__}: the refusal wrote something"

    # -- rules ---------------------------------------------------------------------------------
    @initialize(
        capacity=CAPACITIES,
        starts_in=STARTS_IN,
        members_only=MEMBERS_ONLY,
        opens_before=OPENS_BEFORE,
        cancel_cutoff=CANCEL_CUTOFF,
        may_call_off=st.sampled_from([False, False, False, True]),
    )
    def create_course(
        self,
        capacity: int,
        starts_in: int | None,
        members_only: bool,
        opens_before: int | None,
        cancel_cutoff: int | None,
        may_call_off: bool,
    ) -> None:
        """``may_call_off``: the studio may call this session off later (a called-off session
        refuses every booking, so it stays the exception)."""
        starts_at = None if starts_in is None else self.clock.now() + timedelta(minutes=starts_in)
        course = self.courses.create(
            "Property course", capacity, starts_at, company_id=self.studio.company_id,
            members_only=members_only, opens_before_minutes=opens_before,
            cancel_cutoff_minutes=cancel_cutoff,
        )  # fmt: skip
        self.course_id, self.capacity, self.starts_at = course.id, capacity, starts_at
        self.rules = BookingRules.of(members_only, opens_before, cancel_cutoff)
        self.may_call_off = may_call_off

    @rule(minutes=TIME_PASSES)
    def time_passes(self, minutes: int) -> None:
        self.clock.advance(minutes=minutes)

    @rule(near=NEAR)
    def clock_nears_the_next_turn(self, near: int) -> None:
        """The clock jumps to just before, exactly at or just after the next instant a rule
        turns on: booking opens, the cancellation cutoff, the start."""
        turns = [
            self.rules.opens_at(self.starts_at),
            self.rules.cancel_until(self.starts_at),
            self.starts_at,
        ]
        ahead = sorted(
            at + timedelta(minutes=near)
            for at in turns
            if at is not None and at + timedelta(minutes=near) > self.clock.now()
        )
        if ahead:
            self.clock.current = ahead[0]

    @rule(
        tickets=TICKETS,
        status=STATUSES_MOSTLY_CONFIRMED,
        waitlist=st.booleans(),
        email=PEOPLE,
        override=st.booleans(),
    )
    def operator_books(
        self, tickets: int, status: BookingStatus, waitlist: bool, email: str, override: bool
    ) -> None:
        def attempt():
            return self.bookings.book(
                self.course_id, "C", email, tickets, status, waitlist,
                company_id=self.studio.company_id, override_rules=override,
            )  # fmt: skip

        refusal = self.rule_refusing(email, Booker.OPERATOR, override)
        self._book(refusal, tickets, status, waitlist, attempt)

    @rule(tickets=TICKETS, waitlist=st.booleans(), email=PEOPLE)
    def customer_books(self, tickets: int, waitlist: bool, email: str) -> None:
        def attempt() -> Booking | WaitlistEntry:
            outcome = self.customers.book(
                self.company, self.course_id, "Customer", email, tickets, waitlist
            )
            if isinstance(outcome, SeatsBooked):
                self.tokens[outcome.manage_token] = ("booking", outcome.booking.id)
                return outcome.booking
            assert isinstance(outcome, Waitlisted)
            self.tokens[outcome.manage_token] = ("entry", outcome.entry.id)
            assert outcome.position == len(self.waiting) + 1
            return outcome.entry

        refusal = self.rule_refusing(email, Booker.CUSTOMER, override=False)
        self._book(refusal, tickets, BookingStatus.CONFIRMED, waitlist, attempt)

    def _book(
        self,
        refusal: type[Exception] | None,
        tickets: int,
        status: BookingStatus,
        waitlist: bool,
        attempt: Callable[[], Booking | WaitlistEntry],
    ) -> None:
        """The rules are checked before the seats: a refused customer never reaches the
        waitlist either."""
        full = status.occupies_seats and not self.fits(tickets)
        if refusal is None and full and not waitlist:
            refusal = NotEnoughFreeSpots
        if refusal is not None:
            self.refused(refusal, attempt)
            return
        outcome = attempt()
        if full:
            assert isinstance(outcome, WaitlistEntry)
            self.waiting.append((outcome.id, tickets))
            self.entry_tickets[outcome.id] = tickets
        else:
            assert isinstance(outcome, Booking) and outcome.status is status
            self.model[outcome.id] = (tickets, status)

    @precondition(lambda self: self.model)
    @rule(pick=PICK, wanted=st.sampled_from(list(BookingStatus)))
    def change_status(self, pick: int, wanted: BookingStatus) -> None:
        self._change_status(self.pick(pick), wanted)

    def _change_status(self, booking_id: int, wanted: BookingStatus) -> None:
        tickets, status = self.model[booking_id]
        gains = wanted.occupies_seats and not status.occupies_seats
        if not can_transition(status, wanted):
            error = IllegalTransition
        elif gains and not self.fits(tickets):
            error = NotEnoughFreeSpots
        else:
            error = None
            self.model[booking_id] = (tickets, wanted)
        self.expect(error, lambda: self.bookings.change_status(booking_id, wanted))

    @precondition(lambda self: self.unconfirmed())
    @rule(pick=PICK)
    def confirm(self, pick: int) -> None:
        """pending / request -> confirmed: takes seats only if they are free."""
        ids = self.unconfirmed()
        self._change_status(ids[pick % len(ids)], BookingStatus.CONFIRMED)

    @precondition(lambda self: self.seat_holders())
    @rule(pick=PICK)
    def cancel_whole(self, pick: int) -> None:
        """The studio cancels a booking that holds seats (other statuses: see change_status);
        the cutoff never stops the studio."""
        ids = self.seat_holders()
        booking_id = ids[pick % len(ids)]
        self._cancel(booking_id, None, lambda: self.bookings.cancel(booking_id))

    @precondition(has_live_bookings)
    @rule(pick=PICK, give_back=st.integers(min_value=0, max_value=5))
    def cancel_partially(self, pick: int, give_back: int) -> None:
        booking_id = self.pick(pick, live_only=True)
        self._cancel(booking_id, give_back, lambda: self.bookings.cancel(booking_id, give_back))

    @precondition(lambda self: self.tokens)
    @rule(pick=PICK)
    def customer_cancels(self, pick: int) -> None:
        self._cancel_as_customer(pick, None)

    @precondition(lambda self: self.tokens)
    @rule(pick=PICK, give_back=st.sampled_from([1, 2, 3]))
    def customer_gives_back(self, pick: int, give_back: int) -> None:
        self._cancel_as_customer(pick, give_back)

    def _cancel_as_customer(self, pick: int, give_back: int | None) -> None:
        """A customer cancels all or part of what their manage token opens: a booking (a final
        one too), or a waitlist entry — which leaves the line while it waits (whole, and
        whenever), and once promoted opens the booking it became."""
        token = list(self.tokens)[pick % len(self.tokens)]  # in the order they were handed out
        kind, record_id = self.tokens[token]

        def attempt() -> None:
            self.customers.cancel(token, give_back)

        if kind == "entry" and record_id not in self.became:
            self._leave_as_customer(record_id, give_back, attempt)
            return
        booking_id = self.became.get(record_id, record_id) if kind == "entry" else record_id
        if self.cutoff_passed():
            self.refused(CancelCutoffPassed, attempt)  # before anything else is looked at
            return
        self._cancel(booking_id, give_back, attempt)

    def _leave_as_customer(
        self, entry_id: int, give_back: int | None, attempt: Callable[[], None]
    ) -> None:
        if give_back is not None and give_back != self.entry_tickets[entry_id]:
            self.refused(InvalidTickets, attempt)
        elif entry_id not in dict(self.waiting):
            self.refused(InvalidWaitlistChange, attempt)  # left, or the session was called off
        else:
            attempt()
            self.waiting = [w for w in self.waiting if w[0] != entry_id]

    def _cancel(
        self, booking_id: int, give_back: int | None, attempt: Callable[[], object]
    ) -> None:
        tickets, status = self.model[booking_id]
        if give_back is None or give_back == tickets:
            error = None if can_transition(status, CANCELLED) else IllegalTransition
            new = (tickets, CANCELLED)
        else:
            bad = status.is_final or not 1 <= give_back < tickets
            error = InvalidTickets if bad else None
            new = (tickets - give_back, status)
        if error is None:
            self.model[booking_id] = new
        self.expect(error, attempt)

    @rule(capacity=CAPACITIES)
    def change_capacity(self, capacity: int) -> None:
        self.capacity = capacity
        self.expect(None, lambda: self.courses.set_capacity(self.course_id, capacity))
        self.allowance = self.occupied

    @precondition(lambda self: self.may_call_off and not self.called_off)
    @rule()
    def studio_calls_the_session_off(self) -> None:
        """Every booking that is not final is cancelled, everybody waiting leaves the line, and
        the course takes no bookings any more."""
        timetables = Timetables(self.studio.transactions, self.clock, recurrence=None)
        timetables.cancel_session(self.course_id, "instructor ill", self.studio.company_id)
        self.called_off = True
        for booking_id, (tickets, status) in self.model.items():
            if not status.is_final:
                self.model[booking_id] = (tickets, CANCELLED)
        self.waiting = []

    @precondition(lambda self: self.waiting)
    @rule(pick=PICK)
    def leave_waitlist(self, pick: int) -> None:
        entry_id, _ = self.waiting.pop(pick % len(self.waiting))
        self.bookings.leave_waitlist(entry_id)

    # -- invariants ----------------------------------------------------------------------------
    @invariant()
    def seats_add_up_and_the_store_agrees_with_the_model(self) -> None:
        if self.course_id is None:
            return
        # One read per step, in one unit of work: these reads dominate the run time.
        course, stored, waiting = self.studio.transactions.read(self.read_back)
        company_id = self.studio.company_id
        live = sum(b.tickets for b in stored if b.status.occupies_seats)

        assert (course.company_id, course.rules, course.starts_at, course.cancelled) == (
            company_id, self.rules, self.starts_at, self.called_off,
        )  # fmt: skip
        assert course.capacity == self.capacity
        assert course.booked == live == self.occupied
        expected_free = None if self.capacity == 0 else max(0, self.capacity - live)
        assert course.free_spots == expected_free
        assert course.free_spots is None or course.free_spots >= 0
        if self.capacity:
            assert live <= max(self.capacity, self.allowance), "more seats occupied than capacity"
            assert course.overbooked == max(0, live - self.capacity)
        self.allowance = min(self.allowance, live)

        assert {b.id: (b.tickets, b.status) for b in stored} == self.model
        assert waiting == [entry_id for entry_id, _ in self.waiting]

    def read_back(self, uow) -> tuple[Course, list[Booking], list[int]]:
        course = uow.courses.get(self.course_id)
        waiting = [e.id for e in uow.waitlist.waiting(self.course_id)]
        return course, uow.bookings.list(self.course_id), waiting

    @invariant()
    def nobody_waits_for_free_seats(self) -> None:
        """Before the start; after it, a seat freed stays free (nobody moves up any more)."""
        if self.started():
            return
        free = self.free()
        assert all(free is not None and tickets > free for _, tickets in self.waiting)
