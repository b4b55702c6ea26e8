"""Timetables: a class that repeats, and its sessions as ordinary courses (SPEC 2.1a).

A timetable says when a class happens *on the studio's wall clocks*: an RFC 5545 recurrence from
a first start in local time ("every Monday at 18:00"). Its sessions are courses with instants,
so each local start is turned into an instant here, in the company's zone, one session at a
time: 18:00 stays 18:00 across a DST change, and a session lasts its duration in real minutes.

Two kinds of wall-clock time have no single instant; RFC 5545 (3.3.5) settles both, and
``zoneinfo`` with ``fold=0`` does exactly that:

- a start in the spring-forward gap (02:30 on the night the clocks jump from 02:00 to 03:00)
  takes the offset from before the gap, so it moves forward by the gap (to 03:30);
- an ambiguous autumn start (02:30 happens twice) is the first of the two.

Expanding a recurrence needs a calendar library the domain may not import: the application asks
its ``Recurrence`` port for the local starts and hands them to :meth:`Timetable.sessions`. The
domain still owns what a studio may ask for — the frequencies below and
:data:`MOST_SESSIONS_PER_WEEK` — so that no rule can flood the schedule with sessions.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from studiobook.domain.courses import capacity as seats
from studiobook.domain.courses.course import Course
from studiobook.domain.courses.rules import BookingRules
from studiobook.domain.shared.errors import InvalidValue, NotFound

# Classes repeat by the day at the most; an hourly "class" is a typo that would write thousands
# of sessions. Six a day, every day, is more than any studio runs of one class.
FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
MOST_SESSIONS_PER_WEEK = 42
LONGEST_CLASS_MINUTES = 24 * 60
LONGEST_RULE_TEXT = 300
MOST_WEEKS_AHEAD = 104  # how far ahead sessions may be made: two years of a class at most
# A session whose local start is at most this far before "now" may still start after it: a start
# in a spring-forward gap moves forward (by a day at most: Samoa, 2011-12-30).
_GAP_MARGIN = timedelta(days=1)


class InvalidTimetable(InvalidValue):
    pass


class InvalidRecurrence(InvalidTimetable):
    """A repeat rule that is not RFC 5545, or that a studio's timetable cannot use."""


class TimetableNotFound(NotFound):
    def __init__(self, timetable_id: object) -> None:
        super().__init__(f"timetable {timetable_id} does not exist")
        self.timetable_id = timetable_id


def rule_text(rule: object) -> str:
    """The repeat rule as stored: one RRULE value, upper case (``FREQ=WEEKLY;BYDAY=MO``); an
    ``RRULE:`` prefix is accepted. Only the grammar is checked here (RFC 5545, 3.3.10: names,
    each once, UNTIL or COUNT); the values are the calendar library's to judge. The first start
    is the timetable's own, never part of the rule."""
    if not isinstance(rule, str) or not rule.strip():
        raise InvalidRecurrence("a timetable needs a repeat rule, e.g. FREQ=WEEKLY;BYDAY=MO,WE")
    text = rule.strip()
    if text[:6].upper() == "RRULE:":
        text = text[6:].strip()
    text = text.upper()
    if len(text) > LONGEST_RULE_TEXT or any(c.isspace() for c in text) or ":" in text:
        raise InvalidRecurrence(
            f"the repeat rule must be one RRULE value of at most {LONGEST_RULE_TEXT} characters "
            f"without spaces, e.g. FREQ=WEEKLY;BYDAY=MO,WE (got {rule.strip()[:60]!r})"
        )
    parts: dict[str, str] = {}
    for part in text.split(";"):
        name, equals, value = part.partition("=")
        if not equals or not name or not value:
            raise InvalidRecurrence(f"the repeat rule {text} has a part without NAME=VALUE: {part!r}")
        if name not in _RULE_PARTS:
            raise InvalidRecurrence(f"the repeat rule {text} has an unknown part {name}")
        if name in parts:
            raise InvalidRecurrence(f"the repeat rule {text} gives {name} twice")
        parts[name] = value
    _check_parts(text, parts)
    return text


_RULE_PARTS = frozenset({
    "FREQ", "UNTIL", "COUNT", "INTERVAL", "BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY",
    "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYSETPOS", "WKST",
})  # fmt: skip
_UNTIL = re.compile(r"\d{8}(T\d{6})?")  # a local date or date-time: the start has no zone either


