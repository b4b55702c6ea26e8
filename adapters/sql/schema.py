"""Bringing a database to the schema this code needs, with Alembic, safely under concurrency.

Every command checks the revision with one cheap query. An empty database is migrated to the
head automatically; an older one is left alone until an operator runs ``studiobook db upgrade``
(migrating a production database should be a decision, not a side effect of ``course list``).
Upgrades run inside one write transaction holding a lock (``BEGIN IMMEDIATE`` on SQLite, an
advisory lock on PostgreSQL), so many processes starting at once migrate exactly once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from studiobook.adapters.sql.engine import WRITE_OPTION
from studiobook.adapters.sql.tables import metadata
from studiobook.application.shared.ports import StoreUnavailable

if TYPE_CHECKING:
    from alembic.config import Config

# The revision this code expects; tests/integration/test_migrations.py keeps it equal to
# Alembic's head, so checking it does not need to import Alembic on every command.
HEAD = "0017"

MIGRATIONS = Path(__file__).with_name("migrations")
_ADVISORY_LOCK_KEY = 0x5B_00_C0_DE  # "studiobook schema"


class SchemaOutdated(StoreUnavailable):
    pass


def current_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _has_our_tables(connection: Connection) -> bool:
    return bool(set(metadata.tables) & set(inspect(connection).get_table_names()))


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str | None]:
    """Migrate to ``revision``; return the revisions before and after."""
    from alembic import command

    with _migrating(engine) as connection:
        before = current_revision(connection)
        if before is None and _has_our_tables(connection):
            raise SchemaOutdated(
                "the database has studiobook tables but no schema revision; "
                "restore it from a backup or point --db at an empty database"
            )
        command.upgrade(alembic_config(connection), revision)
        _check_foreign_keys(connection)
        return before, current_revision(connection)


def downgrade(engine: Engine, revision: str) -> None:
    """Migrate back to ``revision`` (for tests and an operator's rescue, after a backup)."""
    from alembic import command

    with _migrating(engine) as connection:
        command.downgrade(alembic_config(connection), revision)
        _check_foreign_keys(connection)


@contextmanager
def _migrating(engine: Engine) -> Iterator[Connection]:
    """One write transaction for a migration, committed when the block ends: under the
    advisory lock on PostgreSQL (``BEGIN IMMEDIATE`` on SQLite), so processes migrating at once
    migrate one after the other, and with SQLite's foreign keys checked at the end."""
    with engine.connect() as connection, _foreign_keys_checked_at_the_end(connection):
        connection.execution_options(**{WRITE_OPTION: True})
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY})
            yield connection


@contextmanager
def _foreign_keys_checked_at_the_end(connection: Connection) -> Iterator[None]:
    """SQLite rebuilds a table to alter it (copy, drop, rename) — with foreign keys enforced,
    dropping a table that others point at fails, and SQLite can switch them off only outside a
    transaction. So they are off for the migration's connection and checked as a whole before
    the commit (:func:`_check_foreign_keys`), the recipe SQLite's documentation gives."""
    if connection.dialect.name != "sqlite":
        yield
        return
    raw = connection.connection.dbapi_connection
    assert raw is not None
    raw.execute("PRAGMA foreign_keys = OFF")  # autocommit mode: takes effect at once
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys = ON")


def _check_foreign_keys(connection: Connection) -> None:
    if connection.dialect.name != "sqlite":
        return  # PostgreSQL checked every row as it went
    broken = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
    if broken:
        tables = sorted({row[0] for row in broken})
        raise SchemaOutdated(
            f"the migration would leave {len(broken)} row(s) of {', '.join(tables)} pointing "
            "at nothing; nothing was changed — restore the rows they point at, or ask for help"
        )


def ensure_schema(engine: Engine) -> None:
    with engine.connect() as connection:
        revision = current_revision(connection)
    if revision == HEAD:
        return
    if revision is None:
        upgrade(engine)
        return
    raise SchemaOutdated(
        f"the database schema is at revision {revision}, this studiobook needs {HEAD}: "
        "run `studiobook db upgrade` (after a backup)"
    )
