"""Revision 0013 adds public holidays per company (issue 17): every company keeps its values and
has no country (no holidays: it stays open as before) but closes on holidays once it has one;
``company_closures`` takes one word per company and date. Down to 0012 both go, and up again
nothing else changed. On both engines."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from studiobook.adapters.sql import schema
from studiobook.adapters.sql.engine import create_store_engine
from studiobook.adapters.sql.store import SqlStore
from tests.integration.test_migration_to_studios import company, dump, insert

COLUMNS = "id, name, slug, time_zone, default_event_type_id, availability_generation"


def say(engine, company_id: int, day: date, is_open: bool) -> None:
    with engine.begin() as connection:
        connection.execute(
            sa.text("INSERT INTO company_closures (company_id, day, open) VALUES (:c, :d, :o)"),
            {"c": company_id, "d": day, "o": is_open},
        )


@pytest.fixture
def database_at_0012(empty_database_url):
    engine = create_store_engine(empty_database_url, lock_timeout_seconds=5)
    schema.upgrade(engine, "0012")
    insert(engine, "companies", [
        {**company(1, "Salon Mitte"), "slug": "salon-mitte"},
        {**company(2, "Salon Soho", "Europe/London"), "slug": "salon-soho"},
    ])  # fmt: skip
    yield engine, empty_database_url
    engine.dispose()


def test_companies_keep_their_values_and_have_no_holidays_until_they_get_a_country(database_at_0012):
    engine, url = database_at_0012
    before = dump(engine, "companies", COLUMNS)

    assert schema.upgrade(engine) == ("0012", schema.HEAD)

    assert dump(engine, "companies", COLUMNS) == before
    assert dump(engine, "companies", "id, country, subdivision, closed_on_holidays") == [
        (1, None, None, True), (2, None, None, True)
    ]
    say(engine, 1, date(2027, 12, 24), False)
    with pytest.raises(sa.exc.IntegrityError):  # one word per company and date
        say(engine, 1, date(2027, 12, 24), True)
    store = SqlStore(url)
    try:
        with store.unit_of_work() as uow:
            kept = uow.companies.get(1)
            words = uow.companies.closure_overrides(1)
        assert (kept.name, kept.country, kept.closed_on_holidays) == ("Salon Mitte", None, True)
        assert [(str(day), is_open) for day, is_open in words.items()] == [("2027-12-24", False)]
    finally:
        store.dispose()


def test_down_to_0012_and_up_again_loses_nothing_else(database_at_0012):
    from alembic import command

    engine, _ = database_at_0012
    before = dump(engine, "companies", COLUMNS)
    schema.upgrade(engine)

    with engine.connect() as connection, connection.begin():
        command.downgrade(schema.alembic_config(connection), "0012")

    assert dump(engine, "companies", COLUMNS) == before
    assert "company_closures" not in sa.inspect(engine).get_table_names()
    assert schema.upgrade(engine) == ("0012", schema.HEAD)
    assert dump(engine, "companies", COLUMNS) == before
