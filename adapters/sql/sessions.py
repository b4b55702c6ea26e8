"""Admin page sessions in the database, so every worker process (and a restarted server) knows
every session; see ``studiobook.entrypoints.web.security.SessionStore``.

Rows hold a SHA-256 of the session id, never the id itself: a copy of the table (a backup, a
read-only replica) yields no cookie that logs anyone in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, delete, insert, select

from studiobook.adapters.sql.tables import admin_sessions as sessions
from studiobook.application.shared.transactions import retry_when_busy

if TYPE_CHECKING:
    from studiobook.adapters.sql.store import SqlStore


class SqlSessions:
    def __init__(self, store: SqlStore) -> None:
        self._store = store

    def open(self, key: str, name: str, csrf: str, expires: float) -> None:
        """Store a new session; sessions that expired before ``expires`` minus their lifetime are
        gone by then, so the table holds only live ones (and those expiring now)."""

        def write() -> None:
            with self._store.unit_of_work(for_writing=True) as uow:
                uow.connection.execute(
                    insert(sessions).values(key=key, principal=name, csrf=csrf, expires=expires)
                )
                uow.commit()

        retry_when_busy(write)

    def find(self, key: str) -> tuple[str, str, float] | None:
        """(principal name, CSRF secret, expiry) of a stored session."""
        with self._store.unit_of_work() as uow:
            row = uow.connection.execute(
                select(sessions.c.principal, sessions.c.csrf, sessions.c.expires)
                .where(sessions.c.key == key)
            ).first()
        return None if row is None else (row.principal, row.csrf, float(row.expires))

    def revoke(self, key: str) -> None:
        self._delete(sessions.c.key == key)

    def purge(self, now: float) -> None:
        """Forget every session that expired by ``now``."""
        self._delete(sessions.c.expires <= now)

    def _delete(self, condition: ColumnElement[bool]) -> None:
        def write() -> None:
            with self._store.unit_of_work(for_writing=True) as uow:
                uow.connection.execute(delete(sessions).where(condition))
                uow.commit()

        retry_when_busy(write)
