"""Public holidays from the ``holidays`` library close a company (issue 17), on SQLite and
PostgreSQL through the real wiring: a Berlin salon (DE-BE) has no slot and refuses a booking on
Christmas Day 2027 while a London salon (GB-ENG) is open on Berlin's Women's Day and closed on
England's late summer bank holiday, where Berlin works; a Bavarian salon works on Berlin's
Women's Day. The company's word per date and its opt-out win over the calendar. The clock is a
FakeClock a week before each date, so nothing here ages."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dependency_injector import providers

from studiobook.domain.appointments.errors import InvalidCompany, SlotNotAvailable
from tests.fakes import FakeClock

CHRISTMAS = date(2027, 12, 25)  # a Saturday: both salons work Saturdays here
WOMENS_DAY = date(2027, 3, 8)  # a public holiday in Berlin only (DE-BE), a Monday
BANK_HOLIDAY = date(2027, 8, 30)  # England's late summer bank holiday, a Monday
EVERY_DAY = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def local(day: date, hour: int, zone: str) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo(zone))


@pytest.fixture
def studio(container):
    return container


def salon(studio, name: str, zone: str, country: str, subdivision: str):
    companies = studio.companies()
    company = companies.create(
        name, zone, default_event_type={"name": "Cut", "duration_minutes": 60}
    )
    company = companies.update(company.id, country=country, subdivision=subdivision)
    member = studio.staffing().add(
        company.id, "Anna", working_hours={"weekly": {d: ["09:00-12:00"] for d in EVERY_DAY}}
    )
    studio.assignments().assign(company.id, member.id, company.default_event_type_id)
    return company, member


def day_slots(studio, company, day: date):
    """Slots and closed days of ``day`` with the clock a week before it."""
    studio.clock.override(providers.Object(FakeClock(local(day, 9, "UTC") - timedelta(days=7))))
    zone = company.time_zone
    answer = studio.availability().slots(
        company.id, company.default_event_type_id, local(day, 0, zone),
        local(day + timedelta(days=1), 0, zone),
    )  # fmt: skip
    hours = [f"{s.start.astimezone(ZoneInfo(zone)):%H:%M}" for s in answer.slots]
    return hours, dict(answer.closed)


OPEN = ["09:00", "10:00", "11:00"]


def test_christmas_closes_berlin_and_a_booking_then_is_refused_saying_why(studio):
    berlin, anna = salon(studio, "Salon Mitte", "Europe/Berlin", "de", "be")
    assert (berlin.country, berlin.subdivision) == ("DE", "BE")

    assert day_slots(studio, berlin, CHRISTMAS) == (
        [], {CHRISTMAS: "public holiday (Christmas Day / Erster Weihnachtstag)"}
    )
    assert day_slots(studio, berlin, CHRISTMAS - timedelta(days=2)) == (OPEN, {})
    with pytest.raises(SlotNotAvailable) as refused:
        studio.appointments().book(
            berlin.id, berlin.default_event_type_id, anna.id,
            local(CHRISTMAS, 10, "Europe/Berlin"), "Kim", "kim@example.org",
        )  # fmt: skip
    assert refused.value.reason == (
        "closed on 2027-12-25: public holiday (Christmas Day / Erster Weihnachtstag)"
    )
    assert studio.appointments().list(berlin.id) == []


def test_a_uk_only_holiday_closes_london_not_berlin_and_a_berlin_one_not_london(studio):
    berlin, _ = salon(studio, "Salon Mitte", "Europe/Berlin", "DE", "BE")
    london, _ = salon(studio, "Salon Soho", "Europe/London", "GB", "ENG")

    assert day_slots(studio, london, BANK_HOLIDAY) == (
        [], {BANK_HOLIDAY: "public holiday (Late Summer Bank Holiday)"}
    )
    assert day_slots(studio, berlin, BANK_HOLIDAY) == (OPEN, {})
    assert day_slots(studio, london, WOMENS_DAY) == (OPEN, {})
    hours, closed = day_slots(studio, berlin, WOMENS_DAY)
    assert hours == [] and list(closed) == [WOMENS_DAY]
    assert re.fullmatch(r"public holiday \(.*Women's Day / .*Frauentag\)", closed[WOMENS_DAY])


def test_berlins_womens_day_is_a_working_day_in_bavaria(studio):
    munich, _ = salon(studio, "Salon Schwabing", "Europe/Berlin", "DE", "BY")
    assert day_slots(studio, munich, WOMENS_DAY) == (OPEN, {})


def test_open_anyway_closed_on_an_extra_date_and_the_opt_out(studio):
    berlin, anna = salon(studio, "Salon Mitte", "Europe/Berlin", "DE", "BE")
    companies = studio.companies()
    extra = CHRISTMAS - timedelta(days=1)

    companies.set_closure(berlin.id, CHRISTMAS, True)
    companies.set_closure(berlin.id, extra, False)

    assert day_slots(studio, berlin, CHRISTMAS) == (OPEN, {})
    assert day_slots(studio, berlin, extra) == ([], {extra: "closed on this date"})
    listed = companies.holiday_list(berlin.id, extra, CHRISTMAS + timedelta(days=1))
    assert [(d.day, d.holiday, d.override, d.closed) for d in listed] == [
        (extra, None, False, "closed on this date"),
        (CHRISTMAS, "Christmas Day / Erster Weihnachtstag", True, None),
        (CHRISTMAS + timedelta(days=1), "Second Day of Christmas / Zweiter Weihnachtstag", None,
         "public holiday (Second Day of Christmas / Zweiter Weihnachtstag)"),
    ]  # fmt: skip

    companies.clear_closure(berlin.id, CHRISTMAS)
    companies.update(berlin.id, closed_on_holidays=False)
    assert day_slots(studio, berlin, CHRISTMAS) == (OPEN, {})
    assert day_slots(studio, berlin, extra) == ([], {extra: "closed on this date"})
    booked = studio.appointments().book(
        berlin.id, berlin.default_event_type_id, anna.id, local(CHRISTMAS, 10, "Europe/Berlin"),
        "Kim",
    )  # fmt: skip
    assert booked.start == local(CHRISTMAS, 10, "Europe/Berlin").astimezone(UTC)


def test_an_unknown_country_or_subdivision_is_one_line_and_nothing_is_stored(studio):
    berlin, _ = salon(studio, "Salon Mitte", "Europe/Berlin", "DE", "BE")
    with pytest.raises(InvalidCompany, match="^country 'QQ' has no public holiday calendar"):
        studio.companies().update(berlin.id, country="QQ", subdivision=None)
    with pytest.raises(InvalidCompany, match="^country GB has no subdivision 'BE' \\(known: "):
        studio.companies().update(berlin.id, country="GB")
    kept = studio.companies().get(berlin.id)
    assert (kept.country, kept.subdivision, kept.closed_on_holidays) == ("DE", "BE", True)
