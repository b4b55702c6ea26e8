"""Repositories of the appointment side: rows in, frozen domain objects out.

Every query is filtered by ``company_id`` — the tenant boundary lives in the WHERE clause, so a
foreign id simply finds nothing. Working hours, booking limits, metadata and availability
overrides are stored as JSON text (``WorkingHours.to_dict`` / ``from_dict``): they are always
read and written whole.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    Row,
    RowMapping,
    Select,
    String,
    Table,
    and_,
    bindparam,
    case,
    cast,
    delete,
    func,
    insert,
    select,
    type_coerce,
    update,
)

from studiobook.adapters.sql.dialects import upsert
from studiobook.adapters.sql.tables import (
    appointments,
    branches,
    companies,
    company_closures,
    event_types,
    staff,
    staff_event_types,
)
from studiobook.application.appointments.ports import AvailabilityHead, Candidate, CompanyRef
from studiobook.domain.appointments import (
    Appointment,
    AppointmentStatus,
    Assignment,
    BookedSpan,
    BookedTime,
    BookingLimits,
    Branch,
    Company,
    EventType,
    Staff,
    WorkingHours,
)
from studiobook.domain.appointments.errors import InvalidAppointment
from studiobook.domain.appointments.staff import MAX_DURATION
from studiobook.domain.appointments.values import Id
from studiobook.domain.appointments.zones import seconds, seconds_up
from studiobook.domain.shared.ids import saved_id

Rows = Select[*tuple[Any, ...]]  # a query of whole rows, read by column name

# Appointments are booked for at most the longest duration an event type may have; knowing that
# lets a window query use the (staff_id, starts_at) index from both sides.
LONGEST_APPOINTMENT = timedelta(minutes=MAX_DURATION)


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _hours(text: str | None) -> WorkingHours | None:
    return None if text is None else WorkingHours.from_dict(json.loads(text))


class _Repository:
    table: Table

    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def _insert(self, values: dict[str, Any]) -> int:
        new_id: int = self._db.execute(
            insert(self.table).returning(self.table.c.id), values
        ).scalar_one()
        return new_id

    def _one(self, query: Rows) -> RowMapping | None:
        return self._db.execute(query).mappings().first()

    def owner(self, row_id: Id) -> Id | None:
        return self._db.execute(
            select(self.table.c.company_id).where(self.table.c.id == row_id)
        ).scalar()

    def _owned(self, company_id: Id, row_id: Id) -> Rows:
        return select(self.table).where(
            self.table.c.company_id == company_id, self.table.c.id == row_id
        )


def _labelled(table: Any, prefix: str) -> list[Any]:
    return [column.label(prefix + column.name) for column in table.c]


def _part(row: RowMapping, prefix: str) -> dict[str, Any]:
    """The columns of one table in a joined row, by their own names."""
    return {key[len(prefix) :]: value for key, value in row.items() if key.startswith(prefix)}


@functools.cache
def _head_query(by: str, event_type: bool, staff_wish: bool, branch: bool) -> Rows:
    """The statement of :meth:`SqlCompanyRepository.availability_head` for one shape of question,
    built once (its values are bound parameters)."""
    c = companies
    requested, default = event_types.alias("requested"), event_types.alias("fallback")
    s, a, b = staff, staff_event_types, branches
    ref: Any = bindparam("ref")
    if by == "id":
        which = c.c.id == ref
    elif by == "slug":
        which = c.c.slug == ref
    else:
        owner = select(event_types.c.company_id).where(event_types.c.id == ref)
        which = c.c.id == owner.scalar_subquery()
    joined = c.outerjoin(
        default, and_(default.c.id == c.c.default_event_type_id, default.c.company_id == c.c.id)
    )
    chosen: ColumnElement[Any] = default.c.id
    if event_type:
        joined = joined.outerjoin(
            requested,
            and_(requested.c.id == bindparam("event_type_id"), requested.c.company_id == c.c.id),
        )
        chosen = case((requested.c.active.is_(True), requested.c.id), else_=default.c.id)
    if staff_wish:
        joined = joined.outerjoin(s, and_(s.c.id == bindparam("staff_id"), s.c.company_id == c.c.id))
        joined = joined.outerjoin(a, and_(a.c.staff_id == s.c.id, a.c.event_type_id == chosen))
    else:
        joined = joined.outerjoin(a, and_(a.c.company_id == c.c.id, a.c.event_type_id == chosen))
        joined = joined.outerjoin(s, and_(s.c.id == a.c.staff_id, s.c.company_id == c.c.id))
    # The candidate's columns first, where _candidate finds them by position.
    columns = [s.c[name].label("s_" + name) for name in (*_STAFF_COLUMNS, "availability_generation")]
    columns += [a.c[name].label("a_" + name) for name in _ASSIGNMENT_COLUMNS]
    columns += [*_labelled(c, "c_"), *_labelled(default, "d_")]
    if event_type:
        columns += _labelled(requested, "r_")
    if branch:
        joined = joined.outerjoin(
            b, and_(b.c.id == bindparam("branch_id"), b.c.company_id == c.c.id)
        )
        columns.append(b.c.id.label("b_id"))
    return select(*columns).select_from(joined).where(which).order_by(s.c.id)


def _candidate(row: Row[Any]) -> Candidate:
    """The candidate of a row of :func:`_head_query`: the staff columns, the generation, then
    the assignment's (by position: 50 rows of 40 columns each, by name, cost a cached answer a
    fifth more)."""
    staffed, assigned = len(_STAFF_COLUMNS), len(_STAFF_COLUMNS) + 1
    member = _staff_of(row[:staffed])
    assignment = None
    if row[assigned] is not None:
        assignment = _assignment_of(row[assigned : assigned + len(_ASSIGNMENT_COLUMNS)])
    return Candidate(member, row[staffed], assignment)


def _filtered(query: Rows, table: Table, **filters: Any) -> Rows:
    """``None`` means "any"; a collection means "one of"."""
    for name, wanted in filters.items():
        if wanted is None:
            continue
        column = table.c[name]
        if isinstance(wanted, Collection) and not isinstance(wanted, str):
            query = query.where(column.in_(list(wanted)))
        else:
            query = query.where(column == wanted)
    return query


# -- companies and branches ------------------------------------------------------------------
def _company(row: Mapping[Any, Any]) -> Company:
    return Company(
        id=row["id"],
        name=row["name"],
        slug=row["slug"],
        time_zone=row["time_zone"],
        default_event_type_id=row["default_event_type_id"],
        calcom_team_id=row["calcom_team_id"],
        # The encrypted key stays in the row; the company only learns that there is one.
        calcom_connected=row["calcom_team_id"] is not None and row["calcom_api_key"] is not None,
        country=row["country"],
        subdivision=row["subdivision"],
        closed_on_holidays=bool(row["closed_on_holidays"]),
    )


class SqlCompanyRepository(_Repository):
    table = companies

    def add(self, company: Company) -> Company:
        return replace(company, id=self._insert(self._values(company)))

    def get(self, company_id: Id) -> Company | None:
        row = self._one(select(companies).where(companies.c.id == company_id))
        return None if row is None else _company(row)

    def get_for_update(self, company_id: Id) -> Company | None:
        query = select(companies).where(companies.c.id == company_id)
        row = self._one(query.with_for_update(key_share=True))
        return None if row is None else _company(row)

    def get_by_slug(self, slug: str) -> Company | None:
        row = self._one(select(companies).where(companies.c.slug == slug))
        return None if row is None else _company(row)

    def list(self) -> list[Company]:
        rows = self._db.execute(select(companies).order_by(companies.c.id)).mappings()
        return [_company(row) for row in rows]

    def save(self, company: Company) -> None:
        self._db.execute(
            update(companies).where(companies.c.id == company.id), self._values(company)
        )

    def generation(self, company_id: Id) -> int | None:
        """The company's generation plus its staff members' and event types': every bump
        raises the sum, so it names one state of the company's availability."""
        parts = [
            select(func.coalesce(func.sum(t.c.availability_generation), 0))
            .where(t.c.company_id == company_id)
            .scalar_subquery()
            for t in (staff, event_types)
        ]
        return self._db.execute(
            select(companies.c.availability_generation + parts[0] + parts[1]).where(
                companies.c.id == company_id
            )
        ).scalar()

    def bump_generation(self, company_id: Id) -> None:
        column = companies.c.availability_generation
        self._db.execute(
            update(companies).where(companies.c.id == company_id).values({column: column + 1})
        )

    def availability_head(
        self,
        ref: CompanyRef,
        event_type_id: Id | None,
        staff_id: Id | None,
        branch_id: Id | None,
    ) -> AvailabilityHead | None:
        """One SELECT: the company joined with the requested and the default event type, the
        candidates for the one to answer with (the requested when active, else the default)
        with their whole staff rows and assignments, and the branch asked about."""
        by = "id" if ref.id is not None else "slug" if ref.slug is not None else "owner"
        query = _head_query(by, event_type_id is not None, staff_id is not None, branch_id is not None)
        given = {"event_type_id": event_type_id, "staff_id": staff_id, "branch_id": branch_id}
        values: dict[str, object] = {k: v for k, v in given.items() if v is not None}
        values["ref"] = ref.id if by == "id" else ref.slug if by == "slug" else ref.owner_of
        rows = self._db.execute(query, values).all()
        if not rows:
            return None
        first = rows[0]._mapping
        found = [
            (_event_type(part), part["availability_generation"])
            for part in (_part(first, "r_"), _part(first, "d_"))
            if part.get("id") is not None
        ]
        return AvailabilityHead(
            company=_company(_part(first, "c_")),
            generation=first["c_availability_generation"],
            event_types=[t for t, _ in found],
            event_type_generations={saved_id(t): g for t, g in found},
            branch_found=branch_id is None or first["b_id"] is not None,
            staff=[_candidate(row) for row in rows if row[0] is not None],
        )

    def closure_overrides(
        self, company_id: Id, first: date | None = None, last: date | None = None
    ) -> dict[date, bool]:
        bounds = {"first": first or date.min, "last": last or date.max}
        rows = self._db.execute(_CLOSURE_OVERRIDES, {"company_id": company_id, **bounds})
        return {day: bool(is_open) for day, is_open in rows}

    def set_closure_override(self, company_id: Id, day: date, is_open: bool) -> None:
        row = {"company_id": company_id, "day": day, "open": is_open}
        upsert(self._db, company_closures, [row], keys=("company_id", "day"))

    def clear_closure_override(self, company_id: Id, day: date) -> bool:
        c = company_closures.c
        gone = self._db.execute(
            delete(company_closures).where(c.company_id == company_id, c.day == day)
        )
        return bool(gone.rowcount)

    @staticmethod
    def _values(company: Company) -> dict[str, Any]:
        return {
            "name": company.name,
            "slug": company.slug,
            "time_zone": company.time_zone,
            "default_event_type_id": company.default_event_type_id,
            "country": company.country,
            "subdivision": company.subdivision,
            "closed_on_holidays": company.closed_on_holidays,
        }


