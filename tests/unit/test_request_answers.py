"""Answering requests (application.requests.answers) on fakes: questions instead of guesses, slots from
the availability engine, and booking only a complete booking wish.

Expected slots come from asking the availability use-case the same question directly, so these
tests check that a request is turned into the right question, not particular times.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from studiobook.application.appointments.tenancy import CompanyNotFound
from studiobook.application.requests.answers import Requests
from studiobook.domain.appointments import AppointmentStatus
from tests.fakes import FakeClock, appointment_use_cases

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=BERLIN)  # a Friday
MONDAY = date(2026, 11, 30)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


class Salon:
    """Anna (Mon-Fri 9-12 and 13-17, Sat 9-14) cuts women and men and colours; Mehmet (Tue-Sat
    10-14) cuts men."""

    def __init__(self, services=("Herrenschnitt", "Damenschnitt", "Färben")) -> None:
        self.studio = appointment_use_cases(FakeClock(NOW))
        s = self.studio
        self.company = s.companies.create("Salon", "Europe/Berlin")
        self.services = {name: s.event_types.add(self.company.id, name, 30) for name in services}
        weekdays = {d: ["09:00-12:00", "13:00-17:00"] for d in ("mon", "tue", "wed", "thu", "fri")}
        self.anna = s.staffing.add(self.company.id, "Anna Schneider",
                                   working_hours={"weekly": weekdays | {"sat": ["09:00-14:00"]}})
        self.mehmet = s.staffing.add(self.company.id, "Mehmet Yılmaz", working_hours={
            "weekly": {d: ["10:00-14:00"] for d in ("tue", "wed", "thu", "fri", "sat")}})
        for service in self.services.values():
            s.assignments.assign(self.company.id, self.anna.id, service.id)
        if "Herrenschnitt" in self.services:
            s.assignments.assign(self.company.id, self.mehmet.id, self.services["Herrenschnitt"].id)
        self.requests = Requests(s.companies, s.event_types, s.staffing, s.availability,
                                 s.appointments, s.clock)

    def ask(self, text: str, **options):
        return self.requests.answer_request(self.company.id, text, now=NOW, **options)

    def slots(self, service: str, start, end, staff=None):
        return self.studio.availability.slots(
            self.company.id, self.services[service].id, start, end, staff_id=staff, now=NOW
        ).slots

    def next_slot(self, service: str, after, staff=None):
        return self.studio.availability.next_slot(
            self.company.id, self.services[service].id, staff_id=staff, after=after, now=NOW
        ).slot

    def booked(self):
        return [a for a in self.studio.appointments.list(self.company.id)
                if a.status is AppointmentStatus.BOOKED]


@pytest.fixture
def salon() -> Salon:
    return Salon()


# -- questions instead of guesses -----------------------------------------------------------------
def test_a_missing_service_is_asked_for(salon):
    answer = salon.ask("Hat Anna morgen Zeit?")
    assert answer.kind == "question"
    assert answer.missing == ("service",)
    assert answer.options == ("Herrenschnitt", "Damenschnitt", "Färben")
    assert answer.text == "Welche Leistung möchten Sie? Zur Auswahl: Herrenschnitt, Damenschnitt und Färben."
    assert answer.slots == () and answer.event_type_id is None


def test_a_missing_service_is_asked_for_in_english(salon):
    answer = salon.ask("Is Anna free tomorrow?")
    assert answer.text.startswith("Which service would you like? We offer Herrenschnitt,")


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("Haarschnitt morgen um 10?", "Meinen Sie Herrenschnitt oder Damenschnitt?"),
        ("A haircut tomorrow at 10?", "Do you mean Herrenschnitt or Damenschnitt?"),
    ],
)
def test_an_ambiguous_service_is_a_question_and_never_booked(salon, text, question):
    answer = salon.ask(text, book=True, customer="Kim")
    assert (answer.kind, answer.text) == ("question", question)
    assert answer.options == ("Herrenschnitt", "Damenschnitt")
    assert salon.booked() == []


def test_the_same_first_name_twice_is_a_question(salon):
    salon.studio.staffing.add(salon.company.id, "Anna Berg")
    answer = salon.ask("Hat Anna morgen Zeit für Färben?")
    assert (answer.kind, answer.text) == ("question", "Meinen Sie Anna Schneider oder Anna Berg?")


def test_a_company_with_one_service_needs_no_question():
    salon = Salon(services=("Herrenschnitt",))
    answer = salon.ask("Hat jemand am Montag Zeit?")
    assert answer.kind == "slots"
    assert answer.event_type_id == salon.services["Herrenschnitt"].id


# -- slots from the availability engine -----------------------------------------------------------
def test_a_day_and_part_of_day_answer_with_exactly_those_slots(salon):
    answer = salon.ask("Hat Anna am Montag vormittags Zeit für einen Damenschnitt?")
    expected = salon.slots("Damenschnitt", at(MONDAY, 6), at(MONDAY, 12), salon.anna.id)
    assert expected  # Anna works Monday mornings
    assert (answer.kind, answer.slots) == ("slots", expected)
    assert answer.event_type_id == salon.services["Damenschnitt"].id
    assert answer.text.startswith("Für Damenschnitt ist am Montag, 30.11.2026 bei Anna Schneider frei: 09:00, 09:30")


def test_an_exact_free_time_is_that_one_slot(salon):
    answer = salon.ask("Is Anna free on Monday at 3pm for a women's cut?")
    assert answer.kind == "slots"
    assert [s.start for s in answer.slots] == [at(MONDAY, 15)]
    assert answer.text == "Yes, Damenschnitt on Monday, 30 November 2026 at 15:00 is free with Anna Schneider."


def test_a_window_without_slots_answers_with_the_next_free_one_after_it(salon):
    answer = salon.ask("Damenschnitt am Sonntag um 15 Uhr?")  # nobody works on Sundays
    sunday = date(2026, 11, 29)
    assert answer.kind == "next_slot"
    assert answer.slots == (salon.next_slot("Damenschnitt", at(sunday, 15)),)
    assert answer.text.startswith("Im gewünschten Zeitraum ist für Damenschnitt leider nichts frei.")
    assert "Der nächste freie Termin für Damenschnitt ist am Montag, 30.11.2026 um 09:00" in answer.text


def test_a_time_of_day_without_a_day_is_the_first_day_with_such_slots(salon):
    answer = salon.ask("Herrenschnitt bei Mehmet nachmittags?")
    # Friday afternoon from 10:00 on: Mehmet works 10-14, so 12:00-14:00 today.
    expected = salon.slots("Herrenschnitt", at(NOW.date(), 12), at(NOW.date(), 17), salon.mehmet.id)
    assert expected
    assert (answer.kind, answer.slots) == ("slots", expected)


@pytest.mark.parametrize("text", ["Nächster freier Termin für Färben?", "Färben?"])
def test_as_soon_as_possible_or_no_time_at_all_is_the_next_free_slot(salon, text):
    answer = salon.ask(text)
    assert answer.kind == "next_slot"
    assert answer.slots == (salon.next_slot("Färben", NOW),)


def test_as_soon_as_possible_on_a_day_is_the_earliest_that_day(salon):
    answer = salon.ask("Herrenschnitt am Dienstag so früh wie möglich")
    tuesday = MONDAY + timedelta(days=1)
    assert answer.kind == "next_slot"
    assert answer.slots == salon.slots("Herrenschnitt", at(tuesday, 0), at(tuesday, 23, 59))[:1]


def test_an_unknown_staff_member_is_reported_and_everyone_searched(salon):
    answer = salon.ask("Hat Petra am Dienstag Zeit für einen Herrenschnitt?")
    tuesday = MONDAY + timedelta(days=1)
    assert answer.request.unknown_staff == "Petra"
    assert answer.text.startswith("Petra kenne ich hier nicht; ich schaue bei allen.")
    assert answer.slots == salon.slots("Herrenschnitt", at(tuesday, 0), at(tuesday + timedelta(days=1), 0))
    assert {i for s in answer.slots for i in s.staff_ids} == {salon.anna.id, salon.mehmet.id}


def test_a_cancellation_is_recognised_but_not_ours_to_do(salon):
    answer = salon.ask("Ich möchte meinen Termin am Montag absagen", book=True, customer="Kim")
    assert answer.kind == "none"
    assert "absagen" in answer.text
    assert salon.booked() == []


def test_an_unknown_company_is_an_error(salon):
    with pytest.raises(CompanyNotFound):
        salon.requests.answer_request(999, "Herrenschnitt morgen?", now=NOW)


# -- booking --------------------------------------------------------------------------------------
def test_a_complete_booking_wish_books_the_slot(salon):
    answer = salon.ask("Bitte buchen Sie mir einen Damenschnitt bei Anna am Montag um 15 Uhr",
                       book=True, customer="Kim Meyer")
    assert answer.kind == "booked"
    [booked] = salon.booked()
    assert booked == answer.appointment
    assert (booked.staff_id, booked.start, booked.customer_name) == (salon.anna.id, at(MONDAY, 15), "Kim Meyer")
    assert booked.event_type_id == salon.services["Damenschnitt"].id
    assert answer.text == "Gebucht: Damenschnitt am Montag, 30.11.2026 um 15:00 bei Anna Schneider für Kim Meyer."

    again = salon.ask("Bitte buchen Sie mir einen Damenschnitt bei Anna am Montag um 15 Uhr",
                      book=True, customer="Lu")
    assert again.kind == "next_slot"
    assert again.text.startswith("Damenschnitt am Montag, 30.11.2026 um 15:00 bei Anna Schneider ist leider nicht frei.")
    assert len(salon.booked()) == 1


def test_without_a_staff_wish_the_first_free_person_is_booked(salon):
    answer = salon.ask("Book me a men's cut on Tuesday at 11am", book=True, customer="Kim")
    assert answer.kind == "booked"
    assert answer.appointment.staff_id == answer.slots[0].staff_ids[0]


def test_the_callers_own_name_is_enough(salon):
    answer = salon.ask("Hier ist Lena Müller, bitte buchen Sie Färben am Montag um 10 Uhr", book=True)
    assert answer.kind == "booked"
    assert answer.appointment.customer_name == "Lena Müller"


def test_as_soon_as_possible_books_the_next_free_slot(salon):
    first_free = salon.next_slot("Färben", NOW)
    answer = salon.ask("Buchen Sie mir den nächsten freien Termin für Färben", book=True, customer="Kim")
    assert answer.kind == "booked"
    assert answer.appointment.start == first_free.start
    assert salon.next_slot("Färben", NOW).start > first_free.start


@pytest.mark.parametrize(
    ("text", "customer", "missing"),
    [
        ("Bitte buchen Sie mir einen Damenschnitt bei Anna am Montag um 15 Uhr", None, ("name",)),
        ("Bitte buchen Sie mir einen Damenschnitt am Montag", "Kim", ("time",)),
        ("Bitte buchen Sie mir einen Damenschnitt um 15 Uhr", "Kim", ("time",)),
        ("Bitte buchen Sie einen Damenschnitt bei Petra am Montag um 15 Uhr", "Kim", ("staff",)),
        ("Hat Anna am Montag um 15 Uhr Zeit für einen Damenschnitt?", "Kim", ("booking_wish",)),
        ("Buch mir was am Montag", None, ("service",)),
    ],
)
def test_an_incomplete_request_says_what_is_missing_and_books_nothing(salon, text, customer, missing):
    answer = salon.ask(text, book=True, customer=customer)
    assert answer.kind == "question"
    assert answer.missing == missing
    assert salon.booked() == []


def test_the_missing_parts_are_named_in_the_callers_language(salon):
    answer = salon.ask("Please book a women's cut with Anna on Monday", book=True)
    assert answer.missing == ("time", "name")
    assert answer.text.startswith("To book I still need a day and an exact time and your name.")


def test_a_booking_wish_without_book_only_answers(salon):
    answer = salon.ask("Bitte buchen Sie mir einen Damenschnitt bei Anna am Montag um 15 Uhr",
                       customer="Kim")
    assert answer.kind == "slots"
    assert salon.booked() == []
