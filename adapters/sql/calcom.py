"""A company's Cal.com connection in its row: the team, the API key as a Fernet token (never in
clear text — the caller encrypts), and when each sync last completed.

Kept apart from the company repository so that the token is read only where it is needed (to
open a gateway), and an ordinary ``companies.save`` can never overwrite or drop it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select, update

from studiobook.adapters.sql.tables import companies
from studiobook.domain.appointments.values import Id

_SYNCED_AT = {
    "event_types": companies.c.calcom_event_types_synced_at,
    "team": companies.c.calcom_team_synced_at,
}


class SqlCalcomLinks:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def connect(self, company_id: Id, team_id: int, key_token: str) -> None:
        """A new team or key: the last syncs no longer say anything about it."""
        self._set(company_id, team_id, key_token)

    def disconnect(self, company_id: Id) -> None:
        self._set(company_id, None, None)

    def key_token(self, company_id: Id) -> str | None:
        return self._db.execute(
            select(companies.c.calcom_api_key).where(companies.c.id == company_id)
        ).scalar()

    def connected(self) -> list[Id]:
        """The companies with a team and a key, by id."""
        query = select(companies.c.id).where(
            companies.c.calcom_team_id.is_not(None), companies.c.calcom_api_key.is_not(None)
        )
        return list(self._db.execute(query.order_by(companies.c.id)).scalars())

    def synced_at(self, company_id: Id, what: str) -> datetime | None:
        return self._db.execute(
            select(_SYNCED_AT[what]).where(companies.c.id == company_id)
        ).scalar()

    def mark_synced(self, company_id: Id, what: str, at: datetime) -> None:
        self._db.execute(
            update(companies).where(companies.c.id == company_id).values({_SYNCED_AT[what]: at})
        )

    def _set(self, company_id: Id, team_id: int | None, key_token: str | None) -> None:
        self._db.execute(
            update(companies)
            .where(companies.c.id == company_id)
            .values(
                calcom_team_id=team_id,
                calcom_api_key=key_token,
                calcom_event_types_synced_at=None,
                calcom_team_synced_at=None,
            )
        )
