"""What the job runner needs from a store (each job's persisted last run and its lease), and the
task queue that runs background work on workers (issue 19)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class JobRun:
    """The persisted state of a job: its last run and, while running, who holds the lease."""

    name: str
    last_started_at: datetime | None
    last_finished_at: datetime | None
    last_outcome: str | None  # "ok" | "failed"
    last_message: str | None
    lease_owner: str | None
    lease_expires_at: datetime | None


class JobRuns(Protocol):
    def claim(self, name: str, owner: str, now: datetime, due_before: datetime, lease_until: datetime) -> bool:
        """Atomically take the lease if the job is due (never run, or last started at or before
        ``due_before``) and nobody holds an unexpired lease; ``True`` when this owner got it."""

    def finish(self, name: str, owner: str, started_at: datetime, finished_at: datetime, outcome: str, message: str) -> None:
        """Record the run and release the lease (only if ``owner`` still holds it)."""

    def all(self) -> list[JobRun]: ...


# -- the task queue (issue 19): background work handed to workers, or run at once -------------

# A job's states, the same words on every backend (procrastinate's todo/doing are queued/running).
JOB_STATES = ("queued", "running", "succeeded", "failed", "cancelled")


class JobError(Exception):
    """A queue operation that cannot be done (an unknown job, a finished one to cancel, no
    worker on this database): one line for the user."""


class AlreadyQueued(JobError):
    """The same work (its queueing lock) is queued already and not yet started."""

    def __init__(self, queueing_lock: str, job_id: int | None) -> None:
        self.queueing_lock, self.job_id = queueing_lock, job_id
        where = f" as job {job_id}" if job_id is not None else ""
        super().__init__(f"{queueing_lock} is queued already{where}")


@dataclass(frozen=True)
class QueueTask:
    """A task the queue can run: its name, how many attempts it gets, and the work itself
    (``run(args) -> one line of what it did``; raising fails the attempt). An error of a type in
    ``final`` (a service that is not configured) fails the job at once: retrying cannot help."""

    name: str
    run: Callable[[Mapping[str, Any]], str]
    attempts: int = 1
    final: tuple[type[Exception], ...] = ()


@dataclass(frozen=True)
class QueuedJob:
    """One job as the queue knows it; ``message`` is the last attempt's summary or error."""

    id: int
    task: str
    args: dict[str, Any]
    status: str  # one of JOB_STATES
    attempts: int
    lock: str | None = None
    queueing_lock: str | None = None
    message: str | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None


class TaskQueue(Protocol):
    """Background work by task name. On a server database it is queued for workers; on the
    embedded one it runs in this process when it is enqueued (``runs_in_process``)."""

    runs_in_process: bool

    def enqueue(
        self,
        task: str,
        args: Mapping[str, Any],
        lock: str | None = None,
        queueing_lock: str | None = None,
    ) -> int:
        """Queue ``task(args)``; the job id. Jobs with the same ``lock`` never run at once; a
        second job with a ``queueing_lock`` still queued raises :class:`AlreadyQueued`."""

    def job(self, job_id: int) -> QueuedJob:
        """The job, or :class:`JobError` when there is none with that id."""

    def list(self, status: str | None = None, limit: int = 50) -> list[QueuedJob]:
        """The newest jobs first, of one state or all."""

    def retry(self, job_id: int) -> QueuedJob:
        """Run a failed (or cancelled) job again."""

    def cancel(self, job_id: int) -> QueuedJob:
        """Take a queued job off the queue (a running or finished one cannot be)."""

    def work(self, concurrency: int = 1, wait: bool = True) -> None:
        """Run jobs in this process as a worker until stopped (``wait``) or the queue is
        empty; :class:`JobError` where there is no queue to work (the embedded database)."""

    def start(self, concurrency: int = 1) -> Callable[[], None]:
        """A worker in a background thread of this process; call the result to stop it (its
        running jobs finish first). :class:`JobError` on the embedded database."""


# -- availability precaching (issue 19): what a company's customers book most -----------------


class Demand(Protocol):
    def most_booked(self, company_id: int, since: datetime, until: datetime, limit: int) -> list[int]:
        """The ids of the company's active event types with the most booked (not cancelled)
        appointments starting in ``[since, until)``, most first, ties by the lower id; at most
        ``limit``. Event types nobody booked are not among them."""
