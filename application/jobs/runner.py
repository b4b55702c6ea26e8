"""Recurring jobs (WODIFY syncs, Cal.com syncs) that run once per interval across all processes.

Two rules make that true: a job is *due* when its last persisted run is at least one interval
old, so a restart neither skips nor repeats a run; and a job runs only under a *lease* claimed
atomically in the database, so two schedulers never run it at the same time. A scheduler that
dies mid-job leaves a lease that expires, after which another may run the job.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from studiobook.application.jobs.ports import JobRuns
from studiobook.application.shared.metrics import Metrics, NoMetrics
from studiobook.application.shared.ports import Clock

log = logging.getLogger("studiobook.scheduler")


@dataclass(frozen=True)
class Job:
    name: str
    interval: timedelta
    run: Callable[[], str]  # returns a one-line summary of what it did
    # How long a run may hold the job before another scheduler may start it (the runner's
    # lease when None): short for frequent quick jobs, so a dead scheduler blocks them briefly.
    lease: timedelta | None = None
    # Why the job cannot run in this installation at all (e.g. WODIFY is not configured): an
    # off job is never claimed, run or recorded, so an unconfigured service costs no warnings.
    off: str | None = None


class JobSkipped(Exception):
    """Raised by a job that could not do its work now (another process holds it): the run is
    not recorded as done, so the job stays due and is tried again at the scheduler's next tick."""


@dataclass(frozen=True)
class Outcome:
    job: str
    ran: bool
    ok: bool = True
    message: str = ""
    off: bool = False


def scheduler_identity() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass
class JobRunner:
    runs: JobRuns
    clock: Clock
    jobs: Sequence[Job]
    lease: timedelta = timedelta(hours=1)
    owner: str = field(default_factory=scheduler_identity)
    metrics: Metrics = field(default_factory=NoMetrics)

    def next_due(self, job: Job) -> datetime | None:
        """When ``job`` is next due according to the database (``None``: due now)."""
        state = {run.name: run for run in self.runs.all()}.get(job.name)
        if state is None or state.last_started_at is None:
            return None
        return state.last_started_at + job.interval

    def run_if_due(self, job: Job) -> Outcome:
        if job.off is not None:
            return Outcome(job.name, ran=False, message=f"off: {job.off}", off=True)
        now = self.clock.now()
        lease = job.lease if job.lease is not None else self.lease
        if not self.runs.claim(job.name, self.owner, now, now - job.interval, now + lease):
            return Outcome(job.name, ran=False, message="not due or running elsewhere")
        started = time.perf_counter()  # how long it ran, for the metrics (not a rule's "now")
        try:
            message, ok = job.run(), True
        except JobSkipped as skipped:
            self._release_as_due(job, now, str(skipped))
            self.metrics.job(job.name, "skipped", time.perf_counter() - started)
            return Outcome(job.name, ran=False, message=str(skipped))
        except Exception as error:  # a failed job is recorded and shown; the scheduler goes on
            message, ok = f"{type(error).__name__}: {error}", False
            log.warning("scheduled job %s failed: %s", job.name, message)
        self.metrics.job(job.name, "ok" if ok else "failed", time.perf_counter() - started)
        self.runs.finish(job.name, self.owner, now, self.clock.now(), "ok" if ok else "failed", message)
        return Outcome(job.name, ran=True, ok=ok, message=message)

    def _release_as_due(self, job: Job, now: datetime, message: str) -> None:
        """Give the lease back without marking the job as run: its last start stays what it was
        (a job that never ran: one interval ago), so it is due again at once."""
        state = {run.name: run for run in self.runs.all()}.get(job.name)
        last = state.last_started_at if state is not None else None
        started = last if last is not None else now - job.interval
        finished = state.last_finished_at if state is not None else None
        self.runs.finish(job.name, self.owner, started, finished or started, "skipped", message)

    def run_due(self) -> list[Outcome]:
        return [self.run_if_due(job) for job in self.jobs]

    def off(self) -> dict[str, str]:
        """The jobs this installation cannot run, with the reason (said once, at start)."""
        return {job.name: job.off for job in self.jobs if job.off is not None}
