"""What answering a request reads besides slots: who offers a service (and at what price and for
how long), and a caller's own coming appointments (to cancel or move them).

One read transaction each, through the same :class:`~studiobook.application.shared.transactions.Transactions`
the appointment use-cases write with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from studiobook.application.appointments.ports import AppointmentsUnitOfWork
from studiobook.application.appointments.tenancy import company_of
from studiobook.application.shared.transactions import Transactions
from studiobook.domain.appointments import Appointment, AppointmentStatus, Assignment
from studiobook.domain.appointments.values import Id


def _folded(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def is_customer(appointment: Appointment, names: Sequence[str], emails: Sequence[str]) -> bool:
    """Booked under one of ``names`` or ``emails`` (case and spacing ignored)."""
    email = _folded(appointment.customer_email)
    return _folded(appointment.customer_name) in {_folded(n) for n in names} or (
        bool(email) and email in {_folded(e) for e in emails}
    )


@dataclass(frozen=True)
class CallerRecords:
    transactions: Transactions

    def assignments(self, company_id: Id, event_type_id: Id) -> list[Assignment]:
        """Who offers ``event_type_id`` (inactive staff too: the caller filters)."""

        def work(uow: AppointmentsUnitOfWork) -> list[Assignment]:
            company_of(uow, company_id)
            return uow.assignments.list(company_id, event_type_id=event_type_id)

        return self.transactions.read(work)

    def offered_by(self, company_id: Id, staff_id: Id) -> set[Id]:
        """The event types ``staff_id`` offers."""

        def work(uow: AppointmentsUnitOfWork) -> set[Id]:
            company_of(uow, company_id)
            return {a.event_type_id for a in uow.assignments.list(company_id, staff_ids=[staff_id])}

        return self.transactions.read(work)

    def upcoming(
        self, company_id: Id, now: datetime, names: Sequence[str], emails: Sequence[str]
    ) -> list[Appointment]:
        """The booked appointments starting from ``now`` on under one of ``names``/``emails``,
        by start."""

        def work(uow: AppointmentsUnitOfWork) -> list[Appointment]:
            company_of(uow, company_id)
            found = uow.appointments.list(company_id, start=now)
            return sorted(
                (a for a in found if a.status is AppointmentStatus.BOOKED and a.start >= now
                 and is_customer(a, names, emails)),
                key=lambda a: a.start,
            )

        return self.transactions.read(work)
