"""Timetables and the making of their sessions, on the unit of work's connection.

Sessions are inserted with ``INSERT ... ON CONFLICT DO NOTHING`` on the unique
``(timetable_id, starts_at)``: two schedulers materialising the same week at once each insert
what is missing, and the database — not a read before the write — decides which one writes
each session.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, RowMapping, delete, exists, insert, select, update

from studiobook.adapters.sql.dialects import insert_ignoring_conflicts
from studiobook.adapters.sql.repositories import SqlCourseRepository
from studiobook.adapters.sql.tables import bookings, courses, timetables, waitlist_entries
from studiobook.domain.courses.course import Course
from studiobook.domain.courses.rules import BookingRules
from studiobook.domain.courses.timetables import Timetable


def _timetable(row: RowMapping) -> Timetable:
    return Timetable(
        id=row["id"],
        company_id=row["company_id"],
        title=row["title"],
        capacity=row["capacity"],
        rrule=row["rrule"],
        starts_local=datetime.fromisoformat(row["starts_local"]),
        duration=timedelta(minutes=row["duration_minutes"]),
        until=row["until"],
        branch_id=row["branch_id"],
        instructor_id=row["instructor_id"],
        rules=BookingRules.of(
            bool(row["members_only"]), row["opens_before_minutes"], row["cancel_cutoff_minutes"]
        ),
        active=bool(row["active"]),
        created_at=row["created_at"],
    )


def _values(timetable: Timetable) -> dict[str, Any]:
    return {
        "company_id": timetable.company_id,
        "branch_id": timetable.branch_id,
        "instructor_id": timetable.instructor_id,
        "title": timetable.title,
        "capacity": timetable.capacity,
        "rrule": timetable.rrule,
        "starts_local": timetable.starts_local.isoformat(timespec="minutes"),
        "duration_minutes": timetable.duration_minutes,
        "until": timetable.until,
        "members_only": timetable.rules.members_only,
        "opens_before_minutes": timetable.rules.opens_before_minutes,
        "cancel_cutoff_minutes": timetable.rules.cancel_cutoff_minutes,
        "active": timetable.active,
    }


class SqlTimetableRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, timetable: Timetable) -> None:
        values = {**_values(timetable), "created_at": timetable.created_at}
        timetable.id = self._db.execute(
            insert(timetables).returning(timetables.c.id), values
        ).scalar_one()

    def get(self, timetable_id: int) -> Timetable | None:
        return self._one(select(timetables).where(timetables.c.id == timetable_id))

    def get_for_update(self, timetable_id: int) -> Timetable | None:
        # SQLite's BEGIN IMMEDIATE already holds the database's write lock.
        query = select(timetables).where(timetables.c.id == timetable_id)
        if self._db.dialect.name != "sqlite":
            query = query.with_for_update()
        return self._one(query)

    def list(self, company_id: int | None = None, active: bool | None = None) -> list[Timetable]:
        query = select(timetables).order_by(timetables.c.id)
        if company_id is not None:
            query = query.where(timetables.c.company_id == company_id)
        if active is not None:
            query = query.where(timetables.c.active == active)
        return [_timetable(row) for row in self._db.execute(query).mappings()]

    def save(self, timetable: Timetable) -> None:
        self._db.execute(
            update(timetables).where(timetables.c.id == timetable.id), _values(timetable)
        )

    def add_sessions(self, sessions: Sequence[Course]) -> int:
        if not sessions:
            return 0
        statement = insert_ignoring_conflicts(
            self._db, courses, ["timetable_id", "starts_at"]
        ).returning(courses.c.id)
        created = 0
        for session in sessions:  # one by one: each says whether it was new (and its id)
            # A session is a course: the same columns the course repository writes.
            values = SqlCourseRepository._values(session)
            session.id = self._db.execute(statement, values).scalar_one_or_none()
            created += session.id is not None
        return created

    def remove_unbooked(self, course_ids: Collection[int]) -> set[int]:
        if not course_ids:
            return set()
        never_booked = ~exists().where(bookings.c.course_id == courses.c.id)
        never_queued = ~exists().where(waitlist_entries.c.course_id == courses.c.id)
        removed = self._db.execute(
            delete(courses)
            .where(courses.c.id.in_(list(course_ids)), never_booked, never_queued)
            .returning(courses.c.id)
        )
        return set(removed.scalars())

    def _one(self, query: Any) -> Timetable | None:
        row = self._db.execute(query).mappings().first()
        return None if row is None else _timetable(row)