def _branch(row: RowMapping) -> Branch:
    return Branch(
        id=row["id"], company_id=row["company_id"], name=row["name"], time_zone=row["time_zone"]
    )


class SqlBranchRepository(_Repository):
    table = branches

    def add(self, branch: Branch) -> Branch:
        values = {"company_id": branch.company_id, "name": branch.name}
        return replace(branch, id=self._insert({**values, "time_zone": branch.time_zone}))

    def get(self, company_id: Id, branch_id: Id) -> Branch | None:
        row = self._one(self._owned(company_id, branch_id))
        return None if row is None else _branch(row)

    def list(self, company_id: Id) -> list[Branch]:
        rows = self._db.execute(
            select(branches).where(branches.c.company_id == company_id).order_by(branches.c.id)
        ).mappings()
        return [_branch(row) for row in rows]


# -- staff -------------------------------------------------------------------------------------
_STAFF_COLUMNS = (
    "id", "company_id", "name", "time_zone", "working_hours", "branch_id", "calcom_username",
    "active", "email",
)  # fmt: skip
_KEPT_STAFF = 4_096  # rows remembered as built Staff values, per process


def _staff(row: Mapping[Any, Any]) -> Staff:
    """The staff member of a row; a row seen before (same values, working hours included) gives
    the value built then — :class:`Staff` is immutable, and parsing and checking the working
    hours of every candidate again is most of what reading them costs."""
    return _staff_of(tuple(row[name] for name in _STAFF_COLUMNS))


