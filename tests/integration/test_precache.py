"""Availability precaching (issue 19): a company's most booked event types are computed into the
per-staff-day cache ahead of the customers' questions, which are then answered from it — the
same answers as without a cache. Off with 0, skipped for Cal.com companies, stopped by its
deadline between event types; in ``serve`` it runs in the web process on its own timer."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta

import pytest
from dependency_injector import providers

from studiobook.application.appointments.appointments import Availability
from studiobook.application.container import build_container
from studiobook.application.jobs.precache import precache_availability, precache_runner
from studiobook.application.jobs.tasks import Deadline, TaskTimedOut
from tests.fakes import FakeClock
from tests.integration.appointment_support import MONDAY, at, open_salon, whole
from tests.integration.test_availability_per_staff import CountingCache

WEEK = whole(MONDAY, days=7)  # within the next 14 days of the FakeClock's Friday
PAST = MONDAY - timedelta(days=21)  # a Monday three weeks before: inside the last 30 days


class KeyCountingCache(CountingCache):
    def days(self) -> tuple[int, int]:
        """(hits, misses) of the per-staff-day entries since the last call."""
        counted = tuple(
            len([k for k in keys if k.startswith("availability-day|")])
            for keys in (self.hits, self.misses)
        )
        self.reset()
        return counted  # type: ignore[return-value]


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def make(settings, clock):
    """``make(top)``: a container on the test database whose cache counts per key."""
    made = []

    def build(top: int = 3, **more):
        container = build_container(replace(settings, precache_event_types=top, **more))
        container.clock.override(providers.Object(clock))
        container.cache.override(providers.Singleton(KeyCountingCache))
        made.append(container)
        return container

    yield build
    for container in made:
        container.store().dispose()


@pytest.fixture
def salon(container, clock):
    """Herrenschnitt booked 3 times in the last 30 days, Färben and Bart once each (a tie, by
    id), Bart's second booking cancelled, a Färben booking 40 days ago not counted."""
    container.clock.override(providers.Object(clock))
    salon = open_salon(container, staff=2)
    kinds = {"cut": salon.cut}
    for name in ("Färben", "Bart"):
        kinds[name] = container.event_types().add(salon.id, name, 30, price="30.00")
        for member in salon.staff:
            container.assignments().assign(salon.id, member.id, kinds[name].id)
    now = clock.current
    clock.current = at(8, day=PAST - timedelta(days=21))
    book = container.appointments().book
    book(salon.id, kinds["Färben"].id, salon.anna.id, at(10, day=PAST - timedelta(days=14)), "Old")
    clock.current = at(8, day=PAST)
    for hour in (9, 10, 11):
        book(salon.id, salon.cut.id, salon.anna.id, at(hour, day=PAST), "Kunde")
    book(salon.id, kinds["Färben"].id, salon.anna.id, at(14, day=PAST), "Kundin")
    book(salon.id, kinds["Bart"].id, salon.staff[1].id, at(10, day=PAST), "Bart 1")
    gone = book(salon.id, kinds["Bart"].id, salon.staff[1].id, at(11, day=PAST), "Bart 2")
    container.appointments().cancel(salon.id, gone.id)
    clock.current = now
    return salon, kinds


def slots(container, company_id, event_type_id):
    answer = container.availability().slots(company_id, event_type_id, *WEEK)
    return [(s.start, tuple(s.staff_ids)) for s in answer.slots]


def test_most_booked_counts_booked_appointments_of_the_last_30_days_ties_by_id(container, salon, clock):
    salon, kinds = salon
    now = clock.now()
    demand = container.store().demand()
    most = demand.most_booked(salon.id, now - timedelta(days=30), now, 3)
    assert most == [salon.cut.id, kinds["Färben"].id, kinds["Bart"].id]
    assert demand.most_booked(salon.id, now - timedelta(days=30), now, 1) == [salon.cut.id]


