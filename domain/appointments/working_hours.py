"""Working hours: weekly wall-clock ranges plus date overrides, expanded into UTC intervals.

Hours are what the staff member's own clock shows (``09:00-17:00`` in Europe/Berlin stays
09:00-17:00 local in summer and winter). A day is expanded in the staff member's zone first and
only then compared in UTC, so DST days come out right: on 2026-03-29 (02:00-03:00 skipped)
``09:00-17:00`` is 8 hours and ``01:00-04:00`` is 2; on 2026-10-25 (02:00-03:00 twice) they are
8 and 4. Each wall time becomes the first instant the clock shows it or later
(:func:`studiobook.domain.appointments.zones.wall_time_to_instant`).

A date override replaces the weekly hours of that one date; an override with no ranges is a day
off. Ranges of one day are kept sorted with overlapping and touching ones merged, so
``09:00-12:00`` + ``12:00-17:00`` is one block ``09:00-17:00``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from studiobook.domain.appointments.errors import InvalidSchedule
from studiobook.domain.appointments.intervals import Interval, normalise
from studiobook.domain.appointments.zones import instant, wall_time_to_instant

MINUTES_PER_DAY = 1440
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


class Weekday(StrEnum):
    MONDAY = "mon"
    TUESDAY = "tue"
    WEDNESDAY = "wed"
    THURSDAY = "thu"
    FRIDAY = "fri"
    SATURDAY = "sat"
    SUNDAY = "sun"

    # Shadows ``str.index`` (a StrEnum is a str) on purpose: ``weekday.index`` is the public name.
    @property
    def index(self) -> int:  # type: ignore[override]
        """Monday is 0, as ``date.weekday()``."""
        return list(Weekday).index(self)

    @classmethod
    def parse(cls, value: object) -> Weekday:
        """``Weekday``, ``0``-``6`` (Monday 0), ``mon``/``monday``, or German ``mo``/``montag``."""
        if isinstance(value, Weekday):
            return value
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6:
            return list(Weekday)[value]
        if isinstance(value, str) and value.strip().lower() in _WEEKDAY_NAMES:
            return _WEEKDAY_NAMES[value.strip().lower()]
        raise InvalidSchedule(
            f"'{value}' is not a weekday; use mon, tue, wed, thu, fri, sat, sun (or 0-6, Monday 0)"
        )


_WEEKDAY_NAMES: dict[str, Weekday] = {}
for _day, _names in zip(
    Weekday,
    (
        ("monday", "mo", "montag"),
        ("tuesday", "di", "dienstag"),
        ("wednesday", "mi", "mittwoch"),
        ("thursday", "do", "donnerstag"),
        ("friday", "fr", "freitag"),
        ("saturday", "sa", "samstag"),
        ("sunday", "so", "sonntag"),
    ),
    strict=True,
):
    for _name in (_day.value, *_names):
        _WEEKDAY_NAMES[_name] = _day


def parse_clock(value: object, what: str = "time") -> int:
    """A wall-clock time as minutes after midnight: ``"09:30"``, ``"24:00"`` or a ``time``."""
    if isinstance(value, time):
        if value.second or value.microsecond or value.tzinfo is not None:
            raise InvalidSchedule(
                f"{what} {value} must be a plain wall-clock time in whole minutes"
            )
        return value.hour * 60 + value.minute
    match = _CLOCK.match(value.strip()) if isinstance(value, str) else None
    if match:
        hours, minutes = int(match[1]), int(match[2])
        if minutes < 60 and (hours < 24 or (hours == 24 and minutes == 0)):
            return hours * 60 + minutes
    raise InvalidSchedule(f"{what} {value!r} is not a wall-clock time such as 09:30 (or 24:00)")


def format_clock(minute: int) -> str:
    sign, minute = ("-", -minute) if minute < 0 else ("", minute)
    return f"{sign}{minute // 60:02d}:{minute % 60:02d}"


@dataclass(frozen=True, order=True)
class TimeRange:
    """``[start, end)`` in minutes after local midnight; ``end`` may be 1440 (24:00)."""

    start: int
    end: int

    def __post_init__(self) -> None:
        for name, value in (("start", self.start), ("end", self.end)):
            if isinstance(value, bool) or not isinstance(value, int):
                raise InvalidSchedule(f"a time range {name} must be whole minutes, got {value!r}")
        if not 0 <= self.start < self.end <= MINUTES_PER_DAY:
            raise InvalidSchedule(
                f"time range {format_clock(self.start)}-{format_clock(self.end)} must start "
                "before it ends, within one day (00:00 to 24:00); split a night shift at midnight"
            )

    @classmethod
    def parse(cls, value: object) -> TimeRange:
        """``"09:00-17:00"``, ``("09:00", "17:00")``, ``(time(9), time(17))`` or a TimeRange."""
        if isinstance(value, TimeRange):
            return value
        if isinstance(value, str) and "-" in value:
            start, _, end = value.partition("-")
        elif isinstance(value, (tuple, list)) and len(value) == 2:
            start, end = value
        else:
            raise InvalidSchedule(f"{value!r} is not a time range such as 09:00-17:00")
        return cls(parse_clock(start, "start"), parse_clock(end, "end"))

    @property
    def minutes(self) -> int:
        return self.end - self.start

    def __str__(self) -> str:
        return f"{format_clock(self.start)}-{format_clock(self.end)}"


def parse_ranges(ranges: object, where: str) -> tuple[TimeRange, ...]:
    """One day's ranges, sorted, with overlapping and touching ranges merged."""
    if isinstance(ranges, (str, TimeRange)) or not isinstance(ranges, Iterable):
        ranges = [ranges] if ranges is not None else []
    try:
        parsed = [TimeRange.parse(r) for r in ranges]
    except InvalidSchedule as error:
        raise InvalidSchedule(f"{where}: {error}") from None
    return tuple(TimeRange(s, e) for s, e in normalise((r.start, r.end) for r in parsed))


