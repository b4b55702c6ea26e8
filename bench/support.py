"""What the bench scripts share: the database to run on, the product wiring, the raw baseline
connection configured like the product's, and timing."""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

# `python bench/x.py` from a checkout works without installing the project.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

OCCUPYING = ("confirmed", "cancel_requested", "completed", "no_show")  # as the domain counts seats
LOCK_TIMEOUT_SECONDS = 5.0


@contextmanager
def database(url: str | None) -> Iterator[str]:
    """The given URL, or a SQLite file in a temporary folder that is removed afterwards."""
    if url:
        yield url
        return
    with tempfile.TemporaryDirectory(prefix="studiobook-bench-") as folder:
        yield f"sqlite:///{Path(folder) / 'bench.db'}"


def backend(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).get_backend_name()


def build(url: str):
    """The product's container on ``url``, schema ensured."""
    from studiobook.application.container import build_container
    from studiobook.application.settings import Settings
    from studiobook.application.shared.ports import StoreUnavailable

    container = build_container(
        Settings(database_url=url, load_entry_points=False, lock_timeout_seconds=LOCK_TIMEOUT_SECONDS)
    )
    try:
        container.store().ensure_schema()
    except StoreUnavailable as error:  # e.g. an outdated schema: say so, no traceback
        raise SystemExit(f"bench: {error}") from None
    return container


def raw_connection(url: str):
    """A plain DB-API connection: sqlite3 with the product's pragmas, or psycopg."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        connection = sqlite3.connect(
            parsed.database, timeout=LOCK_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
        )
        for pragma in (
            f"busy_timeout = {int(LOCK_TIMEOUT_SECONDS * 1000)}",
            "foreign_keys = ON",
            "journal_mode = WAL",
            "synchronous = NORMAL",
        ):
            connection.execute(f"PRAGMA {pragma}")
        return connection
    import psycopg

    return psycopg.connect(parsed.set(drivername="postgresql").render_as_string(hide_password=False))


def bench_studio(container) -> int:
    """A company of the bench's own for its courses (every course belongs to one); its id."""
    return container.companies().create("Bench studio", "UTC").id


CLEAN_UP_BATCH = 1_000  # courses per DELETE: far below any driver's limit of bound parameters


def remove_studio(engine, company_id: int) -> None:
    """Delete the bench's company with its courses, their bookings and waitlists, and the manage
    tokens and messages the bookings made, from a database the bench did not create (audit rows
    stay: they are history). Courses go in batches of :data:`CLEAN_UP_BATCH`, each batch in a
    transaction of its own, so 100,000 of them neither exceed a driver's limit on parameters
    nor hold one huge transaction; an interrupted clean-up can simply be run again."""
    from sqlalchemy import delete, select

    from studiobook.adapters.sql.tables import (
        bookings,
        companies,
        courses,
        manage_tokens,
        outbox,
        waitlist_entries,
    )

    with engine.begin() as connection:
        for table in (manage_tokens, outbox):
            connection.execute(delete(table).where(table.c.company_id == company_id))
    while True:
        with engine.begin() as connection:
            batch = connection.execute(
                select(courses.c.id)
                .where(courses.c.company_id == company_id)
                .order_by(courses.c.id)
                .limit(CLEAN_UP_BATCH)
            ).scalars().all()
            if not batch:
                break
            for table in (waitlist_entries, bookings):
                connection.execute(delete(table).where(table.c.course_id.in_(batch)))
            connection.execute(delete(courses).where(courses.c.id.in_(batch)))
    with engine.begin() as connection:
        connection.execute(delete(companies).where(companies.c.id == company_id))


def best_of(repeats: int, run: Callable[[], object]) -> tuple[float, object]:
    """The fastest of ``repeats`` runs, in seconds, and that run's result."""
    best, result = float("inf"), None
    for _ in range(repeats):
        started = time.perf_counter()
        outcome = run()
        elapsed = time.perf_counter() - started
        if elapsed < best:
            best, result = elapsed, outcome
    return best, result