@functools.lru_cache(maxsize=_KEPT_STAFF)
def _staff_of(values: tuple[Any, ...]) -> Staff:
    staff_id, company_id, name, time_zone, hours, branch_id, calcom_username, active, email = values
    return Staff(
        id=staff_id,
        company_id=company_id,
        name=name,
        time_zone=time_zone,
        working_hours=WorkingHours.from_dict(json.loads(hours)),  # NOT NULL
        branch_id=branch_id,
        calcom_username=calcom_username,
        active=bool(active),
        email=email,
    )


_new, _set = object.__new__, object.__setattr__


def _booked_time(
    appointment_id: Id, staff_id: Id, event_type_id: Id, start: datetime, end: datetime,
    buffer_before_minutes: int, buffer_after_minutes: int,
) -> BookedTime:  # fmt: skip
    """A :class:`BookedTime` from a stored row, not checked again: the appointment and its
    event type (the buffers) were checked when written, and the schema keeps every end after its
    start. Checking thousands of rows per availability question again cost a fifth of it."""
    time = _new(BookedTime)
    _set(time, "appointment_id", appointment_id)
    _set(time, "staff_id", staff_id)
    _set(time, "event_type_id", event_type_id)
    _set(time, "start", start if start.tzinfo is UTC else start.astimezone(UTC))
    _set(time, "end", end if end.tzinfo is UTC else end.astimezone(UTC))
    _set(time, "buffer_before_minutes", buffer_before_minutes)
    _set(time, "buffer_after_minutes", buffer_after_minutes)
    return time


