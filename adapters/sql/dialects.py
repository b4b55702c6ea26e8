"""The few statements SQLite and PostgreSQL spell differently."""

from __future__ import annotations

from sqlalchemy import Connection, Table


def insert_missing(connection: Connection, table: Table, rows: list[dict]) -> None:
    """Insert rows whose primary key is not there yet; existing rows are left untouched."""
    if not rows:
        return
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    connection.execute(insert(table).on_conflict_do_nothing(), rows)


def upsert(connection: Connection, table: Table, rows: list[dict], keys: tuple[str, ...]) -> None:
    """Insert rows; where one with the same ``keys`` exists, overwrite its other columns."""
    if not rows:
        return
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(table)
    changed = {name: statement.excluded[name] for name in rows[0] if name not in keys}
    connection.execute(statement.on_conflict_do_update(index_elements=keys, set_=changed), rows)