def _check_parts(text: str, parts: dict[str, str]) -> None:
    frequency = parts.get("FREQ")
    if frequency is None:
        raise InvalidRecurrence(f"the repeat rule {text} has no FREQ, e.g. FREQ=WEEKLY;BYDAY=MO")
    if frequency not in FREQUENCIES:
        raise InvalidRecurrence(
            f"a class can repeat {', '.join(f.lower() for f in FREQUENCIES)}, not "
            f"FREQ={frequency}; for several times a day use FREQ=DAILY;BYHOUR=7,18"
        )
    if "UNTIL" in parts and "COUNT" in parts:
        raise InvalidRecurrence(f"the repeat rule {text} may end by UNTIL or by COUNT, not both")
    if "UNTIL" in parts and not _UNTIL.fullmatch(parts["UNTIL"]):
        raise InvalidRecurrence(
            f"UNTIL={parts['UNTIL']} must be a local date or date-time such as 20270630 or "
            "20270630T235900 (no Z: the timetable runs on the studio's clocks)"
        )
    for name, most in (("INTERVAL", 1000), ("COUNT", 10_000)):
        value = parts.get(name)
        if value is not None and not (value.isdigit() and 1 <= int(value) <= most):
            raise InvalidRecurrence(f"{name} must be a whole number from 1 to {most}, got {value}")


def check_sessions_per_week(rule: str, starts: Iterable[datetime]) -> None:
    """Refuse a rule that has no session at all in ``starts`` (its first year, say), or more
    than :data:`MOST_SESSIONS_PER_WEEK` in any seven days. Stops reading at the first excess,
    so a rule that would give millions costs no more than a sane one."""
    window: deque[datetime] = deque()
    for start in starts:
        window.append(start)
        while start - window[0] >= timedelta(days=7):
            window.popleft()
        if len(window) > MOST_SESSIONS_PER_WEEK:
            raise InvalidRecurrence(
                f"the repeat rule {rule} gives more than {MOST_SESSIONS_PER_WEEK} sessions in a "
                "week; a timetable is for classes, check BYHOUR, BYMINUTE and BYSECOND"
            )
    if not window:
        raise InvalidRecurrence(
            f"the repeat rule {rule} gives no session in the year after the first start"
        )


