"""Helpers for driving the installed CLI: the error contract, JSON output, database dumps."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path
from typing import Any, Callable

import sqlalchemy as sa

# SPEC 4: the keys every script outside the project may rely on.
COURSE_KEYS = {"id", "title", "capacity", "booked", "free_spots", "starts_at", "ends_at"}
BOOKING_KEYS = {"id", "course_id", "name", "email", "tickets", "status"}


def assert_no_traceback(result: subprocess.CompletedProcess) -> None:
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert "database is locked" not in output, output


def assert_error_contract(result: subprocess.CompletedProcess, codes=(1, 2)) -> str:
    """A failure per SPEC 4: exit 1 or 2, nothing on stdout, one ``Error:`` line on stderr.

    Returns the message after ``Error:``.
    """
    assert_no_traceback(result)
    assert result.returncode in codes, (result.returncode, result.stdout, result.stderr)
    assert result.stdout == "", result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error:"), result.stderr
    message = lines[0].removeprefix("Error:").strip()
    assert message, result.stderr
    return message


class Cli:
    """The installed CLI bound to one database: ``cli("course", "list")`` and friends."""

    def __init__(self, run: Callable[..., subprocess.CompletedProcess], url: str) -> None:
        self._run = run
        self.url = url

    def __call__(self, *args: object) -> subprocess.CompletedProcess:
        return self._run(*map(str, args), db=self.url)

    def ok(self, *args: object) -> str:
        """Run a command that must succeed; return its stdout."""
        result = self(*args)
        assert_no_traceback(result)
        assert result.returncode == 0, (args, result.returncode, result.stderr)
        return result.stdout

    def json(self, *args: object) -> Any:
        """Run a command with ``--json``; it must print exactly one JSON document."""
        result = self(*args, "--json")
        assert_no_traceback(result)
        assert result.returncode == 0, (args, result.returncode, result.stderr)
        assert result.stderr == "", result.stderr
        return json.loads(result.stdout)  # raises on a second document ("Extra data")

    def new_id(self, *args: object) -> int:
        """Run an ``add`` command in plain mode: it prints the new id and nothing else."""
        out = self.ok(*args)
        assert out.strip().isdigit(), out
        return int(out)

    def fails(self, *args: object, codes=(1, 2)) -> str:
        return assert_error_contract(self(*args), codes)


def dump_database(url: str) -> Any:
    """Everything in the database, for before/after comparisons.

    SQLite: ``iterdump()`` (schema and rows). PostgreSQL: every row of every table, ordered by id.
    """
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database)
        if not path.exists():
            return None
        connection = sqlite3.connect(path)
        try:
            return list(connection.iterdump())
        finally:
            connection.close()
    engine = sa.create_engine(parsed)
    try:
        with engine.connect() as connection:
            metadata = sa.MetaData()
            metadata.reflect(connection)
            dump = {}
            for table in metadata.sorted_tables:
                order = [table.c.id] if "id" in table.c else list(table.c)
                rows = connection.execute(sa.select(table).order_by(*order))
                dump[table.name] = [tuple(row) for row in rows]
            return dump
    finally:
        engine.dispose()


def table_names(url: str) -> set[str]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return set(sa.inspect(connection).get_table_names())
    finally:
        engine.dispose()
