"""Use-cases that set a company up: the company and its branches, staff and their hours.

Every use-case takes the company first (see ``studiobook.application.appointments.tenancy``); every change that can alter
an availability answer bumps the company's availability generation in the same transaction (see
``studiobook.application.appointments.appointments``). Every change writes an audit row in that transaction too: entity
"company", "branch" or "staff"; hours changes carry the whole working hours before and after.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, cast

from studiobook.application.appointments.event_types import add_event_type
from studiobook.application.appointments.holidays import (
    HolidayCalendar,
    NoHolidays,
    company_closures,
    public_holidays,
)
from studiobook.application.appointments.ports import AppointmentsUnitOfWork
from studiobook.application.appointments.tenancy import (
    availability_changed,
    branch_of,
    company_of,
    event_type_of,
    staff_availability_changed,
    staff_of,
)
from studiobook.application.shared.transactions import Events, Transactions
from studiobook.domain.appointments import Branch, Company, Staff, Weekday, WorkingHours
from studiobook.domain.appointments.company import slug_of
from studiobook.domain.appointments.errors import InvalidCompany, InvalidStaff
from studiobook.domain.appointments.values import Id
from studiobook.domain.shared.ids import saved_id

DEFAULT_TIME_ZONE = "Europe/Berlin"
# What an operator may change after creation (ids and the owning company never move).
COMPANY_CHANGES = frozenset(
    {"name", "time_zone", "default_event_type_id", "country", "subdivision", "closed_on_holidays"}
)
STAFF_CHANGES = frozenset({"name", "branch_id", "time_zone", "calcom_username", "email", "active"})


def free_slug(uow: AppointmentsUnitOfWork, name: str) -> str:
    """The slug of ``name``, numbered (``salon-anna-2``) when another company has it."""
    base = slug_of(name)
    slug, number = base, 1
    while uow.companies.get_by_slug(slug) is not None:
        number += 1
        slug = f"{base}-{number}"
    return slug


@dataclass(frozen=True)
class ClosureDay:
    """One date of a company's holiday list: the public holiday there (``None``: none), the
    company's word on it (``True`` open anyway, ``False`` closed, ``None`` none) and, when it is
    closed, why."""

    day: date
    holiday: str | None
    override: bool | None
    closed: str | None


def _day(value: date | str, company_id: Id) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidCompany(
            f"company {company_id}: {value!r} is not a date like 2027-12-25"
        ) from None


def _region(company: Company) -> str:
    return "-".join(code for code in (company.country, company.subdivision) if code)


@dataclass
class Companies:
    transactions: Transactions
    holidays: HolidayCalendar = field(default_factory=NoHolidays)

    def create(
        self,
        name: str,
        time_zone: str = DEFAULT_TIME_ZONE,
        default_event_type: Mapping[str, Any] | None = None,
    ) -> Company:
        """A new company; ``default_event_type`` (the fields of :meth:`EventTypes.add`) creates
        its default service in the same transaction."""
        company = Company(name=name, time_zone=time_zone)

        def work(uow: AppointmentsUnitOfWork, events: Events) -> Company:
            created = uow.companies.add(replace(company, slug=free_slug(uow, company.name)))
            if default_event_type is not None:
                service = add_event_type(uow, saved_id(created), dict(default_event_type))
                created = replace(created, default_event_type_id=service.id)
                uow.companies.save(created)
            uow.audit.record("company", created.id, "create", after=created, company_id=created.id)
            return created

        return self.transactions.write(work)

    def get(self, company_id: Id) -> Company:
        return self.transactions.read(lambda uow: company_of(uow, company_id))

    def update(self, company_id: Id, **changes: Any) -> Company:
        """Change any of name, time_zone, default_event_type_id (``None``: no default), country
        and subdivision (checked with the holiday calendar; no country: no holidays, and its
        subdivision goes too), closed_on_holidays. The slug stays (it is in public addresses);
        the Cal.com connection has its own use-case."""
        unknown = set(changes) - COMPANY_CHANGES
        if unknown:
            raise InvalidCompany(
                f"company {company_id}: {', '.join(sorted(unknown))} cannot be changed here; "
                f"change {', '.join(sorted(COMPANY_CHANGES))}"
            )

        def work(uow: AppointmentsUnitOfWork, events: Events) -> Company:
            company = company_of(uow, company_id, for_update=True)
            if changes.get("default_event_type_id") is not None:
                event_type_of(uow, company_id, changes["default_event_type_id"])
            wanted = dict(changes)
            if "country" in wanted and not wanted["country"] and "subdivision" not in wanted:
                wanted["subdivision"] = None
            changed = replace(company, **wanted)
            if changed.country is not None and ({"country", "subdivision"} & set(changes)):
                country, subdivision = self.holidays.region(changed.country, changed.subdivision)
                changed = replace(changed, country=country, subdivision=subdivision)
            changes.update({k: v for k, v in wanted.items() if k not in changes})
            before = {name: getattr(company, name) for name in changes}
            after = {name: getattr(changed, name) for name in changes}
            if before == after:
                return company
            uow.companies.save(changed)
            availability_changed(uow, company_id)  # the zone and the default shape answers
            uow.audit.record(
                "company", company_id, "update", before=before, after=after, company_id=company_id
            )
            return changed

        return self.transactions.write(work)

    def list(self) -> list[Company]:
        return self.transactions.read(lambda uow: uow.companies.list())

    def holiday_list(self, company_id: Id, first: date, last: date) -> builtins.list[ClosureDay]:
        """The public holidays and the company's word per date in ``[first, last]``, by date."""

        def work(uow: AppointmentsUnitOfWork) -> list[ClosureDay]:
            company = company_of(uow, company_id)
            found = public_holidays(self.holidays, company, first, last)
            overrides = uow.companies.closure_overrides(company_id, first, last)
            closed = company_closures(uow, self.holidays, company, first, last)
            return [
                ClosureDay(day, found.get(day), overrides.get(day), closed.get(day))
                for day in sorted(set(found) | set(overrides))
            ]

        return self.transactions.read(work)

    def set_closure(self, company_id: Id, day: date | str, is_open: bool) -> ClosureDay:
        """Open on a public holiday anyway (``is_open``; refused on a date that is none), or
        closed on ``day`` (any date)."""
        when = _day(day, company_id)

        def work(uow: AppointmentsUnitOfWork, events: Events) -> ClosureDay:
            company = company_of(uow, company_id, for_update=True)
            holiday = public_holidays(self.holidays, company, when, when).get(when)
            if is_open and holiday is None:
                where = _region(company)
                raise InvalidCompany(
                    f"company {company_id}: {when} is no public holiday"
                    + (f" in {where}" if where else " (the company has no country)")
                    + "; it is open anyway unless closed"
                )
            before = uow.companies.closure_overrides(company_id, when, when).get(when)
            uow.companies.set_closure_override(company_id, when, is_open)
            availability_changed(uow, company_id)
            uow.audit.record(
                "company", company_id, "open_on" if is_open else "close_on",
                before={"day": when, "open": before}, after={"day": when, "open": is_open},
                company_id=company_id,
            )  # fmt: skip
            closed = company_closures(uow, self.holidays, company, when, when).get(when)
            return ClosureDay(when, holiday, is_open, closed)

        return self.transactions.write(work)

    def clear_closure(self, company_id: Id, day: date | str) -> ClosureDay:
        """Back to the calendar on ``day``: closed if it is a public holiday (and the company
        closes on them), open otherwise."""
        when = _day(day, company_id)

        def work(uow: AppointmentsUnitOfWork, events: Events) -> ClosureDay:
            company = company_of(uow, company_id, for_update=True)
            before = uow.companies.closure_overrides(company_id, when, when).get(when)
            if not uow.companies.clear_closure_override(company_id, when):
                raise InvalidCompany(f"company {company_id}: nothing is said about {when}")
            availability_changed(uow, company_id)
            uow.audit.record(
                "company", company_id, "clear_closure",
                before={"day": when, "open": before}, after={"day": when, "open": None},
                company_id=company_id,
            )  # fmt: skip
            holiday = public_holidays(self.holidays, company, when, when).get(when)
            closed = company_closures(uow, self.holidays, company, when, when).get(when)
            return ClosureDay(when, holiday, None, closed)

        return self.transactions.write(work)

    def add_branch(self, company_id: Id, name: str, time_zone: str | None = None) -> Branch:
        branch = Branch(company_id=company_id, name=name, time_zone=time_zone)

        def work(uow: AppointmentsUnitOfWork, events: Events) -> Branch:
            company_of(uow, company_id)
            added = uow.branches.add(branch)
            uow.audit.record("branch", added.id, "create", after=added, company_id=company_id)
            return added

        return self.transactions.write(work)

    def branches(self, company_id: Id) -> builtins.list[Branch]:
        def work(uow: AppointmentsUnitOfWork) -> list[Branch]:
            company_of(uow, company_id)
            return uow.branches.list(company_id)

        return self.transactions.read(work)


