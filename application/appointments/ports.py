"""What the appointment use-cases need from a store: companies and branches, staff, event types,
assignments, appointments and each company's Cal.com link. (The calendar gateway's ports are in
``calendar.py``.)
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from studiobook.application.notifications.ports import Outbox
from studiobook.application.shared.ports import AuditTrail, ManageTokens, Transaction
from studiobook.domain.appointments import (
    Appointment,
    Assignment,
    BookedSpan,
    BookedTime,
    Branch,
    Company,
    EventType,
    Staff,
)
from studiobook.domain.appointments.values import Id
from studiobook.domain.shared.ids import saved_id


@dataclass(frozen=True)
class CompanyRef:
    """The company an availability question names: by ``id``, by ``slug``, or as the owner of
    the event type ``owner_of`` (operators working across companies). Exactly one is set."""

    id: Id | None = None
    slug: str | None = None
    owner_of: Id | None = None


@dataclass(frozen=True)
class Candidate:
    """A staff member an availability question is about, with their generation and their
    assignment to the event type to answer with (``None``: they do not offer it). Read with the
    head rather than after it: an uncached answer needs both for everyone missing a day, and two
    more statements per answer cost more than the columns do on a cached one."""

    member: Staff
    generation: int
    assignment: Assignment | None

    @property
    def staff_id(self) -> Id:
        return saved_id(self.member)

    @property
    def active(self) -> bool:
        return self.member.active

    @property
    def branch_id(self) -> Id | None:
        return self.member.branch_id

    @property
    def calcom_username(self) -> str | None:
        return self.member.calcom_username

    @property
    def offers(self) -> bool:
        return self.assignment is not None


@dataclass(frozen=True)
class AvailabilityHead:
    """Everything an availability question needs before its answer's free time, in one read:
    the company; the requested event type and the company's default as found (neither, one or
    both); the generations of the company and of those event types; whether the branch asked
    about is the company's; and the candidates for the event type to answer with (the requested
    one when it is active, else the default): the staff wish as found (none: not the company's),
    or everyone with an assignment to it, by id."""

    company: Company
    generation: int
    event_types: list[EventType]
    event_type_generations: dict[Id, int]
    branch_found: bool
    staff: list[Candidate]


class CompanyRepository(Protocol):
    def add(self, company: Company) -> Company:
        """Insert; return the company with its id."""

    def get(self, company_id: Id) -> Company | None: ...

    def get_for_update(self, company_id: Id) -> Company | None:
        """The company locked until the unit of work ends (serialises slug checks)."""

    def get_by_slug(self, slug: str) -> Company | None: ...

    def list(self) -> list[Company]: ...

    def save(self, company: Company) -> None: ...

    def generation(self, company_id: Id) -> int | None:
        """The availability generation (the company's, its staff members' and event types'
        together), ``None`` for no such company — one cheap query."""

    def bump_generation(self, company_id: Id) -> None:
        """Availability may have changed: from this commit on, cached answers are stale."""

    def availability_head(
        self,
        ref: CompanyRef,
        event_type_id: Id | None,
        staff_id: Id | None,
        branch_id: Id | None,
    ) -> AvailabilityHead | None:
        """One query; ``None`` when there is no such company."""

    def closure_overrides(
        self, company_id: Id, first: date | None = None, last: date | None = None
    ) -> dict[date, bool]:
        """The company's word per date (``True``: open on that holiday anyway, ``False``: closed
        on that extra date), of ``[first, last]`` when given, by date."""

    def set_closure_override(self, company_id: Id, day: date, is_open: bool) -> None: ...

    def clear_closure_override(self, company_id: Id, day: date) -> bool:
        """``False`` when there was none."""


class BranchRepository(Protocol):
    def add(self, branch: Branch) -> Branch: ...

    def get(self, company_id: Id, branch_id: Id) -> Branch | None: ...

    def list(self, company_id: Id) -> list[Branch]: ...


class StaffRepository(Protocol):
    def add(self, member: Staff) -> Staff: ...

    def get(self, company_id: Id, staff_id: Id) -> Staff | None: ...

    def get_for_update(self, company_id: Id, staff_id: Id) -> Staff | None:
        """The staff member locked against other bookings until the unit of work ends; what
        is read after this call sees every booking committed before the lock was granted."""

    def owner(self, staff_id: Id) -> Id | None:
        """The owning company, for operators working across companies (the CLI)."""

    def save(self, member: Staff) -> None: ...

    def bump_generation(self, company_id: Id, staff_ids: Collection[Id]) -> None:
        """Their availability may have changed: from this commit on, their cached answers are
        stale (one statement)."""

    def list(
        self,
        company_id: Id,
        *,
        branch_id: Id | None = None,
        active: bool | None = None,
        ids: Collection[Id] | None = None,
    ) -> list[Staff]:
        """By id, one query whatever the filters."""


class EventTypeRepository(Protocol):
    def add(self, event_type: EventType) -> EventType: ...

    def get(self, company_id: Id, event_type_id: Id) -> EventType | None: ...

    def get_by_slug(self, company_id: Id, slug: str) -> EventType | None: ...

    def owner(self, event_type_id: Id) -> Id | None:
        """The owning company, for operators working across companies (the CLI)."""

    def save(self, event_type: EventType) -> None: ...

    def bump_generation(self, company_id: Id, event_type_id: Id) -> None:
        """Its availability may have changed: from this commit on, its cached answers are
        stale."""

    def list(
        self,
        company_id: Id,
        *,
        branch_id: Id | None = None,
        active: bool | None = None,
        ids: Collection[Id] | None = None,
    ) -> list[EventType]:
        """By id, one query whatever the filters."""


class AssignmentRepository(Protocol):
    def put(self, company_id: Id, assignments: Sequence[Assignment]) -> None:
        """Insert, or replace the options of, each (staff, event type) pair — one statement."""

    def get(self, company_id: Id, staff_id: Id, event_type_id: Id) -> Assignment | None: ...

    def remove(self, company_id: Id, staff_id: Id, event_type_id: Id) -> bool:
        """Whether there was such an assignment."""

    def list(
        self,
        company_id: Id,
        *,
        event_type_id: Id | None = None,
        staff_ids: Collection[Id] | None = None,
    ) -> list[Assignment]:
        """Ordered by staff, then event type; one query."""


class AppointmentRepository(Protocol):
    def add(self, appointment: Appointment) -> Appointment:
        """Insert; return the appointment with its id."""

    def get(self, company_id: Id, appointment_id: Id) -> Appointment | None: ...

    def owner(self, appointment_id: Id) -> Id | None:
        """The owning company, for operators working across companies (the CLI)."""

    def save(self, appointment: Appointment) -> None:
        """Store a changed status, start and end (cancelled, rescheduled)."""

    def occupying(
        self, company_id: Id, staff_ids: Collection[Id], start: datetime, end: datetime
    ) -> list[BookedTime]:
        """The booked time of each booked appointment of ``staff_ids`` overlapping
        ``[start, end)``, with its own event type's buffers, by start; one query."""

    def booked_spans(
        self, company_id: Id, staff_ids: Collection[Id], start: datetime, end: datetime
    ) -> list[BookedSpan]:
        """Each booked appointment of ``staff_ids`` whose *blocked* time (its own event type's
        buffers applied) overlaps ``[start, end)``, in epoch seconds, in no order: what the
        availability engine counts with, and all it needs of thousands of rows a question."""

    def list(
        self,
        company_id: Id,
        *,
        staff_id: Id | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
    ) -> list[Appointment]:
        """Every status, by start; ``start``/``end`` keep those overlapping the range."""


