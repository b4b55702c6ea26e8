"""Audit rows, written on the unit of work's connection (same transaction as the change)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import Connection, insert, select

from studiobook.adapters.sql.tables import audit_log
from studiobook.application.shared.audit import AuditEntry, current_actor, snapshot


class SqlAuditTrail:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def record(
        self,
        entity: str,
        entity_id: object,
        action: str,
        *,
        before: object = None,
        after: object = None,
        company_id: int | None = None,
    ) -> None:
        self._db.execute(
            insert(audit_log),
            {
                # The audit's own time is when the row was written, read here on purpose.
                "occurred_at": datetime.now(UTC),
                "actor": current_actor()[:200],
                "company_id": company_id,
                "entity": entity,
                "entity_id": None if entity_id is None else str(entity_id),
                "action": action,
                "before": None if before is None else json.dumps(snapshot(before), ensure_ascii=False),
                "after": None if after is None else json.dumps(snapshot(after), ensure_ascii=False),
            },
        )

    def list(self, company_id: int | None = None, entity: str | None = None, limit: int = 100) -> list[AuditEntry]:
        query = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
        if company_id is not None:
            query = query.where(audit_log.c.company_id == company_id)
        if entity is not None:
            query = query.where(audit_log.c.entity == entity)
        return [
            AuditEntry(
                **{
                    **row,
                    "before": None if row["before"] is None else json.loads(row["before"]),
                    "after": None if row["after"] is None else json.loads(row["after"]),
                }
            )
            for row in self._db.execute(query).mappings()
        ]
