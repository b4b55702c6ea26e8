"""Registers the SQL store with studiobook's adapter registry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from studiobook.application.hookspecs import hookimpl

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from studiobook.adapters.sql.store import SqlStore
    from studiobook.application.plugins import AdapterRegistry
    from studiobook.application.settings import Settings


@hookimpl
def studiobook_register_adapters(registry: AdapterRegistry) -> None:
    def build(settings: Settings, engine: Engine | None = None) -> SqlStore:
        # ``engine``: an embedding app's own SQLAlchemy engine (application.api passes it).
        from studiobook.adapters.sql.store import SqlStore

        return SqlStore(settings.database_url, settings.lock_timeout_seconds, engine=engine)

    registry.register("store", "sql", build)