_BUFFERS = select(
    event_types.c.id, event_types.c.buffer_before_minutes, event_types.c.buffer_after_minutes
).where(event_types.c.company_id == bindparam("company_id"))


@functools.cache
def _booked_query(sqlite: bool) -> Select[Any]:
    """Whose, of which event type, start and end of the booked appointments of the staff
    ``staff_ids`` starting in ``(earliest, high)`` and ending after ``low`` (bound values):
    SQLite's as stored text (its date functions cost more than parsing it here), PostgreSQL's
    as whole epoch seconds, down and up (``extract(epoch)`` is exact)."""
    a = appointments.c
    starts: ColumnElement[Any]
    ends: ColumnElement[Any]
    if sqlite:
        starts, ends = type_coerce(a.starts_at, String), type_coerce(a.ends_at, String)
    else:
        starts = cast(func.floor(func.extract("epoch", a.starts_at)), BigInteger)
        ends = cast(func.ceil(func.extract("epoch", a.ends_at)), BigInteger)
    return select(a.staff_id, a.event_type_id, starts, ends).where(
        a.company_id == bindparam("company_id"),
        a.staff_id.in_(bindparam("staff_ids", expanding=True)),
        a.starts_at > bindparam("earliest"),
        a.starts_at < bindparam("high"),
        a.ends_at > bindparam("low"),
        a.status == AppointmentStatus.BOOKED.value,
    )


_CLOSURE_OVERRIDES = (
    select(company_closures.c.day, company_closures.c.open)
    .where(
        company_closures.c.company_id == bindparam("company_id"),
        company_closures.c.day.between(bindparam("first"), bindparam("last")),
    )
    .order_by(company_closures.c.day)
)  # built once: every uncached availability answer reads them (values bound)


