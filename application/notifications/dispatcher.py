"""Sending what the outbox holds: claim, send, mark — and try again later when a send fails.

Each message is claimed before its send, in a short transaction of its own, by a conditional
write the store decides: of two dispatchers (``serve`` and ``scheduler run``, two hosts) one gets
it, the other moves on. The claim lapses after :attr:`Dispatcher.claim_for`; a dispatcher that
dies between the send and the mark leaves it to lapse, and the message is sent again — with the
same Message-ID — rather than lost. Sending at least once is the promise; exactly once cannot be
had from a mail server that may accept a message and then drop the connection.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Literal

from studiobook.application.notifications.ports import (
    NotificationFailed,
    NotificationsUnitOfWork,
    Notifier,
    OutboxEntry,
)
from studiobook.application.shared.ports import Clock
from studiobook.application.shared.transactions import Events, Transactions
from studiobook.domain.notifications.delivery import next_attempt

log = logging.getLogger("studiobook.notifications")

Outcome = Literal["sent", "retrying", "failed", "taken"]


def dispatcher_identity() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass
class Dispatched:
    """What one dispatch did, message by message."""

    sent: int = 0
    retrying: int = 0  # failed, due again later
    failed: int = 0  # given up
    taken: int = 0  # claimed by another dispatcher first

    def count(self, outcome: Outcome) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    @property
    def handled(self) -> int:
        return self.sent + self.retrying + self.failed

    def __str__(self) -> str:
        return (
            f"{self.sent} sent, {self.retrying} to retry, {self.failed} given up"
            + (f", {self.taken} taken by another dispatcher" if self.taken else "")
        )


@dataclass
class Dispatcher:
    transactions: Transactions
    notifier: Notifier
    clock: Clock
    batch: int = 50
    # Longer than one send may take (the SMTP adapter's timeout), so a slow send is never
    # taken over by a second dispatcher while the first is still at it.
    claim_for: timedelta = timedelta(minutes=5)
    owner: str = field(default_factory=dispatcher_identity)

    def dispatch(self, most_batches: int = 20) -> Dispatched:
        """Send what is due, a batch at a time, until nothing is left or ``most_batches``
        batches went out (the scheduler comes back a minute later)."""
        total = Dispatched()
        for _ in range(most_batches):
            due = self._due()
            for entry in due:
                total.count(self.deliver(entry.id))
            if len(due) < self.batch:
                break
        return total

    def _due(self) -> list[OutboxEntry]:
        now = self.clock.now()

        def due(uow: NotificationsUnitOfWork) -> list[OutboxEntry]:
            return uow.outbox.due(now, self.batch)

        return self.transactions.read(due)

    def deliver(self, entry_id: int) -> Outcome:
        """Claim one message, send it, record how it went."""
        now = self.clock.now()

        def claim(uow: NotificationsUnitOfWork, events: Events) -> OutboxEntry | None:
            return uow.outbox.claim(entry_id, self.owner, now, now + self.claim_for)

        entry = self.transactions.write(claim)
        if entry is None:
            return "taken"
        try:
            self.notifier.send(entry.message)
        except NotificationFailed as failure:
            return self._failed(entry, str(failure), permanent=failure.permanent)
        except Exception as error:  # a broken adapter is a failed send, not a stopped queue
            return self._failed(entry, f"{type(error).__name__}: {error}", permanent=False)
        sent_at = self.clock.now()

        def mark_sent(uow: NotificationsUnitOfWork, events: Events) -> None:
            uow.outbox.mark_sent(entry.id, sent_at)

        self.transactions.write(mark_sent)
        return "sent"

    def _failed(self, entry: OutboxEntry, reason: str, *, permanent: bool) -> Outcome:
        retry_at = next_attempt(entry.attempts, self.clock.now(), permanent=permanent)
        what = f"{entry.message.kind} to {entry.message.recipient_email} (outbox {entry.id})"
        if retry_at is None:
            log.warning("gave up sending %s after %d attempt(s): %s", what, entry.attempts, reason)
        else:
            log.info("sending %s failed, trying again at %s: %s", what, retry_at, reason)

        def mark_failed(uow: NotificationsUnitOfWork, events: Events) -> None:
            uow.outbox.mark_failed(entry.id, self.owner, reason, retry_at)

        self.transactions.write(mark_failed)
        return "retrying" if retry_at is not None else "failed"
