"""Repositories: rows in, domain objects out, on the unit of work's connection."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    RowMapping,
    bindparam,
    func,
    insert,
    literal_column,
    select,
    update,
)

from studiobook.adapters.sql.tables import bookings, companies, courses, members, waitlist_entries
from studiobook.domain.courses.bookings import OCCUPYING_STATUSES, Booking, BookingStatus
from studiobook.domain.courses.course import Course
from studiobook.domain.courses.rules import BookingRules
from studiobook.domain.courses.waitlist import WaitlistEntry, WaitlistStatus
from studiobook.domain.members.member import MembershipStatus
from studiobook.domain.shared.customers import Customer

# The statements on the booking hot path are built once: SQLAlchemy then only looks up the
# compiled form, instead of constructing and hashing a new statement for every booking. The
# occupying statuses are constants of the domain, rendered inline rather than as an expanding
# parameter that would be re-processed on every execution.
_OCCUPYING = bookings.c.status.in_(
    [literal_column(f"'{status.value}'") for status in sorted(OCCUPYING_STATUSES)]
)

BOOKED_PER_COURSE = (
    select(bookings.c.course_id, func.sum(bookings.c.tickets).label("booked"))
    .where(_OCCUPYING)
    .group_by(bookings.c.course_id)
    .subquery("booked_per_course")
)
"""Tickets held by occupying bookings, grouped by course — one query for any number."""

# The company's zone comes with each course (its times are shown there): a primary-key lookup,
# as a scalar subquery so that ``FOR UPDATE`` still locks the course row only.
_ZONE = (
    select(companies.c.time_zone)
    .where(companies.c.id == courses.c.company_id)
    .scalar_subquery()
    .label("time_zone")
)
_COURSES_WITH_BOOKED = select(courses, _ZONE, BOOKED_PER_COURSE.c.booked).outerjoin(
    BOOKED_PER_COURSE, BOOKED_PER_COURSE.c.course_id == courses.c.id
)
_BOOKED_HERE = (
    select(func.coalesce(func.sum(bookings.c.tickets), 0))
    .where(bookings.c.course_id == courses.c.id, _OCCUPYING)
    .scalar_subquery()
    .label("booked")
)
# One course with its sum: a correlated subquery, so only that course's bookings are read.
_COURSE = select(courses, _ZONE, _BOOKED_HERE).where(courses.c.id == bindparam("course_id"))
_SEATS = select(courses.c.id, courses.c.capacity, BOOKED_PER_COURSE.c.booked).outerjoin(
    BOOKED_PER_COURSE, BOOKED_PER_COURSE.c.course_id == courses.c.id
)
_LOCK_COURSE = (
    select(courses, _ZONE).where(courses.c.id == bindparam("course_id")).with_for_update(of=courses)
)
_BOOKED_FOR = select(func.coalesce(func.sum(bookings.c.tickets), 0)).where(
    bookings.c.course_id == bindparam("course_id"), _OCCUPYING
)
_ADD_BOOKING = insert(bookings)  # the new id from lastrowid (SQLite) or implicit RETURNING
_BOOKING = select(bookings).where(bookings.c.id == bindparam("booking_id"))
_SAVE_BOOKING = (
    update(bookings)
    .where(bookings.c.id == bindparam("booking_id"))
    .values(tickets=bindparam("new_tickets"), status=bindparam("new_status"))
)


def _course(row: RowMapping, booked: int) -> Course:
    return Course(
        id=row["id"],
        title=row["title"],
        capacity=row["capacity"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        branch_id=row["branch_id"],
        booked=int(booked or 0),
        company_id=row["company_id"],
        instructor_id=row["instructor_id"],
        timetable_id=row["timetable_id"],
        rules=BookingRules.of(
            bool(row["members_only"]), row["opens_before_minutes"], row["cancel_cutoff_minutes"]
        ),
        cancelled=bool(row["cancelled"]),
        time_zone=row["time_zone"],
    )


class SqlCourseRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, course: Course) -> None:
        course.id = self._db.execute(
            insert(courses).returning(courses.c.id), self._values(course)
        ).scalar_one()

    def get(self, course_id: int) -> Course | None:
        row = self._db.execute(_COURSE, {"course_id": course_id}).mappings().first()
        return None if row is None else _course(row, row["booked"])

    def get_for_update(self, course_id: int) -> Course | None:
        if self._db.dialect.name == "sqlite":
            # BEGIN IMMEDIATE already holds the database's write lock: one statement is exact.
            return self.get(course_id)
        # Two statements on purpose: on PostgreSQL the sum must be read *after* the row lock is
        # granted, or a waiting writer would decide on a snapshot from before it waited.
        row = self._db.execute(_LOCK_COURSE, {"course_id": course_id}).mappings().first()
        if row is None:
            return None
        return _course(row, self._db.execute(_BOOKED_FOR, {"course_id": course_id}).scalar_one())

    def save(self, course: Course) -> None:
        self._db.execute(update(courses).where(courses.c.id == course.id), self._values(course))

    def list(
        self,
        company_id: int | None = None,
        starts_from: datetime | None = None,
        starts_before: datetime | None = None,
        timetable_id: int | None = None,
    ) -> list[Course]:
        query = _COURSES_WITH_BOOKED
        if company_id is not None:
            query = query.where(courses.c.company_id == company_id)
        if timetable_id is not None:
            query = query.where(courses.c.timetable_id == timetable_id)
        if starts_from is not None:
            query = query.where(courses.c.starts_at >= starts_from)
        if starts_before is not None:
            query = query.where(courses.c.starts_at < starts_before)
        ordered = query.order_by(courses.c.starts_at.is_(None), courses.c.starts_at, courses.c.id)
        return [_course(row, row["booked"]) for row in self._db.execute(ordered).mappings()]

    def seats(self, company_id: int | None = None) -> dict[int, tuple[int, int]]:
        """``{course id: (capacity, booked tickets)}`` for every course, from one grouped query."""
        query = _SEATS if company_id is None else _SEATS.where(courses.c.company_id == company_id)
        return {id_: (capacity, booked or 0) for id_, capacity, booked in self._db.execute(query)}

    @staticmethod
    def _values(course: Course) -> dict[str, Any]:
        return {
            "title": course.title,
            "capacity": course.capacity,
            "starts_at": course.starts_at,
            "ends_at": course.ends_at,
            "branch_id": course.branch_id,
            "company_id": course.company_id,
            "instructor_id": course.instructor_id,
            "timetable_id": course.timetable_id,
            "members_only": course.rules.members_only,
            "opens_before_minutes": course.rules.opens_before_minutes,
            "cancel_cutoff_minutes": course.rules.cancel_cutoff_minutes,
            "cancelled": course.cancelled,
        }


def _booking(row: RowMapping) -> Booking:
    return Booking(
        id=row["id"],
        course_id=row["course_id"],
        customer=Customer(row["customer_name"], row["customer_email"]),
        tickets=row["tickets"],
        status=BookingStatus(row["status"]),
        created_at=row["created_at"],
    )


class SqlBookingRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, booking: Booking) -> None:
        inserted = self._db.execute(
            _ADD_BOOKING,
            {
                "course_id": booking.course_id,
                "customer_name": booking.customer.name,
                "customer_email": booking.customer.email,
                "tickets": booking.tickets,
                "status": booking.status.value,
                "created_at": booking.created_at,
            },
        ).inserted_primary_key
        if inserted is None:  # SQLAlchemy gives one for every single-row INSERT
            raise RuntimeError("the booking's INSERT reported no primary key")
        (booking.id,) = inserted

    def get(self, booking_id: int) -> Booking | None:
        row = self._db.execute(_BOOKING, {"booking_id": booking_id}).mappings().first()
        return None if row is None else _booking(row)

    def save(self, booking: Booking) -> None:
        self._db.execute(
            _SAVE_BOOKING,
            {"booking_id": booking.id, "new_tickets": booking.tickets, "new_status": booking.status.value},
        )

    def list(
        self, course_id: int | None = None, status: BookingStatus | None = None
    ) -> list[Booking]:
        query = select(bookings).order_by(bookings.c.id)
        if course_id is not None:
            query = query.where(bookings.c.course_id == course_id)
        if status is not None:
            query = query.where(bookings.c.status == status.value)
        return [_booking(row) for row in self._db.execute(query).mappings()]


def _entry(row: RowMapping) -> WaitlistEntry:
    return WaitlistEntry(
        id=row["id"],
        course_id=row["course_id"],
        customer=Customer(row["customer_name"], row["customer_email"]),
        tickets=row["tickets"],
        status=WaitlistStatus(row["status"]),
        booking_id=row["booking_id"],
        created_at=row["created_at"],
        language=row["language"],
    )


class SqlWaitlistRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, entry: WaitlistEntry) -> None:
        entry.id = self._db.execute(
            insert(waitlist_entries).returning(waitlist_entries.c.id),
            {
                "course_id": entry.course_id,
                "customer_name": entry.customer.name,
                "customer_email": entry.customer.email,
                "tickets": entry.tickets,
                "status": entry.status.value,
                "booking_id": entry.booking_id,
                "created_at": entry.created_at,
                "language": entry.language,
            },
        ).scalar_one()

    def get(self, entry_id: int) -> WaitlistEntry | None:
        row = (
            self._db.execute(select(waitlist_entries).where(waitlist_entries.c.id == entry_id))
            .mappings()
            .first()
        )
        return None if row is None else _entry(row)

    def waiting(self, course_id: int) -> list[WaitlistEntry]:
        rows = self._db.execute(
            select(waitlist_entries)
            .where(
                waitlist_entries.c.course_id == course_id,
                waitlist_entries.c.status == WaitlistStatus.WAITING.value,
            )
            .order_by(waitlist_entries.c.id)
        ).mappings()
        return [_entry(row) for row in rows]

    def save(self, entry: WaitlistEntry) -> None:
        self._db.execute(
            update(waitlist_entries).where(waitlist_entries.c.id == entry.id),
            {"status": entry.status.value, "booking_id": entry.booking_id},
        )


class SqlMembershipLookup:
    """The membership status behind an e-mail, from the local WODIFY copy."""

    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def status_of(self, email: str) -> MembershipStatus | None:
        """E-mails compare without case; of several members with one address, an active
        membership wins (a family sharing an address is not refused for a lapsed sibling)."""
        found = {
            status
            for (status,) in self._db.execute(
                select(members.c.membership_status).where(
                    func.lower(members.c.email) == email.lower()
                )
            )
        }
        for status in MembershipStatus:  # ACTIVE first
            if status.value in found:
                return status
        return None  # no member, or members without a membership