@functools.lru_cache(maxsize=65_536)
def _epoch_down(stored: str) -> int:
    """A UTC time as SQLite keeps it (text), in epoch seconds rounded down."""
    return seconds(datetime.fromisoformat(stored + "+00:00"))


@functools.lru_cache(maxsize=65_536)
def _epoch_up(stored: str) -> int:
    return seconds_up(datetime.fromisoformat(stored + "+00:00"))


class SqlStaffRepository(_Repository):
    table = staff

    def add(self, member: Staff) -> Staff:
        return replace(member, id=self._insert(self._values(member)))

    def get(self, company_id: Id, staff_id: Id) -> Staff | None:
        row = self._one(self._owned(company_id, staff_id))
        return None if row is None else _staff(row)

    def get_for_update(self, company_id: Id, staff_id: Id) -> Staff | None:
        # FOR NO KEY UPDATE: bookings of this person serialise, inserts that merely reference
        # the row (foreign keys) are not held up.
        row = self._one(self._owned(company_id, staff_id).with_for_update(key_share=True))
        return None if row is None else _staff(row)

    def save(self, member: Staff) -> None:
        self._db.execute(update(staff).where(staff.c.id == member.id), self._values(member))

    def bump_generation(self, company_id: Id, staff_ids: Collection[Id]) -> None:
        if not staff_ids:
            return
        column = staff.c.availability_generation
        self._db.execute(
            update(staff)
            .where(staff.c.company_id == company_id, staff.c.id.in_(sorted(staff_ids)))
            .values({column: column + 1})
        )

    def list(
        self,
        company_id: Id,
        *,
        branch_id: Id | None = None,
        active: bool | None = None,
        ids: Collection[Id] | None = None,
    ) -> list[Staff]:
        query = select(staff).where(staff.c.company_id == company_id).order_by(staff.c.id)
        query = _filtered(query, staff, branch_id=branch_id, active=active, id=ids)
        return [_staff(row) for row in self._db.execute(query).mappings()]

    @staticmethod
    def _values(member: Staff) -> dict[str, Any]:
        return {
            "company_id": member.company_id,
            "branch_id": member.branch_id,
            "name": member.name,
            "time_zone": member.time_zone,
            "working_hours": _json(member.working_hours.to_dict()),
            "calcom_username": member.calcom_username,
            "email": member.email,
            "active": member.active,
        }


# -- event types -------------------------------------------------------------------------------
def _event_type(row: Mapping[Any, Any]) -> EventType:
    return EventType(
        id=row["id"],
        company_id=row["company_id"],
        name=row["name"],
        slug=row["slug"],
        description=row["description"],
        duration_minutes=row["duration_minutes"],
        price=row["price"],
        active=bool(row["active"]),
        team_event=bool(row["team_event"]),
        requires_confirmation=bool(row["requires_confirmation"]),
        slot_interval_minutes=row["slot_interval_minutes"],
        buffer_before_minutes=row["buffer_before_minutes"],
        buffer_after_minutes=row["buffer_after_minutes"],
        minimum_notice_minutes=row["minimum_notice_minutes"],
        booking_limits=BookingLimits.from_mapping(json.loads(row["booking_limits"])),
        metadata=json.loads(row["metadata"]),
        branch_id=row["branch_id"],
        calcom_id=row["calcom_id"],
        last_synced_at=row["last_synced_at"],
    )


