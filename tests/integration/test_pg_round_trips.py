"""A booking on PostgreSQL costs the round trips of the raw transaction (issue 18), and neither
the lock timeout nor the safety against stale pooled connections was given up for it.

Round trips are counted where they leave the process: every statement the cursor sends
(``before_cursor_execute``), every commit and rollback, and any liveness ping of the pool.
"""

from __future__ import annotations

import time

import psycopg
import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import make_url

from studiobook.adapters.sql import engine as sql_engine
from studiobook.application.container import build_container
from studiobook.application.settings import Settings
from studiobook.application.shared.ports import StoreBusy
from tests.databases import engines

pytestmark = pytest.mark.skipif(
    "postgresql" not in engines(), reason="PostgreSQL only (STUDIOBOOK_TEST_POSTGRES_URL)"
)

LOCK_TIMEOUT = 0.3  # seconds


@pytest.fixture
def pg_url(tmp_path, template_databases) -> str:
    with template_databases.copy("postgresql", tmp_path) as url:
        yield url


@pytest.fixture
def pg(pg_url):
    built = build_container(
        Settings(database_url=pg_url, load_entry_points=False, lock_timeout_seconds=LOCK_TIMEOUT)
    )
    built.store().ensure_schema()
    yield built
    built.store().dispose()


def raw(url: str) -> psycopg.Connection:
    return psycopg.connect(
        make_url(url).set(drivername="postgresql").render_as_string(hide_password=False),
        autocommit=True,
    )


def a_course(container, seats: int = 10):
    studio = container.companies().create("Round trips", "Europe/Berlin")
    return container.courses().create("Spin", seats, company_id=studio.id)


def round_trips(engine, monkeypatch, run) -> list[str]:
    sent: list[str] = []

    def statement(_conn, _cursor, sql, *_args) -> None:
        sent.append(" ".join(sql.split())[:60])

    ping = engine.dialect.do_ping
    monkeypatch.setattr(engine.dialect, "do_ping", lambda c: sent.append("ping") or ping(c))
    listeners = {
        "before_cursor_execute": statement,
        "commit": lambda _conn: sent.append("COMMIT"),
        "rollback": lambda _conn: sent.append("ROLLBACK"),
    }
    for name, listener in listeners.items():
        event.listen(engine, name, listener)
    try:
        run()
    finally:
        for name, listener in listeners.items():
            event.remove(engine, name, listener)
    return sent


def backend_pid(container) -> int:
    with container.store().unit_of_work() as uow:
        return uow.connection.execute(text("SELECT pg_backend_pid()")).scalar_one()


def terminate(url: str, pid: int) -> None:
    """End the backend on the server's side and wait until it is gone."""
    with raw(url) as admin:
        assert admin.execute("SELECT pg_terminate_backend(%s)", (pid,)).fetchone()[0]
        for _ in range(100):
            if admin.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone() is None:
                return
            time.sleep(0.05)
    raise AssertionError(f"backend {pid} still there")


def test_a_booking_takes_the_five_round_trips_of_the_raw_transaction(pg, monkeypatch):
    course = a_course(pg)
    bookings = pg.bookings()
    bookings.book(course.id, "Warm Up", "warm@example.org")  # a pooled connection exists now

    sent = round_trips(
        pg.store().engine, monkeypatch, lambda: bookings.book(course.id, "Ann Lee", "ann@example.org")
    )

    # lock the course, sum its tickets, insert the booking, its audit row, commit — no ping,
    # no SET LOCAL
    assert len(sent) == 5, sent
    assert sent[0].startswith("SELECT courses.id") and sent[-1] == "COMMIT", sent
    assert sent[2].startswith("INSERT INTO bookings") and sent[3].startswith("INSERT INTO audit_log"), sent
    assert not any(s == "ping" or "lock_timeout" in s for s in sent), sent
    assert [b.customer.email for b in bookings.list(course.id)] == ["warm@example.org", "ann@example.org"]


def test_every_connection_has_the_configured_lock_timeout(pg):
    for writing in (True, False):
        with pg.store().unit_of_work(for_writing=writing) as uow:
            assert uow.connection.execute(text("SHOW lock_timeout")).scalar_one() == "300ms"


def test_a_lock_wait_still_times_out_after_the_configured_time(pg, pg_url):
    course = a_course(pg)
    with raw(pg_url) as holder:
        holder.execute("BEGIN")
        holder.execute("SELECT id FROM courses WHERE id = %s FOR UPDATE", (course.id,))

        started = time.perf_counter()
        with pytest.raises(StoreBusy), pg.store().unit_of_work(for_writing=True) as uow:
            uow.courses.get_for_update(course.id)
        waited = time.perf_counter() - started
        assert LOCK_TIMEOUT * 0.9 <= waited < LOCK_TIMEOUT + 1.5, waited

        # Through the use-case: every retry waits its timeout, then the customer is told.
        with pytest.raises(StoreBusy, match="the booking system is busy, try again in a moment"):
            pg.bookings().book(course.id, "Ann Lee", "ann@example.org")
        holder.execute("ROLLBACK")

    booked = pg.bookings().book(course.id, "Ann Lee", "ann@example.org")  # lock released: works
    assert booked.customer.email == "ann@example.org"


def test_after_the_server_ends_a_pooled_connection_the_next_booking_succeeds(pg, pg_url):
    course = a_course(pg)
    pid = backend_pid(pg)
    terminate(pg_url, pid)

    booked = pg.bookings().book(course.id, "Ann Lee", "ann@example.org")

    assert booked.customer.email == "ann@example.org"
    assert pg.courses().get(course.id).booked == 1
    assert backend_pid(pg) != pid


def test_a_connection_lost_mid_transaction_is_retried_on_a_fresh_one(pg, pg_url, monkeypatch):
    """When the checkout cannot tell (the server went away a moment later, or silently), the
    first statement fails; nothing was committed, so the write is repeated once reconnected."""
    course = a_course(pg)
    pid = backend_pid(pg)
    terminate(pg_url, pid)
    monkeypatch.setattr(sql_engine, "hung_up", lambda _connection: False)

    booked = pg.bookings().book(course.id, "Ann Lee", "ann@example.org")

    assert booked.customer.email == "ann@example.org"
    assert [b.customer.email for b in pg.bookings().list(course.id)] == ["ann@example.org"]
    assert backend_pid(pg) != pid


def test_a_read_on_a_connection_lost_mid_transaction_says_try_again(pg, pg_url, monkeypatch):
    course = a_course(pg)
    terminate(pg_url, backend_pid(pg))
    monkeypatch.setattr(sql_engine, "hung_up", lambda _connection: False)

    with pytest.raises(StoreBusy, match="connection to the database was lost; nothing was saved"):
        pg.courses().get(course.id)
    assert pg.courses().get(course.id).title == "Spin"  # the pool reconnected
