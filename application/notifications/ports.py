"""What the notifications need: a :class:`Notifier` that sends one message, the :class:`Outbox`
table in the caller's transaction, and the bookings and appointments coming up
(:class:`UpcomingVisits`) for reminders."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from studiobook.application.shared.ports import AuditTrail, Transaction
from studiobook.domain.notifications.delivery import DeliveryStatus
from studiobook.domain.notifications.messages import Message


class NotificationFailed(Exception):
    """A message was not delivered. ``permanent``: the receiving side refused it for good (no
    such mailbox, say), so sending it again cannot help. The text says what went wrong and never
    holds a password."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.permanent = permanent


class Notifier(Protocol):
    def send(self, message: Message) -> None:
        """Deliver ``message`` (its ``message_id`` as the Message-ID, the same on every send),
        or raise :class:`NotificationFailed` saying why not."""


@dataclass(frozen=True)
class OutboxEntry:
    """A message in the outbox and how its delivery stands."""

    id: int
    message: Message
    status: DeliveryStatus
    attempts: int  # sends started, a send cut short by a crash included
    next_attempt_at: datetime
    created_at: datetime
    sent_at: datetime | None = None
    last_error: str | None = None
    claimed_until: datetime | None = None


class Outbox(Protocol):
    """The messages waiting, sent and given up, in the store of everything else, so a message is
    written in the same transaction as the change it reports — or not at all."""

    def add(self, message: Message, at: datetime, once_key: str | None = None) -> int | None:
        """Queue ``message``, due at ``at``; its id. With ``once_key``: ``None`` (and nothing
        written) when a message with that key exists — decided by the store, so two writers at
        once queue it once."""

    def once_keys(self, keys: Collection[str]) -> set[str]:
        """Those of ``keys`` under which a message was queued."""

    def revisions(self, about: str) -> int:
        """How many queued messages made or changed the calendar entry ``about``."""

    def last_about(self, about: str) -> Message | None:
        """The message about ``about`` queued last."""

    def due(self, now: datetime, limit: int) -> list[OutboxEntry]:
        """Pending messages whose next attempt is due at ``now`` and that nobody holds a claim
        on, oldest first."""

    def claim(
        self, entry_id: int, owner: str, now: datetime, until: datetime
    ) -> OutboxEntry | None:
        """Take the message for one send, counting the attempt, if it is still claimable at
        ``now`` — decided by the store, so of two dispatchers one gets it; the claim lapses at
        ``until``. ``None``: someone else has it, or it is no longer due."""

    def mark_sent(self, entry_id: int, at: datetime) -> None: ...

    def mark_failed(
        self, entry_id: int, owner: str, error: str, next_attempt_at: datetime | None
    ) -> None:
        """Record the failed send of ``owner``'s claim: due again at ``next_attempt_at``, or
        given up (``None``); the claim ends."""

    def list(
        self, company_id: int | None = None, status: DeliveryStatus | None = None, limit: int = 100
    ) -> list[OutboxEntry]:
        """Newest first."""

    def counts(self, company_id: int | None = None) -> dict[DeliveryStatus, int]: ...

    def resend(self, entry_id: int, now: datetime, company_id: int | None = None) -> bool:
        """Put a given-up message back in the queue, due at ``now`` with its attempts reset;
        ``False`` when there is no such given-up message (of that company)."""


@dataclass(frozen=True)
class Visit:
    """A confirmed course booking or a booked appointment, as a reminder tells of it."""

    about: str  # about_booking(id) or about_appointment(id)
    company_id: int
    studio: str
    what: str
    customer_name: str
    customer_email: str
    starts_at: datetime
    ends_at: datetime | None
    time_zone: str
    tickets: int | None = None


class UpcomingVisits(Protocol):
    def starting(self, starts_from: datetime, starts_before: datetime) -> list[Visit]:
        """Confirmed bookings of courses not called off and booked appointments that start in
        ``[starts_from, starts_before)``, by start."""


class HasOutbox(Protocol):
    """Any unit of work with the outbox: what :func:`~.outbox.enqueue` writes into."""

    @property
    def outbox(self) -> Outbox: ...


class NotificationsUnitOfWork(Transaction, Protocol):
    audit: AuditTrail
    outbox: Outbox
    upcoming: UpcomingVisits
