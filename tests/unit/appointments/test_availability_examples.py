"""Hand-computed availability: every expected list below was worked out on paper (SPEC 2.3)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from studiobook.domain.appointments import (
    BookingLimits,
    WorkingHours,
    available_slots,
)
from studiobook.domain.appointments.errors import InvalidAvailabilityQuery

from .builders import (
    BERLIN,
    NEW_YORK,
    NOW,
    TUESDAY,
    assign,
    booked,
    clock,
    event_type,
    hours,
    local,
    slots_on,
    staff,
)

WEDNESDAY, THURSDAY, SATURDAY = (
    TUESDAY + timedelta(1),
    TUESDAY + timedelta(2),
    TUESDAY + timedelta(4),
)
BOOKED_10_TO_11 = booked(local(TUESDAY, 10), 60, id=1)


def test_split_day_with_one_booked_hour_gives_the_exact_slot_list():
    slots = slots_on(TUESDAY, appointments=[BOOKED_10_TO_11])

    assert clock(slots) == [
        "09:00", "09:30", "11:00", "11:30",
        "13:00", "13:30", "14:00", "14:30", "15:00", "15:30", "16:00", "16:30",
    ]  # fmt: skip
    first = slots[0]
    assert first.start == datetime(2026, 12, 1, 8, 0, tzinfo=UTC)  # Berlin is UTC+1 in December
    assert first.end == datetime(2026, 12, 1, 8, 30, tzinfo=UTC)
    assert first.staff_ids == (1,)
    assert all(s.start.tzinfo is UTC for s in slots)


def test_slots_are_sorted_and_a_slot_may_end_after_the_range_but_not_start_after_it():
    et = event_type()
    kwargs = dict(staff=[staff()], assignments=[assign()], appointments=[], now=NOW)
    up_to_1631 = available_slots(et, start=local(TUESDAY, 16), end=local(TUESDAY, 16, 31), **kwargs)
    up_to_1630 = available_slots(et, start=local(TUESDAY, 16), end=local(TUESDAY, 16, 30), **kwargs)

    assert clock(up_to_1631) == ["16:00", "16:30"]
    assert clock(up_to_1630) == ["16:00"]


def test_buffers_of_the_new_slot_must_be_free_and_inside_working_hours():
    # window [s - 10, s + 30 + 5) must be free: 9-10 -> s in [9:10, 9:25]; 11-12 -> [11:10, 11:25];
    # 13-17 -> [13:10, 16:25]; on the 15-minute grid that is 9:15, 11:15, 13:15 ... 16:15.
    et = event_type(slot_interval_minutes=15, buffer_before_minutes=10, buffer_after_minutes=5)
    slots = slots_on(TUESDAY, et=et, appointments=[BOOKED_10_TO_11])

    afternoon = [f"{h:02d}:{m:02d}" for h in range(13, 17) for m in (0, 15, 30, 45)]
    assert clock(slots) == ["09:15", "11:15"] + [t for t in afternoon if "13:15" <= t <= "16:15"]


def test_buffer_after_an_existing_appointment_is_the_new_slots_own_buffer():
    # A 10-minute buffer before: directly after the 10-11 appointment the earliest start is 11:10.
    et = event_type(slot_interval_minutes=5, buffer_before_minutes=10)
    slots = slots_on(TUESDAY, et=et, appointments=[BOOKED_10_TO_11])
    assert "11:05" not in clock(slots) and "11:10" in clock(slots)
    # ... and a 10-minute buffer after: the last start before 10:00 is 9:20.
    et = event_type(slot_interval_minutes=5, buffer_after_minutes=10)
    morning = [
        t for t in clock(slots_on(TUESDAY, et=et, appointments=[BOOKED_10_TO_11])) if t < "10:00"
    ]
    assert morning[-1] == "09:20"


def test_minimum_notice_counts_from_now_and_keeps_the_local_grid():
    now = local(TUESDAY, 12, 20)  # earliest start with 45 minutes notice: 13:05
    et = event_type(minimum_notice_minutes=45)
    slots = slots_on(TUESDAY, et=et, now=now)
    assert clock(slots) == ["13:30", "14:00", "14:30", "15:00", "15:30", "16:00", "16:30"]


def test_a_start_exactly_at_now_plus_notice_is_bookable():
    et = event_type(minimum_notice_minutes=60)
    assert clock(slots_on(TUESDAY, et=et, now=local(TUESDAY, 13)))[0] == "14:00"


def test_custom_duration_wins_and_the_interval_defaults_to_it():
    et = event_type(duration=30)
    slots = slots_on(
        TUESDAY, et=et, assignments=[assign(custom_duration=60)], appointments=[BOOKED_10_TO_11]
    )
    assert clock(slots) == ["09:00", "11:00", "13:00", "14:00", "15:00", "16:00"]
    assert all(s.end - s.start == timedelta(minutes=60) for s in slots)


def test_custom_duration_with_an_explicit_slot_interval():
    et = event_type(duration=30, slot_interval_minutes=30)
    slots = slots_on(
        TUESDAY, et=et, assignments=[assign(custom_duration=60)], appointments=[BOOKED_10_TO_11]
    )
    assert clock(slots) == [
        "09:00",
        "11:00",
        "13:00",
        "13:30",
        "14:00",
        "14:30",
        "15:00",
        "15:30",
        "16:00",
    ]


def test_date_overrides_replace_the_day_and_an_empty_override_is_a_day_off():
    member = staff(working_hours=hours(overrides={WEDNESDAY: ["10:00-14:00"], THURSDAY: []}))
    slots = slots_on(TUESDAY, members=[member], days=5)
    by_day: dict[date, list[str]] = {}
    for s in slots:
        by_day.setdefault(s.start.astimezone(BERLIN).date(), []).append(clock([s])[0])

    assert len(by_day[TUESDAY]) == 14  # 9-12 and 13-17, nothing booked
    assert by_day[WEDNESDAY] == [
        "10:00",
        "10:30",
        "11:00",
        "11:30",
        "12:00",
        "12:30",
        "13:00",
        "13:30",
    ]
    assert THURSDAY not in by_day  # day off
    assert SATURDAY not in by_day  # no weekly hours on Saturdays
    assert len(by_day[THURSDAY + timedelta(1)]) == 14


def test_an_override_can_open_a_day_without_weekly_hours():
    member = staff(working_hours=hours(overrides={SATURDAY: ["10:00-11:00"]}))
    assert clock(slots_on(SATURDAY, members=[member])) == ["10:00", "10:30"]


def test_staff_in_new_york_works_new_york_hours():
    member = staff(zone="America/New_York", working_hours=hours(["09:00-17:00"]))
    slots = slots_on(TUESDAY, members=[member], zone=NEW_YORK)

    assert clock(slots, NEW_YORK)[0] == "09:00" and clock(slots, NEW_YORK)[-1] == "16:30"
    assert len(slots) == 16
    assert slots[0].start == datetime(2026, 12, 1, 14, 0, tzinfo=UTC)  # EST is UTC-5
    assert slots[-1].end == datetime(2026, 12, 1, 22, 0, tzinfo=UTC)


def test_a_berlin_day_asked_about_a_new_york_staff_member_cuts_at_berlin_midnight():
    # Berlin Tuesday = [Mon 23:00 UTC, Tue 23:00 UTC); New York works 14:00-22:00 UTC on
    # Monday and Tuesday; only Tuesday's falls inside, fully.
    member = staff(zone="America/New_York", working_hours=hours(["09:00-17:00"]))
    slots = slots_on(TUESDAY, members=[member], zone=BERLIN)
    assert [s.start.astimezone(NEW_YORK).date() for s in slots] == [TUESDAY] * 16


def test_grid_follows_the_staff_members_clock_in_a_half_hour_zone():
    # Asia/Kolkata is UTC+5:30: hourly starts at :00 local are :30 UTC.
    member = staff(zone="Asia/Kolkata", working_hours=hours(["10:00-13:00"]))
    et = event_type(duration=60)
    slots = slots_on(TUESDAY, et=et, members=[member], zone=BERLIN)
    assert [s.start.strftime("%H:%M") for s in slots] == ["04:30", "05:30", "06:30"]


def test_without_a_staff_wish_every_assigned_staff_member_is_listed_per_slot():
    anna = staff(1, "Anna", working_hours=hours(["09:00-12:00"]))
    ben = staff(2, "Ben", working_hours=hours(["11:00-14:00"]))
    carla = staff(3, "Carla", active=False)
    dora = staff(4, "Dora")  # not assigned to the event type
    et = event_type(duration=60)
    slots = slots_on(
        TUESDAY,
        et=et,
        members=[anna, ben, carla, dora],
        assignments=[assign(1), assign(2), assign(3), assign(4, event_type_id=99)],
    )
    assert [(t, s.staff_ids) for t, s in zip(clock(slots), slots, strict=True)] == [
        ("09:00", (1,)),
        ("10:00", (1,)),
        ("11:00", (1, 2)),
        ("12:00", (2,)),
        ("13:00", (2,)),
    ]


def test_staff_with_different_custom_durations_get_separate_slots_at_the_same_start():
    anna, ben = staff(1, "Anna"), staff(2, "Ben")
    et = event_type(duration=30, slot_interval_minutes=60)
    slots = slots_on(
        TUESDAY, et=et, members=[anna, ben], assignments=[assign(1), assign(2, custom_duration=60)]
    )
    nine = [s for s in slots if clock([s]) == ["09:00"]]
    assert [(s.end - s.start, s.staff_ids) for s in nine] == [
        (timedelta(minutes=30), (1,)),
        (timedelta(minutes=60), (2,)),
    ]


def test_branch_filter_keeps_only_that_branchs_staff():
    anna, ben = staff(1, branch_id=7), staff(2, branch_id=8)
    slots = slots_on(TUESDAY, members=[anna, ben], branch_id=8)
    assert {s.staff_ids for s in slots} == {(2,)}


def test_booking_limit_per_day_counts_this_event_types_booked_appointments_per_local_day():
    et = event_type(booking_limits=BookingLimits(per_day=2))
    taken_tuesday = [
        booked(local(TUESDAY, 9), 30),
        booked(local(TUESDAY, 16), 30),
    ]
    other_type_wednesday = [
        booked(local(WEDNESDAY, 9), 30, event_type_id=11),
        booked(local(WEDNESDAY, 16), 30, event_type_id=11),
    ]
    slots = slots_on(TUESDAY, et=et, days=3, appointments=taken_tuesday + other_type_wednesday)
    days = {s.start.astimezone(BERLIN).date() for s in slots}

    assert TUESDAY not in days  # two of this type: the day is full
    wednesday = [s for s in slots if s.start.astimezone(BERLIN).date() == WEDNESDAY]
    assert len(wednesday) == 12  # other types only occupy their time
    thursday = [s for s in slots if s.start.astimezone(BERLIN).date() == THURSDAY]
    assert len(thursday) == 14  # nothing booked (cancelled ones never reach the engine)


def test_the_limit_counts_appointments_outside_the_asked_range_on_the_same_local_day():
    et = event_type(booking_limits=BookingLimits(per_day=1))
    morning = booked(local(TUESDAY, 9), 30)
    slots = available_slots(
        et,
        staff=[staff()],
        assignments=[assign()],
        appointments=[morning],
        start=local(TUESDAY, 14),
        end=local(TUESDAY, 17),
        now=NOW,
    )
    assert slots == []


def test_external_busy_times_block_like_appointments():
    busy = {1: [(local(TUESDAY, 13), local(TUESDAY, 16, 10))]}
    slots = slots_on(TUESDAY, busy=busy)
    assert [t for t in clock(slots) if t >= "13:00"] == ["16:30"]


def test_assignment_availability_override_restricts_the_hours_of_that_service():
    only_afternoons = WorkingHours(weekly={d: ["14:00-16:00"] for d in ("tue", "thu")})
    member = staff(working_hours=hours(overrides={THURSDAY: []}))
    slots = slots_on(
        TUESDAY,
        members=[member],
        days=3,
        assignments=[assign(availability_override=only_afternoons)],
    )
    assert clock(slots) == ["14:00", "14:30", "15:00", "15:30"]  # Tuesday only; Thursday is off


def test_an_inactive_event_type_has_no_slots():
    assert slots_on(TUESDAY, et=event_type(active=False)) == []


def test_past_days_have_no_slots():
    assert slots_on(TUESDAY, now=local(TUESDAY + timedelta(1), 0)) == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start": local(TUESDAY, 12), "end": local(TUESDAY, 9)}, "ends .* before it starts"),
        ({"start": datetime(2026, 12, 1), "end": local(TUESDAY, 9)}, "UTC offset"),
        ({"staff": [staff(company_id=2)]}, "belongs to company 2"),
        ({"staff": [staff(), staff()]}, "asked about twice"),
        ({"assignments": [assign(), assign()]}, "assigned to event type 10 twice"),
        ({"busy": {1: [(datetime(2026, 12, 1, 9), local(TUESDAY, 10))]}}, "busy time .* UTC offset"),
    ],
)
def test_questions_that_cannot_be_answered_say_why(kwargs, message):
    arguments = dict(
        staff=[staff()],
        assignments=[assign()],
        appointments=[],
        start=local(TUESDAY, 0),
        end=local(TUESDAY, 23),
        now=NOW,
    )
    arguments.update(kwargs)
    with pytest.raises(InvalidAvailabilityQuery, match=message):
        available_slots(event_type(), **arguments)
