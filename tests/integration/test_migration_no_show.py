"""Revision 0012 lets a booking be a no-show (issue 16): every booking keeps its values, the
status check takes ``no_show`` and still refuses an unknown status; down to 0011 a no-show goes
back to ``confirmed`` (the older schema has no such status) and up again loses nothing else. On
both engines."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from studiobook.adapters.sql import schema
from studiobook.adapters.sql.engine import create_store_engine
from tests.integration.test_migration_to_studios import company, dump, insert

WRITTEN = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # as an older studiobook wrote them
STATUSES = ["pending", "request", "confirmed", "cancel_requested", "cancelled", "completed"]
COLUMNS = "id, course_id, customer_name, customer_email, tickets, status, created_at"


@pytest.fixture
def database_at_0011(empty_database_url):
    engine = create_store_engine(empty_database_url, lock_timeout_seconds=5)
    schema.upgrade(engine, "0011")
    insert(engine, "companies", [{**company(1, "Box"), "slug": "box"}])
    insert(engine, "courses", [{"id": 1, "title": "WOD", "capacity": 10, "company_id": 1}])
    insert(engine, "bookings", [
        {"id": i + 1, "course_id": 1, "customer_name": f"Guest {i}",
         "customer_email": f"guest{i}@example.com", "tickets": 1 + i % 2, "status": status,
         "created_at": WRITTEN}
        for i, status in enumerate(STATUSES)
    ])  # fmt: skip
    yield engine
    engine.dispose()


def set_status(engine, booking_id: int, status: str) -> None:
    with engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE bookings SET status = :s WHERE id = :i"), {"s": status, "i": booking_id}
        )


def test_bookings_keep_their_values_and_may_then_be_no_shows(database_at_0011):
    engine = database_at_0011
    with pytest.raises(sa.exc.IntegrityError):
        set_status(engine, 3, "no_show")
    before = dump(engine, "bookings", COLUMNS)

    assert schema.upgrade(engine) == ("0011", schema.HEAD)

    assert dump(engine, "bookings", COLUMNS) == before
    set_status(engine, 3, "no_show")
    with pytest.raises(sa.exc.IntegrityError):
        set_status(engine, 3, "gone")
    assert dict(dump(engine, "bookings", "id, status"))[3] == "no_show"


def test_down_to_0011_a_no_show_is_confirmed_again_and_up_again_nothing_else_changed(database_at_0011):
    from alembic import command

    engine = database_at_0011
    before = dump(engine, "bookings", COLUMNS)
    schema.upgrade(engine)
    set_status(engine, 3, "no_show")

    with engine.connect() as connection, connection.begin():
        command.downgrade(schema.alembic_config(connection), "0011")

    assert dump(engine, "bookings", COLUMNS) == before  # booking 3 was confirmed
    with pytest.raises(sa.exc.IntegrityError):
        set_status(engine, 3, "no_show")
    assert schema.upgrade(engine) == ("0011", schema.HEAD)
    assert dump(engine, "bookings", COLUMNS) == before
