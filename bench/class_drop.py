"""Class drop (SPEC 6): customers book a 20-seat course through ``studiobook serve`` the moment
booking opens.

For each engine and number of worker processes: a fresh database (a SQLite file; a throw-away
PostgreSQL database when ``STUDIOBOOK_BENCH_POSTGRES_URL`` or ``STUDIOBOOK_TEST_POSTGRES_URL``
names a server), a studio, ``studiobook serve --workers W`` as a subprocess on a free loopback
port, a warm-up (every worker has booked and listed once), then a course whose booking opens
(``opens_before``) a few seconds later. At that instant ``--requests`` customers (each with their
own e-mail address and ``Idempotency-Key``) POST a booking at once with httpx's AsyncClient; half
of them retry once with the same key and body shortly after (0-100 ms), without waiting for the
first answer — a phone on a bad connection. Then the database is counted.

Printed per run: confirmed seats (from the database), the answers by status, duplicates (a
customer with more than one booking; seats beyond capacity; answers that name a booking the
database does not have; a retry answered with another booking), customers booked but told "full"
by their retry, p50/p99 latency of every request and requests/s from the opening to the last
answer. Then the same-run baseline: as many requests at once that only read the course list,
through the same server and client. And the CPU each request cost the server, the PostgreSQL
backends and this client (from ``/proc``), which bounds the wall time from below on idle cores:
the client runs on the same machine, and so may other work (the load average is printed).
Goal on PostgreSQL with 2 cores: exactly the seats confirmed, 0 duplicates, 0 5xx, p99 under
1 s. Exit status 1 when the count is wrong (not for latency).

    python bench/class_drop.py [--engines sqlite,postgresql] [--workers 1,2] [--requests 500]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from support import (
    POSTGRES_ENV,
    answering,
    build,
    cpu_seconds,
    percentile,
    phone_clients,
    postgres_server,
    served,
)
from sync import fresh_database

OPENS_BEFORE_MINUTES = 60
LEAD_SECONDS = 3.0  # from creating the course to its opening
RETRY_DELAY_SECONDS = 0.1  # a retry goes out within this long after the first attempt
WARM_UP_REQUESTS = 40
P99_GOAL_SECONDS = 1.0


@dataclass
class Answer:
    customer: int
    retry: bool
    status: int
    seconds: float
    code: str | None = None  # the error's code
    booking_id: int | None = None


@dataclass(frozen=True)
class Cpu:
    """Seconds of CPU used during the drop."""

    server: float  # serve and its worker processes
    database: float  # the PostgreSQL backends of the bench's database
    client: float  # this process

    def seconds_on(self, cores: int) -> float:
        """The least wall-clock time all of it takes on ``cores`` otherwise idle cores."""
        return (self.server + self.database + self.client) / cores


@dataclass
class Outcome:
    engine: str
    workers: int
    seats: int
    answers: list[Answer]
    wall_seconds: float
    cpu: Cpu
    load: float  # the machine's 1-minute load average before the drop
    reads: list[float]  # the baseline's latencies: as many course lists at once
    read_wall: float
    read_cpu: float  # the server's
    confirmed: int = 0
    confirmed_seats: int = 0
    extra_per_customer: int = 0  # bookings beyond one per customer (one key each)
    unknown_answers: int = 0  # 201s naming a booking the database does not have
    retry_mismatches: int = 0  # a retry's 201 naming another booking than the first's
    ghosts: int = 0  # booked by the first attempt, told "full" by the retry the customer waited for
    notes: list[str] = field(default_factory=list)


# -- the database --------------------------------------------------------------------------------
def studio(container) -> int:
    company = container.companies().create("Class Drop Box", "Europe/Berlin")
    return company.id


def course_opening_at(container, company_id: int, seats: int, opens_at: datetime) -> int:
    starts = opens_at + timedelta(minutes=OPENS_BEFORE_MINUTES)
    course = container.courses().create(
        "WOD 18:00", seats, starts, starts + timedelta(hours=1), company_id=company_id,
        opens_before_minutes=OPENS_BEFORE_MINUTES,
    )
    return course.id


def count(container, outcome: Outcome, course_id: int, booked_ids: set[int]) -> None:
    from sqlalchemy import func, select

    from studiobook.adapters.sql.tables import bookings

    with container.store().engine.connect() as connection:
        rows = connection.execute(
            select(bookings.c.id, bookings.c.customer_email, bookings.c.tickets, bookings.c.status)
            .where(bookings.c.course_id == course_id)
        ).all()
        per_email = connection.execute(
            select(func.count()).select_from(bookings).where(bookings.c.course_id == course_id)
            .group_by(bookings.c.customer_email)
        ).scalars().all()
    confirmed = [r for r in rows if r.status == "confirmed"]
    outcome.confirmed = len(confirmed)
    outcome.confirmed_seats = sum(r.tickets for r in confirmed)
    outcome.extra_per_customer = sum(n - 1 for n in per_email if n > 1)
    outcome.unknown_answers = len(booked_ids - {r.id for r in rows})
    if unanswered := {r.id for r in confirmed} - booked_ids:
        outcome.notes.append(f"{len(unanswered)} booking(s) nobody was told about")


# -- the customers -------------------------------------------------------------------------------
async def customer(client, path: str, number: int, retries: bool, answers: list[Answer]) -> None:
    body = {"name": f"Customer {number}", "email": f"customer{number}@bench.example",
            "tickets": 1, "waitlist": False}
    headers = {"Idempotency-Key": f"drop-{number}-{uuid.uuid4().hex}"}

    async def attempt(retry: bool) -> None:
        started = time.perf_counter()
        try:
            response = await client.post(path, json=body, headers=headers)
        except Exception as error:  # a refused or dropped connection counts as a failure
            answers.append(Answer(number, retry, 0, time.perf_counter() - started,
                                  type(error).__name__))
            return
        seconds = time.perf_counter() - started
        document = response.json() if response.headers.get("content-type", "").startswith(
            "application/json") else {}
        answers.append(Answer(
            number, retry, response.status_code, seconds,
            (document.get("error") or {}).get("code"),
            (document.get("booking") or {}).get("id"),
        ))

    first = asyncio.ensure_future(attempt(False))
    if retries:
        await asyncio.sleep(random.uniform(0, RETRY_DELAY_SECONDS))
        await attempt(True)
    await first


async def baseline(
    base: str, company_id: int, count: int, server_pid: int
) -> tuple[list[float], float, float]:
    """The same number of requests at once, each a plain read through the same stack (the
    course list): what this machine, server and client manage without the booking."""
    now = datetime.now(UTC)
    listing = {"from": now.isoformat(), "to": (now + timedelta(days=7)).isoformat()}
    phones = phone_clients(base, count)
    seconds: list[float] = []

    async def read(phone) -> None:
        started = time.perf_counter()
        response = await phone.get(f"/api/v1/companies/{company_id}/courses", params=listing)
        seconds.append(time.perf_counter() - started)
        assert response.status_code == 200, response.text

    try:
        started, server = time.perf_counter(), cpu_seconds(server_pid, None)[0]
        await asyncio.gather(*(read(phone) for phone in phones))
        return seconds, time.perf_counter() - started, cpu_seconds(server_pid, None)[0] - server
    finally:
        await asyncio.gather(*(phone.aclose() for phone in phones))


async def drop(
    base: str, path: str, requests: int, opens_at: datetime, server_pid: int, database: str | None
) -> tuple[list[Answer], float, Cpu]:
    """The answers, the wall-clock seconds from the opening to the last answer, and the CPU
    seconds used meanwhile."""
    phones = phone_clients(base, requests)
    answers: list[Answer] = []
    try:
        while (left := (opens_at - datetime.now(UTC)).total_seconds()) > 0.002:
            await asyncio.sleep(min(left - 0.001, 0.05))
        while datetime.now(UTC) < opens_at:
            pass
        started, mine = time.perf_counter(), time.process_time()
        server, backends = cpu_seconds(server_pid, database)
        await asyncio.gather(*(
            customer(phones[n], path, n, n % 2 == 0, answers)
            for n in random.sample(range(requests), requests)
        ))
        wall, mine = time.perf_counter() - started, time.process_time() - mine
        server_after, backends_after = cpu_seconds(server_pid, database)
        return answers, wall, Cpu(server_after - server, backends_after - backends, mine)
    finally:
        await asyncio.gather(*(phone.aclose() for phone in phones))


async def warm_up(base: str, company_id: int, course_id: int) -> None:
    """Every worker imports and connects before the drop (a live server has served before)."""
    import httpx

    now = datetime.now(UTC)
    listing = {"from": now.isoformat(), "to": (now + timedelta(days=7)).isoformat()}
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        await answering(client, f"/api/v1/companies/{company_id}/courses", listing)
        path = f"/api/v1/companies/{company_id}/courses/{course_id}/bookings"
        await asyncio.gather(*(
            client.post(path, json={"name": "Warm", "email": f"warm{n}@bench.example"})
            for n in range(WARM_UP_REQUESTS)
        ), *(
            client.get(f"/api/v1/companies/{company_id}/courses", params=listing)
            for _ in range(WARM_UP_REQUESTS)
        ))


# -- one run -------------------------------------------------------------------------------------
def run(engine: str, workers: int, requests: int, seats: int) -> Outcome:
    from sqlalchemy.engine import make_url

    server = postgres_server() if engine == "postgresql" else None
    with fresh_database(server) as url, _folder() as folder:
        container = build(url)
        try:
            company_id = studio(container)
            roomy = container.courses().create(
                "Open Gym", 0, *_later(timedelta(days=2)), company_id=company_id
            ).id
            with served(url, workers, folder) as (base, pid):
                asyncio.run(warm_up(base, company_id, roomy))
                opens_at = datetime.now(UTC) + timedelta(seconds=LEAD_SECONDS)
                course_id = course_opening_at(container, company_id, seats, opens_at)
                path = f"/api/v1/companies/{company_id}/courses/{course_id}/bookings"
                load = os.getloadavg()[0]
                database = make_url(url).database if engine == "postgresql" else None
                answers, wall, cpu = asyncio.run(drop(base, path, requests, opens_at, pid, database))
                reads, read_wall, read_cpu = asyncio.run(
                    baseline(base, company_id, len(answers), pid)
                )
            outcome = Outcome(
                engine, workers, seats, answers, wall, cpu, load, reads, read_wall, read_cpu
            )
            count(container, outcome, course_id, {a.booking_id for a in answers if a.booking_id})
            outcome.retry_mismatches = _retry_mismatches(answers)
            outcome.ghosts = _ghosts(answers)
        finally:
            container.store().dispose()
    return outcome


@contextmanager
def _folder() -> Iterator[Path]:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="studiobook-bench-drop-") as folder:
        yield Path(folder)


def _later(offset: timedelta) -> tuple[datetime, datetime]:
    starts = datetime.now(UTC).replace(microsecond=0) + offset
    return starts, starts + timedelta(hours=1)


def _retry_mismatches(answers: list[Answer]) -> int:
    booked: dict[int, set[int]] = {}
    for answer in answers:
        if answer.booking_id is not None:
            booked.setdefault(answer.customer, set()).add(answer.booking_id)
    return sum(len(ids) - 1 for ids in booked.values())


def _ghosts(answers: list[Answer]) -> int:
    """Customers whose retry (the answer they act on) says "full" while their first attempt
    got the seat: a booking its customer does not know about."""
    firsts = {a.customer: a.status for a in answers if not a.retry}
    return sum(1 for a in answers if a.retry and a.status == 409 and firsts[a.customer] == 201)


# -- the report ----------------------------------------------------------------------------------
def report(outcome: Outcome) -> bool:
    statuses = Counter(a.status for a in outcome.answers)
    codes = Counter(a.code for a in outcome.answers if a.code)
    failures = sum(n for status, n in statuses.items() if status >= 500 or status == 0)
    seconds = [a.seconds for a in outcome.answers]
    p50, p99 = percentile(seconds, 0.50), percentile(seconds, 0.99)
    duplicates = (outcome.extra_per_customer + max(0, outcome.confirmed_seats - outcome.seats)
                  + outcome.unknown_answers + outcome.retry_mismatches)
    firsts = sum(1 for a in outcome.answers if not a.retry)
    print(f"{outcome.engine}, {outcome.workers} worker(s): {firsts} customers, "
          f"{len(outcome.answers) - firsts} retries with the same key")
    print(f"  confirmed seats : {outcome.confirmed_seats} of {outcome.seats} "
          f"({outcome.confirmed} bookings)")
    print(f"  answers         : 201 {statuses[201]}, 202 {statuses[202]}, 409 {statuses[409]}, "
          f"403 {statuses[403]}, 5xx {failures}, other "
          f"{sum(n for s, n in statuses.items() if s not in (201, 202, 409, 403) and s < 500 and s)}"
          f"   codes {dict(codes.most_common())}")
    print(f"  duplicates      : {duplicates} (customers booked twice {outcome.extra_per_customer}, "
          f"retries answered with another booking {outcome.retry_mismatches}, "
          f"answers naming no booking {outcome.unknown_answers}); booked but told full "
          f"{outcome.ghosts}")
    print(f"  latency         : p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, "
          f"max {max(seconds) * 1000:.0f} ms")
    print(f"  throughput      : {len(outcome.answers) / outcome.wall_seconds:.0f} requests/s "
          f"({len(outcome.answers)} in {outcome.wall_seconds:.2f} s)")
    print(f"  baseline        : as many course lists at once: p50 "
          f"{percentile(outcome.reads, 0.5) * 1000:.0f} ms, p99 "
          f"{percentile(outcome.reads, 0.99) * 1000:.0f} ms, "
          f"{len(outcome.reads) / outcome.read_wall:.0f} requests/s, server CPU "
          f"{outcome.read_cpu / len(outcome.reads) * 1000:.1f} ms per request; the drop's "
          f"throughput is {outcome.read_wall / outcome.wall_seconds:.2f}x the baseline's")
    per = 1000 / len(outcome.answers)
    cores = os.cpu_count() or 1
    print(f"  CPU per request : server {outcome.cpu.server * per:.1f} ms (all its processes), "
          f"database {outcome.cpu.database * per:.1f} ms, client {outcome.cpu.client * per:.1f} ms"
          f" -> at least {outcome.cpu.seconds_on(cores):.2f} s for all on {cores} idle cores; "
          f"load average before {outcome.load:.1f}")
    for note in outcome.notes:
        print(f"  note            : {note}")
    exact = outcome.confirmed_seats == outcome.seats and duplicates == 0 and failures == 0
    fast = p99 < P99_GOAL_SECONDS
    print(f"  goal            : exactly {outcome.seats}, 0 duplicates, 0 5xx "
          f"{'met' if exact else 'MISSED'}; p99 < {P99_GOAL_SECONDS:.0f} s "
          f"{'met' if fast else 'MISSED'}")
    return exact


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="sqlite,postgresql",
                        help="comma-separated; postgresql needs a server (see above)")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    parser.add_argument("--requests", type=int, default=500, help="customers at the drop")
    parser.add_argument("--seats", type=int, default=20)
    args = parser.parse_args()
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    if "postgresql" in engines and not postgres_server():
        print(f"postgresql skipped: set {' or '.join(POSTGRES_ENV)} to a server URL")
        engines.remove("postgresql")
    print(f"class drop: {args.requests} customers at once for {args.seats} seats, half of them "
          f"retrying with the same Idempotency-Key; {os.cpu_count()} cores")
    correct = True
    for engine in engines:
        for workers in (int(w) for w in args.workers.split(",")):
            outcome = run(engine, workers, args.requests, args.seats)
            correct = report(outcome) and correct
    return 0 if correct else 1


if __name__ == "__main__":
    sys.exit(main())
