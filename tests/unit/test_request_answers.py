"""Answering requests (application.requests.answers) on fakes: questions instead of guesses, slots from
the availability engine, and booking only a complete booking wish.

Expected slots come from asking the availability use-case the same question directly, so these
tests check that a request is turned into the right question, not particular times.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from studiobook.application.appointments.tenancy import CompanyNotFound
from studiobook.application.requests.answers import Requests
from studiobook.domain.appointments import AppointmentStatus
from studiobook.domain.requests import Intent, StaffEntry, parse_request
from studiobook.domain.shared.customers import Customer
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


def test_a_cancellation_without_an_appointment_says_none_was_found(salon):
    answer = salon.ask("Ich möchte meinen Termin am Montag absagen", book=True, customer="Kim")
    assert answer.kind == "none"
    assert answer.text == "Unter Kim finde ich keinen kommenden Termin."
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


# -- issue 17: prices, durations, who offers what, the default service, alternatives, ranges -------
def ask_parsed(salon: Salon, text: str, *, book=False, customer=None, **fields):
    """Ask ``text`` with ``fields`` changed in what the real parser read (a parse no sentence of
    these tests gives by itself)."""
    salon.requests.parser = lambda *args: replace(parse_request(*args), **fields)
    try:
        return salon.ask(text, book=book, customer=customer)
    finally:
        salon.requests.parser = parse_request


def staff(member) -> StaffEntry:
    return StaffEntry(member.id, member.name)


@pytest.fixture
def priced() -> Salon:
    """Herrenschnitt 28,00 € / 30 min, at Mehmet's 22,00 € / 45 min; Färben 65,00 €."""
    salon = Salon()
    s, cid = salon.studio, salon.company.id
    s.event_types.update(cid, salon.services["Herrenschnitt"].id, price="28.00")
    s.event_types.update(cid, salon.services["Färben"].id, price="65.00", duration_minutes=90)
    s.assignments.assign(cid, salon.mehmet.id, salon.services["Herrenschnitt"].id,
                         custom_price="22.00", custom_duration=45)
    return salon


def test_a_price_is_the_event_types_with_each_staff_members_own(priced):
    answer = priced.ask("Was kostet ein Herrenschnitt?")
    assert (answer.kind, answer.price) == ("info", Decimal("28.00"))
    assert answer.text == "Herrenschnitt kostet 28,00 €; bei Mehmet Yılmaz 22,00 €."
    assert answer.event_type_id == priced.services["Herrenschnitt"].id
    assert answer.slots == () and priced.booked() == []


def test_a_named_staff_members_price_is_theirs(priced):
    mehmet = priced.ask("Was kostet ein Herrenschnitt bei Mehmet?")
    assert (mehmet.price, mehmet.text) == (
        Decimal("22.00"), "Herrenschnitt kostet 28,00 €; bei Mehmet Yılmaz 22,00 €.")
    anna = priced.ask("What does a men's cut cost with Anna?")
    assert (anna.price, anna.text) == (
        Decimal("28.00"), "Herrenschnitt with Anna Schneider costs €28.00.")


def test_a_duration_is_the_event_types_with_the_staff_members_own(priced):
    answer = priced.ask("Wie lange dauert ein Herrenschnitt?")
    assert (answer.kind, answer.duration_minutes) == ("info", 30)
    assert answer.text == "Herrenschnitt dauert 30 Minuten; bei Mehmet Yılmaz 45 Minuten."
    english = priced.ask("How long does colouring take with Anna?")
    assert english.text == "Färben with Anna Schneider takes 90 minutes."


def test_a_price_asked_of_someone_who_does_not_offer_the_service_says_who_does(priced):
    answer = priced.ask("Was kostet Färben bei Mehmet?")
    assert answer.text == ("Mehmet Yılmaz bietet Färben nicht an; Färben bietet Anna Schneider an. "
                           "Färben kostet 65,00 €.")
    assert answer.price == Decimal("65.00")


def test_a_free_service_is_said_to_cost_nothing():
    salon = Salon(services=("Typberatung", "Herrenschnitt"))
    answer = salon.ask("Was kostet die Typberatung?")
    assert answer.text == "Typberatung kostet nichts (kostenlos)."


