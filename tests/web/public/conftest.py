"""The public booking API on the real container and a real database (SQLite, and PostgreSQL
when ``STUDIOBOOK_TEST_POSTGRES_URL`` is set), with an injected clock.

``shop`` is two studios: the salon of ``appointment_support`` (two staff, a 30-minute cut on a
15-minute grid, weekdays 09-12 and 13-17 Berlin) with courses, and a second company whose records
the salon's addresses must never reach. Every instant comes from the FakeClock (a Friday, 09:00
UTC); ``MONDAY`` is the Monday after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dependency_injector import providers

from tests.fakes import FakeClock
from tests.integration.appointment_support import MONDAY, at, open_salon
from tests.web.conftest import ADMIN, Ticker, make_client

API = "/api/v1"


@dataclass
class Shop:
    container: object
    clock: FakeClock
    salon: object
    other: object
    ticker: Ticker = field(default_factory=Ticker)
    members: int = 0

    @property
    def now(self) -> datetime:
        return self.clock.now()

    @property
    def salon_zone(self) -> ZoneInfo:
        return ZoneInfo(self.salon.company.time_zone)

    def app(self, **options):
        from studiobook.entrypoints.web.app import create_app

        defaults = {
            "rate_requests": 10_000, "rate_seconds": 1, "public_rate_requests": 10_000,
            "public_rate_seconds": 1, "clock": self.ticker,
        }  # fmt: skip
        return create_app(self.container, ADMIN, **(defaults | options))

    def course(self, title: str = "WOD", capacity: int = 2, *, company=None, starts_in=None,
               **rules):
        """A one-hour course of the salon (or ``company``), starting ``starts_in`` from now
        (default: three days)."""
        starts = self.now + (starts_in if starts_in is not None else timedelta(days=3))
        company_id = (company or self.salon.company).id
        return self.container.courses().create(
            title, capacity, starts, starts + timedelta(hours=1), company_id=company_id, **rules
        )

    def member(self, email: str, status) -> None:
        """A member of the local WODIFY copy (``status`` None: a member without a membership)."""
        from studiobook.domain.members.member import Member, Membership

        now = self.now
        self.members += 1
        client = str(self.members)
        membership = None if status is None else Membership(
            f"m{client}", "Unlimited", status, "89.00", now.date()
        )  # fmt: skip
        with self.container.store().unit_of_work(for_writing=True) as uow:
            uow.members.add_many([Member(client, "Kim", "Berg", email, None, membership, now)], now)
            uow.commit()

    def count(self, table: str) -> int:
        from sqlalchemy import text

        with self.container.store().engine.connect() as connection:
            return connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


@pytest.fixture
def shop(database_url) -> Shop:
    from studiobook.application.container import build_container
    from studiobook.application.settings import Settings

    container = build_container(Settings(database_url=database_url, load_entry_points=False))
    container.store().ensure_schema()
    clock = FakeClock()
    container.clock.override(providers.Object(clock))
    salon = open_salon(container, staff=2)
    other = open_salon(container, staff=1, name="Other Company")
    yield Shop(container, clock, salon, other)
    container.store().dispose()


@pytest.fixture
def public(shop):
    with make_client(shop.app()) as client:
        yield client


def booking_body(**changes) -> dict:
    return {"name": "Lena Müller", "email": "lena@example.org"} | changes


def appointment_body(shop: Shop, hour: int = 10, minute: int = 0, **changes) -> dict:
    start = at(hour, minute, MONDAY).isoformat()
    return {"event_type_id": shop.salon.cut.id, "start": start, "name": "Lena Müller",
            "email": "lena@example.org"} | changes


def error_of(response) -> tuple[int, str]:
    """(status, code) of an error answer, after checking its envelope."""
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message"}, body
    assert body["error"]["message"], body
    return response.status_code, body["error"]["code"]
