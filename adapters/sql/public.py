"""Manage tokens and remembered ``Idempotency-Key`` answers (SPEC 6), on the unit of work's
connection."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Connection, delete, insert, select

from studiobook.adapters.sql.dialects import insert_ignoring_conflicts
from studiobook.adapters.sql.tables import idempotency_keys, manage_tokens
from studiobook.application.shared.ports import ManagedRecord, RememberedAnswer, StoreBusy


class SqlManageTokens:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, token_hash: str, record: ManagedRecord, at: datetime) -> None:
        self._db.execute(
            insert(manage_tokens),
            {
                "token_hash": token_hash,
                "kind": record.kind,
                "record_id": record.record_id,
                "company_id": record.company_id,
                "created_at": at,
            },
        )

    def find(self, token_hash: str) -> ManagedRecord | None:
        row = self._db.execute(
            select(manage_tokens.c.kind, manage_tokens.c.record_id, manage_tokens.c.company_id)
            .where(manage_tokens.c.token_hash == token_hash)
        ).first()
        return None if row is None else ManagedRecord(row.kind, row.record_id, row.company_id)


class SqlIdempotencyRecords:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def recall(self, scope: str, key: str, since: datetime) -> RememberedAnswer | None:
        row = self._db.execute(
            select(idempotency_keys).where(
                idempotency_keys.c.scope == scope,
                idempotency_keys.c.key == key,
                idempotency_keys.c.created_at >= since,
            )
        ).mappings().first()
        if row is None:
            return None
        return RememberedAnswer(row["fingerprint"], row["status_code"], json.loads(row["body"]))

    def remember(
        self, scope: str, key: str, answer: RememberedAnswer, at: datetime, expired_before: datetime
    ) -> None:
        # An expired answer under the same key makes room; a live one written by a concurrent
        # transaction makes this INSERT do nothing, and the retry replays that answer.
        self._db.execute(
            delete(idempotency_keys).where(
                idempotency_keys.c.scope == scope, idempotency_keys.c.key == key
            )
            .where(idempotency_keys.c.created_at < expired_before)
        )
        inserted = self._db.execute(
            insert_ignoring_conflicts(self._db, idempotency_keys, ["scope", "key"]),
            {
                "scope": scope,
                "key": key,
                "fingerprint": answer.fingerprint,
                "status_code": answer.status,
                "body": json.dumps(answer.body, separators=(",", ":")),
                "created_at": at,
            },
        )
        if inserted.rowcount != 1:
            raise StoreBusy("another request with the same Idempotency-Key is being answered; try again")