def zone_of(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidTimetable(f"'{name}' is not an IANA time zone name") from None


def wall_clock_instant(local: datetime, zone: ZoneInfo) -> datetime:
    """The instant (UTC) of a wall-clock time in ``zone``: a time in a spring-forward gap moves
    forward by the gap, an ambiguous autumn time is its first occurrence (RFC 5545, 3.3.5)."""
    if local.tzinfo is not None:
        raise InvalidTimetable(f"{local.isoformat()} is not a wall-clock time: it has an offset")
    return local.replace(tzinfo=zone, fold=0).astimezone(UTC)


def _title(title: object) -> str:
    cleaned = title.strip() if isinstance(title, str) else ""
    if not cleaned:
        raise InvalidTimetable("a timetable needs a title")
    if len(cleaned) > 200:
        raise InvalidTimetable("a timetable title can have at most 200 characters")
    return cleaned


def _first_start(starts_local: object) -> datetime:
    if not isinstance(starts_local, datetime) or starts_local.tzinfo is not None:
        raise InvalidTimetable(
            "the first start is a wall-clock time in the studio's zone without a UTC offset, "
            f"e.g. 2027-01-04T18:00 (got {starts_local!r})"
        )
    if starts_local.second or starts_local.microsecond:
        raise InvalidTimetable("the first start is given to the minute, e.g. 2027-01-04T18:00")
    return starts_local


def _duration(minutes: object) -> timedelta:
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise InvalidTimetable(f"the duration is a whole number of minutes, got {minutes!r}")
    if not 1 <= minutes <= LONGEST_CLASS_MINUTES:
        raise InvalidTimetable(
            f"the duration must be between 1 and {LONGEST_CLASS_MINUTES} minutes, got {minutes}"
        )
    return timedelta(minutes=minutes)


@dataclass
class Timetable:
    """A recurring class of one company; its sessions are courses with ``timetable_id`` set."""

    company_id: int
    title: str
    capacity: int
    rrule: str
    starts_local: datetime  # the first start, naive: wall-clock time in the company's zone
    duration: timedelta
    until: date | None = None  # the last local date a session may fall on
    branch_id: int | None = None
    instructor_id: int | None = None
    rules: BookingRules = field(default_factory=BookingRules)
    active: bool = True
    id: int | None = None
    created_at: datetime | None = None

    @classmethod
    def create(
        cls,
        company_id: int,
        title: str,
        capacity: int,
        rrule: str,
        starts_local: datetime,
        duration_minutes: int,
        *,
        until: date | None = None,
        branch_id: int | None = None,
        instructor_id: int | None = None,
        rules: BookingRules | None = None,
        created_at: datetime | None = None,
    ) -> Timetable:
        first = _first_start(starts_local)
        if until is not None and (not isinstance(until, date) or isinstance(until, datetime)):
            raise InvalidTimetable(f"the last day is a date such as 2027-06-30, got {until!r}")
        if until is not None and until < first.date():
            raise InvalidTimetable(
                f"the last day {until.isoformat()} is before the first start {first:%Y-%m-%d}"
            )
        return cls(
            company_id=company_id,
            title=_title(title),
            capacity=seats.validate_capacity(capacity),
            rrule=rule_text(rrule),
            starts_local=first,
            duration=_duration(duration_minutes),
            until=until,
            branch_id=branch_id,
            instructor_id=instructor_id,
            rules=rules or BookingRules(),
            created_at=created_at,
        )

    @property
    def duration_minutes(self) -> int:
        return int(self.duration.total_seconds() // 60)

    def changed(self, **changes: Any) -> Timetable:
        """This timetable with some of its details changed, validated like a new one. ``changes``
        use :meth:`create`'s names (``duration_minutes``, ``members_only``,
        ``opens_before_minutes``, ``cancel_cutoff_minutes`` for the rules)."""
        rules = BookingRules.of(
            changes.pop("members_only", self.rules.members_only),
            changes.pop("opens_before_minutes", self.rules.opens_before_minutes),
            changes.pop("cancel_cutoff_minutes", self.rules.cancel_cutoff_minutes),
        )
        details: dict[str, Any] = {
            "company_id": self.company_id, "title": self.title, "capacity": self.capacity,
            "rrule": self.rrule, "starts_local": self.starts_local,
            "duration_minutes": self.duration_minutes, "until": self.until,
            "branch_id": self.branch_id, "instructor_id": self.instructor_id,
            "rules": rules, "created_at": self.created_at,
        }  # fmt: skip
        unknown = set(changes) - set(details) - {"company_id", "rules", "created_at"}
        if unknown:
            raise InvalidTimetable(f"a timetable has no {', '.join(sorted(unknown))} to change")
        fresh = Timetable.create(**{**details, **changes})
        return replace(fresh, id=self.id, active=self.active)

    def same_schedule(self, other: Timetable) -> bool:
        """Whether both put their sessions at the same times for the same length."""
        return (self.rrule, self.starts_local, self.duration, self.until) == (
            other.rrule, other.starts_local, other.duration, other.until
        )

    # -- sessions ---------------------------------------------------------------------------
    def local_window(
        self, now: datetime, until_instant: datetime, zone: str
    ) -> tuple[datetime, datetime] | None:
        """The wall-clock range (``[from, to)``, naive) to expand for sessions starting from
        ``now`` to ``until_instant``; ``None`` when the series has none there."""
        local = zone_of(zone)
        start = max(self.starts_local, now.astimezone(local).replace(tzinfo=None) - _GAP_MARGIN)
        end = until_instant.astimezone(local).replace(tzinfo=None)
        if self.until is not None:
            end = min(end, datetime.combine(self.until + timedelta(days=1), time()))
        return (start, end) if start < end else None

    def session_instants(
        self, local_starts: Iterable[datetime], zone: str, now: datetime
    ) -> list[datetime]:
        """The instants (UTC) of the sessions at ``local_starts`` that start at or after
        ``now``, in order, each once (two wall-clock times can name one instant in a gap)."""
        local = zone_of(zone)
        instants = set()
        for start in local_starts:
            if start < self.starts_local or (self.until and start.date() > self.until):
                continue
            instant = wall_clock_instant(start, local)
            if instant >= now:
                instants.add(instant)
        return sorted(instants)

    def session_at(self, starts_at: datetime, zone: str) -> Course:
        """The course for the session starting at ``starts_at``, with this series' details."""
        if self.id is None:
            raise InvalidTimetable("the timetable must be saved before it has sessions")
        return Course(
            title=self.title, capacity=self.capacity, starts_at=starts_at,
            ends_at=starts_at + self.duration, branch_id=self.branch_id,
            company_id=self.company_id, instructor_id=self.instructor_id,
            timetable_id=self.id, rules=self.rules, time_zone=zone,
        )  # fmt: skip

    def sessions(self, local_starts: Iterable[datetime], zone: str, now: datetime) -> list[Course]:
        """Sessions (unsaved courses) for the wall-clock ``local_starts`` in ``zone``, from
        ``now`` on."""
        return [self.session_at(at, zone) for at in self.session_instants(local_starts, zone, now)]

    def update_session(self, session: Course, *, times: bool = True) -> None:
        """Give a future session of this series its current details; its start stays, and with
        ``times`` its end follows the duration. Lowering the capacity below the booked tickets
        is allowed (the course reports it as overbooked), as for any course."""
        session.title = self.title
        session.set_capacity(self.capacity)
        session.rules = self.rules
        session.instructor_id = self.instructor_id
        session.branch_id = self.branch_id
        if times and session.starts_at is not None:
            session.ends_at = session.starts_at + self.duration

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, for the audit trail and the CLI."""
        return {
            "id": self.id,
            "company_id": self.company_id,
            "title": self.title,
            "capacity": self.capacity,
            "rrule": self.rrule,
            "starts_local": self.starts_local.isoformat(timespec="minutes"),
            "duration_minutes": self.duration_minutes,
            "until": None if self.until is None else self.until.isoformat(),
            "branch_id": self.branch_id,
            "instructor_id": self.instructor_id,
            "members_only": self.rules.members_only,
            "opens_before_minutes": self.rules.opens_before_minutes,
            "cancel_cutoff_minutes": self.rules.cancel_cutoff_minutes,
            "active": self.active,
        }