def test_a_staff_member_who_does_not_offer_the_service_is_said_so_with_who_does(salon):
    answer = salon.ask("Hat Mehmet am Dienstag um 11 Uhr Zeit für Färben?")
    tuesday = MONDAY + timedelta(days=1)
    assert answer.text == ("Mehmet Yılmaz bietet Färben nicht an; Färben bietet Anna Schneider an. "
                           "Ja, Färben am Dienstag, 01.12.2026 um 11:00 ist frei bei Anna Schneider.")
    assert [(s.start, s.staff_ids) for s in answer.slots] == [(at(tuesday, 11), (salon.anna.id,))]


def test_not_offered_names_everyone_who_does_and_books_nothing(salon):
    lukas = salon.studio.staffing.add(salon.company.id, "Lukas Hoffmann", working_hours={
        "weekly": {"tue": ["09:00-17:00"]}})
    salon.studio.assignments.assign(salon.company.id, lukas.id, salon.services["Färben"].id)
    text = "Bitte buchen Sie Färben bei Mehmet am Dienstag um 15 Uhr"
    answer = salon.ask(text, book=True, customer="Kim")
    assert answer.text.startswith("Mehmet Yılmaz bietet Färben nicht an; Färben bieten "
                                  "Anna Schneider und Lukas Hoffmann an. Zum Buchen fehlt noch: "
                                  "eine Person aus unserem Team.")
    assert (answer.kind, answer.missing) == ("question", ("staff",))
    assert answer.slots[0].staff_ids == (salon.anna.id, lukas.id)
    assert salon.booked() == []


def test_without_a_service_the_company_default_is_assumed_and_said(salon):
    salon.studio.event_types.set_default(salon.company.id, salon.services["Färben"].id)
    answer = salon.ask("Hat Anna am Montag um 10 Uhr Zeit?")
    assert answer.assumed_service
    assert answer.event_type_id == salon.services["Färben"].id
    assert answer.text == ("Sie haben keine Leistung genannt; ich gehe von Färben aus. "
                           "Ja, Färben am Montag, 30.11.2026 um 10:00 ist frei bei Anna Schneider.")
    english = salon.ask("Is anyone free on Monday at 10?")
    assert english.text.startswith("You didn't name a service, so I assumed Färben. Yes, Färben")


def test_without_a_service_a_staff_member_without_the_default_is_asked_among_theirs(salon):
    salon.studio.event_types.set_default(salon.company.id, salon.services["Färben"].id)
    answer = salon.ask("Hat Mehmet am Dienstag Zeit?")
    assert (answer.kind, answer.options, answer.missing) == ("question", ("Herrenschnitt",),
                                                             ("service",))
    assert not answer.assumed_service


def test_staff_alternatives_answer_with_the_slots_of_either(salon):
    lukas = salon.studio.staffing.add(salon.company.id, "Lukas Hoffmann", working_hours={
        "weekly": {"tue": ["08:00-18:00"]}})
    salon.studio.assignments.assign(salon.company.id, lukas.id, salon.services["Herrenschnitt"].id)
    tuesday = MONDAY + timedelta(days=1)
    answer = salon.ask("Herrenschnitt am Dienstag, Anna oder Mehmet, egal")
    assert answer.request.staff_alternatives == (staff(salon.anna), staff(salon.mehmet))
    everyone = salon.slots("Herrenschnitt", at(tuesday, 0), at(tuesday + timedelta(days=1), 0))
    expected = [(s.start, tuple(i for i in s.staff_ids if i != lukas.id)) for s in everyone]
    assert [(s.start, s.staff_ids) for s in answer.slots] == [e for e in expected if e[1]]
    assert answer.slots[0].start == at(tuesday, 9)  # Lukas's 08:00 is not theirs
    assert "bei Anna Schneider oder Mehmet Yılmaz frei: 09:00" in answer.text


def test_staff_alternatives_book_the_first_of_them_who_is_free(salon):
    tuesday = MONDAY + timedelta(days=1)
    herren = salon.services["Herrenschnitt"].id
    salon.studio.appointments.book(salon.company.id, herren, salon.anna.id, at(tuesday, 11), "Lu")
    text = "Bitte buchen Sie Herrenschnitt am Dienstag um 11 Uhr, Anna oder Mehmet"
    answer = salon.ask(text, book=True, customer="Kim")
    assert answer.kind == "booked"
    assert (answer.appointment.staff_id, answer.appointment.start) == (salon.mehmet.id, at(tuesday, 11))
    assert answer.text.endswith("um 11:00 bei Mehmet Yılmaz für Kim.")

    again = salon.ask(text, book=True, customer="Bo")
    assert again.kind != "booked"
    assert "um 11:00 bei Anna Schneider oder Mehmet Yılmaz ist leider nicht frei" in again.text
    assert len(salon.booked()) == 2


