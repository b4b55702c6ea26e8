"""Days a company is closed: its public holidays (unless it opted out) and the dates it says.

A closed day is a local day in the company's zone; nobody of the company gets a slot that starts
(or runs) on it, wherever they work from. Per date the company can say "open on this holiday
anyway" (``True``) or "closed on this extra date" (``False``); such a word wins over the
calendar.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

PUBLIC_HOLIDAY = "public holiday"
EXTRA_CLOSING = "closed on this date"


def closed_days(
    holidays: Mapping[date, str], overrides: Mapping[date, bool], *, closed_on_holidays: bool
) -> dict[date, str]:
    """Date -> why it is closed (``"public holiday (Christmas Day)"``), by date."""
    closed = {
        day: f"{PUBLIC_HOLIDAY} ({name})" if name else PUBLIC_HOLIDAY
        for day, name in holidays.items()
        if closed_on_holidays
    }
    for day, is_open in overrides.items():
        if is_open:
            closed.pop(day, None)
        else:
            closed.setdefault(day, EXTRA_CLOSING)
    return dict(sorted(closed.items()))


def local_days(start: datetime, end: datetime, zone: ZoneInfo) -> Iterator[date]:
    """The local dates in ``zone`` that ``[start, end)`` touches."""
    day = start.astimezone(zone).date()
    last = (end - timedelta(microseconds=1)).astimezone(zone).date() if end > start else day
    while day <= last:
        yield day
        day += timedelta(days=1)


def day_span(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """Local midnight to the next local midnight of ``day`` in ``zone``, in UTC."""
    first = datetime.combine(day, time(), zone).astimezone(UTC)
    after = datetime.combine(day + timedelta(days=1), time(), zone).astimezone(UTC)
    return first, after


def closed_spans(closed: Mapping[date, str], zone: ZoneInfo) -> list[tuple[datetime, datetime]]:
    """The closed days as UTC intervals: busy time for every staff member."""
    return [day_span(day, zone) for day in sorted(closed)]


def closure_of(moment: datetime, closed: Mapping[date, str], zone: ZoneInfo) -> str | None:
    """Why the company is closed on ``moment``'s local day, or ``None``."""
    day = moment.astimezone(zone).date()
    reason = closed.get(day)
    return None if reason is None else f"closed on {day.isoformat()}: {reason}"
