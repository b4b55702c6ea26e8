"""Customers book appointments through /api/v1: services, free slots, booking with or without a
staff member, and cancelling or moving the appointment with its token."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.integration.appointment_support import MONDAY, at
from tests.web.public.conftest import API, appointment_body, error_of


def book(public, shop, company=None, **changes):
    company = company if company is not None else shop.salon.company.slug
    return public.post(f"{API}/companies/{company}/appointments",
                       json=appointment_body(shop, **changes))


def slots(public, shop, event_type_id=None, company=None, days: int = 1, **params):
    company = company if company is not None else shop.salon.id
    event_type_id = event_type_id or shop.salon.cut.id
    start = at(0, day=MONDAY)
    query = {"from": start.isoformat(), "to": (start + timedelta(days=days)).isoformat()} | params
    return public.get(f"{API}/companies/{company}/event-types/{event_type_id}/slots", params=query)


def test_a_company_lists_its_active_services(shop, public):
    quiet = shop.container.event_types().add(shop.salon.id, "Färben", 90, price="80.00")
    shop.container.event_types().update(shop.salon.id, quiet.id, active=False)

    response = public.get(f"{API}/companies/{shop.salon.company.slug}/event-types")

    assert response.status_code == 200
    services = response.json()["event_types"]
    assert [s["name"] for s in services] == ["Beratung", "Herrenschnitt"]
    assert services[1] == {"id": shop.salon.cut.id, "name": "Herrenschnitt", "duration": 30,
                           "price": "25.00", "branch_id": None}
    other = public.get(f"{API}/companies/{shop.other.id}/event-types").json()["event_types"]
    assert shop.salon.cut.id not in {s["id"] for s in other}
    assert error_of(public.get(f"{API}/companies/nobody/event-types")) == (404, "not_found")


def test_slots_come_as_the_cli_document_in_the_studios_zone(shop, public):
    response = slots(public, shop)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"event_type_id", "fallback_used", "degraded", "slots", "closed"}
    assert body["closed"] == {}  # no country: no public holidays
    assert (body["event_type_id"], body["fallback_used"]) == (shop.salon.cut.id, False)
    first = body["slots"][0]
    assert first == {"start": at(9).isoformat(), "end": at(9, 30).isoformat(),
                     "staff": [m.id for m in shop.salon.staff]}
    assert first["start"] == "2026-11-30T09:00:00+01:00"

    anna = slots(public, shop, staff_id=shop.salon.anna.id).json()["slots"]
    assert {tuple(s["staff"]) for s in anna} == {(shop.salon.anna.id,)}


@pytest.mark.parametrize(
    "params",
    [{"staff_id": 0}, {"staff_id": "x"}, {"branch_id": 2**31}],
)
def test_bad_slot_questions_are_invalid(shop, public, params):
    assert error_of(slots(public, shop, **params)) == (422, "invalid")


def test_a_slot_range_is_at_most_a_month(shop, public):
    assert error_of(slots(public, shop, days=32)) == (422, "invalid")
    assert slots(public, shop, days=31).status_code == 200


def test_a_customer_books_with_a_staff_member_and_opens_it_with_the_token(shop, public):
    anna = shop.salon.anna.id

    response = book(public, shop, staff_id=anna)

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"appointment", "manage_token"}
    assert body["appointment"] == {
        "id": body["appointment"]["id"], "event_type_id": shop.salon.cut.id, "staff_id": anna,
        "start": at(10).isoformat(), "end": at(10, 30).isoformat(), "price": "25.00",
    }  # fmt: skip
    found = public.get(f"{API}/appointments/{body['manage_token']}")
    assert found.status_code == 200
    assert found.json()["appointment"] == body["appointment"] | {"status": "booked"}
    stored = shop.container.appointments().get(shop.salon.id, body["appointment"]["id"])
    assert (stored.customer_name, stored.customer_email) == ("Lena Müller", "lena@example.org")


def test_the_answer_shows_the_staff_members_own_price(shop, public):
    anna = shop.salon.anna.id
    shop.container.assignments().assign(shop.salon.id, anna, shop.salon.cut.id, custom_price="31.50")

    body = book(public, shop, staff_id=anna).json()

    assert body["appointment"]["price"] == "31.50"
    found = public.get(f"{API}/appointments/{body['manage_token']}").json()["appointment"]
    assert (found["price"], found["status"]) == ("31.50", "booked")


def test_without_a_staff_member_the_first_free_one_is_booked(shop, public):
    first, second = shop.salon.staff

    one = book(public, shop)
    two = book(public, shop, email="max@example.org")
    three = book(public, shop, email="kim@example.org")

    assert one.json()["appointment"]["staff_id"] == first.id
    assert two.json()["appointment"]["staff_id"] == second.id
    assert error_of(three) == (409, "slot_taken")
    assert shop.count("appointments") == 2
    assert error_of(book(public, shop, staff_id=first.id)) == (409, "slot_taken")


def test_a_start_off_the_grid_or_outside_the_hours_is_taken(shop, public):
    assert error_of(book(public, shop, hour=10, minute=5)) == (409, "slot_taken")
    assert error_of(book(public, shop, hour=12, staff_id=shop.salon.anna.id)) == (
        409, "slot_taken",
    )  # fmt: skip


def test_a_cancelled_appointment_frees_its_time_at_once(shop, public):
    anna = shop.salon.anna.id
    token = book(public, shop, staff_id=anna).json()["manage_token"]

    cancelled = public.post(f"{API}/appointments/{token}/cancel")

    assert cancelled.status_code == 200
    assert cancelled.json()["appointment"]["status"] == "cancelled"
    assert book(public, shop, staff_id=anna, email="max@example.org").status_code == 201
    assert error_of(public.post(f"{API}/appointments/{token}/cancel")) == (409, "conflict")
    assert public.get(f"{API}/appointments/{token}").json()["appointment"]["status"] == "cancelled"


def test_a_customer_moves_an_appointment_and_the_old_time_is_free(shop, public):
    anna = shop.salon.anna.id
    booked = book(public, shop, staff_id=anna).json()
    token = booked["manage_token"]

    moved = public.post(f"{API}/appointments/{token}/reschedule",
                        json={"start": at(11).isoformat()})

    assert moved.status_code == 200
    assert moved.json()["appointment"] == booked["appointment"] | {
        "start": at(11).isoformat(), "end": at(11, 30).isoformat(), "status": "booked",
    }  # fmt: skip
    assert book(public, shop, staff_id=anna, email="max@example.org").status_code == 201
    stored = shop.container.appointments().get(shop.salon.id, booked["appointment"]["id"])
    assert stored.start == at(11)
    # Overlapping its own old time is fine: only others' appointments count.
    nudged = public.post(f"{API}/appointments/{token}/reschedule",
                         json={"start": at(11, 15).isoformat()})
    assert nudged.json()["appointment"]["start"] == at(11, 15).isoformat()


def test_moving_onto_a_taken_time_keeps_the_old_one(shop, public):
    anna = shop.salon.anna.id
    token = book(public, shop, staff_id=anna).json()["manage_token"]
    book(public, shop, staff_id=anna, hour=11, email="max@example.org")

    refused = public.post(f"{API}/appointments/{token}/reschedule",
                          json={"start": at(11, 15).isoformat()})

    assert error_of(refused) == (409, "slot_taken")
    assert public.get(f"{API}/appointments/{token}").json()["appointment"]["start"] == (
        at(10).isoformat()
    )
    public.post(f"{API}/appointments/{token}/cancel")
    late = public.post(f"{API}/appointments/{token}/reschedule", json={"start": at(14).isoformat()})
    assert error_of(late) == (409, "conflict")


def test_an_appointment_booked_in_cal_com_too_is_not_moved_here(shop, public):
    from studiobook.application.shared.public import issue_manage_token
    from studiobook.domain.appointments import Appointment

    with shop.container.store().unit_of_work(for_writing=True) as uow:
        booked = uow.appointments.add(Appointment(
            company_id=shop.salon.id, staff_id=shop.salon.anna.id,
            event_type_id=shop.salon.cut.id, start=at(10), end=at(10, 30),
            customer_name="Kim", customer_email="kim@example.org", calcom_booking_uid="uid-1",
        ))  # fmt: skip
        token = issue_manage_token(uow, "appointment", booked.id, shop.salon.id, shop.now)
        uow.commit()

    refused = public.post(f"{API}/appointments/{token}/reschedule",
                          json={"start": at(11).isoformat()})

    assert error_of(refused) == (409, "conflict")
    assert "Cal.com" in refused.json()["error"]["message"]
    assert shop.container.appointments().get(shop.salon.id, booked.id).start == at(10)


@pytest.mark.parametrize(
    "changes",
    [
        {"start": at(10).replace(tzinfo=None).isoformat()},  # no offset
        {"start": "soon"},
        {"event_type_id": "2"},
        {"staff_id": 0},
        {"email": "lena"},
        {"name": "x" * 201},
        {"room": 4},
    ],
)
def test_a_bad_appointment_body_is_invalid(shop, public, changes):
    assert error_of(book(public, shop, **changes)) == (422, "invalid")
    assert shop.count("appointments") == 0


def test_one_company_never_books_anothers_service_or_staff(shop, public):
    theirs = shop.other.cut.id
    assert error_of(book(public, shop, event_type_id=theirs)) == (404, "not_found")
    assert error_of(book(public, shop, event_type_id=theirs, staff_id=shop.other.anna.id)) == (
        404, "not_found",
    )  # fmt: skip
    assert error_of(book(public, shop, staff_id=shop.other.anna.id)) == (404, "not_found")
    assert error_of(slots(public, shop, staff_id=shop.other.anna.id)) == (404, "not_found")
    assert shop.count("appointments") == 0


def test_an_appointment_token_is_no_booking_token(shop, public):
    token = book(public, shop).json()["manage_token"]
    assert error_of(public.get(f"{API}/bookings/{token}")) == (404, "not_found")
    assert error_of(public.post(f"{API}/bookings/{token}/cancel")) == (404, "not_found")
    assert public.get(f"{API}/appointments/{token}").status_code == 200


def test_the_studio_reschedules_with_the_use_case_and_the_audit_trail_says_so(shop):
    from studiobook.application.appointments.tenancy import AppointmentNotFound

    salon, appointments = shop.salon, shop.container.appointments()
    booked = appointments.book(salon.id, salon.cut.id, salon.anna.id, at(10), "Kim")

    moved = appointments.reschedule(salon.id, booked.id, at(14))

    assert (moved.id, moved.start, moved.end) == (booked.id, at(14), at(14, 30))
    assert appointments.get(salon.id, booked.id).start == at(14)
    with pytest.raises(AppointmentNotFound):
        appointments.reschedule(shop.other.id, booked.id, at(15))
    rows = shop.container.audit().list(salon.id, entity="appointment")
    assert [r.action for r in rows if r.entity_id == str(booked.id)][:2] == ["reschedule", "create"]
