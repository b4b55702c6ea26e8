"""Local copies of WODIFY members and leads: rows in, domain values out, written in batches."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection, RowMapping, bindparam, func, insert, select, update

from adapters.sql.tables import leads, members
from domain.leads import Lead, LeadStatus
from domain.members import Member, Membership, MembershipStatus


def _member(row: RowMapping) -> Member:
    membership = None
    if row["membership_id"] is not None:
        membership = Membership(
            membership_id=row["membership_id"],
            membership_type=row["membership_type"],
            status=MembershipStatus(row["membership_status"]),
            monthly_price=row["monthly_price"],
            start_date=row["start_date"],
            end_date=row["end_date"],
        )
    return Member(
        client_id=row["client_id"],
        first_name=row["first_name"],
        last_name=row["last_name"],
        email=row["email"],
        phone=row["phone"],
        membership=membership,
        updated_at=row["updated_at"],
    )


def _member_row(member: Member, stored_at: datetime) -> dict:
    m = member.membership
    return {
        "client_id": member.client_id,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "email": member.email,
        "phone": member.phone,
        "membership_id": m.membership_id if m else None,
        "membership_type": m.membership_type if m else None,
        "membership_status": m.status.value if m else None,
        "monthly_price": m.monthly_price if m else None,
        "start_date": m.start_date if m else None,
        "end_date": m.end_date if m else None,
        "updated_at": member.updated_at,
        "stored_at": stored_at,
    }


def _lead(row: RowMapping) -> Lead:
    return Lead(
        lead_id=row["lead_id"],
        first_name=row["first_name"],
        last_name=row["last_name"],
        email=row["email"],
        phone=row["phone"],
        status=LeadStatus(row["status"]),
        updated_at=row["updated_at"],
        interested_in=row["interested_in"],
        message=row["message"],
        notes=row["notes"],
    )


def _lead_row(lead: Lead, stored_at: datetime) -> dict:
    return {
        "lead_id": lead.lead_id,
        "first_name": lead.first_name,
        "last_name": lead.last_name,
        "email": lead.email,
        "phone": lead.phone,
        "status": lead.status.value,
        "interested_in": lead.interested_in,
        "message": lead.message,
        "notes": lead.notes,
        "updated_at": lead.updated_at,
        "stored_at": stored_at,
    }


class _Copies:
    """What members and leads share: keyed by the external id, written in batches."""

    table = None
    key = ""
    status_column = ""

    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def _to_row(self, record, stored_at: datetime) -> dict: ...

    def _from_row(self, row: RowMapping): ...

    def get(self, record_id: str):
        found = self.get_many([record_id])
        return found.get(record_id)

    def get_many(self, record_ids: Iterable[str]) -> dict:
        ids = list(record_ids)
        if not ids:
            return {}
        key = self.table.c[self.key]
        rows = self._db.execute(select(self.table).where(key.in_(ids))).mappings()
        return {row[self.key]: self._from_row(row) for row in rows}

    def add_many(self, records: list, stored_at: datetime) -> None:
        if records:
            self._db.execute(insert(self.table), [self._to_row(r, stored_at) for r in records])

    def replace_many(self, records: list, stored_at: datetime) -> None:
        """Overwrite every field: WODIFY is the source of truth."""
        if not records:
            return
        # Bind names must differ from column names in an executemany UPDATE.
        rows = [
            {f"new_{name}": value for name, value in self._to_row(r, stored_at).items()}
            for r in records
        ]
        columns = {name: bindparam(f"new_{name}") for name in self.table.c.keys()}
        key = self.table.c[self.key]
        self._db.execute(update(self.table).where(key == bindparam(f"new_{self.key}")).values(columns), rows)

    def list(self, status=None, limit: int = 50, offset: int = 0) -> list:
        query = select(self.table).order_by(self.table.c.last_name, self.table.c[self.key])
        if status is not None:
            query = query.where(self.table.c[self.status_column] == status.value)
        rows = self._db.execute(query.limit(limit).offset(offset)).mappings()
        return [self._from_row(row) for row in rows]

    def count(self, status=None) -> int:
        query = select(func.count()).select_from(self.table)
        if status is not None:
            query = query.where(self.table.c[self.status_column] == status.value)
        return self._db.execute(query).scalar_one()


class SqlMemberRepository(_Copies):
    table = members
    key = "client_id"
    status_column = "membership_status"

    def _to_row(self, record: Member, stored_at: datetime) -> dict:
        return _member_row(record, stored_at)

    def _from_row(self, row: RowMapping) -> Member:
        return _member(row)


class SqlLeadRepository(_Copies):
    table = leads
    key = "lead_id"
    status_column = "status"

    def _to_row(self, record: Lead, stored_at: datetime) -> dict:
        return _lead_row(record, stored_at)

    def _from_row(self, row: RowMapping) -> Lead:
        return _lead(row)
