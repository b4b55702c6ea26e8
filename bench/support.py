"""What the bench scripts share: the database to run on, the product wiring, the raw baseline
connection configured like the product's, ``studiobook serve`` as a subprocess with its clients,
and timing."""

from __future__ import annotations

import os
import re
import selectors
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

# `python bench/x.py` from a checkout works without installing the project.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

OCCUPYING = ("confirmed", "cancel_requested", "completed", "no_show")  # as the domain counts seats
LOCK_TIMEOUT_SECONDS = 5.0
POSTGRES_ENV = ("STUDIOBOOK_BENCH_POSTGRES_URL", "STUDIOBOOK_TEST_POSTGRES_URL")
ADMIN_TOKEN = "bench-serve-" + uuid.uuid4().hex
URL_LINE = re.compile(r"studiobook admin on (http://[^ ]+/)")


@contextmanager
def database(url: str | None) -> Iterator[str]:
    """The given URL, or a SQLite file in a temporary folder that is removed afterwards."""
    if url:
        yield url
        return
    with tempfile.TemporaryDirectory(prefix="studiobook-bench-") as folder:
        yield f"sqlite:///{Path(folder) / 'bench.db'}"


@contextmanager
def throwaway_database(server_url: str, purpose: str) -> Iterator[str]:
    """A new, empty database on the PostgreSQL server of ``server_url``, dropped afterwards."""
    import sqlalchemy as sa

    admin_url = sa.engine.make_url(server_url)
    name = f"sb_bench_{purpose}_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield admin_url.set(database=name).render_as_string(hide_password=False)
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


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


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def uptime() -> str:
    """The machine's load as ``uptime`` prints it (its output, else the load averages)."""
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        one, five, fifteen = os.getloadavg()
        return f"load average: {one:.2f}, {five:.2f}, {fifteen:.2f}"


# -- a PostgreSQL server to make throw-away databases on ----------------------------------------
def postgres_server() -> str | None:
    return next((os.environ[name] for name in POSTGRES_ENV if os.environ.get(name)), None)


# -- studiobook serve as a subprocess -----------------------------------------------------------
def studiobook_executable() -> str:
    """The console script next to this interpreter (a virtualenv's), else the one on PATH."""
    if found := shutil.which("studiobook", path=Path(sys.executable).parent) or shutil.which(
        "studiobook"
    ):
        return found
    raise SystemExit("bench: the studiobook console script is not installed (pip install -e .)")


@contextmanager
def served(
    url: str, workers: int, folder: Path, env: Mapping[str, str] | None = None
) -> Iterator[tuple[str, int]]:
    """``studiobook serve --workers N`` on a free port, with no STUDIOBOOK_/WODIFY_ setting of
    this shell but :data:`ADMIN_TOKEN`, no public rate limit, no plugins — and ``env`` on top;
    yields its base URL and process id, stops it after."""
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("STUDIOBOOK_", "WODIFY_"))
    }
    environment |= {
        "STUDIOBOOK_ADMIN_TOKEN": ADMIN_TOKEN,
        "STUDIOBOOK_PUBLIC_RATE_LIMIT": "1000000/1",
        "STUDIOBOOK_LOAD_PLUGINS": "0",
    } | dict(env or {})
    process = subprocess.Popen(
        [studiobook_executable(), "--db", url, "serve", "--port", "0", "--workers", str(workers)],
        cwd=folder, env=environment, text=True, stdout=subprocess.PIPE,
    )
    try:
        yield _address(process), process.pid
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _address(process: subprocess.Popen) -> str:
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if selector.select(timeout=0.2):
            if found := URL_LINE.search(process.stdout.readline()):
                return found.group(1).rstrip("/")
    raise SystemExit("bench: serve did not start")


def cpu_seconds(server_pid: int, database: str | None) -> tuple[float, float]:
    """CPU time (user + system) so far of the server (``server_pid`` and its children) and of
    the PostgreSQL backends serving ``database`` (by their process title), from ``/proc``
    (Linux; zeros elsewhere). SQLite's work is the server's own."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    server = backends = 0
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else ():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
            used = int(fields[11]) + int(fields[12])
            if int(entry.name) == server_pid or int(fields[1]) == server_pid:
                server += used
            elif database and f" {database} " in (entry / "cmdline").read_text(errors="replace"):
                backends += used
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile, or not ours to read
    return server / ticks, backends / ticks


def phone_clients(base: str, count: int) -> list:
    """One httpx.AsyncClient per customer, like one phone each: httpcore scans its whole pool
    for every request, so one shared pool of 1,000 connections costs the client more CPU than
    the server spends. The SSL context (unused on http://) is made once, not per client."""
    import ssl

    import httpx

    # httpcore tries ``import sniffio`` for every request, and a failed import is not cached:
    # without sniffio installed that is the client's biggest cost. None makes it fail at once.
    sys.modules.setdefault("sniffio", None)
    context = ssl.create_default_context()
    return [httpx.AsyncClient(base_url=base, timeout=60, verify=context) for _ in range(count)]


async def answering(client, path: str, params: Mapping[str, str] | None = None) -> None:
    """Waits until the just-started server answers ``GET path`` with 200 (its workers may still
    be starting); ends the bench after 30 s without."""
    import asyncio

    import httpx

    deadline = time.monotonic() + 30
    while True:
        try:
            if (await client.get(path, params=params)).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit("bench: serve never answered")
        await asyncio.sleep(0.1)
