"""The ports: what the use-cases need from the outside world, as Protocols.

Adapters implement them; tests supply small fakes (``tests/fakes.py``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from types import TracebackType
from typing import TYPE_CHECKING, Generic, Protocol, Self, TypeVar

from studiobook.application.settings import SettingsError
from studiobook.domain.appointments import (
    Appointment,
    Assignment,
    Branch,
    Company,
    EventType,
    Staff,
)
from studiobook.domain.appointments.values import Id
from studiobook.domain.courses.bookings import Booking, BookingStatus
from studiobook.domain.courses.course import Course
from studiobook.domain.courses.waitlist import WaitlistEntry
from studiobook.domain.events import DomainEvent
from studiobook.domain.members.leads import Lead, LeadStatus
from studiobook.domain.members.member import (
    Member,
    Membership,
    MembershipPackage,
    MembershipStatus,
)

if TYPE_CHECKING:
    from studiobook.application.members.wodify_sync import SyncError, SyncRun


class StoreBusy(Exception):
    """The store stayed locked by other writers past the bounded wait and retries."""

    def __init__(self, message: str = "the booking system is busy, try again in a moment") -> None:
        super().__init__(message)


class StoreUnavailable(Exception):
    """The store cannot be reached or opened at all; the message says which and why."""


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC)."""


class CourseRepository(Protocol):
    def add(self, course: Course) -> None:
        """Insert and set ``course.id``."""

    def get(self, course_id: int) -> Course | None:
        """The course with its live ``booked`` sum, without locking."""

    def get_for_update(self, course_id: int) -> Course | None:
        """The course locked against other seat changes until the unit of work ends, with a
        ``booked`` sum read after the lock was taken."""

    def save(self, course: Course) -> None: ...

    def list(self) -> list[Course]:
        """All courses with their ``booked`` sums, from one grouped query."""

    def seats(self) -> dict[int, tuple[int, int]]:
        """``{course id: (capacity, booked tickets)}`` for every course, from one grouped query."""


class BookingRepository(Protocol):
    def add(self, booking: Booking) -> None:
        """Insert and set ``booking.id``."""

    def get(self, booking_id: int) -> Booking | None: ...

    def save(self, booking: Booking) -> None: ...

    def list(
        self, course_id: int | None = None, status: BookingStatus | None = None
    ) -> list[Booking]: ...


class WaitlistRepository(Protocol):
    def add(self, entry: WaitlistEntry) -> None: ...

    def get(self, entry_id: int) -> WaitlistEntry | None: ...

    def waiting(self, course_id: int) -> list[WaitlistEntry]:
        """Entries still waiting for the course, first come first."""

    def save(self, entry: WaitlistEntry) -> None: ...


class LocalCopies(Protocol):
    """Local copies of WODIFY records (members by client id, leads by lead id)."""

    def get(self, record_id: str): ...

    def get_many(self, record_ids: Iterable[str]) -> dict:
        """The stored records among ``record_ids``, by id — one query for a whole page."""

    def add_many(self, records: list, stored_at: datetime) -> None: ...

    def replace_many(self, records: list, stored_at: datetime) -> None:
        """Overwrite every field of existing records (WODIFY is the source of truth)."""

    def list(self, status=None, limit: int = 50, offset: int = 0) -> list: ...

    def count(self, status=None) -> int: ...


class SyncLog(Protocol):
    def start(self, kind: str, now: datetime, running_since: datetime) -> SyncRun | None:
        """Open a run, or ``None`` when one of ``kind`` started after ``running_since`` still runs."""

    def last(self, kind: str, outcomes: tuple[str, ...] | None = None) -> SyncRun | None: ...

    def add_counts(self, run_id: int, created: int, updated: int, unchanged: int, errors: int) -> None: ...

    def finish(self, run_id: int, outcome: str, message: str | None, now: datetime) -> SyncRun: ...

    def record_error(self, run_id: int, kind: str, record_id: str | None, reason: str, now: datetime) -> None: ...

    def recent_errors(self, limit: int = 10) -> list[SyncError]: ...

    def error_total(self) -> int: ...


# -- Appointments (SPEC 2.3): every read takes the company, and another company's rows are absent
# (``None``), so a use-case cannot reach across tenants by passing a foreign id.


