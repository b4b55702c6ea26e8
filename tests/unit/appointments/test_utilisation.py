"""Utilisation: booked minutes inside working time over working minutes, within the window."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from studiobook.domain.appointments import Appointment, WorkingHours
from studiobook.domain.appointments.utilisation import utilisation

BERLIN = ZoneInfo("Europe/Berlin")
NINE_TO_FIVE = WorkingHours(weekly={"mon": ["09:00-17:00"], "tue": ["09:00-17:00"]})


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)  # 30 Nov 2026 is a Monday


def booked(start: datetime, end: datetime, status: str = "booked") -> Appointment:
    return Appointment(
        company_id=1, staff_id=1, event_type_id=1, start=start, end=end,
        customer_name="Kim", status=status,
    )


def test_booked_minutes_over_working_minutes():
    next_monday = datetime(2026, 12, 7, tzinfo=BERLIN)
    week = utilisation(NINE_TO_FIVE, BERLIN, [booked(at(30, 10), at(30, 11))], at(30, 0), next_monday)
    assert (week.booked_minutes, week.working_minutes) == (60, 960)
    assert week.ratio == 60 / 960


def test_only_booked_time_inside_working_time_counts_and_overlaps_count_once():
    appointments = [
        booked(at(30, 7), at(30, 9, 30)),  # 30 minutes inside
        booked(at(30, 12), at(30, 13)),
        booked(at(30, 12, 30), at(30, 13, 30)),  # overlaps the one before: 12:00-13:30 once
        booked(at(30, 14), at(30, 15), status="cancelled"),  # frees the time
    ]
    day = utilisation(NINE_TO_FIVE, BERLIN, appointments, at(30, 0), at(30, 23))
    assert (day.booked_minutes, day.working_minutes) == (30 + 90, 480)


def test_the_window_cuts_working_time_and_bookings():
    busy = [booked(at(30, 10), at(30, 12))]
    from_eleven = utilisation(NINE_TO_FIVE, BERLIN, busy, at(30, 11), at(30, 23))
    assert (from_eleven.booked_minutes, from_eleven.working_minutes) == (60, 360)


def test_no_working_time_has_no_ratio():
    off = utilisation(WorkingHours(), BERLIN, [booked(at(30, 10), at(30, 11))], at(30, 0), at(30, 23))
    assert (off.booked_minutes, off.working_minutes, off.ratio) == (0, 0, None)
    assert utilisation(NINE_TO_FIVE, BERLIN, [], at(30, 12), at(30, 12)).ratio is None
