"""The embedded database's task queue: a job runs in this process when it is queued, attempt
after attempt until it succeeds or its attempts are spent, and is recorded with its outcome.

No server, no worker: ``studiobook sync members --queue`` on the default SQLite file does the
work at once and prints the job and how it ended. Locks need nothing more here: the work runs
inside the enqueueing call, and the syncs guard themselves across processes (WODIFY's run lease,
Cal.com's company row lock).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from studiobook.adapters.queue.records import SqlTaskRuns
from studiobook.application.jobs.ports import JobError, QueuedJob, QueueTask
from studiobook.application.shared.ports import Clock

if TYPE_CHECKING:
    from studiobook.adapters.sql.store import SqlStore

log = logging.getLogger("studiobook.queue")


def failure(error: BaseException) -> str:
    """An attempt's error in one line: its type and its message."""
    return " ".join(f"{type(error).__name__}: {error}".split())


class InProcessQueue:
    runs_in_process = True

    def __init__(self, store: SqlStore, clock: Clock, tasks: Sequence[QueueTask]) -> None:
        self.records = SqlTaskRuns(store)
        self.clock = clock
        self.tasks = {task.name: task for task in tasks}

    def enqueue(
        self,
        task: str,
        args: Mapping[str, Any],
        lock: str | None = None,
        queueing_lock: str | None = None,
    ) -> int:
        found = self._task(task)
        job_id = self.records.add(task, args, lock, queueing_lock, self.clock.now())
        self._run(job_id, found, args)
        return job_id

    def _task(self, name: str) -> QueueTask:
        found = self.tasks.get(name)
        if found is None:
            raise JobError(f"there is no task '{name}' (tasks: {', '.join(sorted(self.tasks))})")
        return found

    def _run(self, job_id: int, task: QueueTask, args: Mapping[str, Any]) -> None:
        for _ in range(task.attempts):
            attempt = self.records.started(job_id, self.clock.now())
            try:
                message = task.run(args)
            except Exception as error:
                message = failure(error)
                log.info("job %s (%s) attempt %s failed: %s", job_id, task.name, attempt, message)
                self.records.finished(job_id, "failed", message, self.clock.now())
                if isinstance(error, task.final):
                    return
                continue
            self.records.finished(job_id, "succeeded", message, self.clock.now())
            return

    def job(self, job_id: int) -> QueuedJob:
        return self.records.get(job_id)

    def list(self, status: str | None = None, limit: int = 50) -> list[QueuedJob]:
        return self.records.list(status, limit)

    def retry(self, job_id: int) -> QueuedJob:
        job = self.records.get(job_id)
        if job.status not in ("failed", "cancelled"):
            raise JobError(f"job {job_id}: {job.status}; only a failed job can be retried")
        self._run(job_id, self._task(job.task), job.args)
        return self.records.get(job_id)

    def cancel(self, job_id: int) -> QueuedJob:
        job = self.records.get(job_id)
        raise JobError(
            f"job {job_id} has {job.status}: on the embedded database a job runs when it is "
            "queued, so there is nothing waiting to cancel"
        )

    def start(self, concurrency: int = 1) -> Callable[[], None]:
        self.work(concurrency)
        return lambda: None  # pragma: no cover - work() refused

    def work(self, concurrency: int = 1, wait: bool = True) -> None:
        raise JobError(
            "the embedded database needs no worker: queued jobs run at once in the command "
            "that queues them (workers are for PostgreSQL)"
        )
