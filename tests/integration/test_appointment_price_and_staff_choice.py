"""Issue 16 through the use-cases on SQLite and PostgreSQL: an appointment stores its price (the
staff member's custom price beats the event type's), and a customer's booking without a staff
wish goes to primary staff, then to the least booked that day, never to someone taken."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from dependency_injector import providers

from studiobook.domain.appointments import AppointmentStatus
from studiobook.domain.appointments.errors import SlotNotAvailable
from tests.fakes import FakeClock
from tests.integration.appointment_support import MONDAY, at, open_salon


@pytest.fixture
def studio(container):
    """The real container on a real database, with the clock frozen at 2026-11-27 09:00 UTC."""
    container.clock.override(providers.Object(FakeClock()))
    return container


def test_the_custom_price_beats_the_event_types_and_is_stored_with_the_appointment(studio):
    salon = open_salon(studio, staff=2)
    anna, ben = salon.staff
    studio.assignments().assign(salon.id, anna.id, salon.cut.id, custom_price="31.50")
    appointments = studio.appointments()

    with_anna = appointments.book(salon.id, salon.cut.id, anna.id, at(10), "Kim", "kim@example.org")
    with_ben = appointments.book(salon.id, salon.cut.id, ben.id, at(10), "Lou", "lou@example.org")

    assert (with_anna.price, with_ben.price) == (Decimal("31.50"), Decimal("25.00"))
    assert appointments.get(salon.id, with_anna.id).price == Decimal("31.50")
    assert appointments.get(salon.id, with_ben.id).price == Decimal("25.00")


def test_the_price_is_the_one_booked_even_when_prices_change_later(studio):
    salon = open_salon(studio, staff=1)
    appointments = studio.appointments()
    booked = appointments.book(salon.id, salon.cut.id, salon.anna.id, at(10), "Kim", "k@example.org")

    studio.assignments().assign(salon.id, salon.anna.id, salon.cut.id, custom_price="99.00")
    moved = appointments.reschedule(salon.id, booked.id, at(11))
    cancelled = appointments.cancel(salon.id, booked.id)

    assert moved.price == cancelled.price == Decimal("25.00")
    assert appointments.get(salon.id, booked.id).price == Decimal("25.00")


def book_anyone(studio, salon, start, name):
    return studio.customer_appointments().book(
        str(salon.id), salon.cut.id, start, name, f"{name.lower()}@example.org"
    ).appointment


def names(salon, appointments):
    by_id = {m.id: m.name for m in salon.staff}
    return [by_id[a.staff_id] for a in appointments]


def test_without_a_staff_wish_the_least_booked_that_day_gets_it_then_the_listed_order(studio):
    salon = open_salon(studio, staff=3)
    appointments = studio.appointments()
    appointments.book(salon.id, salon.cut.id, salon.anna.id, at(9), "Early", "e@example.org")
    # Tomorrow's and cancelled appointments do not count for today.
    person_1 = salon.staff[1].id
    appointments.book(
        salon.id, salon.cut.id, person_1, at(9, day=MONDAY + timedelta(days=1)), "Next", None
    )
    dropped = appointments.book(salon.id, salon.cut.id, person_1, at(16), "Dropped", None)
    appointments.cancel(salon.id, dropped.id)

    first = book_anyone(studio, salon, at(10), "Kim")  # Person 0 has one today
    second = book_anyone(studio, salon, at(10), "Lou")  # Person 1 is taken at 10:00 now
    third = book_anyone(studio, salon, at(14), "Max")  # one each: the listed order

    assert names(salon, [first, second, third]) == ["Person 1", "Person 2", "Person 0"]


def test_without_a_staff_wish_primary_staff_come_first_even_when_busier(studio):
    salon = open_salon(studio, staff=3)
    busy = salon.staff[2]
    studio.assignments().assign(salon.id, busy.id, salon.cut.id, is_primary=True)
    appointments = studio.appointments()
    for hour in (9, 10, 11):
        appointments.book(salon.id, salon.cut.id, busy.id, at(hour), f"Guest {hour}", None)

    chosen = book_anyone(studio, salon, at(13), "Kim")
    while_primary_is_busy = book_anyone(studio, salon, at(10), "Lou")

    assert names(salon, [chosen, while_primary_is_busy]) == ["Person 2", "Person 0"]


def test_a_booking_asked_for_in_words_without_a_staff_wish_goes_to_the_least_booked(studio):
    salon = open_salon(studio, staff=2)
    studio.appointments().book(salon.id, salon.cut.id, salon.anna.id, at(9), "Early", None)

    answer = studio.requests().answer_request(
        salon.id, "Bitte buchen Sie mir einen Herrenschnitt am Montag um 10:00", book=True,
        customer="Kim Meyer", now=FakeClock().now(),
    )  # fmt: skip

    assert answer.kind == "booked"
    assert names(salon, [answer.appointment]) == ["Person 1"]
    assert answer.appointment.price == Decimal("25.00")


def test_the_live_check_still_refuses_a_staff_member_taken_meanwhile(studio):
    salon = open_salon(studio, staff=2)
    anna, ben = salon.staff
    customers = studio.customer_appointments()
    taken = studio.appointments().book(salon.id, salon.cut.id, anna.id, at(10), "Kim", None)
    # As if the order had been worked out before Anna was booked: she is tried first.
    customers.appointments.staff_in_turn = lambda *args: [anna.id, ben.id]
    customers.availability.slots = lambda *a, **k: _everyone_free(studio, salon)

    booked = customers.book(str(salon.id), salon.cut.id, at(10), "Lou", "lou@example.org")

    assert booked.appointment.staff_id == ben.id
    at_ten = [a for a in studio.appointments().list(salon.id, start=at(10), end=at(10, 30))]
    assert sorted((a.customer_name, a.staff_id) for a in at_ten) == [
        ("Kim", anna.id), ("Lou", ben.id)
    ]  # fmt: skip
    customers.appointments.staff_in_turn = lambda *args: [anna.id]
    with pytest.raises(SlotNotAvailable, match="overlaps appointment"):
        customers.book(str(salon.id), salon.cut.id, at(10), "Max", "max@example.org")
    assert studio.appointments().get(salon.id, taken.id).status is AppointmentStatus.BOOKED


def _everyone_free(studio, salon):
    """An availability answer from before anyone was booked: everybody free at 10:00."""
    from studiobook.application.appointments.appointments import AvailabilityAnswer
    from studiobook.domain.appointments import Slot

    slot = Slot(start=at(10), end=at(10, 30), staff_ids=tuple(m.id for m in salon.staff))
    return AvailabilityAnswer(salon.cut.id, False, (slot,))
