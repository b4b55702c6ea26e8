"""How busy a staff member is: booked time inside working time, over a stretch of time.

Utilisation answers "how full is this person's calendar?", so only booked time that falls inside
the working hours counts (an appointment booked outside them, or a cancelled one, does not make
anyone busier), and the denominator is the working time inside the stretch — a day off lowers
both. Interval arithmetic in epoch seconds, never a loop over minutes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from studiobook.domain.appointments.appointments import Appointment, BookedTime
from studiobook.domain.appointments.intervals import intersect, normalise, total
from studiobook.domain.appointments.working_hours import WorkingHours, working_seconds


@dataclass(frozen=True)
class Utilisation:
    booked_minutes: int
    working_minutes: int

    @property
    def ratio(self) -> float | None:
        """Booked share of the working time, 0..1; ``None`` for someone with no working time."""
        return None if self.working_minutes == 0 else self.booked_minutes / self.working_minutes


def utilisation(
    hours: WorkingHours,
    zone: ZoneInfo,
    appointments: Iterable[Appointment | BookedTime],
    start: datetime,
    end: datetime,
) -> Utilisation:
    """Booked minutes inside working time / working minutes, both within ``[start, end)``.
    ``appointments``: a :class:`BookedTime` is booked by definition (its buffers do not count)."""
    low, high = int(start.timestamp()), int(end.timestamp())
    if high <= low:
        return Utilisation(0, 0)
    local_days = (start.astimezone(zone).date(), end.astimezone(zone).date())
    working = intersect(working_seconds(hours, zone, *local_days), [(low, high)])
    booked = normalise(
        (int(a.start.timestamp()), int(a.end.timestamp())) for a in appointments
        if isinstance(a, BookedTime) or a.occupies_staff
    )
    return Utilisation(total(intersect(booked, working)) // 60, total(working) // 60)
