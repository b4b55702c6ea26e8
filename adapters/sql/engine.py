"""Engines tuned per database so that seat changes serialise per course.

SQLite: WAL (readers never wait for the writer), ``BEGIN IMMEDIATE`` for write units of work (the
write lock is taken before the seat count is read, so two processes cannot both pass the check),
and a busy timeout. PostgreSQL: a row lock on the course (``SELECT ... FOR UPDATE``) with a short
``lock_timeout``. Either way, "still locked" surfaces as :class:`StoreBusy`.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.pool import ConnectionPoolEntry, StaticPool

from studiobook.application.shared.ports import StoreBusy, StoreUnavailable

WRITE_OPTION = "studiobook_for_writing"

_SQLITE_BUSY = ("database is locked", "database is busy", "database table is locked")
# lock_not_available, serialization_failure, deadlock_detected
_POSTGRES_BUSY = {"55P03", "40001", "40P01"}


def parse_url(url: str) -> URL:
    try:
        return make_url(url)
    except ArgumentError:
        raise StoreUnavailable(f"'{url}' is not a database URL (e.g. sqlite:///studiobook.db)") from None


def create_store_engine(url: str, lock_timeout_seconds: float) -> Engine:
    parsed = parse_url(url)
    backend = parsed.get_backend_name()
    try:
        if backend == "sqlite":
            return _sqlite_engine(parsed, lock_timeout_seconds)
        if backend == "postgresql":
            return _postgres_engine(parsed, lock_timeout_seconds)
        return create_engine(parsed, hide_parameters=True)
    except (ImportError, ArgumentError) as error:
        raise StoreUnavailable(f"cannot use database '{parsed.render_as_string()}': {error}") from error


def _sqlite_engine(url: URL, lock_timeout_seconds: float) -> Engine:
    in_memory = url.database in (None, "", ":memory:")
    engine = create_engine(
        url,
        hide_parameters=True,  # an error (a log line, a message) never shows names or e-mails
        connect_args={"timeout": lock_timeout_seconds, "check_same_thread": False},
        # Every unit of work ends in an explicit commit or rollback (and Connection.close rolls
        # back what is left), so the pool's own rollback on check-in would be a second one.
        pool_reset_on_return=None,
        **({"poolclass": StaticPool} if in_memory else {}),
    )

    if not in_memory and url.database is not None and not url.query.get("uri"):
        path = url.database

        @event.listens_for(engine, "do_connect")
        def _private_file(*_: object) -> None:
            create_private(path)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
        # Take transaction control away from the sqlite3 module so that we choose the BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(lock_timeout_seconds * 1000)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if not in_memory:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        writing = connection.get_execution_options().get(WRITE_OPTION, False)
        # Straight to the driver: this runs for every unit of work and SQLAlchemy adds nothing to
        # a bare BEGIN. A driver error here is translated like any other (see ``translate``).
        dbapi_connection = connection.connection.dbapi_connection
        if dbapi_connection is None:  # checked out for this BEGIN, so never invalidated yet
            raise sqlite3.InterfaceError("BEGIN on a closed connection")
        dbapi_connection.execute("BEGIN IMMEDIATE" if writing else "BEGIN")

    return engine


def create_private(path: str) -> None:
    """An empty database file readable by its owner only (0600), unless it exists already;
    SQLite gives the ``-wal`` and ``-shm`` files it creates next to it the same mode."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError:  # it exists (keep its mode), or SQLite will say why it cannot be opened
        pass


def _postgres_engine(url: URL, lock_timeout_seconds: float) -> Engine:
    engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)
    milliseconds = int(lock_timeout_seconds * 1000)

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        if connection.get_execution_options().get(WRITE_OPTION, False):
            connection.exec_driver_sql(f"SET LOCAL lock_timeout = {milliseconds}")

    return engine


def _driver_error(error: BaseException) -> BaseException | None:
    """The driver's own exception, whether SQLAlchemy wrapped it or not."""
    if isinstance(error, DBAPIError):
        return error.orig
    if type(error).__module__.split(".")[0] in {"sqlite3", "psycopg"}:
        return error
    return None


def is_busy(error: BaseException) -> bool:
    """Whether a database error means "locked by someone else, try again"."""
    driver_error = _driver_error(error)
    if driver_error is None:
        return False
    code = getattr(driver_error, "sqlstate", None) or getattr(driver_error, "pgcode", None)
    if code in _POSTGRES_BUSY:
        return True
    text = str(driver_error).lower()
    return any(marker in text for marker in _SQLITE_BUSY)


def translate(error: BaseException, url: str) -> Exception | None:
    """The port-level error for a database error, or ``None`` to let it through unchanged."""
    if is_busy(error):
        return StoreBusy()
    driver_error = _driver_error(error)
    if driver_error is not None and (
        (isinstance(error, DBAPIError) and error.connection_invalidated) or _cannot_connect(driver_error)
    ):
        reason = str(driver_error).strip().splitlines()[0] if str(driver_error).strip() else type(driver_error).__name__
        return StoreUnavailable(f"cannot open the database {url}: {reason}")
    return None


@contextmanager
def port_errors(url: str) -> Iterator[None]:
    """Driver errors raised inside as the ports' errors (:func:`translate`), chained to the
    original; anything else passes unchanged."""
    try:
        yield
    except Exception as error:
        translated = translate(error, url)
        if translated is None:
            raise
        raise translated from error


_CANNOT_CONNECT = (
    "unable to open database",
    "file is not a database",
    "connection refused",
    "could not connect",
    "connection failed",
    "connection is bad",
    "could not translate host name",
    "name or service not known",
    "password authentication failed",
)


def _cannot_connect(driver_error: BaseException) -> bool:
    text = str(driver_error).lower()
    missing_database = text.startswith('database "') and "does not exist" in text
    return missing_database or any(marker in text for marker in _CANNOT_CONNECT)
