"""Free spots of 10,000 courses through the repository vs one raw GROUP BY query.

Set-up bulk-inserts the courses and their bookings with SQLAlchemy Core. Then, best of several
repeats each: ``container.courses().free_spots()`` (the use-case: free spots of every course,
from the repository's one grouped query) against one raw query on a plain DB-API connection
returning (id, capacity, booked). For comparison it also times ``list()``, which returns every
course as a full domain object (titles, dates) — more work than the raw query does. The script
counts the statements each sends (no N+1: one) and checks all sides agree.
Target (SPEC 5): ratio <= 3.

    python bench/free_spots.py [--db URL] [--courses 10000] [--repeats 7]
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import UTC, datetime, timedelta

from support import (
    OCCUPYING,
    backend,
    bench_studio,
    best_of,
    build,
    database,
    raw_connection,
    remove_studio,
)

STATUSES = ("confirmed",) * 6 + ("cancelled", "pending", "request", "cancel_requested", "completed")
RAW_SQL = (
    "SELECT c.id, c.capacity, COALESCE(b.booked, 0) FROM courses c LEFT JOIN"
    " (SELECT course_id, SUM(tickets) AS booked FROM bookings WHERE status IN ({s})"
    " GROUP BY course_id) b ON b.course_id = c.id ORDER BY c.id"
)


def fill(engine, company_id: int, count: int, seed: int = 7) -> tuple[list[int], int]:
    """Insert ``count`` courses of the company with 0-6 bookings each; return their ids and the
    bookings made."""
    from sqlalchemy import insert

    from studiobook.adapters.sql.tables import bookings, courses

    rng = random.Random(seed)
    start = datetime(2026, 12, 1, 7, tzinfo=UTC)
    with engine.begin() as connection:
        ids = connection.execute(
            insert(courses).returning(courses.c.id, sort_by_parameter_order=True),
            [
                {
                    "title": f"Course {n}",
                    "company_id": company_id,
                    "capacity": rng.choice((0, 8, 12, 20)),
                    "starts_at": start + timedelta(hours=n),
                    "ends_at": start + timedelta(hours=n, minutes=50),
                }
                for n in range(count)
            ],
        ).scalars().all()
        rows = [
            {
                "course_id": i,
                "customer_name": f"Guest {i}-{n}",
                "customer_email": f"guest{i}-{n}@example.com",
                "tickets": rng.randint(1, 3),
                "status": rng.choice(STATUSES),
                "created_at": start,
            }
            for i in ids
            for n in range(rng.randint(0, 6))
        ]
        connection.execute(insert(bookings), rows)
    return list(ids), len(rows)


def raw_free_spots(url: str):
    marker = "?" if backend(url) == "sqlite" else "%s"
    sql = RAW_SQL.format(s=", ".join([marker] * len(OCCUPYING)))
    connection = raw_connection(url)

    def run():
        cursor = connection.cursor()
        cursor.execute(sql, OCCUPYING)
        return cursor.fetchall()

    return connection, run


def count_selects(engine, run) -> int:
    from sqlalchemy import event

    seen = []

    def before(_connection, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        run()
    finally:
        event.remove(engine, "before_cursor_execute", before)
    return len(seen)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="database URL, best an empty one (default: a temporary SQLite file)")
    parser.add_argument("--courses", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)

    with database(args.db) as url:
        container = build(url)
        engine = container.store().engine
        studio = bench_studio(container)
        connection = None
        try:
            _, made = fill(engine, studio, args.courses)
            courses = container.courses()
            selects = count_selects(engine, courses.free_spots)
            repo_seconds, free = best_of(args.repeats, courses.free_spots)
            list_selects = count_selects(engine, courses.list)
            list_seconds, listed = best_of(args.repeats, courses.list)
            connection, raw = raw_free_spots(url)
            raw_seconds, rows = best_of(args.repeats, raw)
        finally:
            if connection is not None:
                connection.close()
            if args.db:  # a database we did not create: take our studio out again
                remove_studio(engine, studio)
            container.store().dispose()

    expected = {id_: (max(0, cap - booked) if cap else None) for id_, cap, booked in rows}
    agree = [(c.id, c.capacity, c.booked) for c in listed] == [tuple(r) for r in rows]
    agree = agree and free == expected
    ratio = repo_seconds / raw_seconds
    print(f"free spots of {len(listed)} courses ({made} bookings added) on {backend(url)}")
    print(f"courses.free_spots(): {repo_seconds * 1000:8.1f} ms  ({selects} SELECT per call)")
    print(f"raw GROUP BY        : {raw_seconds * 1000:8.1f} ms  (best of {args.repeats} each)")
    print(f"ratio               : {ratio:8.2f}  (target <= 3: {'met' if ratio <= 3 else 'NOT met'})")
    print(
        f"courses.list()      : {list_seconds * 1000:8.1f} ms  ({list_selects} SELECT per call; "
        f"full domain objects, {list_seconds / raw_seconds:.2f}x raw)"
    )
    print(f"results agree       : {'yes' if agree else 'NO'}")
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
