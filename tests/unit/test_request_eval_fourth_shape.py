"""The SHAPE of the fourth unseen evaluation set (tests/requests_eval_fourth.py), never its score:
the set is scored once, by the lead engineer, after the parser's tuning ends. These checks run no
parser; they guard the set against slips of the pen (a weekday miscounted, a staff member's name
misspelt, a category left thin)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, timedelta

import holidays
import pytest

from studiobook.application.admin.demo_data import INDUSTRIES
from tests.requests_eval_fourth import CASES, CATEGORIES, FIELDS, INTENTS, Case

WEEKDAYS = {
    "montag": 0, "monday": 0, "dienstag": 1, "tuesday": 1, "mittwoch": 2, "wednesday": 2,
    "donnerstag": 3, "thursday": 3, "freitag": 4, "friday": 4, "samstag": 5, "saturday": 5,
    "sonntag": 6, "sunday": 6,
}
PARTS = (None, "morning", "afternoon", "evening")


def staff_names(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    return value if isinstance(value, tuple) else (str(value),)


def days_of(case: Case) -> list[date]:
    return [date.fromisoformat(d) for d in (case.date, case.date_to) if d is not None]


def test_size_languages_industries_and_categories() -> None:
    assert len(CASES) >= 130
    assert len({case.text for case in CASES}) == len(CASES), "an utterance is repeated"
    languages = Counter(case.language for case in CASES)
    assert set(languages) == {"de", "en"}
    assert languages["de"] * 2 >= len(CASES), languages
    industries = Counter(case.industry for case in CASES)
    assert set(industries) == {"hair", "doctor", "fitness"}
    assert min(industries.values()) * 10 >= len(CASES) * 3, industries  # about evenly
    categories = Counter(case.category for case in CASES)
    assert set(categories) == set(CATEGORIES)
    assert min(categories.values()) >= 5, categories
    assert categories["other"] >= 15


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.text[:40])
def test_fields_are_well_formed(case: Case) -> None:
    assert case.intent in INTENTS
    assert set(case.expected()) == set(FIELDS)
    assert case.part_of_day in PARTS
    assert isinstance(case.asap, bool)
    if case.intent in ("reschedule", "cancellation"):
        assert case.customer, "whose appointment is it?"
    else:
        assert case.customer is None, "customer is only read for reschedule/cancellation"
    for moment in (case.time_from, case.time_to):
        if moment is not None:
            assert re.fullmatch(r"\d\d:\d\d", moment)
            datetime.strptime(moment, "%H:%M")
    if case.time_from and case.time_to:
        assert case.time_from <= case.time_to


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.text[:40])
def test_dates_are_iso_and_fall_on_the_weekday_said(case: Case) -> None:
    today = case.now.date()
    for value in (case.date, case.date_to):
        if value is not None:
            assert date.fromisoformat(value).isoformat() == value
    if case.date_to is not None:
        assert case.date is not None and case.date < case.date_to
    days = days_of(case)
    if case.intent not in ("reschedule", "cancellation") and days:
        assert all(today <= day <= today + timedelta(days=366) for day in days)
    said = {WEEKDAYS[word] for word in re.findall(r"[a-zäöü]+", case.text.lower())
            if word in WEEKDAYS}
    if said:
        assert days, "a weekday is said but no date expected"
        assert all(day.weekday() in said for day in days), (days, said)
    if case.category == "weekend":
        start, end = days
        assert start.weekday() == 5 and end == start + timedelta(days=1)
        assert today <= end < today + timedelta(days=7)


def german_holidays(years: set[int]) -> set[date]:
    found: set[date] = set()
    for subdivision in holidays.Germany.subdivisions:
        found |= set(holidays.country_holidays("DE", subdiv=subdivision, years=years))
    return found


def test_named_days_are_holidays_or_christmas_eve_and_new_years_eve() -> None:
    named = [case for case in CASES if case.category == "named_day"]
    known = german_holidays({case.now.year for case in named} | {case.now.year + 1
                                                                  for case in named})
    for case in named:
        assert case.date is not None
        day = date.fromisoformat(case.date)
        assert day in known or (day.month, day.day) in ((12, 24), (12, 31)), case.text
        assert case.now.date() <= day < case.now.date() + timedelta(days=366)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.text[:40])
def test_names_come_from_the_seeded_catalogue(case: Case) -> None:
    industry = INDUSTRIES[case.industry]
    services = {service.name for service in industry.services}
    offers = {member.name: set(member.offers) for member in industry.staff}
    wanted = staff_names(case.staff)
    for name in wanted:
        assert name.startswith("unknown:") or name in offers, name
    if isinstance(case.staff, tuple):
        assert len(set(case.staff)) >= 2
        assert case.category == "staff_alternatives"
    named_services = staff_names(case.service)
    for service in named_services:
        assert service in services, service
    known = [name for name in wanted if name in offers]
    if len(named_services) == 1 and known:
        offered = [named_services[0] in offers[name] for name in known]
        if case.category == "staff_not_offering":
            assert not any(offered), "the staff member offers it after all"
        else:
            assert all(offered), "a staff member named who does not offer the service"
    if case.category == "staff_not_offering":
        assert len(known) == 1 and len(named_services) == 1
