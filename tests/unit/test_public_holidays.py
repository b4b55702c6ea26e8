"""Public holidays close a company (issue 17), on fakes: the domain's rule (holidays, the opt-out,
the company's word per date), the company's country checked against the holiday calendar, and
availability and booking through the use-cases with a fake calendar — a closed day has no slot
for anybody (a staff member abroad included), booking on it is refused saying why, and the
answer names the closed days."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from studiobook.domain.appointments import Company
from studiobook.domain.appointments.closures import closed_days, closure_of
from studiobook.domain.appointments.errors import InvalidCompany, SlotNotAvailable
from tests.fakes import FakeClock, appointment_use_cases

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 11, 30)  # the FakeClock says Friday 2026-11-27 09:00 UTC
TUESDAY = MONDAY + timedelta(days=1)
WEDNESDAY = MONDAY + timedelta(days=2)


def at(hour: int, minute: int = 0, day: date = MONDAY, zone: ZoneInfo = BERLIN) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def whole(day: date) -> tuple[datetime, datetime]:
    return at(0, day=day), at(0, day=day + timedelta(days=1))


class FakeHolidays:
    """DE-BE has a holiday on the Monday; DE (all of it) has none; XX is unknown."""

    DAYS = {("DE", "BE"): {MONDAY: "Testtag / Tag des Tests"}}

    def region(self, country, subdivision):
        if country != "DE":
            raise InvalidCompany(f"country {country!r} has no public holiday calendar")
        if subdivision not in (None, "BE", "BY"):
            raise InvalidCompany(f"country DE has no subdivision {subdivision!r}")
        return country, subdivision

    def holidays(self, country, subdivision, first, last):
        found = self.DAYS.get((country, subdivision), {})
        return {d: n for d, n in found.items() if first <= d <= last}


# -- the rule ----------------------------------------------------------------------------------
def test_holidays_close_unless_opted_out_and_the_companys_word_wins():
    holidays = {MONDAY: "Christmas Day"}
    assert closed_days(holidays, {}, closed_on_holidays=True) == {
        MONDAY: "public holiday (Christmas Day)"
    }
    assert closed_days(holidays, {}, closed_on_holidays=False) == {}
    assert closed_days(holidays, {MONDAY: True}, closed_on_holidays=True) == {}
    assert closed_days(holidays, {TUESDAY: False}, closed_on_holidays=False) == {
        TUESDAY: "closed on this date"
    }
    closed = closed_days(holidays, {TUESDAY: False}, closed_on_holidays=True)
    assert list(closed) == [MONDAY, TUESDAY]
    assert closure_of(at(23, 30, day=MONDAY), closed, BERLIN) == (
        "closed on 2026-11-30: public holiday (Christmas Day)"
    )
    assert closure_of(at(0, 0, day=WEDNESDAY), closed, BERLIN) is None


def test_a_company_spells_its_region_as_codes():
    company = Company(name="Salon", time_zone="Europe/Berlin", country=" de", subdivision="be ")
    assert (company.country, company.subdivision, company.closed_on_holidays) == ("DE", "BE", True)
    assert Company(name="S", time_zone="UTC", country="", subdivision=None).country is None
    with pytest.raises(InvalidCompany, match="country 'Germany' is not a code like DE, GB"):
        Company(name="S", time_zone="UTC", country="Germany")
    with pytest.raises(InvalidCompany, match="subdivision BE needs a country"):
        Company(name="S", time_zone="UTC", subdivision="BE")


# -- through the use-cases ---------------------------------------------------------------------
@pytest.fixture
def studio():
    return appointment_use_cases(FakeClock(), holidays=FakeHolidays())


def open_salon(studio, country="DE", subdivision="BE"):
    company = studio.companies.create(
        "Salon", "Europe/Berlin", default_event_type={"name": "Schnitt", "duration_minutes": 60}
    )
    cid = company.id
    if country:
        company = studio.companies.update(cid, country=country, subdivision=subdivision)
    cut = company.default_event_type_id
    staff = []
    for name, zone in (("Anna", "Europe/Berlin"), ("Rui", "Europe/Lisbon")):
        member = studio.staffing.add(cid, name, time_zone=zone)
        for day in ("mon", "tue", "wed"):
            member = studio.staffing.set_hours(cid, member.id, day, ["00:00-24:00"])
        studio.assignments.assign(cid, member.id, cut)
        staff.append(member)
    return company, cut, staff


def starts(answer, zone=BERLIN):
    return [f"{s.start.astimezone(zone):%a %H:%M}" for s in answer.slots]


def test_a_holiday_has_no_slot_for_anybody_and_the_answer_says_why(studio):
    company, cut, (anna, rui) = open_salon(studio)

    closed_day = studio.availability.slots(company.id, cut, *whole(MONDAY))
    next_day = studio.availability.slots(company.id, cut, *whole(TUESDAY))

    assert closed_day.slots == ()
    assert dict(closed_day.closed) == {MONDAY: "public holiday (Testtag / Tag des Tests)"}
    assert next_day.closed == {}
    # Rui works in Lisbon (an hour behind): his Monday 23:00 is already Tuesday in Berlin.
    assert starts(next_day)[:2] == ["Tue 00:00", "Tue 01:00"]
    assert {s.staff_ids for s in next_day.slots} >= {(anna.id, rui.id)}
    # The Monday's last Lisbon hour (Berlin's Monday 23:00-24:00) stays closed too.
    monday_evening = studio.availability.slots(
        company.id, cut, at(22, day=MONDAY), at(0, day=TUESDAY), staff_id=rui.id
    )
    assert monday_evening.slots == ()
    first = studio.availability.next_slot(company.id, cut, after=at(8, day=MONDAY))
    assert first.slot.start == at(0, day=TUESDAY)


def test_booking_on_a_holiday_is_refused_with_the_reason_and_nothing_is_stored(studio):
    company, cut, (anna, _) = open_salon(studio)

    with pytest.raises(SlotNotAvailable) as refused:
        studio.appointments.book(company.id, cut, anna.id, at(10), "Kim", "kim@example.org")

    assert refused.value.reason == (
        "closed on 2026-11-30: public holiday (Testtag / Tag des Tests)"
    )
    assert studio.appointments.list(company.id) == []
    booked = studio.appointments.book(company.id, cut, anna.id, at(10, day=TUESDAY), "Kim")
    with pytest.raises(SlotNotAvailable, match="closed on 2026-11-30: public holiday"):
        studio.appointments.reschedule(company.id, booked.id, at(11))


def test_open_anyway_on_a_holiday_and_closed_on_an_extra_date(studio):
    company, cut, (anna, _) = open_salon(studio)
    companies = studio.companies

    opened = companies.set_closure(company.id, "2026-11-30", True)
    closed = companies.set_closure(company.id, WEDNESDAY, False)

    assert (opened.holiday, opened.override, opened.closed) == ("Testtag / Tag des Tests", True, None)
    assert closed.closed == "closed on this date"
    assert starts(studio.availability.slots(company.id, cut, *whole(MONDAY)))[:1] == ["Mon 00:00"]
    wednesday = studio.availability.slots(company.id, cut, *whole(WEDNESDAY))
    assert (wednesday.slots, dict(wednesday.closed)) == ((), {WEDNESDAY: "closed on this date"})
    assert [(d.day, d.override, d.closed) for d in companies.holiday_list(
        company.id, MONDAY, WEDNESDAY
    )] == [(MONDAY, True, None), (WEDNESDAY, False, "closed on this date")]  # fmt: skip

    companies.clear_closure(company.id, MONDAY)
    assert studio.availability.slots(company.id, cut, *whole(MONDAY)).slots == ()
    with pytest.raises(InvalidCompany, match="nothing is said about 2026-11-30"):
        companies.clear_closure(company.id, MONDAY)
    with pytest.raises(InvalidCompany, match="2026-12-01 is no public holiday in DE-BE"):
        companies.set_closure(company.id, TUESDAY, True)
    with pytest.raises(InvalidCompany, match="'31.12.' is not a date like 2027-12-25"):
        companies.set_closure(company.id, "31.12.", False)


def test_opted_out_a_holiday_is_a_working_day_and_no_country_means_no_holidays(studio):
    company, cut, (anna, _) = open_salon(studio)
    studio.companies.update(company.id, closed_on_holidays=False)
    assert starts(studio.availability.slots(company.id, cut, *whole(MONDAY)))[:1] == ["Mon 00:00"]
    studio.appointments.book(company.id, cut, anna.id, at(10), "Kim")

    other, other_cut, _ = open_salon(studio, country=None)
    assert other.country is None
    assert studio.availability.slots(other.id, other_cut, *whole(MONDAY)).slots != ()


def test_an_unknown_country_or_subdivision_is_refused_in_one_line_and_nothing_changes(studio):
    company, _, _ = open_salon(studio)

    with pytest.raises(InvalidCompany, match="^country 'FR' has no public holiday calendar$"):
        studio.companies.update(company.id, country="FR", subdivision=None)
    with pytest.raises(InvalidCompany, match="^country DE has no subdivision 'ZZ'$"):
        studio.companies.update(company.id, subdivision="ZZ")

    kept = studio.companies.get(company.id)
    assert (kept.country, kept.subdivision) == ("DE", "BE")
    cleared = studio.companies.update(company.id, country="")
    assert (cleared.country, cleared.subdivision) == (None, None)
