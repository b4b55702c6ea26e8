"""Concurrent bookings per second through the use-case vs a raw check-and-insert loop.

Both sides run the same transaction on the same database, with the same pragmas and the same
number of threads, in the same run: lock the course (``BEGIN IMMEDIATE`` on SQLite,
``SELECT ... FOR UPDATE`` on PostgreSQL), read its capacity, sum the occupied tickets, insert the
booking and its audit row, commit. The course has room for every attempt. Target (SPEC 5): ratio >= 0.5.

Then a correctness pass: threads oversubscribe a 50-seat course through the use-case; it must end
with 0 overbookings.

    python bench/booking_throughput.py [--db URL] [--threads 4] [--bookings 2000]
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime

from support import (
    OCCUPYING,
    backend,
    bench_studio,
    build,
    database,
    raw_connection,
    remove_studio,
)

ROOMY = 1_000_000_000
CAPACITY_SQL = "SELECT capacity FROM courses WHERE id = {p}"
SUM_SQL = "SELECT COALESCE(SUM(tickets), 0) FROM bookings WHERE course_id = {p} AND status IN ({s})"
# The product's booking transaction also writes its audit row (SPEC 5: every change audited), so
# the baseline does the same: a fixed JSON document, as cheap as raw SQL can make it.
AUDIT_SQL = (
    "INSERT INTO audit_log (occurred_at, actor, entity, entity_id, action, after)"
    " VALUES ({p}, 'bench', 'booking', {p}, 'create', {p})"
)
INSERT_SQL = (
    "INSERT INTO bookings (course_id, customer_name, customer_email, tickets, status, created_at)"
    " VALUES ({p}, {p}, {p}, 1, 'confirmed', {p})"
)


def run_threads(threads: int, total: int, make_worker: Callable[[int], Callable[[int], None]]) -> float:
    """Split ``total`` attempts over ``threads``; each thread is prepared, then all start together.

    Returns the wall-clock seconds from the release to the last thread finishing. A worker with a
    ``close`` attribute is closed afterwards.
    """
    shares = [total // threads + (1 if i < total % threads else 0) for i in range(threads)]
    start = threading.Barrier(threads + 1)
    errors: list[BaseException] = []

    def target(index: int) -> None:
        try:
            work = make_worker(index)
            start.wait()
            for n in range(shares[index]):
                work(n)
            getattr(work, "close", lambda: None)()
        except BaseException as error:  # reported by the main thread
            errors.append(error)
            start.abort()

    workers = [threading.Thread(target=target, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    start.wait()
    started = time.perf_counter()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise errors[0]
    return elapsed


# -- the two sides ------------------------------------------------------------------------------
def use_case_worker(container, course_id: int) -> Callable[[int], Callable[[int], None]]:
    bookings = container.bookings()

    def make(index: int) -> Callable[[int], None]:
        def book(n: int) -> None:
            bookings.book(course_id, f"Guest {index}-{n}", f"guest{index}-{n}@example.com")

        return book

    return make


def raw_sqlite_worker(url: str, course_id: int) -> Callable[[int], Callable[[int], None]]:
    capacity_sql = CAPACITY_SQL.format(p="?")
    sum_sql = SUM_SQL.format(p="?", s=", ".join("?" * len(OCCUPYING)))
    insert_sql = INSERT_SQL.format(p="?")
    audit_sql = AUDIT_SQL.format(p="?")

    def make(index: int) -> Callable[[int], None]:
        connection = raw_connection(url)

        def book(n: int) -> None:
            connection.execute("BEGIN IMMEDIATE")
            try:
                capacity = connection.execute(capacity_sql, (course_id,)).fetchone()[0]
                booked = connection.execute(sum_sql, (course_id, *OCCUPYING)).fetchone()[0]
                if capacity and booked + 1 > capacity:
                    raise RuntimeError("the bench course is full")
                now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
                customer = (f"Raw {index}-{n}", f"raw{index}-{n}@example.com")
                booking_id = connection.execute(insert_sql, (course_id, *customer, now)).lastrowid
                after = f'{{"course_id": {course_id}, "name": "{customer[0]}", "status": "confirmed"}}'
                connection.execute(audit_sql, (now, str(booking_id), after))
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise

        book.close = connection.close
        return book

    return make


def raw_postgres_worker(url: str, course_id: int) -> Callable[[int], Callable[[int], None]]:
    capacity_sql = CAPACITY_SQL.format(p="%s") + " FOR UPDATE"
    sum_sql = SUM_SQL.format(p="%s", s=", ".join(["%s"] * len(OCCUPYING)))
    insert_sql = INSERT_SQL.format(p="%s") + " RETURNING id"
    audit_sql = AUDIT_SQL.format(p="%s")

    def make(index: int) -> Callable[[int], None]:
        connection = raw_connection(url)

        def book(n: int) -> None:
            with connection.cursor() as cursor:
                try:
                    cursor.execute(capacity_sql, (course_id,))
                    capacity = cursor.fetchone()[0]
                    cursor.execute(sum_sql, (course_id, *OCCUPYING))
                    if capacity and cursor.fetchone()[0] + 1 > capacity:
                        raise RuntimeError("the bench course is full")
                    customer = (f"Raw {index}-{n}", f"raw{index}-{n}@example.com")
                    now = datetime.now(UTC)
                    cursor.execute(insert_sql, (course_id, *customer, now))
                    booking_id = cursor.fetchone()[0]
                    after = f'{{"course_id": {course_id}, "name": "{customer[0]}", "status": "confirmed"}}'
                    cursor.execute(audit_sql, (now, str(booking_id), after))
                    connection.commit()
                except BaseException:
                    connection.rollback()
                    raise

        book.close = connection.close
        return book

    return make


# -- the passes ---------------------------------------------------------------------------------
def throughput(
    container, url: str, threads: int, bookings: int, rounds: int, company_id: int
) -> tuple[float, float]:
    """Best bookings/second of each side over ``rounds``, alternating which side goes first."""
    raw_worker = raw_sqlite_worker if backend(url) == "sqlite" else raw_postgres_worker
    courses = container.courses()
    best = {"use-case": 0.0, "raw": 0.0}
    for round_ in range(rounds):
        sides = [
            ("raw", lambda c: raw_worker(url, c)),
            ("use-case", lambda c: use_case_worker(container, c)),
        ]
        for side, worker in sides if round_ % 2 == 0 else reversed(sides):
            course = courses.create(f"bench {side} round {round_}", ROOMY, company_id=company_id)
            elapsed = run_threads(threads, bookings, worker(course.id))
            booked = courses.get(course.id).booked
            if booked != bookings:
                raise SystemExit(f"{side}: {booked} booked, expected {bookings}")
            rate = bookings / elapsed
            best[side] = max(best[side], rate)
            print(f"  round {round_ + 1} {side:>8}: {bookings} bookings in {elapsed:6.2f} s = {rate:7.0f}/s")
    return best["use-case"], best["raw"]


def oversubscribe(
    container, threads: int, attempts: int, capacity: int, company_id: int
) -> tuple[Counter, int]:
    """Many threads try to book one ticket each on a small course; return outcomes and the
    booked sum read back from the database."""
    from studiobook.application.shared.ports import StoreBusy
    from studiobook.domain.shared.errors import NotEnoughFreeSpots

    course = container.courses().create("bench oversubscribed", capacity, company_id=company_id)
    bookings = container.bookings()
    outcomes: Counter = Counter()
    lock = threading.Lock()

    def make(index: int) -> Callable[[int], None]:
        def attempt(n: int) -> None:
            try:
                bookings.book(course.id, f"Rush {index}-{n}", f"rush{index}-{n}@example.com")
                outcome = "booked"
            except NotEnoughFreeSpots:
                outcome = "refused: full"
            except StoreBusy:
                outcome = "refused: busy"
            with lock:
                outcomes[outcome] += 1

        return attempt

    run_threads(threads, attempts, make)
    return outcomes, container.courses().get(course.id).booked


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--bookings", type=int, default=2000, help="bookings per side per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--check-attempts", type=int, default=400)
    parser.add_argument("--check-capacity", type=int, default=50)
    args = parser.parse_args(argv)

    with database(args.db) as url:
        container = build(url)
        studio = bench_studio(container)
        try:
            print(f"booking throughput on {container.store().safe_url}, {args.threads} threads")
            use_case, raw = throughput(container, url, args.threads, args.bookings, args.rounds, studio)
            outcomes, booked = oversubscribe(
                container, max(args.threads, 8), args.check_attempts, args.check_capacity, studio
            )
        finally:
            if args.db:  # a database we did not create: take our studio out again
                remove_studio(container.store().engine, studio)
            container.store().dispose()

    ratio = use_case / raw
    overbooked = max(0, booked - args.check_capacity)
    consistent = booked == outcomes["booked"]
    print()
    print(f"use-case  : {use_case:8.0f} bookings/s (best of {args.rounds})")
    print(f"raw SQL   : {raw:8.0f} bookings/s (best of {args.rounds})")
    print(f"ratio     : {ratio:8.2f}  (target >= 0.5: {'met' if ratio >= 0.5 else 'NOT met'})")
    print(
        f"correctness: {args.check_attempts} attempts on {args.check_capacity} seats from "
        f"{max(args.threads, 8)} threads -> {dict(sorted(outcomes.items()))}, booked {booked}, "
        f"overbookings {overbooked}{'' if consistent else ', MISMATCH with successful attempts'}"
    )
    return 0 if overbooked == 0 and consistent else 1


if __name__ == "__main__":
    sys.exit(main())
