"""What public (customer-facing) booking shares across areas: manage tokens and
``Idempotency-Key`` replays (SPEC 6).

A *manage token* is the customer's only key to a booking or appointment: 256 random bits, shown
once in the answer, stored only as its SHA-256 — a leaked database copy opens nothing.

An *idempotent* write stores its answer under the client's key in the same transaction as what
it wrote, so a retry — after a timeout, a dropped connection or a crash between commit and
response — gets the same answer and writes nothing twice. As with Stripe's keys, only requests
that wrote something are remembered: a refusal (full, not open yet) wrote nothing, and a retry
is simply asked again. Keys are kept 24 hours.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Generic, Protocol, TypeVar

from studiobook.application.shared.ports import (
    IdempotencyRecords,
    ManagedRecord,
    ManageTokens,
    RememberedAnswer,
)
from studiobook.domain.shared.errors import DomainError, NotFound

KEEP_ANSWERS = timedelta(hours=24)
MAX_KEY_LENGTH = 255

Result = TypeVar("Result")


class HasManageTokens(Protocol):
    manage_tokens: ManageTokens


class PublicUnitOfWork(HasManageTokens, Protocol):
    idempotency: IdempotencyRecords


def new_manage_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def issue_manage_token(
    uow: HasManageTokens, kind: str, record_id: int, company_id: int, now: datetime
) -> str:
    token = new_manage_token()
    uow.manage_tokens.add(token_hash(token), ManagedRecord(kind, record_id, company_id), now)
    return token


class ManageTokenNotFound(NotFound):
    code = "not_found"

    def __init__(self) -> None:
        super().__init__("no booking or appointment has this manage token")


def managed(uow: PublicUnitOfWork, token: str, *kinds: str) -> ManagedRecord:
    """The record ``token`` opens, if it is one of ``kinds``; the same error for a wrong token
    and a token of another kind, so tokens cannot be probed."""
    found = uow.manage_tokens.find(token_hash(token)) if 16 <= len(token) <= 200 else None
    if found is None or found.kind not in kinds:
        raise ManageTokenNotFound()
    return found


class IdempotencyMismatch(DomainError):
    code = "idempotency_mismatch"

    def __init__(self, key: str) -> None:
        super().__init__(
            f"the Idempotency-Key {key!r} was already used for a different request; "
            "send a new key for a new request"
        )


def fingerprint(*parts: object) -> str:
    """The SHA-256 of a request's meaningful parts (method, path, body as parsed)."""
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Once(Generic[Result]):
    """A write sent with an ``Idempotency-Key``: ``scope`` keeps keys of different routes and
    studios apart, ``answer`` turns the fresh result into what is stored and sent."""

    scope: str
    key: str
    fingerprint: str
    answer: Callable[[Result], tuple[int, dict[str, Any]]]


@dataclass(frozen=True)
class Replayed:
    """The stored answer of an earlier request with the same key and body."""

    status: int
    body: dict[str, Any]


def remembering(
    once: Once[Result] | None,
    now: datetime,
    work: Callable[[Any, Any], Result],
) -> Callable[[Any, Any], Result | Replayed]:
    """Wrap a unit of work's ``work(uow, events)``: replay a stored answer, or do the work and
    store its answer in the same transaction."""
    if once is None:
        return work

    def wrapped(uow: Any, events: Any) -> Result | Replayed:
        stored = _replay(uow, once, now)
        if stored is not None:
            return stored
        try:
            result = work(uow, events)
        except DomainError:
            # The first look came before the work waited for its lock (a course, a staff
            # member). The same key's first request may have committed meanwhile — its answer,
            # not this refusal, is the truth — and on PostgreSQL a new statement sees it.
            stored = _replay(uow, once, now)
            if stored is not None:
                return stored
            raise
        status, body = once.answer(result)
        uow.idempotency.remember(
            once.scope, once.key, RememberedAnswer(once.fingerprint, status, body), now,
            expired_before=now - KEEP_ANSWERS,
        )
        return result

    return wrapped


def _replay(uow: Any, once: Once[Any], now: datetime) -> Replayed | None:
    stored = uow.idempotency.recall(once.scope, once.key, now - KEEP_ANSWERS)
    if stored is None:
        return None
    if stored.fingerprint != once.fingerprint:
        raise IdempotencyMismatch(once.key)
    return Replayed(stored.status, stored.body)
