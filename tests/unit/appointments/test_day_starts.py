"""Per-person-day starts (the cache's unit, issue 18) give exactly the engine's answer: any days,
apart or following each other, any notice, any range inside them, staff in other zones, a DST
change, buffers, custom durations and a daily limit."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import example, given, settings
from hypothesis import strategies as st

from studiobook.domain.appointments import BookedSpan, BookingLimits, available_slots
from studiobook.domain.appointments.availability import (
    booked_window,
    everyones_day_starts,
    slots_from_days,
)
from studiobook.domain.appointments.closures import day_span
from tests.unit.appointments.builders import (
    BERLIN,
    NOW,
    assign,
    booked,
    event_type,
    hours,
    local,
    staff,
)

DST_SUNDAY = date(2027, 3, 28)  # Berlin springs forward
FIRST = DST_SUNDAY - timedelta(days=3)


@settings(max_examples=40, deadline=None)
@given(
    day_numbers=st.sets(st.integers(0, 6), min_size=1, max_size=7),
    cut=st.tuples(st.integers(0, 23), st.integers(1, 48)),
    notice=st.sampled_from([0, 60, 60 * 24 * 200]),
    custom=st.sampled_from([None, 45]),
    per_day=st.sampled_from([None, 1]),
    appointments=st.lists(
        st.tuples(st.integers(0, 1), st.integers(-1, 7), st.integers(0, 23), st.integers(1, 8)),
        max_size=8,
    ),
    own_buffers=st.sampled_from([(0, 15), (20, 0), (0, 0)]),
)
# New York's Sunday, which starts Sunday 06:00 in Berlin, has its one appointment: the New York
# person's starts of Monday before 06:00 (Berlin) are taken by the daily limit.
@example({1}, (0, 1), 0, None, 1, [(1, 0, 10, 2)], (0, 0))
# Booked until Monday 00:00, when the first start's 5 minutes of preparation would begin.
@example({1}, (0, 1), 0, None, None, [(1, 0, 23, 4)], (0, 0))
def test_day_starts_assemble_to_the_engines_answer(
    day_numbers, cut, notice, custom, per_day, appointments, own_buffers
):
    """Also: the booked spans outside :func:`booked_window` of the days asked about change
    nothing (the store reads only those inside)."""
    kind = event_type(
        duration=30, slot_interval_minutes=15, buffer_before_minutes=5, buffer_after_minutes=10,
        minimum_notice_minutes=notice, booking_limits=BookingLimits(per_day=per_day),
    )  # fmt: skip
    everyday = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    members = [
        staff(1, working_hours=hours(["08:00-12:00", "13:00-18:00"], everyday)),
        staff(2, zone="America/New_York", working_hours=hours(["00:00-24:00"], everyday)),
    ]
    assignments = [assign(1, custom_duration=custom), assign(2)]
    before, after = own_buffers
    times = [
        booked(local(FIRST + timedelta(days=d), h), 15 * q, staff_id=s + 1, id=i,
               before=before, after=after)
        for i, (s, d, h, q) in enumerate(appointments)
    ]  # fmt: skip
    days = [FIRST + timedelta(days=n) for n in sorted(day_numbers)]
    spans = [day_span(day, BERLIN) for day in days]
    low, high = booked_window(
        kind, zip(members, assignments, strict=True), spans[0][0], spans[-1][1]
    )
    spans_booked = [
        b for b in map(BookedSpan.of, times)
        if b.blocked_until > low.timestamp() and b.blocked_from < high.timestamp()
    ]  # fmt: skip
    people = [(m, a, spans_booked) for m, a in zip(members, assignments, strict=True)]
    everyone = everyones_day_starts(kind, people, busy=[], days=spans)
    per_staff = [(m.id, days) for m, days in zip(members, everyone, strict=True)]
    now = NOW.replace(year=2027, month=3, day=20)
    # Ask about a range inside the first and last day, whatever lies between them.
    start = spans[0][0] + timedelta(hours=cut[0])
    end = max(start + timedelta(minutes=15), spans[-1][1] - timedelta(minutes=30 * (cut[1] - 1)))
    assembled = slots_from_days(
        [(i, [d for d, (lo, _) in zip(ds, spans, strict=True) if lo < end]) for i, ds in per_staff],
        start=start, end=end, now=now, minimum_notice_minutes=notice,
    )  # fmt: skip
    engine = available_slots(
        kind, staff=members, assignments=assignments, appointments=times,
        start=start, end=end, now=now,
    )  # fmt: skip
    asked = set(days)
    kept = [s for s in engine if s.start.astimezone(BERLIN).date() in asked]
    assert assembled == kept
