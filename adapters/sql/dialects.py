"""The few statements SQLite and PostgreSQL spell differently."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Connection, Table
from sqlalchemy.sql import ColumnCollection

Row = dict[str, Any]  # column name -> value


def insert_missing(connection: Connection, table: Table, rows: list[Row]) -> None:
    """Insert rows whose primary key is not there yet; existing rows are left untouched."""
    if not rows:
        return
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        connection.execute(postgresql_insert(table).on_conflict_do_nothing(), rows)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        connection.execute(sqlite_insert(table).on_conflict_do_nothing(), rows)


def insert_ignoring_conflicts(connection: Connection, table: Table, keys: list[str]) -> Any:
    """An INSERT that does nothing where a row with the same ``keys`` (a unique constraint)
    exists; its ``rowcount`` says whether it inserted. (``preserve_rowcount``: SQLAlchemy
    reads an INSERT's row count only when asked; without it psycopg's result says -1.)"""
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        statement: Any = postgresql_insert(table).on_conflict_do_nothing(index_elements=keys)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        statement = sqlite_insert(table).on_conflict_do_nothing(index_elements=keys)
    return statement.execution_options(preserve_rowcount=True)


def upsert(connection: Connection, table: Table, rows: list[Row], keys: tuple[str, ...]) -> None:
    """Insert rows; where one with the same ``keys`` exists, overwrite its other columns."""
    if not rows:
        return
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        pg = postgresql_insert(table)
        changed = _others(pg.excluded, rows[0], keys)
        connection.execute(pg.on_conflict_do_update(index_elements=keys, set_=changed), rows)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        lite = sqlite_insert(table)
        changed = _others(lite.excluded, rows[0], keys)
        connection.execute(lite.on_conflict_do_update(index_elements=keys, set_=changed), rows)


def _others(
    excluded: ColumnCollection[str, Any], row: Row, keys: tuple[str, ...]
) -> dict[str, ColumnElement[Any]]:
    """The proposed values (``excluded``) of the columns in ``row`` that are not ``keys``."""
    return {name: excluded[name] for name in row if name not in keys}
