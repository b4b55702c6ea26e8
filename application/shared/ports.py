"""Ports every area needs: the store's busy/unavailable errors, a transaction (what each area's
unit of work extends), the clock, the audit trail, event publishing, the cache, secrets, the
schema, and the errors and pages of remote gateways.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import TracebackType
from typing import Generic, Protocol, Self, TypeVar

from studiobook.application.settings import SettingsError
from studiobook.application.shared.audit import AuditEntry
from studiobook.domain.events import DomainEvent


class StoreBusy(Exception):
    """The store stayed locked by other writers past the bounded wait and retries."""

    def __init__(self, message: str = "the booking system is busy, try again in a moment") -> None:
        super().__init__(message)


class StoreUnavailable(Exception):
    """The store cannot be reached or opened at all; the message says which and why."""


class Transaction(Protocol):
    """One transaction. ``commit()`` makes it durable; leaving without commit rolls back.

    Each area's unit of work (``CoursesUnitOfWork``, ``MembersUnitOfWork``,
    ``AppointmentsUnitOfWork``) is a transaction naming the repositories that area uses.
    """

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC)."""


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
        company_id: int | str | None = None,
    ) -> None: ...

    def list(
        self, company_id: int | None = None, entity: str | None = None, limit: int = 100
    ) -> list[AuditEntry]: ...


@dataclass(frozen=True)
class ManagedRecord:
    """What a manage token opens: one booking, waitlist entry or appointment of a company."""

    kind: str  # "booking" | "waitlist_entry" | "appointment"
    record_id: int
    company_id: int


class ManageTokens(Protocol):
    """Stores only a token's SHA-256 (see ``studiobook.application.shared.public``)."""

    def add(self, token_hash: str, record: ManagedRecord, at: datetime) -> None: ...

    def find(self, token_hash: str) -> ManagedRecord | None: ...


@dataclass(frozen=True)
class RememberedAnswer:
    """The answer given to a request with an ``Idempotency-Key``, and which request it was."""

    fingerprint: str
    status: int
    body: dict[str, object]


class IdempotencyRecords(Protocol):
    def recall(self, scope: str, key: str, since: datetime) -> RememberedAnswer | None:
        """The answer stored under ``scope``/``key`` at ``since`` or later."""

    def remember(
        self, scope: str, key: str, answer: RememberedAnswer, at: datetime, expired_before: datetime
    ) -> None:
        """Store the answer in the caller's transaction, replacing one stored before
        ``expired_before``. Raises :class:`StoreBusy` when another transaction stored the same
        key first (the retry then finds and replays that one)."""


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
