"""The fake WODIFY's optional latency (for bench/sync.py): every answer waits a hosted API's
time, the same for the same request, and nothing waits when it is off (the tests' default)."""

from __future__ import annotations

import time

import pytest

from studiobook.adapters.fakes.wodify import FakeWodify
from studiobook.adapters.wodify.client import WodifyClient


def timed_page(fake: FakeWodify, page: int) -> tuple[float, list[int]]:
    with WodifyClient(fake.url, fake.api_key, fake.location_id) as client:
        client.list_members(page=1, page_size=10)  # connection opened: not part of the wait
        started = time.perf_counter()
        listed = client.list_members(page=page, page_size=10)
        return time.perf_counter() - started, [member.client_id for member in listed.items]


def test_each_page_waits_within_the_range_and_the_same_page_waits_the_same() -> None:
    with FakeWodify(clients=30, latency=(0.15, 0.25)) as fake:
        seconds, ids = timed_page(fake, 2)
        target = "/v1/clients?location_id=studio-1&page=2&page_size=10"
        assert 0.15 <= fake.latency_of("GET", target) <= 0.25
        assert fake.latency_of("GET", target) == fake.latency_of("GET", target)
        assert fake.latency_of("GET", target) != fake.latency_of("GET", target.replace("=2", "=3"))
        assert seconds >= 0.15
    with FakeWodify(clients=30) as plain:
        assert plain.latency_of("GET", target) == 0.0
        fast, same_ids = timed_page(plain, 2)
    assert same_ids == ids and len(ids) == 10  # the same answer, only later
    assert fast < 0.15


def test_a_latency_range_upside_down_is_refused() -> None:
    with pytest.raises(ValueError, match=r"latency must be \(low, high\) seconds"):
        FakeWodify(latency=(0.2, 0.1))