@dataclass
class Staffing:
    """Staff members and their working hours (wall-clock times in the member's own zone)."""

    transactions: Transactions

    def add(
        self,
        company_id: Id,
        name: str,
        *,
        branch_id: Id | None = None,
        time_zone: str | None = None,
        calcom_username: str | None = None,
        working_hours: WorkingHours | Mapping[str, Any] | None = None,
        active: bool = True,
        email: str | None = None,
    ) -> Staff:
        """``time_zone`` defaults to the branch's, else the company's; no working hours means
        no slots until :meth:`set_hours` gives some."""

        def work(uow: AppointmentsUnitOfWork, events: Events) -> Staff:
            company = company_of(uow, company_id)
            branch = branch_of(uow, company_id, branch_id) if branch_id is not None else None
            zone = time_zone or (branch and branch.time_zone) or company.time_zone
            member = Staff(
                company_id=company_id,
                name=name,
                time_zone=zone,
                # Staff reads a mapping as WorkingHours (and refuses anything else).
                working_hours=WorkingHours()
                if working_hours is None
                else cast(WorkingHours, working_hours),
                branch_id=branch_id,
                calcom_username=calcom_username,
                active=active,
                email=email,
            )
            added = uow.staff.add(member)
            staff_availability_changed(uow, company_id, [saved_id(added)])
            uow.audit.record("staff", added.id, "create", after=added, company_id=company_id)
            return added

        return self.transactions.write(work)

    def get(self, company_id: Id, staff_id: Id) -> Staff:
        return self.transactions.read(lambda uow: staff_of(uow, company_id, staff_id))

    def list(
        self, company_id: Id, *, branch_id: Id | None = None, active: bool | None = None
    ) -> list[Staff]:
        def work(uow: AppointmentsUnitOfWork) -> list[Staff]:
            company_of(uow, company_id)
            return uow.staff.list(company_id, branch_id=branch_id, active=active)

        return self.transactions.read(work)

    def update(self, company_id: Id, staff_id: Id, **changes: Any) -> Staff:
        """Change any of name, branch_id, time_zone, calcom_username, email, active."""
        unknown = set(changes) - STAFF_CHANGES
        if unknown:
            raise InvalidStaff(
                f"staff {staff_id}: {', '.join(sorted(unknown))} cannot be changed here; "
                f"change {', '.join(sorted(STAFF_CHANGES))}"
            )

        def work(uow: AppointmentsUnitOfWork, events: Events) -> Staff:
            member = staff_of(uow, company_id, staff_id, for_update=True)
            if changes.get("branch_id") is not None:
                branch_of(uow, company_id, changes["branch_id"])
            changed = replace(member, **changes)
            before = {name: getattr(member, name) for name in changes}
            after = {name: getattr(changed, name) for name in changes}
            return _save_staff(uow, changed, "update", before, after)

        return self.transactions.write(work)

    def set_hours(
        self, company_id: Id, staff_id: Id, day: Weekday | str | int, ranges: Iterable[object]
    ) -> Staff:
        """The weekly ranges of one weekday, e.g. ``("mon", ["09:00-12:00", "13:00-17:00"])``;
        no ranges make that weekday free."""
        weekday = Weekday.parse(day)
        wanted = tuple(ranges)

        def change(hours: WorkingHours) -> WorkingHours:
            weekly = list(hours.weekly)
            weekly[weekday.index] = wanted
            return WorkingHours(weekly=weekly, overrides=hours.overrides)

        return self._change_hours(company_id, staff_id, change, "set_hours")

    def set_override(
        self, company_id: Id, staff_id: Id, day: date | str, ranges: Iterable[object]
    ) -> Staff:
        """Other hours on one date; no ranges make it a day off."""
        wanted = tuple(ranges)
        return self._change_hours(
            company_id, staff_id, lambda h: h.with_override(day, wanted), "set_override"
        )

    def clear_override(self, company_id: Id, staff_id: Id, day: date | str) -> Staff:
        """Back to the weekly hours on that date."""
        return self._change_hours(
            company_id, staff_id, lambda h: h.without_override(day), "clear_override"
        )

    def _change_hours(
        self,
        company_id: Id,
        staff_id: Id,
        change: Callable[[WorkingHours], WorkingHours],
        action: str,
    ) -> Staff:
        def work(uow: AppointmentsUnitOfWork, events: Events) -> Staff:
            member = staff_of(uow, company_id, staff_id, for_update=True)
            changed = replace(member, working_hours=change(member.working_hours))
            before, after = ({"working_hours": m.working_hours} for m in (member, changed))
            return _save_staff(uow, changed, action, before, after)

        return self.transactions.write(work)


def _save_staff(
    uow: AppointmentsUnitOfWork,
    member: Staff,
    action: str,
    before: Mapping[str, object],
    after: Mapping[str, object],
) -> Staff:
    uow.staff.save(member)
    staff_availability_changed(uow, member.company_id, [saved_id(member)])
    uow.audit.record("staff", member.id, action, before=before, after=after, company_id=member.company_id)
    return member
