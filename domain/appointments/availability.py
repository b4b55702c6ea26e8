"""The availability engine: which start times an event type can be booked at, and with whom.

The rule — the engine, the live check at booking time and the test oracle all use exactly this:

    For a staff member offering event type ``E`` (assignment ``A``), with effective duration
    ``d`` (``A.custom_duration`` if set, else ``E.duration_minutes``), buffers ``b_before`` and
    ``b_after`` (``E.buffer_before_minutes`` / ``E.buffer_after_minutes``) and slot interval
    ``i`` (``E.slot_interval_minutes``, else ``d``), a start ``s`` is **bookable** iff

    1. *notice*:   ``s >= now + E.minimum_notice_minutes``;
    2. *grid*:     ``s = b + k * i`` for a whole ``k >= 0``, where ``b`` is the start of the
                   *working block* ``s`` lies in. Starts are counted from the start of each
                   block, as Cal.com counts them from the start of each availability range, so
                   the first start of a block is offered whenever it fits: 09:00-12:00 +
                   13:00-17:00 with 45 minutes gives 09:00, 09:45, ... and 13:00, 13:45, ....
                   A working block is one contiguous range of the staff member's working time
                   on one local date, in their own zone: that date's ranges (a date override
                   replaces them; touching ranges of one date are one block), intersected
                   with that date's ranges of ``A.availability_override`` when the assignment
                   has one. Blocks are *not* cut by appointments or busy times — a booking in
                   the middle of a block leaves the grid where it was — but a new local date
                   starts a new block (a range ending 24:00 and the next date's from 00:00 are
                   two blocks for the grid; the window of rule 3 may run across). ``k * i`` is
                   elapsed time: on a DST day the grid keeps its pace through the change
                   (Berlin, 01:00-05:00 on the spring day, 45 minutes: 01:00, 01:45, 03:30,
                   04:15 local);
    3. *free*:     the buffered window ``[s - b_before, s + d + b_after)`` lies inside *free
                   time*, where free time = working time minus busy time:
                   working time = the staff member's working hours (date overrides replace a
                   day; a day off has none), intersected with ``A.availability_override`` when
                   the assignment has one; busy time = every *booked* appointment of the staff
                   member (of any event type) widened by *its own* event type's buffers,
                   ``[start - its b_before, end + its b_after)`` (as Cal.com widens a booking),
                   plus external busy intervals (e.g. from Cal.com). So the new appointment's
                   buffers and a booked one's never overlap either; the new one's buffers must
                   lie in working time (preparation and clean-up are work), a booked one's
                   clean-up running past the end of the working day blocks nothing new;
    4. *limit*:    if ``E.booking_limits.per_day`` is ``n``, the staff member has fewer than
                   ``n`` booked appointments *of event type E* starting on the local date (staff
                   zone) on which ``s`` starts;

    and staff member, event type and assignment are active/present (inactive staff and staff
    without an assignment for ``E`` get no slots; an inactive event type has none).

A slot is ``[s, s + d)``. :func:`available_slots` returns the bookable starts in ``[start, end)``
(the slot may end after ``end``), one :class:`Slot` per distinct ``(start, end)`` listing every
staff member free for it, sorted by start, then end (staff with a custom duration yield slots
with their own end).

Booked appointments come in as :class:`~studiobook.domain.appointments.appointments.BookedTime`
values: the time and the buffers of the appointment's own event type, read together by the
store (``BookedTime.of(appointment, its_event_type)`` builds one in memory). The per-day
computation of :func:`everyones_day_starts`, which answers the public availability questions, takes
them as :class:`~studiobook.domain.appointments.appointments.BookedSpan` tuples of epoch seconds
instead, which the store reads straight from rows.

How it is computed, per staff member, with ``w`` working blocks and ``a`` busy intervals: the
days in question are expanded in the staff member's zone into UTC epoch-second blocks,
``free = working - busy`` is one sweep over sorted lists, and in each piece ``[x, y)`` of free
time inside a block ``[b, c)`` the starts are those of ``b + k * i`` in
``[max(x + b_before, b), min(y - d - b_after, c - 1)]``, counted out arithmetically. That is
O((w + a) log(w + a) + slots); no slot is ever compared with an appointment.

Appointments and busy times passed in must cover :func:`load_window` of the question, so that
appointments just outside the range (buffers, the per-day limit of a partly asked day) count.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from studiobook.domain.appointments.appointments import Appointment, BookedSpan, BookedTime
from studiobook.domain.appointments.errors import (
    InvalidAvailabilityQuery,
    SlotNotAvailable,
)
from studiobook.domain.appointments.event_types import EventType
from studiobook.domain.appointments.intervals import (
    Interval,
    covers,
    intersect,
    normalise,
    overlapping,
    subtract,
)
from studiobook.domain.appointments.staff import Assignment, Staff
from studiobook.domain.appointments.values import Id
from studiobook.domain.appointments.working_hours import (
    MINUTES_PER_DAY,
    WorkingHours,
    day_seconds,
)
from studiobook.domain.appointments.zones import (
    DAY,
    day_of,
    instant,
    local_day_number,
    seconds,
    seconds_up,
    shown_zone,
    wall_time,
    wall_time_to_instant,
)
from studiobook.domain.shared.ids import saved_id

BusyTimes = Mapping[Id, Iterable[tuple[datetime, datetime]]]
#: Growing search windows of :func:`next_available_slot`, in days from its origin.
SEARCH_WINDOWS = (1, 7, 30)
DEFAULT_HORIZON_DAYS = 90
# A buffered window reaches at most 24 h before a start (buffer) and 48 h after it (duration and
# buffer, 24 h each), and a booked appointment's own buffers reach 24 h further either side: an
# appointment that matters ends after start - 2 days and starts before end + 3 days. The per-day
# limit needs the whole local day (<= 26 h) of a start.
_LOAD_MARGIN = timedelta(days=3)


@dataclass(frozen=True)
class Slot:
    """``[start, end)`` in UTC and the staff members free for it, in the order they were asked
    about."""

    start: datetime
    end: datetime
    staff_ids: tuple[Id, ...]


def load_window(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """The span whose appointments and busy times a question about ``[start, end)`` needs (load
    these from the store): buffers and durations reach beyond the range, and the per-day limit
    counts a whole local day. For :func:`next_available_slot` ask about
    ``[max(now, after), that + horizon)``."""
    return start - _LOAD_MARGIN, end + _LOAD_MARGIN


def booked_window(
    event_type: EventType, offered: Iterable[tuple[Staff, Assignment]], start: datetime,
    end: datetime,
) -> tuple[datetime, datetime]:  # fmt: skip
    """The span of time whose booked appointments decide which starts in ``[start, end)`` the
    ``offered`` staff (each with their assignment) have for ``event_type``, for
    :func:`everyones_day_starts`: every booked appointment whose *blocked* time (its own buffers
    applied, :class:`BookedSpan`) overlaps it counts, no other. Tighter than
    :func:`load_window`, which has to allow for any event type: a start's buffered window
    reaches this event type's buffer before it and the longest duration asked about plus the
    buffer after it; under a per-day limit, the whole local day of each start in each person's
    own zone."""
    low = seconds(start) - event_type.buffer_before_minutes * 60
    longest, high = event_type.duration_minutes, low
    limited = event_type.booking_limits.per_day is not None
    for member, assignment in offered:
        longest = max(longest, event_type.duration_for(assignment))
        if limited:
            zone = member.zone
            first = day_of(local_day_number(zone, seconds(start)))
            last = day_of(local_day_number(zone, seconds_up(end)))
            low = min(low, wall_time_to_instant(zone, first, 0))
            high = max(high, wall_time_to_instant(zone, last, MINUTES_PER_DAY))
    high = max(high, seconds_up(end) + (longest + event_type.buffer_after_minutes) * 60)
    return instant(low), instant(high)


# -- the question, prepared once per staff member -------------------------------------------------
_Span = tuple[Id, Id, int, int, int]  # a BookedSpan, or the same as a plain tuple


@dataclass(frozen=True)
class _Calendar:
    staff_id: Id
    zone: ZoneInfo
    duration: int  # seconds
    step: int  # seconds
    before: int
    after: int
    hours: WorkingHours
    restriction: WorkingHours | None
    busy: list[Interval[int]]
    taken: dict[int, int]  # local day number -> booked appointments of this event type
    per_day: int | None

    def blocked_days(self) -> frozenset[int]:
        if self.per_day is None:
            return frozenset()
        return frozenset(day for day, count in self.taken.items() if count >= self.per_day)

    def blocks(self, low: int, high: int, restricted: bool = True) -> list[Interval[int]]:
        """The working blocks of the whole local days around ``[low, high)``, sorted: per
        local date its ranges (intersected with the assignment's, if ``restricted``); blocks of
        two dates stay apart even where they touch at midnight."""
        zone, hours, restriction = self.zone, self.hours, self.restriction
        if not restricted:
            restriction = None
        out: list[Interval[int]] = []
        for number in range(local_day_number(zone, low), local_day_number(zone, high) + 1):
            day = day_of(number)
            spans: Sequence[Interval[int]] = day_seconds(hours.minutes_on(day), zone, day)
            if restriction is not None:
                spans = intersect(spans, day_seconds(restriction.minutes_on(day), zone, day))
            out.extend(spans)
        return out


def _calendar(
    event_type: EventType,
    member: Staff,
    assignment: Assignment | None,
    booked: Iterable[_Span],
    busy: Iterable[tuple[int, int]],
) -> _Calendar:
    """``busy``: external busy times already in epoch seconds (:func:`_busy_seconds`)."""
    zone = member.zone
    spans = list(busy)
    taken: dict[int, int] = {}
    # Thousands of booked times per question: names looked up once; the count per day only
    # where a limit reads it.
    staff_id, counted = member.id, event_type.id if event_type.booking_limits.per_day else None
    add = spans.append
    for whose, kind, start, blocked_from, blocked_until in booked:
        if whose != staff_id:
            continue
        add((blocked_from, blocked_until))
        if kind == counted:
            day = local_day_number(zone, start)
            taken[day] = taken.get(day, 0) + 1
    return _Calendar(
        staff_id=saved_id(member, f"staff {member.name!r}"),
        zone=zone,
        duration=event_type.duration_for(assignment) * 60,
        step=event_type.interval_for(assignment) * 60,
        before=event_type.buffer_before_minutes * 60,
        after=event_type.buffer_after_minutes * 60,
        hours=member.working_hours,
        restriction=assignment.availability_override if assignment else None,
        busy=normalise(spans),
        taken=taken,
        per_day=event_type.booking_limits.per_day,
    )


def _busy_seconds(
    whose: str, busy: Iterable[tuple[datetime, datetime]]
) -> list[tuple[int, int]]:
    spans = []
    for start, end in busy:
        if not all(isinstance(m, datetime) and m.utcoffset() is not None for m in (start, end)):
            raise InvalidAvailabilityQuery(
                f"{whose}busy time {start!r} - {end!r} needs dates and times with a UTC offset"
            )
        spans.append((seconds(start), seconds_up(end)))
    return spans


def _calendars(
    event_type: EventType,
    staff: Iterable[Staff],
    assignments: Iterable[Assignment],
    appointments: Iterable[BookedTime],
    busy: BusyTimes | None,
    branch_id: Id | None,
) -> list[_Calendar]:
    """One calendar per active staff member of the branch (if given) who offers the event type;
    nobody at all when the event type is inactive."""
    if not event_type.active:
        return []
    offered: dict[Id, Assignment] = {}
    for assignment in assignments:
        if assignment.event_type_id != event_type.id:
            continue
        if assignment.staff_id in offered:
            raise InvalidAvailabilityQuery(
                f"staff {assignment.staff_id} is assigned to event type {event_type.id} twice"
            )
        offered[assignment.staff_id] = assignment
    chosen: dict[Id, Staff] = {}
    seen: set[Id] = set()
    for member in staff:
        if member.id is None:
            raise InvalidAvailabilityQuery(f"staff {member.name!r} has no id yet; store it first")
        if member.id in seen:
            raise InvalidAvailabilityQuery(f"staff {member.id} was asked about twice")
        seen.add(member.id)
        _same_company(event_type, member)
        if member.active and member.id in offered and (
            branch_id is None or member.branch_id == branch_id
        ):
            chosen[member.id] = member
    by_staff: dict[Id, list[_Span]] = {staff_id: [] for staff_id in chosen}
    for booked in appointments:
        mine = by_staff.get(booked.staff_id)
        if mine is not None:  # BookedSpan.of as a plain tuple: tens of thousands a quarter
            start = seconds(booked.start)
            mine.append((
                booked.staff_id, booked.event_type_id, start,
                start - booked.buffer_before_minutes * 60,
                seconds_up(booked.end) + booked.buffer_after_minutes * 60,
            ))  # fmt: skip
    busy = busy or {}
    return [
        _calendar(
            event_type, m, offered[staff_id], by_staff[staff_id],
            _busy_seconds(f"staff {staff_id}: ", busy.get(staff_id, ())),
        )  # fmt: skip
        for staff_id, m in chosen.items()
    ]


def _same_company(event_type: EventType, member: Staff) -> None:
    if member.company_id != event_type.company_id:
        raise InvalidAvailabilityQuery(
            f"staff {member.id} belongs to company {member.company_id}, event type "
            f"{event_type.id} to company {event_type.company_id}"
        )


# -- the engine ------------------------------------------------------------------------------------
def _free_starts(cal: _Calendar, low: int, high: int, earliest: int) -> list[int]:
    """Bookable starts ``s`` with ``low <= s < high`` and ``s >= earliest``, ascending."""
    low = max(low, earliest)
    if low >= high:
        return []
    need_low, need_high = low - cal.before, high + cal.duration + cal.after
    blocks = cal.blocks(need_low, need_high)
    free = subtract(normalise(blocks), overlapping(cal.busy, need_low, need_high))
    step, reach = cal.step, cal.duration + cal.after
    starts: list[int] = []
    j = 0
    for block_start, block_end in blocks:
        if block_end <= low:
            continue
        if block_start >= high:
            break
        # Free time may run across blocks (at midnight): each block counts its own grid.
        while j < len(free) and free[j][1] <= block_start:
            j += 1
        k = j
        while k < len(free) and free[k][0] < block_end:
            first = max(free[k][0] + cal.before, block_start, low)
            last = min(free[k][1] - reach, block_end - 1, high - 1)
            if first <= last:
                aligned = block_start - (block_start - first) // step * step  # ceil to the grid
                starts.extend(range(aligned, last + 1, step))
            k += 1
    blocked = cal.blocked_days()
    if blocked:
        starts = [s for s in starts if local_day_number(cal.zone, s) not in blocked]
    return starts


def _merge(calendars: Sequence[_Calendar], per_staff: Sequence[list[int]]) -> list[Slot]:
    who: dict[tuple[int, int], list[Id]] = {}
    for cal, starts in zip(calendars, per_staff, strict=True):
        duration = cal.duration
        for start in starts:
            key = (start, duration)
            found = who.get(key)
            if found is None:
                who[key] = [cal.staff_id]
            else:
                found.append(cal.staff_id)
    return [
        Slot(instant(start), instant(start + duration), tuple(who[(start, duration)]))
        for start, duration in sorted(who)
    ]


def _check_range(start: datetime, end: datetime, now: datetime) -> None:
    for name, moment in (("start", start), ("end", end), ("now", now)):
        if not isinstance(moment, datetime) or moment.utcoffset() is None:
            raise InvalidAvailabilityQuery(
                f"availability {name} must be a date and time with a UTC offset, got {moment!r}"
            )
    if end <= start:
        raise InvalidAvailabilityQuery(
            f"availability range ends ({end}) before it starts ({start})"
        )


def _earliest(event_type: EventType, now: datetime) -> int:
    return seconds_up(now) + event_type.minimum_notice_minutes * 60


def available_slots(
    event_type: EventType,
    *,
    staff: Iterable[Staff],
    assignments: Iterable[Assignment],
    appointments: Iterable[BookedTime],
    start: datetime,
    end: datetime,
    now: datetime,
    busy: BusyTimes | None = None,
    branch_id: Id | None = None,
) -> list[Slot]:
    """Every bookable slot starting in ``[start, end)`` (the rule in the module docstring).

    ``staff``: the candidates — pass one member for a staff wish, or all of the company;
    only active members with an assignment to ``event_type`` (and of ``branch_id``, if given)
    get slots. ``appointments``: the booked time of every booked appointment of those staff in
    :func:`load_window` (others are ignored), with its own event type's buffers. ``busy``:
    external busy intervals per staff id."""
    _check_range(start, end, now)
    appointments = list(appointments)
    calendars = _calendars(event_type, staff, assignments, appointments, busy, branch_id)
    low, high, earliest = seconds_up(start), seconds_up(end), _earliest(event_type, now)
    return _merge(calendars, [_free_starts(cal, low, high, earliest) for cal in calendars])


# -- per staff member and day, for a cache that keeps each person's day apart --------------------
@dataclass(frozen=True)
class DayStarts:
    """One staff member's bookable starts (UTC epoch seconds, ascending) over one span of time,
    with no minimum notice applied, and the length of their slots in seconds."""

    duration: int
    starts: tuple[int, ...]


def check_question(start: datetime, end: datetime, now: datetime) -> None:
    """Raise :class:`InvalidAvailabilityQuery` as :func:`available_slots` would for this range."""
    _check_range(start, end, now)


def everyones_day_starts(
    event_type: EventType,
    people: Iterable[tuple[Staff, Assignment, Iterable[BookedSpan]]],
    *,
    busy: Iterable[tuple[datetime, datetime]],
    days: Sequence[tuple[datetime, datetime]],
) -> list[list[DayStarts]]:
    """Each of ``people``'s (a member, active and offering ``event_type``, which is active;
    their assignment; their booked spans) bookable starts in each of ``days`` (``[first,
    after)`` spans that do not overlap), by the rule of :func:`available_slots` but with no
    minimum notice: whether a start is bookable does not depend on the range asked about, so
    :func:`slots_from_days` over these gives exactly what :func:`available_slots` gives. The
    booked spans must hold every one of that member whose blocked time overlaps
    :func:`booked_window` of the days (more do no harm); ``busy`` (shared by everyone: closed
    days) must cover :func:`load_window` of every day, and is converted once, as are the
    days."""
    shared = _busy_seconds("", busy)
    spans = [(seconds_up(low), seconds_up(high)) for low, high in days]
    runs = []  # days that follow each other are computed in one sweep, then split
    i = 0
    while i < len(spans):
        j = i + 1
        while j < len(spans) and spans[j][0] == spans[j - 1][1]:
            j += 1
        runs.append((spans[i][0], spans[j - 1][1], spans[i:j]))
        i = j
    everyone = []
    for member, assignment, booked in people:
        cal = _calendar(event_type, member, assignment, booked, shared)
        out: list[DayStarts] = []
        for low, high, run in runs:
            starts = _free_starts(cal, low, high, low)
            for first, after in run:
                part = starts[bisect_left(starts, first) : bisect_left(starts, after)]
                out.append(DayStarts(cal.duration, tuple(part)))
        everyone.append(out)
    return everyone


def slots_from_days(
    per_staff: Sequence[tuple[Id, Iterable[DayStarts]]],
    *,
    start: datetime,
    end: datetime,
    now: datetime,
    minimum_notice_minutes: int,
) -> list[Slot]:
    """:func:`available_slots`' answer from each staff member's :class:`DayStarts` (in the order
    the staff were asked about): the starts in ``[start, end)`` that the notice allows, merged
    into slots."""
    _check_range(start, end, now)
    low, high = seconds_up(start), seconds_up(end)
    low = max(low, seconds_up(now) + minimum_notice_minutes * 60)
    # Who is free, per slot length (nearly always one) and start: int keys, not a (start,
    # length) tuple made and hashed for each of thousands of starts.
    by_length: dict[int, dict[int, list[Id]]] = {}
    for staff_id, days in per_staff:
        for day in days:
            starts = day.starts
            if not starts or starts[-1] < low or starts[0] >= high:
                continue
            if low <= starts[0] and starts[-1] < high:
                inside: Sequence[int] = starts
            else:
                inside = starts[bisect_left(starts, low) : bisect_left(starts, high)]
            who = by_length.get(day.duration)
            if who is None:
                who = by_length[day.duration] = {}
            for s in inside:
                found = who.get(s)
                if found is None:
                    who[s] = [staff_id]
                else:
                    found.append(staff_id)
    moments: dict[int, datetime] = {}  # most slots end where another starts: one datetime each

    def at(epoch_seconds: int) -> datetime:
        moment = moments.get(epoch_seconds)
        if moment is None:
            moment = moments[epoch_seconds] = instant(epoch_seconds)
        return moment

    ordered = sorted((s, duration) for duration, who in by_length.items() for s in who)
    return [
        Slot(at(s), at(s + duration), tuple(by_length[duration][s])) for s, duration in ordered
    ]


def next_available_slot(
    event_type: EventType,
    *,
    staff: Iterable[Staff],
    assignments: Iterable[Assignment],
    appointments: Iterable[BookedTime],
    now: datetime,
    after: datetime | None = None,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
    busy: BusyTimes | None = None,
    branch_id: Id | None = None,
) -> Slot | None:
    """The earliest bookable slot from ``max(now, after)`` on, with everyone free for it, or
    ``None`` if there is none within ``horizon_days``.

    Searches growing windows (1 day, then up to 7, 30, then the horizon) so a free slot
    tomorrow costs a day's computation, not a quarter's. ``appointments`` must cover the
    horizon (plus :func:`load_window`'s margin)."""
    for moment in (now, after or now):  # "after" is checked as a range start
        _check_range(moment, moment + timedelta(days=1), now)
    origin = now if after is None or after < now else after
    if isinstance(horizon_days, bool) or not isinstance(horizon_days, int) or horizon_days < 1:
        raise InvalidAvailabilityQuery(
            f"the search horizon must be at least 1 whole day, got {horizon_days!r}"
        )
    calendars = _calendars(event_type, staff, assignments, list(appointments), busy, branch_id)
    if not calendars:
        return None
    base, earliest = seconds_up(origin), _earliest(event_type, now)
    edges = [d for d in SEARCH_WINDOWS if d < horizon_days] + [horizon_days]
    low = base
    for days in edges:
        high = base + days * DAY
        found = _merge(calendars, [_free_starts(cal, low, high, earliest) for cal in calendars])
        if found:
            return found[0]
        low = high
    return None


# -- the live check at booking time ----------------------------------------------------------------
def slot_refusal(
    event_type: EventType,
    *,
    staff: Staff,
    assignment: Assignment | None,
    appointments: Iterable[BookedTime],
    start: datetime,
    now: datetime,
    busy: Iterable[tuple[datetime, datetime]] = (),
) -> str | None:
    """Why ``staff`` cannot be booked for ``event_type`` at ``start`` — ``None`` if they can.

    The same rule as :func:`available_slots` (a start is refused here exactly when the engine
    would not list it), evaluated for one start against the live appointments: call it inside
    the booking transaction, never trust a cached answer."""
    _check_range(start, start + timedelta(seconds=1), now)
    _same_company(event_type, staff)
    if not event_type.active:
        return f"event type {event_type.id} ({event_type.name}) is inactive"
    if not staff.active:
        return f"staff {staff.id} ({staff.name}) is inactive"
    if (
        assignment is None
        or assignment.staff_id != staff.id
        or assignment.event_type_id != event_type.id
    ):
        return f"staff {staff.id} ({staff.name}) does not offer event type {event_type.id}"
    busy = list(busy)
    appointments = [a for a in appointments if a.staff_id == staff.id]
    busy_seconds = _busy_seconds(f"staff {staff.id}: ", busy)
    cal = _calendar(event_type, staff, assignment, map(BookedSpan.of, appointments), busy_seconds)
    local = start.astimezone(cal.zone)
    s = seconds(start)

    if s < seconds_up(now):
        return f"it starts in the past: {wall_time(start, shown_zone(start, cal.zone))}"
    earliest = _earliest(event_type, now)
    if s < earliest:
        shown = wall_time(instant(earliest), shown_zone(start, cal.zone))
        return (
            f"it starts before the minimum notice of {event_type.minimum_notice_minutes} "
            f"minutes allows (earliest {shown})"
        )
    # The buffered window that must lie in free time, and the working block the start lies in.
    low, high = s - cal.before, s + cal.duration + cal.after
    blocks = cal.blocks(low, high)
    block = next((b for b, e in blocks if b <= s < e), None)
    if block is not None and (start.microsecond or (s - block) % cal.step):
        return (
            f"{local:%H:%M:%S} is not on the slot grid (every {cal.step // 60} minutes from "
            f"{instant(block).astimezone(cal.zone):%H:%M}, the start of the working block, "
            f"{staff.time_zone})"
        )
    window = _window(cal, low, high)
    if not covers(normalise(cal.blocks(low, high, restricted=False)), low, high):
        return f"{window} is outside the working hours"
    if not covers(normalise(blocks), low, high):
        return (
            f"{window} is outside the hours in which this staff member offers event type "
            f"{event_type.id}"
        )
    for other in appointments:
        other_low, other_high = other.blocked()
        if seconds(other_low) < high and low < seconds_up(other_high):
            if seconds(other.start) < high and low < seconds_up(other.end):
                return f"{window} overlaps appointment {other.appointment_id}"
            kept = [
                f"{minutes} minutes {side}"
                for minutes, side in (
                    (other.buffer_before_minutes, "before"),
                    (other.buffer_after_minutes, "after"),
                )
                if minutes
            ]
            return (
                f"{window} overlaps the buffer of appointment {other.appointment_id} "
                f"({_clock(other.start, cal)}-{_clock(other.end, cal)}, kept free "
                f"{' and '.join(kept)})"
            )
    if overlapping(cal.busy, low, high):
        return f"{window} overlaps a busy time in the calendar"
    day = local_day_number(cal.zone, s)
    if cal.per_day is not None and cal.taken.get(day, 0) >= cal.per_day:
        return (
            f"{cal.taken[day]} appointment(s) of event type {event_type.id} are already booked "
            f"on {day_of(day)} (limit {cal.per_day} per day)"
        )
    return None


def _clock(moment: datetime, cal: _Calendar) -> str:
    return f"{moment.astimezone(cal.zone):%H:%M}"


def _window(cal: _Calendar, low: int, high: int) -> str:
    buffered = " (with buffers)" if cal.before or cal.after else ""
    return (
        f"{instant(low).astimezone(cal.zone):%Y-%m-%d %H:%M}-"
        f"{instant(high).astimezone(cal.zone):%H:%M} {cal.zone.key}{buffered}"
    )


def is_slot_bookable(
    event_type: EventType,
    *,
    staff: Staff,
    assignment: Assignment | None,
    appointments: Iterable[BookedTime],
    start: datetime,
    now: datetime,
    busy: Iterable[tuple[datetime, datetime]] = (),
) -> bool:
    return (
        slot_refusal(
            event_type,
            staff=staff,
            assignment=assignment,
            appointments=appointments,
            start=start,
            now=now,
            busy=busy,
        )
        is None
    )


def book_appointment(
    event_type: EventType,
    *,
    staff: Staff,
    assignment: Assignment | None,
    appointments: Iterable[BookedTime],
    start: datetime,
    now: datetime,
    customer_name: str,
    customer_email: str | None = None,
    busy: Iterable[tuple[datetime, datetime]] = (),
) -> Appointment:
    """A new (unsaved) appointment at ``start`` for the effective duration and at the effective
    price (the assignment's custom ones win), after the live check; raises
    :class:`SlotNotAvailable` with the reason otherwise."""
    reason = slot_refusal(
        event_type,
        staff=staff,
        assignment=assignment,
        appointments=appointments,
        start=start,
        now=now,
        busy=busy,
    )
    if reason is not None:
        raise SlotNotAvailable(staff.id, start.isoformat(), reason)
    start = start.astimezone(UTC)
    return Appointment(
        company_id=event_type.company_id,
        staff_id=saved_id(staff, f"staff {staff.name!r}"),
        event_type_id=saved_id(event_type, f"event type {event_type.name!r}"),
        start=start,
        end=start + timedelta(minutes=event_type.duration_for(assignment)),
        customer_name=customer_name,
        customer_email=customer_email,
        price=event_type.price_for(assignment),
    )
