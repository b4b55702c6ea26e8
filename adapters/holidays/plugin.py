"""Registers the holidays-library calendar (kind ``holiday_calendar``, name ``holidays``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from studiobook.application.hookspecs import hookimpl

if TYPE_CHECKING:
    from studiobook.adapters.holidays.calendar import LibraryHolidays
    from studiobook.application.plugins import AdapterRegistry
    from studiobook.application.settings import Settings


@hookimpl
def studiobook_register_adapters(registry: AdapterRegistry) -> None:
    def build(settings: Settings) -> LibraryHolidays:
        from studiobook.adapters.holidays.calendar import LibraryHolidays

        return LibraryHolidays()

    registry.register("holiday_calendar", "holidays", build)
