"""Driving the CLI: in this process or as the installed script, the error contract, JSON
output, database dumps."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa

# Every command runs without entry-point plugins (a test opts in), without a database URL from
# the environment (a test says which database it means) and at the default log level.
_ISOLATED = {
    "STUDIOBOOK_LOAD_PLUGINS": "0", "STUDIOBOOK_DATABASE_URL": None, "STUDIOBOOK_LOG_LEVEL": None,
}


def _argv(args: Sequence[object], db: str | None) -> list[str]:
    return [*(["--db", db] if db else []), *map(str, args)]


def run_in_process(
    args: Sequence[object], *, db: str | None, env: Mapping[str, str | None] | None, cwd: Path,
    stdin: str | None = None,
) -> subprocess.CompletedProcess:
    """``studiobook ARGS`` through :func:`studiobook.entrypoints.cli.main.run` in this process, with
    stdin (``stdin``), stdout, stderr and the environment isolated by click's test runner, in
    ``cwd``."""
    from click.testing import CliRunner

    from studiobook.entrypoints.cli.main import run

    argv = _argv(args, db)
    previous = os.getcwd()
    with CliRunner().isolation(input=stdin, env={**_ISOLATED, **(env or {})}) as (out, err, _):
        os.chdir(cwd)
        try:
            code = run(argv)
        finally:
            os.chdir(previous)
            sys.stdout.flush()
            sys.stderr.flush()
        stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
    return subprocess.CompletedProcess(["studiobook", *argv], code, stdout, stderr)


def studiobook_executable() -> str:
    """The installed console script next to this interpreter."""
    candidate = Path(sys.executable).with_name("studiobook")
    found = str(candidate) if candidate.exists() else shutil.which("studiobook")
    if not found:
        raise RuntimeError("the studiobook console script is not installed; run pip install -e '.[test]'")
    return found


def installed_env(env: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """The environment for a subprocess of the installed script: ours, isolated as above, with
    ``env`` on top (``None`` unsets a variable, as in click's runner)."""
    full = dict(os.environ)
    for name, value in {**_ISOLATED, **(env or {})}.items():
        if value is None:
            full.pop(name, None)
        else:
            full[name] = value
    return full


def run_installed(
    args: Sequence[object], *, db: str | None, env: Mapping[str, str | None] | None, cwd: Path,
    timeout: float = 60,
) -> subprocess.CompletedProcess:
    """The installed console script in a subprocess."""
    return subprocess.run(
        [studiobook_executable(), *_argv(args, db)], capture_output=True, text=True, cwd=cwd,
        env=installed_env(env), timeout=timeout,
    )

# SPEC 4: the keys every script outside the project may rely on.
COURSE_KEYS = {"id", "company_id", "title", "capacity", "booked", "free_spots", "starts_at", "ends_at"}
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
    """The CLI bound to one database: ``cli("course", "list")`` and friends."""

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


def open_salon(cli: Cli) -> dict[str, int]:
    """Anna works Mondays 9-12 and 13-17 (Berlin, the company's zone); one 30-minute service,
    the company's default, on a 30-minute grid."""
    company = cli.new_id("company", "add", "Salon Anna", "--timezone", "Europe/Berlin")
    branch = cli.new_id("branch", "add", company, "Mitte")
    anna = cli.new_id("staff", "add", company, "--name", "Anna", "--branch", branch)
    cli.ok("staff", "hours", anna, "mon", "09:00-12:00", "13:00-17:00")
    cut = cli.new_id(
        "event-type", "add", company, "--name", "Herrenschnitt", "--duration", 30,
        "--price", "25.00", "--default",
    )
    cli.ok("assign", anna, cut, "--primary")
    return {"company": company, "branch": branch, "anna": anna, "cut": cut}


def dump_database(url: str) -> Any:
    """Everything in the database, for before/after comparisons.

    SQLite: ``iterdump()`` (schema and rows). PostgreSQL: every row of every table, as a sorted
    list per table (row order on disk is no part of the contract).
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
    engine = sa.create_engine(parsed, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            dump = {}
            for name in sorted(sa.inspect(connection).get_table_names()):
                rows = connection.exec_driver_sql(f'SELECT * FROM "{name}"')
                dump[name] = sorted((tuple(row) for row in rows), key=repr)
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
