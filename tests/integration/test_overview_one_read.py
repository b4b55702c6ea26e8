"""The admin availability overview reads everyone's next slot in one transaction (issue 18) and
still answers exactly what ``Availability.next_slot`` answers per person — for a few staff and
many (the SELECTs do not grow with the staff), for the seeded hair salon, with the company's
closed days and public holidays, for a company connected to Cal.com, and for random companies
(hypothesis). The clock is a FakeClock (Friday 2026-11-27 09:00 UTC unless a test moves it)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dependency_injector import providers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studiobook.domain.appointments.utilisation import utilisation
from tests.fakes import FakeClock
from tests.integration.appointment_support import MONDAY, WEEKDAYS, SelectCounter, at, open_salon
from tests.integration.test_calcom_availability import HERRENSCHNITT, PATIENT, FakeCalcomCalendars

FRIDAY = MONDAY - timedelta(days=3)


@pytest.fixture
def studio(container):
    container.clock.override(providers.Object(FakeClock()))
    return container


def per_person(studio, company_id, rows) -> dict:
    """The answers of the per-person path: one ``next_slot`` per row's person and service."""
    ask = studio.availability().next_slot
    return {
        row.staff.id: ask(company_id, row.event_type.id, staff_id=row.staff.id).slot
        if row.event_type is not None else None
        for row in rows
    }  # fmt: skip


def utilisations(studio, company_id, rows) -> dict:
    """Each row's utilisation from the person's appointments as the appointment list has them."""
    now = studio.clock().now()
    end = now + timedelta(days=7)
    return {
        row.staff.id: utilisation(
            row.staff.working_hours, row.staff.zone,
            studio.appointments().list(company_id, staff_id=row.staff.id, start=now, end=end),
            now, end,
        )
        for row in rows
    }  # fmt: skip


def overview(studio, company_id, **options) -> dict:
    """Next slot per staff id, after checking them and the utilisation against the per-person
    answers."""
    rows = studio.availability_overview().staff(company_id, **options)
    assert per_person(studio, company_id, rows) == {r.staff.id: r.next_slot for r in rows}
    assert utilisations(studio, company_id, rows) == {r.staff.id: r.utilisation for r in rows}
    return {r.staff.id: r.next_slot for r in rows}


def selects(studio, company_id) -> int:
    with SelectCounter(studio.store().engine) as counter:
        studio.availability_overview().staff(company_id)
    return counter.count


def test_the_selects_do_not_grow_with_the_staff_and_the_answers_are_the_per_person_ones(studio):
    few, many = open_salon(studio, staff=5, name="Few"), open_salon(studio, staff=50, name="Many")
    for salon in (few, many):  # the first two are booked on Friday from 10:00 (now) to 12:00
        for member in salon.staff[:2]:
            for hour, minute in ((10, 0), (10, 30), (11, 0), (11, 30)):
                studio.appointments().book(
                    salon.id, salon.cut.id, member.id, at(hour, minute, day=FRIDAY), "Lou", None
                )
    assert selects(studio, few.id) == selects(studio, many.id)
    for salon in (few, many):
        slots = overview(studio, salon.id)
        first, second, third = (slots[m.id] for m in salon.staff[:3])
        assert first.start == second.start == at(13, day=FRIDAY)  # after lunch
        assert third.start == at(10, day=FRIDAY)  # now


def test_closed_days_count_as_in_the_per_person_answers(studio):
    salon = open_salon(studio, staff=3)
    studio.companies().set_closure(salon.id, FRIDAY, is_open=False)
    slots = overview(studio, salon.id)
    assert {s.start for s in slots.values()} == {at(9)}  # Monday 09:00 Berlin, not today
    studio.companies().set_closure(salon.id, MONDAY, is_open=False)
    assert {s.start for s in overview(studio, salon.id).values()} == {at(9, day=MONDAY + timedelta(days=1))}


def test_public_holidays_count_as_in_the_per_person_answers(studio):
    salon = open_salon(studio, staff=2)
    studio.companies().update(salon.id, country="DE", subdivision="BE")
    christmas_eve = datetime(2026, 12, 24, 17, tzinfo=UTC)  # Thursday 18:00 Berlin, after hours
    studio.clock.override(providers.Object(FakeClock(christmas_eve)))
    # Friday the 25th and Saturday the 26th are holidays, Sunday is off: Monday the 28th.
    monday = date(2026, 12, 28)
    assert {s.start for s in overview(studio, salon.id).values()} == {at(9, day=monday)}


def test_seeded_hair_salon_gives_the_per_person_answers(studio):
    [seeded] = studio.seeder().seed(["hair"])
    for branch in [None, *studio.companies().branches(seeded.company_id)]:
        branch_id = branch.id if branch is not None else None
        slots = overview(studio, seeded.company_id, branch_id=branch_id)
        assert slots and all(s is None or s.start >= FakeClock().now() for s in slots.values())
    assert any(s is not None for s in overview(studio, seeded.company_id).values())


