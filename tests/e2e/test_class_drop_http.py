"""The class drop through HTTP, in small: a real ``studiobook serve`` with two worker processes,
a 5-seat course and 40 booking requests released at once — some of them a customer's retry with
the same ``Idempotency-Key``, sent while the first attempt is still in flight. Never more bookings
than seats, exactly the seats booked, every other answer "full" (or the first answer replayed),
no 5xx, and one booking at most per key. ``bench/class_drop.py`` is the full-size run."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import select

from studiobook.adapters.sql.tables import bookings
from tests.e2e.test_serve import TOKEN, Served, environment
from tests.real_time import coming, wall

pytestmark = pytest.mark.slow

SEATS = 5
CUSTOMERS = 32
RETRYING = range(0, CUSTOMERS, 4)  # 8 customers send their request twice: 40 requests
BERLIN = ZoneInfo("Europe/Berlin")


def test_a_class_drop_through_serve_books_exactly_the_seats(container, database_url, tmp_path):
    studio = container.companies().create("Drop Box", "Europe/Berlin")
    starts = wall(coming("mon", BERLIN), 18, 0, BERLIN)
    course = container.courses().create(
        "WOD 18:00", SEATS, starts, starts + timedelta(hours=1), company_id=studio.id
    )
    container.store().dispose()  # the server's processes are the ones that book
    path = f"api/v1/companies/{studio.id}/courses/{course.id}/bookings"
    served = Served(
        ["--db", database_url, "serve", "--port", "0", "--workers", "2"], tmp_path,
        environment(STUDIOBOOK_ADMIN_TOKEN=TOKEN, STUDIOBOOK_PUBLIC_RATE_LIMIT="10000/1"),
    )
    try:
        attempts = [(n, f"drop-{n}") for n in range(CUSTOMERS)] + [
            (n, f"drop-{n}") for n in RETRYING
        ]
        gate = threading.Barrier(len(attempts))

        def book(attempt: tuple[int, str]) -> tuple[str, httpx.Response]:
            number, key = attempt
            body = {"name": f"Customer {number}", "email": f"c{number}@drop.example",
                    "tickets": 1, "waitlist": False}
            with httpx.Client(base_url=served.url, timeout=30) as phone:
                gate.wait(timeout=30)
                return key, phone.post(path, json=body, headers={"Idempotency-Key": key})

        with ThreadPoolExecutor(len(attempts)) as pool:
            answers = list(pool.map(book, attempts))
    finally:
        code = served.stop()
    assert code == 0

    statuses = Counter(response.status_code for _, response in answers)
    assert set(statuses) <= {201, 409}, statuses  # no 5xx, no "busy", no 403
    refused = [r.json() for _, r in answers if r.status_code == 409]
    assert {document["error"]["code"] for document in refused} <= {"full"}
    booked_per_key: dict[str, set[int]] = {}
    for key, response in answers:
        if response.status_code == 201:
            booked_per_key.setdefault(key, set()).add(response.json()["booking"]["id"])
    assert all(len(ids) == 1 for ids in booked_per_key.values()), booked_per_key
    fresh = [r for _, r in answers if r.status_code == 201 and "idempotent-replayed" not in r.headers]
    assert len(fresh) == SEATS

    engine = container.store().engine
    with engine.connect() as connection:
        rows = connection.execute(
            select(bookings.c.id, bookings.c.customer_email, bookings.c.status)
            .where(bookings.c.course_id == course.id)
        ).all()
    engine.dispose()
    assert [row.status for row in rows] == ["confirmed"] * SEATS
    assert len({row.customer_email for row in rows}) == SEATS  # nobody booked twice
    assert {row.id for row in rows} == set().union(*booked_per_key.values())
