"""The Course aggregate: seats, partial cancellation, lowered capacity, waitlist, events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from studiobook.domain.courses.bookings import Booking, BookingStatus
from studiobook.domain.courses.course import Course
from studiobook.domain.courses.waitlist import WaitlistEntry, WaitlistStatus, entries_to_promote
from studiobook.domain.events import BookingCancelled, BookingConfirmed, BookingPromoted
from studiobook.domain.shared.customers import Customer
from studiobook.domain.shared.errors import (
    IllegalTransition,
    InvalidCourse,
    InvalidTickets,
    InvalidWaitlistChange,
    NotEnoughFreeSpots,
)

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
ADA = Customer.of("Ada", "ada@example.org")


class Studio:
    """A saved course that hands out booking ids like a repository would."""

    def __init__(self, capacity: int) -> None:
        self.course = Course(title="Yoga", capacity=capacity, id=1)
        self._next_id = 100

    def book(self, tickets: int = 1, status: BookingStatus = BookingStatus.CONFIRMED) -> Booking:
        booking = self.course.book(ADA, tickets, NOW, status)
        booking.id = self._next_id
        self._next_id += 1
        return booking

    def wait(self, tickets: int) -> WaitlistEntry:
        entry = self.course.join_waitlist(ADA, tickets, NOW)
        entry.id = self._next_id
        self._next_id += 1
        return entry


# -- creating --------------------------------------------------------------------------------
@pytest.mark.parametrize("title", ["", "   ", None, "x" * 201])
def test_a_course_needs_a_sensible_title(title):
    with pytest.raises(InvalidCourse):
        Course.create(title, 10)


def test_course_times_must_be_timezone_aware():
    with pytest.raises(InvalidCourse, match="UTC offset"):
        Course.create("Yoga", 10, starts_at=datetime(2026, 12, 1, 18, 0))


def test_a_course_cannot_end_before_it_starts():
    start = datetime(2026, 12, 1, 18, 0, tzinfo=timezone(timedelta(hours=1)))
    with pytest.raises(InvalidCourse, match="end before it starts"):
        Course.create("Yoga", 10, starts_at=start, ends_at=start - timedelta(minutes=1))


def test_an_unsaved_course_takes_no_bookings():
    with pytest.raises(InvalidCourse, match="saved"):
        Course.create("Yoga", 10).book(ADA, 1, NOW)


def test_a_booking_of_another_course_is_refused():
    studio = Studio(10)
    stranger = Booking(2, ADA, 1, BookingStatus.CONFIRMED, NOW, id=9)
    with pytest.raises(InvalidCourse, match="belongs to course 2"):
        studio.course.cancel(stranger)


# -- occupying seats -------------------------------------------------------------------------
def test_unlimited_course_has_none_free_spots_not_minus_one():
    studio = Studio(0)
    studio.book(tickets=40)
    assert studio.course.free_spots is None
    assert studio.course.unlimited and studio.course.overbooked == 0


def test_booking_more_tickets_than_free_is_refused_and_changes_nothing():
    studio = Studio(5)
    studio.book(tickets=4)
    with pytest.raises(NotEnoughFreeSpots, match="course 1 has 1 free spot, 2 requested"):
        studio.book(tickets=2)
    assert studio.course.booked == 4 and len(studio.course.events) == 1


@pytest.mark.parametrize("status", [BookingStatus.PENDING, BookingStatus.REQUEST])
def test_pending_and_request_do_not_occupy_seats_even_on_a_full_course(status):
    studio = Studio(2)
    studio.book(tickets=2)
    booking = studio.book(tickets=3, status=status)
    assert booking.status is status
    assert studio.course.booked == 2 and studio.course.free_spots == 0


@pytest.mark.parametrize("status", [BookingStatus.PENDING, BookingStatus.REQUEST])
def test_confirming_needs_free_seats_at_that_instant(status):
    studio = Studio(3)
    waiting = studio.book(tickets=2, status=status)
    studio.book(tickets=2)
    with pytest.raises(NotEnoughFreeSpots):
        studio.course.change_status(waiting, BookingStatus.CONFIRMED)
    assert waiting.status is status and studio.course.booked == 2


def test_confirming_a_pending_booking_takes_its_seats_and_emits_confirmed():
    studio = Studio(3)
    waiting = studio.book(tickets=2, status=BookingStatus.PENDING)
    assert studio.course.pull_events() == []
    studio.course.change_status(waiting, BookingStatus.CONFIRMED)
    assert studio.course.free_spots == 1
    assert studio.course.pull_events() == [BookingConfirmed(waiting)]


@pytest.mark.parametrize(
    "status", [BookingStatus.CANCEL_REQUESTED, BookingStatus.CANCELLED, BookingStatus.COMPLETED]
)
def test_a_new_booking_starts_only_as_confirmed_pending_or_request(status):
    studio = Studio(3)
    with pytest.raises(InvalidTickets, match="starts as one of confirmed, pending, request"):
        studio.book(status=status)
    assert studio.course.booked == 0 and studio.course.events == []


def test_more_tickets_need_free_seats_fewer_is_a_partial_cancellation():
    studio = Studio(5)
    booking = studio.book(tickets=2)
    studio.course.change_tickets(booking, 5)
    assert studio.course.free_spots == 0
    with pytest.raises(NotEnoughFreeSpots):
        studio.course.change_tickets(booking, 6)
    studio.course.change_tickets(booking, 1)
    assert booking.tickets == 1 and studio.course.free_spots == 4
    assert isinstance(studio.course.events[-1], BookingCancelled)
    assert studio.course.events[-1].tickets == 4


# -- cancelling ------------------------------------------------------------------------------
def test_cancelling_frees_the_seats_at_once_and_keeps_the_booking():
    studio = Studio(10)
    booking = studio.book(tickets=3)
    studio.course.cancel(booking, reason="ill")
    assert booking.status is BookingStatus.CANCELLED and booking.tickets == 3
    assert studio.course.free_spots == 10
    event = studio.course.events[-1]
    assert event == BookingCancelled(booking, 3, "ill") and not event.partial


@pytest.mark.parametrize("k", [1, 2, 3])
def test_partial_cancellation_gives_back_k_of_four_tickets(k):
    studio = Studio(10)
    booking = studio.book(tickets=4)
    studio.course.cancel(booking, tickets=k)
    assert booking.status is BookingStatus.CONFIRMED
    assert booking.tickets == 4 - k
    assert studio.course.free_spots == 6 + k
    event = studio.course.events[-1]
    assert event.tickets == k and event.partial


def test_giving_back_all_tickets_cancels_the_booking():
    studio = Studio(10)
    booking = studio.book(tickets=4)
    studio.course.cancel(booking, tickets=4)
    assert booking.status is BookingStatus.CANCELLED and studio.course.free_spots == 10


@pytest.mark.parametrize("k", [5, 0, -1])
def test_giving_back_more_than_held_or_fewer_than_one_is_refused(k):
    studio = Studio(10)
    booking = studio.book(tickets=4)
    with pytest.raises(InvalidTickets):
        studio.course.cancel(booking, tickets=k)
    assert booking.tickets == 4 and studio.course.free_spots == 6
    assert not any(isinstance(e, BookingCancelled) for e in studio.course.events)


@pytest.mark.parametrize("k", [True, 1.0, "1"])
def test_tickets_to_give_back_must_be_a_whole_number(k):
    studio = Studio(10)
    booking = studio.book(tickets=1)
    with pytest.raises(InvalidTickets, match="whole number"):
        studio.course.cancel(booking, tickets=k)
    assert booking.status is BookingStatus.CONFIRMED and studio.course.free_spots == 9


def test_cancel_requested_back_to_confirmed_keeps_its_seats_even_when_full():
    studio = Studio(2)
    booking = studio.book(tickets=2)
    studio.course.change_status(booking, BookingStatus.CANCEL_REQUESTED)
    studio.course.set_capacity(1)
    studio.course.pull_events()
    studio.course.change_status(booking, BookingStatus.CONFIRMED)
    assert studio.course.booked == 2 and studio.course.overbooked == 1
    assert studio.course.pull_events() == []  # it never gave its seats up


def test_partial_cancellation_of_a_pending_booking_frees_no_seats():
    studio = Studio(4)
    studio.book(tickets=4)
    pending = studio.book(tickets=3, status=BookingStatus.PENDING)
    studio.course.cancel(pending, tickets=1)
    assert pending.tickets == 2 and studio.course.free_spots == 0


@pytest.mark.parametrize("final", [BookingStatus.CANCELLED, BookingStatus.COMPLETED])
def test_a_final_booking_cannot_be_cancelled_in_whole_or_in_part(final):
    studio = Studio(10)
    booking = studio.book(tickets=3)
    studio.course.change_status(booking, final)
    with pytest.raises(IllegalTransition):
        studio.course.cancel(booking)
    with pytest.raises(InvalidTickets, match="can no longer change"):
        studio.course.cancel(booking, tickets=1)
    assert booking.tickets == 3 and booking.status is final


# -- capacity lowered below the bookings -----------------------------------------------------
def test_capacity_lowered_below_bookings_reports_overbooked_and_zero_free():
    studio = Studio(10)
    first = studio.book(tickets=4)
    studio.book(tickets=4)
    studio.course.set_capacity(5)
    assert studio.course.free_spots == 0
    assert studio.course.overbooked == 3
    with pytest.raises(NotEnoughFreeSpots, match="0 free spots"):
        studio.book(tickets=1)
    studio.course.cancel(first)
    assert studio.course.overbooked == 0 and studio.course.free_spots == 1


def test_capacity_zero_makes_the_course_unlimited():
    studio = Studio(2)
    studio.book(tickets=2)
    studio.course.set_capacity(0)
    assert studio.course.free_spots is None
    studio.book(tickets=50)


# -- waitlist --------------------------------------------------------------------------------
def test_promotion_is_in_order_first_that_fits():
    studio = Studio(4)
    studio.book(tickets=4)
    party = studio.wait(3)
    single = studio.wait(1)
    pair = studio.wait(2)
    studio.course.set_capacity(6)

    promoted = studio.course.promote([party, single, pair], NOW)

    assert [entry for entry, _ in promoted] == [single]
    assert party.status is WaitlistStatus.WAITING and pair.status is WaitlistStatus.WAITING
    assert single.status is WaitlistStatus.PROMOTED
    assert studio.course.free_spots == 1


def test_promotion_creates_confirmed_bookings_and_emits_promoted_then_confirmed():
    studio = Studio(3)
    entry = studio.wait(2)
    [(_, booking)] = studio.course.promote([entry], NOW)
    assert booking.status is BookingStatus.CONFIRMED and booking.tickets == 2
    assert studio.course.pull_events() == [
        BookingPromoted(booking, entry.id),
        BookingConfirmed(booking),
    ]


def test_nobody_moves_up_into_a_class_that_has_started_or_was_called_off():
    studio = Studio(2)
    studio.course.starts_at = NOW + timedelta(hours=1)
    entry = studio.wait(1)
    assert studio.course.promote([entry], NOW + timedelta(hours=1)) == []  # at the start
    studio.course.cancelled = True
    assert studio.course.promote([entry], NOW) == []
    assert entry.status is WaitlistStatus.WAITING and studio.course.booked == 0
    studio.course.cancelled = False
    assert [e for e, _ in studio.course.promote([entry], NOW)] == [entry]  # before it: moves up


def test_entries_to_promote_skips_entries_that_no_longer_wait_and_stops_when_full():
    a, b, c, d = (WaitlistEntry(1, ADA, n, NOW, id=n) for n in (1, 1, 2, 1))
    b.leave()
    assert entries_to_promote([a, b, c, d], 3) == [a, c]
    assert entries_to_promote([a, b, c, d], None) == [a, c, d]
    assert entries_to_promote([a, c, d], 0) == []


def test_only_a_waiting_entry_can_leave():
    entry = WaitlistEntry(1, ADA, 1, NOW, id=5)
    entry.leave()
    with pytest.raises(InvalidWaitlistChange, match="entry 5 is left"):
        entry.leave()


def test_joining_the_waitlist_validates_tickets():
    with pytest.raises(InvalidTickets):
        Studio(1).course.join_waitlist(ADA, 0, NOW)
