"""The ``task_runs`` table: every job's task, arguments, attempts and last outcome.

On the embedded database it is the queue itself (jobs run when they are queued); on PostgreSQL it
sits beside procrastinate's jobs (same id) and keeps what they do not: the last summary or error.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select, update

from studiobook.adapters.sql.dialects import insert_missing
from studiobook.adapters.sql.tables import task_runs
from studiobook.application.jobs.ports import JobError, QueuedJob
from studiobook.application.shared.transactions import retry_when_busy

if TYPE_CHECKING:
    from sqlalchemy import RowMapping

    from studiobook.adapters.sql.store import SqlStore

MESSAGE_LIMIT = 2000


def as_job(row: RowMapping) -> QueuedJob:
    return QueuedJob(
        id=row["id"], task=row["task"], args=json.loads(row["args"]), status=row["status"],
        attempts=row["attempts"], lock=row["lock"], queueing_lock=row["queueing_lock"],
        message=row["message"], started_at=row["started_at"], finished_at=row["finished_at"],
    )  # fmt: skip


class SqlTaskRuns:
    def __init__(self, store: SqlStore) -> None:
        self._store = store

    def add(
        self, task: str, args: Mapping[str, Any], lock: str | None, queueing_lock: str | None,
        now: datetime, status: str = "queued", job_id: int | None = None,
    ) -> int:
        """A new job's row; its id (``job_id`` when the queue gave it one)."""
        row = {
            "task": task, "args": json.dumps(dict(args), sort_keys=True), "status": status,
            "attempts": 0, "lock": lock, "queueing_lock": queueing_lock, "queued_at": now,
        }  # fmt: skip
        if job_id is not None:
            row["id"] = job_id

        def write() -> int:
            with self._store.unit_of_work(for_writing=True) as uow:
                if job_id is not None:
                    insert_missing(uow.connection, task_runs, [row])
                    new_id = job_id
                else:
                    key = uow.connection.execute(insert(task_runs), row).inserted_primary_key
                    assert key is not None
                    new_id = key[0]
                uow.commit()
            return int(new_id)

        return retry_when_busy(write)

    def started(self, job_id: int, now: datetime) -> int:
        """One more attempt begins; the attempt's number."""

        def write() -> int:
            with self._store.unit_of_work(for_writing=True) as uow:
                uow.connection.execute(
                    update(task_runs).where(task_runs.c.id == job_id).values(
                        status="running", attempts=task_runs.c.attempts + 1, started_at=now,
                        finished_at=None,
                    )
                )  # fmt: skip
                attempts = uow.connection.execute(
                    select(task_runs.c.attempts).where(task_runs.c.id == job_id)
                ).scalar_one()
                uow.commit()
            return int(attempts)

        return retry_when_busy(write)

    def finished(self, job_id: int, status: str, message: str, now: datetime) -> None:
        def write() -> None:
            with self._store.unit_of_work(for_writing=True) as uow:
                uow.connection.execute(
                    update(task_runs).where(task_runs.c.id == job_id).values(
                        status=status, message=message[:MESSAGE_LIMIT], finished_at=now
                    )
                )
                uow.commit()

        retry_when_busy(write)

    def get(self, job_id: int) -> QueuedJob:
        with self._store.unit_of_work() as uow:
            row = uow.connection.execute(
                select(task_runs).where(task_runs.c.id == job_id)
            ).mappings().first()
        if row is None:
            raise JobError(f"there is no job {job_id}")
        return as_job(row)

    def find(self, job_ids: list[int]) -> dict[int, QueuedJob]:
        if not job_ids:
            return {}
        with self._store.unit_of_work() as uow:
            rows = uow.connection.execute(
                select(task_runs).where(task_runs.c.id.in_(job_ids))
            ).mappings().all()
        return {row["id"]: as_job(row) for row in rows}

    def list(self, status: str | None, limit: int) -> list[QueuedJob]:
        query = select(task_runs).order_by(task_runs.c.id.desc()).limit(limit)
        if status is not None:
            query = query.where(task_runs.c.status == status)
        with self._store.unit_of_work() as uow:
            return [as_job(row) for row in uow.connection.execute(query).mappings()]
