"""Registers the SQL store with studiobook's adapter registry."""

from __future__ import annotations

from studiobook.application.hookspecs import hookimpl


@hookimpl
def studiobook_register_adapters(registry) -> None:
    def build(settings, engine=None):
        # ``engine``: an embedding app's own SQLAlchemy engine (application.api passes it).
        from studiobook.adapters.sql.store import SqlStore

        return SqlStore(settings.database_url, settings.lock_timeout_seconds, engine=engine)

    registry.register("store", "sql", build)