def test_a_company_connected_to_cal_com_gets_the_per_person_answers(studio):
    from studiobook.adapters.fakes.calcom import FakeCalcom

    with FakeCalcom() as fake:
        calendars = FakeCalcomCalendars(fake, **PATIENT)
        studio.company_calendars.override(providers.Object(calendars))
        company = studio.companies().create("Salon Haarmonie", "Europe/Berlin")
        cut = studio.event_types().add(
            company.id, "Herrenschnitt", 30, slot_interval_minutes=15, buffer_after_minutes=5,
            calcom_id=HERRENSCHNITT,
        )  # fmt: skip
        hours = {"weekly": {d: ["09:00-13:00", "13:30-17:30"] for d in WEEKDAYS}}
        lukas = studio.staffing().add(
            company.id, "Lukas Hoffmann", calcom_username="lukas-hoffmann", working_hours=hours
        )
        larry = studio.staffing().add(company.id, "Larry Lokal", working_hours=hours)
        for member in (lukas, larry):
            studio.assignments().assign(company.id, member.id, cut.id)
        calendars.connected.add(company.id)
        fake.block("lukas-hoffmann", at(10, day=FRIDAY), at(12))  # busy in Cal.com only
        slots = overview(studio, company.id)
        assert (slots[lukas.id].start, slots[larry.id].start) == (at(12), at(10, day=FRIDAY))
    assert calendars.open == 0


WEEKLY = (
    {d: ["09:00-12:00", "13:00-17:00"] for d in ("mon", "tue", "wed", "thu", "fri")},
    {d: ["08:00-16:00"] for d in ("mon", "wed", "fri", "sat")},
    {d: ["10:00-14:00", "14:30-19:00"] for d in ("tue", "thu", "sat", "sun")},
    {},  # never works: no next slot
)
ZONES = ("Europe/Berlin", "Europe/London", "America/New_York")


@st.composite
def companies(draw):
    services = draw(
        st.lists(
            st.fixed_dictionaries({
                "duration": st.sampled_from([15, 30, 45, 60]),
                "slot_interval_minutes": st.sampled_from([None, 15, 30]),
                "buffer_before_minutes": st.sampled_from([0, 5, 15]),
                "buffer_after_minutes": st.sampled_from([0, 10]),
                "minimum_notice_minutes": st.sampled_from([0, 60, 24 * 60]),
                "per_day": st.sampled_from([None, 1, 3]),
                "active": st.booleans(),
            }),
            min_size=1, max_size=3,
        )
    )  # fmt: skip
    staff = draw(
        st.lists(
            st.fixed_dictionaries({
                "hours": st.sampled_from(range(len(WEEKLY))),
                "zone": st.sampled_from(ZONES),
                "offers": st.lists(st.sampled_from(range(len(services))), unique=True, max_size=3),
                "primary": st.booleans(),
                "custom": st.sampled_from([None, 20, 90]),
                "bookings": st.integers(0, 12),
            }),
            min_size=1, max_size=4,
        )
    )  # fmt: skip
    closed = draw(st.lists(st.integers(0, 9), unique=True, max_size=3))  # days from today
    return services, staff, closed, draw(st.randoms(use_true_random=False))


@settings(  # 15 companies per engine: each builds a studio and asks every person twice
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(drawn=companies())
def test_random_companies_give_the_per_person_answers(studio, drawn):
    services, staff, closed, rng = drawn
    company = studio.companies().create("Random", "Europe/Berlin")
    types = [
        studio.event_types().add(
            company.id, f"Service {i}", s["duration"],
            slot_interval_minutes=s["slot_interval_minutes"],
            buffer_before_minutes=s["buffer_before_minutes"],
            buffer_after_minutes=s["buffer_after_minutes"],
            minimum_notice_minutes=s["minimum_notice_minutes"],
            booking_limits={"per_day": s["per_day"]} if s["per_day"] else {},
            active=s["active"],
        )
        for i, s in enumerate(services)
    ]  # fmt: skip
    now = FakeClock().now()
    for i, wish in enumerate(staff):
        member = studio.staffing().add(
            company.id, f"Person {i}", time_zone=wish["zone"],
            working_hours={"weekly": WEEKLY[wish["hours"]]},
        )  # fmt: skip
        for n, k in enumerate(wish["offers"]):
            studio.assignments().assign(
                company.id, member.id, types[k].id, is_primary=wish["primary"] and n == 1,
                custom_duration=wish["custom"] if n == 0 else None,
            )  # fmt: skip
        offered = [types[k] for k in wish["offers"] if types[k].active]
        for _ in range(wish["bookings"] if offered else 0):  # fill their coming days
            service = rng.choice(offered)
            answer = studio.availability().slots(
                company.id, service.id, now, now + timedelta(days=4), staff_id=member.id
            )
            if not answer.slots:
                break
            start = rng.choice(answer.slots[: 8]).start
            studio.appointments().book(company.id, service.id, member.id, start, "Kim", None)
    zone = ZoneInfo(company.time_zone)
    for days in closed:
        studio.companies().set_closure(
            company.id, now.astimezone(zone).date() + timedelta(days=days), is_open=False
        )
    overview(studio, company.id)