class CalcomLinkRepository(Protocol):
    """A company's Cal.com connection: team id, the API key *as a token* of the
    :class:`Secrets` port (never in clear text), and when each sync (``what``: ``"event_types"``
    or ``"team"``) last completed."""

    def connect(self, company_id: Id, team_id: int, key_token: str) -> None:
        """Store team and token; forget the last syncs (they were of another connection)."""

    def disconnect(self, company_id: Id) -> None: ...

    def key_token(self, company_id: Id) -> str | None: ...

    def connected(self) -> list[Id]:
        """Companies with a team and a key, by id."""

    def synced_at(self, company_id: Id, what: str) -> datetime | None: ...

    def mark_synced(self, company_id: Id, what: str, at: datetime) -> None: ...


class AppointmentsUnitOfWork(Transaction, Protocol):
    """The appointment use-cases' transaction (tenancy, event types, assignments, appointments and
    the Cal.com link): only the repositories they use."""

    audit: AuditTrail
    companies: CompanyRepository
    branches: BranchRepository
    staff: StaffRepository
    event_types: EventTypeRepository
    assignments: AssignmentRepository
    appointments: AppointmentRepository
    calcom: CalcomLinkRepository
    # Customers are told of their appointments, with the link to manage them.
    manage_tokens: ManageTokens
    outbox: Outbox
