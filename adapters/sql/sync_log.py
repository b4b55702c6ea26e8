"""The record of WODIFY syncs: runs with their counts, and the errors they met."""

from __future__ import annotations

import zlib
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, RowMapping, func, insert, select, text, update

from studiobook.adapters.sql.tables import sync_errors, sync_runs

# ``studiobook.application.members.wodify_sync`` (the WODIFY sync use-case) is imported where a run or an error is read:
# every unit of work makes a SqlSyncLog, and most commands never read one.
if TYPE_CHECKING:
    from studiobook.application.members.ports import SyncError, SyncRun


def _run(row: RowMapping) -> SyncRun:
    from studiobook.application.members.ports import SyncRun

    return SyncRun(**row)


class SqlSyncLog:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def start(self, kind: str, now: datetime, running_since: datetime) -> SyncRun | None:
        """Open a run unless one of ``kind`` started after ``running_since`` is still running.

        Call inside a write unit of work; on PostgreSQL an advisory lock per kind makes the
        check-and-insert atomic (SQLite's ``BEGIN IMMEDIATE`` already does).
        """
        if self._db.dialect.name == "postgresql":
            self._db.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": zlib.crc32(f"sync:{kind}".encode())})
        busy = self._db.execute(
            select(sync_runs.c.id).where(
                sync_runs.c.kind == kind,
                sync_runs.c.outcome == "running",
                sync_runs.c.started_at > running_since,
            )
        ).first()
        if busy is not None:
            return None
        run_id = self._db.execute(
            insert(sync_runs).returning(sync_runs.c.id),
            {"kind": kind, "started_at": now, "outcome": "running", "created": 0, "updated": 0, "unchanged": 0, "errors": 0},
        ).scalar_one()
        return self.get(run_id)

    def get(self, run_id: int) -> SyncRun | None:
        row = self._db.execute(select(sync_runs).where(sync_runs.c.id == run_id)).mappings().first()
        return None if row is None else _run(row)

    def last(self, kind: str, outcomes: tuple[str, ...] | None = None) -> SyncRun | None:
        query = select(sync_runs).where(sync_runs.c.kind == kind)
        if outcomes:
            query = query.where(sync_runs.c.outcome.in_(outcomes))
        row = self._db.execute(query.order_by(sync_runs.c.started_at.desc(), sync_runs.c.id.desc()).limit(1)).mappings().first()
        return None if row is None else _run(row)

    def add_counts(self, run_id: int, created: int, updated: int, unchanged: int, errors: int) -> None:
        """Counts grow with each committed page, so a run that dies still tells the truth."""
        self._db.execute(
            update(sync_runs)
            .where(sync_runs.c.id == run_id)
            .values(
                created=sync_runs.c.created + created,
                updated=sync_runs.c.updated + updated,
                unchanged=sync_runs.c.unchanged + unchanged,
                errors=sync_runs.c.errors + errors,
            )
        )

    def finish(self, run_id: int, outcome: str, message: str | None, now: datetime) -> SyncRun:
        self._db.execute(
            update(sync_runs)
            .where(sync_runs.c.id == run_id)
            .values(outcome=outcome, message=(message or None) and message[:2000], finished_at=now)
        )
        run = self.get(run_id)
        if run is None:
            raise LookupError(f"no sync run {run_id}")
        return run

    def record_error(self, run_id: int, kind: str, record_id: str | None, reason: str, now: datetime) -> None:
        self._db.execute(
            insert(sync_errors),
            {"run_id": run_id, "kind": kind, "record_id": record_id, "reason": reason[:2000], "occurred_at": now},
        )

    def recent_errors(self, limit: int = 10) -> list[SyncError]:
        rows = self._db.execute(
            select(sync_errors).order_by(sync_errors.c.occurred_at.desc(), sync_errors.c.id.desc()).limit(limit)
        ).mappings()
        from studiobook.application.members.ports import SyncError

        return [SyncError(**row) for row in rows]

    def error_total(self) -> int:
        return self._db.execute(select(func.count()).select_from(sync_errors)).scalar_one()
