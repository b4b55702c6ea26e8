"""Registers the ``schedule``-driven scheduler loop with the adapter registry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from studiobook.application.hookspecs import hookimpl

if TYPE_CHECKING:
    from studiobook.adapters.jobs.loop import SchedulerLoop
    from studiobook.application.plugins import AdapterRegistry
    from studiobook.application.settings import Settings


def build_loop_factory(settings: Settings) -> type[SchedulerLoop]:
    """A callable ``(runner, heartbeat_seconds, on_outcome) -> loop`` with ``run_forever``/``stop``."""
    from studiobook.adapters.jobs.loop import SchedulerLoop

    return SchedulerLoop


@hookimpl
def studiobook_register_adapters(registry: AdapterRegistry) -> None:
    registry.register("scheduler_loop", "schedule", build_loop_factory)
