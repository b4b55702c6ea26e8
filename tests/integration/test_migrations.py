"""Alembic migrations: from empty to head on every engine, and models and migrations agree."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect, text

from studiobook.adapters.sql import schema
from studiobook.adapters.sql.engine import create_store_engine
from studiobook.adapters.sql.tables import metadata
from tests.integration.test_migration_to_studios import company, course, dump, fill_courses, insert


@pytest.fixture
def engine(empty_database_url):
    built = create_store_engine(empty_database_url, lock_timeout_seconds=5)
    yield built
    built.dispose()


def test_head_constant_is_alembic_head():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(schema.alembic_config())
    assert script.get_heads() == [schema.HEAD]


def test_upgrade_from_empty_creates_every_table(engine):
    before, after = schema.upgrade(engine)

    assert (before, after) == (None, schema.HEAD)
    with engine.connect() as connection:
        assert set(metadata.tables) <= set(inspect(connection).get_table_names())
        assert schema.current_revision(connection) == schema.HEAD


def test_models_and_migrations_agree(engine):
    """The `alembic check` of this project: autogenerate finds nothing to do after upgrade."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    schema.upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []


def test_downgrade_to_base_and_back(engine):
    schema.upgrade(engine)
    from alembic import command

    with engine.connect() as connection:
        with connection.begin():
            command.downgrade(schema.alembic_config(connection), "base")
        assert not set(metadata.tables) & set(inspect(connection).get_table_names())
    assert schema.upgrade(engine) == (None, schema.HEAD)


def test_second_upgrade_is_a_no_op(engine):
    schema.upgrade(engine)
    assert schema.upgrade(engine) == (schema.HEAD, schema.HEAD)


def test_outdated_database_is_refused_with_a_clear_error(engine):
    schema.upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0000'"))

    with pytest.raises(schema.SchemaOutdated, match="studiobook db upgrade"):
        schema.ensure_schema(engine)


def test_tables_without_revision_are_not_touched(empty_database_url):
    database_url = empty_database_url
    plain = create_engine(database_url)
    with plain.begin() as connection:
        connection.execute(text("CREATE TABLE courses (id INTEGER PRIMARY KEY, title TEXT)"))
    plain.dispose()
    engine = create_store_engine(database_url, 5)
    try:
        with pytest.raises(schema.SchemaOutdated, match="no schema revision"):
            schema.ensure_schema(engine)
    finally:
        engine.dispose()


# -- an existing database at 0005 (before courses belonged to a studio) and back again ----------
# The cases of SPEC 2.1a's "existing databases migrate without loss" are in
# test_migration_to_studios.py; here the whole way there and back, and slugs that collide.
OLD_TABLES = ("companies", "branches", "courses", "bookings", "waitlist_entries")


@pytest.fixture
def old_engine(engine):
    schema.upgrade(engine, "0005")
    return engine


def rows_at_0005(engine) -> dict[str, list[tuple]]:
    """Every row of the tables 0006 changes, in the columns revision 0005 has."""
    columns = {
        "companies": "id, name, time_zone",
        "courses": "id, title, capacity, starts_at, ends_at, branch_id",
        "waitlist_entries": "id, course_id, customer_name, customer_email, tickets, status, "
        "booking_id, created_at",
    }
    return {t: dump(engine, t, columns.get(t, "*")) for t in OLD_TABLES}


def test_a_filled_database_goes_to_head_and_back_to_0005_and_up_again_unchanged(old_engine):
    insert(old_engine, "companies", [company(1, "Box Nord"), company(2, "Box Süd", "UTC")])
    insert(old_engine, "branches", [
        {"id": 3, "company_id": 2, "name": "Hafen", "time_zone": None},
        {"id": 4, "company_id": 1, "name": "Mitte", "time_zone": "Europe/Berlin"},
    ])  # fmt: skip
    insert(old_engine, "courses", [
        course(1, "WOD", branch_id=3), course(2, "Yoga", branch_id=4), course(3, "Open gym"),
        course(4, "Lost", branch_id=99),
    ])  # fmt: skip
    fill_courses(old_engine, courses=4)
    before = rows_at_0005(old_engine)

    schema.upgrade(old_engine)
    placed = dict(dump(old_engine, "courses", "id, company_id"))
    slugs = dict(dump(old_engine, "companies", "id, slug"))
    [studio] = [id_ for id_, slug in slugs.items() if slug == "studio"]
    assert placed == {1: 2, 2: 1, 3: studio, 4: studio}
    assert len(set(slugs.values())) == len(slugs) == 3

    schema.downgrade(old_engine, "0005")
    after_round_trip = rows_at_0005(old_engine)
    # Course 4's branch 99 named no branch: cleared; everything else as it was.
    expected_courses = [(*c[:-1], None) if c[0] == 4 else c for c in before["courses"]]
    assert after_round_trip["courses"] == expected_courses
    assert after_round_trip["companies"] == [*before["companies"], (studio, "Studio", "UTC")]
    for table in ("branches", "bookings", "waitlist_entries"):
        assert after_round_trip[table] == before[table], table

    # Up again: the studio made the first time is one of several companies now, so the courses
    # without a branch get a studio of their own again (nothing guessed across tenants).
    assert schema.upgrade(old_engine) == ("0005", schema.HEAD)
    slugs = dict(dump(old_engine, "companies", "id, slug"))
    [again] = [id_ for id_, slug in slugs.items() if slug == "studio-2"]
    assert dict(dump(old_engine, "courses", "id, company_id")) == {1: 2, 2: 1, 3: again, 4: again}
    assert len(set(slugs.values())) == len(slugs) == 4


SLUG_COLLISIONS = {
    # "yoga" is taken, so the second "Yoga" gets a number: not "yoga-3", which "Yoga 3" has.
    "a numbered slug another company has": ["Yoga", "Yoga 3", "Yoga"],
    # The courses' own studio: "studio" and "studio-2" are taken.
    "the new studio's fallback": ["Studio", "Studio 2"],
}


@pytest.mark.parametrize("names", SLUG_COLLISIONS.values(), ids=SLUG_COLLISIONS.keys())
def test_companies_whose_slugs_collide_still_upgrade_with_unique_slugs(old_engine, names):
    insert(old_engine, "companies", [company(id_, name) for id_, name in enumerate(names, 1)])
    insert(old_engine, "courses", [course(1, "WOD")])

    assert schema.upgrade(old_engine) == ("0005", schema.HEAD)
    slugs = [slug for (slug,) in dump(old_engine, "companies", "slug")]
    assert len(set(slugs)) == len(slugs) == len(names) + 1  # and the courses' own studio
