"""The system clock: the one place that reads the current time."""

from __future__ import annotations

from datetime import UTC, datetime

from studiobook.application.hookspecs import hookimpl


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@hookimpl
def studiobook_register_adapters(registry) -> None:
    registry.register("clock", "system", lambda settings: SystemClock())
