"""Which free staff member gets a booking made without a staff wish.

Those primary for the event type first, then the one with the fewest booked appointments on that
local day (in the company's zone), then the order availability lists them in. The choice only
orders who is *tried*: each booking still passes the live check, and one taken meanwhile makes
way for the next.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from studiobook.domain.appointments.appointments import Appointment, BookedTime
from studiobook.domain.appointments.staff import Assignment
from studiobook.domain.appointments.values import Id


def local_day(start: datetime, zone: ZoneInfo) -> tuple[date, datetime, datetime]:
    """The day ``start`` falls on in ``zone``, and its first and next day's first instant."""
    day = start.astimezone(zone).date()
    return (
        day,
        datetime.combine(day, time(), tzinfo=zone),
        datetime.combine(day + timedelta(days=1), time(), tzinfo=zone),
    )


def staff_in_turn(
    free: Sequence[Id],
    *,
    event_type_id: Id,
    assignments: Iterable[Assignment],
    appointments: Iterable[Appointment | BookedTime],
    start: datetime,
    zone: ZoneInfo,
) -> list[Id]:
    """``free`` (the staff free at ``start``, as availability lists them) in the order a booking
    of ``event_type_id`` without a staff wish tries them: primary staff for the event type
    first, then fewest booked ``appointments`` (of any event type) starting on the local day of
    ``start`` in ``zone``, then as listed. Cancelled appointments do not count."""
    primary = {
        a.staff_id for a in assignments if a.is_primary and a.event_type_id == event_type_id
    }
    day = start.astimezone(zone).date()
    booked = Counter(
        a.staff_id
        for a in appointments
        if a.occupies_staff and a.start.astimezone(zone).date() == day
    )
    unique = list(dict.fromkeys(free))
    return sorted(unique, key=lambda staff_id: (staff_id not in primary, booked[staff_id]))