def test_the_top_event_type_is_answered_from_the_cache_and_the_others_are_not(make, salon, clock):
    salon, kinds = salon
    here, elsewhere = make(top=1), make(top=1)

    said = precache_availability(here, salon.id, Deadline(clock, None))

    assert said.startswith(f"company {salon.id}: 14 days of event type(s) {salon.cut.id} precached (")
    cache = here.cache()
    cache.days()
    answer = slots(here, salon.id, salon.cut.id)
    hits, misses = cache.days()
    assert (hits, misses) == (14, 0)  # 2 people x 7 days, nothing computed
    assert answer and answer == slots(elsewhere, salon.id, salon.cut.id)  # a cold cache's answer
    slots(here, salon.id, kinds["Färben"].id)
    assert cache.days() == (0, 14)  # the less booked one was not precached


def test_the_periodic_run_renews_the_entries_before_they_expire(make, salon, clock):
    salon, _ = salon
    here = make(top=3)
    runner = precache_runner(here)

    first = runner.run_due()
    assert [(o.ran, o.ok, o.message) for o in first] == [(True, True, "1 of 1 companies precached")]
    assert [o.message for o in runner.run_due()] == ["not due or running elsewhere"]
    clock.advance(minutes=10)
    assert [o.ran for o in runner.run_due()] == [True]
    clock.advance(minutes=10)  # 20 minutes after the first run: its entries would be gone
    cache = here.cache()
    cache.days()
    slots(here, salon.id, salon.cut.id)
    assert cache.days() == (14, 0)


def test_zero_turns_it_off(make, salon, clock):
    salon, _ = salon
    here = make(top=0)
    assert precache_availability(here, salon.id, Deadline(clock, None)) == (
        "off (STUDIOBOOK_PRECACHE_EVENT_TYPES=0)"
    )
    assert len(here.cache()) == 0
    assert precache_runner(here).off() == {
        "precache_availability": "STUDIOBOOK_PRECACHE_EVENT_TYPES is 0"
    }


def test_a_company_connected_to_calcom_is_skipped(make, salon, clock):
    from studiobook.adapters.secrets.fernet import new_key

    salon, _ = salon
    here = make(top=3, secret_key=new_key())
    here.calcom_connections().connect(salon.id, 7, "cal_live_test")

    said = precache_availability(here, salon.id, Deadline(clock, None))

    assert said == f"company {salon.id}: skipped — connected to Cal.com, which answers its availability"
    assert len(here.cache()) == 0
    assert precache_runner(here).run_due()[0].message == (
        "0 of 1 companies precached, 1 skipped (Cal.com)"
    )


def test_the_deadline_stops_it_between_event_types(make, salon, clock):
    salon, kinds = salon
    here = make(top=2)

    class Slow(Availability):
        def slots(self, *args, **kwargs):
            clock.advance(minutes=2)  # each event type takes two minutes
            return super().slots(*args, **kwargs)

    here.availability.override(
        providers.Factory(Slow, here.transactions, here.clock, here.availability_cache)
    )
    with pytest.raises(TaskTimedOut, match="timed out after 1 min"):
        precache_availability(here, salon.id, Deadline(clock, timedelta(minutes=1)))
    here.availability.reset_override()
    cache = here.cache()
    cache.days()
    slots(here, salon.id, salon.cut.id)
    assert cache.days() == (14, 0)  # the first was done
    slots(here, salon.id, kinds["Färben"].id)
    assert cache.days() == (0, 14)  # the second never started


def test_serve_precaches_into_the_container_its_web_app_reads(make, salon):
    """``start_precaching`` (serve's web process, every worker process) runs the precache on
    the loop of the container it is given, in a thread of its own."""
    from studiobook.entrypoints.web.server import start_precaching

    salon, _ = salon
    here = make(top=1)
    ran = threading.Event()

    class OneBeat:
        def __init__(self, runner, heartbeat_seconds, on_outcome):
            self.runner = runner

        def run_forever(self):
            self.runner.run_due()
            ran.set()

        def stop(self):
            pass

    here.scheduler_loop.override(providers.Object(OneBeat))
    start_precaching(here)()
    assert ran.wait(30)
    cache = here.cache()
    cache.days()
    slots(here, salon.id, salon.cut.id)
    assert cache.days() == (14, 0)
