"""The live check at booking time, next_available_slot, and the event-type fallback."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from studiobook.domain.appointments import (
    AppointmentStatus,
    BookingLimits,
    Company,
    WorkingHours,
    available_slots,
    book_appointment,
    choose_event_type,
    is_slot_bookable,
    next_available_slot,
    slot_refusal,
)
from studiobook.domain.appointments.errors import (
    AppointmentAlreadyCancelled,
    NoBookableEventType,
    SlotNotAvailable,
)
from studiobook.domain.shared.errors import NotFound

from .builders import (
    NOW,
    TUESDAY,
    appointment,
    assign,
    booked,
    event_type,
    hours,
    local,
    staff,
)

BOOKED = booked(local(TUESDAY, 10), 60, id=17)
LATE_AFTERNOONS = WorkingHours(weekly={"tue": ["15:00-17:00"]})


def refusal(start, et=None, member=None, assignment="default", appointments=(BOOKED,), **kw):
    et = et or event_type()
    member = member or staff()
    if assignment == "default":
        assignment = assign(member.id, et.id)
    return slot_refusal(et, staff=member, assignment=assignment, appointments=appointments,
                        start=start, now=kw.pop("now", NOW), **kw)


def test_a_free_slot_passes_the_live_check():
    assert refusal(local(TUESDAY, 11)) is None
    assert is_slot_bookable(event_type(), staff=staff(), assignment=assign(), appointments=[BOOKED],
                            start=local(TUESDAY, 11), now=NOW)


@pytest.mark.parametrize(
    ("start", "kwargs", "reason"),
    [
        (local(TUESDAY, 10, 30), {}, "overlaps appointment 17"),
        (local(TUESDAY, 9, 45), {}, "not on the slot grid"),
        (local(TUESDAY, 12), {}, "outside the working hours"),
        (local(TUESDAY, 11), {"now": local(TUESDAY, 11, 1)},
         "it starts in the past: 2026-12-01 11:00 Europe/Berlin"),
        (local(TUESDAY, 11), {"now": local(TUESDAY, 10, 1), "et": event_type(minimum_notice_minutes=60)},
         "before the minimum notice of 60 minutes allows (earliest 2026-12-01 11:01 Europe/Berlin)"),
        (local(TUESDAY, 11), {"et": event_type(active=False)}, "is inactive"),
        (local(TUESDAY, 11), {"member": staff(active=False)}, "is inactive"),
        (local(TUESDAY, 11), {"assignment": None}, "does not offer event type 10"),
        (local(TUESDAY, 11), {"assignment": assign(event_type_id=99)}, "does not offer"),
        (local(TUESDAY, 11), {"busy": [(local(TUESDAY, 11, 20), local(TUESDAY, 11, 25))]},
         "busy time in the calendar"),
        (local(TUESDAY, 11), {"et": event_type(buffer_before_minutes=5)},
         "overlaps appointment 17"),
        (local(TUESDAY, 9, 30), {"et": event_type(buffer_after_minutes=1)},
         "overlaps appointment 17"),
        (local(TUESDAY, 14),
         {"assignment": assign(availability_override=LATE_AFTERNOONS)},
         "outside the hours in which this staff member offers event type 10"),
        (local(TUESDAY, 14), {"et": event_type(booking_limits=BookingLimits(per_day=1))},
         "limit 1 per day"),
    ],
)
def test_the_live_check_names_the_reason(start, kwargs, reason):
    found = refusal(start, **kwargs)
    assert found is not None and reason in found


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        (timezone(timedelta(hours=1)), "2026-12-01 11:00 Europe/Berlin"),  # Berlin's own offset
        (timezone(timedelta(hours=5, minutes=30)), "2026-12-01 15:30 +05:30"),
        (UTC, "2026-12-01 10:00 UTC"),
        (ZoneInfo("America/New_York"), "2026-12-01 05:00 America/New_York"),
    ],
)
def test_a_start_in_the_past_is_named_in_the_zone_the_caller_wrote(written, shown):
    start = local(TUESDAY, 11).astimezone(written)
    found = refusal(start, now=local(TUESDAY, 12), et=event_type(minimum_notice_minutes=0))
    assert found == f"it starts in the past: {shown}"
    with pytest.raises(SlotNotAvailable, match=re.escape(f"starts in the past: {shown}") + "$"):
        book_appointment(event_type(), staff=staff(), assignment=assign(), appointments=[],
                         start=start, now=local(TUESDAY, 12), customer_name="Eva")


def test_cancelling_twice_is_refused():
    cancelled = appointment(local(TUESDAY, 10), 60, id=17).cancel()
    assert cancelled.status is AppointmentStatus.CANCELLED
    with pytest.raises(AppointmentAlreadyCancelled, match="appointment 17 is already cancelled"):
        cancelled.cancel()


def test_book_appointment_uses_the_effective_duration():
    made = book_appointment(
        event_type(), staff=staff(), assignment=assign(custom_duration=45), appointments=[BOOKED],
        start=local(TUESDAY, 13, 45), now=NOW, customer_name=" Eva Meier ",
        customer_email="eva@Example.org",
    )  # a 45-minute grid from 13:00, the start of the afternoon block: 13:45 is on it
    assert made.start == datetime(2026, 12, 1, 12, 45, tzinfo=UTC)
    assert made.end - made.start == timedelta(minutes=45)
    assert (made.staff_id, made.event_type_id, made.company_id) == (1, 10, 1)
    assert (made.customer_name, made.customer_email) == ("Eva Meier", "eva@example.org")
    assert made.status is AppointmentStatus.BOOKED and made.id is None


def test_book_appointment_refuses_a_taken_slot_with_the_reason():
    with pytest.raises(SlotNotAvailable, match="cannot be booked at .*overlaps appointment 17"):
        book_appointment(event_type(), staff=staff(), assignment=assign(), appointments=[BOOKED],
                         start=local(TUESDAY, 10), now=NOW, customer_name="Eva")


def test_the_live_check_agrees_with_the_engine_on_every_grid_start_of_a_day():
    et = event_type(slot_interval_minutes=15, buffer_before_minutes=5, buffer_after_minutes=10,
                    booking_limits=BookingLimits(per_day=3))
    member, a = staff(), assign(custom_duration=40)
    taken = [BOOKED, booked(local(TUESDAY, 14, 5), 25, id=18, before=10, after=20)]
    listed = {s.start for s in available_slots(
        et, staff=[member], assignments=[a], appointments=taken,
        start=local(TUESDAY, 0), end=local(TUESDAY + timedelta(1), 0), now=NOW)}
    for k in range(24 * 4):
        start = local(TUESDAY, 0) + timedelta(minutes=15 * k)
        bookable = is_slot_bookable(et, staff=member, assignment=a, appointments=taken,
                                    start=start, now=NOW)
        assert bookable == (start in listed), start


# -- next_available_slot ---------------------------------------------------------------------------
def _next(member, **kwargs):
    return next_available_slot(event_type(), staff=[member], assignments=[assign()],
                               appointments=kwargs.pop("appointments", []), now=NOW, **kwargs)


def test_next_slot_is_today_when_there_is_time_left():
    found = _next(staff(working_hours=hours(days=("fri",))))  # NOW is Friday 10:00 Berlin
    assert found is not None and found.start == datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    assert found.staff_ids == (1,)


def test_next_slot_finds_the_first_slot_days_ahead():
    holiday = {NOW.date() + timedelta(d): [] for d in range(0, 20)}
    member = staff(working_hours=hours(overrides=holiday))
    found = _next(member)
    # 20 days off from Friday 2026-11-27: back on Thursday 2026-12-17 at 09:00 Berlin.
    assert found is not None and found.start == datetime(2026, 12, 17, 8, 0, tzinfo=UTC)


def test_next_slot_is_none_past_the_horizon():
    holiday = {NOW.date() + timedelta(d): [] for d in range(0, 20)}
    member = staff(working_hours=hours(overrides=holiday))
    assert _next(member, horizon_days=15) is None
    assert _next(member, horizon_days=21) is not None


def test_next_slot_respects_after_and_lists_everyone_free():
    anna, ben = staff(1), staff(2)
    found = next_available_slot(
        event_type(), staff=[anna, ben], assignments=[assign(1), assign(2)],
        appointments=[booked(local(TUESDAY, 9), 30, staff_id=1)], now=NOW,
        after=local(TUESDAY, 8, 50),
    )
    assert found is not None and found.start == local(TUESDAY, 9) and found.staff_ids == (2,)


def test_next_slot_without_anyone_offering_it_is_none():
    assert next_available_slot(event_type(), staff=[staff()], assignments=[], appointments=[],
                               now=NOW) is None


def test_next_slot_equals_the_first_slot_of_the_whole_horizon():
    member = staff(working_hours=hours(days=("wed",)))
    busy = [booked(local(TUESDAY + timedelta(1), 9), 8 * 60)]  # next Wednesday fully booked
    first = available_slots(event_type(), staff=[member], assignments=[assign()], appointments=busy,
                            start=NOW, end=NOW + timedelta(days=90), now=NOW)[0]
    assert _next(member, appointments=busy) == first


# -- fallback to the company default event type ----------------------------------------------------
COMPANY = Company(id=1, name="Salon Schnitt", time_zone="Europe/Berlin", default_event_type_id=10)
TYPES = [event_type(10, name="Beratung"), event_type(11, name="Färben"),
         event_type(12, name="Dauerwelle", active=False),
         event_type(13, company_id=2, name="Fremd")]


@pytest.mark.parametrize(
    ("requested", "chosen", "fallback_used"),
    [(11, 11, False), (10, 10, False), (12, 10, True), (99, 10, True), (13, 10, True),
     (None, 10, True)],
)
def test_choose_event_type_falls_back_to_the_company_default(requested, chosen, fallback_used):
    choice = choose_event_type(requested, COMPANY, TYPES)
    assert (choice.event_type.id, choice.fallback_used) == (chosen, fallback_used)
    event_type_, used = choice  # unpacks as (event_type, fallback_used)
    assert used is fallback_used


@pytest.mark.parametrize(
    ("default_id", "why"),
    [(None, "no default is set"), (99, "default event type 99 does not exist"),
     (12, "default event type 12 is inactive")],
)
def test_without_a_usable_default_the_answer_is_not_found(default_id, why):
    company = Company(id=1, name="Salon", time_zone="Europe/Berlin",
                      default_event_type_id=default_id)
    with pytest.raises(NoBookableEventType, match=why) as raised:
        choose_event_type(98, company, {t.id: t for t in TYPES})
    assert isinstance(raised.value, NotFound)
