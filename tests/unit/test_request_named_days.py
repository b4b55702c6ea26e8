"""Named days in answers: the company's public holidays (the holiday calendar port, here the real
holidays library) reach the parser as names -> dates; the parser adds Heiligabend and Silvester."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from studiobook.adapters.holidays.calendar import LibraryHolidays
from studiobook.application.requests.answers import Requests
from studiobook.application.requests.named_days import named_days
from tests.fakes import FakeClock, appointment_use_cases

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=BERLIN)  # a Friday


def salon(country: str | None):
    studio = appointment_use_cases(FakeClock(NOW), holidays=LibraryHolidays())
    company = studio.companies.create("Salon", "Europe/Berlin")
    if country:
        company = studio.companies.update(company.id, country=country, subdivision=None)
    studio.event_types.add(company.id, "Herrenschnitt", 30)
    requests = Requests(studio.companies, studio.event_types, studio.staffing,
                        studio.availability, studio.appointments, studio.clock)
    return studio, company, requests


def test_the_companys_holidays_by_both_names_for_a_year_ahead():
    studio, company, _ = salon("DE")
    days = named_days(studio.companies.holidays, company, NOW.date())
    assert days["Ostermontag"] == days["Easter Monday"] == date(2027, 3, 29)
    assert days["Erster Weihnachtstag"] == date(2026, 12, 25)
    assert max(days.values()) <= date(2027, 11, 27)
    studio, company, _ = salon(None)
    assert named_days(studio.companies.holidays, company, NOW.date()) == {}


def test_a_question_about_a_holiday_is_read_on_its_date():
    _, company, requests = salon("DE")
    answer = requests.answer_request(company.id, "Am Ostermontag einen Herrenschnitt?", now=NOW)
    assert answer.request.date == date(2027, 3, 29)
    answer = requests.answer_request(company.id, "Easter Monday, a men's cut?", now=NOW)
    assert answer.request.date == date(2027, 3, 29)


def test_without_a_country_only_the_days_everybody_names():
    _, company, requests = salon(None)
    answer = requests.answer_request(company.id, "Am Ostermontag einen Herrenschnitt?", now=NOW)
    assert answer.request.date is None
    answer = requests.answer_request(company.id, "Silvester einen Herrenschnitt?", now=NOW)
    assert answer.request.date == date(2026, 12, 31)
