"""The SQL repositories on a real database (SQLite always, PostgreSQL when configured)."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dependency_injector import providers
from sqlalchemy import event
from sqlalchemy.exc import StatementError

from studiobook.domain.courses.bookings import BookingStatus
from studiobook.domain.courses.course import Course
from studiobook.domain.shared.customers import Customer
from tests.fakes import FakeClock

BERLIN = ZoneInfo("Europe/Berlin")


@contextmanager
def statements_on(engine):
    """Collect the SQL statements executed on ``engine`` inside the block."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def add_courses(store, capacities: list[int]) -> list[int]:
    with store.unit_of_work(for_writing=True) as uow:
        ids = []
        for number, capacity in enumerate(capacities):
            course = Course.create(f"Course {number}", capacity)
            uow.courses.add(course)
            ids.append(course.id)
        uow.commit()
    return ids


def test_listing_200_courses_is_one_grouped_select(container):
    store = container.store()
    ids = add_courses(store, [(n % 7) for n in range(200)])  # capacity 0 = unlimited
    bookings = container.bookings()
    booked = {}
    for course_id in ids[1:200:9]:
        bookings.book(course_id, "Ada", "ada@example.org", 1)
        bookings.book(course_id, "Bo", "bo@example.org", 2, BookingStatus.PENDING)
        booked[course_id] = 1

    with statements_on(store.engine) as seen:
        listed = container.courses().list()

    selects = [s for s in seen if s.upper().startswith("SELECT")]
    assert len(selects) == 1, selects
    assert "courses" in selects[0] and "GROUP BY" in selects[0].upper()
    assert [c.id for c in listed] == ids
    for course in listed:
        expected = None if course.capacity == 0 else course.capacity - booked.get(course.id, 0)
        assert course.free_spots == expected, course


def test_a_course_with_no_bookings_lists_with_all_seats_free(container):
    course = container.courses().create("Empty", 4)
    [listed] = container.courses().list()
    assert (listed.id, listed.booked, listed.free_spots) == (course.id, 0, 4)


def test_course_and_booking_times_round_trip_timezone_aware(container):
    booked_at = datetime(2026, 11, 27, 9, 15, 30, 123456, tzinfo=UTC)
    container.clock.override(providers.Object(FakeClock(booked_at)))
    starts = datetime(2026, 3, 29, 1, 30, tzinfo=BERLIN)  # the night the clocks go forward
    ends = starts + timedelta(hours=2)
    course = container.courses().create("Night class", 5, starts, ends)
    booking = container.bookings().book(course.id, "Ada", "ada@example.org")

    stored = container.courses().get(course.id)
    stored_booking = container.bookings().get(booking.id)
    assert (stored.starts_at, stored.ends_at) == (starts, ends)
    assert stored.starts_at.utcoffset() == timedelta(0)
    assert stored_booking.created_at == booked_at
    assert stored_booking.created_at.tzinfo is not None
    assert container.courses().list()[0].ends_at == ends


def test_a_naive_datetime_never_reaches_the_database(container):
    naive = Course(title="Naive", capacity=3, starts_at=datetime(2026, 12, 1, 18, 0))
    with container.store().unit_of_work(for_writing=True) as uow:
        with pytest.raises(StatementError, match="naive datetime"):
            uow.courses.add(naive)
    assert container.courses().list() == []


def test_bookings_and_waitlist_round_trip(container):
    course = container.courses().create("Yoga", 1)
    bookings = container.bookings()
    held = bookings.book(course.id, "Ada", "ADA@Example.ORG", 1)
    first = bookings.book(course.id, "Bo", "bo@example.org", 1, waitlist=True)
    second = bookings.book(course.id, "Cy", "cy@example.org", 1, waitlist=True)

    stored = bookings.get(held.id)
    assert stored.customer == Customer("Ada", "ADA@example.org")
    assert (stored.course_id, stored.tickets) == (course.id, 1)
    assert stored.status is BookingStatus.CONFIRMED
    assert [e.id for e in bookings.waitlist(course.id)] == [first.id, second.id]

    bookings.cancel(held.id)
    [promoted] = bookings.list(course.id, BookingStatus.CONFIRMED)
    assert promoted.customer.name == "Bo"
    assert [e.id for e in bookings.waitlist(course.id)] == [second.id]
