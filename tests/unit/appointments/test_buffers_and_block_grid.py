"""Issue 17: booked appointments are widened by their own event type's buffers, and start times
are counted from the start of each working block (Cal.com's rules). Every slot list here is
computed by hand (the comments show the arithmetic); for each case the live check at booking time
is asked about every minute of the day and refuses exactly the starts that are not listed.

The DST days are derived from a reference year passed in (the last Sundays of March and October),
and ``now`` is an argument of the pure domain: nothing here reads the clock.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from studiobook.domain.appointments import (
    BookedTime,
    WorkingHours,
    available_slots,
    is_slot_bookable,
    slot_refusal,
)
from studiobook.domain.appointments.errors import InvalidAppointment, SlotNotAvailable
from tests.fakes import appointment_use_cases

from .builders import (
    BERLIN,
    NEW_YORK,
    NOW,
    TUESDAY,
    appointment,
    assign,
    booked,
    clock,
    event_type,
    hours,
    local,
    staff,
)

COLOURING, CUT = 11, 10
REFERENCE_YEAR = 2027


def colouring(**fields):
    """60 minutes with 15 minutes of clean-up after it."""
    return event_type(
        id=COLOURING, duration=60, name="Colouring", buffer_after_minutes=15, **fields
    )


def cut(**fields):
    return event_type(id=CUT, duration=30, name="Cut", **fields)


def starts(et, members=None, appointments=(), day=TUESDAY, zone=BERLIN, now=NOW, assignments=None):
    """The slot starts of ``day`` (local to ``zone``) as local HH:MM, after checking that the
    live check refuses every other minute of the day and accepts every listed one."""
    members = members or [staff()]
    assignments = assignments or [assign(m.id, et.id) for m in members]
    first = datetime(day.year, day.month, day.day, tzinfo=zone)
    after = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    slots = available_slots(
        et, staff=members, assignments=assignments, appointments=appointments,
        start=first, end=after, now=now,
    )  # fmt: skip
    for member in members:
        listed = {s.start for s in slots if member.id in s.staff_ids}
        mine = next(a for a in assignments if a.staff_id == member.id)
        moment = first.astimezone(UTC)
        while moment < after:
            bookable = is_slot_bookable(
                et, staff=member, assignment=mine, appointments=appointments,
                start=moment, now=now,
            )  # fmt: skip
            assert bookable == (moment in listed), moment.astimezone(zone)
            moment += timedelta(minutes=1)
    return clock(slots, zone)


# -- buffers of booked appointments ---------------------------------------------------------------
COLOURED_AT_TEN = BookedTime.of(
    appointment(local(TUESDAY, 10), 60, event_type_id=11, id=7), colouring()
)


def test_a_booked_colouring_keeps_its_clean_up_time_free():
    # Anna, 09:00-12:00 + 13:00-17:00; a colouring 10:00-11:00 with 15 minutes after it blocks
    # 10:00-11:15. A 30-minute cut on its 30-minute grid: 09:00, 09:30 (ends 10:00), not 10:00,
    # 10:30, 11:00 (inside the clean-up), 11:30 (ends 12:00), then 13:00 .. 16:30.
    assert starts(cut(), appointments=[COLOURED_AT_TEN]) == [
        "09:00", "09:30", "11:30",
        "13:00", "13:30", "14:00", "14:30", "15:00", "15:30", "16:00", "16:30",
    ]  # fmt: skip


def test_on_a_15_minute_grid_the_cut_starts_right_after_the_clean_up():
    # Every 15 minutes from 09:00: 09:00 09:15 09:30 (09:45 would end 10:15), 11:15 11:30, and
    # the afternoon 13:00 .. 16:30.
    afternoon = [f"{h}:{m:02d}" for h in range(13, 17) for m in (0, 15, 30, 45)][:-1]
    assert starts(cut(slot_interval_minutes=15), appointments=[COLOURED_AT_TEN]) == [
        "09:00", "09:15", "09:30", "11:15", "11:30", *afternoon,
    ]  # fmt: skip


def test_the_new_slots_own_buffer_counts_too():
    # The cut now needs 10 minutes before it: window [s - 10, s + 30) inside 09:00-12:00 and
    # clear of 10:00-11:15. Morning: s >= 09:10 and s <= 09:30 -> 09:15, 09:30; s >= 11:25 and
    # s <= 11:30 -> 11:30. Afternoon: s >= 13:10 -> 13:15 .. 16:30.
    afternoon = [f"{h}:{m:02d}" for h in range(13, 17) for m in (0, 15, 30, 45)][1:-1]
    et = cut(slot_interval_minutes=15, buffer_before_minutes=10)
    assert starts(et, appointments=[COLOURED_AT_TEN]) == ["09:15", "09:30", "11:30", *afternoon]


def test_a_buffer_before_a_booked_appointment_is_preparation_time():
    # A colouring at 14:00 with 15 minutes before it blocks 13:45-15:00: the cut at 13:30 would
    # end in the preparation time.
    prepared = booked(local(TUESDAY, 14), 60, event_type_id=COLOURING, id=8, before=15)
    assert starts(cut(), appointments=[prepared]) == [
        "09:00", "09:30", "10:00", "10:30", "11:00", "11:30",
        "13:00", "15:00", "15:30", "16:00", "16:30",
    ]  # fmt: skip


def test_the_live_check_names_the_buffer_that_is_in_the_way():
    found = slot_refusal(
        cut(), staff=staff(), assignment=assign(), appointments=[COLOURED_AT_TEN],
        start=local(TUESDAY, 11), now=NOW,
    )  # fmt: skip
    assert found == (
        "2026-12-01 11:00-11:30 Europe/Berlin overlaps the buffer of appointment 7 "
        "(10:00-11:00, kept free 15 minutes after)"
    )


def test_a_booked_time_is_widened_by_its_own_event_type_only():
    assert COLOURED_AT_TEN.blocked() == (local(TUESDAY, 10), local(TUESDAY, 11, 15))
    with pytest.raises(InvalidAppointment, match="appointment 7 is of event type 11, not 10"):
        BookedTime.of(appointment(local(TUESDAY, 10), 60, event_type_id=11, id=7), cut())


# -- the grid counts from the start of each working block ------------------------------------------
def test_the_afternoon_block_starts_at_its_own_beginning():
    # 45 minutes from 09:00: 09:00 09:45 10:30 11:15 (12:00 is the end); from 13:00: 13:00 13:45
    # 14:30 15:15 16:00 (16:45 would end 17:30). Counted from midnight it was 13:30, 14:15, ...
    assert starts(event_type(duration=45)) == [
        "09:00", "09:45", "10:30", "11:15", "13:00", "13:45", "14:30", "15:15", "16:00",
    ]  # fmt: skip


def test_a_booking_inside_a_block_does_not_move_its_grid():
    # Booked 09:00-09:30: the next 45-minute start is still 09:45, not 09:30.
    early = booked(local(TUESDAY, 9), 30, id=9)
    assert starts(event_type(duration=45), appointments=[early]) == [
        "09:45", "10:30", "11:15", "13:00", "13:45", "14:30", "15:15", "16:00",
    ]  # fmt: skip


def test_an_override_and_the_assignments_own_hours_start_their_own_grids():
    # Tuesday overridden to 10:10-12:00: 10:10, 10:55 (11:40 would end 12:25).
    odd_day = staff(working_hours=hours(overrides={TUESDAY: ["10:10-12:00", "13:05-15:00"]}))
    assert starts(event_type(duration=45), members=[odd_day]) == [
        "10:10", "10:55", "13:05", "13:50",
    ]  # fmt: skip
    # Offered only 10:30-12:00 by this staff member: 10:30, 11:15.
    only = [assign(availability_override=WorkingHours(weekly={"tue": ["10:30-12:00"]}))]
    assert starts(event_type(duration=45), assignments=only) == ["10:30", "11:15"]


def test_the_live_check_names_the_block_start_of_the_grid():
    found = slot_refusal(
        event_type(duration=45), staff=staff(), assignment=assign(), appointments=[],
        start=local(TUESDAY, 13, 30), now=NOW,
    )  # fmt: skip
    assert found == (
        "13:30:00 is not on the slot grid (every 45 minutes from 13:00, the start of the "
        "working block, Europe/Berlin)"
    )


def test_a_staff_member_abroad_counts_from_their_own_blocks():
    # Mehmet works 09:00-12:00 + 13:00-17:00 in New York (UTC-5 in December; the salon in Berlin
    # is UTC+1: six hours ahead). His 45-minute starts are 09:00 .. 11:15 and 13:00 .. 16:00 New
    # York time, 15:00 .. 17:15 and 19:00 .. 22:00 on the salon's clock. A colouring he has at
    # 10:00 New York (clean-up until 11:15) leaves 09:00 and 11:15 in the morning.
    mehmet = staff(2, "Mehmet", zone="America/New_York")
    et = event_type(duration=45)
    expected_new_york = ["09:00", "09:45", "10:30", "11:15", "13:00", "13:45", "14:30", "15:15",
                         "16:00"]  # fmt: skip
    assert starts(et, members=[mehmet], zone=NEW_YORK) == expected_new_york
    slots = available_slots(
        et, staff=[mehmet], assignments=[assign(2)], appointments=[], now=NOW,
        start=local(TUESDAY, 0, zone=NEW_YORK), end=local(TUESDAY + timedelta(1), 0, zone=NEW_YORK),
    )  # fmt: skip
    assert clock(slots, BERLIN) == ["15:00", "15:45", "16:30", "17:15", "19:00", "19:45", "20:30",
                                    "21:15", "22:00"]  # fmt: skip
    his_colouring = booked(local(TUESDAY, 10, zone=NEW_YORK), 60, staff_id=2, event_type_id=11,
                           after=15)  # fmt: skip
    assert starts(et, members=[mehmet], appointments=[his_colouring], zone=NEW_YORK) == [
        "09:00", "11:15", "13:00", "13:45", "14:30", "15:15", "16:00",
    ]  # fmt: skip


# -- both DST days of Europe/Berlin ------------------------------------------------------------
def last_sunday(year: int, month: int) -> date:
    """The last Sunday of ``month``: when the EU changes its clocks (March and October)."""
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    last = first_of_next - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - 6) % 7)


def dst_days(year: int) -> tuple[date, date]:
    return last_sunday(year, 3), last_sunday(year, 10)


SPRING, AUTUMN = dst_days(REFERENCE_YEAR)
BEFORE_THEM = datetime(REFERENCE_YEAR, 1, 4, tzinfo=UTC)  # "now", passed in


def sundays(*ranges: str) -> WorkingHours:
    return WorkingHours(weekly={"sun": list(ranges)})


def utc(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def test_the_days_are_the_clock_changes_of_the_reference_year():
    for day, jump in ((SPRING, 1), (AUTUMN, -1)):
        assert day.weekday() == 6
        before, after = local(day, 1), local(day, 4)
        assert (after.utcoffset() - before.utcoffset()) == timedelta(hours=jump)
    assert dst_days(2026) == (date(2026, 3, 29), date(2026, 10, 25))


def test_spring_day_the_grid_keeps_its_pace_over_the_missing_hour():
    # 00:30-04:00 is 23:30-02:00 UTC (2.5 hours). 45 minutes from 23:30 UTC: 23:30, 00:15,
    # 01:00 UTC = 00:30 CET, 01:15 CET, 03:00 CEST (02:00 CET does not exist); 01:45 UTC would
    # end 02:30 UTC, after 04:00 CEST. The afternoon block counts from 13:00 again.
    member = staff(working_hours=sundays("00:30-04:00", "13:00-17:00"))
    found = starts(event_type(duration=45), members=[member], day=SPRING, now=BEFORE_THEM)
    assert found == ["00:30", "01:15", "03:00", "13:00", "13:45", "14:30", "15:15", "16:00"]


def test_autumn_day_the_grid_runs_through_the_repeated_hour():
    # 01:00 CEST-04:00 CET is 23:00-03:00 UTC (4 hours). 45 minutes from 23:00 UTC: 23:00, 23:45,
    # 00:30, 01:15, 02:00 UTC = 01:00 CEST, 01:45 CEST, 02:30 CEST, 02:15 CET, 03:00 CET.
    member = staff(working_hours=sundays("01:00-04:00"))
    et = event_type(duration=45)
    assert starts(et, members=[member], day=AUTUMN, now=BEFORE_THEM) == [
        "01:00", "01:45", "02:30", "02:15", "03:00",
    ]  # fmt: skip
    # A colouring 02:15 CEST-02:00 CET (00:15-01:00 UTC) with 30 minutes of clean-up blocks
    # until 01:30 UTC (02:30 CET): 23:45 and 00:30 UTC overlap it, 01:15 UTC lies in the
    # clean-up; left are 01:00 CEST and 03:00 CET.
    coloured = booked(utc(AUTUMN, 0, 15), 45, event_type_id=COLOURING, after=30)
    found = starts(et, members=[member], appointments=[coloured], day=AUTUMN, now=BEFORE_THEM)
    assert found == ["01:00", "03:00"]


# -- the use-cases: the store hands the engine each booking's own buffers ------------------------
def test_booking_refuses_the_clean_up_time_that_availability_does_not_offer():
    studio = appointment_use_cases()
    salon = studio.companies.create(
        "Salon", default_event_type={"name": "Cut", "duration_minutes": 30}
    )
    cid = salon.id
    haircut = studio.event_types.get(cid, salon.default_event_type_id)
    dye = studio.event_types.add(cid, "Colouring", 60, price="80.00", buffer_after_minutes=15)
    anna = studio.staffing.add(cid, "Anna")
    studio.staffing.set_hours(cid, anna.id, "tue", ["09:00-12:00", "13:00-17:00"])
    for service in (haircut, dye):
        studio.assignments.assign(cid, anna.id, service.id)
    studio.appointments.book(cid, dye.id, anna.id, local(TUESDAY, 10), "Eva")

    answer = studio.availability.slots(
        cid, haircut.id, local(TUESDAY, 9), local(TUESDAY, 12), staff_id=anna.id
    )
    assert clock(answer.slots) == ["09:00", "09:30", "11:30"]
    with pytest.raises(SlotNotAvailable, match="overlaps the buffer of appointment"):
        studio.appointments.book(cid, haircut.id, anna.id, local(TUESDAY, 11), "Jonas")
    assert studio.appointments.book(cid, haircut.id, anna.id, local(TUESDAY, 11, 30), "Jonas")


def test_rescheduling_leaves_the_moved_appointments_own_buffer_out():
    # Moving the colouring by an hour: its old clean-up time does not stand in its way.
    studio = appointment_use_cases()
    salon = studio.companies.create(
        "Salon", default_event_type={"name": "Cut", "duration_minutes": 30}
    )
    cid = salon.id
    dye = studio.event_types.add(cid, "Colouring", 60, price="80.00", buffer_after_minutes=15,
                                 slot_interval_minutes=15)  # fmt: skip
    anna = studio.staffing.add(cid, "Anna")
    studio.staffing.set_hours(cid, anna.id, "tue", ["09:00-17:00"])
    studio.assignments.assign(cid, anna.id, dye.id)
    made = studio.appointments.book(cid, dye.id, anna.id, local(TUESDAY, 10), "Eva")
    moved = studio.appointments.reschedule(cid, made.id, local(TUESDAY, 10, 15))
    assert moved.start == local(TUESDAY, 10, 15)
