"""The :class:`~studiobook.application.jobs.ports.Demand` port on SQL: a company's most booked
event types, in one grouped query (the availability precaching's choice, issue 19)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from studiobook.adapters.sql.engine import port_errors
from studiobook.adapters.sql.tables import appointments, event_types
from studiobook.domain.appointments.appointments import AppointmentStatus

if TYPE_CHECKING:
    from studiobook.adapters.sql.store import SqlStore


class SqlDemand:
    def __init__(self, store: SqlStore) -> None:
        self.store = store

    def most_booked(self, company_id: int, since: datetime, until: datetime, limit: int) -> list[int]:
        if limit < 1:
            return []
        booked = func.count(appointments.c.id)
        query = (
            select(appointments.c.event_type_id)
            .join(event_types, event_types.c.id == appointments.c.event_type_id)
            .where(
                appointments.c.company_id == company_id,
                appointments.c.status == AppointmentStatus.BOOKED.value,
                appointments.c.starts_at >= since,
                appointments.c.starts_at < until,
                event_types.c.active.is_(True),
            )
            .group_by(appointments.c.event_type_id)
            .order_by(booked.desc(), appointments.c.event_type_id)
            .limit(limit)
        )
        with port_errors(self.store.safe_url), self.store.engine.connect() as connection:
            return [int(found) for found in connection.execute(query).scalars()]
