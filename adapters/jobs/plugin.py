"""Registers the ``schedule``-driven scheduler loop with the adapter registry."""

from __future__ import annotations

from studiobook.application.hookspecs import hookimpl


def build_loop_factory(settings):
    """A callable ``(runner, heartbeat_seconds, on_outcome) -> loop`` with ``run_forever``/``stop``."""
    from studiobook.adapters.jobs.loop import SchedulerLoop

    return SchedulerLoop


@hookimpl
def studiobook_register_adapters(registry) -> None:
    registry.register("scheduler_loop", "schedule", build_loop_factory)
