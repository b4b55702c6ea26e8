"""The unit of work: one transaction over every area's repositories. Each area's own ports
live beside its use-cases (``courses/ports.py``, ``members/ports.py``,
``appointments/ports.py``); what all of them share is in ``shared/ports.py``.
"""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from studiobook.application.appointments.ports import (
    AppointmentRepository,
    AssignmentRepository,
    BranchRepository,
    CalcomLinkRepository,
    CompanyRepository,
    EventTypeRepository,
    StaffRepository,
)
from studiobook.application.courses.ports import (
    BookingRepository,
    CourseRepository,
    WaitlistRepository,
)
from studiobook.application.members.ports import LeadCopies, MemberCopies, SyncLog
from studiobook.application.shared.ports import AuditTrail


class UnitOfWork(Protocol):
    """One transaction. ``commit()`` makes it durable; leaving without commit rolls back.

    Entering a unit of work opened with ``for_writing=True`` may raise :class:`StoreBusy`.
    """

    audit: AuditTrail
    courses: CourseRepository
    bookings: BookingRepository
    waitlist: WaitlistRepository
    members: MemberCopies
    leads: LeadCopies
    sync_log: SyncLog
    companies: CompanyRepository
    branches: BranchRepository
    staff: StaffRepository
    event_types: EventTypeRepository
    assignments: AssignmentRepository
    appointments: AppointmentRepository
    calcom: CalcomLinkRepository

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, *, for_writing: bool = False) -> UnitOfWork: ...
