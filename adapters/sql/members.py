"""Local copies of WODIFY members and leads: rows in, domain values out, written in batches."""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import (
    BindParameter,
    Connection,
    Numeric,
    RowMapping,
    String,
    Table,
    bindparam,
    func,
    insert,
    select,
    text,
    update,
)

from studiobook.adapters.sql.tables import leads, members
from studiobook.domain.members.leads import Lead, LeadStatus
from studiobook.domain.members.member import Member, Membership, MembershipStatus


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


def _member_row(member: Member, stored_at: datetime) -> dict[str, Any]:
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


def _lead_row(lead: Lead, stored_at: datetime) -> dict[str, Any]:
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


_ANY_TIME = datetime(2000, 1, 1, tzinfo=UTC)
_LIMITS: dict[str, list[tuple[str, int | None, Decimal | None]]] = {}


def _limits(table: Table) -> list[tuple[str, int | None, Decimal | None]]:
    """(column, max characters, exclusive bound of the absolute value) for the bounded columns."""
    if table.name not in _LIMITS:
        bounded: list[tuple[str, int | None, Decimal | None]] = []
        for column in table.c:
            kind = column.type
            if isinstance(kind, String) and kind.length:
                bounded.append((column.name, kind.length, None))
            elif isinstance(kind, Numeric) and kind.precision is not None:
                bounded.append((column.name, None, Decimal(10) ** (kind.precision - (kind.scale or 0))))
        _LIMITS[table.name] = bounded
    return _LIMITS[table.name]


Copy = TypeVar("Copy")  # the record kept: a Member or a Lead
Status = TypeVar("Status", bound=Enum)  # its status: a MembershipStatus or a LeadStatus


class _Copies(Generic[Copy, Status]):
    """What members and leads share: keyed by the external id, written in batches."""

    table: ClassVar[Table]
    key = ""
    status_column = ""
    what = ""

    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def _to_row(self, record: Copy, stored_at: datetime) -> dict[str, Any]:
        raise NotImplementedError

    def _from_row(self, row: RowMapping) -> Copy:
        raise NotImplementedError

    def misfits(self, records: Iterable[Copy]) -> dict[str, str]:
        """Records the domain accepts but a column cannot hold (a text longer than its column, a
        price beyond its digits), by id, with the reason. Written anyway, PostgreSQL refuses the
        whole batch and SQLite keeps what PostgreSQL refuses; the sync rejects them one by one."""
        problems: dict[str, str] = {}
        for record in records:
            row = self._to_row(record, _ANY_TIME)
            for name, length, below in _limits(self.table):
                value = row[name]
                if value is None:
                    continue
                if length is not None and len(value) > length:
                    problems[row[self.key]] = (
                        f"{self.what} {row[self.key]}: {name} has more than the {length} "
                        "characters the local copy can hold"
                    )
                    break
                if below is not None and abs(value) >= below:
                    problems[row[self.key]] = (
                        f"{self.what} {row[self.key]}: {name} {value} does not fit the local copy "
                        f"(less than {below} required)"
                    )
                    break
        return problems

    def get(self, record_id: str) -> Copy | None:
        found = self.get_many([record_id])
        return found.get(record_id)

    def get_many(self, record_ids: Iterable[str]) -> dict[str, Copy]:
        ids = list(record_ids)
        if not ids:
            return {}
        key = self.table.c[self.key]
        rows = self._db.execute(select(self.table).where(key.in_(ids))).mappings()
        return {row[self.key]: self._from_row(row) for row in rows}

    def add_many(self, records: list[Copy], stored_at: datetime) -> None:
        if records:
            self._db.execute(insert(self.table), [self._to_row(r, stored_at) for r in records])
            self._analyze_once()

    def _analyze_once(self) -> None:
        """Give PostgreSQL statistics for a table it has never analysed.

        Without them it plans the table as tiny, so ``get_many`` scans the whole table for every
        page and a first import of 10,000 clients grows quadratic. One ANALYZE records the row
        density, which the planner scales with the table's size from then on.
        """
        checked: set[str] = self._db.info.setdefault("studiobook_analyzed", set())  # per pooled connection
        if self._db.dialect.name != "postgresql" or self.table.name in checked:
            return
        never = self._db.execute(
            text("SELECT reltuples <= 0 FROM pg_class WHERE oid = to_regclass(:name)"),
            {"name": self.table.name},
        ).scalar()
        if never:
            self._db.execute(text(f"ANALYZE {self.table.name}"))  # checked again once committed
        else:
            checked.add(self.table.name)

    def replace_many(self, records: list[Copy], stored_at: datetime) -> None:
        """Overwrite every field: WODIFY is the source of truth."""
        if not records:
            return
        # Bind names must differ from column names in an executemany UPDATE.
        rows = [
            {f"new_{name}": value for name, value in self._to_row(r, stored_at).items()}
            for r in records
        ]
        columns: dict[str, BindParameter[Any]] = {
            name: bindparam(f"new_{name}") for name in self.table.c.keys()
        }
        key = self.table.c[self.key]
        self._db.execute(update(self.table).where(key == bindparam(f"new_{self.key}")).values(columns), rows)

    def list(
        self, status: Status | None = None, limit: int = 50, offset: int = 0
    ) -> builtins.list[Copy]:
        query = select(self.table).order_by(self.table.c.last_name, self.table.c[self.key])
        if status is not None:
            query = query.where(self.table.c[self.status_column] == status.value)
        rows = self._db.execute(query.limit(limit).offset(offset)).mappings()
        return [self._from_row(row) for row in rows]

    def count(self, status: Status | None = None) -> int:
        query = select(func.count()).select_from(self.table)
        if status is not None:
            query = query.where(self.table.c[self.status_column] == status.value)
        return self._db.execute(query).scalar_one()


class SqlMemberRepository(_Copies[Member, MembershipStatus]):
    table = members
    key = "client_id"
    status_column = "membership_status"
    what = "client"

    def _to_row(self, record: Member, stored_at: datetime) -> dict[str, Any]:
        return _member_row(record, stored_at)

    def _from_row(self, row: RowMapping) -> Member:
        return _member(row)


class SqlLeadRepository(_Copies[Lead, LeadStatus]):
    table = leads
    key = "lead_id"
    status_column = "status"
    what = "lead"

    def _to_row(self, record: Lead, stored_at: datetime) -> dict[str, Any]:
        return _lead_row(record, stored_at)

    def _from_row(self, row: RowMapping) -> Lead:
        return _lead(row)
