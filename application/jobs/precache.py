"""Availability precaching (issue 19; the seed's ``PrecacheAvailabilityJob``): the free starts of
each staff member per local day, for each company's most booked event types, computed ahead so a
customer's question is answered from the cache.

Which event types: the ``STUDIOBOOK_PRECACHE_EVENT_TYPES`` (default 3, 0: off) with the most
booked appointments starting in the last :data:`DEMAND_DAYS` days (ties: the lower id) — the
appointments keep no booking time, so their start stands for it. Each is asked about over the
next :data:`AHEAD_DAYS` days, which stores an entry per staff member and day
(``availability-day|...``, :data:`~studiobook.application.appointments.appointments.CACHE_TTL`).
The precache asks *past* the cache (it reads nothing from it, it writes every entry anew): run
every :data:`EVERY` minutes, its entries are renewed before their 15 minutes are up.

The cache lives in each process's memory, so precaching pays only in the process that answers
the questions: ``serve`` runs :func:`precache_runner` in every web process on its own timer
(its runs are remembered in that process, not in the database, so every process precaches for
itself), never as a queued job that some other worker would run for its own, unused, cache.
A company connected to Cal.com is skipped: its answers depend on Cal.com, asked live.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta
from threading import Lock
from typing import Any

from studiobook.application.jobs.ports import JobRun
from studiobook.application.jobs.runner import Job, JobRunner
from studiobook.application.jobs.tasks import (
    Deadline,
    TaskFailed,
    TaskTimedOut,
    connected_companies,
)

log = logging.getLogger("studiobook.precache")

DEMAND_DAYS = 30
AHEAD_DAYS = 14
EVERY = timedelta(minutes=10)
# One run over all companies stops here (between event types) and waits for the next one.
RUN_TIMEOUT = timedelta(minutes=5)
JOB_NAME = "precache_availability"


class _PastTheCache:
    """The cache as the precache sees it: nothing found (every entry is computed and stored
    anew, with a fresh TTL), and the lookups not counted as a customer's misses."""

    def __init__(self, cache: Any) -> None:
        self._cache = cache

    def get(self, key: str, now: datetime) -> object | None:
        return None

    def set(self, key: str, value: object, ttl: timedelta, now: datetime) -> None:
        self._cache.set(key, value, ttl, now)


def precache_availability(container: Any, company_id: int | None, deadline: Deadline) -> str:
    """A task function of ``(container, company id, deadline)``: the company's most booked event
    types asked about over the next :data:`AHEAD_DAYS` days, into ``container``'s cache; the
    deadline is checked before each event type."""
    if company_id is None:
        raise TaskFailed("precaching availability needs a company")
    top = container.settings().precache_event_types
    if top == 0:
        return "off (STUDIOBOOK_PRECACHE_EVENT_TYPES=0)"
    if company_id in connected_companies(container):
        return f"company {company_id}: skipped — connected to Cal.com, which answers its availability"
    now = container.clock().now()
    chosen = container.store().demand().most_booked(
        company_id, now - timedelta(days=DEMAND_DAYS), now, top
    )
    if not chosen:
        return f"company {company_id}: nothing booked in the last {DEMAND_DAYS} days, nothing precached"
    availability = container.availability()
    refreshing = replace(availability, cache=_PastTheCache(availability.cache))
    slots = 0
    for event_type_id in chosen:
        deadline.check()
        slots += len(refreshing.slots(company_id, event_type_id, now, now + timedelta(days=AHEAD_DAYS)).slots)
    names = ", ".join(map(str, chosen))
    return f"company {company_id}: {AHEAD_DAYS} days of event type(s) {names} precached ({slots} slots)"


def precache_companies(container: Any, deadline: Deadline) -> str:
    """Every company, one after another, under one deadline (a timed-out run raises
    :class:`TaskTimedOut` and is recorded as failed; the next run starts from the first again)."""
    companies = [company.id for company in container.companies().list()]
    done, skipped, failed = 0, 0, 0
    for company_id in companies:
        try:
            said = precache_availability(container, company_id, deadline)
        except TaskTimedOut:
            raise
        except Exception as error:  # one company's error must not starve the others
            failed += 1
            log.warning("precaching company %s failed: %s: %s", company_id, type(error).__name__, error)
            continue
        if "precached (" in said:
            done += 1
        elif "skipped" in said:
            skipped += 1
    parts = [f"{done} of {len(companies)} companies precached"]
    if skipped:
        parts.append(f"{skipped} skipped (Cal.com)")
    if failed:
        parts.append(f"{failed} failed")
    return ", ".join(parts)


class ProcessRuns:
    """The job runner's runs kept in this process's memory, not in the database: each process
    runs the job for itself (its own cache), every :data:`EVERY` minutes."""

    def __init__(self) -> None:
        self._runs: dict[str, JobRun] = {}
        self._lock = Lock()

    def claim(self, name: str, owner: str, now: datetime, due_before: datetime, lease_until: datetime) -> bool:
        with self._lock:
            run = self._runs.get(name) or JobRun(name, None, None, None, None, None, None)
            if run.lease_owner is not None and run.lease_expires_at is not None and run.lease_expires_at >= now:
                return False
            if run.last_started_at is not None and run.last_started_at > due_before:
                return False
            self._runs[name] = replace(run, lease_owner=owner, lease_expires_at=lease_until)
            return True

    def finish(self, name: str, owner: str, started_at: datetime, finished_at: datetime, outcome: str, message: str) -> None:
        with self._lock:
            run = self._runs.get(name)
            if run is None or run.lease_owner != owner:
                return
            self._runs[name] = JobRun(name, started_at, finished_at, outcome, message, None, None)

    def all(self) -> list[JobRun]:
        with self._lock:
            return list(self._runs.values())


def precache_runner(container: Any) -> JobRunner:
    """The precache as one job of a :class:`JobRunner` of this process (off when the setting is
    0): every :data:`EVERY` minutes, all companies, within :data:`RUN_TIMEOUT`."""
    clock = container.clock()
    off = None
    if container.settings().precache_event_types == 0:
        off = "STUDIOBOOK_PRECACHE_EVENT_TYPES is 0"

    def run() -> str:
        return precache_companies(container, Deadline(clock, RUN_TIMEOUT))

    job = Job(JOB_NAME, EVERY, run, lease=RUN_TIMEOUT, off=off)
    return JobRunner(ProcessRuns(), clock, [job], metrics=container.metrics())
