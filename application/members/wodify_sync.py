"""Pulling members and leads from WODIFY into the local store.

WODIFY is the source of truth: an incoming record overwrites every field of the local copy. The
sync streams page by page, one transaction per page, so memory stays flat and a page that fails
costs nothing already committed — and a failed sync never deletes or blanks a local row. Records
whose content did not change are not written, so a re-sync with nothing new writes no rows — and
costs little: each local copy keeps a hash of the WODIFY record it came from, and a record that
arrives with the same hash is counted unchanged without being mapped or compared. A record with a
new hash (or a copy without one: synced before hashes were kept, or written by a membership
change) is mapped and compared field by field as ever; equal, only its hash is stored.
A page whose every record arrives with its stored hash costs one narrow read of its (id, hash)
pairs — after such a page the next :data:`LOOKAHEAD` pages are fetched and read in one
transaction — and no write transaction: its counts are added to the run's row with the next write
the run makes anyway (a page with a change, a fetch error, the run's end) or, when that has not
happened for :data:`SAVE_COUNTS_EVERY`, on their own with a fresh heartbeat. A page with a
change is stored in its own transaction as ever, and after it the run goes page by page again.
Every run, its counts and its errors are stored, so ``wodify status`` in any process tells the
truth about the last runs (a running run's counts at most :data:`SAVE_COUNTS_EVERY` behind).

Audit: a sync writes thousands of rows, so it is audited once per run, not once per member or
lead — entity "wodify_sync", the run id, action "sync_members" / "sync_leads", after = the run's
outcome and counts — written in the transaction that closes the run (also when the run failed).
The rows themselves are traced by the run's counts and errors in the sync log, committed with
each page. A skipped run changes nothing and is not audited.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from studiobook.application.jobs.runner import Job, JobSkipped
from studiobook.application.members.ports import (
    MembersUnitOfWork,
    Received,
    SyncError,
    SyncRun,
    WodifyGateway,
)
from studiobook.application.shared.ports import (
    Clock,
    GatewayError,
    GatewayNotConfigured,
    Page,
    Rejected,
)
from studiobook.application.shared.transactions import Events, Transactions
from studiobook.domain.events import MemberSynced
from studiobook.domain.shared.changes import changed_fields

log = logging.getLogger("studiobook.sync")

KINDS = ("members", "leads")
MIN_INTERVAL = timedelta(hours=1)
# A run refreshes its lease (heartbeat) with every page it commits, and after pages with nothing
# to commit once SAVE_COUNTS_EVERY has passed — seconds apart, about two minutes at worst (a
# page's four attempts with timeouts and Retry-After waits); one still
# marked "running" whose heartbeat is older than this belongs to a process that died (kill -9, a
# lost database): the next run marks it "interrupted" and proceeds.
LEASE = timedelta(minutes=5)
# A page with nothing to write (every record unchanged) commits nothing: its counts wait in
# memory and go into the run's row with the next transaction the run writes anyway (a page with
# a change, a fetch error, the run's end) — or on their own once this much time has passed since
# the run's row was last written, which also keeps the lease's heartbeat fresh.
SAVE_COUNTS_EVERY = timedelta(seconds=10)
# After a page with nothing to write, the next pages are fetched this many at a time (fewer once
# SAVE_COUNTS_EVERY has passed) and their stored hashes read in one transaction (a statement per
# page: a longer list of ids costs SQLite more per id): a re-sync with nothing changed opens a
# transaction once per five pages. A first import goes page by page, as ever.
LOOKAHEAD = 5


@dataclass(frozen=True)
class SyncResult:
    kind: str
    outcome: str  # ok | partial | failed | skipped
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: int = 0
    message: str | None = None
    run_id: int | None = None
    busy: bool = False  # skipped because another run of this kind is alive

    @property
    def skipped(self) -> bool:
        return self.outcome == "skipped"


@dataclass(frozen=True)
class WodifyStatus:
    health: str  # healthy | not_configured | error | not_checked
    health_reason: str | None
    last_members: SyncRun | None
    last_leads: SyncRun | None
    recent_errors: list[SyncError]
    error_total: int

    @property
    def configured(self) -> bool:
        return self.health != "not_configured"


Progress = Callable[[int, int], None]  # (records done, records in total)

COUNTS = ("created", "updated", "unchanged", "errors")


@dataclass
class _Unsaved:
    """A run's counts not yet added to its row in the sync log, and when that row was last
    written (its heartbeat). ``hoping`` whether the last page had an unchanged record: if not
    (a first import), the next page goes straight to its write transaction, which reads the
    stored hashes anyway, instead of first reading them for the chance of writing nothing."""

    saved_at: datetime
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    hoping: bool = True

    def add(self, counts: dict[str, int]) -> None:
        for name, value in counts.items():
            self.counts[name] += value

    def save(
        self, uow: MembersUnitOfWork, run_id: int, now: datetime, more: dict[str, int] | None = None
    ) -> None:
        """Add these counts and ``more`` to the run's row and refresh its heartbeat, in ``uow``'s
        transaction (which may be retried: nothing changes here until :meth:`saved`)."""
        counts = {name: value + (more or {}).get(name, 0) for name, value in self.counts.items()}
        uow.sync_log.add_counts(run_id, **counts)
        uow.sync_log.heartbeat(run_id, now)

    def saved(self, now: datetime) -> None:
        self.counts = dict.fromkeys(COUNTS, 0)
        self.saved_at = now


def _hashes(page: Page[Received[Any]]) -> dict[str, str] | None:
    """The page's records' hashes by id when the page could be unchanged — every record with an
    id and a hash, none rejected — else ``None``. (A repeated id: the last one's, as stored.)"""
    if page.rejected or not page.items:
        return None
    hashes: dict[str, str] = {}
    for r in page.items:
        if not r.record_id or r.content_hash is None:
            return None
        hashes[r.record_id] = r.content_hash
    return hashes


@dataclass(frozen=True)
class _Kind:
    """How one kind of record is fetched, keyed and stored."""

    name: str
    fetch: Callable[[WodifyGateway, int, int], Page[Received[Any]]]
    key: Callable[[Any], str]
    repository: Callable[[Any], Any]
    event: Callable[[Any, bool], Any] | None


_KINDS = {
    "members": _Kind(
        "members",
        lambda gateway, page, size: gateway.received_members(page=page, page_size=size),
        lambda member: member.client_id,
        lambda uow: uow.members,
        MemberSynced,
    ),
    "leads": _Kind(
        "leads",
        lambda gateway, page, size: gateway.received_leads(page=page, page_size=size),
        lambda lead: lead.lead_id,
        lambda uow: uow.leads,
        None,
    ),
}


@dataclass
class WodifySync:
    transactions: Transactions
    clock: Clock
    gateway: Callable[[], WodifyGateway]
    page_size: int = 100
    lease: timedelta = LEASE

    def run(self, kind: str, force: bool = False, progress: Progress | None = None) -> SyncResult:
        """Sync one kind ("members" or "leads"); at most once an hour unless ``force``."""
        spec = _KINDS[kind]
        gateway = self.gateway()  # an unconfigured WODIFY fails here, before a run is opened
        started = self._start(kind, force)
        if isinstance(started, SyncResult):
            return started
        totals = dict.fromkeys(COUNTS, 0)
        unsaved = _Unsaved(started.started_at)
        outcome, message = "ok", None
        try:
            page_number, done, ahead = 1, 0, 1
            while True:
                pages, failure = self._fetch(spec, gateway, page_number, ahead)
                page_number += len(pages)
                known = self._stored_hashes(spec, pages) if unsaved.hoping else None
                wrote = True
                for page in pages:
                    counts, wrote = self._store_page(started.id, spec, page, unsaved, known)
                    if wrote:  # what was read before this write is not used after it
                        known = None
                    for name, value in counts.items():
                        totals[name] += value
                    done += len(page.items) + len(page.rejected)
                    if progress:
                        progress(done, page.total_records)
                if failure is not None:
                    outcome, message = "failed", f"page {page_number}: {failure}"
                    self._record_error(started.id, kind, None, message, unsaved)
                    totals["errors"] += 1
                    break
                if pages[-1].is_last or not (pages[-1].items or pages[-1].rejected):
                    break
                ahead = 1 if wrote else LOOKAHEAD
        except BaseException as error:
            self._finish(started, "failed", f"{type(error).__name__}: {error}", totals, unsaved)
            raise
        if outcome == "ok" and totals["errors"]:
            outcome, message = "partial", f"{totals['errors']} record(s) rejected"
        self._finish(started, outcome, message, totals, unsaved)
        return SyncResult(
            kind, outcome, totals["created"], totals["updated"], totals["unchanged"],
            totals["errors"], message=message, run_id=started.id,
        )

    def run_all(self, force: bool = False, progress: Progress | None = None) -> list[SyncResult]:
        return [self.run(kind, force, progress) for kind in KINDS]

    def not_configured(self) -> str | None:
        """Why WODIFY cannot be reached at all (settings missing), else ``None``; no request."""
        try:
            self.gateway()
        except GatewayNotConfigured as error:
            return error.reason or "WODIFY is not configured"
        return None

    def status(self, check_health: bool = True) -> WodifyStatus:
        """What ``wodify status`` and the dashboard show; never raises for WODIFY being down."""
        health, reason = "not_checked", None
        if check_health:
            try:
                reported = self.gateway().health()
                health = "healthy" if reported == "ok" else "error"
                reason = None if reported == "ok" else f"WODIFY reports '{reported}'"
            except GatewayNotConfigured as error:
                health, reason = "not_configured", error.reason
            except GatewayError as error:
                health, reason = "error", str(error)

        def read(uow: MembersUnitOfWork) -> WodifyStatus:
            return WodifyStatus(
                health=health,
                health_reason=reason,
                last_members=uow.sync_log.last("members"),
                last_leads=uow.sync_log.last("leads"),
                recent_errors=uow.sync_log.recent_errors(10),
                error_total=uow.sync_log.error_total(),
            )

        return self.transactions.read(read)

    # -- steps -----------------------------------------------------------------------------
    def _start(self, kind: str, force: bool) -> SyncRun | SyncResult:
        now = self.clock.now()

        def work(uow: MembersUnitOfWork, events: Events) -> SyncRun | SyncResult:
            if not force:
                last = uow.sync_log.last(kind, ("ok", "partial"))
                if last is not None and now - last.started_at < MIN_INTERVAL:
                    allowed = last.started_at + MIN_INTERVAL
                    return SyncResult(
                        kind,
                        "skipped",
                        message=f"last {kind} sync at {last.started_at:%Y-%m-%d %H:%M} UTC; "
                        f"next one allowed from {allowed:%H:%M} UTC (use --force to sync now)",
                    )
            run = uow.sync_log.start(kind, now, now - self.lease)
            if run is None:
                return SyncResult(
                    kind, "skipped", message=f"a {kind} sync is already running", busy=True
                )
            return run

        return self.transactions.write(work)

    def _fetch(
        self, spec: _Kind, gateway: WodifyGateway, first: int, most: int
    ) -> tuple[list[Page[Received[Any]]], GatewayError | None]:
        """Pages ``first``, ``first + 1``... up to ``most`` of them — fewer after the last page
        or once :data:`SAVE_COUNTS_EVERY` has passed — and the error that stopped the fetching
        (at page ``first + len(pages)``), if one did."""
        pages: list[Page[Received[Any]]] = []
        began = self.clock.now()
        for number in range(first, first + most):
            try:
                page = spec.fetch(gateway, number, self.page_size)
            except GatewayError as error:
                return pages, error
            pages.append(page)
            if page.is_last or not (page.items or page.rejected):
                break
            if self.clock.now() - began >= SAVE_COUNTS_EVERY:
                break
        return pages, None

    def _stored_hashes(
        self, spec: _Kind, pages: list[Page[Received[Any]]]
    ) -> dict[str, str | None] | None:
        """The stored hashes of the records on ``pages`` that could be unchanged (``None``: no
        page could be): one narrow statement per page, all in one read transaction."""
        each = [list(hashes) for hashes in map(_hashes, pages) if hashes is not None]
        if not each:
            return None

        def read(uow: MembersUnitOfWork) -> dict[str, str | None]:
            repository = spec.repository(uow)
            found: dict[str, str | None] = {}
            for ids in each:
                found.update(repository.content_hashes(ids))
            return found

        return self.transactions.read(read)

    def _store_page(
        self, run_id: int, spec: _Kind, page: Page[Received[Any]], unsaved: _Unsaved,
        known: dict[str, str | None] | None,
    ) -> tuple[dict[str, int], bool]:  # fmt: skip
        """Store one page: its counts, and whether it took a write transaction. ``known``: the
        stored hashes read for it (and the pages beside it) since the run last wrote, if any."""
        now = self.clock.now()
        received = {r.record_id: r for r in page.items}  # a repeated id: last wins
        hashes = _hashes(page)
        read = None
        if hashes is not None and known is not None:
            read = {key: known[key] for key in hashes if key in known}
        if read is not None and read == hashes:
            counts = dict.fromkeys(COUNTS, 0)
            counts["unchanged"] = len(received)
            unsaved.add(counts)
            if now - unsaved.saved_at >= SAVE_COUNTS_EVERY:
                self._save(run_id, unsaved, now)
            return counts, False

        def work(uow: MembersUnitOfWork, events: Events) -> dict[str, int]:
            repository = spec.repository(uow)
            # Hashes read just before serve as if read here: a copy another process rewrote in
            # between lost its hash (it is compared next time), like one rewritten just after.
            known = read if read is not None else repository.content_hashes(k for k in received if k)
            same = {
                key for key, r in received.items()
                if r.content_hash is not None and known.get(key) == r.content_hash
            }  # fmt: skip
            incoming: dict[str, Any] = {}
            hashes: dict[str, str | None] = {}
            rejected = [(r.raw_id, r.reason) for r in page.rejected]
            for key, r in received.items():
                if key in same:
                    continue
                record = r.mapped()
                if isinstance(record, Rejected):
                    rejected.append((record.raw_id, record.reason))
                    continue
                incoming[spec.key(record)] = record  # a repeated id: last wins
                hashes[spec.key(record)] = r.content_hash
            # Valid records the local table cannot hold are rejected like invalid ones: written,
            # they would fail the whole page.
            misfits = repository.misfits(incoming.values())
            fitting = {key: r for key, r in incoming.items() if key not in misfits}
            stored = repository.get_many(fitting)
            new = [r for key, r in fitting.items() if key not in stored]
            changed = [r for key, r in fitting.items() if key in stored and changed_fields(stored[key], r)]
            repository.add_many(new, now, hashes)
            repository.replace_many(changed, now, hashes)
            written = {spec.key(r) for r in new + changed}
            repository.store_hashes({
                key: content_hash for key, content_hash in hashes.items()
                if key in fitting and key not in written and content_hash is not None
                and known.get(key) != content_hash
            })  # fmt: skip
            rejected += list(misfits.items())
            for record_id, reason in rejected:
                uow.sync_log.record_error(run_id, spec.name, record_id, reason, now)
            counts = {
                "created": len(new),
                "updated": len(changed),
                "unchanged": len(same) + len(fitting) - len(new) - len(changed),
                "errors": len(rejected),
            }
            unsaved.save(uow, run_id, now, counts)  # with the unchanged pages' before it
            if spec.event is not None:
                events.extend(spec.event(r, True) for r in new)
                events.extend(spec.event(r, False) for r in changed)
            return counts

        result = self.transactions.write(work)
        unsaved.saved(now)
        unsaved.hoping = result["unchanged"] > 0
        return result, True

    def _save(self, run_id: int, unsaved: _Unsaved, now: datetime) -> None:
        self.transactions.write(lambda uow, events: unsaved.save(uow, run_id, now))
        unsaved.saved(now)

    def _record_error(
        self, run_id: int, kind: str, record_id: str | None, reason: str, unsaved: _Unsaved
    ) -> None:
        now = self.clock.now()

        def work(uow: MembersUnitOfWork, events: Events) -> None:
            uow.sync_log.record_error(run_id, kind, record_id, reason, now)
            unsaved.save(uow, run_id, now, {"errors": 1})

        self.transactions.write(work)
        unsaved.saved(now)

    def _finish(
        self, run: SyncRun, outcome: str, message: str | None, totals: dict[str, int],
        unsaved: _Unsaved,
    ) -> None:  # fmt: skip
        now = self.clock.now()
        after = {"outcome": outcome, **totals, "message": message}

        def work(uow: MembersUnitOfWork, events: Events) -> None:
            if any(unsaved.counts.values()):
                uow.sync_log.add_counts(run.id, **unsaved.counts)
            uow.sync_log.finish(run.id, outcome, message, now)
            uow.audit.record("wodify_sync", run.id, f"sync_{run.kind}", after=after)

        self.transactions.write(work)
        unsaved.saved(now)


SYNC_EVERY = timedelta(hours=6)


def wodify_jobs(sync: Callable[[], WodifySync]) -> list[Job]:
    """The scheduled WODIFY syncs: members and leads every six hours; off while WODIFY is not
    configured (the rest of studiobook works without it)."""
    missing = sync().not_configured()
    off = None if missing is None else f"WODIFY is not configured ({missing})"

    def job(kind: str) -> Job:
        def run() -> str:
            result = sync().run(kind)
            if result.busy:  # not done: the scheduler tries again at its next tick
                raise JobSkipped(describe(result))
            if result.outcome == "failed":
                raise RuntimeError(result.message)
            return describe(result)

        return Job(f"sync_{kind}", SYNC_EVERY, run, off=off)

    return [job(kind) for kind in KINDS]


def describe(result: SyncResult) -> str:
    """One line for people: what a sync did."""
    if result.skipped:
        return f"{result.kind}: skipped — {result.message}"
    line = (
        f"{result.kind}: {result.outcome} — {result.created} created, {result.updated} updated, "
        f"{result.unchanged} unchanged, {result.errors} error(s)"
    )
    return f"{line}; {result.message}" if result.message else line