class SqlEventTypeRepository(_Repository):
    table = event_types

    def add(self, event_type: EventType) -> EventType:
        return replace(event_type, id=self._insert(self._values(event_type)))

    def get(self, company_id: Id, event_type_id: Id) -> EventType | None:
        row = self._one(self._owned(company_id, event_type_id))
        return None if row is None else _event_type(row)

    def get_by_slug(self, company_id: Id, slug: str) -> EventType | None:
        row = self._one(
            select(event_types).where(
                event_types.c.company_id == company_id, event_types.c.slug == slug
            )
        )
        return None if row is None else _event_type(row)

    def save(self, event_type: EventType) -> None:
        self._db.execute(
            update(event_types).where(event_types.c.id == event_type.id),
            self._values(event_type),
        )

    def bump_generation(self, company_id: Id, event_type_id: Id) -> None:
        column = event_types.c.availability_generation
        self._db.execute(
            update(event_types)
            .where(event_types.c.company_id == company_id, event_types.c.id == event_type_id)
            .values({column: column + 1})
        )

    def list(
        self,
        company_id: Id,
        *,
        branch_id: Id | None = None,
        active: bool | None = None,
        ids: Collection[Id] | None = None,
    ) -> list[EventType]:
        query = select(event_types).where(event_types.c.company_id == company_id)
        query = _filtered(query, event_types, branch_id=branch_id, active=active, id=ids)
        rows = self._db.execute(query.order_by(event_types.c.id)).mappings()
        return [_event_type(row) for row in rows]

    @staticmethod
    def _values(event_type: EventType) -> dict[str, Any]:
        return {
            "company_id": event_type.company_id,
            "branch_id": event_type.branch_id,
            "name": event_type.name,
            "slug": event_type.slug,
            "description": event_type.description,
            "duration_minutes": event_type.duration_minutes,
            "price": event_type.price,
            "active": event_type.active,
            "team_event": event_type.team_event,
            "requires_confirmation": event_type.requires_confirmation,
            "slot_interval_minutes": event_type.slot_interval_minutes,
            "buffer_before_minutes": event_type.buffer_before_minutes,
            "buffer_after_minutes": event_type.buffer_after_minutes,
            "minimum_notice_minutes": event_type.minimum_notice_minutes,
            "booking_limits": _json(event_type.booking_limits.to_dict()),
            "metadata": _json(dict(event_type.metadata)),
            "calcom_id": event_type.calcom_id,
            "last_synced_at": event_type.last_synced_at,
        }


# -- who offers what ---------------------------------------------------------------------------
_ASSIGNMENT_COLUMNS = (
    "staff_id", "event_type_id", "is_primary", "custom_duration", "custom_price",
    "availability_override",
)  # fmt: skip


def _assignment(row: Mapping[Any, Any]) -> Assignment:
    """The assignment of a row; one seen before gives the value built then (as :func:`_staff`)."""
    return _assignment_of(tuple(row[name] for name in _ASSIGNMENT_COLUMNS))


@functools.lru_cache(maxsize=_KEPT_STAFF)
def _assignment_of(values: tuple[Any, ...]) -> Assignment:
    staff_id, event_type_id, is_primary, custom_duration, custom_price, override = values
    return Assignment(
        staff_id=staff_id,
        event_type_id=event_type_id,
        is_primary=bool(is_primary),
        custom_duration=custom_duration,
        custom_price=custom_price,
        availability_override=_hours(override),
    )


class SqlAssignmentRepository(_Repository):
    table = staff_event_types

    def put(self, company_id: Id, assignments: Sequence[Assignment]) -> None:
        rows = [
            {
                "company_id": company_id,
                "staff_id": a.staff_id,
                "event_type_id": a.event_type_id,
                "is_primary": a.is_primary,
                "custom_duration": a.custom_duration,
                "custom_price": a.custom_price,
                "availability_override": None
                if a.availability_override is None
                else _json(a.availability_override.to_dict()),
            }
            for a in assignments
        ]
        upsert(self._db, staff_event_types, rows, keys=("staff_id", "event_type_id"))

    def get(self, company_id: Id, staff_id: Id, event_type_id: Id) -> Assignment | None:
        pair = self._pair(company_id, staff_id, event_type_id)
        row = self._one(select(staff_event_types).where(*pair))
        return None if row is None else _assignment(row)

    def remove(self, company_id: Id, staff_id: Id, event_type_id: Id) -> bool:
        removed = self._db.execute(
            delete(staff_event_types).where(*self._pair(company_id, staff_id, event_type_id))
        ).rowcount
        return removed > 0

    def list(
        self,
        company_id: Id,
        *,
        event_type_id: Id | None = None,
        staff_ids: Collection[Id] | None = None,
    ) -> list[Assignment]:
        table = staff_event_types
        query = select(table).where(table.c.company_id == company_id)
        query = _filtered(query, table, event_type_id=event_type_id, staff_id=staff_ids)
        rows = self._db.execute(query.order_by(table.c.staff_id, table.c.event_type_id))
        return [_assignment(row) for row in rows.mappings()]

    @staticmethod
    def _pair(company_id: Id, staff_id: Id, event_type_id: Id) -> tuple[ColumnElement[bool], ...]:
        table = staff_event_types
        return (
            table.c.company_id == company_id,
            table.c.staff_id == staff_id,
            table.c.event_type_id == event_type_id,
        )


