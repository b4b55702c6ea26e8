"""Repositories: rows in, domain objects out, on the unit of work's connection."""

from __future__ import annotations

from sqlalchemy import Connection, RowMapping, func, insert, select, update

from adapters.sql.tables import bookings, courses, waitlist_entries
from domain.bookings import OCCUPYING_STATUSES, Booking, BookingStatus
from domain.courses import Course
from domain.customers import Customer
from domain.waitlist import WaitlistEntry, WaitlistStatus

_OCCUPYING = sorted(s.value for s in OCCUPYING_STATUSES)


def booked_per_course():
    """Tickets held by occupying bookings, grouped by course — one query for any number."""
    return (
        select(bookings.c.course_id, func.sum(bookings.c.tickets).label("booked"))
        .where(bookings.c.status.in_(_OCCUPYING))
        .group_by(bookings.c.course_id)
        .subquery("booked_per_course")
    )


def _booked_for(course_id: int):
    return select(func.coalesce(func.sum(bookings.c.tickets), 0)).where(
        bookings.c.course_id == course_id, bookings.c.status.in_(_OCCUPYING)
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
    )


class SqlCourseRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, course: Course) -> None:
        course.id = self._db.execute(
            insert(courses).returning(courses.c.id), self._values(course)
        ).scalar_one()

    def get(self, course_id: int) -> Course | None:
        sums = booked_per_course()
        row = (
            self._db.execute(
                select(courses, sums.c.booked)
                .outerjoin(sums, sums.c.course_id == courses.c.id)
                .where(courses.c.id == course_id)
            )
            .mappings()
            .first()
        )
        return None if row is None else _course(row, row["booked"])

    def get_for_update(self, course_id: int) -> Course | None:
        # Two statements on purpose: on PostgreSQL the sum must be read *after* the row lock is
        # granted, or a waiting writer would decide on a snapshot from before it waited.
        row = (
            self._db.execute(select(courses).where(courses.c.id == course_id).with_for_update())
            .mappings()
            .first()
        )
        if row is None:
            return None
        return _course(row, self._db.execute(_booked_for(course_id)).scalar_one())

    def save(self, course: Course) -> None:
        self._db.execute(update(courses).where(courses.c.id == course.id), self._values(course))

    def list(self) -> list[Course]:
        sums = booked_per_course()
        rows = self._db.execute(
            select(courses, sums.c.booked)
            .outerjoin(sums, sums.c.course_id == courses.c.id)
            .order_by(courses.c.id)
        ).mappings()
        return [_course(row, row["booked"]) for row in rows]

    @staticmethod
    def _values(course: Course) -> dict:
        return {
            "title": course.title,
            "capacity": course.capacity,
            "starts_at": course.starts_at,
            "ends_at": course.ends_at,
            "branch_id": course.branch_id,
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
        booking.id = self._db.execute(
            insert(bookings).returning(bookings.c.id),
            {
                "course_id": booking.course_id,
                "customer_name": booking.customer.name,
                "customer_email": booking.customer.email,
                "tickets": booking.tickets,
                "status": booking.status.value,
                "created_at": booking.created_at,
            },
        ).scalar_one()

    def get(self, booking_id: int) -> Booking | None:
        row = self._db.execute(select(bookings).where(bookings.c.id == booking_id)).mappings().first()
        return None if row is None else _booking(row)

    def save(self, booking: Booking) -> None:
        self._db.execute(
            update(bookings).where(bookings.c.id == booking.id),
            {"tickets": booking.tickets, "status": booking.status.value},
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