def _parse_date(value: object) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InvalidSchedule(f"override date {value!r} is not a calendar date such as 2026-12-24")


def _set(obj: object, **values: object) -> None:
    for name, value in values.items():
        object.__setattr__(obj, name, value)


@dataclass(frozen=True)
class WorkingHours:
    """Weekly hours (several ranges a weekday) and date overrides (other ranges, or none: a day
    off). Construct with mappings; they are stored in a canonical, hashable form::

        WorkingHours(
            weekly={"mon": ["09:00-12:00", "13:00-17:00"], "sat": ["10:00-14:00"]},
            overrides={date(2026, 12, 24): ["09:00-12:00"], date(2026, 12, 25): []},
        )

    ``weekly`` becomes a 7-tuple (Monday first) of range tuples; ``overrides`` a date-sorted
    tuple of ``(date, ranges)``.
    """

    weekly: Any = ()
    overrides: Any = ()
    _by_date: dict[date, tuple[TimeRange, ...]] = field(
        init=False, repr=False, compare=False, hash=False
    )
    # The same as plain (start, end) minute pairs, which hash in C (see minutes_on).
    _weekly_minutes: tuple[tuple[tuple[int, int], ...], ...] = field(
        init=False, repr=False, compare=False, hash=False
    )
    _minutes_by_date: dict[date, tuple[tuple[int, int], ...]] = field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        weekly: list[tuple[TimeRange, ...]] = [()] * 7
        if isinstance(self.weekly, Mapping):
            for key, ranges in self.weekly.items():
                weekday = Weekday.parse(key)
                weekly[weekday.index] = parse_ranges(ranges, f"working hours on {weekday.value}")
        elif self.weekly:
            days = list(self.weekly)
            if len(days) != 7:
                raise InvalidSchedule(
                    "weekly working hours need one entry per weekday (7, Monday first) or a "
                    "mapping such as {'mon': ['09:00-17:00']}"
                )
            weekly = [
                parse_ranges(r, f"working hours on {d.value}")
                for d, r in zip(Weekday, days, strict=True)
            ]
        pairs = self.overrides.items() if isinstance(self.overrides, Mapping) else self.overrides
        by_date: dict[date, tuple[TimeRange, ...]] = {}
        for entry in pairs or ():
            try:
                raw_day, ranges = entry
            except (TypeError, ValueError):
                raise InvalidSchedule(
                    f"a date override is a date and its ranges, got {entry!r}"
                ) from None
            day = _parse_date(raw_day)
            if day in by_date:
                raise InvalidSchedule(f"date {day} has two overrides; give it one")
            by_date[day] = parse_ranges(ranges, f"override for {day}")
        _set(
            self,
            weekly=tuple(weekly),
            overrides=tuple(sorted(by_date.items())),
            _by_date=by_date,
            _weekly_minutes=tuple(_minutes(ranges) for ranges in weekly),
            _minutes_by_date={day: _minutes(ranges) for day, ranges in by_date.items()},
        )

    def ranges_on(self, day: date) -> tuple[TimeRange, ...]:
        """The wall-clock ranges of one date: its override if it has one, else its weekday's."""
        found = self._by_date.get(day)
        return found if found is not None else self.weekly[day.weekday()]

    def minutes_on(self, day: date) -> tuple[tuple[int, int], ...]:
        """:meth:`ranges_on` as ``(start, end)`` minutes after midnight: a key that hashes
        cheaply (availability looks every person's every day up in :func:`day_seconds`)."""
        found = self._minutes_by_date.get(day)
        return found if found is not None else self._weekly_minutes[day.weekday()]

    def is_day_off(self, day: date) -> bool:
        return not self.ranges_on(day)

    def with_override(self, day: date | str, ranges: Iterable[object]) -> WorkingHours:
        """A copy where ``day`` has other ranges (``[]``: a day off)."""
        overrides: dict[date, object] = dict(self._by_date)
        overrides[_parse_date(day)] = tuple(ranges)
        return WorkingHours(weekly=self.weekly, overrides=overrides)

    def without_override(self, day: date | str) -> WorkingHours:
        overrides = {d: r for d, r in self._by_date.items() if d != _parse_date(day)}
        return WorkingHours(weekly=self.weekly, overrides=overrides)

    def to_dict(self) -> dict[str, dict[str, list[str]]]:
        """JSON-ready: ``{"weekly": {"mon": ["09:00-17:00"], ...}, "overrides": {...}}``."""
        weekly = zip(Weekday, self.weekly, strict=True)  # always seven days, Monday first
        return {
            "weekly": {d.value: [str(r) for r in rs] for d, rs in weekly if rs},
            "overrides": {d.isoformat(): [str(r) for r in rs] for d, rs in self.overrides},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> WorkingHours:
        unknown = set(data) - {"weekly", "overrides"}
        if unknown:
            raise InvalidSchedule(
                f"working hours have only 'weekly' and 'overrides', not {sorted(unknown)}"
            )
        return cls(weekly=data.get("weekly") or {}, overrides=data.get("overrides") or {})


def working_seconds(
    hours: WorkingHours, zone: ZoneInfo, first_day: date, last_day: date
) -> list[Interval[int]]:
    """The working time of local dates ``first_day`` .. ``last_day`` (inclusive) as normalised
    UTC epoch-second intervals; a block running past midnight into the next working day stays
    one block."""
    spans: list[tuple[int, int]] = []
    day = first_day
    one_day = timedelta(days=1)
    while day <= last_day:
        for r in hours.ranges_on(day):
            spans.append(
                (wall_time_to_instant(zone, day, r.start), wall_time_to_instant(zone, day, r.end))
            )
        day += one_day
    return normalise(spans)


@lru_cache(maxsize=1 << 14)
def day_seconds(
    minutes: tuple[tuple[int, int], ...], zone: ZoneInfo, day: date
) -> tuple[Interval[int], ...]:
    """One local date's wall-clock ranges (:meth:`WorkingHours.minutes_on`) as normalised UTC
    epoch-second intervals, which is :func:`working_seconds` of that date alone. Remembered: a
    pure function of few distinct arguments (staff share their weekly hours), asked for every
    person's every day of every availability question."""
    return tuple(
        normalise(
            (wall_time_to_instant(zone, day, start), wall_time_to_instant(zone, day, end))
            for start, end in minutes
        )
    )


def _minutes(ranges: tuple[TimeRange, ...]) -> tuple[tuple[int, int], ...]:
    return tuple((r.start, r.end) for r in ranges)


def working_intervals(
    hours: WorkingHours, zone: ZoneInfo, first_day: date, last_day: date
) -> list[Interval[datetime]]:
    """:func:`working_seconds` as aware UTC datetimes."""
    return [
        Interval(instant(s), instant(e))
        for s, e in working_seconds(hours, zone, first_day, last_day)
    ]
