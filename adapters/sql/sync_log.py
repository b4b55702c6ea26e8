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

    def start(self, kind: str, now: datetime, alive_since: datetime) -> SyncRun | None:
        """Open a run unless one of ``kind`` is alive (still running, with a heartbeat — or, for
        a run from before schema 0009, its start — after ``alive_since``); mark the dead ones
        ``interrupted`` first.

        Call inside a write unit of work; on PostgreSQL an advisory lock per kind makes the
        check-and-insert atomic (SQLite's ``BEGIN IMMEDIATE`` already does).
        """
        if self._db.dialect.name == "postgresql":
            self._db.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": zlib.crc32(f"sync:{kind}".encode())})
        last_sign = func.coalesce(sync_runs.c.heartbeat_at, sync_runs.c.started_at)
        running = self._db.execute(
            select(sync_runs.c.id, last_sign.label("last_sign")).where(
                sync_runs.c.kind == kind, sync_runs.c.outcome == "running"
            )
        ).all()
        if any(run.last_sign > alive_since for run in running):
            return None
        for run in running:
            self._db.execute(
                update(sync_runs)
                .where(sync_runs.c.id == run.id)
                .values(
                    outcome="interrupted",
                    finished_at=now,
                    message=f"interrupted: no heartbeat since {run.last_sign:%Y-%m-%d %H:%M:%S} UTC "
                    "(its process died or lost the database); the next run proceeded",
                )
            )
        run_id = self._db.execute(
            insert(sync_runs).returning(sync_runs.c.id),
            {
                "kind": kind, "started_at": now, "heartbeat_at": now, "outcome": "running",
                "created": 0, "updated": 0, "unchanged": 0, "errors": 0,
            },
        ).scalar_one()
        return self.get(run_id)

    def heartbeat(self, run_id: int, now: datetime) -> None:
        self._db.execute(update(sync_runs).where(sync_runs.c.id == run_id).values(heartbeat_at=now))

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
        """Counts grow with each committed write (a changed page, or unchanged pages' counts at
        least every 10 s), so a run that dies still tells the truth up to its last commit."""
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
        """Each record once — the same record failing in run after run is one entry, with its
        latest error and how often it failed; errors without a record (a page) by their reason."""
        record = func.coalesce(sync_errors.c.record_id, sync_errors.c.reason)
        latest = (
            select(func.max(sync_errors.c.id).label("id"), func.count().label("count"))
            .group_by(sync_errors.c.kind, record)
            .subquery()
        )
        rows = self._db.execute(
            select(sync_errors, latest.c.count)
            .join(latest, latest.c.id == sync_errors.c.id)
            .order_by(sync_errors.c.occurred_at.desc(), sync_errors.c.id.desc())
            .limit(limit)
        ).mappings()
        from studiobook.application.members.ports import SyncError

        return [SyncError(**row) for row in rows]

    def error_total(self) -> int:
        return self._db.execute(select(func.count()).select_from(sync_errors)).scalar_one()
