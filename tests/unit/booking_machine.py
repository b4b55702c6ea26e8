"""A model-based hypothesis state machine over the booking use-cases, written once.

Subclasses supply only the wiring (``wiring()`` -> ``(Courses, Bookings)``): the fakes in
``test_booking_properties.py``, the real SQL store in ``tests/integration``. The model keeps each
booking's tickets and status and the waitlist order; after every step the store must agree with
it and the seat invariants of SPEC 2.1 must hold.
"""

from __future__ import annotations

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
from studiobook.domain.courses.bookings import (
    INITIAL_STATUSES,
    Booking,
    BookingStatus,
    can_transition,
)
from studiobook.domain.courses.waitlist import WaitlistEntry
from studiobook.domain.shared.errors import (
    IllegalTransition,
    InvalidTickets,
    NotEnoughFreeSpots,
)

CAPACITIES = st.sampled_from(range(7))  # 0 = unlimited; small and uniform, so courses fill
TICKETS = st.integers(min_value=1, max_value=4)
PICK = st.integers(min_value=0, max_value=10_000)
# Every initial status, confirmed twice as often: seats must fill for the waitlist to matter.
STATUSES_MOSTLY_CONFIRMED = st.sampled_from([BookingStatus.CONFIRMED, *INITIAL_STATUSES])
CANCELLED = BookingStatus.CANCELLED


class BookingMachine(RuleBasedStateMachine):
    def wiring(self) -> tuple[Courses, Bookings]:
        raise NotImplementedError

    def __init__(self) -> None:
        super().__init__()
        self.courses, self.bookings = self.wiring()
        self.course_id: int | None = None
        self.capacity = 0
        self.model: dict[int, tuple[int, BookingStatus]] = {}  # booking id -> tickets, status
        self.waiting: list[tuple[int, int]] = []  # (entry id, tickets), first come first
        # Occupied seats tolerated above capacity because capacity was lowered below them;
        # it only shrinks (as seats free) until the next capacity change.
        self.allowance = 0
        self.customers = 0

    # -- the model -----------------------------------------------------------------------------
    @property
    def occupied(self) -> int:
        return sum(tickets for tickets, status in self.model.values() if status.occupies_seats)

    def free(self) -> int | None:
        return None if self.capacity == 0 else max(0, self.capacity - self.occupied)

    def fits(self, tickets: int) -> bool:
        free = self.free()
        return free is None or tickets <= free

    def expected_promotions(self) -> list[tuple[int, int]]:
        """First that fits, in order, while seats are free."""
        free, chosen = self.free(), []
        if free == 0:
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
        for booking_id in new_ids:
            assert stored[booking_id].status is BookingStatus.CONFIRMED
            self.model[booking_id] = (stored[booking_id].tickets, BookingStatus.CONFIRMED)
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
            with pytest.raises(error):
                change()

    # -- rules ---------------------------------------------------------------------------------
    @initialize(capacity=CAPACITIES)
    def create_course(self, capacity: int) -> None:
        self.course_id = self.courses.create("Property course", capacity).id
        self.capacity = capacity

    @rule(tickets=TICKETS, status=STATUSES_MOSTLY_CONFIRMED, waitlist=st.booleans())
    def book(self, tickets: int, status: BookingStatus, waitlist: bool) -> None:
        self.customers += 1
        email = f"customer{self.customers}@example.org"
        refused = status.occupies_seats and not self.fits(tickets)
        if refused and not waitlist:
            with pytest.raises(NotEnoughFreeSpots):
                self.bookings.book(self.course_id, "C", email, tickets, status, waitlist)
            return
        outcome = self.bookings.book(self.course_id, "C", email, tickets, status, waitlist)
        if refused:
            assert isinstance(outcome, WaitlistEntry)
            self.waiting.append((outcome.id, tickets))
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
        """Cancel a booking that holds seats (other statuses: see change_status)."""
        ids = self.seat_holders()
        self._cancel(ids[pick % len(ids)], None)

    @precondition(has_live_bookings)
    @rule(pick=PICK, give_back=st.integers(min_value=0, max_value=5))
    def cancel_partially(self, pick: int, give_back: int) -> None:
        self._cancel(self.pick(pick, live_only=True), give_back)

    def _cancel(self, booking_id: int, give_back: int | None) -> None:
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
        self.expect(error, lambda: self.bookings.cancel(booking_id, give_back))

    @rule(capacity=CAPACITIES)
    def change_capacity(self, capacity: int) -> None:
        self.capacity = capacity
        self.expect(None, lambda: self.courses.set_capacity(self.course_id, capacity))
        self.allowance = self.occupied

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
        # One read of each per step: on the SQL store these reads dominate the run time.
        course = self.courses.get(self.course_id)
        stored = self.bookings.list(self.course_id)
        waiting = [e.id for e in self.bookings.waitlist(self.course_id)]
        live = sum(b.tickets for b in stored if b.status.occupies_seats)

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

    @invariant()
    def nobody_waits_for_free_seats(self) -> None:
        free = self.free()
        assert all(free is not None and tickets > free for _, tickets in self.waiting)