# -- appointments ------------------------------------------------------------------------------
def _appointment(row: RowMapping) -> Appointment:
    return Appointment(
        id=row["id"],
        company_id=row["company_id"],
        staff_id=row["staff_id"],
        event_type_id=row["event_type_id"],
        start=row["starts_at"],
        end=row["ends_at"],
        customer_name=row["customer_name"],
        customer_email=row["customer_email"],
        status=AppointmentStatus(row["status"]),
        calcom_booking_uid=row["calcom_booking_uid"],
        price=row["price"],
    )


class SqlAppointmentRepository(_Repository):
    table = appointments

    def add(self, appointment: Appointment) -> Appointment:
        if appointment.end - appointment.start > LONGEST_APPOINTMENT:
            raise InvalidAppointment(
                f"an appointment lasts at most {MAX_DURATION} minutes, "
                f"{appointment.start} - {appointment.end} is longer"
            )
        values = {
            "company_id": appointment.company_id,
            "staff_id": appointment.staff_id,
            "event_type_id": appointment.event_type_id,
            "starts_at": appointment.start,
            "ends_at": appointment.end,
            "status": appointment.status.value,
            "customer_name": appointment.customer_name,
            "customer_email": appointment.customer_email,
            "calcom_booking_uid": appointment.calcom_booking_uid,
            "price": appointment.price,
        }
        return replace(appointment, id=self._insert(values))

    def get(self, company_id: Id, appointment_id: Id) -> Appointment | None:
        row = self._one(self._owned(company_id, appointment_id))
        return None if row is None else _appointment(row)

    def save(self, appointment: Appointment) -> None:
        self._db.execute(
            update(appointments).where(appointments.c.id == appointment.id),
            {
                "status": appointment.status.value,
                "starts_at": appointment.start,
                "ends_at": appointment.end,
            },
        )

    def occupying(
        self, company_id: Id, staff_ids: Collection[Id], start: datetime, end: datetime
    ) -> list[BookedTime]:
        """Narrow rows: each booked appointment's time with its own event type's buffers
        (joined), no :class:`Appointment` built."""
        if not staff_ids:
            return []
        a, e = appointments.c, event_types.c
        sqlite = self._db.dialect.name == "sqlite"
        # SQLite keeps UTC as text: read it as text and parse it here, which is several times
        # cheaper than the column type's conversion (thousands of rows per question).
        starts, ends = (type_coerce(c, String) if sqlite else c for c in (a.starts_at, a.ends_at))
        query = self._booked(
            company_id, staff_ids, start, end,
            a.id, a.staff_id, a.event_type_id, starts, ends,
            e.buffer_before_minutes, e.buffer_after_minutes,
        ).order_by(a.starts_at, a.id)  # fmt: skip
        rows = self._db.execute(query)
        if sqlite:
            utc = datetime.fromisoformat
            return [
                _booked_time(i, s, t, utc(b + "+00:00"), utc(f + "+00:00"), before, after)
                for i, s, t, b, f, before, after in rows
            ]
        return [_booked_time(*row) for row in rows]

    def booked_spans(
        self, company_id: Id, staff_ids: Collection[Id], start: datetime, end: datetime
    ) -> list[BookedSpan]:
        """Read like :meth:`occupying`, but no datetime or object is built per row (a week's
        question about 50 people reads some 1,000), by statements built once. The company's
        buffers come first, by event type: the longest bound how far a blocked time reaches
        beyond its appointment, so the rows within that margin are read from the (staff, start,
        ...) index alone (it covers every column read), with no join, and those whose blocked
        time overlaps are kept."""
        if not staff_ids:
            return []
        sqlite = self._db.dialect.name == "sqlite"
        buffers = {
            kind: (before * 60, after * 60)
            for kind, before, after in self._db.execute(_BUFFERS, {"company_id": company_id})
        }
        most_before = max((before for before, _ in buffers.values()), default=0)
        most_after = max((after for _, after in buffers.values()), default=0)
        low, high = seconds(start), seconds_up(end)
        values = {
            "company_id": company_id, "staff_ids": list(staff_ids),
            "earliest": start - timedelta(seconds=most_after) - LONGEST_APPOINTMENT,
            "low": start - timedelta(seconds=most_after),
            "high": end + timedelta(seconds=most_before),
        }  # fmt: skip
        spans = []
        down, up = (_epoch_down, _epoch_up) if sqlite else (int, int)
        # The driver's own tuples: these columns have no result processing, and making a Row of
        # each of a thousand rows, then unpacking it, was a tenth of an uncached answer's CPU.
        result = self._db.execute(_booked_query(sqlite), values)
        rows = result.cursor.fetchall()
        result.close()
        strangers = {row[1] for row in rows} - buffers.keys()
        if strangers:  # another company's event type (never made here): its buffers, not a crash
            found = select(*_BUFFERS.selected_columns).where(event_types.c.id.in_(strangers))
            buffers.update(
                (kind, (before * 60, after * 60))
                for kind, before, after in self._db.execute(found)
            )
        new = tuple.__new__  # BookedSpan's own __new__ is Python: twice the cost, per row
        for staff_id, kind, starts_at, ends_at in rows:
            first, last = down(starts_at), up(ends_at)
            before, after = buffers[kind]
            if last + after > low and first - before < high:
                spans.append(new(BookedSpan, (staff_id, kind, first, first - before, last + after)))
        return spans

    @staticmethod
    def _booked(
        company_id: Id, staff_ids: Collection[Id], start: datetime, end: datetime,
        *columns: ColumnElement[Any],
    ) -> Select[Any]:  # fmt: skip
        """``columns`` of the booked appointments of ``staff_ids`` overlapping ``[start, end)``,
        joined with their event types (for the buffers)."""
        a, e = appointments.c, event_types.c
        return (
            select(*columns)
            .join_from(appointments, event_types, e.id == a.event_type_id)
            .where(
                *SqlAppointmentRepository._window(company_id, start, end),
                a.staff_id.in_(list(staff_ids)),
                a.status == AppointmentStatus.BOOKED.value,
            )
        )

    def list(
        self,
        company_id: Id,
        *,
        staff_id: Id | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
    ) -> list[Appointment]:
        query = self._between(company_id, start, end)
        if staff_id is not None:
            query = query.where(appointments.c.staff_id == staff_id)
        return [_appointment(row) for row in self._db.execute(query).mappings()]

    @staticmethod
    def _between(company_id: Id, start: datetime | None, end: datetime | None) -> Rows:
        query = select(appointments).where(
            *SqlAppointmentRepository._window(company_id, start, end)
        )
        return query.order_by(appointments.c.starts_at, appointments.c.id)

    @staticmethod
    def _window(
        company_id: Id, start: datetime | None, end: datetime | None
    ) -> tuple[ColumnElement[bool], ...]:
        """The company's appointments overlapping ``[start, end)`` (either side optional)."""
        a = appointments.c
        conditions = [a.company_id == company_id]
        if start is not None:
            conditions += [a.starts_at > start - LONGEST_APPOINTMENT, a.ends_at > start]
        if end is not None:
            conditions.append(a.starts_at < end)
        return tuple(conditions)
