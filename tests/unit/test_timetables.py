"""Timetables: wall-clock starts to instants across DST (RFC 5545's gap and fold rules), the
repeat rules a studio may use, series edits on fakes, and calling a course off.

Fixed dates are fine here: these are pure functions with ``now`` passed in.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studiobook.adapters.recurrence.rrules import DateutilRecurrence
from studiobook.application import settings as app_settings
from studiobook.application.courses.timetables import Timetables
from studiobook.application.shared.transactions import Transactions
from studiobook.domain.appointments import Company
from studiobook.domain.courses.bookings import Booking, BookingStatus
from studiobook.domain.courses.course import Course
from studiobook.domain.courses.timetables import (
    MOST_SESSIONS_PER_WEEK,
    MOST_WEEKS_AHEAD,
    InvalidRecurrence,
    InvalidTimetable,
    Timetable,
    rule_text,
    wall_clock_instant,
)
from studiobook.domain.courses.waitlist import WaitlistEntry, WaitlistStatus
from studiobook.domain.events import BookingCancelled
from studiobook.domain.shared.customers import Customer
from studiobook.domain.shared.errors import CourseAlreadyCancelled
from tests.fakes import FakeClock, FakeStore, RecordingPublisher

BERLIN = "Europe/Berlin"
BERLIN_ZONE = ZoneInfo(BERLIN)
RECURRENCE = DateutilRecurrence()


def timetable(rule: str, first: datetime, minutes: int = 60, **options) -> Timetable:
    made = Timetable.create(1, "Yoga", 12, RECURRENCE.check(rule, first), first, minutes, **options)
    made.id = 7
    return made


def sessions(made: Timetable, now: datetime, until: datetime, zone: str = BERLIN) -> list[Course]:
    window = made.local_window(now, until, zone)
    assert window is not None
    return made.sessions(RECURRENCE.starts(made.rrule, made.starts_local, *window), zone, now)


def local(moment: datetime, zone: ZoneInfo = BERLIN_ZONE) -> str:
    return moment.astimezone(zone).isoformat(timespec="minutes")


# -- wall-clock time to instants ----------------------------------------------------------------
def test_a_weekly_18_00_class_stays_at_18_00_across_the_spring_change_of_2027():
    made = timetable("FREQ=WEEKLY;BYDAY=SU", datetime(2027, 3, 21, 18, 0))
    found = sessions(made, datetime(2027, 3, 1, tzinfo=UTC), datetime(2027, 4, 5, tzinfo=UTC))

    assert [local(s.starts_at) for s in found] == [
        "2027-03-21T18:00+01:00", "2027-03-28T18:00+02:00", "2027-04-04T18:00+02:00",
    ]  # fmt: skip
    assert [s.starts_at.hour for s in found] == [17, 16, 16]  # UTC moves, the wall clock not
    assert all(s.ends_at - s.starts_at == timedelta(minutes=60) for s in found)


def test_a_weekly_18_00_class_stays_at_18_00_across_the_autumn_change_of_2027():
    made = timetable("FREQ=WEEKLY;BYDAY=SU", datetime(2027, 10, 24, 18, 0))
    found = sessions(made, datetime(2027, 10, 1, tzinfo=UTC), datetime(2027, 11, 8, tzinfo=UTC))

    assert [local(s.starts_at) for s in found] == [
        "2027-10-24T18:00+02:00", "2027-10-31T18:00+01:00", "2027-11-07T18:00+01:00",
    ]  # fmt: skip
    assert [s.starts_at.hour for s in found] == [16, 17, 17]


def test_a_start_in_the_spring_gap_moves_forward_by_the_gap():
    # 2027-03-28: Berlin's clocks jump from 02:00 to 03:00; 02:30 never happens.
    instant = wall_clock_instant(datetime(2027, 3, 28, 2, 30), BERLIN_ZONE)
    assert instant == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
    assert local(instant) == "2027-03-28T03:30+02:00"


def test_an_ambiguous_autumn_start_is_the_first_of_the_two():
    # 2027-10-31: 02:30 happens twice, first at +02:00, then at +01:00.
    instant = wall_clock_instant(datetime(2027, 10, 31, 2, 30), BERLIN_ZONE)
    assert instant == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    assert local(instant) == "2027-10-31T02:30+02:00"


def test_a_session_lasts_its_duration_in_real_minutes_across_the_change():
    made = timetable("FREQ=DAILY", datetime(2027, 3, 27, 1, 30), minutes=120)
    found = sessions(made, datetime(2027, 3, 27, tzinfo=UTC), datetime(2027, 3, 29, tzinfo=UTC))

    change_night = found[1]
    assert local(change_night.starts_at) == "2027-03-28T01:30+01:00"
    assert local(change_night.ends_at) == "2027-03-28T04:30+02:00"  # 120 real minutes
    assert change_night.ends_at - change_night.starts_at == timedelta(minutes=120)


def test_two_wall_clock_starts_that_name_one_instant_make_one_session():
    # 02:30 (in the gap) moves to 03:30, where the rule has a session anyway.
    made = timetable("FREQ=DAILY;BYHOUR=2,3;BYMINUTE=30", datetime(2027, 3, 28, 2, 30))
    found = sessions(made, datetime(2027, 3, 27, tzinfo=UTC), datetime(2027, 3, 28, 22, tzinfo=UTC))
    assert [local(s.starts_at) for s in found] == ["2027-03-28T03:30+02:00"]


def test_a_weekly_class_meets_on_the_leap_day_2028_02_29():
    made = timetable("FREQ=WEEKLY;BYDAY=TU", datetime(2028, 2, 22, 18, 0))
    found = sessions(made, datetime(2028, 2, 20, tzinfo=UTC), datetime(2028, 3, 9, tzinfo=UTC))
    assert [local(s.starts_at) for s in found] == [
        "2028-02-22T18:00+01:00", "2028-02-29T18:00+01:00", "2028-03-07T18:00+01:00",
    ]  # fmt: skip


def test_a_monthly_class_on_the_29th_meets_on_the_leap_day_and_skips_no_month_else():
    made = timetable("FREQ=MONTHLY;BYMONTHDAY=29", datetime(2028, 1, 29, 10, 0))
    found = sessions(made, datetime(2028, 1, 1, tzinfo=UTC), datetime(2028, 4, 1, tzinfo=UTC))
    assert [s.starts_at.astimezone(BERLIN_ZONE).date() for s in found] == [
        date(2028, 1, 29), date(2028, 2, 29), date(2028, 3, 29),
    ]  # fmt: skip


def test_sessions_start_from_now_and_end_with_the_last_day():
    made = timetable("FREQ=DAILY", datetime(2027, 5, 1, 18, 0), until=date(2027, 5, 5))
    now = datetime(2027, 5, 2, 16, 30, tzinfo=UTC)  # 18:30 in Berlin: today's class started
    found = sessions(made, now, datetime(2027, 6, 1, tzinfo=UTC))
    assert [s.starts_at.astimezone(BERLIN_ZONE).day for s in found] == [3, 4, 5]
    assert all(s.timetable_id == 7 and s.time_zone == BERLIN for s in found)
    assert all(s.rules == made.rules and s.capacity == 12 for s in found)


def test_nothing_to_make_before_the_first_start_comes_into_the_window():
    made = timetable("FREQ=WEEKLY", datetime(2027, 9, 1, 18, 0))
    assert made.local_window(
        datetime(2027, 5, 1, tzinfo=UTC), datetime(2027, 6, 1, tzinfo=UTC), BERLIN
    ) is None


# -- property: the wall clock is kept in any zone ------------------------------------------------
ZONES = [
    "Europe/Berlin", "America/New_York", "Australia/Sydney", "America/Santiago",
    "Asia/Kolkata", "Australia/Lord_Howe", "America/St_Johns", "Europe/London", "UTC",
]  # fmt: skip
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _exists(moment: datetime, zone: ZoneInfo) -> bool:
    aware = moment.replace(tzinfo=zone)
    return aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == moment


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    zone_name=st.sampled_from(ZONES),
    days=st.sets(st.sampled_from(DAYS), min_size=1, max_size=7),
    weekly=st.booleans(),
    first=st.datetimes(datetime(2027, 1, 1), datetime(2030, 12, 31)).map(
        lambda d: d.replace(second=0, microsecond=0)
    ),
    minutes=st.integers(1, 240),
    lead=st.integers(0, 400),
)
def test_every_session_starts_at_the_wall_clock_time_asked(zone_name, days, weekly, first, minutes, lead):
    zone = ZoneInfo(zone_name)
    rule = f"FREQ=WEEKLY;BYDAY={','.join(sorted(days))}" if weekly else "FREQ=DAILY;INTERVAL=2"
    made = timetable(rule, first, minutes)
    now = wall_clock_instant(first, zone) + timedelta(days=lead)

    found = sessions(made, now, now + timedelta(weeks=10), zone_name)

    assert found, "ten weeks of a weekly or two-daily class have sessions"
    for session in found:
        shown = session.starts_at.astimezone(zone).replace(tzinfo=None)
        asked = datetime.combine(shown.date(), first.time())
        if not _exists(asked, zone):  # in a gap: forward by the gap
            before = asked.replace(tzinfo=zone, fold=0).utcoffset()
            after = asked.replace(tzinfo=zone, fold=1).utcoffset()
            assert before is not None and after is not None
            asked += after - before
        assert shown == asked, (zone_name, rule, first, session.starts_at)
        if weekly:
            assert DAYS[shown.weekday()] in days
        assert session.starts_at >= now
        assert session.ends_at - session.starts_at == timedelta(minutes=minutes)
    assert len({s.starts_at for s in found}) == len(found)


# -- the rules a studio may use -----------------------------------------------------------------
def test_a_rule_is_stored_upper_case_without_its_prefix():
    assert rule_text("  rrule:freq=weekly;byday=mo,we ") == "FREQ=WEEKLY;BYDAY=MO,WE"


@pytest.mark.parametrize("frequency", ["SECONDLY", "MINUTELY", "HOURLY"])
def test_rules_faster_than_daily_are_refused(frequency):
    with pytest.raises(InvalidRecurrence, match=f"not FREQ={frequency}"):
        rule_text(f"FREQ={frequency}")


@pytest.mark.parametrize(
    ("rule", "says"),
    [
        ("", "needs a repeat rule"),
        ("BYDAY=MO", "has no FREQ"),
        ("FREQ=WEEKLY;;", "without NAME=VALUE"),
        ("FREQ=WEEKLY;BYDAY=MO;BYDAY=TU", "gives BYDAY twice"),
        ("FREQ=WEEKLY;BYEASTER=0", "unknown part BYEASTER"),
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20271231", "not both"),
        ("FREQ=WEEKLY;UNTIL=20271231T230000Z", "no Z"),
        ("FREQ=WEEKLY;INTERVAL=0", "INTERVAL must be"),
        ("FREQ=WEEKLY;COUNT=-1", "COUNT must be"),
        ("DTSTART:20270104T180000\nRRULE:FREQ=WEEKLY", "one RRULE value"),
        ("FREQ=WEEKLY;BYDAY=XX", "not valid: invalid 'BYDAY'"),
        ("FREQ=DAILY;BYHOUR=0,1,2,3,4,5,6,7", f"more than {MOST_SESSIONS_PER_WEEK} sessions"),
        ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "no session in the year"),
        ("FREQ=WEEKLY;UNTIL=20261231", "ends before its first session"),
    ],
)
def test_a_rule_that_cannot_make_a_timetable_is_refused_in_one_line(rule, says):
    with pytest.raises(InvalidRecurrence, match=says) as refused:
        RECURRENCE.check(rule, datetime(2027, 1, 4, 18, 0))
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"starts_local": datetime(2027, 1, 4, 18, 0, tzinfo=UTC)}, "without a UTC offset"),
        ({"starts_local": datetime(2027, 1, 4, 18, 0, 30)}, "to the minute"),
        ({"duration_minutes": 0}, "between 1 and 1440"),
        ({"duration_minutes": 1441}, "between 1 and 1440"),
        ({"until": date(2027, 1, 3)}, "before the first start"),
        ({"title": " "}, "needs a title"),
        ({"colour": "red"}, "no colour to change"),
    ],
)
def test_a_timetable_refuses_what_cannot_be_a_class(change, says):
    made = timetable("FREQ=WEEKLY", datetime(2027, 1, 4, 18, 0))
    with pytest.raises(InvalidTimetable, match=says):
        made.changed(**change)


def test_a_changed_timetable_keeps_its_id_and_what_was_not_changed():
    made = timetable("FREQ=WEEKLY", datetime(2027, 1, 4, 18, 0))
    changed = made.changed(title="Yoga Flow", opens_before_minutes=60)
    assert (changed.id, changed.title, changed.rrule) == (7, "Yoga Flow", "FREQ=WEEKLY")
    assert changed.rules.opens_before_minutes == 60 and made.same_schedule(changed)
    assert not made.same_schedule(made.changed(duration_minutes=90))


def test_the_settings_limit_of_weeks_ahead_is_the_domains():
    assert app_settings.MOST_WEEKS_AHEAD == MOST_WEEKS_AHEAD


# -- calling a course off -----------------------------------------------------------------------
def test_calling_a_course_off_cancels_its_bookings_with_events_and_empties_its_waitlist():
    course = Course(title="Yoga", capacity=2, id=1, booked=2)
    now = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
    ada, bob = Customer.of("Ada", "ada@example.org"), Customer.of("Bob", "bob@example.org")
    held = Booking(1, ada, 2, BookingStatus.CONFIRMED, now, id=10)
    asked = Booking(1, bob, 1, BookingStatus.REQUEST, now, id=11)
    gone = Booking(1, bob, 1, BookingStatus.CANCELLED, now, id=12)
    waiting = WaitlistEntry(1, bob, 1, now, id=20)

    cancelled = course.cancel_course([held, asked, gone], [waiting], "instructor ill")

    assert cancelled == [held, asked] and course.cancelled
    assert {b.status for b in (held, asked, gone)} == {BookingStatus.CANCELLED}
    assert waiting.status is WaitlistStatus.LEFT and course.booked == 0
    events = course.pull_events()
    assert [(e.booking.id, e.tickets, e.reason) for e in events if isinstance(e, BookingCancelled)] == [
        (10, 2, "instructor ill"), (11, 1, "instructor ill"),
    ]  # fmt: skip
    with pytest.raises(CourseAlreadyCancelled, match="course 1 was cancelled already"):
        course.cancel_course([], [], None)


# -- series edits on fakes ----------------------------------------------------------------------
def studio(now: datetime) -> tuple[Timetables, FakeStore, FakeClock]:
    clock = FakeClock(now)
    store = FakeStore()
    store.state.companies[1] = Company(id=1, name="Studio", time_zone=BERLIN)
    transactions = Transactions(store.unit_of_work, RecordingPublisher(), sleep=lambda _: None)
    return Timetables(transactions, clock, RECURRENCE, weeks_ahead=4), store, clock


def book(store: FakeStore, course_id: int, status: BookingStatus) -> None:
    customer = Customer.of("Ada", "ada@example.org")
    store.state.bookings[900 + course_id] = Booking(
        course_id, customer, 1, status, datetime(2027, 1, 1, tzinfo=UTC), id=900 + course_id
    )


def test_moving_the_class_to_another_day_keeps_booked_sessions_calls_off_and_removes_the_rest():
    monday = datetime(2027, 1, 4, 18, 0)
    timetables, store, clock = studio(datetime(2027, 1, 4, 8, 0, tzinfo=UTC))
    made = timetables.add(1, "Yoga", 10, "FREQ=WEEKLY;BYDAY=MO", monday, 60)
    first, second, third, fourth = (s.id for s in timetables.sessions(made.id))
    book(store, second, BookingStatus.CONFIRMED)
    book(store, third, BookingStatus.CANCELLED)
    clock.advance(hours=12)  # the first Monday's class has started: history

    edit = timetables.update(made.id, rrule="FREQ=WEEKLY;BYDAY=TU", title="Yoga Flow")

    assert (edit.kept, edit.called_off, edit.removed) == ([second], [third], [fourth])
    assert edit.updated == [] and edit.created == 4
    after = {s.id: s for s in timetables.sessions(made.id)}
    assert after[first].title == "Yoga" and after[first].starts_at.weekday() == 0
    assert after[second].title == "Yoga Flow" and after[second].starts_at.weekday() == 0
    assert after[third].cancelled
    tuesdays = [s for s in after.values() if s.starts_at.astimezone(BERLIN_ZONE).weekday() == 1]
    assert len(tuesdays) == 4 and all(s.title == "Yoga Flow" for s in tuesdays)
    assert fourth not in after


def test_deactivating_removes_unbooked_future_sessions_and_makes_no_more():
    timetables, store, clock = studio(datetime(2027, 1, 4, 8, 0, tzinfo=UTC))
    made = timetables.add(1, "Yoga", 10, "FREQ=WEEKLY;BYDAY=MO", datetime(2027, 1, 4, 18, 0), 60)
    ids = [s.id for s in timetables.sessions(made.id)]

    edit = timetables.deactivate(made.id)

    assert sorted(edit.removed) == ids and timetables.sessions(made.id) == []
    clock.advance(weeks=1)
    assert timetables.materialise() == []
    assert timetables.deactivate(made.id).removed == []  # twice: nothing more to do


# -- wiring: the recurrence adapter and the setting ---------------------------------------------
def test_the_recurrence_is_an_adapter_chosen_by_its_setting():
    from studiobook.application.container import build_container
    from studiobook.application.plugins import PluginError

    container = build_container(app_settings.Settings(load_entry_points=False))
    assert container.adapters().names("recurrence") == ["dateutil"]
    assert isinstance(container.recurrence(), DateutilRecurrence)
    chosen = app_settings.Settings.from_env({"STUDIOBOOK_RECURRENCE": "ical"}, load_entry_points=False)
    with pytest.raises(PluginError, match="no recurrence adapter named 'ical'.*dateutil"):
        build_container(chosen).recurrence()


def test_weeks_ahead_come_from_the_environment_within_two_years():
    from_env = app_settings.Settings.from_env
    assert from_env({}).timetable_weeks_ahead == 8
    assert from_env({"STUDIOBOOK_TIMETABLE_WEEKS_AHEAD": "12"}).timetable_weeks_ahead == 12
    for wrong in ("0", "105", "eight"):
        with pytest.raises(app_settings.SettingsError, match="STUDIOBOOK_TIMETABLE_WEEKS_AHEAD"):
            from_env({"STUDIOBOOK_TIMETABLE_WEEKS_AHEAD": wrong})
