"""What the member and lead use-cases need: the local copies of WODIFY's records, the sync log, and
the WODIFY gateway itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Generic, Protocol, TypeVar

from studiobook.application.shared.ports import AuditTrail, Page, Rejected, Transaction
from studiobook.domain.members.leads import Lead, LeadStatus
from studiobook.domain.members.member import (
    Member,
    Membership,
    MembershipPackage,
    MembershipStatus,
)

Copy = TypeVar("Copy")  # the record kept: a Member or a Lead
Status = TypeVar("Status", contravariant=True)  # its status: a MembershipStatus or a LeadStatus
Record = TypeVar("Record", covariant=True)

Hashes = Mapping[str, str | None]  # a record's content hash by its id (None: none known)


@dataclass(frozen=True)
class Received(Generic[Record]):
    """One record as WODIFY sent it, not mapped yet: its id as sent, a hash of its raw content
    (``None`` when it has no id to keep one under), and how to map it to a domain value.

    A record whose hash equals the one stored with its local copy is unchanged on the wire, so
    the sync skips it without mapping it. The hash covers the raw record (every field as sent)
    and the mapping's version, never the domain's normalised values: a change WODIFY makes is
    never hidden by a field the domain derives or cleans up."""

    record_id: str
    content_hash: str | None
    mapping: Callable[[], Record | Rejected]

    def mapped(self) -> Record | Rejected:
        """The domain value, or why the record cannot be one."""
        return self.mapping()


class LocalCopies(Protocol[Copy, Status]):
    """Local copies of WODIFY records (members by client id, leads by lead id)."""

    def get(self, record_id: str) -> Copy | None: ...

    def get_many(self, record_ids: Iterable[str]) -> dict[str, Copy]:
        """The stored records among ``record_ids``, by id — one query for a whole page."""

    def content_hashes(self, record_ids: Iterable[str]) -> dict[str, str | None]:
        """The content hash stored with each of the records among ``record_ids`` that exist
        (``None``: written without one — before hashes were kept, or not by the sync); one
        query for a whole page, no record built."""

    def add_many(
        self, records: list[Copy], stored_at: datetime, hashes: Hashes | None = None
    ) -> None:
        """Insert; ``hashes``: the content hash to keep with each record (by id), else none."""

    def replace_many(
        self, records: list[Copy], stored_at: datetime, hashes: Hashes | None = None
    ) -> None:
        """Overwrite every field of existing records (WODIFY is the source of truth), the content
        hash with ``hashes``' (none without it: a copy not written by the sync is compared by the
        next sync whatever WODIFY sends)."""

    def store_hashes(self, hashes: Mapping[str, str]) -> None:
        """Keep these content hashes for existing records, nothing else changed."""

    def list(
        self,
        status: Status | None = None,
        limit: int = 50,
        offset: int = 0,
        text: str | None = None,
    ) -> list[Copy]:
        """By last name; ``text``: only records whose first name, last name or e-mail contain
        each of its words (case-insensitive), or whose id is ``text``."""

    def count(self, status: Status | None = None, text: str | None = None) -> int: ...


@dataclass(frozen=True)
class MemberBooking:
    """One course booking of a member (matched by the member's e-mail), for the member's page."""

    booking_id: int
    course_id: int
    course_title: str
    starts_at: datetime | None
    course_cancelled: bool
    company_name: str
    time_zone: str  # the course's company's: times are shown there
    tickets: int
    status: str  # the booking's status (pending, confirmed, cancelled, ...)
    booked_at: datetime


class MemberCopies(LocalCopies[Member, MembershipStatus], Protocol):
    def bookings_of(self, client_id: str, limit: int = 50) -> list[MemberBooking]:
        """The course bookings made with the member's e-mail, latest course first."""


LeadCopies = LocalCopies[Lead, LeadStatus]


class SyncLog(Protocol):
    def start(self, kind: str, now: datetime, alive_since: datetime) -> SyncRun | None:
        """Open a run, or ``None`` while a run of ``kind`` is alive: still ``running`` with a
        heartbeat (its start when it has none) after ``alive_since``. A ``running`` run with an
        older heartbeat belongs to a process that died: it is marked ``interrupted`` first."""

    def heartbeat(self, run_id: int, now: datetime) -> None:
        """The running process is alive: refresh the run's lease."""

    def last(self, kind: str, outcomes: tuple[str, ...] | None = None) -> SyncRun | None: ...

    def add_counts(self, run_id: int, created: int, updated: int, unchanged: int, errors: int) -> None: ...

    def finish(self, run_id: int, outcome: str, message: str | None, now: datetime) -> SyncRun: ...

    def record_error(self, run_id: int, kind: str, record_id: str | None, reason: str, now: datetime) -> None: ...

    def recent_errors(self, limit: int = 10) -> list[SyncError]:
        """The latest errors, newest first, each record once (its latest error and count)."""

    def error_total(self) -> int: ...


class MembersUnitOfWork(Transaction, Protocol):
    """The member use-cases' transaction (WODIFY sync, memberships): only the repositories they use."""

    audit: AuditTrail
    members: MemberCopies
    leads: LeadCopies
    sync_log: SyncLog


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

    def received_members(self, page: int = 1, page_size: int = 100) -> Page[Received[Member]]:
        """One page of members as sent, each mapped only when asked (what the sync reads);
        ``rejected``: records without an id that do not map either."""

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

    def received_leads(self, page: int = 1, page_size: int = 100) -> Page[Received[Lead]]:
        """One page of leads as sent, each mapped only when asked (see :meth:`received_members`)."""

    def convert_lead(
        self, lead_id: str, membership_type: str, start_date: date, payment_method: str = "stripe"
    ) -> Member:
        """WODIFY marks the lead converted and returns the new client with its membership."""

    def close(self) -> None:
        """Release connections; the gateway is not used afterwards."""


@dataclass(frozen=True)
class SyncRun:
    id: int
    kind: str
    started_at: datetime
    finished_at: datetime | None
    outcome: str  # running | ok | partial (some records rejected) | failed (stopped early)
    # | interrupted (its process died: no heartbeat within the lease)
    created: int
    updated: int
    unchanged: int
    errors: int
    message: str | None
    heartbeat_at: datetime | None = None


@dataclass(frozen=True)
class SyncError:
    id: int
    run_id: int
    kind: str
    record_id: str | None
    reason: str
    occurred_at: datetime  # the latest time this record failed
    count: int = 1  # how many times it failed (recent errors show each record once)
