"""The SQL store: the engine, units of work, the schema and the plugin-failure log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import Engine, insert, select

from studiobook.adapters.sql import schema
from studiobook.adapters.sql.engine import create_store_engine, port_errors
from studiobook.adapters.sql.tables import plugin_failures
from studiobook.adapters.sql.unit_of_work import SqlUnitOfWork
from studiobook.application.shared.transactions import retry_when_busy

if TYPE_CHECKING:
    from studiobook.adapters.sql.counts import SqlCounts
    from studiobook.adapters.sql.demand import SqlDemand
    from studiobook.adapters.sql.job_runs import SqlJobRuns
    from studiobook.adapters.sql.sessions import SqlSessions

P = ParamSpec("P")
T = TypeVar("T")


class SqlStore:
    def __init__(self, url: str, lock_timeout_seconds: float = 5.0, engine: Engine | None = None) -> None:
        self.engine = engine if engine is not None else create_store_engine(url, lock_timeout_seconds)
        self._schema_ready = False

    @property
    def safe_url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def unit_of_work(self, *, for_writing: bool = False) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, for_writing=for_writing)

    def ensure_schema(self) -> None:
        """Migrate an empty database; refuse (clearly) to run on an outdated one.

        Processes that start together on an empty database queue for the migration lock while
        one of them migrates; each wait is bounded by the lock timeout, so they retry (longer
        than a booking would: this happens once in a database's life) and then find it done."""
        if not self._schema_ready:
            retry_when_busy(lambda: self._guarded(schema.ensure_schema), attempts=12)
            self._schema_ready = True

    def upgrade(self, revision: str = "head") -> tuple[str | None, str | None]:
        """Migrate to ``revision`` (``studiobook db upgrade``); return (before, after)."""
        return self._guarded(schema.upgrade, revision)

    def _guarded(
        self, operation: Callable[Concatenate[Engine, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        # A driver error may arrive unwrapped here (SQLite's BEGIN IMMEDIATE); port_errors sees both.
        with port_errors(self.safe_url):
            return operation(self.engine, *args, **kwargs)

    def job_runs(self) -> SqlJobRuns:
        from studiobook.adapters.sql.job_runs import SqlJobRuns

        return SqlJobRuns(self)

    def sessions(self) -> SqlSessions:
        """The admin pages' login sessions, shared by every process of a server."""
        from studiobook.adapters.sql.sessions import SqlSessions

        return SqlSessions(self)

    def counts(self) -> SqlCounts:
        """The system counts of the admin dashboard (:class:`~studiobook.application.admin.stats.SystemCounts`)."""
        from studiobook.adapters.sql.counts import SqlCounts

        return SqlCounts(self)

    def demand(self) -> SqlDemand:
        """A company's most booked event types (availability precaching, issue 19)."""
        from studiobook.adapters.sql.demand import SqlDemand

        return SqlDemand(self)

    def record_plugin_failure(self, hook: str, plugin: str, message: str, at: datetime) -> None:
        with self.unit_of_work(for_writing=True) as uow:
            uow.connection.execute(
                insert(plugin_failures),
                {"hook": hook, "plugin": plugin, "message": message[:2000], "occurred_at": at},
            )
            uow.commit()

    def plugin_failures(self) -> list[dict[str, Any]]:
        with self.engine.connect() as connection:
            rows = connection.execute(select(plugin_failures).order_by(plugin_failures.c.id))
            return [dict(row) for row in rows.mappings()]

    def dispose(self) -> None:
        self.engine.dispose()
