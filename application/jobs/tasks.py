"""The queue's tasks (issue 19): the heavy and the periodic work, each a plain function of
``(container, company_id, deadline, **args) -> one line of what it did``, so the embedded
database (run at once, in this process) and PostgreSQL (procrastinate's workers) run the same
code. A task fails by raising; the queue records the error and retries it while attempts last.

The use-cases are reached through the container by name (``container.calcom_sync()``), so this
area imports none of the areas whose work it runs. A timed task gets a :class:`Deadline` that is
checked before every call to WODIFY or Cal.com and between batches: past it, the task stops there
(:class:`TaskTimedOut`) — a sync's changes are per page (WODIFY) or one transaction per company
(Cal.com), so a stopped task leaves nothing half-written, and its retry picks up from there.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from studiobook.application.jobs.ports import QueueTask
from studiobook.application.shared.ports import Clock, GatewayNotConfigured, SecretUnavailable
from studiobook.domain.appointments import Assignment

# The seed's SyncEventTypesJob: 3 attempts, 5 minutes each; the syncs of WODIFY get the same.
SYNC_ATTEMPTS = 3
SYNC_TIMEOUT = timedelta(minutes=5)
# The seed's BulkAssignStaffToEventTypesJob: 100 per batch (Assignments.assign_many's batches).
ASSIGN_TIMEOUT = timedelta(minutes=5)

# A task function: (container, company id or None, deadline, **its other arguments) -> summary.
TaskFunction = Callable[..., str]
# Errors no retry can mend: the job fails at once (a service not configured, a key that this
# installation cannot decrypt).
FINAL_ERRORS: tuple[type[Exception], ...] = (GatewayNotConfigured, SecretUnavailable)


class TaskFailed(Exception):
    """The work ran and failed (a sync's outcome ``failed``): the attempt counts as failed."""


class TaskTimedOut(TaskFailed):
    """The task ran past its timeout and was stopped at its next check."""


class Deadline:
    """When a task must stop: :meth:`check` raises :class:`TaskTimedOut` once it is past."""

    def __init__(self, clock: Clock, timeout: timedelta | None) -> None:
        self.clock, self.timeout = clock, timeout
        self.until = clock.now() + timeout if timeout is not None else None

    def check(self) -> None:
        if self.until is not None and self.clock.now() > self.until:
            minutes = int(self.timeout.total_seconds() // 60) if self.timeout else 0
            raise TaskTimedOut(f"timed out after {minutes} min; stopped before the next step")

    def guard(self, gateway: Any) -> Any:
        """``gateway`` whose every method call is preceded by :meth:`check`."""
        return _Guarded(gateway, self) if self.until is not None else gateway


class _Guarded:
    def __init__(self, target: Any, deadline: Deadline) -> None:
        self._target, self._deadline = target, deadline

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._target, name)
        if not callable(found) or name == "close":
            return found

        def checked(*args: Any, **kwargs: Any) -> Any:
            self._deadline.check()
            return found(*args, **kwargs)

        return checked


@dataclass(frozen=True)
class TaskSpec:
    """A task by name: its function, attempts, timeout and the lock that keeps one company's
    run of it alone (``company-sync:{kind}:{company}``)."""

    name: str
    function: TaskFunction
    attempts: int = 1
    timeout: timedelta | None = None
    lock_kind: str | None = None

    def lock(self, company_id: int | None) -> str | None:
        """Jobs with the same lock never run at the same time (procrastinate's ``lock``)."""
        if self.lock_kind is None:
            return None
        return f"company-sync:{self.lock_kind}:{'all' if company_id is None else company_id}"

    def queueing_lock(self, company_id: int | None) -> str:
        """At most one of these is waiting in the queue (procrastinate's ``queueing_lock``)."""
        return f"{self.name}:{'all' if company_id is None else company_id}"


# -- the tasks --------------------------------------------------------------------------------


def sync_wodify_members(container: Any, company_id: int | None, deadline: Deadline, force: bool = False) -> str:
    """The members of the installation's WODIFY location (one location per installation: the
    company id only names the lock)."""
    return _sync_wodify(container, "members", deadline, force)


def sync_wodify_leads(container: Any, company_id: int | None, deadline: Deadline, force: bool = False) -> str:
    return _sync_wodify(container, "leads", deadline, force)


def _sync_wodify(container: Any, kind: str, deadline: Deadline, force: bool) -> str:
    sync = container.wodify_sync()
    gateway = sync.gateway
    guarded = replace(sync, gateway=lambda: deadline.guard(gateway()))
    result = guarded.run(kind, force=force, progress=lambda done, total: deadline.check())
    line = _wodify_line(result)
    if result.outcome == "failed" or result.busy:
        raise TaskFailed(line)
    return line


def _wodify_line(result: Any) -> str:
    if result.skipped:
        return f"{result.kind}: skipped — {result.message}"
    line = (
        f"{result.kind}: {result.outcome} — {result.created} created, {result.updated} updated, "
        f"{result.unchanged} unchanged, {result.errors} error(s)"
    )
    return f"{line}; {result.message}" if result.message else line


def sync_calcom_event_types(
    container: Any, company_id: int | None, deadline: Deadline, force: bool = False,
    fresh_minutes: int | None = None,
) -> str:
    """One company's event types and hosts (every connected company's when ``None``); a sync
    younger than ``fresh_minutes`` (default: the hourly limit) is skipped unless ``force``."""
    sync = _guarded_calcom(container, deadline)
    fresh = {} if fresh_minutes is None else {"fresh_within": timedelta(minutes=fresh_minutes)}
    results = sync.sync_event_types(
        company_id, force=force, progress=lambda done, total: deadline.check(), **fresh
    )
    return _calcom_outcome(results)


def sync_calcom_team(container: Any, company_id: int | None, deadline: Deadline, force: bool = False) -> str:
    if company_id is None:
        raise TaskFailed("a team sync needs a company")
    sync = _guarded_calcom(container, deadline)
    return _calcom_outcome([sync.sync_team_members(company_id, force=force)])


def _guarded_calcom(container: Any, deadline: Deadline) -> Any:
    sync = container.calcom_sync()
    gateways = sync.gateways
    return replace(sync, gateways=lambda *args, **kwargs: deadline.guard(gateways(*args, **kwargs)))


def _calcom_outcome(results: list[Any]) -> str:
    lines = []
    for r in results:
        head = f"company {r.company_id} {r.kind.replace('_', ' ')}: {r.outcome}"
        if r.outcome in ("skipped", "failed"):
            lines.append(f"{head} — {r.message}")
        else:
            lines.append(f"{head} — {r.created} created, {r.updated} updated, "
                         f"{r.deactivated} deactivated, {r.unchanged} unchanged")
    failed = [line for line, r in zip(lines, results, strict=True) if r.failed]
    if failed:
        raise TaskFailed("; ".join(failed))
    return "; ".join(lines) or "no company is connected to Cal.com"


def assign_many(container: Any, company_id: int | None, deadline: Deadline, rows: list[dict[str, Any]]) -> str:
    """Staff to event types in batches of 100, one transaction each (the seed's
    BulkAssignStaffToEventTypesJob); ``rows``: staff_id, event_type_id, is_primary,
    custom_duration, custom_price."""
    if company_id is None:
        raise TaskFailed("a bulk assignment needs a company")
    found = [
        Assignment(
            staff_id=int(row["staff_id"]), event_type_id=int(row["event_type_id"]),
            is_primary=bool(row.get("is_primary", False)),
            custom_duration=row.get("custom_duration"), custom_price=row.get("custom_price"),
        )
        for row in rows
    ]  # fmt: skip
    done = container.assignments().assign_many(company_id, found, lambda d, t: deadline.check())
    return f"assigned {done.assigned} pair(s) in {done.batches} batch(es)"


def materialise_timetables(container: Any, company_id: int | None, deadline: Deadline) -> str:
    done = container.timetables().materialise()
    created = sum(result.created for result in done)
    return f"{created} session(s) made for {len(done)} active timetable(s)"


def remind_customers(container: Any, company_id: int | None, deadline: Deadline) -> str:
    return f"{container.reminders().run()} reminder(s) queued"


def send_notifications(container: Any, company_id: int | None, deadline: Deadline) -> str:
    return str(container.dispatcher().dispatch())


TASKS: dict[str, TaskSpec] = {
    spec.name: spec
    for spec in (
        TaskSpec("sync_members", sync_wodify_members, SYNC_ATTEMPTS, SYNC_TIMEOUT, "members"),
        TaskSpec("sync_leads", sync_wodify_leads, SYNC_ATTEMPTS, SYNC_TIMEOUT, "leads"),
        TaskSpec("sync_calcom_event_types", sync_calcom_event_types, SYNC_ATTEMPTS, SYNC_TIMEOUT,
                 "calcom-event-types"),
        TaskSpec("sync_calcom_team", sync_calcom_team, SYNC_ATTEMPTS, SYNC_TIMEOUT, "calcom-team"),
        TaskSpec("assign_many", assign_many, 1, ASSIGN_TIMEOUT, "assign-many"),
        TaskSpec("timetables", materialise_timetables),
        TaskSpec("remind_customers", remind_customers),
        TaskSpec("send_notifications", send_notifications),
    )
}


def run_task(container: Any, spec: TaskSpec, args: Mapping[str, Any], clock: Clock | None = None) -> str:
    """One attempt of ``spec`` with ``args`` (``company_id`` and the task's own arguments); its
    duration goes to the container's metrics, as a scheduled job's does (``/metrics`` of serve)."""
    deadline = Deadline(clock if clock is not None else container.clock(), spec.timeout)
    extra = {name: value for name, value in args.items() if name != "company_id"}
    started, outcome = time.perf_counter(), "failed"
    try:
        said = spec.function(container, args.get("company_id"), deadline, **extra)
        outcome = "ok"
        return said
    finally:
        metrics = getattr(container, "metrics", None)
        if metrics is not None:
            metrics().job(spec.name, outcome, time.perf_counter() - started)


def bound_tasks(container: Any, specs: Mapping[str, TaskSpec] = TASKS) -> list[QueueTask]:
    """The tasks bound to ``container``, as the queue adapters take them."""

    def bind(spec: TaskSpec) -> Callable[[Mapping[str, Any]], str]:
        return lambda args: run_task(container, spec, args)

    return [QueueTask(spec.name, bind(spec), spec.attempts, FINAL_ERRORS) for spec in specs.values()]


def connected_companies(container: Any) -> list[int]:
    """The companies connected to Cal.com, in id order (one sync job each)."""
    return list(container.transactions().read(lambda uow: uow.calcom.connected()))
