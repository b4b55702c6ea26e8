"""The engine equals a brute-force oracle on random small schedules.

The oracle is naive on purpose: it walks every minute, reads the staff member's wall clock for
each one, and checks every candidate start against every appointment. It implements the rule of
``studiobook.domain.appointments.availability`` (module docstring) without sharing any of its code:

* working time: for each local date and range, from the first minute whose wall clock shows the
  range start (or later) to the first minute showing the range end (or later);
* working blocks: walking minute by minute, a block starts at a working minute (of the staff
  member and of the assignment's override) whose previous minute is not working or shows
  another local date; every later working minute of the same date belongs to it;
* a start ``s`` is bookable iff ``s >= now + notice``; ``s`` minus the first minute of its block
  is a multiple of the interval; every minute of ``[s - before, s + duration + after)`` is
  working time (of the staff member and of the assignment's override); that window overlaps no
  booked appointment widened by its own event type's buffers (``[start - its before, end + its
  after)``) and no busy interval; fewer than ``per_day`` booked appointments of the event type
  start on the same local date.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studiobook.domain.appointments import (
    Appointment,
    AppointmentStatus,
    Assignment,
    BookedTime,
    BookingLimits,
    EventType,
    Staff,
    WorkingHours,
    available_slots,
    is_slot_bookable,
)

ZONES = ("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe")
# DST days of those zones (Lord Howe shifts by 30 minutes at 02:00) and an ordinary day.
CHANGES = {
    date(2026, 3, 29): "Europe/Berlin",
    date(2026, 10, 25): "Europe/Berlin",
    date(2026, 3, 8): "America/New_York",
    date(2026, 11, 1): "America/New_York",
    date(2026, 4, 5): "Australia/Lord_Howe",
    date(2026, 10, 4): "Australia/Lord_Howe",
    date(2026, 12, 1): "UTC",
}
DAYS = tuple(CHANGES)
INTERVALS = (None, 5, 10, 15, 20, 25, 30, 45, 50, 60, 90)
STATUSES = st.sampled_from((AppointmentStatus.BOOKED,) * 3 + (AppointmentStatus.CANCELLED,))
MINUTE = timedelta(minutes=1)
EVENT_TYPE_ID = 10
OTHER_EVENT_TYPE_ID = 11


# -- the oracle ------------------------------------------------------------------------------------
def _wall_clock(zone: ZoneInfo, first: datetime, last: datetime) -> list[tuple[datetime, datetime]]:
    """Every UTC minute in [first, last) with the naive wall-clock time it shows in ``zone``."""
    out, t = [], first
    while t < last:
        # The zone is asked once per hour, not per minute, where the offset is the same at the
        # hour's first and last minute (no zone changes its offset twice within an hour).
        count = min(60, (last - t) // MINUTE)
        offset = t.astimezone(zone).utcoffset()
        if offset == (t + MINUTE * (count - 1)).astimezone(zone).utcoffset():
            wall = t.replace(tzinfo=None) + offset
            out.extend((t + MINUTE * i, wall + MINUTE * i) for i in range(count))
        else:
            out.extend(
                (m, m.astimezone(zone).replace(tzinfo=None))
                for m in (t + MINUTE * i for i in range(count))
            )
        t += MINUTE * count
    return out


def _worked_minutes(hours: WorkingHours, clock: list[tuple[datetime, datetime]]) -> set[datetime]:
    targets = set()
    for day in {wall.date() for _, wall in clock}:
        midnight = datetime.combine(day, datetime.min.time())
        for r in hours.ranges_on(day):
            targets.add((midnight + timedelta(minutes=r.start), midnight + timedelta(minutes=r.end)))
    # The first minute whose wall clock shows a time at or after each target: a later target's
    # first minute is never earlier, so one sweep finds them all.
    first_showing: dict[datetime, int] = {}
    i = 0
    for target in sorted({moment for pair in targets for moment in pair}):
        while i < len(clock) and clock[i][1] < target:
            i += 1
        first_showing[target] = i
    minutes: set[datetime] = set()
    for range_start, range_end in targets:
        minutes.update(t for t, _ in clock[first_showing[range_start]:first_showing[range_end]])
    return minutes


def _block_starts(working: set[datetime], clock: list[tuple[datetime, datetime]]) -> dict:
    """Each working minute -> the first minute of its block (working minutes in a row, of one
    local date)."""
    first_of: dict[datetime, datetime] = {}
    previous = None
    for t, wall in clock:
        if t in working:
            same_block = (
                previous is not None and previous[0] in working
                and previous[1].date() == wall.date()
            )  # fmt: skip
            first_of[t] = first_of[previous[0]] if same_block else t
        previous = (t, wall)
    return first_of


def oracle(et, types, members, assignments, appointments, busy, start, end, now):
    """[(start, end, staff_ids)] the slow, obvious way. ``types``: event type id -> event
    type, for the buffers of the booked appointments."""
    found: dict[tuple[datetime, datetime], list] = defaultdict(list)
    # In UTC: adding to an aware datetime in a DST zone would be wall-clock arithmetic.
    earliest = now.astimezone(UTC) + timedelta(minutes=et.minimum_notice_minutes)
    for member in members:
        assignment = next(
            (a for a in assignments if a.staff_id == member.id and a.event_type_id == et.id), None
        )
        if not (et.active and member.active and assignment):
            continue
        zone = ZoneInfo(member.time_zone)
        duration = assignment.custom_duration or et.duration_minutes
        step = et.slot_interval_minutes or duration
        before, after = et.buffer_before_minutes, et.buffer_after_minutes
        first_minute = start.astimezone(UTC).replace(second=0, microsecond=0)
        clock = _wall_clock(zone, first_minute - timedelta(days=2), end + timedelta(days=2))
        working = _worked_minutes(member.working_hours, clock)
        if assignment.availability_override is not None:
            working &= _worked_minutes(assignment.availability_override, clock)
        block_start = _block_starts(working, clock)
        mine = [
            a for a in appointments
            if a.staff_id == member.id and a.status is AppointmentStatus.BOOKED
        ]  # fmt: skip
        blocked = [_widened(a, types) for a in mine] + list(busy.get(member.id, []))
        t = first_minute if first_minute >= start else first_minute + MINUTE
        while t < end:
            wall = t.astimezone(zone)
            window_start = t - timedelta(minutes=before)
            window_end = t + timedelta(minutes=duration + after)
            same_day = [
                a for a in mine
                if a.event_type_id == et.id and a.start.astimezone(zone).date() == wall.date()
            ]  # fmt: skip
            if (
                t >= earliest
                and t in block_start
                and (t - block_start[t]) % timedelta(minutes=step) == timedelta(0)
                and all(
                    window_start + k * MINUTE in working for k in range(before + duration + after)
                )
                and not any(s < window_end and window_start < e for s, e in blocked)
                and (
                    et.booking_limits.per_day is None
                    or len(same_day) < et.booking_limits.per_day
                )
            ):
                found[(t, t + timedelta(minutes=duration))].append(member.id)
            t += MINUTE
    return [(s, e, tuple(ids)) for (s, e), ids in sorted(found.items())]


def _widened(appointment: Appointment, types: dict) -> tuple[datetime, datetime]:
    own = types[appointment.event_type_id]
    return (
        appointment.start - timedelta(minutes=own.buffer_before_minutes),
        appointment.end + timedelta(minutes=own.buffer_after_minutes),
    )


def booked_times(appointments, types) -> list[BookedTime]:
    """What the store hands the engine: the booked ones, with their own event type's buffers."""
    return [
        BookedTime.of(a, types[a.event_type_id])
        for a in appointments
        if a.status is AppointmentStatus.BOOKED
    ]


