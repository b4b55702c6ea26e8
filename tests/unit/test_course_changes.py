"""The studio's changes to a course from the admin pages: new details, one waiting customer moved
up by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from studiobook.domain.courses.bookings import BookingStatus
from studiobook.domain.courses.course import Course
from studiobook.domain.courses.rules import BookingRules
from studiobook.domain.courses.waitlist import WaitlistEntry, WaitlistStatus
from studiobook.domain.events import BookingConfirmed, BookingPromoted
from studiobook.domain.shared.customers import Customer
from studiobook.domain.shared.errors import (
    CourseAlreadyCancelled,
    CourseClosed,
    InvalidCourse,
    InvalidWaitlistChange,
    NotEnoughFreeSpots,
)

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
ADA = Customer.of("Ada", "ada@example.org")
RULES = BookingRules.of(True, 60, 120)


def course(capacity: int = 2, **details) -> Course:
    return Course(title="Yoga", capacity=capacity, id=1, starts_at=NOW, **details)


def entry(tickets: int = 1, course_id: int = 1) -> WaitlistEntry:
    return WaitlistEntry(course_id, ADA, tickets, NOW, id=7)


def test_new_details_replace_the_old_and_keep_the_seats():
    yoga = course(booked=1)
    later = NOW + timedelta(days=1)
    yoga.change_details("  Yin Yoga ", later, later + timedelta(hours=1), 3, 4, RULES)
    assert (yoga.title, yoga.starts_at, yoga.ends_at) == ("Yin Yoga", later, later + timedelta(hours=1))
    assert (yoga.branch_id, yoga.instructor_id, yoga.rules) == (3, 4, RULES)
    assert (yoga.capacity, yoga.booked) == (2, 1)


@pytest.mark.parametrize(("title", "starts", "ends", "message"), [
    ("", NOW, None, "needs a title"),
    ("Yoga", NOW, NOW - timedelta(minutes=1), "end before it starts"),
    ("Yoga", NOW.replace(tzinfo=None), None, "UTC offset"),
])
def test_bad_details_change_nothing(title, starts, ends, message):
    yoga = course()
    with pytest.raises(InvalidCourse, match=message):
        yoga.change_details(title, starts, ends, 3, None, RULES)
    assert (yoga.title, yoga.starts_at, yoga.branch_id, yoga.rules) == ("Yoga", NOW, None, BookingRules())


def test_a_cancelled_course_takes_no_new_details():
    yoga = course(cancelled=True)
    with pytest.raises(CourseAlreadyCancelled):
        yoga.change_details("Other", NOW, None, None, None, RULES)
    assert yoga.title == "Yoga"


def test_promoting_one_entry_books_it_confirmed_even_after_the_start():
    yoga = course(capacity=3, booked=1)
    waiting = entry(tickets=2)
    booking = yoga.promote_entry(waiting, NOW + timedelta(minutes=5))
    assert (booking.status, booking.tickets, booking.customer) == (BookingStatus.CONFIRMED, 2, ADA)
    assert waiting.status is WaitlistStatus.PROMOTED
    assert yoga.free_spots == 0
    assert [type(e) for e in yoga.pull_events()] == [BookingPromoted, BookingConfirmed]


def test_promoting_needs_free_seats_a_waiting_entry_and_a_running_course():
    full = course(capacity=1, booked=1)
    waiting = entry()
    with pytest.raises(NotEnoughFreeSpots):
        full.promote_entry(waiting, NOW)
    assert waiting.status is WaitlistStatus.WAITING and full.booked == 1
    left = entry()
    left.status = WaitlistStatus.LEFT
    with pytest.raises(InvalidWaitlistChange, match="only a waiting entry"):
        course().promote_entry(left, NOW)
    with pytest.raises(CourseClosed, match="cancelled"):
        course(cancelled=True).promote_entry(entry(), NOW)
    with pytest.raises(InvalidCourse, match="belongs to course 2"):
        course().promote_entry(entry(course_id=2), NOW)
