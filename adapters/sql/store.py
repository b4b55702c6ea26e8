"""The SQL store: the engine, units of work, the schema and the plugin-failure log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import inspect, insert, select
from sqlalchemy.exc import DBAPIError

from adapters.sql.engine import WRITE_OPTION, create_store_engine, translate
from adapters.sql.tables import metadata, plugin_failures
from adapters.sql.unit_of_work import SqlUnitOfWork


class SqlStore:
    def __init__(self, url: str, lock_timeout_seconds: float = 5.0, engine=None) -> None:
        self.engine = engine if engine is not None else create_store_engine(url, lock_timeout_seconds)
        self._schema_ready = False

    @property
    def safe_url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def unit_of_work(self, *, for_writing: bool = False) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, for_writing=for_writing)

    def ensure_schema(self) -> None:
        """Create missing tables on an empty database, under the write lock so that several
        processes starting at once on a new file do not trip over each other."""
        if self._schema_ready:
            return
        wanted = set(metadata.tables)
        try:
            with self.engine.connect() as connection:
                existing = set(inspect(connection).get_table_names())
                connection.rollback()
                if not wanted <= existing:
                    connection.execution_options(**{WRITE_OPTION: True})
                    with connection.begin():
                        metadata.create_all(connection, checkfirst=True)
        except DBAPIError as error:
            raise translate(error, self.safe_url) or error
        self._schema_ready = True

    def record_plugin_failure(self, hook: str, plugin: str, message: str, at: datetime) -> None:
        with self.unit_of_work(for_writing=True) as uow:
            uow.connection.execute(
                insert(plugin_failures),
                {"hook": hook, "plugin": plugin, "message": message[:2000], "occurred_at": at},
            )
            uow.commit()

    def plugin_failures(self) -> list[dict]:
        with self.engine.connect() as connection:
            rows = connection.execute(select(plugin_failures).order_by(plugin_failures.c.id))
            return [dict(row) for row in rows.mappings()]

    def dispose(self) -> None:
        self.engine.dispose()
