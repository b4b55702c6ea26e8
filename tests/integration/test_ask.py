"""The request use-case on the real wiring and a real database (SQLite; PostgreSQL too when
configured): a small salon, questions, slots from the store, and a booking that is really made."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from dependency_injector import providers

from studiobook.application.requests.answers import Requests
from studiobook.domain.appointments import AppointmentStatus
from tests.fakes import FakeClock

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=BERLIN)  # a Friday
MONDAY = date(2026, 11, 30)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


@pytest.fixture
def salon(container):
    """Anna and Julia work Mon-Fri 9-12 and 13-17; Anna cuts women, both cut men."""
    container.clock.override(providers.Object(FakeClock(NOW)))
    company = container.companies().create(
        "Salon Schnittig", default_event_type={"name": "Typberatung", "duration_minutes": 15}
    )
    cid = company.id
    men = container.event_types().add(cid, "Herrenschnitt", 30, price="28.00")
    women = container.event_types().add(
        cid, "Damenschnitt", 45, price="45.00", slot_interval_minutes=15,
        metadata={"synonyms": ["Bob", "Kurzhaarschnitt Damen"]},
    )
    hours = {"weekly": {d: ["09:00-12:00", "13:00-17:00"] for d in ("mon", "tue", "wed", "thu", "fri")}}
    anna = container.staffing().add(cid, "Anna Schneider", working_hours=hours)
    julia = container.staffing().add(cid, "Julia Becker", working_hours=hours)
    for member in (anna, julia):
        container.assignments().assign(cid, member.id, men.id)
    container.assignments().assign(cid, anna.id, women.id)
    return {"container": container, "company": cid, "men": men, "women": women,
            "anna": anna, "julia": julia}


def ask(salon, text, **options):
    return salon["container"].requests().answer_request(salon["company"], text, now=NOW, **options)


def test_the_container_provides_the_use_case(salon):
    assert isinstance(salon["container"].requests(), Requests)


def test_slots_come_from_the_store_and_match_the_availability_engine(salon):
    answer = ask(salon, "Hat Anna am Montag nachmittags Zeit für einen Damenschnitt?")
    expected = salon["container"].availability().slots(
        salon["company"], salon["women"].id, at(MONDAY, 12), at(MONDAY, 17),
        staff_id=salon["anna"].id, now=NOW,
    ).slots
    assert expected
    assert (answer.kind, answer.slots) == ("slots", expected)
    assert answer.request.staff.id == salon["anna"].id


def test_a_company_synonym_from_the_event_types_metadata(salon):
    answer = ask(salon, "Einen Bob am Montag um 10?")
    assert answer.request.service.id == salon["women"].id
    assert [s.start for s in answer.slots] == [at(MONDAY, 10)]


def test_ambiguous_and_missing_services_are_questions(salon):
    ambiguous = ask(salon, "Haarschnitt am Montag?")
    assert (ambiguous.kind, ambiguous.text) == ("question", "Meinen Sie Herrenschnitt oder Damenschnitt?")
    missing = ask(salon, "Hat Julia am Montag Zeit?")
    assert missing.kind == "question"
    assert missing.options == ("Typberatung", "Herrenschnitt", "Damenschnitt")


def test_unknown_staff_is_reported(salon):
    answer = ask(salon, "Is Petra free on Monday at 10 for a men's cut?")
    assert answer.request.unknown_staff == "Petra"
    assert answer.text.startswith("I don't know anyone called Petra here")
    assert {i for s in answer.slots for i in s.staff_ids} == {salon["anna"].id, salon["julia"].id}


def test_a_complete_booking_is_stored_and_the_time_is_then_taken(salon):
    text = "Bitte buchen Sie mir einen Herrenschnitt bei Julia am Montag um 14:30"
    answer = ask(salon, text, book=True, customer="Kim Meyer")
    assert answer.kind == "booked"
    stored = salon["container"].appointments().get(salon["company"], answer.appointment.id)
    assert (stored.staff_id, stored.start, stored.status) == (
        salon["julia"].id, at(MONDAY, 14, 30), AppointmentStatus.BOOKED)

    again = ask(salon, text, book=True, customer="Lu")
    assert again.kind in ("next_slot", "none")
    assert "nicht frei" in again.text
    booked = [a for a in salon["container"].appointments().list(salon["company"])
              if a.status is AppointmentStatus.BOOKED]
    assert len(booked) == 1


def test_a_booking_wish_without_a_name_books_nothing(salon):
    answer = ask(salon, "Book me a men's cut on Monday at 9am", book=True)
    assert (answer.kind, answer.missing) == ("question", ("name",))
    assert salon["container"].appointments().list(salon["company"]) == []


def test_the_zone_can_differ_from_the_companys(salon):
    answer = ask(salon, "Men's cut on Monday at 9am?", zone="Europe/London")
    # 09:00 in London is 10:00 in Berlin, where the salon is open.
    assert [s.start for s in answer.slots] == [datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("Europe/London"))]
    assert answer.slots[0].start - at(MONDAY, 10) == timedelta(0)