class CompanyRepository(Protocol):
    def add(self, company: Company) -> Company:
        """Insert; return the company with its id."""

    def get(self, company_id: Id) -> Company | None: ...

    def get_for_update(self, company_id: Id) -> Company | None:
        """The company locked until the unit of work ends (serialises slug checks)."""

    def list(self) -> list[Company]: ...

    def save(self, company: Company) -> None: ...

    def generation(self, company_id: Id) -> int | None:
        """The availability generation, ``None`` for no such company — one cheap query."""

    def bump_generation(self, company_id: Id) -> None:
        """Availability may have changed: from this commit on, cached answers are stale."""


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
        """Store a changed status."""

    def occupying(
        self, company_id: Id, staff_ids: Collection[Id], start: datetime, end: datetime
    ) -> list[Appointment]:
        """Booked appointments of ``staff_ids`` overlapping ``[start, end)``, one query."""

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


class AuditTrail(Protocol):
    """Audit rows, written in the caller's transaction (see ``studiobook.application.shared.audit``)."""

    def record(
        self,
        entity: str,
        entity_id: object,
        action: str,
        *,
        before: object = None,
        after: object = None,
        company_id: int | None = None,
    ) -> None: ...

    def list(self, company_id: int | None = None, entity: str | None = None, limit: int = 100) -> list: ...


class UnitOfWork(Protocol):
    """One transaction. ``commit()`` makes it durable; leaving without commit rolls back.

    Entering a unit of work opened with ``for_writing=True`` may raise :class:`StoreBusy`.
    """

    audit: AuditTrail
    courses: CourseRepository
    bookings: BookingRepository
    waitlist: WaitlistRepository
    members: LocalCopies
    leads: LocalCopies
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


class EventPublisher(Protocol):
    def publish(self, events: Sequence[DomainEvent]) -> list[str]:
        """Tell listeners; return one line per listener that failed (the change stands)."""


class Cache(Protocol):
    """Answers worth keeping for a while. Keys are text; values are immutable and only ever read
    back by the process that stored them, unless an adapter says it shares them. Time is passed
    in (the injected clock's), so expiry is testable without sleeping."""

    def get(self, key: str, now: datetime) -> object | None:
        """The value stored under ``key`` unless it expired at or before ``now``."""

    def set(self, key: str, value: object, ttl: timedelta, now: datetime) -> None:
        """Keep ``value`` under ``key`` until ``now + ttl``."""


class SecretUnavailable(SettingsError):
    """A secret cannot be stored or read: no key is set, the key is not a valid one, or it is
    not the key the secret was stored with. The message says what to do; it never holds a
    secret."""


class Secrets(Protocol):
    """Encryption at rest for API keys kept in the store (SPEC 5: never in clear text there).
    Raises :class:`SecretUnavailable` when it cannot — only on use, so commands that touch no
    secret work without a key."""

    def encrypt(self, text: str) -> str:
        """A token to store in place of ``text``; a new token each call."""

    def decrypt(self, token: str) -> str:
        """The text ``token`` was made from."""


class SchemaManager(Protocol):
    def ensure_schema(self) -> None:
        """Create what is missing on an empty database; leave an existing one alone."""


# -- WODIFY ---------------------------------------------------------------------------------
# The gateway speaks domain values only — URLs and JSON stay in ``adapters/wodify``.

Item = TypeVar("Item")


class GatewayError(Exception):
    """An external system refused or failed a call. ``status`` is the HTTP status (``None`` when
    no response came back); ``reason`` is short and safe to show — never a secret."""

    def __init__(self, status: int | None, reason: str, service: str = "WODIFY") -> None:
        where = f"HTTP {status}" if status is not None else "no response"
        super().__init__(f"{service}: {reason} ({where})")
        self.status = status
        self.reason = reason
        self.service = service


class GatewayNotConfigured(GatewayError):
    """Required settings (API key, location) are missing; nothing was sent."""

    def __init__(self, status: int | None, reason: str, service: str = "WODIFY") -> None:
        super().__init__(status, reason, service)
        self.args = (f"{service} is not configured: {reason}",)


class GatewayAuthFailed(GatewayError):
    """401/403: the API key or location was refused. Retrying will not help."""


class GatewayNotFound(GatewayError):
    """404: the client, lead or membership does not exist there."""


class GatewayInvalidRequest(GatewayError):
    """422 (or another 4xx): the service rejected what we sent; ``reason`` is its explanation."""


class GatewayRateLimited(GatewayError):
    """429 after the retries allowed; ``retry_after`` is the wait in seconds the service asked
    for (``None`` when it did not say)."""

    def __init__(
        self,
        status: int | None,
        reason: str,
        retry_after: float | None = None,
        service: str = "WODIFY",
    ) -> None:
        super().__init__(status, reason, service)
        self.retry_after = retry_after


class GatewayUnavailable(GatewayError):
    """5xx, a timeout or no connection, after the retries allowed. For a POST that may have
    reached the service, the outcome is unknown: check before sending it again."""


