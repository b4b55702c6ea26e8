"""Availability cached per staff member and local day (issue 18), on the real store: a change made
through another container on the same database (another process, with its own cache) makes
exactly the affected person's entries stale, everyone else's stay cache hits, and the cached
answer is always the engine's on the live data."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from dependency_injector import providers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studiobook.adapters.cache.memory import MemoryCache
from studiobook.application.appointments.holidays import NoHolidays, company_closures
from studiobook.application.container import build_container
from studiobook.domain.appointments import available_slots, load_window
from studiobook.domain.appointments.closures import closed_spans, local_days
from studiobook.domain.appointments.errors import SlotNotAvailable
from studiobook.domain.shared.errors import DomainError
from tests.fakes import FakeClock
from tests.integration.appointment_support import MONDAY, at, open_salon, whole

WEEK = whole(MONDAY, days=7)


class CountingCache(MemoryCache):
    """The memory adapter, counting hits and misses per key."""

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[str] = []
        self.misses: list[str] = []

    def get(self, key, now):
        found = super().get(key, now)
        (self.misses if found is None else self.hits).append(key)
        return found

    def reset(self) -> None:
        self.hits, self.misses = [], []


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def here(container, clock):
    container.clock.override(providers.Object(clock))
    container.cache.override(providers.Singleton(CountingCache))
    return container


@pytest.fixture
def there(settings, clock):
    """Another process on the same database: its own engine, cache and container."""
    other = build_container(settings)
    other.clock.override(providers.Object(clock))
    yield other
    other.store().dispose()


@pytest.fixture
def salon(here):
    return open_salon(here, staff=3)


def answers(keys):
    return [k for k in keys if k.startswith("availability|")]


def day_entries(keys, staff_id=None):
    """The per-person-day keys among ``keys`` (of ``staff_id`` only, if given)."""
    found = [k.split("|") for k in keys if k.startswith("availability-day|")]
    return [k for k in found if staff_id is None or k[4] == str(staff_id)]


def test_a_booking_by_another_process_recomputes_only_that_persons_days(here, there, salon):
    cache = here.cache()
    before = here.availability().slots(salon.id, salon.cut.id, *WEEK)
    assert len(day_entries(cache.misses)) == 3 * 7  # three people, seven days, all computed
    cache.reset()
    assert here.availability().slots(salon.id, salon.cut.id, *WEEK) == before
    assert cache.misses == [] and len(cache.hits) == 1  # the whole answer

    anna, ben = salon.staff[0].id, salon.staff[1].id
    there.appointments().book(salon.id, salon.cut.id, anna, at(10), "Eva", None)
    cache.reset()
    after = here.availability().slots(salon.id, salon.cut.id, *WEEK)

    # Anna's days are computed again; Ben's and Carla's are served from the cache.
    assert len(answers(cache.misses)) == 1
    assert {k[4] for k in day_entries(cache.misses)} == {str(anna)}
    assert len(day_entries(cache.misses, anna)) == 7
    assert len(day_entries(cache.hits)) == 14 and day_entries(cache.hits, anna) == []
    ten = next(s for s in after.slots if s.start == at(10))
    assert anna not in ten.staff_ids and ben in ten.staff_ids
    quarter_to = next(s for s in before.slots if s.start == at(9, 45))
    assert anna in quarter_to.staff_ids
    assert anna not in next(s for s in after.slots if s.start == at(9, 45)).staff_ids
    assert [s for s in after.slots if s.start >= at(11)] == [
        s for s in before.slots if s.start >= at(11)
    ]


def test_a_company_wide_change_by_another_process_recomputes_everyone(here, there, salon):
    cache = here.cache()
    here.availability().slots(salon.id, salon.cut.id, *WEEK)
    there.companies().set_closure(salon.id, MONDAY, False)
    cache.reset()
    answer = here.availability().slots(salon.id, salon.cut.id, *WEEK)

    assert len(day_entries(cache.misses)) == 21 and day_entries(cache.hits) == []
    assert all(s.start.astimezone(at(0).tzinfo).date() != MONDAY for s in answer.slots)
    assert MONDAY in answer.closed


# -- the cache is exact ---------------------------------------------------------------------------
def engine_answer(container, salon, start, end, now, staff_id=None):
    """The engine on the live data, no cache anywhere."""
    cid = salon.id

    def work(uow):
        company = uow.companies.get(cid)
        event_type = uow.event_types.get(cid, salon.cut.id)
        staff = (
            [uow.staff.get(cid, staff_id)] if staff_id else uow.staff.list(cid, active=True)
        )
        assignments = uow.assignments.list(cid, event_type_id=event_type.id)
        booked = uow.appointments.occupying(cid, [s.id for s in staff], *load_window(start, end))
        zone = ZoneInfo(company.time_zone)
        days = list(local_days(start - timedelta(days=3), end + timedelta(days=3), zone))
        closed = company_closures(uow, NoHolidays(), company, days[0], days[-1])
        spans = closed_spans(closed, zone)
        return available_slots(
            event_type, staff=staff, assignments=assignments, appointments=booked,
            start=start, end=end, now=now, busy={s.id: spans for s in staff},
        )  # fmt: skip

    return container.transactions().read(work)


HOURS = st.sampled_from([["09:00-12:00"], ["09:00-12:00", "13:00-17:00"], ["10:00-18:30"], []])
CHANGES = st.one_of(
    st.tuples(st.just("book"), st.integers(0, 2), st.integers(0, 6), st.integers(36, 70)),
    st.tuples(st.just("cancel"), st.integers(0, 50)),
    st.tuples(st.just("hours"), st.integers(0, 2), st.sampled_from(["mon", "tue", "sat"]), HOURS),
    st.tuples(st.just("override"), st.integers(0, 2), st.integers(0, 6), HOURS),
    st.tuples(st.just("duration"), st.integers(0, 2), st.sampled_from([None, 45, 60])),
    st.tuples(st.just("buffer"), st.sampled_from([0, 5, 15])),
    st.tuples(st.just("closure"), st.integers(0, 6), st.booleans()),
)


def change(there, salon, what) -> None:
    cid, cut = salon.id, salon.cut.id
    kind, *args = what
    try:
        if kind == "book":
            person, day, quarter = args
            start = at(0, day=MONDAY + timedelta(days=day)) + timedelta(minutes=15 * quarter)
            there.appointments().book(cid, cut, salon.staff[person].id, start, "Eva", None)
        elif kind == "cancel":
            booked = [
                a for a in there.appointments().list(cid) if a.status.value == "booked"
            ]
            if booked:
                there.appointments().cancel(cid, booked[args[0] % len(booked)].id)
        elif kind == "hours":
            person, weekday, hours = args
            there.staffing().set_hours(cid, salon.staff[person].id, weekday, hours)
        elif kind == "override":
            person, day, hours = args
            there.staffing().set_override(
                cid, salon.staff[person].id, MONDAY + timedelta(days=day), hours
            )
        elif kind == "duration":
            person, minutes = args
            there.assignments().assign(cid, salon.staff[person].id, cut, custom_duration=minutes)
        elif kind == "buffer":
            there.event_types().update(cid, cut, buffer_after_minutes=args[0])
        elif kind == "closure":
            day, is_open = args
            there.companies().set_closure(cid, MONDAY + timedelta(days=day), is_open)
    except (SlotNotAvailable, DomainError):
        pass  # a refused change changes nothing


@settings(
    max_examples=25, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip
@given(changes=st.lists(CHANGES, min_size=1, max_size=4), wish=st.sampled_from([None, 0, 2]))
def test_the_cached_answer_is_the_engines_after_changes_by_another_process(
    here, there, salon, clock, changes, wish
):
    staff_id = None if wish is None else salon.staff[wish].id
    ask = {"staff_id": staff_id}
    here.availability().slots(salon.id, salon.cut.id, *WEEK, **ask)  # warm this process's cache
    for what in changes:
        change(there, salon, what)
    now = clock.now()
    cached = here.availability().slots(salon.id, salon.cut.id, *WEEK, **ask)
    assert cached.slots == tuple(engine_answer(here, salon, *WEEK, now, staff_id))
    monday = whole(MONDAY)
    one_day = here.availability().slots(salon.id, salon.cut.id, *monday, **ask)
    assert one_day.slots == tuple(engine_answer(here, salon, *monday, now, staff_id))
