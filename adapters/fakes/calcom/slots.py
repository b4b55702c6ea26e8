"""How the fake Cal.com computes free slots: a weekly schedule, the event's length, interval and
buffers, minimum notice, and the user's bookings. Deliberately simple and obviously right — it
is a stand-in for Cal.com in tests, not a second availability engine.

A user's candidate starts begin at each schedule range's start and step by the slot interval
(else the length); a start is free when the event fits in the range, is at least the minimum
notice after "now", and ``[start - before, end + after)`` overlaps none of the user's busy spans.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from studiobook.adapters.fakes.calcom.data import WEEK, Schedule


@dataclass(frozen=True)
class Shape:
    """What of an event type decides its slots (minutes)."""

    length: int
    interval: int | None = None
    before: int = 0
    after: int = 0
    notice: int = 0


def _days(start: datetime, end: datetime, zone: ZoneInfo) -> Iterable[date]:
    day = start.astimezone(zone).date() - timedelta(days=1)
    last = end.astimezone(zone).date() + timedelta(days=1)
    while day <= last:
        yield day
        day += timedelta(days=1)


def _local(day: date, clock: str, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=zone)


def user_starts(
    schedule: Schedule,
    zone: ZoneInfo,
    shape: Shape,
    busy: Sequence[tuple[datetime, datetime]],
    start: datetime,
    end: datetime,
    now: datetime,
) -> set[datetime]:
    """The user's free starts in ``[start, end)``, as aware datetimes in ``zone``."""
    length = timedelta(minutes=shape.length)
    step = timedelta(minutes=shape.interval or shape.length)
    before, after = timedelta(minutes=shape.before), timedelta(minutes=shape.after)
    earliest = max(start, now + timedelta(minutes=shape.notice))
    free = set()
    for day in _days(start, end, zone):
        for opens, closes in schedule.get(WEEK[day.weekday()], ()):
            moment, limit = _local(day, opens, zone), _local(day, closes, zone)
            while moment + length <= limit:
                if earliest <= moment < end and not any(
                    moment - before < b_end and b_start < moment + length + after
                    for b_start, b_end in busy
                ):
                    free.add(moment)
                moment += step
    return free


def combine(per_host: Sequence[set[datetime]], collective: bool) -> set[datetime]:
    """Round robin (or a single host): any host free. Collective: every host free."""
    if not per_host:
        return set()
    if collective:
        return set.intersection(*per_host)
    return set.union(*per_host)


def by_day(starts: Iterable[datetime], zone: ZoneInfo) -> dict[str, list[dict[str, str]]]:
    """``{"YYYY-MM-DD": [{"start": ISO with offset}]}``, days and starts in ``zone``."""
    days: dict[str, list[dict[str, str]]] = {}
    for moment in sorted(starts):
        local = moment.astimezone(zone)
        days.setdefault(local.date().isoformat(), []).append(
            {"start": local.isoformat(timespec="milliseconds")}
        )
    return days
