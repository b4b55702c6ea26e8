"""``DemoSeeder`` on SQLite and PostgreSQL with the clock frozen at Friday 2026-11-27 09:00 UTC:
exact counts per industry, hours and assignments, default event types, availability,
non-overlapping appointments in the coming days, courses with bookings and a waitlist, and
idempotence (a second run creates nothing; an interrupted run is completed by the next one).

The read-only checks share one seeded database per engine (seeding takes a second or two)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from dependency_injector import providers

from studiobook.application.admin.demo_data import APPOINTMENT_DAYS, INDUSTRIES
from studiobook.application.admin.seeding import SeedResult, steps
from studiobook.application.container import build_container
from studiobook.application.settings import Settings
from tests.databases import engines, fresh_database
from tests.fakes import FakeClock

NOW = FakeClock().now()
BERLIN = ZoneInfo("Europe/Berlin")
EXPECTED = {"hair": (10, 5, 3), "doctor": (8, 4, 2), "fitness": (10, 5, 3)}


@dataclass
class Seeded:
    container: object
    results: dict[str, SeedResult]

    def company_id(self, key: str):
        return self.results[key].company_id


def frozen(container):
    container.clock.override(providers.Object(FakeClock()))
    return container


@pytest.fixture(scope="module", params=engines())
def seeded(request, tmp_path_factory):
    with fresh_database(request.param, tmp_path_factory.mktemp("seed")) as url:
        container = build_container(Settings(database_url=url, load_entry_points=False))
        container.store().ensure_schema()
        results = frozen(container).seeder().seed()
        yield Seeded(container, {r.industry: r for r in results})
        container.store().dispose()


def snapshot(container) -> dict[str, int]:
    """How many of everything the database holds, read through the use-cases."""
    c, totals = container, defaultdict(int)
    for company in c.companies().list():
        totals["companies"] += 1
        totals["branches"] += len(c.companies().branches(company.id))
        totals["event_types"] += len(c.event_types().list(company.id))
        totals["staff"] += len(c.staffing().list(company.id))
        totals["assignments"] += len(c.assignments().list(company.id))
        totals["appointments"] += len(c.appointments().list(company.id))
    for course in c.courses().list():
        totals["courses"] += 1
        totals["bookings"] += len(c.bookings().list(course.id))
        totals["waitlist"] += len(c.bookings().waitlist(course.id))
    return dict(totals)


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_each_industry_has_exactly_its_services_staff_and_branches(seeded, key):
    c, company_id, industry = seeded.container, seeded.company_id(key), INDUSTRIES[key]
    services, staff = c.event_types().list(company_id), c.staffing().list(company_id)
    branches = c.companies().branches(company_id)
    assert (len(services), len(staff), len(branches)) == EXPECTED[key]
    assert {t.name for t in services} == {s.name for s in industry.services}
    assert {b.name for b in branches} == set(industry.branches)
    assert c.companies().get(company_id).time_zone == "Europe/Berlin"
    assert all(isinstance(t.price, Decimal) for t in services)
    assert any(t.buffer_after_minutes or t.buffer_before_minutes for t in services)
    assert all(m.branch_id in {b.id for b in branches} for m in staff)


def test_one_staff_member_works_in_another_zone(seeded):
    zones = {
        m.name: m.time_zone
        for key in EXPECTED
        for m in seeded.container.staffing().list(seeded.company_id(key))
    }
    assert {z for z in zones.values() if z != "Europe/Berlin"} == {"Europe/London"}


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_every_staff_member_has_hours_and_offers_services(seeded, key):
    matrix = seeded.container.assignments().matrix(seeded.company_id(key))
    offered = []
    for member, cells in matrix.rows():
        days = [ranges for ranges in member.working_hours.weekly if ranges]
        assert days, member.name
        assert any(len(ranges) >= 2 for ranges in days), f"{member.name} has no break"
        assert any(cells), member.name
        offered += [cell for cell in cells if cell is not None]
    assert any(a.is_primary for a in offered)
    assert any(a.custom_duration or a.custom_price for a in offered)
    if key != "doctor":
        assert any(m.working_hours.weekly[5] for m in matrix.staff), "nobody works Saturdays"


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_each_company_has_its_default_event_type_as_fallback(seeded, key):
    c, company_id = seeded.container, seeded.company_id(key)
    default_id = c.companies().get(company_id).default_event_type_id
    assert c.event_types().get(company_id, default_id).name == INDUSTRIES[key].default_service
    answer = c.availability().slots(company_id, 987654, NOW, NOW + timedelta(days=7))
    assert answer.fallback_used and answer.event_type_id == default_id
    assert answer.slots


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_availability_for_every_service_returns_slots_of_assigned_staff(seeded, key):
    c, company_id = seeded.container, seeded.company_id(key)
    matrix = c.assignments().matrix(company_id)
    for service in matrix.event_types:
        answer = c.availability().slots(company_id, service.id, NOW, NOW + timedelta(days=7))
        assert not answer.fallback_used and answer.slots, service.name
        free = {staff_id for slot in answer.slots for staff_id in slot.staff_ids}
        assert all(matrix.offers(staff_id, service.id) for staff_id in free), service.name


def test_hours_of_the_member_in_london_are_her_own_clock(seeded):
    c, company_id = seeded.container, seeded.company_id("fitness")
    emily = next(m for m in c.staffing().list(company_id) if m.time_zone == "Europe/London")
    service = next(t for t in c.event_types().list(company_id) if t.name == "Ernährungsberatung")
    slots = c.availability().slots(
        company_id, service.id, NOW, NOW + timedelta(days=7), staff_id=emily.id
    ).slots
    local = sorted(s.start.astimezone(BERLIN).strftime("%H:%M") for s in slots)
    assert local[0] == "09:00" and local[-1] == "16:00"  # 08:00 and 15:00 in London


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_appointments_are_booked_in_the_coming_days_without_overlap(seeded, key):
    c, company_id = seeded.container, seeded.company_id(key)
    booked = c.appointments().list(company_id)
    assert len(booked) == len(INDUSTRIES[key].appointments) == len(seeded.results[key].appointments)
    names = {t.id: t.name for t in c.event_types().list(company_id)}
    assert sorted(names[a.event_type_id] for a in booked) == sorted(INDUSTRIES[key].appointments)
    by_staff = defaultdict(list)
    for appointment in booked:
        assert NOW <= appointment.start < NOW + timedelta(days=APPOINTMENT_DAYS)
        by_staff[appointment.staff_id].append(appointment)
    for appointments in by_staff.values():
        appointments.sort(key=lambda a: a.start)
        assert all(a.end <= b.start for a, b in zip(appointments, appointments[1:], strict=False))
    assert len({a.start.date() for a in booked}) >= 3  # spread over the week


def test_courses_have_bookings_some_full_and_one_waitlist(seeded):
    c = seeded.container
    courses = {course.title: course for course in c.courses().list()}
    waiting = {}
    for key, industry in INDUSTRIES.items():
        assert len(seeded.results[key].courses) == len(industry.courses)
        for wanted in industry.courses:
            course = courses[wanted.title]
            assert course.capacity == wanted.capacity
            assert course.booked == sum(wanted.tickets)
            assert len(c.bookings().list(course.id)) == len(wanted.tickets)
            local = course.starts_at.astimezone(BERLIN)
            assert local.strftime("%H:%M") == wanted.at
            assert local.date() == NOW.astimezone(BERLIN).date() + timedelta(wanted.in_days)
            waiting[wanted.title] = len(c.bookings().waitlist(course.id))
    full = [title for title, course in courses.items() if course.free_spots == 0]
    assert len(full) >= 3
    assert {title: n for title, n in waiting.items() if n} == {"WOD 18:00": 2}


def test_seeding_twice_creates_nothing_new(container):
    seeder, ticks = frozen(container).seeder(), []
    first = seeder.seed(progress=lambda done, total: ticks.append((done, total)))
    total = sum(steps(i) for i in INDUSTRIES.values())
    assert ticks == [(n, total) for n in range(1, total + 1)]
    before = snapshot(container)
    demo = INDUSTRIES.values()
    assert before == {
        "companies": 3, "branches": 8, "event_types": 28, "staff": 14,
        "assignments": sum(len(p.offers) for i in demo for p in i.staff), "appointments": 20,
        "courses": 7, "bookings": sum(len(k.tickets) for i in demo for k in i.courses),
        "waitlist": 2,
    }
    assert sum(r.assignments for r in first) == before["assignments"]
    again = seeder.seed()
    assert [r.created_anything for r in again] == [False, False, False]
    assert [r.company_id for r in again] == [r.company_id for r in first]
    assert snapshot(container) == before


class Interrupted(Exception):
    pass


def test_an_interrupted_seed_is_completed_by_the_next_run(container):
    seeder = frozen(container).seeder()

    def stop_in_the_services(done: int, total: int) -> None:
        if done == 9:
            raise Interrupted

    with pytest.raises(Interrupted):
        seeder.seed(["hair"], progress=stop_in_the_services)
    partial = snapshot(container)
    assert partial["companies"] == 1 and 0 < partial["event_types"] < 10
    [resumed] = seeder.seed(["hair"])
    assert not resumed.company_created and resumed.created_anything
    assert len(resumed.event_types) == 10 - partial["event_types"]
    after = snapshot(container)
    assert (after["event_types"], after["staff"], after["branches"]) == EXPECTED["hair"]
    assert after["appointments"] == len(INDUSTRIES["hair"].appointments)
    assert [r.created_anything for r in seeder.seed(["hair"])] == [False]
