"""Registers the task queues with the adapter registry (kind ``task_queue``): ``procrastinate``
(PostgreSQL, worker processes) and ``in_process`` (the embedded database: a job runs when it is
queued). Both take the store, the clock and the tasks bound to the container as options."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from studiobook.application.hookspecs import hookimpl

if TYPE_CHECKING:
    from studiobook.adapters.queue.in_process import InProcessQueue
    from studiobook.adapters.queue.procrastinate_queue import ProcrastinateQueue
    from studiobook.adapters.sql.store import SqlStore
    from studiobook.application.jobs.ports import QueueTask
    from studiobook.application.plugins import AdapterRegistry
    from studiobook.application.settings import Settings
    from studiobook.application.shared.ports import Clock


def build_procrastinate(
    settings: Settings, store: SqlStore, clock: Clock, tasks: Sequence[QueueTask]
) -> ProcrastinateQueue:
    from studiobook.adapters.queue.procrastinate_queue import ProcrastinateQueue

    return ProcrastinateQueue(settings.database_url, store, clock, tasks)


def build_in_process(
    settings: Settings, store: SqlStore, clock: Clock, tasks: Sequence[QueueTask]
) -> InProcessQueue:
    from studiobook.adapters.queue.in_process import InProcessQueue

    return InProcessQueue(store, clock, tasks)


@hookimpl
def studiobook_register_adapters(registry: AdapterRegistry) -> None:
    registry.register("task_queue", "procrastinate", build_procrastinate)
    registry.register("task_queue", "in_process", build_in_process)
