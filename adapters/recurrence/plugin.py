"""Registers the python-dateutil recurrence (kind ``recurrence``, name ``dateutil``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from studiobook.application.hookspecs import hookimpl

if TYPE_CHECKING:
    from studiobook.adapters.recurrence.rrules import DateutilRecurrence
    from studiobook.application.plugins import AdapterRegistry
    from studiobook.application.settings import Settings


@hookimpl
def studiobook_register_adapters(registry: AdapterRegistry) -> None:
    def build(settings: Settings) -> DateutilRecurrence:
        from studiobook.adapters.recurrence.rrules import DateutilRecurrence

        return DateutilRecurrence()

    registry.register("recurrence", "dateutil", build)
