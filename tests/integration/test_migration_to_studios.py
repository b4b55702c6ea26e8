"""An existing database — at revision 0005, before courses belonged to a studio — upgrades with
nothing lost (issue 14): every course, booking and waitlist entry keeps its values, and each
course gets the company the 0006 migration's docstring promises. On both engines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from studiobook.adapters.sql import schema
from studiobook.adapters.sql.engine import create_store_engine

# Rows as an older studiobook wrote them: an injected instant, nothing here reads a clock.
WRITTEN = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def old_database(empty_database_url):
    engine = create_store_engine(empty_database_url, lock_timeout_seconds=5)
    schema.upgrade(engine, "0005")
    yield engine
    engine.dispose()


def insert(engine, table: str, rows: list[dict]) -> None:
    with engine.begin() as connection:
        columns = ", ".join(rows[0])
        values = ", ".join(f":{c}" for c in rows[0])
        connection.execute(sa.text(f"INSERT INTO {table} ({columns}) VALUES ({values})"), rows)
        if connection.dialect.name == "postgresql":  # as if the rows had taken their ids
            connection.execute(sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            ))  # fmt: skip


def company(id_: int, name: str, zone: str = "Europe/Berlin") -> dict:
    return {"id": id_, "name": name, "time_zone": zone, "availability_generation": 0}


def course(id_: int, title: str, branch_id: int | None = None, capacity: int = 10) -> dict:
    starts = WRITTEN + timedelta(days=id_)
    return {
        "id": id_, "title": title, "capacity": capacity, "starts_at": starts,
        "ends_at": starts + timedelta(hours=1), "branch_id": branch_id,
    }  # fmt: skip


def fill_courses(engine, courses: int = 3) -> None:
    """Bookings in every status over the courses, and a waitlist: what must survive."""
    statuses = ["pending", "request", "confirmed", "cancel_requested", "cancelled", "completed"]
    insert(engine, "bookings", [
        {"id": i + 1, "course_id": 1 + i % courses, "customer_name": f"Guest {i}",
         "customer_email": f"guest{i}@example.com", "tickets": 1 + i % 2, "status": status,
         "created_at": WRITTEN}
        for i, status in enumerate(statuses)
    ])  # fmt: skip
    insert(engine, "waitlist_entries", [
        {"id": 1, "course_id": courses, "customer_name": "Wait Ing", "customer_email": "w@example.com",
         "tickets": 2, "status": "waiting", "booking_id": None, "created_at": WRITTEN},
        {"id": 2, "course_id": courses, "customer_name": "Moved Up", "customer_email": "m@example.com",
         "tickets": 1, "status": "promoted", "booking_id": 3, "created_at": WRITTEN},
    ])  # fmt: skip


def dump(engine, table: str, columns: str = "*") -> list[tuple]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(sa.text(f"SELECT {columns} FROM {table} ORDER BY 1"))]


def upgrade_keeping_everything(engine) -> dict[int, int]:
    """Upgrade; assert no booking, waitlist entry or course field changed; return each course's
    company."""
    columns = {  # as revision 0005 has them: later revisions add columns, never change these
        "bookings": "id, course_id, customer_name, customer_email, tickets, status, created_at",
        "waitlist_entries": "id, course_id, customer_name, customer_email, tickets, status, "
        "booking_id, created_at",
    }
    before = {t: dump(engine, t, c) for t, c in columns.items()}
    courses_before = dump(engine, "courses", "id, title, capacity, starts_at, ends_at")

    assert schema.upgrade(engine) == ("0005", schema.HEAD)

    assert {t: dump(engine, t, c) for t, c in columns.items()} == before
    assert dump(engine, "courses", "id, title, capacity, starts_at, ends_at") == courses_before
    return dict(dump(engine, "courses", "id, company_id"))


def test_with_no_company_the_courses_go_to_a_new_studio_in_utc(old_database):
    insert(old_database, "courses", [course(1, "WOD"), course(2, "Yoga", branch_id=7), course(3, "Open gym")])
    fill_courses(old_database)

    companies_of = upgrade_keeping_everything(old_database)

    [(studio, name, slug, zone)] = dump(old_database, "companies", "id, name, slug, time_zone")
    assert (name, slug, zone) == ("Studio", "studio", "UTC")
    assert companies_of == {1: studio, 2: studio, 3: studio}
    assert dump(old_database, "courses", "branch_id") == [(None,), (None,), (None,)]  # 7 was nowhere


def test_with_one_company_every_course_goes_to_it(old_database):
    insert(old_database, "companies", [company(4, "CrossFit Nord")])
    insert(old_database, "courses", [course(1, "WOD"), course(2, "Yoga"), course(3, "Open gym")])
    fill_courses(old_database)

    assert upgrade_keeping_everything(old_database) == {1: 4, 2: 4, 3: 4}
    assert dump(old_database, "companies", "id, slug") == [(4, "crossfit-nord")]


def test_with_several_companies_the_branch_tells_and_the_rest_get_their_own_studio(old_database):
    insert(old_database, "companies", [
        company(1, "Salon Anna"), company(2, "Salon Anna"), company(3, "Praxis Ost", "America/New_York"),
    ])  # fmt: skip
    insert(old_database, "branches", [{"id": 5, "company_id": 3, "name": "Mitte", "time_zone": None}])
    insert(old_database, "courses", [course(1, "Rücken", branch_id=5), course(2, "WOD"), course(3, "Yoga")])
    fill_courses(old_database)

    companies_of = upgrade_keeping_everything(old_database)

    slugs = dict(dump(old_database, "companies", "id, slug"))
    assert (slugs[1], slugs[2], slugs[3]) == ("salon-anna", "salon-anna-2", "praxis-ost")
    [studio] = [id_ for id_, slug in slugs.items() if slug == "studio"]
    assert companies_of == {1: 3, 2: studio, 3: studio}  # nothing guessed across tenants
    assert dump(old_database, "courses", "id, branch_id") == [(1, 5), (2, None), (3, None)]


def test_the_upgraded_database_books_as_before_and_downgrades_and_upgrades_again(old_database):
    insert(old_database, "companies", [company(1, "Box")])
    insert(old_database, "courses", [course(1, "WOD", capacity=9)])
    fill_courses(old_database, courses=1)
    schema.upgrade(old_database)

    from studiobook.adapters.sql.unit_of_work import SqlUnitOfWork

    with SqlUnitOfWork(old_database) as uow:
        wod = uow.courses.get(1)
    # confirmed 1 + cancel_requested 2 + completed 2 tickets occupy seats; the rest do not
    assert (wod.company_id, wod.time_zone, wod.booked) == (1, "Europe/Berlin", 5)

    schema.downgrade(old_database, "0005")
    assert dump(old_database, "courses", "id, title") == [(1, "WOD")]
    assert schema.upgrade(old_database) == ("0005", schema.HEAD)
