"""Who offers which event type: single and bulk assignment, and the staff x event-type matrix.

Bulk assignment writes batches of :data:`BATCH_SIZE`, each batch one transaction, so a company
with hundreds of staff and services is set up without one huge transaction holding the locks;
every id is checked against the company before the first batch, so a typo writes nothing.

Audit (entity "assignment"): assign and unassign write one row each, with id
"<staff id>:<event type id>" and the options before and after; bulk assignment writes one row
per batch (action "assign_many", no id, after = the batch's assignments) in that batch's
transaction — a set-up of thousands of pairs stays a handful of rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from studiobook.application.appointments.ports import AppointmentsUnitOfWork
from studiobook.application.appointments.tenancy import (
    EventTypeNotFound,
    StaffNotFound,
    company_of,
    event_type_of,
    staff_availability_changed,
    staff_of,
)
from studiobook.application.shared.transactions import Events, Transactions
from studiobook.domain.appointments import Assignment, EventType, Staff, WorkingHours
from studiobook.domain.appointments.values import Id
from studiobook.domain.shared.errors import NotFound
from studiobook.domain.shared.ids import saved_id

BATCH_SIZE = 100

Progress = Callable[[int, int], None]
"""``progress(done, total)``, called after each committed batch."""


class AssignmentNotFound(NotFound):
    def __init__(self, staff_id: object, event_type_id: object, company_id: object) -> None:
        super().__init__(
            f"staff member {staff_id} does not offer event type {event_type_id} "
            f"in company {company_id}"
        )


@dataclass(frozen=True)
class BulkAssignment:
    assigned: int
    batches: int


@dataclass(frozen=True)
class Matrix:
    """Staff (rows) x event types (columns) of one company, both by id."""

    staff: tuple[Staff, ...]
    event_types: tuple[EventType, ...]
    assignments: Mapping[tuple[Id, Id], Assignment]

    def assignment(self, staff_id: Id, event_type_id: Id) -> Assignment | None:
        return self.assignments.get((staff_id, event_type_id))

    def offers(self, staff_id: Id, event_type_id: Id) -> bool:
        return (staff_id, event_type_id) in self.assignments

    def rows(self) -> list[tuple[Staff, list[Assignment | None]]]:
        """Each staff member with one cell per event type (``None``: not offered)."""
        return [
            (member, [self.assignment(saved_id(member), saved_id(t)) for t in self.event_types])
            for member in self.staff
        ]


def _pair(assignment: Assignment) -> str:
    return f"{assignment.staff_id}:{assignment.event_type_id}"


def _check_owned(uow: AppointmentsUnitOfWork, company_id: Id, assignments: list[Assignment]) -> None:
    """Every staff member and event type named belongs to the company — two queries."""
    staff_ids = {a.staff_id for a in assignments}
    type_ids = {a.event_type_id for a in assignments}
    found_staff = {m.id for m in uow.staff.list(company_id, ids=staff_ids)}
    found_types = {t.id for t in uow.event_types.list(company_id, ids=type_ids)}
    for a in assignments:
        if a.staff_id not in found_staff:
            raise StaffNotFound(a.staff_id, company_id)
        if a.event_type_id not in found_types:
            raise EventTypeNotFound(a.event_type_id, company_id)


@dataclass
class Assignments:
    transactions: Transactions

    def assign(
        self,
        company_id: Id,
        staff_id: Id,
        event_type_id: Id,
        *,
        is_primary: bool = False,
        custom_duration: int | None = None,
        custom_price: Decimal | str | None = None,
        availability_override: WorkingHours | Mapping[str, Any] | None = None,
    ) -> Assignment:
        """Offer the event type with this staff member; assigning again replaces the options."""
        assignment = Assignment(
            staff_id=staff_id,
            event_type_id=event_type_id,
            is_primary=is_primary,
            custom_duration=custom_duration,
            # Assignment reads a price given as text and hours given as a mapping (and refuses
            # anything else), so it takes more than its fields' types say.
            custom_price=cast(Decimal | None, custom_price),
            availability_override=cast(WorkingHours | None, availability_override),
        )

        def work(uow: AppointmentsUnitOfWork, events: Events) -> Assignment:
            staff_of(uow, company_id, staff_id)
            event_type_of(uow, company_id, event_type_id)
            before = uow.assignments.get(company_id, staff_id, event_type_id)
            uow.assignments.put(company_id, [assignment])
            staff_availability_changed(uow, company_id, [staff_id])
            uow.audit.record(
                "assignment", _pair(assignment), "assign",
                before=before, after=assignment, company_id=company_id,
            )
            return assignment

        return self.transactions.write(work)

    def assign_many(
        self,
        company_id: Id,
        assignments: Iterable[Assignment],
        progress: Progress | None = None,
    ) -> BulkAssignment:
        """Assign in batches of :data:`BATCH_SIZE`, one transaction each. A pair named twice
        keeps its last options. Should a later batch fail, the earlier ones stay assigned (the
        result of a retry is the same)."""
        unique = list({(a.staff_id, a.event_type_id): a for a in assignments}.values())

        def check(uow: AppointmentsUnitOfWork) -> None:
            company_of(uow, company_id)
            _check_owned(uow, company_id, unique)

        self.transactions.read(check)
        batches = [unique[i : i + BATCH_SIZE] for i in range(0, len(unique), BATCH_SIZE)]
        for done, batch in enumerate(batches, start=1):

            def work(
                uow: AppointmentsUnitOfWork, events: Events, batch: list[Assignment] = batch
            ) -> None:
                _check_owned(uow, company_id, batch)  # still theirs at write time
                uow.assignments.put(company_id, batch)
                staff_availability_changed(uow, company_id, [a.staff_id for a in batch])
                after = {"count": len(batch), "assignments": batch}
                uow.audit.record("assignment", None, "assign_many", after=after, company_id=company_id)

            self.transactions.write(work)
            if progress is not None:
                progress(min(done * BATCH_SIZE, len(unique)), len(unique))
        return BulkAssignment(assigned=len(unique), batches=len(batches))

    def unassign(self, company_id: Id, staff_id: Id, event_type_id: Id) -> None:
        def work(uow: AppointmentsUnitOfWork, events: Events) -> None:
            before = uow.assignments.get(company_id, staff_id, event_type_id)
            if not uow.assignments.remove(company_id, staff_id, event_type_id):
                raise AssignmentNotFound(staff_id, event_type_id, company_id)
            staff_availability_changed(uow, company_id, [staff_id])
            uow.audit.record(
                "assignment", f"{staff_id}:{event_type_id}", "unassign",
                before=before, company_id=company_id,
            )

        self.transactions.write(work)

    def list(
        self, company_id: Id, *, staff_id: Id | None = None, event_type_id: Id | None = None
    ) -> list[Assignment]:
        def work(uow: AppointmentsUnitOfWork) -> list[Assignment]:
            company_of(uow, company_id)
            wanted = None if staff_id is None else [staff_id]
            return uow.assignments.list(company_id, event_type_id=event_type_id, staff_ids=wanted)

        return self.transactions.read(work)

    def matrix(self, company_id: Id) -> Matrix:
        """Three queries, whatever the size of the company."""

        def work(uow: AppointmentsUnitOfWork) -> Matrix:
            company_of(uow, company_id)
            return Matrix(
                staff=tuple(uow.staff.list(company_id)),
                event_types=tuple(uow.event_types.list(company_id)),
                assignments={
                    (a.staff_id, a.event_type_id): a for a in uow.assignments.list(company_id)
                },
            )

        return self.transactions.read(work)
