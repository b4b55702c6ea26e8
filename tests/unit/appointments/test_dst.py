"""Both DST days of Europe/Berlin in 2026: 03-29 skips 02:00-03:00, 10-25 repeats it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from studiobook.domain.appointments import WorkingHours, working_intervals
from studiobook.domain.appointments.intervals import total
from studiobook.domain.appointments.zones import wall_time_to_instant

from .builders import BERLIN, NEW_YORK, clock, event_type, slots_on, staff

SPRING = date(2026, 3, 29)  # Sunday: 02:00 CET -> 03:00 CEST at 01:00 UTC
AUTUMN = date(2026, 10, 25)  # Sunday: 03:00 CEST -> 02:00 CET at 01:00 UTC
NOW = datetime(2026, 3, 1, tzinfo=UTC)


def sunday(*ranges: str) -> WorkingHours:
    return WorkingHours(weekly={"sun": list(ranges)})


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "ranges", "hours"),
    [
        (SPRING, "09:00-17:00", 8),
        (AUTUMN, "09:00-17:00", 8),
        (SPRING, "01:00-04:00", 2),
        (AUTUMN, "01:00-04:00", 4),
        (SPRING, "00:00-24:00", 23),
        (AUTUMN, "00:00-24:00", 25),
    ],
)
def test_working_hours_have_their_real_length_on_dst_days(day, ranges, hours):
    spans = working_intervals(sunday(ranges), BERLIN, day, day)
    assert total(spans) == timedelta(hours=hours)


def test_working_intervals_are_the_right_utc_instants():
    assert working_intervals(sunday("01:00-04:00"), BERLIN, SPRING, SPRING) == [
        (utc(2026, 3, 29, 0, 0), utc(2026, 3, 29, 2, 0))
    ]
    assert working_intervals(sunday("01:00-04:00"), BERLIN, AUTUMN, AUTUMN) == [
        (utc(2026, 10, 24, 23, 0), utc(2026, 10, 25, 3, 0))
    ]


def test_a_skipped_wall_time_is_the_moment_the_clock_jumps():
    # 02:30 does not exist on 03-29; the first instant showing 02:30 or later is 03:00 CEST.
    assert wall_time_to_instant(BERLIN, SPRING, 150) == int(utc(2026, 3, 29, 1, 0).timestamp())
    # A repeated wall time is its first occurrence (CEST, fold=0).
    assert wall_time_to_instant(BERLIN, AUTUMN, 150) == int(utc(2026, 10, 25, 0, 30).timestamp())
    # 02:30-05:00 on the spring day is worked from 03:00 to 05:00: two hours.
    spans = working_intervals(sunday("02:30-05:00"), BERLIN, SPRING, SPRING)
    assert spans == [(utc(2026, 3, 29, 1, 0), utc(2026, 3, 29, 3, 0))]
    # A range wholly inside the skipped hour is no working time at all.
    assert working_intervals(sunday("02:00-02:45"), BERLIN, SPRING, SPRING) == []


def test_spring_day_slots_skip_the_missing_hour():
    member = staff(working_hours=sunday("01:00-04:00"))
    slots = slots_on(SPRING, members=[member], now=NOW)
    assert clock(slots) == ["01:00", "01:30", "03:00", "03:30"]
    assert [s.start for s in slots] == [
        utc(2026, 3, 29, 0, 0), utc(2026, 3, 29, 0, 30),
        utc(2026, 3, 29, 1, 0), utc(2026, 3, 29, 1, 30),
    ]  # fmt: skip


def test_autumn_day_slots_run_through_the_repeated_hour_twice():
    member = staff(working_hours=sunday("01:00-04:00"))
    slots = slots_on(AUTUMN, members=[member], now=NOW)
    assert clock(slots) == ["01:00", "01:30", "02:00", "02:30", "02:00", "02:30", "03:00", "03:30"]
    assert [s.start for s in slots] == [utc(2026, 10, 24, 23, 0) + timedelta(minutes=30 * k)
                                        for k in range(8)]
    assert [s.start.astimezone(BERLIN).utcoffset() for s in slots[2:6]] == [
        timedelta(hours=2), timedelta(hours=2), timedelta(hours=1), timedelta(hours=1)
    ]


@pytest.mark.parametrize(("day", "first_utc"), [(SPRING, utc(2026, 3, 29, 7)),
                                               (AUTUMN, utc(2026, 10, 25, 8))])
def test_a_nine_to_five_day_on_dst_days(day, first_utc):
    member = staff(working_hours=sunday("09:00-17:00"))
    slots = slots_on(day, members=[member], now=NOW)
    assert len(slots) == 16
    assert clock(slots)[0] == "09:00" and clock(slots)[-1] == "16:30"
    assert slots[0].start == first_utc
    assert slots[-1].end == first_utc + timedelta(hours=8)


def test_the_grid_keeps_its_pace_from_the_block_start_across_the_jump():
    # 45 minutes of elapsed time from 00:00: 00:00 00:45 01:30, then 02:15 CET is 03:15 CEST,
    # 04:00 04:45 (05:30 would end after 06:00). The missing hour is not counted.
    member = staff(working_hours=sunday("00:00-06:00"))
    et = event_type(duration=45)
    assert clock(slots_on(SPRING, et=et, members=[member], now=NOW)) == [
        "00:00", "00:45", "01:30", "03:15", "04:00", "04:45",
    ]  # fmt: skip


def test_new_york_spring_forward_day():
    # 2026-03-08: 02:00 EST -> 03:00 EDT. 01:00-04:00 is two hours of work.
    member = staff(zone="America/New_York", working_hours=sunday("01:00-04:00"))
    slots = slots_on(date(2026, 3, 8), members=[member], zone=NEW_YORK, now=NOW)
    assert clock(slots, NEW_YORK) == ["01:00", "01:30", "03:00", "03:30"]
    assert slots[0].start == utc(2026, 3, 8, 6, 0) and slots[-1].end == utc(2026, 3, 8, 8, 0)
