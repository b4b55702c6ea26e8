"""Persisted job runs and leases for the scheduler (see ``studiobook.application.jobs.runner``)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import or_, select, update

from studiobook.adapters.sql.dialects import insert_missing
from studiobook.adapters.sql.tables import scheduled_jobs as jobs
from studiobook.application.jobs.ports import JobRun
from studiobook.application.shared.transactions import retry_when_busy

if TYPE_CHECKING:
    from studiobook.adapters.sql.store import SqlStore


class SqlJobRuns:
    def __init__(self, store: SqlStore) -> None:
        self._store = store

    def claim(self, name: str, owner: str, now: datetime, due_before: datetime, lease_until: datetime) -> bool:
        # Another scheduler may be writing (its own claim, or a job's transaction): wait, don't fail.
        return retry_when_busy(lambda: self._claim(name, owner, now, due_before, lease_until))

    def _claim(self, name: str, owner: str, now: datetime, due_before: datetime, lease_until: datetime) -> bool:
        with self._store.unit_of_work(for_writing=True) as uow:
            insert_missing(uow.connection, jobs, [{"name": name}])
            claimed: int = uow.connection.execute(
                update(jobs)
                .where(
                    jobs.c.name == name,
                    or_(jobs.c.lease_owner.is_(None), jobs.c.lease_expires_at < now),
                    or_(jobs.c.last_started_at.is_(None), jobs.c.last_started_at <= due_before),
                )
                .values(lease_owner=owner, lease_expires_at=lease_until)
            ).rowcount
            uow.commit()
        return claimed == 1

    def finish(self, name: str, owner: str, started_at: datetime, finished_at: datetime, outcome: str, message: str) -> None:
        retry_when_busy(lambda: self._finish(name, owner, started_at, finished_at, outcome, message))

    def _finish(self, name: str, owner: str, started_at: datetime, finished_at: datetime, outcome: str, message: str) -> None:
        with self._store.unit_of_work(for_writing=True) as uow:
            uow.connection.execute(
                update(jobs)
                .where(jobs.c.name == name, jobs.c.lease_owner == owner)
                .values(
                    last_started_at=started_at,
                    last_finished_at=finished_at,
                    last_outcome=outcome,
                    last_message=message[:2000],
                    lease_owner=None,
                    lease_expires_at=None,
                )
            )
            uow.commit()

    def all(self) -> list[JobRun]:
        with self._store.unit_of_work() as uow:
            rows = uow.connection.execute(select(jobs).order_by(jobs.c.name)).mappings()
            return [JobRun(**row) for row in rows]
