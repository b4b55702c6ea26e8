"""Cached availability on the real store: hits for 15 minutes by the injected clock, misses after,
and every kind of change — made here or through another container on the same database —
makes the next answer fresh. Booking never trusts the cache."""

from __future__ import annotations

from datetime import timedelta

import pytest
from dependency_injector import providers
from sqlalchemy import insert

from studiobook.adapters.cache.memory import MemoryCache
from studiobook.adapters.sql.tables import appointments as appointment_rows
from studiobook.application.appointments.appointments import Availability
from studiobook.application.container import build_container
from studiobook.application.plugins import PluginError
from studiobook.application.settings import Settings
from studiobook.domain.appointments import Assignment
from studiobook.domain.appointments.errors import SlotNotAvailable
from tests.fakes import FakeClock
from tests.integration.appointment_support import (
    MONDAY,
    SelectCounter,
    at,
    open_salon,
    whole,
)

GENERATION_ONLY = 1  # a hit costs one SELECT: company, event type, staff and generations


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def studio(container, clock):
    container.clock.override(providers.Object(clock))
    return container


@pytest.fixture
def salon(studio):
    return open_salon(studio, staff=2)


def slots(studio, salon, event_type_id=None, cache=None, **options):
    """The salon's Monday; with ``cache``, through a service using that cache instead."""
    service = (
        studio.availability()
        if cache is None
        else Availability(studio.transactions(), studio.clock(), cache)
    )
    return service.slots(salon.id, event_type_id or salon.cut.id, *whole(), **options)


def counted(studio, salon, **options):
    with SelectCounter(studio.store().engine) as selects:
        answer = slots(studio, salon, **options)
    return answer, selects.count


# -- time to live -------------------------------------------------------------------------------
def test_a_repeat_within_15_minutes_is_served_from_the_cache(studio, salon, clock):
    first, cost = counted(studio, salon)
    clock.advance(minutes=14, seconds=59)
    again, hit_cost = counted(studio, salon)

    assert cost > GENERATION_ONLY and hit_cost == GENERATION_ONLY
    assert again == first and len(first.slots) > 10


def test_after_15_minutes_the_answer_is_computed_again(studio, salon, clock):
    first, _ = counted(studio, salon)
    clock.advance(minutes=15)
    again, cost = counted(studio, salon)

    assert cost > GENERATION_ONLY and again == first


def test_each_person_day_has_its_own_entry(studio, salon):
    """Entries are per staff member and day: Anna's question is answered from what everyone's
    stored; another day is computed."""
    everyone, _ = counted(studio, salon)
    anna, cost = counted(studio, salon, staff_id=salon.anna.id)
    with SelectCounter(studio.store().engine) as selects:
        tuesday = studio.availability().slots(salon.id, salon.cut.id, *whole(MONDAY + timedelta(1)))

    assert cost == GENERATION_ONLY and selects.count > GENERATION_ONLY
    assert {s.staff_ids for s in anna.slots} == {(salon.anna.id,)}
    assert [s.start for s in anna.slots] == [s.start for s in everyone.slots]
    assert {len(s.staff_ids) for s in everyone.slots} == {2}
    assert tuesday.slots[0].start.date() != everyone.slots[0].start.date()
    assert counted(studio, salon, staff_id=salon.anna.id) == (anna, GENERATION_ONLY)


# -- invalidation -------------------------------------------------------------------------------
def change(studio, salon, kind: str) -> None:
    cid, cut, anna = salon.id, salon.cut.id, salon.anna.id
    match kind:
        case "booking":
            studio.appointments().book(cid, cut, anna, at(10), "Eva", None)
        case "cancel":
            studio.appointments().cancel(cid, salon.booked.id)
        case "assignment":
            studio.assignments().assign(cid, anna, cut, custom_duration=60)
        case "bulk assignment":
            wish = Assignment(staff_id=anna, event_type_id=cut, custom_duration=60)
            studio.assignments().assign_many(cid, [wish])
        case "unassignment":
            studio.assignments().unassign(cid, anna, cut)
        case "hours":
            studio.staffing().set_hours(cid, anna, "mon", ["10:00-11:00"])
        case "override":
            studio.staffing().set_override(cid, anna, MONDAY, [])
        case "staff change":
            studio.staffing().update(cid, anna, active=False)
        case "event type change":
            studio.event_types().update(cid, cut, buffer_before_minutes=15)
        case "default":
            studio.event_types().set_default(cid, cut)


