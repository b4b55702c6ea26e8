"""``DemoSeeder``: the demo industries of :mod:`studiobook.application.admin.demo_data`, through the use-cases.

Idempotent and resumable: a demo company is found by its name, its branches and staff by name,
its services by slug, its assignments by pair, and courses by title; only what is missing is
created. Appointments are booked only while the company has none, on free slots that the
availability use-case offers in the coming days (relative to the clock), so a second run
creates nothing and an interrupted run is completed by the next one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from studiobook.application.admin.demo_data import (
    APPOINTMENT_DAYS,
    CUSTOMERS,
    INDUSTRIES,
    DemoCourse,
    Industry,
)
from studiobook.application.appointments.appointments import Appointments, Availability
from studiobook.application.appointments.assignments import Assignments
from studiobook.application.appointments.companies import Companies, Staffing
from studiobook.application.appointments.event_types import EventTypes
from studiobook.application.courses.bookings import Bookings
from studiobook.application.courses.courses import Courses
from studiobook.application.shared.ports import Clock
from studiobook.domain.appointments import Assignment, slugify
from studiobook.domain.appointments.values import Id
from studiobook.domain.courses.waitlist import WaitlistEntry
from studiobook.domain.shared.ids import saved_id

Progress = Callable[[int, int], None]
"""``progress(done, total)`` after each step (a step is skipped or done)."""
Tick = Callable[[], None]
CREATED_KINDS = (
    "branches", "event_types", "staff", "appointments", "courses", "bookings", "waitlist"
)


@dataclass
class SeedResult:
    """What one industry's seeding created (empty lists: it was there already)."""

    industry: str
    company: str
    company_id: Id | None = None
    branches: list[Id] = field(default_factory=list)
    event_types: list[Id] = field(default_factory=list)
    staff: list[Id] = field(default_factory=list)
    assignments: int = 0
    appointments: list[Id] = field(default_factory=list)
    courses: list[Id] = field(default_factory=list)
    bookings: list[Id] = field(default_factory=list)
    waitlist: list[Id] = field(default_factory=list)
    company_created: bool = False

    def created(self) -> dict[str, list[Id]]:
        """The ids created, by kind (assignments have none: see :attr:`assignments`)."""
        return {kind: getattr(self, kind) for kind in CREATED_KINDS}

    def counts(self) -> dict[str, int]:
        sizes = {kind: len(ids) for kind, ids in self.created().items()}
        return {"assignments": self.assignments} | sizes

    @property
    def created_anything(self) -> bool:
        return self.company_created or any(self.counts().values())


def steps(industry: Industry) -> int:
    """How many progress steps seeding ``industry`` takes."""
    i = industry  # the company, each branch, service and staff member, the assignments, ...
    parts = (i.branches, i.services, i.staff, i.appointments, i.courses)
    return 2 + sum(len(part) for part in parts)


