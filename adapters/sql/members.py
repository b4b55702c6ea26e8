"""Local copies of WODIFY members and leads: rows in, domain values out, written in batches."""

from __future__ import annotations

import builtins
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Connection,
    Numeric,
    RowMapping,
    Select,
    String,
    Table,
    and_,
    bindparam,
    func,
    insert,
    or_,
    select,
    text,
    update,
)

from studiobook.adapters.sql.tables import bookings, companies, courses, leads, members
from studiobook.application.members.ports import Hashes, MemberBooking
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
_SEARCHED = ("first_name", "last_name", "email")
MAX_SEARCH_WORDS = 5
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
_Query = TypeVar("_Query", bound=Select[Any])


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
                value = row.get(name)  # not every column is the record's (content_hash)
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

    def content_hashes(self, record_ids: Iterable[str]) -> dict[str, str | None]:
        """The stored content hash of each of ``record_ids`` that has a local copy: one narrow
        statement per page. The ids go in as ONE parameter (a JSON array on SQLite, an array on
        PostgreSQL), so the statement text never changes and nothing is expanded or compiled per
        id — this is most of what a re-sync with nothing changed costs."""
        ids = list(record_ids)
        if not ids:
            return {}
        columns = f"SELECT {self.key}, content_hash FROM {self.table.name}"
        if self._db.dialect.name == "postgresql":
            statement = f"{columns} WHERE {self.key} = ANY(%s)"
            parameter: object = ids
        else:
            statement = f"{columns} WHERE {self.key} IN (SELECT value FROM json_each(?))"
            parameter = json.dumps(ids)
        rows = self._db.exec_driver_sql(statement, (parameter,)).all()  # one fetch, not per row
        return {record_id: content_hash for record_id, content_hash in rows}

    def _rows(
        self, records: Iterable[Copy], stored_at: datetime, hashes: Hashes | None
    ) -> builtins.list[dict[str, Any]]:
        rows = [self._to_row(r, stored_at) for r in records]
        for row in rows:
            row["content_hash"] = None if hashes is None else hashes.get(row[self.key])
        return rows

    def add_many(
        self, records: list[Copy], stored_at: datetime, hashes: Hashes | None = None
    ) -> None:
        if records:
            self._db.execute(insert(self.table), self._rows(records, stored_at, hashes))
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

    def replace_many(
        self, records: list[Copy], stored_at: datetime, hashes: Hashes | None = None
    ) -> None:
        """Overwrite every field: WODIFY is the source of truth."""
        if not records:
            return
        # Bind names must differ from column names in an executemany UPDATE.
        rows = [
            {f"new_{name}": value for name, value in row.items()}
            for row in self._rows(records, stored_at, hashes)
        ]
        columns: dict[str, BindParameter[Any]] = {
            name: bindparam(f"new_{name}") for name in self.table.c.keys()
        }
        key = self.table.c[self.key]
        self._db.execute(update(self.table).where(key == bindparam(f"new_{self.key}")).values(columns), rows)

    def store_hashes(self, hashes: Mapping[str, str]) -> None:
        if not hashes:
            return
        key = self.table.c[self.key]
        self._db.execute(
            update(self.table)
            .where(key == bindparam("record_id"))
            .values(content_hash=bindparam("new_hash")),
            [{"record_id": i, "new_hash": h} for i, h in hashes.items()],
        )

    def list(
        self,
        status: Status | None = None,
        limit: int = 50,
        offset: int = 0,
        text: str | None = None,
    ) -> builtins.list[Copy]:
        query = select(self.table).order_by(self.table.c.last_name, self.table.c[self.key])
        query = self._matching(query, status, text)
        rows = self._db.execute(query.limit(limit).offset(offset)).mappings()
        return [self._from_row(row) for row in rows]

    def count(self, status: Status | None = None, text: str | None = None) -> int:
        query = self._matching(select(func.count()).select_from(self.table), status, text)
        return self._db.execute(query).scalar_one()

    def _matching(self, query: _Query, status: Status | None, text: str | None) -> _Query:
        """Only records in ``status`` and matching ``text``: each of its words (at most
        :data:`MAX_SEARCH_WORDS`) in the first name, last name or e-mail (case-insensitive,
        ``%`` and ``_`` taken literally), or the whole text as the record's id.

        A word can sit anywhere in a name, so no index serves it: the scan runs over one table
        of names with the page's limit, which stays quick at the sizes a studio has (the status
        filter, when given, narrows it through its index first)."""
        if status is not None:
            query = query.where(self.table.c[self.status_column] == status.value)
        words = (text or "").split()[:MAX_SEARCH_WORDS]
        if not words:
            return query
        fields = [func.lower(self.table.c[name], type_=String) for name in _SEARCHED]
        each_word: list[ColumnElement[bool]] = [
            or_(*(field.contains(word.lower(), autoescape=True) for field in fields))
            for word in words
        ]
        return query.where(or_(self.table.c[self.key] == (text or "").strip(), and_(*each_word)))


class SqlMemberRepository(_Copies[Member, MembershipStatus]):
    table = members
    key = "client_id"
    status_column = "membership_status"
    what = "client"

    def _to_row(self, record: Member, stored_at: datetime) -> dict[str, Any]:
        return _member_row(record, stored_at)

    def _from_row(self, row: RowMapping) -> Member:
        return _member(row)

    def bookings_of(self, client_id: str, limit: int = 50) -> builtins.list[MemberBooking]:
        """Bookings whose customer e-mail is the member's, without case (as the members-only
        rule compares them). No index serves the lowered address, so this reads the bookings
        once per member page; the limit bounds what comes back."""
        query = (
            select(
                bookings.c.id, bookings.c.course_id, courses.c.title, courses.c.starts_at,
                courses.c.cancelled, companies.c.name, companies.c.time_zone, bookings.c.tickets,
                bookings.c.status, bookings.c.created_at,
            )  # fmt: skip
            .select_from(
                members.join(
                    bookings, func.lower(bookings.c.customer_email) == func.lower(members.c.email)
                )
                .join(courses, courses.c.id == bookings.c.course_id)
                .join(companies, companies.c.id == courses.c.company_id)
            )
            .where(members.c.client_id == client_id)
            .order_by(courses.c.starts_at.desc().nulls_last(), bookings.c.id.desc())
            .limit(limit)
        )
        return [
            MemberBooking(
                booking_id=row.id, course_id=row.course_id, course_title=row.title,
                starts_at=row.starts_at, course_cancelled=bool(row.cancelled),
                company_name=row.name, time_zone=row.time_zone, tickets=row.tickets,
                status=row.status, booked_at=row.created_at,
            )  # fmt: skip
            for row in self._db.execute(query)
        ]


class SqlLeadRepository(_Copies[Lead, LeadStatus]):
    table = leads
    key = "lead_id"
    status_column = "status"
    what = "lead"

    def _to_row(self, record: Lead, stored_at: datetime) -> dict[str, Any]:
        return _lead_row(record, stored_at)

    def _from_row(self, row: RowMapping) -> Lead:
        return _lead(row)
