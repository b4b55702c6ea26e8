"""``/metrics``: the admin token only, Prometheus' text, and what ``serve`` counts — request
latency by route template, booking outcomes by reason, availability cache hits and misses.

In-process (TestClient) on a container whose ``metrics`` setting is ``prometheus``, as
``studiobook serve`` sets it; each container has its own registry, so counts start at zero.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta

import pytest
from dependency_injector import providers

from tests.fakes import FakeClock
from tests.integration.appointment_support import open_salon
from tests.web.conftest import ADMIN, SALON, make_client

HISTOGRAM = "studiobook_http_request_duration_seconds"


@pytest.fixture
def measured(sqlite_url):
    from studiobook.application.container import build_container
    from studiobook.application.settings import Settings
    from studiobook.entrypoints.web.app import create_app

    container = build_container(
        Settings(database_url=sqlite_url, load_entry_points=False, metrics="prometheus")
    )
    container.store().ensure_schema()
    clock = FakeClock()
    container.clock.override(providers.Object(clock))
    salon = open_salon(container, staff=1)
    course = container.courses().create("Yoga", 1, company_id=salon.company.id)
    app = create_app(container, ADMIN, {SALON: salon.company.id}, rate_requests=10_000)
    with make_client(app) as client:
        yield client, salon, course, clock
    container.store().dispose()


def scrape(client) -> str:
    answer = client.get("/metrics", headers={"authorization": f"Bearer {ADMIN}"})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/plain")
    return answer.text


def value(text: str, name: str, **labels: str) -> float:
    """The sample ``name{labels}`` (labels in any order); 0 when it is not there yet."""
    for line in text.splitlines():
        found = re.fullmatch(r"(\w+)(?:\{(.*)\})? (\S+)", line)
        if found and found[1] == name:
            shown = dict(re.findall(r'(\w+)="([^"]*)"', found[2] or ""))
            if shown == labels:
                return float(found[3])
    return 0.0


def test_a_request_is_timed_and_logged_under_its_route_template_not_its_path(measured, caplog):
    client, salon, course, clock = measured
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/metrics", headers={"authorization": f"Bearer {SALON}"}).status_code == 403

    now = clock.now()
    path = f"/api/v1/companies/{salon.company.id}/courses"
    window = {"from": now.isoformat(), "to": (now + timedelta(days=7)).isoformat()}
    with caplog.at_level(logging.INFO, logger="studiobook.http"):
        assert client.get(path, params=window).status_code == 200
    assert client.get("/no/such/page/12345").status_code == 404

    text = scrape(client)
    route = "/api/v1/companies/{company}/courses"
    assert value(text, f"{HISTOGRAM}_count", method="GET", route=route, status="200") == 1
    assert value(text, f"{HISTOGRAM}_bucket", method="GET", route=route, status="200", le="+Inf") == 1
    assert value(text, f"{HISTOGRAM}_count", method="GET", route="unmatched", status="404") == 1
    assert path not in text and "12345" not in text  # no raw path, no id in a label
    [logged] = [r for r in caplog.records if r.name == "studiobook.http"]
    assert (logged.method, logged.route, logged.status) == ("GET", route, 200)
    assert logged.getMessage().startswith(f"GET {route} -> 200 in ")


def test_booking_outcomes_are_counted_by_reason(measured):
    client, salon, course, _ = measured
    path = f"/api/v1/companies/{salon.company.id}/courses/{course.id}/bookings"
    first = client.post(path, json={"name": "Ada", "email": "ada@example.com"})
    full = client.post(path, json={"name": "Bea", "email": "bea@example.com"})
    assert (first.status_code, full.status_code) == (201, 409)
    assert full.json()["error"]["code"] == "full"

    text = scrape(client)
    assert value(text, "studiobook_bookings_total", kind="course", outcome="booked") == 1
    assert value(text, "studiobook_bookings_total", kind="course", outcome="full") == 1


def test_availability_cache_hits_and_misses_are_counted(measured):
    client, salon, _, clock = measured
    start = clock.now() + timedelta(days=1)
    path = f"/api/v1/companies/{salon.company.id}/event-types/{salon.cut.id}/slots"
    window = {"from": start.isoformat(), "to": (start + timedelta(days=2)).isoformat()}

    assert client.get(path, params=window).status_code == 200
    once = scrape(client)
    assert client.get(path, params=window).status_code == 200
    twice = scrape(client)

    lookups = "studiobook_cache_lookups_total"
    assert value(once, lookups, cache="availability", result="miss") >= 1
    assert value(once, lookups, cache="availability", result="hit") == 0
    assert value(twice, lookups, cache="availability", result="hit") >= 1  # the same question
    assert value(twice, lookups, cache="availability", result="miss") == value(
        once, lookups, cache="availability", result="miss"
    )