@dataclass
class DemoSeeder:
    companies: Companies
    staffing: Staffing
    event_types: EventTypes
    assignments: Assignments
    availability: Availability
    appointments: Appointments
    courses: Courses
    bookings: Bookings
    clock: Clock

    def seed(self, keys: Iterable[str] = tuple(INDUSTRIES), progress: Progress | None = None
             ) -> list[SeedResult]:
        """Seed the industries named (``hair``, ``doctor``, ``fitness``) in that order."""
        chosen = [INDUSTRIES[key] for key in keys]
        total, done = sum(steps(i) for i in chosen), 0

        def tick() -> None:
            nonlocal done
            done += 1
            if progress is not None:
                progress(done, total)

        return [self._seed(industry, tick) for industry in chosen]

    def _seed(self, industry: Industry, tick: Tick) -> SeedResult:
        result = SeedResult(industry.key, industry.company)
        company_id = result.company_id = self._company(industry, result)
        tick()
        branches = self._branches(company_id, industry, result, tick)
        services = self._services(company_id, industry, result, tick)
        staff = self._staff(company_id, industry, branches, result, tick)
        result.assignments = self._assign(company_id, industry, staff, services)
        tick()
        self._book_appointments(company_id, industry, services, result, tick)
        for course in industry.courses:
            self._course(company_id, course, industry, result)
            tick()
        return result

    # -- the company and what it owns ------------------------------------------------------
    def _company(self, industry: Industry, result: SeedResult) -> Id:
        for company in self.companies.list():
            if company.name == industry.company:
                return saved_id(company)
        default = next(s for s in industry.services if s.name == industry.default_service)
        company = self.companies.create(industry.company, industry.time_zone, default.fields())
        result.company_created = True
        if company.default_event_type_id is not None:  # the default service, just created
            result.event_types.append(company.default_event_type_id)
        return saved_id(company)

    def _branches(self, company_id: Id, industry: Industry, result: SeedResult, tick: Tick
                  ) -> dict[str, Id]:
        ids = {b.name: saved_id(b) for b in self.companies.branches(company_id)}
        for name in industry.branches:
            if name not in ids:
                ids[name] = saved_id(self.companies.add_branch(company_id, name))
                result.branches.append(ids[name])
            tick()
        return ids

    def _services(self, company_id: Id, industry: Industry, result: SeedResult, tick: Tick
                  ) -> dict[str, Id]:
        """Service name -> event type id (found by slug, as the company keeps them)."""
        ids = {t.slug: saved_id(t) for t in self.event_types.list(company_id)}
        for service in industry.services:
            slug = slugify(service.name)
            if slug not in ids:
                ids[slug] = saved_id(self.event_types.add(company_id, **service.fields()))
                result.event_types.append(ids[slug])
            tick()
        return {s.name: ids[slugify(s.name)] for s in industry.services}

    def _staff(self, company_id: Id, industry: Industry, branches: dict[str, Id],
               result: SeedResult, tick: Tick) -> dict[str, Id]:
        ids = {m.name: saved_id(m) for m in self.staffing.list(company_id)}
        for person in industry.staff:
            if person.name not in ids:
                added = self.staffing.add(
                    company_id,
                    person.name,
                    branch_id=branches[person.branch],
                    time_zone=person.time_zone,
                    calcom_username=person.calcom_username,
                    working_hours={"weekly": dict(person.hours)},
                )
                ids[person.name] = saved_id(added)
                result.staff.append(ids[person.name])
            tick()
        return {p.name: ids[p.name] for p in industry.staff}

    def _assign(self, company_id: Id, industry: Industry, staff: dict[str, Id],
                services: dict[str, Id]) -> int:
        """The pairs not offered yet, in one bulk assignment; existing ones keep their options."""
        present = {(a.staff_id, a.event_type_id) for a in self.assignments.list(company_id)}
        missing = [
            Assignment(
                staff_id=staff[person.name],
                event_type_id=services[name],
                is_primary=name in person.primary,
                custom_duration=person.custom.get(name, (None, None))[0],
                custom_price=person.custom.get(name, (None, None))[1],
            )
            for person in industry.staff
            for name in person.offers
            if (staff[person.name], services[name]) not in present
        ]
        return self.assignments.assign_many(company_id, missing).assigned if missing else 0

    # -- bookings --------------------------------------------------------------------------
    def _book_appointments(
        self, company_id: Id, industry: Industry, services: dict[str, Id], result: SeedResult,
        tick: Tick,
    ) -> None:
        """Only into an empty calendar (else an earlier run, or people, booked already)."""
        booked_before = bool(self.appointments.list(company_id))
        for number, name in enumerate(industry.appointments):
            if not booked_before:
                found = self._book_one(company_id, services[name], number, industry)
                result.appointments.extend(found)
            tick()

    def _book_one(self, company_id: Id, event_type_id: Id, number: int, industry: Industry
                  ) -> list[Id]:
        """The ``number``-th appointment, on a free slot of the coming days; the picks are
        spread over the slots offered so the calendar fills across the week."""
        now = self.clock.now()
        end = now + timedelta(days=APPOINTMENT_DAYS)
        slots = self.availability.slots(company_id, event_type_id, now, end).slots
        if not slots:
            return []
        slot = slots[len(slots) * (number + 1) // (len(industry.appointments) + 1)]
        name, email = CUSTOMERS[number % len(CUSTOMERS)]
        staff_id = slot.staff_ids[number % len(slot.staff_ids)]
        booked = self.appointments.book(
            company_id, event_type_id, staff_id, slot.start, name, email
        )
        return [saved_id(booked)]

    def _course(
        self, company_id: Id, course: DemoCourse, industry: Industry, result: SeedResult
    ) -> None:
        """The course at its local time, its bookings, then its waitlist (it is full by then)."""
        studio = int(company_id)  # a stored company: the store's integer id
        if any(c.title == course.title for c in self.courses.list(studio)):
            return
        zone = ZoneInfo(industry.time_zone)
        day = self.clock.now().astimezone(zone).date() + timedelta(days=course.in_days)
        starts = datetime.combine(day, time.fromisoformat(course.at), tzinfo=zone)
        created = self.courses.create(
            course.title, course.capacity, starts, starts + timedelta(minutes=course.minutes),
            company_id=studio,
        )
        course_id = saved_id(created)
        result.courses.append(course_id)
        wishes = [(t, False) for t in course.tickets] + [(t, True) for t in course.waitlist]
        for (tickets, waitlist), (name, email) in zip(wishes, CUSTOMERS, strict=False):
            made = self.bookings.book(course_id, name, email, tickets, waitlist=waitlist)
            if isinstance(made, WaitlistEntry):
                result.waitlist.append(saved_id(made))
            else:
                result.bookings.append(saved_id(made))
