"""The admin web app on a real SQLite container, with a fake WODIFY on loopback and fake clocks.

``web`` is a small studio: the salon of ``appointment_support`` (company 1, two staff, a cut and
the default), a second company (the tenant a company token must never see) and a course. Tokens:
``ADMIN`` sees everything, ``SALON`` only the salon.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

import pytest
from dependency_injector import providers

from studiobook.adapters.fakes.wodify import FakeWodify
from tests.fakes import FakeClock
from tests.integration.appointment_support import open_salon

ADMIN = "admin-token-0123456789abcdef"
SALON = "salon-token-0123456789abcdef"


class Ticker:
    """A monotonic clock for the rate limiter that moves only when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Studio:
    container: object
    salon: object
    other: object
    wodify: FakeWodify
    ticker: Ticker

    def app(self, **options):
        from studiobook.entrypoints.web.app import create_app

        defaults = {"rate_requests": 10_000, "rate_seconds": 1, "clock": self.ticker}
        return create_app(self.container, ADMIN, {SALON: self.salon.id}, **(defaults | options))


@pytest.fixture
def wodify():
    with FakeWodify(clients=6, leads=3) as fake:
        yield fake


@pytest.fixture
def studio(sqlite_url, wodify) -> Studio:
    from studiobook.application.container import build_container
    from studiobook.application.settings import Settings

    settings = Settings(
        database_url=sqlite_url, load_entry_points=False, wodify_api_url=wodify.url,
        wodify_api_key=wodify.api_key, wodify_location_id=wodify.location_id,
    )
    container = build_container(settings)
    container.store().ensure_schema()
    container.clock.override(providers.Object(FakeClock()))
    salon = open_salon(container, staff=2)
    other = open_salon(container, staff=1, name="Other Company")
    container.courses().create("WOD 18:00", 10, company_id=salon.id)
    container.courses().create("Rückenschule", 8, company_id=other.id)
    yield Studio(container, salon, other, wodify, Ticker())
    container.store().dispose()


def make_client(app, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette's note about httpx vs httpx2
        from fastapi.testclient import TestClient
    return TestClient(app, **options)


@pytest.fixture(scope="module")
def gate():
    """An app whose refusals happen before any use-case runs: its container is ``None``."""
    from studiobook.entrypoints.web.app import create_app

    with make_client(create_app(None, ADMIN, {SALON: 1})) as c:
        yield c


@pytest.fixture
def client(studio):
    with make_client(studio.app()) as c:
        yield c


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def log_in(client, token: str = ADMIN):
    form = client.get("/login")
    value = re.search(r'name="login_csrf" value="([^"]+)"', form.text).group(1)
    return client.post("/login", data={"token": token, "login_csrf": value, "next": "/"},
                       follow_redirects=False)


def csrf_of(page_html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page_html).group(1)
