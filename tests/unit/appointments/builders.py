"""Small factories for the scheduling tests: a Berlin salon with sensible defaults."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from studiobook.domain.appointments import (
    Appointment,
    Assignment,
    BookedTime,
    EventType,
    Staff,
    WorkingHours,
    available_slots,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
TUESDAY = date(2026, 12, 1)  # an ordinary winter weekday, Europe/Berlin is UTC+1
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
SPLIT_DAY = ["09:00-12:00", "13:00-17:00"]


def hours(ranges=SPLIT_DAY, days=WEEKDAYS, overrides=None) -> WorkingHours:
    return WorkingHours(weekly={d: list(ranges) for d in days}, overrides=overrides or {})


def staff(id=1, name=None, zone="Europe/Berlin", working_hours=None, **fields) -> Staff:
    return Staff(
        id=id,
        company_id=fields.pop("company_id", 1),
        name=name or f"Staff {id}",
        time_zone=zone,
        working_hours=working_hours if working_hours is not None else hours(),
        **fields,
    )


def event_type(id=10, duration=30, **fields) -> EventType:
    return EventType(
        id=id,
        company_id=fields.pop("company_id", 1),
        name=fields.pop("name", "Herrenschnitt"),
        duration_minutes=duration,
        price=fields.pop("price", "25.00"),
        **fields,
    )


def assign(staff_id=1, event_type_id=10, **fields) -> Assignment:
    return Assignment(staff_id=staff_id, event_type_id=event_type_id, **fields)


def local(day: date, hh: int, mm: int = 0, zone: ZoneInfo = BERLIN, fold: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=zone, fold=fold)


def appointment(start: datetime, minutes: int, staff_id=1, event_type_id=10, id=None, **fields):
    return Appointment(
        id=id,
        company_id=fields.pop("company_id", 1),
        staff_id=staff_id,
        event_type_id=event_type_id,
        start=start,
        end=start + timedelta(minutes=minutes),
        customer_name=fields.pop("customer_name", "Kunde"),
        **fields,
    )


def booked(start: datetime, minutes: int, staff_id=1, event_type_id=10, id=None, before=0, after=0):
    """The booked time the store hands the engine: ``before``/``after`` are the buffers of the
    appointment's own event type."""
    return BookedTime(
        appointment_id=id,
        staff_id=staff_id,
        event_type_id=event_type_id,
        start=start,
        end=start + timedelta(minutes=minutes),
        buffer_before_minutes=before,
        buffer_after_minutes=after,
    )


def day_range(day: date, zone: ZoneInfo = BERLIN, days: int = 1) -> tuple[datetime, datetime]:
    """The local day(s) as an aware [start, end)."""
    start = local(day, 0, zone=zone)
    return start, local(day + timedelta(days=days), 0, zone=zone)


def slots_on(
    day,
    et=None,
    members=None,
    assignments=None,
    appointments=(),
    now=NOW,
    days=1,
    zone=BERLIN,
    **kwargs,
):
    et = et or event_type()
    members = members if members is not None else [staff()]
    assignments = assignments if assignments is not None else [assign(m.id, et.id) for m in members]
    start, end = day_range(day, zone, days)
    return available_slots(
        et,
        staff=members,
        assignments=assignments,
        appointments=list(appointments),
        start=start,
        end=end,
        now=now,
        **kwargs,
    )


def clock(slots, zone: ZoneInfo = BERLIN) -> list[str]:
    """Slot starts as local HH:MM."""
    return [f"{s.start.astimezone(zone):%H:%M}" for s in slots]
