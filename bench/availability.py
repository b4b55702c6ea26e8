"""Availability for one month, 50 staff, a 15-minute grid and 5,000 appointments: the engine vs
the naive per-slot-per-appointment check, in the same run.

The data is seeded: 50 staff (most in Europe/Berlin, some in London and New York), weekday hours
with a lunch break, some Saturdays, a few days off; 5,000 appointments inside working hours
(5% cancelled), a third of them of another service with 15 minutes of clean-up after it (booked
appointments block their own buffers). The event type: 30 minutes on a 15-minute grid counted from
the start of each working block, 5 minutes buffer before and 10 after, 60 minutes notice, at most
8 per staff member and day.

* engine: ``available_slots`` for all 50 staff over December 2026 (best of several repeats);
* naive: for every staff member and every 15-minute grid start of the month, scan the working
  intervals, then compare the buffered slot with *every* appointment of that staff member and
  count the day's appointments the same way. It runs staff by staff until its time budget is
  used, then is scaled linearly to 50 staff (the output says so). Its answers are compared with
  the engine's for every staff member it ran on.

Also timed: one staff member's month, and ``next_available_slot`` (everyone; and one staff
member back from three weeks of holiday). Target (SPEC 5): engine >= 20x faster than naive.

    python bench/availability.py [--staff 50] [--appointments 5000] [--naive-budget 40]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

# `python bench/availability.py` from a checkout works without installing the project.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from studiobook.domain.appointments import (  # noqa: E402
    Appointment,
    AppointmentStatus,
    Assignment,
    BookedTime,
    BookingLimits,
    EventType,
    Staff,
    WorkingHours,
    available_slots,
    next_available_slot,
    working_intervals,
)

BERLIN = ZoneInfo("Europe/Berlin")
MONTH_START = datetime(2026, 12, 1, tzinfo=BERLIN)
MONTH_END = datetime(2027, 1, 1, tzinfo=BERLIN)
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
ZONES = ("Europe/Berlin",) * 8 + ("Europe/London", "America/New_York")
SHIFTS = (
    ["09:00-12:00", "13:00-18:00"],
    ["08:00-16:00"],
    ["10:00-14:00", "14:30-19:00"],
    ["07:30-12:30"],
)
TARGET = 20.0


# -- seeded data -----------------------------------------------------------------------------------
def make_staff(count: int, rng: random.Random) -> list[Staff]:
    members = []
    for n in range(1, count + 1):
        shift = rng.choice(SHIFTS)
        weekly = {day: shift for day in ("mon", "tue", "wed", "thu", "fri")}
        if rng.random() < 0.4:
            weekly["sat"] = ["09:00-14:00"]
        overrides = {
            date(2026, 12, rng.randint(1, 31)): [] for _ in range(rng.randint(0, 3))
        }  # days off
        overrides[date(2026, 12, 24)] = ["09:00-12:00"]
        members.append(
            Staff(
                id=n,
                company_id=1,
                name=f"Staff {n}",
                time_zone=rng.choice(ZONES),
                working_hours=WorkingHours(weekly=weekly, overrides=overrides),
            )
        )
    return members


def make_appointments(members: list[Staff], total: int, rng: random.Random) -> list[Appointment]:
    """``total`` appointments spread over the staff, each inside that member's working time."""
    spans = {
        m.id: [
            (s, e)
            for s, e in working_intervals(
                m.working_hours, m.zone, date(2026, 11, 30), date(2027, 1, 1)
            )
        ]
        for m in members
    }
    out = []
    for k in range(total):
        member = members[k % len(members)]
        start, end = rng.choice(spans[member.id])
        minutes = rng.choice((15, 30, 30, 45, 60, 90))
        room = int((end - start).total_seconds() // 60) - minutes
        if room < 0:
            minutes, room = int((end - start).total_seconds() // 60), 0
        begin = start + timedelta(minutes=5 * rng.randint(0, room // 5))
        out.append(
            Appointment(
                id=k + 1,
                company_id=1,
                staff_id=member.id,
                event_type_id=rng.choice((10, 10, 11)),
                start=begin,
                end=begin + timedelta(minutes=minutes),
                customer_name=f"Kunde {k}",
                status=(
                    AppointmentStatus.CANCELLED if rng.random() < 0.05 else AppointmentStatus.BOOKED
                ),
            )
        )
    return out


EVENT_TYPE = EventType(
    id=10,
    company_id=1,
    name="Beratung",
    duration_minutes=30,
    slot_interval_minutes=15,
    buffer_before_minutes=5,
    buffer_after_minutes=10,
    minimum_notice_minutes=60,
    booking_limits=BookingLimits(per_day=8),
)
OTHER_TYPE = EventType(
    id=11, company_id=1, name="Färben", duration_minutes=60, buffer_after_minutes=15
)
TYPES = {10: EVENT_TYPE, 11: OTHER_TYPE}


def booked_times(appointments: list[Appointment]) -> list[BookedTime]:
    """What the store hands the engine: the booked ones with their own event type's buffers."""
    return [
        BookedTime.of(a, TYPES[a.event_type_id])
        for a in appointments
        if a.status is AppointmentStatus.BOOKED
    ]


# -- the naive baseline ----------------------------------------------------------------------------
def naive_starts(member: Staff, appointments: list[Appointment]) -> list[datetime]:
    """Every 15-minute grid start of the month, checked against every working interval and
    every appointment of the member (the per-slot-per-appointment check)."""
    et, zone = EVENT_TYPE, member.zone
    duration = timedelta(minutes=et.duration_minutes)
    before = timedelta(minutes=et.buffer_before_minutes)
    after = timedelta(minutes=et.buffer_after_minutes)
    earliest = NOW + timedelta(minutes=et.minimum_notice_minutes)
    step = timedelta(minutes=et.slot_interval_minutes)
    working = working_intervals(member.working_hours, zone, date(2026, 11, 29), date(2027, 1, 2))
    mine = [a for a in appointments if a.staff_id == member.id]
    found = []
    t = MONTH_START.astimezone(UTC)
    end = MONTH_END.astimezone(UTC)
    while t < end:
        wall = t.astimezone(zone)
        window_start, window_end = t - before, t + duration + after
        block = next((s for s, e in working if s <= t < e), None)  # no shift crosses midnight
        if (
            t >= earliest
            and block is not None
            and (t - block) % step == timedelta(0)
            and any(s <= window_start and window_end <= e for s, e in working)
        ):
            free, same_day = True, 0
            for a in mine:
                if a.status is not AppointmentStatus.BOOKED:
                    continue
                own = TYPES[a.event_type_id]
                blocked_start = a.start - timedelta(minutes=own.buffer_before_minutes)
                blocked_end = a.end + timedelta(minutes=own.buffer_after_minutes)
                if blocked_start < window_end and window_start < blocked_end:
                    free = False
                if a.event_type_id == et.id and a.start.astimezone(zone).date() == wall.date():
                    same_day += 1
            if free and same_day < et.booking_limits.per_day:
                found.append(t)
        t += step
    return found


# -- timing ----------------------------------------------------------------------------------------
def best_of(repeats: int, run: Callable[[], object]) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeats):
        started = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=50)
    parser.add_argument("--appointments", type=int, default=5000)
    parser.add_argument("--naive-budget", type=float, default=40.0,
                        help="seconds the naive check may run before it is scaled (default 40)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    members = make_staff(args.staff, rng)
    appointments = make_appointments(members, args.appointments, rng)
    assignments = [Assignment(staff_id=m.id, event_type_id=10) for m in members]
    taken = booked_times(appointments)
    booked = sum(a.status is AppointmentStatus.BOOKED for a in appointments)
    print(f"availability bench: {len(members)} staff, {len(appointments)} appointments "
          f"({booked} booked), December 2026, 15-minute grid, 30 min + 5/10 min buffers, "
          f"60 min notice, max 8 per day")

    def month(staff_list=members):
        return available_slots(
            EVENT_TYPE, staff=staff_list, assignments=assignments, appointments=taken,
            start=MONTH_START, end=MONTH_END, now=NOW,
        )

    engine_seconds, slots = best_of(args.repeats, month)
    per_staff: dict[int, set[datetime]] = {m.id: set() for m in members}
    for slot in slots:
        for staff_id in slot.staff_ids:
            per_staff[staff_id].add(slot.start)
    offers = sum(len(s.staff_ids) for s in slots)
    print(f"  engine   {engine_seconds * 1000:9.1f} ms  {len(slots)} slots, "
          f"{offers} staff-slot offers")

    naive_seconds, ran, mismatches = 0.0, 0, []
    for member in members:
        started = time.perf_counter()
        starts = naive_starts(member, appointments)
        naive_seconds += time.perf_counter() - started
        ran += 1
        if set(starts) != per_staff[member.id]:
            mismatches.append(member.id)
        if naive_seconds > args.naive_budget:
            break
    scaled = naive_seconds * len(members) / ran
    note = "" if ran == len(members) else (
        f"  (ran on {ran} of {len(members)} staff in {naive_seconds:.1f} s, scaled linearly)"
    )
    print(f"  naive    {scaled * 1000:9.1f} ms{note}")
    print(f"  answers  {'identical' if not mismatches else 'DIFFER for staff ' + str(mismatches)}"
          f" for the {ran} staff checked both ways")

    single_seconds, _ = best_of(args.repeats, lambda: month(members[:1]))
    print(f"  one staff member's month      {single_seconds * 1000:7.2f} ms")

    def next_slot(staff_list, after=None):
        return next_available_slot(
            EVENT_TYPE, staff=staff_list, assignments=assignments, appointments=taken,
            now=NOW, after=after,
        )

    everyone_seconds, first = best_of(args.repeats, lambda: next_slot(members, MONTH_START))
    holiday = {date(2026, 12, 1) + timedelta(days=d): [] for d in range(21)}
    away = Staff(id=1, company_id=1, name="Back from holiday", time_zone="Europe/Berlin",
                 working_hours=WorkingHours(weekly=members[0].working_hours.weekly,
                                            overrides=holiday))
    away_seconds, back = best_of(args.repeats, lambda: next_slot([away], MONTH_START))
    print(f"  next_available_slot, 50 staff {everyone_seconds * 1000:7.2f} ms  "
          f"-> {first.start:%Y-%m-%d %H:%M} UTC, {len(first.staff_ids)} staff free")
    print(f"  next_available_slot, 3 weeks away {away_seconds * 1000:6.2f} ms  "
          f"-> {back.start:%Y-%m-%d %H:%M} UTC")

    # Growth with the number of appointments (O(n log n)): same staff, 2x and 4x as many.
    growth = []
    for factor in (2, 4):
        more = booked_times(make_appointments(
            members, args.appointments * factor, random.Random(args.seed + factor)
        ))
        seconds_more, _ = best_of(max(1, args.repeats // 2), lambda more=more: available_slots(
            EVENT_TYPE, staff=members, assignments=assignments, appointments=more,
            start=MONTH_START, end=MONTH_END, now=NOW))
        growth.append(f"{args.appointments * factor} appointments {seconds_more * 1000:.1f} ms")
    print(f"  engine with {'; '.join(growth)}")

    ratio = scaled / engine_seconds
    verdict = "meets" if ratio >= TARGET else "MISSES"
    print(f"ratio naive/engine: {ratio:.1f}x ({verdict} the target of >= {TARGET:.0f}x)")
    return 0 if not mismatches else 1


if __name__ == "__main__":
    raise SystemExit(main())
