"""The scheduler on a task queue (issue 19): ``schedule`` stays the heartbeat, and on each beat a
due job is *queued* for the workers instead of run in the scheduler's process.

Whether a job is due is still the database's word (its last start in ``scheduled_jobs``), taken
and stamped in one conditional write, so two schedulers never queue the same run; the claim is
held only while the jobs are queued, not for the hours a run may take — the queue's locks keep a
company's sync alone, and its queueing locks keep it from waiting twice. The Cal.com sync fans
out: one job per connected company, spread over the workers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from studiobook.application.jobs.ports import AlreadyQueued, TaskQueue
from studiobook.application.jobs.queue import enqueue
from studiobook.application.jobs.runner import Job, JobRunner, Outcome

# How long a scheduler's claim holds while it queues (seconds of work; a dead one frees it soon).
CLAIM = timedelta(minutes=1)
# The scheduled job -> its task; the hourly Cal.com job skips companies synced in the last 50
# minutes (as it did when it ran in the scheduler).
TASK_OF = {
    "sync_members": "sync_members",
    "sync_leads": "sync_leads",
    "sync_calcom_event_types": "sync_calcom_event_types",
    "send_notifications": "send_notifications",
    "remind_customers": "remind_customers",
    "timetables": "timetables",
}
ARGUMENTS: dict[str, dict[str, Any]] = {"sync_calcom_event_types": {"fresh_minutes": 50}}
PER_COMPANY = frozenset({"sync_calcom_event_types"})


def _nobody() -> list[int]:
    return []


@dataclass
class QueueingRunner(JobRunner):
    """A :class:`JobRunner` whose due jobs go to ``queue``; ``companies()``: the companies a
    per-company job fans out to (connected to Cal.com)."""

    queue: TaskQueue | None = None
    companies: Callable[[], list[int]] = field(default=_nobody)

    def run_if_due(self, job: Job) -> Outcome:
        if job.off is not None:
            return Outcome(job.name, ran=False, message=f"off: {job.off}", off=True)
        task = TASK_OF.get(job.name)
        if task is None or self.queue is None:  # not a task of the queue: run it here
            return super().run_if_due(job)
        now = self.clock.now()
        if not self.runs.claim(job.name, self.owner, now, now - job.interval, now + CLAIM):
            return Outcome(job.name, ran=False, message="not due or queued elsewhere")
        queued, waiting, ok = [], [], True
        try:
            targets: list[int | None] = list(self.companies()) if job.name in PER_COMPANY else [None]
            for company in targets:
                try:
                    queued.append(enqueue(self.queue, task, company, **ARGUMENTS.get(job.name, {})))
                except AlreadyQueued as already:
                    waiting.append(already.job_id)
            message = _said(queued, waiting)
        except Exception as error:  # the database is away: recorded, tried at the next beat
            message, ok = f"{type(error).__name__}: {error}", False
        self.runs.finish(job.name, self.owner, now, self.clock.now(), "ok" if ok else "failed", message)
        return Outcome(job.name, ran=True, ok=ok, message=message)


def _said(queued: list[int], waiting: list[int | None]) -> str:
    parts = []
    if queued:
        parts.append(f"queued job(s) {', '.join(map(str, queued))}")
    if waiting:
        parts.append(f"{len(waiting)} still waiting from before")
    return "; ".join(parts) or "nothing to queue"


def scheduler_runner(container: Any) -> JobRunner:
    """The runner a scheduler uses: the container's, which runs the jobs here, on the embedded
    database; on PostgreSQL the same jobs, queued for the workers instead."""
    from dataclasses import fields

    from studiobook.application.jobs.queue import task_queue
    from studiobook.application.jobs.tasks import connected_companies

    runner: JobRunner = container.job_runner()
    queue = task_queue(container)
    if queue.runs_in_process:
        return runner
    same = {f.name: getattr(runner, f.name) for f in fields(runner)}
    return QueueingRunner(**same, queue=queue, companies=lambda: connected_companies(container))
