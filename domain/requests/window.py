"""Where to look for slots: a request's time of day as local clock times, and as instants.

Days are expanded on the local calendar of the zone (``datetime.combine`` with the zone), so a
day on which the clocks change is 23 or 25 hours long and "15 Uhr" is 15:00 on the wall clock.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from studiobook.domain.requests.request import BookingRequest
from studiobook.domain.requests.times import PART_HOURS

_MINUTE = timedelta(minutes=1)


def clock_window(request: BookingRequest) -> tuple[time, time | None]:
    """``[low, high)`` of local start times the caller accepts (``high`` ``None``: until
    midnight). An exact time accepts that minute only; a clock time narrows a part of the day
    ("nachmittags ab 15 Uhr" is 15:00-17:00)."""
    low, high = PART_HOURS[request.part_of_day] if request.part_of_day else (time(0), None)
    if request.exact_time and request.time_from is not None:
        moment = datetime.combine(date.min, request.time_from) + _MINUTE
        return request.time_from, moment.time()
    if request.time_from is not None:
        low = request.time_from
        high = high if high is not None and high > low else None
    if request.time_to is not None:
        high = request.time_to
        low = low if low < high else time(0)
    return low, high


def day_window(request: BookingRequest, day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The instants ``[start, end)`` in which a slot must start on local day ``day``."""
    low, high = clock_window(request)
    start = datetime.combine(day, low, tzinfo=zone)
    if high is None or high == time(0):
        end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    else:
        end = datetime.combine(day, high, tzinfo=zone)
    return start, end


def starts_within(request: BookingRequest, moment: datetime, zone: ZoneInfo) -> bool:
    """Whether a slot starting at ``moment`` lies in the caller's time of day (any day)."""
    low, high = clock_window(request)
    local = moment.astimezone(zone).time()
    return low <= local and (high is None or high == time(0) or local < high)
