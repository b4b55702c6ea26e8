"""The SQL repositories on a real database (SQLite always, PostgreSQL when configured)."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dependency_injector import providers
from sqlalchemy import event
from sqlalchemy.exc import StatementError

from studiobook.adapters.sql.tables import timetables
from studiobook.domain.appointments import Company
from studiobook.domain.courses.bookings import BookingStatus
from studiobook.domain.courses.course import Course
from studiobook.domain.courses.rules import BookingRules
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


def add_company(uow, name="Studio", slug="studio", zone="Europe/Berlin") -> int:
    """A company row for courses to belong to (SPEC 2.1a), in the caller's unit of work."""
    return uow.companies.add(Company(name=name, time_zone=zone, slug=slug)).id


def add_courses(store, capacities: list[int]) -> list[int]:
    with store.unit_of_work(for_writing=True) as uow:
        company_id = add_company(uow)
        ids = []
        for number, capacity in enumerate(capacities):
            course = Course.create(f"Course {number}", capacity, company_id=company_id)
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
    studio = container.companies().create("Studio", "Europe/Berlin")
    course = container.courses().create("Empty", 4, company_id=studio.id)
    [listed] = container.courses().list()
    assert (listed.id, listed.booked, listed.free_spots) == (course.id, 0, 4)
    assert (listed.company_id, listed.time_zone) == (studio.id, "Europe/Berlin")


def test_course_and_booking_times_round_trip_timezone_aware(container):
    booked_at = datetime(2026, 11, 27, 9, 15, 30, 123456, tzinfo=UTC)
    container.clock.override(providers.Object(FakeClock(booked_at)))
    starts = datetime(2026, 3, 29, 1, 30, tzinfo=BERLIN)  # the night the clocks go forward
    ends = starts + timedelta(hours=2)
    studio = container.companies().create("Studio", "Europe/Berlin")
    course = container.courses().create("Night class", 5, starts, ends, company_id=studio.id)
    booking = container.bookings().book(course.id, "Ada", "ada@example.org")

    stored = container.courses().get(course.id)
    stored_booking = container.bookings().get(booking.id)
    assert (stored.starts_at, stored.ends_at) == (starts, ends)
    assert stored.starts_at.utcoffset() == timedelta(0)
    assert stored_booking.created_at == booked_at
    assert stored_booking.created_at.tzinfo is not None
    assert container.courses().list()[0].ends_at == ends


def test_a_naive_datetime_never_reaches_the_database(container):
    with container.store().unit_of_work(for_writing=True) as uow:
        company_id = add_company(uow)
        uow.commit()
    naive = Course(
        title="Naive", capacity=3, starts_at=datetime(2026, 12, 1, 18, 0), company_id=company_id
    )
    with container.store().unit_of_work(for_writing=True) as uow:
        with pytest.raises(StatementError, match="naive datetime"):
            uow.courses.add(naive)
    assert container.courses().list() == []


def test_bookings_and_waitlist_round_trip(container):
    studio = container.companies().create("Studio", "Europe/Berlin")
    course = container.courses().create("Yoga", 1, company_id=studio.id)
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


# -- courses per studio (SPEC 2.1a) ------------------------------------------------------------
def add_timetable(uow, company_id: int, created_at: datetime) -> int:
    """A timetable row (its use-cases live elsewhere): what a session's ``timetable_id`` names."""
    inserted = uow.connection.execute(
        timetables.insert().values(
            company_id=company_id, title="Morning flow", capacity=12, rrule="FREQ=WEEKLY;BYDAY=MO",
            starts_local="2027-01-04T07:00", duration_minutes=60, created_at=created_at,
        )
    )  # fmt: skip
    return inserted.inserted_primary_key[0]


