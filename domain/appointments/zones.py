"""Time zones as the staff member's clock sees them: IANA names, local days, wall times.

Instants are integer epoch seconds here (UTC, no leap seconds), because the availability engine
does its arithmetic on them. A *local day number* is the number of days since 1970-01-01 on the
local calendar: ``(instant + utc_offset) // 86400``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from studiobook.domain.shared.errors import InvalidValue

DAY = 86_400
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
# Offsets change at most a few times a year; looking every 6 hours cannot miss a pair of changes
# that cancel out within one look (no zone has ever had two changes within 6 hours).
_PROBE = 6 * 3600


def zone_named(name: object, who: str, error: type[InvalidValue]) -> ZoneInfo:
    """The IANA zone ``name`` (e.g. ``Europe/Berlin``) or ``error`` naming ``who``."""
    if not isinstance(name, str) or not name.strip():
        raise error(f"{who}: a time zone is required, e.g. Europe/Berlin")
    try:
        return _zone(name.strip())
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise error(
            f"{who}: '{name}' is not an IANA time zone name (e.g. Europe/Berlin, "
            "America/New_York, UTC)"
        ) from None


@lru_cache(maxsize=512)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def seconds(moment: datetime) -> int:
    """An aware datetime as epoch seconds, rounded down to the second."""
    return int(moment.timestamp() // 1)


def seconds_up(moment: datetime) -> int:
    """An aware datetime as epoch seconds, rounded up (for the end of a busy time)."""
    whole = seconds(moment)
    return whole if moment.microsecond == 0 else whole + 1


def instant(epoch_seconds: int) -> datetime:
    return datetime.fromtimestamp(epoch_seconds, UTC)


@lru_cache(maxsize=1 << 16)
def offset_at(zone: ZoneInfo, epoch_seconds: int) -> int:
    """The zone's UTC offset in seconds at an instant. Remembered: availability asks it for the
    local day of every booked appointment, and bookings fall on the same grid times."""
    offset = datetime.fromtimestamp(epoch_seconds, zone).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


def local_day_number(zone: ZoneInfo, epoch_seconds: int) -> int:
    return (epoch_seconds + offset_at(zone, epoch_seconds)) // DAY


def day_of(number: int) -> date:
    return date.fromordinal(number + _EPOCH_ORDINAL)


def offset_segments(zone: ZoneInfo, start: int, end: int) -> list[tuple[int, int, int]]:
    """``[(segment_start, segment_end, offset), ...]`` covering ``[start, end)``: the stretches
    in which the zone's UTC offset does not change, in order.

    Work is O(days) offset look-ups plus a bisection per change; no per-minute loop."""
    segments: list[tuple[int, int, int]] = []
    seg_start = start
    offset = offset_at(zone, start)
    probe, last = start, end - 1
    while probe < last:
        nxt = min(probe + _PROBE, last)
        next_offset = offset_at(zone, nxt)
        if next_offset != offset:
            change = _first_instant_with_offset(zone, probe, nxt, offset)
            segments.append((seg_start, change, offset))
            seg_start, offset = change, next_offset
        probe = nxt
    segments.append((seg_start, end, offset))
    return segments


def _first_instant_with_offset(zone: ZoneInfo, low: int, high: int, old: int) -> int:
    """The first second in ``(low, high]`` whose offset is no longer ``old``."""
    while high - low > 1:
        middle = (low + high) // 2
        if offset_at(zone, middle) == old:
            low = middle
        else:
            high = middle
    return high


@lru_cache(maxsize=1 << 16)
def wall_time_to_instant(zone: ZoneInfo, day: date, minute: int) -> int:
    """The first instant at which a clock in ``zone`` shows ``day`` at ``minute`` past midnight
    or later (``minute`` may be 1440: the next midnight).

    * an ordinary wall time is its only instant;
    * a repeated one (autumn, Europe/Berlin 2026-10-25 02:30) is its first occurrence — what
      zoneinfo gives for ``fold=0``;
    * a skipped one (spring, Europe/Berlin 2026-03-29 02:30) is the moment the clock jumps
      (03:00 CEST), the first instant showing that time or later.

    Remembered: a pure function of its arguments, asked twice for every person's working block
    on every day of every availability question, mostly for the same few values.
    """
    local = datetime.combine(day, datetime.min.time()) + timedelta(minutes=minute)
    guess = int(local.replace(tzinfo=zone, fold=0).timestamp())
    if datetime.fromtimestamp(guess, zone).replace(tzinfo=None) == local:
        return guess
    # Skipped by a jump forward: fold=0 read the time with the old offset and landed after the
    # jump; fold=1 reads it with the new offset and lands before. The jump lies in between.
    before = int(local.replace(tzinfo=zone, fold=1).timestamp())
    low, high = min(before, guess), max(before, guess)
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, zone).replace(tzinfo=None) >= local:
            high = middle
        else:
            low = middle
    return high


def shown_zone(moment: datetime, home: ZoneInfo) -> tzinfo:
    """The zone to show ``moment`` in to the person who wrote it: the IANA zone they wrote, else
    ``home`` (the staff member's zone) when it has the offset they wrote at that instant — so
    ``10:00+01:00`` for a Berlin salon reads "10:00 Europe/Berlin" — else their own offset."""
    written = moment.tzinfo
    if isinstance(written, ZoneInfo):
        return written
    if written is None or moment.utcoffset() == moment.astimezone(home).utcoffset():
        return home
    return written


def wall_time(moment: datetime, zone: tzinfo) -> str:
    """``2026-11-30 10:00 Europe/Berlin`` (or ``... +05:30``, ``... UTC``): an instant as a
    person reads it in messages, to the minute."""
    local = moment.astimezone(zone)
    if isinstance(zone, ZoneInfo):
        name = zone.key
    else:
        offset = local.utcoffset() or timedelta(0)
        name = "UTC" if not offset else local.strftime("%z")[:3] + ":" + local.strftime("%z")[3:]
    return f"{local:%Y-%m-%d %H:%M} {name}"
