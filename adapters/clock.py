"""The system clock: the one place that reads the current time."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from studiobook.application.hookspecs import hookimpl

if TYPE_CHECKING:
    from studiobook.application.plugins import AdapterRegistry


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@hookimpl
def studiobook_register_adapters(registry: AdapterRegistry) -> None:
    registry.register("clock", "system", lambda settings: SystemClock())
