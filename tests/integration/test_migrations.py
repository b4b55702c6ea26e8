"""Alembic migrations: from empty to head on every engine, and models and migrations agree."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect, text

from studiobook.adapters.sql import schema
from studiobook.adapters.sql.engine import create_store_engine
from studiobook.adapters.sql.tables import metadata


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
