"""The audit trail: who changed what, when, with the values before and after.

Use-cases record each change on ``uow.audit`` inside their own transaction, so an audit row exists
exactly when the change does. Who acts is a context variable set at the edge — the CLI sets the
operating-system user, the web app the token's name — so use-cases need no extra parameter.
Values are snapshots as JSON-ready dicts with secrets redacted before they reach the store.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from studiobook.application.shared.transactions import Transactions

_ACTOR: ContextVar[str] = ContextVar("studiobook_actor", default="system")

REDACTED = "***"
_SECRET_WORDS = ("key", "secret", "token", "password")


def current_actor() -> str:
    return _ACTOR.get()


@contextmanager
def acting_as(actor: str) -> Iterator[None]:
    """Attribute every change made inside the block to ``actor``."""
    token = _ACTOR.set(actor)
    try:
        yield
    finally:
        _ACTOR.reset(token)


def set_actor(actor: str) -> None:
    """For a process that acts as one actor throughout (the CLI)."""
    _ACTOR.set(actor)


def snapshot(value: Any) -> Any:
    """A JSON-ready copy of a domain value, with anything that looks like a secret redacted."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "to_dict") and callable(value.to_dict):
        return snapshot(value.to_dict())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value) if f.name != "events"}
    if isinstance(value, Mapping):
        return {
            str(k): REDACTED if _is_secret(str(k)) and v is not None else snapshot(v)
            for k, v in value.items()
        }
    if isinstance(value, (list, tuple, set, frozenset)):
        return [snapshot(v) for v in value]
    return str(value)


def _is_secret(name: str) -> bool:
    lowered = name.lower()
    return any(word in lowered for word in _SECRET_WORDS)


@dataclasses.dataclass(frozen=True)
class AuditEntry:
    id: int
    occurred_at: datetime
    actor: str
    company_id: int | None
    entity: str
    entity_id: str | None
    action: str
    before: Any
    after: Any


class AuditQueries:
    """Reading the trail (``studiobook audit``, the admin web)."""

    def __init__(self, transactions: Transactions) -> None:
        self.transactions = transactions

    def list(self, company_id: int | None = None, entity: str | None = None, limit: int = 100) -> list[AuditEntry]:
        return self.transactions.read(lambda uow: uow.audit.list(company_id, entity, limit))
