"""Throw-away databases for tests: a SQLite file always, PostgreSQL when
``STUDIOBOOK_TEST_POSTGRES_URL`` points at a server (``.ci/run`` starts one on loopback).

Migrating a database costs more than most tests that use it, so each test process migrates one
template per engine. On SQLite every test gets a copy of the file. On PostgreSQL even
``CREATE DATABASE … TEMPLATE`` writes the whole catalogue (~7 MB of WAL, ~0.2 s), so each test
process keeps one migrated database and empties it before each test: other sessions ended (as
``DROP DATABASE … WITH (FORCE)`` would), every row deleted, every sequence back at 1. A test that
needs a database nobody has used (planner statistics, say) asks for a copy of the template.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

POSTGRES_ENV = "STUDIOBOOK_TEST_POSTGRES_URL"


def engines() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get(POSTGRES_ENV) else ["sqlite"]


def _on_server(statement: str) -> None:
    """Run one statement (CREATE or DROP DATABASE) on the PostgreSQL server, outside any
    transaction."""
    import sqlalchemy as sa

    admin = sa.create_engine(os.environ[POSTGRES_ENV], isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(statement)
    finally:
        admin.dispose()


def _create(name: str, template: str | None = None) -> str:
    _on_server(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return _postgres_url(name)


def _drop(url: str) -> None:
    from sqlalchemy.engine import make_url

    _on_server(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


def _postgres_url(name: str) -> str:
    import sqlalchemy as sa

    url = sa.engine.make_url(os.environ[POSTGRES_ENV]).set(database=name)
    return url.render_as_string(hide_password=False)


@contextmanager
def fresh_database(engine: str, folder: Path, template: str | None = None) -> Iterator[str]:
    """Yield the URL of a new database of ``engine`` (empty, or a copy of the PostgreSQL
    database ``template``); drop it afterwards."""
    if engine == "sqlite":
        yield f"sqlite:///{folder / f'studiobook-{uuid.uuid4().hex[:8]}.db'}"
        return
    url = _create(f"sb_test_{uuid.uuid4().hex[:12]}", template)
    yield url
    _drop(url)


def migrate(url: str) -> None:
    from sqlalchemy import create_engine

    from studiobook.adapters.sql.schema import ensure_schema

    engine = create_engine(url)
    try:
        ensure_schema(engine)
    finally:
        engine.dispose()  # PostgreSQL copies a template only while nobody is connected to it


class TemplateDatabases:
    """A migrated template per engine, made on first use, and copies of it for each test."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._templates: dict[str, str] = {}
        self._reused: str | None = None

    def _template(self, engine: str) -> str:
        if engine not in self._templates:
            if engine == "sqlite":
                path = self.folder / "template.db"
                migrate(f"sqlite:///{path}")
                self._templates[engine] = str(path)
            else:
                name = f"sb_template_{uuid.uuid4().hex[:12]}"
                migrate(_create(name))
                self._templates[engine] = name
        return self._templates[engine]

    @contextmanager
    def copy(self, engine: str, folder: Path, reuse: bool = True) -> Iterator[str]:
        """A database at the current schema with no rows: a copy of the template, or (on
        PostgreSQL, with ``reuse``) this process's reused database, emptied."""
        template = self._template(engine)
        if engine == "sqlite":
            path = folder / f"studiobook-{uuid.uuid4().hex[:8]}.db"
            shutil.copyfile(template, path)
            yield f"sqlite:///{path}"
            return
        if not reuse:
            with fresh_database(engine, folder, template=template) as url:
                yield url
            return
        yield self._emptied()

    def _emptied(self) -> str:
        from sqlalchemy import create_engine, pool, text

        from studiobook.adapters.sql.schema import HEAD, current_revision
        from studiobook.adapters.sql.tables import metadata

        if self._reused is None:
            name = f"sb_reused_{uuid.uuid4().hex[:12]}"
            self._reused = _create(name, template=self._template("postgresql"))
        engine = create_engine(self._reused, poolclass=pool.NullPool)
        try:
            with engine.begin() as connection:
                connection.execute(text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                ))
                current = current_revision(connection) == HEAD
                if current:
                    for table in reversed(metadata.sorted_tables):
                        connection.execute(table.delete())
                    connection.execute(text(
                        "SELECT setval(c.oid::regclass, 1, false) FROM pg_class c "
                        "WHERE c.relkind = 'S' AND c.relnamespace = 'public'::regnamespace"
                    ))
        finally:
            engine.dispose()
        if not current:  # a test moved the schema: start over from the template
            _drop(self._reused)
            self._reused = None
            return self._emptied()
        return self._reused

    def drop(self) -> None:
        if self._reused is not None:
            _drop(self._reused)
            self._reused = None
        name = self._templates.pop("postgresql", None)
        if name is not None:
            _drop(_postgres_url(name))
