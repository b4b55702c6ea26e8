"""Tenant isolation in one place: loading a company's records, and marking its availability
changed.

Every read is scoped to the company: another company's staff member, branch, event type or
appointment is "not found", exactly like one that does not exist, so a tenant learns nothing
about the others. :class:`CompanyLookup` is the one deliberate exception, for operators.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from studiobook.application.appointments.ports import AppointmentsUnitOfWork
from studiobook.application.shared.transactions import Transactions
from studiobook.domain.appointments import Branch, Company, EventType, Staff
from studiobook.domain.appointments.values import Id
from studiobook.domain.shared.errors import NotFound


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


# -- loading within a unit of work: "not found" is raised here, in one place -----------------
def company_of(uow: AppointmentsUnitOfWork, company_id: Id, for_update: bool = False) -> Company:
    repository = uow.companies
    company = (repository.get_for_update if for_update else repository.get)(company_id)
    if company is None:
        raise CompanyNotFound(company_id)
    return company


def branch_of(uow: AppointmentsUnitOfWork, company_id: Id, branch_id: Id) -> Branch:
    branch = uow.branches.get(company_id, branch_id)
    if branch is None:
        raise BranchNotFound(branch_id, company_id)
    return branch


def staff_of(uow: AppointmentsUnitOfWork, company_id: Id, staff_id: Id, for_update: bool = False) -> Staff:
    """``for_update`` locks the staff member: bookings of one person serialise on it."""
    repository = uow.staff
    member = (repository.get_for_update if for_update else repository.get)(company_id, staff_id)
    if member is None:
        raise StaffNotFound(staff_id, company_id)
    return member


def event_type_of(uow: AppointmentsUnitOfWork, company_id: Id, event_type_id: Id) -> EventType:
    found = uow.event_types.get(company_id, event_type_id)
    if found is None:
        raise EventTypeNotFound(event_type_id, company_id)
    return found


def availability_changed(uow: AppointmentsUnitOfWork, company_id: Id) -> None:
    """A company-wide change (zone, closures, the default, Cal.com): every cached availability
    answer of the company is stale from the commit on. Call last in a write: it locks the
    company row on PostgreSQL, and taking it after the staff lock everywhere keeps the lock
    order fixed."""
    uow.companies.bump_generation(company_id)


def staff_availability_changed(
    uow: AppointmentsUnitOfWork, company_id: Id, staff_ids: Iterable[Id]
) -> None:
    """A change of these staff members' availability only (a booking, their hours, their
    assignments): their cached per-day answers are stale from the commit on, nobody else's.
    Rows are updated in id order, so two writes never take them in opposite orders."""
    uow.staff.bump_generation(company_id, sorted(set(staff_ids)))


def event_type_availability_changed(
    uow: AppointmentsUnitOfWork, company_id: Id, event_type_id: Id
) -> None:
    """An edit of one event type: the cached answers for it are stale from the commit on."""
    uow.event_types.bump_generation(company_id, event_type_id)


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

    def _owner(self, find: Callable[[AppointmentsUnitOfWork], Id | None], what: str, record_id: Id) -> Id:
        owner = self.transactions.read(find)
        if owner is None:
            raise NotFound(f"{what} {record_id} does not exist")
        return owner
