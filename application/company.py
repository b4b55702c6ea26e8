"""Use-cases that set a company up: the company and its branches, staff and their hours, event
types (services).

Every use-case takes the company first and every read is scoped to it: another company's staff
member, branch or event type is "not found", exactly like one that does not exist, so a tenant
learns nothing about the others. Every change that can alter an availability answer bumps the
company's availability generation in the same transaction (see ``application.appointments``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

from application.ports import UnitOfWork
from application.transactions import Transactions
from domain.errors import DomainError, NotFound
from domain.scheduling import Branch, Company, EventType, Staff, Weekday, WorkingHours
from domain.scheduling.errors import InvalidEventType, InvalidStaff
from domain.scheduling.values import Id

DEFAULT_TIME_ZONE = "Europe/Berlin"
# What an operator may change after creation (ids and the owning company never move).
STAFF_CHANGES = frozenset({"name", "branch_id", "time_zone", "calcom_username", "active"})
EVENT_TYPE_FIELDS = frozenset(f.name for f in fields(EventType)) - {"id", "company_id"}


class CompanyNotFound(NotFound):
    def __init__(self, company_id: object) -> None:
        super().__init__(f"company {company_id} does not exist")
        self.company_id = company_id


class _NotInCompany(NotFound):
    what = "record"

    def __init__(self, record_id: object, company_id: object) -> None:
        super().__init__(f"{self.what} {record_id} does not exist in company {company_id}")
        self.record_id = record_id
        self.company_id = company_id


class BranchNotFound(_NotInCompany):
    what = "branch"


class StaffNotFound(_NotInCompany):
    what = "staff member"


class EventTypeNotFound(_NotInCompany):
    what = "event type"


class AppointmentNotFound(_NotInCompany):
    what = "appointment"


class EventTypeSlugTaken(DomainError):
    def __init__(self, slug: str, company_id: object, other_id: object) -> None:
        super().__init__(
            f"company {company_id} already has an event type with slug '{slug}' "
            f"(event type {other_id}); choose another name or slug"
        )


# -- loading within a unit of work: "not found" is raised here, in one place -----------------
def company_of(uow: UnitOfWork, company_id: Id, for_update: bool = False) -> Company:
    repository = uow.companies
    company = (repository.get_for_update if for_update else repository.get)(company_id)
    if company is None:
        raise CompanyNotFound(company_id)
    return company


def branch_of(uow: UnitOfWork, company_id: Id, branch_id: Id) -> Branch:
    branch = uow.branches.get(company_id, branch_id)
    if branch is None:
        raise BranchNotFound(branch_id, company_id)
    return branch


def staff_of(uow: UnitOfWork, company_id: Id, staff_id: Id, for_update: bool = False) -> Staff:
    """``for_update`` locks the staff member: bookings of one person serialise on it."""
    repository = uow.staff
    member = (repository.get_for_update if for_update else repository.get)(company_id, staff_id)
    if member is None:
        raise StaffNotFound(staff_id, company_id)
    return member


def event_type_of(uow: UnitOfWork, company_id: Id, event_type_id: Id) -> EventType:
    found = uow.event_types.get(company_id, event_type_id)
    if found is None:
        raise EventTypeNotFound(event_type_id, company_id)
    return found


def availability_changed(uow: UnitOfWork, company_id: Id) -> None:
    """Call last in a write: cached availability answers of the company are stale from the
    commit on. (Last, because it locks the company row on PostgreSQL: taking it after the
    staff lock everywhere keeps the lock order fixed.)"""
    uow.companies.bump_generation(company_id)


@dataclass
class Companies:
    transactions: Transactions

    def create(
        self,
        name: str,
        time_zone: str = DEFAULT_TIME_ZONE,
        default_event_type: Mapping[str, Any] | None = None,
    ) -> Company:
        """A new company; ``default_event_type`` (the fields of :meth:`EventTypes.add`) creates
        its default service in the same transaction."""
        company = Company(name=name, time_zone=time_zone)

        def work(uow, events):
            created = uow.companies.add(company)
            if default_event_type is None:
                return created
            service = _add_event_type(uow, created.id, dict(default_event_type))
            created = replace(created, default_event_type_id=service.id)
            uow.companies.save(created)
            return created

        return self.transactions.write(work)

    def get(self, company_id: Id) -> Company:
        return self.transactions.read(lambda uow: company_of(uow, company_id))

    def list(self) -> list[Company]:
        return self.transactions.read(lambda uow: uow.companies.list())

    def add_branch(self, company_id: Id, name: str, time_zone: str | None = None) -> Branch:
        branch = Branch(company_id=company_id, name=name, time_zone=time_zone)

        def work(uow, events):
            company_of(uow, company_id)
            return uow.branches.add(branch)

        return self.transactions.write(work)

    def branches(self, company_id: Id) -> list[Branch]:
        def work(uow):
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
    ) -> Staff:
        """``time_zone`` defaults to the branch's, else the company's; no working hours means
        no slots until :meth:`set_hours` gives some."""

        def work(uow, events):
            company = company_of(uow, company_id)
            branch = branch_of(uow, company_id, branch_id) if branch_id is not None else None
            zone = time_zone or (branch and branch.time_zone) or company.time_zone
            member = Staff(
                company_id=company_id,
                name=name,
                time_zone=zone,
                working_hours=WorkingHours() if working_hours is None else working_hours,
                branch_id=branch_id,
                calcom_username=calcom_username,
                active=active,
            )
            added = uow.staff.add(member)
            availability_changed(uow, company_id)
            return added

        return self.transactions.write(work)

    def get(self, company_id: Id, staff_id: Id) -> Staff:
        return self.transactions.read(lambda uow: staff_of(uow, company_id, staff_id))

    def list(
        self, company_id: Id, *, branch_id: Id | None = None, active: bool | None = None
    ) -> list[Staff]:
        def work(uow):
            company_of(uow, company_id)
            return uow.staff.list(company_id, branch_id=branch_id, active=active)

        return self.transactions.read(work)

    def update(self, company_id: Id, staff_id: Id, **changes: Any) -> Staff:
        """Change any of name, branch_id, time_zone, calcom_username, active."""
        unknown = set(changes) - STAFF_CHANGES
        if unknown:
            raise InvalidStaff(
                f"staff {staff_id}: {', '.join(sorted(unknown))} cannot be changed here; "
                f"change {', '.join(sorted(STAFF_CHANGES))}"
            )

        def work(uow, events):
            member = staff_of(uow, company_id, staff_id, for_update=True)
            if changes.get("branch_id") is not None:
                branch_of(uow, company_id, changes["branch_id"])
            return _save_staff(uow, replace(member, **changes))

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

        return self._change_hours(company_id, staff_id, change)

    def set_override(
        self, company_id: Id, staff_id: Id, day: date | str, ranges: Iterable[object]
    ) -> Staff:
        """Other hours on one date; no ranges make it a day off."""
        wanted = tuple(ranges)
        return self._change_hours(company_id, staff_id, lambda h: h.with_override(day, wanted))

    def clear_override(self, company_id: Id, staff_id: Id, day: date | str) -> Staff:
        """Back to the weekly hours on that date."""
        return self._change_hours(company_id, staff_id, lambda h: h.without_override(day))

    def _change_hours(self, company_id: Id, staff_id: Id, change) -> Staff:
        def work(uow, events):
            member = staff_of(uow, company_id, staff_id, for_update=True)
            return _save_staff(uow, replace(member, working_hours=change(member.working_hours)))

        return self.transactions.write(work)


def _save_staff(uow: UnitOfWork, member: Staff) -> Staff:
    uow.staff.save(member)
    availability_changed(uow, member.company_id)
    return member


@dataclass
class EventTypes:
    """Event types (services). Slugs are unique within a company."""

    transactions: Transactions

    def add(
        self,
        company_id: Id,
        name: str,
        duration_minutes: int,
        *,
        default: bool = False,
        **options: Any,
    ) -> EventType:
        """``options`` are further :class:`~domain.scheduling.EventType` fields: price, slug,
        description, branch_id, active, team_event, requires_confirmation,
        slot_interval_minutes, buffer_before_minutes, buffer_after_minutes,
        minimum_notice_minutes, booking_limits, metadata, calcom_id, last_synced_at.
        ``default=True`` also makes it the company's default event type."""
        wanted = {"name": name, "duration_minutes": duration_minutes, **options}

        def work(uow, events):
            added = _add_event_type(uow, company_id, wanted)
            if default:
                _make_default(uow, company_id, added)
            return added

        return self.transactions.write(work)

    def get(self, company_id: Id, event_type_id: Id) -> EventType:
        return self.transactions.read(lambda uow: event_type_of(uow, company_id, event_type_id))

    def list(
        self, company_id: Id, *, branch_id: Id | None = None, active: bool | None = None
    ) -> list[EventType]:
        def work(uow):
            company_of(uow, company_id)
            return uow.event_types.list(company_id, branch_id=branch_id, active=active)

        return self.transactions.read(work)

    def update(self, company_id: Id, event_type_id: Id, **changes: Any) -> EventType:
        """Change any field but the id and the company (the same names as :meth:`add`)."""
        _only_event_type_fields(event_type_id, changes)

        def work(uow, events):
            company_of(uow, company_id, for_update=True)  # serialises slug checks
            changed = replace(event_type_of(uow, company_id, event_type_id), **changes)
            _check_place(uow, changed)
            uow.event_types.save(changed)
            availability_changed(uow, company_id)
            return changed

        return self.transactions.write(work)

    def set_default(self, company_id: Id, event_type_id: Id) -> Company:
        """Booked in place of an unknown or inactive event type (the answer says so)."""

        def work(uow, events):
            return _make_default(uow, company_id, event_type_of(uow, company_id, event_type_id))

        return self.transactions.write(work)


