"""When a message is tried again after a failed send, and when studiobook gives up.

A mail server that is down for a minute or an hour should cost nothing but a delay, so the
waits grow (1 min, 5 min, 15 min, 1 h, 3 h, 6 h); after :data:`MOST_ATTEMPTS` sends — about
eleven hours — the message is given up, with the last error kept for the studio to read and a
resend one click away. A refusal that no retry can change (a mailbox the server says does not
exist) is given up at once.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

BACKOFF: tuple[timedelta, ...] = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=3),
    timedelta(hours=6),
)
MOST_ATTEMPTS = len(BACKOFF) + 1


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # waiting for its (next) send
    SENT = "sent"
    FAILED = "failed"  # given up; the error says why


def next_attempt(attempts: int, now: datetime, *, permanent: bool = False) -> datetime | None:
    """When to send again after the ``attempts``-th send failed at ``now``; ``None``: give up."""
    if attempts < 1:
        raise ValueError("a failure follows at least one attempt")
    if permanent or attempts >= MOST_ATTEMPTS:
        return None
    return now + BACKOFF[min(attempts, len(BACKOFF)) - 1]


def claimable(
    status: DeliveryStatus,
    next_attempt_at: datetime,
    claimed_until: datetime | None,
    now: datetime,
) -> bool:
    """A message may be taken for sending: waiting, due, and nobody's claim on it still holds
    (a dispatcher that died mid-send leaves a claim that runs out, and the message is sent
    again)."""
    return (
        status is DeliveryStatus.PENDING
        and next_attempt_at <= now
        and (claimed_until is None or claimed_until <= now)
    )
