"""Revision 0010 gives appointments a price (issue 16): existing appointments keep every value and
get the price the booking rule gives (the assignment's custom price, else the event type's); down
to 0009 and up again loses nothing. On both engines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from studiobook.adapters.sql import schema
from studiobook.adapters.sql.appointments import SqlAppointmentRepository
from studiobook.adapters.sql.engine import create_store_engine
from tests.integration.test_migration_to_studios import company, dump, insert

# Rows as an older studiobook wrote them: an injected instant, nothing here reads a clock.
WRITTEN = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
COLUMNS_AT_0009 = (
    "id, company_id, staff_id, event_type_id, starts_at, ends_at, status, customer_name, "
    "customer_email, calcom_booking_uid"
)


@pytest.fixture
def database_at_0009(empty_database_url):
    engine = create_store_engine(empty_database_url, lock_timeout_seconds=5)
    schema.upgrade(engine, "0009")
    yield engine
    engine.dispose()


def event_type(id_: int, name: str, price: str) -> dict:
    return {
        "id": id_, "company_id": 1, "name": name, "slug": name.lower(), "description": "",
        "duration_minutes": 30, "price": price, "active": True, "team_event": False,
        "requires_confirmation": False, "buffer_before_minutes": 0, "buffer_after_minutes": 0,
        "minimum_notice_minutes": 0, "booking_limits": "{}", "metadata": "{}",
    }  # fmt: skip


def staff(id_: int, name: str) -> dict:
    return {
        "id": id_, "company_id": 1, "name": name, "time_zone": "Europe/Berlin",
        "working_hours": "{}", "active": True,
    }  # fmt: skip


def appointment(id_: int, staff_id: int, event_type_id: int, status: str = "booked") -> dict:
    start = WRITTEN + timedelta(hours=id_)
    return {
        "id": id_, "company_id": 1, "staff_id": staff_id, "event_type_id": event_type_id,
        "starts_at": start, "ends_at": start + timedelta(minutes=30), "status": status,
        "customer_name": f"Guest {id_}", "customer_email": f"guest{id_}@example.com",
        "calcom_booking_uid": None,
    }  # fmt: skip


def fill(engine) -> None:
    insert(engine, "companies", [{**company(1, "Salon"), "slug": "salon"}])
    insert(engine, "event_types", [event_type(1, "Cut", "35.00"), event_type(2, "Colour", "60.50")])
    insert(engine, "staff", [staff(1, "Anna"), staff(2, "Ben")])
    with engine.begin() as connection:  # no id column: the insert helper's setval does not fit
        connection.execute(
            sa.text(
                "INSERT INTO staff_event_types (company_id, staff_id, event_type_id, is_primary, "
                "custom_price) VALUES (1, 1, 1, true, 42.00), (1, 2, 1, false, NULL), "
                "(1, 1, 2, false, NULL)"
            )
        )
    insert(engine, "appointments", [
        appointment(1, staff_id=1, event_type_id=1),  # Anna's custom price for a cut
        appointment(2, staff_id=2, event_type_id=1),  # Ben has none: the cut's price
        appointment(3, staff_id=1, event_type_id=2, status="cancelled"),  # no custom price
        appointment(4, staff_id=2, event_type_id=2),  # not assigned (any more): the price
    ])  # fmt: skip


def test_existing_appointments_keep_their_values_and_get_the_booking_rules_price(
    database_at_0009,
):
    engine = database_at_0009
    fill(engine)
    before = dump(engine, "appointments", COLUMNS_AT_0009)

    assert schema.upgrade(engine) == ("0009", schema.HEAD)

    assert dump(engine, "appointments", COLUMNS_AT_0009) == before
    prices = {id_: Decimal(price) for id_, price in dump(engine, "appointments", "id, price")}
    assert prices == {
        1: Decimal("42.00"), 2: Decimal("35.00"), 3: Decimal("60.50"), 4: Decimal("60.50")
    }  # fmt: skip
    with engine.connect() as connection:
        read = SqlAppointmentRepository(connection).get(1, 1)
    assert read is not None and read.price == Decimal("42.00")
    assert read.customer_name == "Guest 1" and read.start == WRITTEN + timedelta(hours=1)


def test_down_to_0009_and_up_again_keeps_every_appointment(database_at_0009):
    engine = database_at_0009
    fill(engine)
    before = dump(engine, "appointments", COLUMNS_AT_0009)
    schema.upgrade(engine)

    schema.downgrade(engine, "0009")
    assert dump(engine, "appointments", COLUMNS_AT_0009) == before

    assert schema.upgrade(engine) == ("0009", schema.HEAD)
    assert dump(engine, "appointments", COLUMNS_AT_0009) == before
    assert [Decimal(p) for _, p in dump(engine, "appointments", "id, price")] == [
        Decimal("42.00"), Decimal("35.00"), Decimal("60.50"), Decimal("60.50")
    ]  # fmt: skip
