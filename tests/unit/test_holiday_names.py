"""Names of days for the request parser from the holidays library (adapters/holiday_names.py)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from studiobook.adapters.holiday_names import named_days
from studiobook.domain.requests import parse_request
from tests.requests_eval import catalogue


def test_german_and_english_names_of_every_german_state_from_the_first_day_on():
    days = named_days(date(2027, 3, 15), ("DE",))
    assert days["Ostermontag"] == days["Easter Monday"] == date(2027, 3, 29)
    assert days["Fronleichnam"] == date(2027, 5, 27)  # not in Berlin, still the day meant
    assert days["Reformationstag"] == date(2027, 10, 31)
    assert days["Erster Weihnachtstag"] == date(2027, 12, 25)
    assert days["Neujahr"] == date(2028, 1, 1)  # 2027's is before the first day
    assert all(date(2027, 3, 15) <= day <= date(2028, 3, 14) for day in days.values())


def test_another_country_and_an_unknown_one():
    days = named_days(date(2027, 1, 2), ("GB", "XX"))
    assert days["Boxing Day"] == date(2027, 12, 26)
    assert not any("observed" in name for name in days)


def test_the_parser_reads_them():
    services, staff = catalogue("hair")
    now = datetime(2027, 3, 15, 11, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    request = parse_request("Am Karfreitag einen Herrenschnitt?", now, "Europe/Berlin",
                            services, staff, named_days=named_days(now.date()))
    assert request.date == date(2027, 3, 26)