def _only_event_type_fields(who: object, values: Mapping[str, Any]) -> None:
    unknown = set(values) - EVENT_TYPE_FIELDS
    if unknown:
        raise InvalidEventType(
            f"event type {who}: {', '.join(sorted(unknown))} is not an event type field"
        )


def _add_event_type(uow: UnitOfWork, company_id: Id, values: dict[str, Any]) -> EventType:
    _only_event_type_fields(values.get("name"), values)
    company_of(uow, company_id, for_update=True)  # serialises slug checks
    event_type = EventType(company_id=company_id, **values)
    _check_place(uow, event_type)
    added = uow.event_types.add(event_type)
    availability_changed(uow, company_id)  # an answer that fell back for this id is now stale
    return added


def _check_place(uow: UnitOfWork, event_type: EventType) -> None:
    """Its branch belongs to the company and its slug is free there."""
    company_id = event_type.company_id
    if event_type.branch_id is not None:
        branch_of(uow, company_id, event_type.branch_id)
    other = uow.event_types.get_by_slug(company_id, event_type.slug)
    if other is not None and other.id != event_type.id:
        raise EventTypeSlugTaken(event_type.slug, company_id, other.id)


def _make_default(uow: UnitOfWork, company_id: Id, event_type: EventType) -> Company:
    if not event_type.active:
        raise InvalidEventType(
            f"event type {event_type.id} ({event_type.name}) is inactive; activate it before "
            "making it the default"
        )
    company = replace(company_of(uow, company_id), default_event_type_id=event_type.id)
    uow.companies.save(company)
    availability_changed(uow, company_id)
    return company


@dataclass
class CompanyLookup:
    """Which company a record belongs to — for operators working across companies (the CLI
    takes bare staff, event type and appointment ids). Find the owner, then call the scoped
    use-case with it; nothing else reads across companies."""

    transactions: Transactions

    def of_staff(self, staff_id: Id) -> Id:
        return self._owner(lambda uow: uow.staff.owner(staff_id), "staff member", staff_id)

    def of_event_type(self, event_type_id: Id) -> Id:
        return self._owner(
            lambda uow: uow.event_types.owner(event_type_id), "event type", event_type_id
        )

    def of_appointment(self, appointment_id: Id) -> Id:
        return self._owner(
            lambda uow: uow.appointments.owner(appointment_id), "appointment", appointment_id
        )

    def _owner(self, find, what: str, record_id: Id) -> Id:
        owner = self.transactions.read(find)
        if owner is None:
            raise NotFound(f"{what} {record_id} does not exist")
        return owner