# -- random small schedules ------------------------------------------------------------------------
@st.composite
def day_ranges(draw, min_ranges=0, max_ranges=3):
    """Wall-clock ranges on a 15-minute grid, 15 minutes to 12 hours long."""
    ranges = []
    for _ in range(draw(st.integers(min_ranges, max_ranges))):
        start = draw(st.integers(0, 95)) * 15
        end = min(1440, start + draw(st.integers(1, 48)) * 15)
        ranges.append(f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}")
    return ranges


# Booleans that are mostly True / mostly False (the common case first: hypothesis shrinks to it).
LIKELY = st.integers(0, 9).map(lambda k: k != 9)
UNLIKELY = st.integers(0, 9).map(lambda k: k == 9)


@st.composite
def office_hours(draw):
    """A working day such as 08:00-12:30 + 13:15-18:00."""
    start = draw(st.integers(5 * 4, 11 * 4)) * 15
    if draw(st.booleans()):
        end = start + draw(st.integers(4, 40)) * 15
        return [f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"]
    lunch = start + draw(st.integers(2, 20)) * 15
    back = lunch + draw(st.integers(0, 6)) * 15
    end = back + draw(st.integers(2, 20)) * 15
    return [
        f"{start // 60:02d}:{start % 60:02d}-{lunch // 60:02d}:{lunch % 60:02d}",
        f"{back // 60:02d}:{back % 60:02d}-{end // 60:02d}:{end % 60:02d}",
    ]


@st.composite
def night_hours(draw):
    """Ranges around 02:00-03:00, where clocks jump: ends inside skipped or repeated times."""
    start = draw(st.sampled_from(("00:00", "01:00", "01:30", "02:00", "02:15", "02:30", "03:00")))
    end = draw(st.sampled_from(("02:00", "02:30", "02:45", "03:00", "03:30", "04:00", "24:00")))
    return [f"{start}-{end}"] if start < end else [f"{start}-24:00"]


@st.composite
def working_hours(draw, base_day):
    """Mostly the same hours every day (so most schedules have slots), some days different, and
    sometimes an override around the day asked about."""
    usual = draw(st.one_of(office_hours(), night_hours(), day_ranges(min_ranges=1)))
    weekly = {day: usual if draw(LIKELY) else draw(day_ranges()) for day in range(7)}
    overrides = {}
    if draw(UNLIKELY):
        overrides[base_day + timedelta(days=draw(st.integers(-1, 1)))] = draw(day_ranges())
    return WorkingHours(weekly=weekly, overrides=overrides)


@st.composite
def schedules(draw):
    base_day = draw(st.sampled_from(DAYS))
    # Local midnight where the clocks change that day: the change (at 02:00) lies just after.
    changing = CHANGES[base_day]
    midnight = datetime.combine(base_day, datetime.min.time(), tzinfo=ZoneInfo(changing))
    start = midnight.astimezone(UTC) + timedelta(minutes=draw(st.integers(-14 * 60, 60)))
    # Mostly a day or more (the first choice is what hypothesis falls back to), sometimes less.
    length = draw(st.sampled_from((24 * 60, 30 * 60, 12 * 60, 4 * 60, 30)))
    end = start + timedelta(minutes=length + draw(st.integers(0, 120)))
    now = start + timedelta(minutes=draw(st.integers(-600, 120)), seconds=draw(st.integers(0, 59)))

    duration = draw(st.sampled_from((5, 10, 15, 20, 25, 30, 45, 60, 90, 120)))
    et = EventType(
        id=EVENT_TYPE_ID,
        company_id=1,
        name="Service",
        duration_minutes=duration,
        slot_interval_minutes=draw(st.sampled_from(INTERVALS)),
        buffer_before_minutes=draw(st.sampled_from((0, 0, 5, 10, 15, 30))),
        buffer_after_minutes=draw(st.sampled_from((0, 0, 5, 10, 15, 30))),
        minimum_notice_minutes=draw(st.sampled_from((0, 0, 30, 90, 240))),
        booking_limits=BookingLimits(per_day=draw(st.sampled_from((None, None, 1, 2, 3)))),
    )
    # Another service, with buffers of its own that widen its booked appointments.
    other = EventType(
        id=OTHER_EVENT_TYPE_ID,
        company_id=1,
        name="Other service",
        duration_minutes=30,
        buffer_before_minutes=draw(st.sampled_from((0, 0, 5, 15, 30))),
        buffer_after_minutes=draw(st.sampled_from((0, 0, 5, 15, 30))),
    )
    types = {EVENT_TYPE_ID: et, OTHER_EVENT_TYPE_ID: other}
    members, assignments, appointments, busy = [], [], [], {}
    for staff_id in range(1, draw(st.integers(1, 2)) + 1):
        members.append(
            Staff(
                id=staff_id,
                company_id=1,
                name=f"Staff {staff_id}",
                # Often the zone whose clocks change on the day asked about.
                time_zone=draw(st.sampled_from((changing, changing, *ZONES))),
                working_hours=draw(working_hours(base_day)),
                active=draw(LIKELY),
            )
        )
        if draw(LIKELY):
            assignments.append(
                Assignment(
                    staff_id=staff_id,
                    event_type_id=EVENT_TYPE_ID,
                    custom_duration=draw(st.sampled_from((None, None, 15, 45, 60))),
                    availability_override=(
                        draw(working_hours(base_day)) if draw(UNLIKELY) else None
                    ),
                )
            )
        for _ in range(draw(st.integers(0, 6))):
            appointment_start = start + timedelta(minutes=5 * draw(st.integers(-48, 400)))
            appointments.append(
                Appointment(
                    company_id=1,
                    staff_id=staff_id,
                    event_type_id=draw(
                        st.sampled_from((EVENT_TYPE_ID, EVENT_TYPE_ID, OTHER_EVENT_TYPE_ID))
                    ),
                    start=appointment_start,
                    end=appointment_start + timedelta(minutes=5 * draw(st.integers(1, 36))),
                    customer_name="Kunde",
                    status=draw(STATUSES),
                )
            )
        busy[staff_id] = []
        for _ in range(draw(st.integers(0, 2))):
            busy_start = start + timedelta(minutes=draw(st.integers(-120, 1800)))
            busy_end = busy_start + timedelta(minutes=draw(st.integers(1, 120)))
            busy[staff_id].append((busy_start, busy_end))
    return et, types, members, assignments, appointments, busy, start, end, now


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schedules())
def test_the_engine_equals_the_brute_force_oracle(schedule):
    et, types, members, assignments, appointments, busy, start, end, now = schedule
    slots = available_slots(
        et, staff=members, assignments=assignments,
        appointments=booked_times(appointments, types), start=start, end=end, now=now, busy=busy,
    )  # fmt: skip
    assert [(s.start, s.end, s.staff_ids) for s in slots] == oracle(
        et, types, members, assignments, appointments, busy, start, end, now
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schedules(), st.data())
def test_no_slot_overlaps_a_buffered_appointment_or_leaves_working_hours(schedule, data):
    et, types, members, assignments, appointments, busy, start, end, now = schedule
    booked = booked_times(appointments, types)
    slots = available_slots(
        et, staff=members, assignments=assignments, appointments=booked,
        start=start, end=end, now=now, busy=busy,
    )
    by_id = {m.id: m for m in members}
    worked: dict[int, set[datetime]] = {}

    def working_minutes(staff_id: int) -> set[datetime]:
        """Each person's working minutes, once per example: a day either side of the range
        holds every slot's widened window."""
        if staff_id not in worked:
            zone = ZoneInfo(by_id[staff_id].time_zone)
            clock = _wall_clock(zone, start - timedelta(days=2), end + timedelta(days=2))
            worked[staff_id] = _worked_minutes(by_id[staff_id].working_hours, clock)
        return worked[staff_id]

    for slot in slots:
        assert start <= slot.start < end and slot.start >= now
        for staff_id in slot.staff_ids:
            window = (
                slot.start - timedelta(minutes=et.buffer_before_minutes),
                slot.end + timedelta(minutes=et.buffer_after_minutes),
            )
            for a in appointments:
                if a.staff_id == staff_id and a.status is AppointmentStatus.BOOKED:
                    a_start, a_end = _widened(a, types)
                    assert not (a_start < window[1] and window[0] < a_end)
            working = working_minutes(staff_id)
            t = window[0]
            while t < window[1]:
                assert t in working
                t += MINUTE
    # The live check agrees with the listing on some grid starts of the first staff member.
    member = members[0]
    assignment = next((a for a in assignments if a.staff_id == member.id), None)
    listed = {s.start for s in slots if member.id in s.staff_ids}
    step = et.slot_interval_minutes or (
        (assignment.custom_duration if assignment else None) or et.duration_minutes
    )
    for _ in range(5):
        candidate = data.draw(st.sampled_from(sorted(listed))) if listed and data.draw(
            st.booleans()
        ) else _on_grid(
            start + timedelta(minutes=data.draw(st.integers(0, 1800))), member, assignment, step
        )
        if not start <= candidate < end:
            continue
        assert is_slot_bookable(
            et, staff=member, assignment=assignment, appointments=booked,
            start=candidate, now=now, busy=busy.get(member.id, ()),
        ) == (candidate in listed), candidate


def _on_grid(moment: datetime, member: Staff, assignment, step: int) -> datetime:
    """The last grid start at or before ``moment``, counted from the start of its working block
    (``moment`` itself, to the minute, outside working time)."""
    minute = moment.replace(second=0, microsecond=0)
    clock = _wall_clock(ZoneInfo(member.time_zone), minute - timedelta(days=2), minute + MINUTE)
    working = _worked_minutes(member.working_hours, clock)
    if assignment is not None and assignment.availability_override is not None:
        working &= _worked_minutes(assignment.availability_override, clock)
    first = _block_starts(working, clock).get(minute)
    if first is None:
        return minute
    return minute - (minute - first) % timedelta(minutes=step)