def test_a_range_of_days_is_searched_day_by_day(salon):
    tuesday = MONDAY + timedelta(days=1)
    answer = ask_parsed(salon, "Herrenschnitt bei Mehmet am Montag nachmittags",
                        date_to=tuesday)
    expected = salon.slots("Herrenschnitt", at(MONDAY, 12), at(tuesday, 23, 59), salon.mehmet.id)
    expected = tuple(s for s in expected if s.start.astimezone(BERLIN).hour >= 12)
    assert expected and (answer.kind, answer.slots) == ("slots", expected)
    assert answer.text == ("Für Herrenschnitt ist am Dienstag, 01.12.2026 bei Mehmet Yılmaz frei: "
                           "12:00, 12:30, 13:00 und 13:30.")  # Mehmet is off on Mondays
    saturday = MONDAY - timedelta(days=2)
    weekend = ask_parsed(salon, "Herrenschnitt bei Anna von Samstag bis Montag", date=saturday,
                         date_to=MONDAY)
    assert weekend.slots == salon.slots("Herrenschnitt", at(saturday, 0), at(MONDAY, 23, 59),
                                        salon.anna.id)
    assert weekend.text.startswith("Für Herrenschnitt bei Anna Schneider ist frei: am Samstag, "
                                   "28.11.2026 um 09:00, 09:30, 10:00, 10:30, 11:00, 11:30 und 4 "
                                   "weitere; am Montag, 30.11.2026 um 09:00, ")


def test_the_weekend_is_saturday_and_sunday(salon):
    answer = salon.ask("Herrenschnitt bei Anna am Wochenende")
    saturday = MONDAY - timedelta(days=2)
    assert (answer.request.date, answer.request.date_to) == (saturday, saturday + timedelta(days=1))
    assert answer.slots == salon.slots("Herrenschnitt", at(saturday, 0), at(MONDAY, 0), salon.anna.id)
    assert answer.text.startswith("Für Herrenschnitt ist am Samstag, 28.11.2026 bei Anna Schneider "
                                  "frei: 09:00, 09:30")  # nobody works on Sundays


# -- cancelling and moving an existing appointment ------------------------------------------------
def book_for(salon, name, day, hour, service="Herrenschnitt", member=None, email=None):
    return salon.studio.appointments.book(
        salon.company.id, salon.services[service].id, (member or salon.anna).id, at(day, hour),
        name, email,
    )


def test_a_cancellation_finds_the_callers_appointment_and_cancels_only_when_confirmed(salon):
    mine = book_for(salon, "Kim Meyer", MONDAY, 10)
    book_for(salon, "Lu", MONDAY, 11)
    asked = salon.ask("Ich möchte meinen Termin absagen", customer="kim  meyer")
    assert (asked.kind, asked.appointment.id) == ("confirm", mine.id)
    assert asked.text == ("Ihr Termin: Herrenschnitt am Montag, 30.11.2026 um 10:00 bei "
                          "Anna Schneider. Soll ich ihn absagen? Bitte bestätigen.")
    assert len(salon.booked()) == 2

    done = salon.ask("Ich möchte meinen Termin absagen", customer="Kim Meyer", book=True)
    assert done.kind == "cancelled"
    assert done.text == "Abgesagt: Herrenschnitt am Montag, 30.11.2026 um 10:00 bei Anna Schneider."
    assert done.appointment.status is AppointmentStatus.CANCELLED
    assert [a.customer_name for a in salon.booked()] == ["Lu"]


def test_an_appointment_is_found_by_e_mail_or_by_the_name_said(salon):
    mine = book_for(salon, "Kim Meyer", MONDAY, 10, email="kim@example.com")
    by_email = salon.ask("Please cancel my appointment", book=True,
                         customer=Customer.of("K. Meyer", "KIM@example.com"))
    assert (by_email.kind, by_email.appointment.id) == ("cancelled", mine.id)
    assert by_email.text == "Cancelled: Herrenschnitt on Monday, 30 November 2026 at 10:00 with Anna Schneider."

    other = book_for(salon, "Jo Berg", MONDAY, 11)
    said = salon.ask("Hier ist Jo Berg, ich sage meinen Termin ab")
    assert (said.request.customer, said.kind, said.appointment.id) == ("Jo Berg", "confirm", other.id)
    spelled = salon.ask("Bitte sagen Sie den Termin von kim@example.com ab", book=True)
    assert spelled.request.customer == "kim@example.com"
    assert spelled.kind == "none"  # cancelled above


