"""The metrics port's pieces without a web app: the Prometheus adapter (one process and several),
the job runner's timings, the counting cache, and the reason words of refused bookings."""

from __future__ import annotations

from datetime import timedelta

import pytest

from studiobook.adapters.cache.memory import MemoryCache
from studiobook.adapters.metrics.prometheus import PrometheusMetrics
from studiobook.application.jobs.runner import Job, JobRunner
from studiobook.application.shared.metrics import CountingCache, refusal_reason
from studiobook.application.shared.ports import StoreBusy
from studiobook.domain.appointments.errors import SlotNotAvailable, StudioClosed
from studiobook.domain.shared.errors import (
    CourseNotFound,
    MembershipRequired,
    NotEnoughFreeSpots,
)
from tests.fakes import FakeClock


def sample(metrics: PrometheusMetrics, line_start: str) -> float:
    text = metrics.exposition()[1].decode()
    found = [line for line in text.splitlines() if line.startswith(line_start + " ")]
    return float(found[0].rsplit(" ", 1)[1]) if found else 0.0


class Runs:
    """Job runs that let every job run (the lease and its rules are tested on SQL)."""

    def all(self):
        return []

    def claim(self, *args) -> bool:
        return True

    def finish(self, *args) -> None:
        pass


def test_the_job_runner_times_every_run_by_job_and_outcome():
    metrics = PrometheusMetrics()

    def broken() -> str:
        raise RuntimeError("WODIFY said no")

    jobs = [Job("sync_members", timedelta(hours=1), lambda: "3 changed"),
            Job("sync_leads", timedelta(hours=1), broken)]
    JobRunner(Runs(), FakeClock(), jobs, metrics=metrics).run_due()

    name = "studiobook_job_duration_seconds_count"
    assert sample(metrics, f'{name}{{job="sync_members",outcome="ok"}}') == 1
    assert sample(metrics, f'{name}{{job="sync_leads",outcome="failed"}}') == 1
    assert sample(metrics, f'{name}{{job="sync_leads",outcome="ok"}}') == 0


def test_every_worker_process_is_counted_in_one_exposition(tmp_path, monkeypatch):
    """Two processes (two pids, as two workers of ``serve --workers 2``) write their own files
    in the shared directory; the exposition of either adds them up."""
    from prometheus_client import values

    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    monkeypatch.setattr(values, "ValueClass", values.MultiProcessValue(lambda: 101))
    first = PrometheusMetrics(str(tmp_path))
    first.booking("course", "booked")
    first.request("GET", "/api/v1/companies/{company}/courses", 200, 0.02)
    monkeypatch.setattr(values, "ValueClass", values.MultiProcessValue(lambda: 102))
    second = PrometheusMetrics(str(tmp_path))
    second.booking("course", "booked")
    second.booking("course", "full")
    second.request("GET", "/api/v1/companies/{company}/courses", 200, 0.3)

    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "counter_101.db", "counter_102.db", "histogram_101.db", "histogram_102.db"
    ]
    for either in (first, second):
        assert sample(either, 'studiobook_bookings_total{kind="course",outcome="booked"}') == 2
        assert sample(either, 'studiobook_bookings_total{kind="course",outcome="full"}') == 1
        count = 'studiobook_http_request_duration_seconds_count{method="GET",route="/api/v1/companies/{company}/courses",status="200"}'
        assert sample(either, count) == 2


def test_the_counting_cache_counts_hits_and_misses_and_passes_the_rest_on():
    metrics = PrometheusMetrics()
    inner = MemoryCache()
    cache = CountingCache(inner, metrics)
    now = FakeClock().now()

    assert cache.get("week", now) is None
    cache.set("week", "answer", timedelta(minutes=5), now)
    assert cache.get("week", now) == "answer"
    assert cache.get("week", now + timedelta(minutes=5)) is None  # expired: a miss
    assert len(cache) == len(inner) == 0 and cache._max_entries == inner._max_entries

    name = "studiobook_cache_lookups_total"
    assert sample(metrics, f'{name}{{cache="availability",result="hit"}}') == 1
    assert sample(metrics, f'{name}{{cache="availability",result="miss"}}') == 2


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (NotEnoughFreeSpots(7, 2, 1), "full"),
        (MembershipRequired(7, "ada@example.com", None), "membership_required"),
        (SlotNotAvailable(3, "2026-01-05T09:00:00+00:00", "overlaps"), "slot_taken"),
        (StudioClosed(3, "2026-12-25T09:00:00+00:00", "closed on 2026-12-25"), "closed"),
        (CourseNotFound(7), "not_found"),
        (StoreBusy("locked"), "busy"),
        (RuntimeError("boom"), "error"),
    ],
)
def test_a_refusal_is_counted_under_a_fixed_word_never_its_message(error, reason):
    assert refusal_reason(error) == reason


def test_a_booking_that_went_through_is_counted_as_booked_waitlisted_or_replayed():
    from studiobook.application.courses.customers import Waitlisted
    from studiobook.application.shared.metrics import booked_outcome
    from studiobook.application.shared.public import Replayed
    from studiobook.domain.courses.waitlist import WaitlistEntry

    entry = object.__new__(WaitlistEntry)  # only its class matters here
    assert booked_outcome(entry) == "waitlisted"
    assert booked_outcome(Waitlisted(entry, 1, "token")) == "waitlisted"
    assert booked_outcome(Replayed(201, {})) == "replayed"
    assert booked_outcome(object()) == "booked"


def test_a_queued_task_is_timed_like_a_scheduled_job():
    from types import SimpleNamespace

    from studiobook.application.jobs.tasks import TaskSpec, run_task

    metrics = PrometheusMetrics()
    container = SimpleNamespace(metrics=lambda: metrics, clock=FakeClock)

    def broken(container, company_id, deadline) -> str:
        raise RuntimeError("Cal.com said no")

    assert run_task(container, TaskSpec("sync_calcom_team", lambda *_: "2 changed"), {"company_id": 3}) == "2 changed"
    with pytest.raises(RuntimeError):
        run_task(container, TaskSpec("sync_calcom_team", broken), {"company_id": 3})

    name = "studiobook_job_duration_seconds_count"
    assert sample(metrics, f'{name}{{job="sync_calcom_team",outcome="ok"}}') == 1
    assert sample(metrics, f'{name}{{job="sync_calcom_team",outcome="failed"}}') == 1
