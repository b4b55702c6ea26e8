"""Companies, staff, event types, assignments, appointments and working hours: construction
validates and normalises, and every refusal names the record and what to do."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest

from studiobook.domain.appointments import (
    Appointment,
    Assignment,
    BookingLimits,
    Branch,
    Company,
    EventType,
    Staff,
    TimeRange,
    Weekday,
    WorkingHours,
    slugify,
)
from studiobook.domain.appointments.errors import (
    InvalidAppointment,
    InvalidAssignment,
    InvalidCompany,
    InvalidEventType,
    InvalidSchedule,
    InvalidStaff,
)
from studiobook.domain.shared.errors import InvalidValue

from .builders import BERLIN, event_type, staff

START = datetime(2026, 12, 1, 10, 0, tzinfo=BERLIN)


# -- working hours ---------------------------------------------------------------------------------
def test_time_ranges_parse_from_text_pairs_and_times():
    assert TimeRange.parse("09:00-17:30") == TimeRange(540, 1050)
    assert TimeRange.parse(("9:00", "24:00")) == TimeRange(540, 1440)
    assert TimeRange.parse((time(9), time(12, 15))) == TimeRange(540, 735)
    assert str(TimeRange(540, 1440)) == "09:00-24:00"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("17:00-09:00", "must start before it ends.*split a night shift at midnight"),
        ("09:00-09:00", "must start before it ends"),
        ("9-17", "not a wall-clock time such as 09:30"),
        ("09:00-24:30", "not a wall-clock time"),
        ("25:00-26:00", "not a wall-clock time"),
        ("nine to five", "not a time range such as 09:00-17:00"),
        ((time(9, 0, 30), time(10)), "whole minutes"),
    ],
)
def test_bad_time_ranges_are_refused_with_a_hint(value, message):
    with pytest.raises(InvalidSchedule, match=message):
        TimeRange.parse(value)


def test_weekdays_accept_english_german_and_numbers():
    assert Weekday.parse("Monday") is Weekday.MONDAY
    assert Weekday.parse("so") is Weekday.SUNDAY
    assert Weekday.parse("Mittwoch") is Weekday.WEDNESDAY
    assert Weekday.parse(4) is Weekday.FRIDAY
    with pytest.raises(InvalidSchedule, match="'funday' is not a weekday; use mon, tue"):
        Weekday.parse("funday")


def test_working_hours_merge_overlapping_and_touching_ranges_and_round_trip_as_dict():
    hours = WorkingHours(
        weekly={"mon": ["13:00-17:00", "09:00-12:00", "12:00-12:30"], "di": ["10:00-11:00"]},
        overrides={"2026-12-24": ["09:00-12:00"], date(2026, 12, 25): []},
    )
    assert hours.ranges_on(date(2026, 11, 30)) == (TimeRange(540, 750), TimeRange(780, 1020))
    assert hours.ranges_on(date(2026, 12, 24)) == (TimeRange(540, 720),)
    assert hours.is_day_off(date(2026, 12, 25)) and hours.is_day_off(date(2026, 12, 5))
    data = hours.to_dict()
    assert data == {
        "weekly": {"mon": ["09:00-12:30", "13:00-17:00"], "tue": ["10:00-11:00"]},
        "overrides": {"2026-12-24": ["09:00-12:00"], "2026-12-25": []},
    }
    assert WorkingHours.from_dict(data) == hours
    assert hash(hours) == hash(WorkingHours.from_dict(data))


def test_overrides_can_be_added_and_removed():
    hours = WorkingHours(weekly={"mon": ["09:00-17:00"]})
    day = date(2026, 11, 30)
    off = hours.with_override(day, [])
    assert off.is_day_off(day) and not hours.is_day_off(day)
    assert off.without_override(day) == hours


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"weekly": {"mon": ["09:00-08:00"]}}, "working hours on mon: time range 09:00-08:00"),
        ({"weekly": [[]] * 6}, "one entry per weekday"),
        ({"overrides": {"24.12.2026": []}}, "not a calendar date such as 2026-12-24"),
        ({"overrides": [("2026-12-24", []), (date(2026, 12, 24), [])]}, "two overrides"),
    ],
)
def test_bad_working_hours_name_the_day(kwargs, message):
    with pytest.raises(InvalidSchedule, match=message):
        WorkingHours(**kwargs)


def test_unknown_keys_in_stored_working_hours_are_refused():
    with pytest.raises(InvalidSchedule, match="only 'weekly' and 'overrides'"):
        WorkingHours.from_dict({"weekly": {}, "holidays": {}})


# -- company, branch, staff ------------------------------------------------------------------------
def test_company_and_branch_validate_their_zone():
    company = Company(id=1, name=" Salon Schnitt ", time_zone="Europe/Berlin")
    assert company.name == "Salon Schnitt" and company.default_event_type_id is None
    assert Branch(id=2, company_id=1, name="Mitte").time_zone is None
    with pytest.raises(InvalidCompany, match="'Europe/Berlyn' is not an IANA time zone name"):
        Company(id=1, name="Salon", time_zone="Europe/Berlyn")
    with pytest.raises(InvalidCompany, match="branch 3: a time zone is required"):
        Branch(id=3, company_id=1, name="Ost", time_zone="  ")


def test_staff_normalises_and_accepts_stored_working_hours():
    member = Staff(id="u-1", company_id=1, name=" Anna ", time_zone="America/New_York",
                   working_hours={"weekly": {"mon": ["09:00-17:00"]}}, calcom_username=" anna ")
    assert member.name == "Anna" and member.calcom_username == "anna"
    assert member.working_hours == WorkingHours(weekly={"mon": ["09:00-17:00"]})
    assert member.zone.key == "America/New_York"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"zone": "Mars/Olympus"}, "staff 1: 'Mars/Olympus' is not an IANA time zone"),
        ({"zone": "../../etc/passwd"}, "is not an IANA time zone"),
        ({"name": " "}, "staff 1: name is required"),
        ({"active": "yes"}, "active must be true or false"),
        ({"working_hours": ["09:00-17:00"]}, "working hours must be WorkingHours or a mapping"),
        ({"id": True}, "staff id True is not an id"),
    ],
)
def test_bad_staff_is_refused(fields, message):
    with pytest.raises(InvalidStaff, match=message):
        staff(**fields)


# -- event types and assignments -------------------------------------------------------------------
def test_event_type_defaults_and_normalisation():
    et = EventType(id=10, company_id=1, name="Herrenschnitt & Bärte", duration_minutes=30,
                   price="25", booking_limits={"PER_DAY": 4}, metadata={"color": "blue"},
                   last_synced_at=datetime(2026, 11, 27, 10, tzinfo=BERLIN))
    assert et.slug == "herrenschnitt-baerte"
    assert et.price == Decimal("25.00")
    assert et.booking_limits == BookingLimits(per_day=4)
    assert et.last_synced_at == datetime(2026, 11, 27, 9, tzinfo=UTC)
    assert et.interval_for(None) == 30 and et.duration_for(None) == 30
    custom = Assignment(staff_id=1, event_type_id=10, custom_duration=45, custom_price="30")
    assert et.duration_for(custom) == 45 and et.interval_for(custom) == 45
    assert et.price_for(custom) == Decimal("30.00") and et.price_for(None) == Decimal("25.00")
    assert replace(et, slot_interval_minutes=15).interval_for(custom) == 15
    assert hash(et) == hash(replace(et, metadata={"other": 1}))  # metadata is not hashed


def test_slugify_spells_out_umlauts():
    assert slugify("Färben & Föhnen (lang)") == "faerben-foehnen-lang"
    assert slugify("Großer Check-up") == "grosser-check-up"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"duration": 0}, "duration 0 must be 1 to 1440 whole minutes"),
        ({"duration": 30.0}, "duration 30.0 must be 1 to 1440"),
        ({"price": -1}, "price -1 is negative"),
        ({"price": 19.99}, "price 19.99 is not an amount"),
        ({"price": "1.999"}, "more than two decimal places"),
        ({"slug": "Herren Schnitt"}, "slug 'Herren Schnitt' may only hold"),
        ({"buffer_before_minutes": -5}, "buffer before -5 must be 0 to 1440"),
        ({"slot_interval_minutes": 0}, "slot interval 0 must be 1 to 1440"),
        ({"minimum_notice_minutes": None}, "minimum notice None"),
        ({"booking_limits": {"PER_WEEK": 3}}, r"\['PER_WEEK'\] are not supported; only per_day"),
        ({"booking_limits": {"per_day": 0}}, "at least 1"),
        ({"metadata": {1: "x"}}, "metadata must be a mapping with text keys"),
        ({"last_synced_at": datetime(2026, 1, 1)}, "last_synced_at must be a date and time with"),
    ],
)
def test_bad_event_types_are_refused(fields, message):
    with pytest.raises(InvalidEventType, match=message):
        event_type(**fields)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"custom_duration": 0}, "custom duration 0 must be 1 to 1440"),
        ({"custom_price": "-3"}, "custom price -3 is negative"),
        ({"is_primary": 1}, "is_primary must be true or false"),
        ({"availability_override": "mornings"}, "availability override must be WorkingHours"),
        ({"availability_override": {"weekly": {"mon": ["x"]}}}, "availability override: .*'x'"),
    ],
)
def test_bad_assignments_are_refused(fields, message):
    prefix = "assignment of staff 1 to event type 10: "
    with pytest.raises(InvalidAssignment, match=prefix + message):
        Assignment(staff_id=1, event_type_id=10, **fields)


# -- appointments ----------------------------------------------------------------------------------
def _appointment(**fields) -> Appointment:
    values = dict(id=5, company_id=1, staff_id=1, event_type_id=10, start=START,
                  end=START + timedelta(minutes=30), customer_name="Eva")
    values.update(fields)
    return Appointment(**values)


def test_appointments_are_stored_in_utc():
    made = _appointment(customer_email=" eva@Example.ORG ")
    assert made.start == datetime(2026, 12, 1, 9, 0, tzinfo=UTC) and made.start.tzinfo is UTC
    assert made.customer_email == "eva@example.org"
    assert _appointment(customer_email="").customer_email is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"end": START}, "appointment 5: end .* must be after start"),
        ({"start": datetime(2026, 12, 1, 10)}, "start must be a date and time with a UTC offset"),
        ({"customer_email": "eva(at)example.org"}, "is not a valid e-mail address"),
        ({"customer_name": ""}, "customer name is required"),
        ({"status": "maybe"}, "status 'maybe' is not one of booked, cancelled"),
    ],
)
def test_bad_appointments_are_refused(fields, message):
    with pytest.raises(InvalidAppointment, match=message):
        _appointment(**fields)


def test_all_scheduling_errors_are_invalid_values():
    for error in (InvalidSchedule, InvalidCompany, InvalidStaff, InvalidEventType,
                  InvalidAssignment, InvalidAppointment):
        assert issubclass(error, InvalidValue)
