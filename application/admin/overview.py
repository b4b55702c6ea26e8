"""The availability overview of the admin page: per staff member, across the company's branches,
the next free slot and how busy the coming days are.

The next slot is for the service the person is best known for — their primary assignment, else
the first active service they offer — through the same (cached, tenant-scoped) availability
use-case as every booking question. Utilisation is :func:`studiobook.domain.appointments.utilisation.utilisation`
over ``[now, now + days)``: everything it needs is read in one transaction, four queries, whatever
the number of staff.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from studiobook.application.appointments.appointments import Availability
from studiobook.application.appointments.ports import AppointmentsUnitOfWork
from studiobook.application.appointments.tenancy import branch_of, company_of
from studiobook.application.shared.ports import Clock
from studiobook.application.shared.transactions import Transactions
from studiobook.domain.appointments import Appointment, Assignment, EventType, Slot, Staff
from studiobook.domain.appointments.utilisation import Utilisation, utilisation
from studiobook.domain.appointments.values import Id
from studiobook.domain.shared.ids import saved_id

DAYS = 7


@dataclass(frozen=True)
class StaffOverview:
    staff: Staff
    branch_name: str | None
    event_type: EventType | None  # what the next slot is for; None: offers nothing active
    next_slot: Slot | None
    utilisation: Utilisation


def _service_of(member: Staff, offered: list[Assignment], active: dict[Id, EventType]) -> EventType | None:
    mine = [a for a in offered if a.staff_id == member.id and a.event_type_id in active]
    mine.sort(key=lambda a: (not a.is_primary, a.event_type_id))
    return active[mine[0].event_type_id] if mine else None


@dataclass
class AvailabilityOverview:
    transactions: Transactions
    clock: Clock
    availability: Availability

    def staff(self, company_id: Id, *, branch_id: Id | None = None, days: int = DAYS) -> list[StaffOverview]:
        """Active staff (of one branch, or all), by name."""
        now = self.clock.now()
        end = now + timedelta(days=days)

        def read(uow: AppointmentsUnitOfWork) -> tuple[
            dict[Id | None, str], list[Staff], dict[Id, EventType], list[Assignment], list[Appointment]
        ]:
            company_of(uow, company_id)
            if branch_id is not None:
                branch_of(uow, company_id, branch_id)
            return (
                {b.id: b.name for b in uow.branches.list(company_id)},
                uow.staff.list(company_id, branch_id=branch_id, active=True),
                {saved_id(t): t for t in uow.event_types.list(company_id, active=True)},
                uow.assignments.list(company_id),
                uow.appointments.list(company_id, start=now, end=end),
            )

        branches, staff, active, offered, booked = self.transactions.read(read)
        rows = []
        for member in sorted(staff, key=lambda m: (m.name, m.id)):
            service = _service_of(member, offered, active)
            slot = None
            if service is not None:
                slot = self.availability.next_slot(company_id, service.id, staff_id=member.id, now=now).slot
            mine = [a for a in booked if a.staff_id == member.id]
            busy = utilisation(member.working_hours, member.zone, mine, now, end)
            rows.append(StaffOverview(member, branches.get(member.branch_id), service, slot, busy))
        return rows