class GatewayMalformedResponse(GatewayError):
    """The response was not the JSON the contract promises (or a single record in it was bad)."""


@dataclass(frozen=True)
class Rejected:
    """A record in a page that could not be mapped: the sync records it and goes on."""

    raw_id: str | None
    reason: str


@dataclass(frozen=True)
class Page(Generic[Item]):
    """One page of a paginated listing. ``items`` holds the records that mapped; ``rejected``
    the ones that did not, so one bad record never costs the rest of the page."""

    items: list[Item]
    page: int
    total_pages: int
    total_records: int
    rejected: list[Rejected] = field(default_factory=list)

    @property
    def is_last(self) -> bool:
        return self.page >= self.total_pages


class WodifyGateway(Protocol):
    """Members and leads in WODIFY. Every method raises a :class:`GatewayError` subclass on
    failure; reads are retried on rate limits and outages, writes only where that is safe."""

    def health(self) -> str:
        """The status WODIFY reports (``"ok"`` when healthy)."""

    def create_membership(
        self,
        *,
        first_name: str,
        last_name: str,
        email: str,
        phone: str | None,
        membership_type: str,
        start_date: date,
        payment_method: str = "stripe",
    ) -> Member:
        """A new client with a new membership."""

    def update_membership(
        self,
        membership_id: str,
        *,
        membership_type: str | None = None,
        membership_status: MembershipStatus | None = None,
        monthly_price: Decimal | None = None,
    ) -> Membership:
        """Change the given fields only; ``None`` leaves a field as it is."""

    def cancel_membership(self, membership_id: str, reason: str) -> Membership: ...

    def get_member(self, client_id: str) -> Member:
        """Raises :class:`GatewayNotFound` for an unknown client."""

    def list_members(
        self, page: int = 1, page_size: int = 100, status: MembershipStatus | None = None
    ) -> Page[Member]:
        """One page (1-based, ``page_size`` <= 100), optionally only members in ``status``."""

    def membership_packages(self) -> list[MembershipPackage]: ...

    def create_lead(
        self,
        *,
        first_name: str,
        last_name: str,
        email: str,
        phone: str | None = None,
        message: str | None = None,
        interested_in: str | None = None,
    ) -> Lead: ...

    def get_lead(self, lead_id: str) -> Lead:
        """Raises :class:`GatewayNotFound` for an unknown lead."""

    def update_lead(
        self, lead_id: str, *, status: LeadStatus | None = None, notes: str | None = None
    ) -> Lead: ...

    def list_leads(
        self, page: int = 1, page_size: int = 100, status: LeadStatus | None = None
    ) -> Page[Lead]: ...

    def convert_lead(
        self, lead_id: str, membership_type: str, start_date: date, payment_method: str = "stripe"
    ) -> Member:
        """WODIFY marks the lead converted and returns the new client with its membership."""

    def close(self) -> None:
        """Release connections; the gateway is not used afterwards."""


__all__ = (
    "AuditTrail",
    "AppointmentRepository",
    "AssignmentRepository",
    "BookingRepository",
    "BranchRepository",
    "Cache",
    "CalcomLinkRepository",
    "Clock",
    "CompanyRepository",
    "CourseRepository",
    "EventPublisher",
    "EventTypeRepository",
    "GatewayAuthFailed",
    "GatewayError",
    "GatewayInvalidRequest",
    "GatewayMalformedResponse",
    "GatewayNotConfigured",
    "GatewayNotFound",
    "GatewayRateLimited",
    "GatewayUnavailable",
    "LocalCopies",
    "Page",
    "Rejected",
    "SchemaManager",
    "SecretUnavailable",
    "Secrets",
    "StaffRepository",
    "StoreBusy",
    "StoreUnavailable",
    "SyncLog",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "WaitlistRepository",
    "WodifyGateway",
)


# -- Calendar (Cal.com, SPEC 3.2) -------------------------------------------------------------
# Defined in ``studiobook.application.appointments.calendar`` to keep this module short; imported here so every port is
# reachable from ``studiobook.application.ports``.
from studiobook.application.appointments.calendar import (  # noqa: E402
    ANY_HOST,
    CalendarGateway,
    CalendarGatewayFactory,
    RemoteBooking,
    RemoteEventType,
    RemoteHost,
    RemoteMember,
)

__all__ = (
    "AuditTrail",
    *__all__,
    "ANY_HOST",
    "CalendarGateway",
    "CalendarGatewayFactory",
    "RemoteBooking",
    "RemoteEventType",
    "RemoteHost",
    "RemoteMember",
)
