"""`course list` on 10,000 courses vs one raw query returning the same columns.

Set-up bulk-inserts the courses (of the bench's own studio) and their bookings with SQLAlchemy
Core. Then, best of several repeats each: ``container.courses().list(company)`` — what
``studiobook course list --company`` and the admin courses page call: every course of the studio
as a domain object with its booked tickets, by start — against one raw query on a plain DB-API
connection returning the same columns (every course column, the studio's time zone, the booked
sum), filtered and ordered the same. For comparison it also times ``free_spots()`` (one grouped
query of id, capacity, booked; no command or page calls it). It counts the statements each sends
(no N+1) and checks all sides agree. Target (SPEC 5): ratio <= 3.

The clean-up (of a database the bench did not create) runs in a ``finally`` and deletes in
batches of 1,000 courses, so even 100,000 courses on PostgreSQL leave nothing behind.

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
    "SELECT c.id, c.title, c.capacity, c.starts_at, c.ends_at, c.branch_id, c.company_id,"
    " c.instructor_id, c.timetable_id, c.members_only, c.opens_before_minutes,"
    " c.cancel_cutoff_minutes, c.cancelled,"
    " (SELECT z.time_zone FROM companies z WHERE z.id = c.company_id),"
    " COALESCE(b.booked, 0) FROM courses c LEFT JOIN"
    " (SELECT course_id, SUM(tickets) AS booked FROM bookings WHERE status IN ({s})"
    " GROUP BY course_id) b ON b.course_id = c.id"
    " WHERE c.company_id = {p}"
    " ORDER BY c.starts_at IS NULL, c.starts_at, c.id"
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


def raw_course_list(url: str, company_id: int):
    """One transaction with the raw query, as the use-case reads in one."""
    sqlite = backend(url) == "sqlite"
    marker = "?" if sqlite else "%s"
    sql = RAW_SQL.format(s=", ".join([marker] * len(OCCUPYING)), p=marker)
    connection = raw_connection(url)

    def run():
        cursor = connection.cursor()
        if sqlite:
            cursor.execute("BEGIN")
        cursor.execute(sql, (*OCCUPYING, company_id))
        rows = cursor.fetchall()
        if sqlite:
            cursor.execute("COMMIT")
        else:
            connection.commit()
        return rows

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
            list_selects = count_selects(engine, lambda: courses.list(studio))
            list_seconds, listed = best_of(args.repeats, lambda: courses.list(studio))
            connection, raw = raw_course_list(url, studio)
            raw_seconds, rows = best_of(args.repeats, raw)
            free_selects = count_selects(engine, lambda: courses.free_spots(studio))
            free_seconds, free = best_of(args.repeats, lambda: courses.free_spots(studio))
        finally:
            if connection is not None:
                connection.close()
            try:
                if args.db:  # a database we did not create: take our studio out again
                    remove_studio(engine, studio)
            finally:
                container.store().dispose()

    # id, title, capacity, booked (index 14), the time zone (13) on each side
    seen = [(c.id, c.title, c.capacity, c.booked, str(c.time_zone)) for c in listed]
    agree = seen == [(r[0], r[1], r[2], r[14], r[13]) for r in rows]
    expected = {r[0]: (max(0, r[2] - r[14]) if r[2] else None) for r in rows}
    agree = agree and free == expected
    ratio = list_seconds / raw_seconds
    print(f"`course list` of {len(listed)} courses ({made} bookings added) on {backend(url)}")
    print(f"courses.list(company): {list_seconds * 1000:8.1f} ms  ({list_selects} SELECT per call)")
    print(f"raw query, same cols : {raw_seconds * 1000:8.1f} ms  (best of {args.repeats} each)")
    print(f"ratio                : {ratio:8.2f}  (target <= 3: {'met' if ratio <= 3 else 'NOT met'})")
    print(
        f"free_spots(company)  : {free_seconds * 1000:8.1f} ms  ({free_selects} SELECT per call;"
        f" id, capacity, booked only — no command or page calls it)"
    )
    print(f"results agree        : {'yes' if agree else 'NO'}")
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