KINDS = [
    "booking", "cancel", "assignment", "bulk assignment", "unassignment", "hours", "override",
    "staff change", "event type change", "default",
]


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_change_makes_the_next_answer_fresh(studio, salon, kind):
    # A new default shows in the answer for an unknown event type (it falls back to it).
    requested = 999_999 if kind == "default" else salon.cut.id
    if kind == "cancel":
        cut, anna = salon.cut.id, salon.anna.id
        salon.booked = studio.appointments().book(salon.id, cut, anna, at(10), "Eva", None)
    before = slots(studio, salon, requested)
    with SelectCounter(studio.store().engine) as selects:
        assert slots(studio, salon, requested) == before
    assert selects.count == GENERATION_ONLY  # cached

    change(studio, salon, kind)
    after = slots(studio, salon, requested)

    assert after != before
    assert after == slots(studio, salon, requested, cache=MemoryCache())


def test_a_change_through_another_container_invalidates_this_ones_cache(studio, salon, settings, clock):
    before = slots(studio, salon)
    other = build_container(settings)  # another process: its own engine and cache
    other.clock.override(providers.Object(clock))  # ... and a clock that agrees with ours
    try:
        other.appointments().book(salon.id, salon.cut.id, salon.anna.id, at(10), "Eva", None)
    finally:
        other.store().dispose()

    after, cost = counted(studio, salon)

    assert cost > GENERATION_ONLY and after != before
    ten = next(s for s in after.slots if s.start == at(10))
    assert salon.anna.id not in ten.staff_ids


def test_booking_never_trusts_a_stale_cached_answer(studio, salon):
    """A write that did not bump the generation leaves a stale answer in the cache; booking
    still refuses the taken time, because it checks the live appointments under the lock."""
    slots(studio, salon)
    with studio.store().engine.begin() as connection:
        connection.execute(
            insert(appointment_rows),
            {
                "company_id": salon.id, "staff_id": salon.anna.id,
                "event_type_id": salon.cut.id, "starts_at": at(10),
                "ends_at": at(10, 30), "status": "booked", "customer_name": "Direkt",
            },
        )  # fmt: skip
    stale = slots(studio, salon)
    ten = next(s for s in stale.slots if s.start == at(10))
    assert salon.anna.id in ten.staff_ids  # the cache still says Anna is free

    with pytest.raises(SlotNotAvailable, match="overlaps appointment"):
        studio.appointments().book(salon.id, salon.cut.id, salon.anna.id, at(10), "Eva", None)


# -- the adapter --------------------------------------------------------------------------------
def test_the_memory_cache_is_the_default_adapter_and_can_be_chosen_by_name(settings, monkeypatch):
    container = build_container(settings)
    assert isinstance(container.cache(), MemoryCache)
    monkeypatch.setenv("STUDIOBOOK_CACHE", "redis")
    assert Settings.from_env().cache == "redis"
    with pytest.raises(PluginError, match="no cache adapter named 'redis'"):
        build_container(Settings(database_url=settings.database_url, cache="redis")).cache()


def test_memory_cache_expiry_and_size_bound(clock):
    cache = MemoryCache(max_entries=2)
    now = clock.now()
    cache.set("a", 1, timedelta(minutes=15), now)
    assert cache.get("a", now + timedelta(minutes=15) - timedelta(microseconds=1)) == 1
    assert cache.get("a", now + timedelta(minutes=15)) is None

    for key in ("a", "b", "c"):
        cache.set(key, key, timedelta(minutes=15), now)
    assert cache.get("a", now) is None and cache.get("b", now) == "b" and len(cache) == 2
