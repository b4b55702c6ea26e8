"""Timetables on the real store, on SQLite and PostgreSQL: sessions made once however often and
however many at once, series edits that touch only the future, a session called off with its
customers told, and one studio never seeing another's timetables.

The clock is injected (a Monday in January 2027), so the dates below never age.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dependency_injector import providers

from studiobook.application.appointments.tenancy import BranchNotFound, StaffNotFound
from studiobook.application.container import build_container
from studiobook.application.hookspecs import hookimpl
from studiobook.domain.courses.bookings import BookingStatus
from studiobook.domain.courses.timetables import TimetableNotFound
from studiobook.domain.courses.waitlist import WaitlistEntry
from studiobook.domain.shared.errors import CourseClosed, CourseNotFound
from tests.fakes import FakeClock

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_MORNING = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
FIRST_CLASS = datetime(2027, 1, 4, 18, 0)  # Mondays 18:00 on Berlin's wall clocks


class Told:
    """A plugin that hears of cancellations, like invoicing or a mailer would."""

    def __init__(self) -> None:
        self.cancelled: list[tuple[int, int, str | None]] = []

    @hookimpl
    def studiobook_booking_cancelled(self, booking, tickets, reason):
        self.cancelled.append((booking.id, tickets, reason))


@pytest.fixture
def told() -> Told:
    return Told()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MONDAY_MORNING)


@pytest.fixture
def studio(settings, clock, told):
    """The real wiring with a listening plugin and the clock above; 4 weeks of sessions ahead."""
    from dataclasses import replace

    container = build_container(replace(settings, timetable_weeks_ahead=4), plugins=[told])
    container.store().ensure_schema()
    container.clock.override(providers.Object(clock))
    yield container
    container.store().dispose()


@pytest.fixture
def company(studio) -> int:
    return studio.companies().create("Studio Nord", "Europe/Berlin").id


def weekly(studio, company: int, **options):
    return studio.timetables().add(
        company, "Yoga", 10, "FREQ=WEEKLY;BYDAY=MO", FIRST_CLASS, 60, **options
    )


def local_starts(sessions) -> list[str]:
    return [s.starts_at.astimezone(BERLIN).isoformat(timespec="minutes") for s in sessions]


# -- making sessions ----------------------------------------------------------------------------
def test_adding_a_timetable_makes_its_sessions_of_the_coming_weeks(studio, company):
    made = weekly(studio, company, members_only=True, cancel_cutoff_minutes=120)

    sessions = studio.timetables().sessions(made.id)
    assert local_starts(sessions) == [
        "2027-01-04T18:00+01:00", "2027-01-11T18:00+01:00", "2027-01-18T18:00+01:00",
        "2027-01-25T18:00+01:00",
    ]  # fmt: skip
    first = sessions[0]
    assert (first.company_id, first.timetable_id, first.capacity, first.free_spots) == (
        company, made.id, 10, 10,
    )  # fmt: skip
    assert first.rules.members_only and first.rules.cancel_cutoff_minutes == 120
    assert first.ends_at - first.starts_at == timedelta(minutes=60)
    assert [t.id for t in studio.timetables().list(company)] == [made.id]
    assert studio.timetables().get(made.id).rrule == "FREQ=WEEKLY;BYDAY=MO"
    actions = [e.action for e in studio.audit().list(company, "timetable")]
    assert sorted(actions) == ["create", "materialise"]


def test_materialising_twice_makes_nothing_new_and_a_week_later_one_more(studio, company, clock):
    made = weekly(studio, company)
    before = studio.timetables().sessions(made.id)

    assert [m.created for m in studio.timetables().materialise()] == [0]
    assert studio.timetables().sessions(made.id) == before

    clock.advance(weeks=1)
    [done] = studio.timetables().materialise()
    assert (done.timetable_id, done.company_id, done.created) == (made.id, company, 1)
    assert len(studio.timetables().sessions(made.id)) == len(before) + 1


def test_the_hourly_job_materialises_every_active_timetable(studio, company, clock):
    weekly(studio, company)
    [job] = [j for j in studio.scheduled_jobs() if j.name == "timetables"]
    assert job.interval == timedelta(hours=1)
    clock.advance(weeks=2)
    assert job.run() == "2 session(s) made for 1 active timetable(s)"


def test_threads_materialising_at_once_make_each_session_once(studio, company):
    made = studio.timetables().add(
        company, "Spin", 8, "FREQ=DAILY;BYHOUR=7,18;BYMINUTE=0", FIRST_CLASS, 45
    )
    expected = len(studio.timetables().sessions(made.id)) + 2 * 7 * 4  # four more weeks
    start = threading.Barrier(4)

    def race():
        start.wait()
        return studio.timetables().materialise(weeks_ahead=8)

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: race(), range(4)))

    assert sum(m.created for result in results for m in result) == 2 * 7 * 4
    sessions = studio.timetables().sessions(made.id)
    assert len(sessions) == expected
    assert len({s.starts_at for s in sessions}) == expected


def test_the_database_decides_which_of_two_writers_inserts_a_session(studio, company):
    # Below the use-case (no timetable lock): two transactions insert the same sessions at once.
    made = studio.timetables().add(
        company, "Spin", 8, "FREQ=WEEKLY", FIRST_CLASS, 45, until=FIRST_CLASS.date()
    )
    later = [made.session_at(MONDAY_MORNING + timedelta(days=d), "Europe/Berlin") for d in range(5)]
    start = threading.Barrier(2)

    def insert() -> int:
        start.wait()
        with studio.store().unit_of_work(for_writing=True) as uow:
            created = uow.timetables.add_sessions(later)
            uow.commit()
        return created

    with ThreadPoolExecutor(max_workers=2) as pool:
        created = list(pool.map(lambda _: insert(), range(2)))

    assert sorted(created) == [0, 5]
    assert len(studio.timetables().sessions(made.id)) == 1 + 5


# -- editing the series -------------------------------------------------------------------------
def test_a_series_edit_changes_only_future_sessions(studio, company, clock):
    made = weekly(studio, company)
    first, *future = studio.timetables().sessions(made.id)
    studio.bookings().book(future[0].id, "Ada", "ada@example.org", 2)
    clock.advance(hours=9, minutes=30)  # 18:30 in Berlin: the first class is running

    edit = studio.timetables().update(
        made.id, title="Yoga Flow", capacity=12, cancel_cutoff_minutes=60
    )

    assert edit.updated == [s.id for s in future]
    assert edit.created == 1  # four weeks from now reach one more Monday
    assert (edit.removed, edit.called_off, edit.kept) == ([], [], [])
    after = studio.timetables().sessions(made.id)
    assert (after[0].title, after[0].capacity, after[0].rules.cancel_cutoff_minutes) == (
        "Yoga", 10, None,
    )  # fmt: skip
    assert all(
        (s.title, s.capacity, s.rules.cancel_cutoff_minutes) == ("Yoga Flow", 12, 60)
        for s in after[1:]
    )
    assert after[1].booked == 2 and after[1].free_spots == 10
    assert studio.timetables().get(made.id).title == "Yoga Flow"
    [row] = [e for e in studio.audit().list(company, "timetable") if e.action == "update"]
    assert row.before["title"] == "Yoga" and row.after["timetable"]["title"] == "Yoga Flow"


def test_moving_the_class_keeps_booked_sessions_and_replaces_the_rest(studio, company, clock):
    made = weekly(studio, company)
    first, booked, called_off, *unbooked = studio.timetables().sessions(made.id)
    studio.bookings().book(booked.id, "Ada", "ada@example.org")
    gone = studio.bookings().book(called_off.id, "Bob", "bob@example.org")
    studio.bookings().cancel(gone.id)
    clock.advance(hours=11)  # the first Monday's class is over

    edit = studio.timetables().update(
        made.id, rrule="FREQ=WEEKLY;BYDAY=WE", starts_local=datetime(2027, 1, 6, 19, 0),
        duration_minutes=90,
    )  # fmt: skip

    assert (edit.kept, edit.called_off, edit.removed) == (
        [booked.id], [called_off.id], [s.id for s in unbooked],
    )  # fmt: skip
    after = {s.id: s for s in studio.timetables().sessions(made.id)}
    assert after[first.id] == first  # history
    assert after[booked.id].starts_at == booked.starts_at  # its customer booked that time
    assert after[booked.id].ends_at == booked.ends_at
    assert after[called_off.id].cancelled
    wednesdays = [s for s in after.values() if s.starts_at.astimezone(BERLIN).weekday() == 2]
    assert local_starts(sorted(wednesdays, key=lambda s: s.starts_at))[:2] == [
        "2027-01-06T19:00+01:00", "2027-01-13T19:00+01:00",
    ]  # fmt: skip
    assert all(s.ends_at - s.starts_at == timedelta(minutes=90) for s in wednesdays)
    assert edit.created == len(wednesdays)
    # And running the job again changes nothing.
    assert [m.created for m in studio.timetables().materialise()] == [0]


def test_raising_the_capacity_of_the_series_moves_waitlisted_customers_up(studio, company):
    made = studio.timetables().add(company, "Box", 1, "FREQ=WEEKLY", FIRST_CLASS, 60)
    session = studio.timetables().sessions(made.id)[1]
    studio.bookings().book(session.id, "Ada", "ada@example.org")
    studio.bookings().book(session.id, "Bob", "bob@example.org", waitlist=True)

    studio.timetables().update(made.id, capacity=2)

    assert studio.courses().get(session.id).booked == 2
    assert studio.bookings().waitlist(session.id) == []


def test_deactivating_keeps_booked_sessions_and_stops_making_new_ones(studio, company, clock):
    made = weekly(studio, company)
    first, booked, *rest = studio.timetables().sessions(made.id)
    studio.bookings().book(booked.id, "Ada", "ada@example.org")

    edit = studio.timetables().deactivate(made.id)

    assert edit.kept == [booked.id] and edit.removed == [first.id, *(s.id for s in rest)]
    clock.advance(weeks=3)
    assert studio.timetables().materialise() == []
    assert [s.id for s in studio.timetables().sessions(made.id)] == [booked.id]
    assert not studio.timetables().get(made.id).active


# -- calling a session off ----------------------------------------------------------------------
def test_cancelling_a_session_cancels_its_bookings_and_tells_the_plugins(studio, company, told):
    made = studio.timetables().add(company, "Box", 3, "FREQ=WEEKLY", FIRST_CLASS, 60)
    session = studio.timetables().sessions(made.id)[1]
    ada = studio.bookings().book(session.id, "Ada", "ada@example.org", 2)
    bob = studio.bookings().book(session.id, "Bob", "bob@example.org", 1, BookingStatus.PENDING)
    kim = studio.bookings().book(session.id, "Kim", "kim@example.org", 1)
    studio.bookings().cancel(kim.id)
    told.cancelled.clear()
    queued = studio.bookings().book(session.id, "Lou", "lou@example.org", 2, waitlist=True)
    assert isinstance(queued, WaitlistEntry)

    cancelled = studio.timetables().cancel_session(session.id, reason="instructor ill")

    assert cancelled.cancelled and cancelled.booked == 0
    assert sorted(told.cancelled) == [(ada.id, 2, "instructor ill"), (bob.id, 1, "instructor ill")]
    statuses = {b.id: b.status for b in studio.bookings().list(session.id)}
    assert set(statuses.values()) == {BookingStatus.CANCELLED}
    assert studio.bookings().waitlist(session.id) == []
    with pytest.raises(CourseClosed):
        studio.bookings().book(session.id, "Ada", "ada@example.org")
    assert studio.timetables().materialise()[0].created == 0  # never made again
    assert studio.timetables().sessions(made.id)[1].cancelled
    actions = sorted(e.action for e in studio.audit().list(company) if e.entity != "timetable")
    assert actions.count("cancel") == 4 and "leave" in actions  # course, 2 bookings (+kim's)


# -- tenants ------------------------------------------------------------------------------------
def test_one_studio_never_sees_or_changes_another_studios_timetables(studio, company):
    other = studio.companies().create("Studio Süd", "Europe/Berlin").id
    elsewhere_branch = studio.companies().add_branch(other, "Süd").id
    elsewhere_staff = studio.staffing().add(other, "Sam").id
    made = weekly(studio, company)
    session = studio.timetables().sessions(made.id)[0]

    assert studio.timetables().list(other) == []
    for attempt in (
        lambda: studio.timetables().get(made.id, company_id=other),
        lambda: studio.timetables().sessions(made.id, company_id=other),
        lambda: studio.timetables().update(made.id, company_id=other, title="Mine"),
        lambda: studio.timetables().deactivate(made.id, company_id=other),
    ):
        with pytest.raises(TimetableNotFound):
            attempt()
    with pytest.raises(CourseNotFound):
        studio.timetables().cancel_session(session.id, company_id=other)
    with pytest.raises(BranchNotFound):
        weekly(studio, company, branch_id=elsewhere_branch)
    with pytest.raises(StaffNotFound):
        studio.timetables().update(made.id, instructor_id=elsewhere_staff)
    assert studio.timetables().get(made.id).title == "Yoga"
    assert not studio.courses().get(session.id).cancelled
    assert [t.id for t in studio.timetables().list(company)] == [made.id]
