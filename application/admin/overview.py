"""The availability overview of the admin page: per staff member, across the company's branches,
the next free slot and how busy the coming days are.

The next slot is for the service the person is best known for — their primary assignment, else
the first active service they offer — and is exactly what ``Availability.next_slot`` answers for
that person and service (closed days included), but read for everyone at once: one transaction
reads the company, its staff, event types, assignments, closed days and everyone's booked times
over the search horizon (:func:`~studiobook.application.appointments.appointments.next_slot_searches`),
then the engine answers per person in memory (``Availability.next_slots``). A company connected to
Cal.com gets the same answer as ``next_slot`` too: staff with a Cal.com username on a Cal.com event
type are narrowed by Cal.com's offer afterwards, one request per such person, outside the
transaction. Utilisation is :func:`studiobook.domain.appointments.utilisation.utilisation` over
``[now, now + days)`` over the same booked times. The queries do not grow with the staff.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from studiobook.application.appointments.appointments import (
    Availability,
    NextSlotsRead,
    next_slot_searches,
)
from studiobook.application.appointments.ports import AppointmentsUnitOfWork
from studiobook.application.appointments.tenancy import branch_of, company_of
from studiobook.application.shared.ports import Clock
from studiobook.application.shared.transactions import Transactions
from studiobook.domain.appointments import Assignment, EventType, Slot, Staff
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

        def read(uow: AppointmentsUnitOfWork) -> _Read:
            company = company_of(uow, company_id)
            if branch_id is not None:
                branch_of(uow, company_id, branch_id)
            staff = sorted(
                uow.staff.list(company_id, branch_id=branch_id, active=True),
                key=lambda m: (m.name, m.id),
            )
            active = {saved_id(t): t for t in uow.event_types.list(company_id, active=True)}
            offered = uow.assignments.list(company_id)
            services = {saved_id(m): (m, _service_of(m, offered, active)) for m in staff}
            branches = {b.id: b.name for b in uow.branches.list(company_id)}
            holidays = self.availability.holidays
            return branches, staff, services, next_slot_searches(
                uow, holidays, company, services, offered, now
            )

        branches, staff, services, found = self.transactions.read(read)
        answers = self.availability.next_slots(company_id, found.searches)
        rows = []
        for member in staff:
            staff_id = saved_id(member)
            answer = answers.get(staff_id)
            # Booked times over the search window: utilisation counts those inside [now, end).
            mine = found.booked[staff_id]
            busy = utilisation(member.working_hours, member.zone, mine, now, end)
            rows.append(
                StaffOverview(
                    member, branches.get(member.branch_id), services[staff_id][1],
                    answer.slot if answer is not None else None, busy,
                )
            )  # fmt: skip
        return rows


_Services = dict[Id, tuple[Staff, EventType | None]]
_Read = tuple[dict[Id | None, str], list[Staff], _Services, NextSlotsRead]
