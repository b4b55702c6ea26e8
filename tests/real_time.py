"""Days and instants for tests that run against the real clock (the CLI, a container's system
clock): always derived from today, so no test turns red when the calendar passes a literal."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def today(zone: ZoneInfo) -> date:
    return datetime.now(UTC).astimezone(zone).date()


def coming(weekday: str, zone: ZoneInfo, at_least_days: int = 7) -> date:
    """The first ``weekday`` (mon..sun) at least ``at_least_days`` days after today in ``zone``:
    far enough ahead that no notice period or slow test run reaches it."""
    first = today(zone) + timedelta(days=at_least_days)
    return first + timedelta(days=(WEEKDAYS.index(weekday) - first.weekday()) % 7)


def wall(day: date, hour: int, minute: int, zone: ZoneInfo) -> datetime:
    """``day`` at ``hour:minute`` on the wall clocks of ``zone``."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