def test_no_name_is_asked_for_and_several_appointments_are_a_question(salon):
    nobody = salon.ask("Ich möchte meinen Termin absagen", book=True)
    assert (nobody.kind, nobody.missing) == ("question", ("customer",))
    assert "Unter welchem Namen" in nobody.text

    book_for(salon, "Kim", MONDAY, 10)
    book_for(salon, "Kim", MONDAY + timedelta(days=1), 11, service="Färben")
    several = salon.ask("Ich möchte meinen Termin absagen", book=True, customer="Kim")
    assert (several.kind, several.missing) == ("question", ("appointment",))
    assert several.options == (
        "Herrenschnitt am Montag, 30.11.2026 um 10:00 bei Anna Schneider",
        "Färben am Dienstag, 01.12.2026 um 11:00 bei Anna Schneider",
    )
    assert len(salon.booked()) == 2
    # the day said picks one
    weekend = salon.ask("Ich möchte meinen Termin am Wochenende absagen", customer="Kim")
    assert weekend.request.date_to == MONDAY - timedelta(days=1)
    assert weekend.kind == "none"
    monday = salon.ask("Ich möchte meinen Termin am Montag absagen", book=True, customer="Kim")
    assert monday.kind == "cancelled" and monday.appointment.start == at(MONDAY, 10)


def test_another_companys_appointment_is_never_found(salon):
    other = salon.studio.companies.create("Elsewhere", "Europe/Berlin")
    cut = salon.studio.event_types.add(other.id, "Herrenschnitt", 30)
    member = salon.studio.staffing.add(other.id, "Zoe", working_hours={
        "weekly": {"mon": ["09:00-17:00"]}})
    salon.studio.assignments.assign(other.id, member.id, cut.id)
    salon.studio.appointments.book(other.id, cut.id, member.id, at(MONDAY, 10), "Kim")
    answer = salon.ask("Ich möchte meinen Termin absagen", book=True, customer="Kim")
    assert answer.kind == "none"


def test_a_reschedule_moves_to_the_asked_time_when_free_and_confirmed(salon):
    mine = book_for(salon, "Kim", MONDAY, 10)
    text = "Kann ich meinen Termin auf Dienstag um 15 Uhr verschieben?"
    asked = salon.ask(text, customer="Kim")
    assert asked.request.intent is Intent.RESCHEDULE
    assert asked.kind == "confirm"
    assert asked.text == ("Ihr Termin: Herrenschnitt am Montag, 30.11.2026 um 10:00 bei Anna "
                          "Schneider. Dienstag, 01.12.2026 um 15:00 ist frei; soll ich ihn dorthin "
                          "verschieben? Bitte bestätigen.")
    assert salon.booked()[0].start == at(MONDAY, 10)

    moved = salon.ask(text, customer="Kim", book=True)
    assert moved.kind == "rescheduled"
    assert moved.text == ("Verschoben: Herrenschnitt am Montag, 30.11.2026 um 10:00 bei Anna "
                          "Schneider auf Dienstag, 01.12.2026 um 15:00.")
    [stored] = salon.booked()
    assert (stored.id, stored.start, stored.staff_id) == (mine.id, at(MONDAY + timedelta(days=1), 15),
                                                          salon.anna.id)


def test_a_reschedule_to_a_taken_time_offers_that_days_free_times(salon):
    book_for(salon, "Kim", MONDAY, 10)
    tuesday = MONDAY + timedelta(days=1)
    book_for(salon, "Lu", tuesday, 15)
    answer = salon.ask("Meinen Termin bitte auf Dienstag um 15 Uhr verschieben",
                       customer="Kim", book=True)
    assert (answer.kind, answer.missing) == ("question", ("time",))
    assert "Dienstag, 01.12.2026 um 15:00 ist leider nicht frei. Frei ist am Dienstag" in answer.text
    free = salon.slots("Herrenschnitt", at(tuesday, 0), at(tuesday, 23, 59), salon.anna.id)
    assert answer.slots == free and at(tuesday, 15) not in [s.start for s in free]
    assert salon.booked()[0].start == at(MONDAY, 10)


def test_a_reschedule_without_a_time_asks_when(salon):
    book_for(salon, "Kim", MONDAY, 10)
    answer = salon.ask("Ich muss meinen Termin verschieben", customer="Kim", book=True)
    assert (answer.kind, answer.missing) == ("question", ("time",))
    assert answer.text.endswith("Auf wann möchten Sie ihn verschieben?")
