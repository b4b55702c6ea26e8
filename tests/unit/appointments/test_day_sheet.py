"""DaySheets and local_start on the fakes: the calendar's days are the company's local days, its
rows the company's wall-clock hours, also on the days the clocks change.

The changes used are the first ones after the injected clock's date, found by looking at the
zone, so no date here is a literal.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from studiobook.application.appointments.day_sheet import DaySheets, InvalidLocalTime, local_start
from studiobook.application.appointments.tenancy import BranchNotFound
from studiobook.application.shared.transactions import Transactions
from tests.fakes import RecordingPublisher, appointment_use_cases

BERLIN = ZoneInfo("Europe/Berlin")
ALL_DAY = {"weekly": {d: ["00:00-24:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}}


def next_change(after: date, forward: bool) -> date:
    """The first day after ``after`` on which Berlin's clocks jump forward (or back)."""
    day = after + timedelta(days=1)
    while True:
        early = datetime.combine(day, time(0), BERLIN).utcoffset()
        late = datetime.combine(day, time(23), BERLIN).utcoffset()
        if early != late and (late > early) == forward:
            return day
        day += timedelta(days=1)


@pytest.fixture
def studio():
    studio = appointment_use_cases()
    company = studio.companies.create("Salon")
    cut = studio.event_types.add(company.id, "Cut", 30)
    studio.company, studio.cut = company, cut
    transactions = Transactions(studio.store.unit_of_work, RecordingPublisher(), sleep=lambda _: None)
    studio.sheets = DaySheets(transactions, studio.clock)
    return studio


def member(studio, name: str, **options):
    added = studio.staffing.add(studio.company.id, name, working_hours=ALL_DAY, **options)
    studio.assignments.assign(studio.company.id, added.id, studio.cut.id)
    return added


def book(studio, who, start: datetime, customer: str):
    return studio.appointments.book(studio.company.id, studio.cut.id, who.id, start, customer)


def test_a_skipped_time_is_refused_and_a_repeated_one_is_its_first_occurrence(studio):
    spring = next_change(studio.clock.now().date(), forward=True)
    autumn = next_change(studio.clock.now().date(), forward=False)
    with pytest.raises(InvalidLocalTime, match=rf"02:30 on {spring} does not exist in Europe/Berlin"):
        local_start("Europe/Berlin", spring, time(2, 30))
    repeated = local_start("Europe/Berlin", autumn, time(2, 30))
    assert repeated.utcoffset() == timedelta(hours=2)  # summer time, the first 02:30
    assert local_start("Europe/Berlin", autumn, time(10)).astimezone(UTC).hour == 9


def test_the_week_is_the_companys_local_days_across_the_autumn_change(studio):
    autumn = next_change(studio.clock.now().date(), forward=False)  # a Sunday
    anna = member(studio, "Anna")
    first = book(studio, anna, datetime.combine(autumn, time(2, 30), BERLIN), "Erste")  # CEST
    second_half = datetime.combine(autumn, time(2, 30), BERLIN).replace(fold=1)  # CET
    again = book(studio, anna, second_half, "Zweite")
    late = book(studio, anna, datetime.combine(autumn, time(23, 30), BERLIN), "Spät")
    monday_after = autumn + timedelta(days=1)
    book(studio, anna, datetime.combine(monday_after, time(0, 30), BERLIN), "Nächste Woche")

    sheet = studio.sheets.week(studio.company.id, autumn)

    assert sheet.days[0] == autumn - timedelta(days=6) and sheet.days[-1] == autumn
    assert sheet.days[0].weekday() == 0
    assert [a.customer_name for a in sheet.at(anna.id, autumn, 2)] == ["Erste", "Zweite"]
    assert again.start - first.start == timedelta(hours=1)
    assert [a.customer_name for a in sheet.at(anna.id, autumn, 23)] == ["Spät"]
    # 00:30 on Monday is 23:30 UTC on Sunday: the next local week, not this one.
    assert "Nächste Woche" not in [a.customer_name for a in sheet.appointments]
    assert late.id in [a.id for a in sheet.appointments]
    assert sheet.hours() == range(0, 24)  # Anna works all day


def test_today_is_the_clocks_day_in_the_company_zone(studio):
    studio.clock.current = datetime.combine(studio.clock.now().date(), time(23, 30), UTC)
    sheet = studio.sheets.day(studio.company.id)
    local_today = studio.clock.now().astimezone(BERLIN).date()
    assert sheet.today == local_today == sheet.days[0]
    assert local_today != studio.clock.now().date()


def test_one_branch_shows_its_staff_and_an_inactive_one_only_with_appointments(studio):
    company = studio.company.id
    mitte = studio.companies.add_branch(company, "Mitte")
    member(studio, "Anna", branch_id=mitte.id)
    bert = member(studio, "Bert")
    cleo, dora = member(studio, "Cleo", branch_id=mitte.id), member(studio, "Dora", branch_id=mitte.id)
    day = studio.clock.now().astimezone(BERLIN).date() + timedelta(days=3)
    book(studio, bert, datetime.combine(day, time(10), BERLIN), "Bei Bert")
    book(studio, cleo, datetime.combine(day, time(11), BERLIN), "Bei Cleo")
    studio.staffing.update(company, cleo.id, active=False)
    studio.staffing.update(company, dora.id, active=False)

    sheet = studio.sheets.day(company, day, branch_id=mitte.id)

    assert [m.name for m in sheet.staff] == ["Anna", "Cleo"]
    assert [m.name for m in sheet.bookable_staff] == ["Anna"]
    assert [a.customer_name for a in sheet.appointments] == ["Bei Cleo"]
    everyone = studio.sheets.day(company, day)
    assert [m.name for m in everyone.staff] == ["Anna", "Bert", "Cleo"]
    with pytest.raises(BranchNotFound):
        studio.sheets.day(company, day, branch_id=mitte.id + 100)


def test_working_hours_shade_by_the_staff_members_own_zone(studio):
    day = studio.clock.now().astimezone(BERLIN).date() + timedelta(days=3)
    hours = {"weekly": {day.strftime("%a").lower(): ["09:00-12:00"]}}
    london = studio.staffing.add(studio.company.id, "Lon", time_zone="Europe/London",
                                 working_hours=hours)
    sheet = studio.sheets.day(studio.company.id, day)
    # 09:00-12:00 in London is 10:00-13:00 in Berlin (the same offset difference all year).
    assert [h for h in sheet.hours() if sheet.working(london, day, h)] == [10, 11, 12]
