"""The booking statuses and the state machine between them (SPEC 2.1; ``no_show``, the other
side of attendance, from issue 16)."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import product

import pytest

from studiobook.domain.courses.bookings import Booking, BookingStatus
from studiobook.domain.courses.course import Course
from studiobook.domain.shared.customers import Customer
from studiobook.domain.shared.errors import IllegalTransition

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)

# Written out from the specification on purpose, not read from the code under test.
SPEC_TRANSITIONS = {
    ("pending", "confirmed"),
    ("pending", "cancelled"),
    ("request", "confirmed"),
    ("request", "cancelled"),
    ("confirmed", "cancel_requested"),
    ("confirmed", "cancelled"),
    ("confirmed", "completed"),
    ("confirmed", "no_show"),
    ("cancel_requested", "cancelled"),
    ("cancel_requested", "confirmed"),
}
STATUSES = [
    "pending", "request", "confirmed", "cancel_requested", "cancelled", "completed", "no_show",
]  # fmt: skip
ALL_PAIRS = list(product(STATUSES, STATUSES))


def course_holding(status: BookingStatus, tickets: int = 2) -> tuple[Course, Booking]:
    """A 10-seat course with one booking in ``status``; ``booked`` matches what it occupies."""
    booking = Booking(1, Customer.of("Ada", "ada@example.org"), tickets, status, NOW, id=7)
    course = Course(title="Yoga", capacity=10, id=1, booked=booking.occupied_tickets)
    return course, booking


def test_there_are_exactly_the_statuses_of_the_spec():
    assert sorted(s.value for s in BookingStatus) == sorted(STATUSES)


@pytest.mark.parametrize("status", STATUSES)
def test_only_confirmed_cancel_requested_completed_and_no_show_occupy_seats(status):
    expected = status in {"confirmed", "cancel_requested", "completed", "no_show"}
    assert BookingStatus(status).occupies_seats is expected


@pytest.mark.parametrize("status", STATUSES)
def test_only_cancelled_completed_and_no_show_are_final(status):
    assert BookingStatus(status).is_final is (status in {"cancelled", "completed", "no_show"})


@pytest.mark.parametrize(("current", "wanted"), ALL_PAIRS)
def test_transition(current, wanted):
    course, booking = course_holding(BookingStatus(current))
    if (current, wanted) in SPEC_TRANSITIONS:
        course.change_status(booking, BookingStatus(wanted))
        assert booking.status is BookingStatus(wanted)
        assert course.booked == booking.occupied_tickets
    else:
        with pytest.raises(IllegalTransition) as raised:
            course.change_status(booking, BookingStatus(wanted))
        message = str(raised.value)
        assert f"'{current}'" in message and f"'{wanted}'" in message
        assert booking.status is BookingStatus(current)
        assert course.booked == booking.occupied_tickets
        assert course.events == []


@pytest.mark.parametrize("final", ["cancelled", "completed"])
def test_an_illegal_transition_from_a_final_status_says_it_is_final(final):
    course, booking = course_holding(BookingStatus(final))
    with pytest.raises(IllegalTransition, match=f"'{final}' is final"):
        course.change_status(booking, BookingStatus.CONFIRMED)


def test_an_illegal_transition_names_the_booking_and_the_allowed_targets():
    course, booking = course_holding(BookingStatus.PENDING)
    with pytest.raises(IllegalTransition) as raised:
        course.change_status(booking, BookingStatus.COMPLETED)
    assert "booking 7" in str(raised.value)
    assert "'confirmed'" in str(raised.value) and "'cancelled'" in str(raised.value)
