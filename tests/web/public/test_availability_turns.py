"""Availability questions through /api/v1 wait for their turn in the event loop, not in a thread
of the pool every other route shares (issue 18): with 50 customers asking for weeks, bookings
waited for a thread behind 39 questions waiting for the gate. A day or less does not wait."""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import timedelta
from types import SimpleNamespace

import httpx
from anyio import to_thread
from dependency_injector import providers

from studiobook.application.appointments.appointments import AvailabilityAnswer
from tests.integration.appointment_support import MONDAY, at
from tests.web.public.conftest import API

WEEKS = 5


class Customers:
    """The customers' use-case, asked for slots: each question stays inside until let go (a
    week) or answers at once (a day), and who was inside at once is written down."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.inside: list[str] = []
        self.most_weeks = 0
        self.weeks_in = 0
        self.let_go = threading.Event()
        self.weeks_beside_the_day = -1

    def slots(self, company, event_type_id, start, end, **wishes):
        kind = "week" if end - start > timedelta(days=1) else "day"
        with self.lock:
            self.inside.append(kind)
            self.most_weeks = max(self.most_weeks, self.inside.count("week"))
            self.weeks_in += kind == "week"
            if kind == "day":
                self.weeks_beside_the_day = self.inside.count("week")
        if kind == "week":
            self.let_go.wait(10)
        with self.lock:
            self.inside.remove(kind)
        return SimpleNamespace(time_zone="Europe/Berlin"), AvailabilityAnswer(event_type_id, False, ())


def test_weeks_wait_for_their_turn_without_a_thread_and_a_day_does_not_wait(shop):
    customers = Customers()
    shop.container.customer_appointments.override(providers.Object(customers))
    app = shop.app()
    path = f"{API}/companies/{shop.salon.id}/event-types/{shop.salon.cut.id}/slots"
    monday = at(0, day=MONDAY)

    def asked(days: int) -> dict[str, str]:
        return {"from": monday.isoformat(), "to": (monday + timedelta(days=days)).isoformat()}

    async def ask_all() -> tuple[list[httpx.Response], httpx.Response, int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://shop") as client:
            weeks = [asyncio.create_task(client.get(path, params=asked(7))) for _ in range(WEEKS)]
            deadline = time.monotonic() + 10
            while customers.weeks_in < 1:
                assert time.monotonic() < deadline, "no week was ever asked"
                await asyncio.sleep(0.01)
            await asyncio.sleep(0.1)  # the other weeks are asked meanwhile, and wait
            shared = to_thread.current_default_thread_limiter().borrowed_tokens
            day = await client.get(path, params=asked(1))  # while a week is inside
            customers.let_go.set()
            return await asyncio.gather(*weeks), day, shared

    weeks, day, shared = asyncio.run(ask_all())

    assert day.status_code == 200 and [w.status_code for w in weeks] == [200] * WEEKS
    assert customers.weeks_in == WEEKS and customers.most_weeks == 1  # one at a time (1 wide)
    assert customers.weeks_beside_the_day == 1  # the day did not wait for the week's turn
    assert shared == 0  # the waiting weeks held no thread of the shared pool
