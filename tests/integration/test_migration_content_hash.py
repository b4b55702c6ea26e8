"""Revision 0014 gives members and leads a content hash (issue 18): every member and lead keeps
its values and has no hash yet (the next sync compares it field by field and stores one); down to
0013 the column goes and nothing else changes. On both engines."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from studiobook.adapters.sql import schema
from studiobook.adapters.sql.engine import create_store_engine
from tests.integration.test_migration_to_studios import dump

WRITTEN = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # as an older studiobook wrote them
MEMBER_COLUMNS = (
    "client_id, first_name, last_name, email, phone, membership_id, membership_type,"
    " membership_status, monthly_price, start_date, end_date, updated_at, stored_at"
)
LEAD_COLUMNS = (
    "lead_id, first_name, last_name, email, phone, status, interested_in, message, notes,"
    " updated_at, stored_at"
)


def insert(engine, table: str, rows: list[dict]) -> None:
    with engine.begin() as connection:
        columns = ", ".join(rows[0])
        values = ", ".join(f":{c}" for c in rows[0])
        connection.execute(sa.text(f"INSERT INTO {table} ({columns}) VALUES ({values})"), rows)


@pytest.fixture
def database_at_0013(empty_database_url):
    engine = create_store_engine(empty_database_url, lock_timeout_seconds=5)
    schema.upgrade(engine, "0013")
    insert(engine, "members", [
        {"client_id": "c1", "first_name": "Anna", "last_name": "Groß", "email": "anna@example.de",
         "phone": "+49 30 1234", "membership_id": "m1", "membership_type": "Unlimited",
         "membership_status": "active", "monthly_price": "89.50", "start_date": date(2026, 1, 5),
         "end_date": None, "updated_at": WRITTEN, "stored_at": WRITTEN},
        {"client_id": "c2", "first_name": "Ben", "last_name": "Kim", "email": "ben@example.de",
         "phone": None, "membership_id": None, "membership_type": None,
         "membership_status": None, "monthly_price": None, "start_date": None,
         "end_date": None, "updated_at": WRITTEN, "stored_at": WRITTEN},
    ])  # fmt: skip
    insert(engine, "leads", [
        {"lead_id": "l1", "first_name": "Cem", "last_name": "Ay", "email": "cem@example.de",
         "phone": None, "status": "new", "interested_in": "Yoga", "message": "Hallo",
         "notes": None, "updated_at": WRITTEN, "stored_at": WRITTEN},
    ])  # fmt: skip
    yield engine
    engine.dispose()


def test_members_and_leads_keep_their_values_and_have_no_hash_yet(database_at_0013):
    engine = database_at_0013
    members, leads = dump(engine, "members", MEMBER_COLUMNS), dump(engine, "leads", LEAD_COLUMNS)
    assert members[0][:3] == ("c1", "Anna", "Groß")

    assert schema.upgrade(engine) == ("0013", schema.HEAD)

    assert dump(engine, "members", MEMBER_COLUMNS) == members
    assert dump(engine, "leads", LEAD_COLUMNS) == leads
    assert dump(engine, "members", "client_id, content_hash") == [("c1", None), ("c2", None)]
    assert dump(engine, "leads", "lead_id, content_hash") == [("l1", None)]


def test_down_to_0013_the_hash_goes_and_nothing_else_changes(database_at_0013):
    engine = database_at_0013
    members, leads = dump(engine, "members", MEMBER_COLUMNS), dump(engine, "leads", LEAD_COLUMNS)
    schema.upgrade(engine)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE members SET content_hash = 'abc'"))

    schema.downgrade(engine, "0013")

    assert dump(engine, "members", MEMBER_COLUMNS) == members
    assert dump(engine, "leads", LEAD_COLUMNS) == leads
    with engine.connect() as connection:
        columns = sa.inspect(connection).get_columns("members")
    assert "content_hash" not in {column["name"] for column in columns}
    assert schema.upgrade(engine) == ("0013", schema.HEAD)
    assert dump(engine, "members", MEMBER_COLUMNS) == members