def test_every_field_of_a_course_round_trips_and_its_zone_comes_from_the_company(container):
    now = FakeClock().now()
    with container.store().unit_of_work(for_writing=True) as uow:
        company_id = add_company(uow, "Studio Nord", "studio-nord", "America/New_York")
        uow.commit()
    branch_id = container.companies().add_branch(company_id, "Mitte").id
    instructor_id = container.staffing().add(company_id, "Ines").id
    with container.store().unit_of_work(for_writing=True) as uow:
        timetable_id = add_timetable(uow, company_id, now)
        course = Course(
            title="Flow", capacity=12, starts_at=now + timedelta(days=3),
            ends_at=now + timedelta(days=3, hours=1), branch_id=branch_id, company_id=company_id,
            instructor_id=instructor_id, timetable_id=timetable_id,
            rules=BookingRules.of(True, 2 * 24 * 60, 90), cancelled=True,
        )  # fmt: skip
        uow.courses.add(course)
        uow.commit()

    with container.store().unit_of_work() as uow:
        read = [uow.courses.get(course.id), uow.courses.get_for_update(course.id)]
        read += uow.courses.list()
    for stored in read:
        assert stored == course
        assert stored.time_zone == "America/New_York"
        assert stored.rules == BookingRules(True, timedelta(days=2), timedelta(minutes=90))
        assert (stored.instructor_id, stored.timetable_id, stored.cancelled) == (
            instructor_id, timetable_id, True,
        )  # fmt: skip


def test_courses_list_and_seats_keep_to_one_company_timetable_and_range(container):
    now = FakeClock().now()
    with container.store().unit_of_work(for_writing=True) as uow:
        north = add_company(uow, "North", "north")
        south = add_company(uow, "South", "south")
        weekly = add_timetable(uow, north, now)

        def add(title: str, company_id: int, days: int | None, timetable_id=None) -> int:
            starts = None if days is None else now + timedelta(days=days)
            course = Course.create(title, 5, starts, company_id=company_id)
            course.timetable_id = timetable_id
            uow.courses.add(course)
            return course.id

        later = add("later", north, 7, weekly)
        undated = add("undated", north, None)
        soon = add("soon", north, 1, weekly)
        elsewhere = add("elsewhere", south, 2)
        uow.commit()

    with container.store().unit_of_work() as uow:
        assert [c.id for c in uow.courses.list()] == [soon, elsewhere, later, undated]
        assert [c.id for c in uow.courses.list(north)] == [soon, later, undated]
        assert [c.id for c in uow.courses.list(south)] == [elsewhere]
        assert [c.id for c in uow.courses.list(timetable_id=weekly)] == [soon, later]
        in_range = uow.courses.list(
            north, starts_from=now + timedelta(days=1), starts_before=now + timedelta(days=7)
        )
        assert [c.id for c in in_range] == [soon]
        assert set(uow.courses.seats(north)) == {soon, later, undated}
        assert uow.courses.seats(south) == {elsewhere: (5, 0)}


def test_a_membership_is_looked_up_by_e_mail_without_case_and_an_active_one_wins(container):
    from studiobook.domain.members.member import Member, Membership, MembershipStatus

    now = FakeClock().now()

    def member(client_id: str, email: str, status: MembershipStatus | None) -> Member:
        membership = None if status is None else Membership(
            f"m{client_id}", "Unlimited", status, "89.00", now.date()
        )  # fmt: skip
        return Member(client_id, "Kim", "Berg", email, None, membership, now)

    with container.store().unit_of_work(for_writing=True) as uow:
        uow.members.add_many(
            [
                member("1", "family@example.org", MembershipStatus.EXPIRED),
                member("2", "Family@Example.org", MembershipStatus.ACTIVE),
                member("3", "paused@example.org", MembershipStatus.ON_HOLD),
                member("4", "none@example.org", None),
            ],
            now,
        )
        uow.commit()

    with container.store().unit_of_work() as uow:
        assert uow.memberships.status_of("FAMILY@example.org") is MembershipStatus.ACTIVE
        assert uow.memberships.status_of("paused@EXAMPLE.org") is MembershipStatus.ON_HOLD
        assert uow.memberships.status_of("none@example.org") is None
        assert uow.memberships.status_of("stranger@example.org") is None
