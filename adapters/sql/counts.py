"""The :class:`~studiobook.application.admin.stats.SystemCounts` port on SQL: one ``COUNT(*)`` per table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select

from studiobook.adapters.sql import tables
from studiobook.adapters.sql.engine import port_errors

if TYPE_CHECKING:
    from studiobook.adapters.sql.store import SqlStore

TABLES = {
    "courses": tables.courses,
    "bookings": tables.bookings,
    "members": tables.members,
    "leads": tables.leads,
    "companies": tables.companies,
    "staff": tables.staff,
    "event_types": tables.event_types,
    "appointments": tables.appointments,
}


class SqlCounts:
    def __init__(self, store: SqlStore) -> None:
        self.store = store

    def counts(self) -> dict[str, int]:
        """One query per table, on one connection."""
        with port_errors(self.store.safe_url), self.store.engine.connect() as connection:
            return {
                kind: connection.execute(select(func.count()).select_from(table)).scalar_one()
                for kind, table in TABLES.items()
            }
