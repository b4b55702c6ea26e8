"""Engines tuned per database so that seat changes serialise per course.

SQLite: WAL (readers never wait for the writer), ``BEGIN IMMEDIATE`` for write units of work (the
write lock is taken before the seat count is read, so two processes cannot both pass the check),
and a busy timeout. PostgreSQL: a row lock on the course (``SELECT ... FOR UPDATE``) with a short
``lock_timeout``. Either way, "still locked" surfaces as :class:`StoreBusy`.

A PostgreSQL unit of work sends only its own statements (a booking: 5 round trips, as a raw
transaction does): ``lock_timeout`` is set once per connection, in its start-up options, and a
pooled connection is checked on checkout without a query — the server hangs up with a message, so
a connection it closed (terminated, restarted) has something to read on its socket and is
replaced. ``pool_recycle`` and TCP keepalives bound how long a silently dead one can stay; a
connection lost mid-transaction (before the commit) is :class:`ConnectionLost`, which the
busy-retry of every write repeats on a fresh connection (nothing was committed).
"""

from __future__ import annotations

import os
import select
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, DisconnectionError
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection, StaticPool

from studiobook.application.shared.ports import StoreBusy, StoreUnavailable

WRITE_OPTION = "studiobook_for_writing"

_SQLITE_BUSY = ("database is locked", "database is busy", "database table is locked")
# lock_not_available, serialization_failure, deadlock_detected
_POSTGRES_BUSY = {"55P03", "40001", "40P01"}
# A pooled PostgreSQL connection is replaced after this long (a firewall or proxy may drop idle
# connections without a word); keepalive probes (no statements) find a dead peer sooner.
POOL_RECYCLE_SECONDS = 1800
_KEEPALIVES = {"keepalives": 1, "keepalives_idle": 60, "keepalives_interval": 10, "keepalives_count": 3}


class ConnectionLost(StoreBusy):
    """The database connection broke before the commit: nothing was saved, and the write may be
    repeated on a fresh connection (the busy-retry does)."""

    def __init__(self) -> None:
        super().__init__("the connection to the database was lost; nothing was saved — try again")


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
    milliseconds = int(lock_timeout_seconds * 1000)
    # Set at connection start-up (no statement in any transaction); options from the URL stay.
    given = url.query.get("options")
    options = " ".join([*([given] if isinstance(given, str) else []), f"-c lock_timeout={milliseconds}"])
    engine = create_engine(
        url,
        hide_parameters=True,
        connect_args={**_KEEPALIVES, "options": options},
        pool_recycle=POOL_RECYCLE_SECONDS,
    )

    @event.listens_for(engine, "checkout")
    def _still_connected(
        dbapi_connection: object, _record: ConnectionPoolEntry, _proxy: PoolProxiedConnection
    ) -> None:
        if hung_up(dbapi_connection):
            # The pool discards it and connects afresh (up to three times, then the error).
            raise DisconnectionError("the server closed this pooled connection")

    return engine


def hung_up(dbapi_connection: object) -> bool:
    """Whether the server has closed an idle connection, found without a round trip: an idle
    connection has nothing to read unless the server said goodbye (a FATAL message and end of
    stream when it terminates a backend or shuts down) — or, rarely, sent a notice, in which case
    a healthy connection is replaced, which costs one connect and nothing else."""
    if getattr(dbapi_connection, "closed", False) or getattr(dbapi_connection, "broken", False):
        return True
    fileno = getattr(dbapi_connection, "fileno", None)
    if fileno is None:
        return False
    try:
        readable, _, failed = select.select([fileno()], [], [fileno()], 0)
    except (OSError, ValueError):  # the socket is gone already
        return True
    return bool(readable or failed)


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
    if isinstance(error, DBAPIError) and error.connection_invalidated and error.statement is not None:
        # Lost while a statement of the transaction ran (a commit has no statement here): the
        # server rolled the transaction back, so repeating the whole unit of work is safe.
        return ConnectionLost()
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
