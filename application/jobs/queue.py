"""The task queue of an installation, and queueing a task by name with its locks.

Which queue: PostgreSQL gets procrastinate (workers, ``studiobook worker``); the embedded SQLite
database runs each job in the process that queues it, so the README's two commands need no
server. Both are adapters of kind ``task_queue`` (adapters/queue/plugin.py).
"""

from __future__ import annotations

from typing import Any

from studiobook.application.jobs.ports import TaskQueue
from studiobook.application.jobs.tasks import TASKS, TaskSpec, bound_tasks


def queue_name(database_url: str) -> str:
    """``procrastinate`` on PostgreSQL, ``in_process`` on anything else (the embedded SQLite)."""
    return "procrastinate" if database_url.startswith("postgresql") else "in_process"


def task_queue(container: Any) -> TaskQueue:
    """The container's queue, its tasks bound to the container (a new one per call)."""
    settings = container.settings()
    queue: TaskQueue = container.adapters().create(
        "task_queue", queue_name(settings.database_url), settings,
        store=container.store(), clock=container.clock(), tasks=bound_tasks(container),
    )  # fmt: skip
    return queue


def enqueue(queue: TaskQueue, task: str, company_id: int | None = None, **args: Any) -> int:
    """Queue ``task`` for ``company_id`` under the task's locks: one company's run of it never
    runs twice at once, and is never waiting twice."""
    spec: TaskSpec = TASKS[task]
    return queue.enqueue(
        task, {"company_id": company_id, **args},
        lock=spec.lock(company_id), queueing_lock=spec.queueing_lock(company_id),
    )  # fmt: skip
