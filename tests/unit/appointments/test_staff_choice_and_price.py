"""Issue 16: an appointment's price is fixed when it is booked (the custom price wins), and a
booking without a staff wish goes to primary staff, then to whoever has the fewest appointments
that local day, then in the order availability listed them."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from studiobook.domain.appointments import AppointmentStatus, book_appointment
from studiobook.domain.appointments.errors import InvalidAppointment
from studiobook.domain.appointments.staff_choice import local_day, staff_in_turn
from tests.unit.appointments.builders import (
    BERLIN,
    NOW,
    TUESDAY,
    appointment,
    assign,
    event_type,
    local,
    staff,
)

TOKYO = ZoneInfo("Asia/Tokyo")


# -- the price ---------------------------------------------------------------------------------
def book(assignment):
    return book_appointment(
        event_type(price="25.00"), staff=staff(), assignment=assignment, appointments=[],
        start=local(TUESDAY, 10), now=NOW, customer_name="Kunde",
    )  # fmt: skip


def test_a_booking_costs_the_staff_members_custom_price():
    assert book(assign(custom_price="31.50")).price == Decimal("31.50")


def test_without_a_custom_price_a_booking_costs_the_event_types_price():
    assert book(assign()).price == Decimal("25.00")


def test_a_custom_price_of_zero_is_a_price_not_a_missing_one():
    assert book(assign(custom_price="0")).price == Decimal("0.00")


def test_the_price_stays_when_the_appointment_is_cancelled():
    assert book(assign(custom_price="31.50")).cancel().price == Decimal("31.50")


@pytest.mark.parametrize(
    ("price", "message"),
    [("-1", "price -1 is negative"), ("9.999", "more than two decimal places"),
     (1.5, "not an amount")],
)  # fmt: skip
def test_an_appointment_refuses_a_price_that_is_not_an_amount(price, message):
    with pytest.raises(InvalidAppointment, match=message):
        appointment(local(TUESDAY, 10), 30, price=price)


def test_an_appointment_may_have_no_recorded_price():
    assert appointment(local(TUESDAY, 10), 30).price is None


# -- who gets a booking without a staff wish ---------------------------------------------------
def in_turn(free, assignments=(), appointments=(), start=None, zone=BERLIN):
    return staff_in_turn(
        free, event_type_id=10, assignments=assignments, appointments=appointments,
        start=start or local(TUESDAY, 15), zone=zone,
    )  # fmt: skip


def booked(staff_id, hour, day=TUESDAY, zone=BERLIN, **fields):
    return appointment(local(day, hour, zone=zone), 30, staff_id=staff_id, **fields)


def test_with_nothing_to_tell_them_apart_the_listed_order_stays():
    assert in_turn([3, 1, 2]) == [3, 1, 2]


def test_primary_staff_come_first_even_when_busier():
    busy_primary = [booked(2, 9), booked(2, 10), booked(2, 11)]
    assert in_turn([1, 2, 3], [assign(2, is_primary=True)], busy_primary) == [2, 1, 3]


def test_being_primary_for_another_event_type_does_not_count():
    assert in_turn([1, 2], [assign(2, event_type_id=11, is_primary=True)]) == [1, 2]


def test_then_the_least_booked_that_day_first_ties_in_listed_order():
    appointments = [booked(1, 9), booked(1, 10), booked(2, 9), booked(4, 11)]
    assert in_turn([1, 2, 3, 4], (), appointments) == [3, 2, 4, 1]


def test_among_primaries_the_least_booked_first():
    primaries = [assign(1, is_primary=True), assign(2, is_primary=True)]
    assert in_turn([1, 2, 3], primaries, [booked(1, 9)]) == [2, 1, 3]


def test_other_days_and_cancelled_appointments_do_not_count():
    appointments = [
        booked(1, 9, day=TUESDAY - timedelta(days=1)),
        booked(1, 9, day=TUESDAY + timedelta(days=1)),
        booked(1, 10, status=AppointmentStatus.CANCELLED),
        booked(2, 9),
    ]
    assert in_turn([2, 1], (), appointments) == [1, 2]


def test_the_day_is_the_companys_local_day():
    # 23:00 Berlin on Monday is Tuesday 07:00 in Tokyo: the same instant, another day.
    monday = TUESDAY - timedelta(days=1)
    late_monday = [booked(1, 23, day=monday)]
    assert in_turn([1, 2], (), late_monday, start=local(TUESDAY, 15)) == [1, 2]
    assert in_turn([1, 2], (), late_monday, start=local(monday, 9)) == [2, 1]
    tokyo_tuesday = local(TUESDAY, 15, zone=TOKYO)
    assert in_turn([1, 2], (), late_monday, start=tokyo_tuesday, zone=TOKYO) == [2, 1]
    tokyo_monday = local(monday, 15, zone=TOKYO)
    assert in_turn([1, 2], (), late_monday, start=tokyo_monday, zone=TOKYO) == [1, 2]


def test_a_staff_member_listed_twice_is_tried_once():
    assert in_turn([1, 2, 1]) == [1, 2]


def test_the_local_day_around_a_start():
    day, first, after = local_day(local(TUESDAY, 0, 30), BERLIN)
    assert (day, first, after) == (TUESDAY, local(TUESDAY, 0), local(TUESDAY + timedelta(1), 0))
