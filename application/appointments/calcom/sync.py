"""Pulling event types (with their hosts) and team members from Cal.com, per company.

Each company has its own key and team, so each gets its own gateway, and one company's failure
(Cal.com refusing the key, an outage after the retries, a key this process cannot decrypt) is
that company's result, recorded in the audit log — the next company is synced all the same.
Cal.com is read first, outside any transaction; the local changes of one company are then one
transaction, under the company's lock, so a sync that fails half-way writes nothing and two
syncs at once cannot interleave. A completed sync is stored with the company, so the hourly
limit holds across processes; ``force`` ignores it. What changed is in :mod:`calcom_changes`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from studiobook.application.appointments.calcom.changes import Tally, apply_event_types, apply_team
from studiobook.application.appointments.calcom.connection import (
    SERVICE,
    CalcomLink,
    calcom_link,
    open_gateway,
)
from studiobook.application.appointments.calendar import (
    CalendarGateway,
    CalendarGatewayFactory,
    RemoteEventType,
    RemoteMember,
)
from studiobook.application.appointments.ports import AppointmentsUnitOfWork
from studiobook.application.appointments.tenancy import availability_changed
from studiobook.application.jobs.runner import Job
from studiobook.application.shared.ports import (
    Clock,
    GatewayError,
    GatewayNotConfigured,
    Secrets,
    SecretUnavailable,
)
from studiobook.application.shared.transactions import Transactions
from studiobook.domain.appointments.values import Id
from studiobook.domain.shared.ids import saved_id

EVENT_TYPES, TEAM = "event_types", "team"
MIN_INTERVAL = timedelta(hours=1)
# The hourly job starts a little more than an hour after the last one began, while the sync
# stamps the instant it started; the job therefore only skips syncs younger than this.
JOB_INTERVAL = timedelta(hours=1)
JOB_FRESH_WITHIN = timedelta(minutes=50)

Progress = Callable[[int, int], None]  # (companies done, companies in total)


@dataclass(frozen=True)
class CalcomSyncResult:
    company_id: Id
    kind: str  # "event_types" | "team"
    outcome: str  # ok | partial (some records refused) | failed | skipped
    created: int = 0
    updated: int = 0
    deactivated: int = 0
    unchanged: int = 0
    assignments: int = 0
    errors: tuple[str, ...] = ()
    unmatched: tuple[str, ...] = ()  # Cal.com users that match no staff member
    message: str | None = None

    @property
    def failed(self) -> bool:
        return self.outcome == "failed"


@dataclass(frozen=True)
class _Fetched:
    """What was read from Cal.com for one sync (a team sync reads no event types)."""

    event_types: Sequence[RemoteEventType]
    members: Sequence[RemoteMember]


@dataclass
class CalcomSync:
    transactions: Transactions
    clock: Clock
    secrets: Secrets
    gateways: CalendarGatewayFactory

    def sync_event_types(
        self,
        company_id: Id | None = None,
        force: bool = False,
        progress: Progress | None = None,
        fresh_within: timedelta = MIN_INTERVAL,
    ) -> list[CalcomSyncResult]:
        """One company, or every connected one (``None``); a result each, in id order."""
        ids = [company_id] if company_id is not None else self.transactions.read(
            lambda uow: uow.calcom.connected()
        )
        results = []
        for done, one in enumerate(ids, start=1):
            try:
                results.append(self._sync(one, EVENT_TYPES, force, fresh_within))
            except GatewayNotConfigured as error:
                if company_id is not None:
                    raise  # asked for by name: say so, there is nothing to record
                # disconnected since the listing: nothing to sync, and nothing failed
                results.append(CalcomSyncResult(one, EVENT_TYPES, "skipped", message=str(error)))
            if progress is not None:
                progress(done, len(ids))
        return results

    def sync_team_members(self, company_id: Id, force: bool = False) -> CalcomSyncResult:
        return self._sync(company_id, TEAM, force, MIN_INTERVAL)

    # -- one company -----------------------------------------------------------------------
    def _sync(self, company_id: Id, kind: str, force: bool, fresh_within: timedelta) -> CalcomSyncResult:
        now = self.clock.now()
        link = self.transactions.read(lambda uow: calcom_link(uow, company_id, kind))
        if not force and link.synced_at is not None and _fresh(link.synced_at, now, fresh_within):
            return _skipped(company_id, kind, link.synced_at, fresh_within)
        try:
            fetched = self._fetch(link, kind)
            return self.transactions.write(
                lambda uow, events: self._apply(uow, link, kind, fetched, now, force, fresh_within)
            )
        except (GatewayError, SecretUnavailable) as error:
            return self._failed(company_id, kind, error)

    def _fetch(self, link: CalcomLink, kind: str) -> _Fetched:
        gateway: CalendarGateway = open_gateway(link, self.secrets, self.gateways)
        try:
            members = gateway.team_members(link.team_id)
            if kind == TEAM:
                return _Fetched((), members)
            return _Fetched(gateway.team_event_types(link.team_id), members)
        finally:
            gateway.close()

    def _apply(
        self,
        uow: AppointmentsUnitOfWork,
        link: CalcomLink,
        kind: str,
        fetched: _Fetched,
        now: datetime,
        force: bool,
        fresh_within: timedelta,
    ) -> CalcomSyncResult:
        company_id = saved_id(link.company)
        current = calcom_link(uow, company_id, kind, for_update=True)  # serialises syncs
        if current.team_id != link.team_id:
            raise GatewayError(None, "the company was connected to another team meanwhile", SERVICE)
        if not force and current.synced_at is not None and _fresh(current.synced_at, now, fresh_within):
            return _skipped(company_id, kind, current.synced_at, fresh_within)  # another process
        if kind == TEAM:
            tally = apply_team(uow, current.company, fetched.members)
        else:
            tally = apply_event_types(uow, company_id, fetched.event_types, fetched.members, now)
        uow.calcom.mark_synced(company_id, kind, now)
        result = _result(company_id, kind, tally)
        if tally.changes or tally.errors:
            uow.audit.record("calcom_sync", company_id, f"sync_{kind}", after=_summary(result),
                             company_id=company_id)
        if tally.changes:
            availability_changed(uow, company_id)
        return result

    def _failed(self, company_id: Id, kind: str, error: Exception) -> CalcomSyncResult:
        # Returned and recorded, not logged: the caller shows it once (the CLI's Error: line).
        message = str(error)
        result = CalcomSyncResult(company_id, kind, "failed", errors=(message,), message=message)
        self.transactions.write(
            lambda uow, events: uow.audit.record(
                "calcom_sync", company_id, f"sync_{kind}", after=_summary(result),
                company_id=company_id,
            )
        )
        return result


def _fresh(synced_at: datetime, now: datetime, within: timedelta) -> bool:
    return now - synced_at < within


def _skipped(company_id: Id, kind: str, synced_at: datetime, within: timedelta) -> CalcomSyncResult:
    allowed = synced_at + within
    return CalcomSyncResult(
        company_id, kind, "skipped",
        message=f"last {kind.replace('_', ' ')} sync at "
        f"{synced_at:%Y-%m-%d %H:%M} UTC; next one allowed from {allowed:%H:%M} UTC "
        "(use --force to sync now)",
    )


def _result(company_id: Id, kind: str, tally: Tally) -> CalcomSyncResult:
    outcome = "partial" if tally.errors else "ok"
    message = f"{len(tally.errors)} record(s) refused" if tally.errors else None
    return CalcomSyncResult(
        company_id, kind, outcome, tally.created, tally.updated, tally.deactivated,
        tally.unchanged, tally.assignments, tuple(tally.errors), tuple(tally.unmatched), message,
    )


def _summary(result: CalcomSyncResult) -> dict[str, object]:
    return {
        "outcome": result.outcome, "created": result.created, "updated": result.updated,
        "deactivated": result.deactivated, "unchanged": result.unchanged,
        "assignments": result.assignments, "errors": list(result.errors),
    }


def describe(result: CalcomSyncResult) -> str:
    """One line for people: what a sync of one company did."""
    head = f"company {result.company_id} {result.kind.replace('_', ' ')}: {result.outcome} — "
    if result.outcome in ("skipped", "failed"):
        return head + str(result.message)
    line = head + (
        f"{result.created} created, {result.updated} updated, {result.deactivated} deactivated, "
        f"{result.unchanged} unchanged"
    )
    if result.kind == EVENT_TYPES:
        line += f", {result.assignments} assignment(s) made"
    if result.unmatched:
        line += f"; no staff member for {', '.join(result.unmatched)}"
    return f"{line}; {'; '.join(result.errors)}" if result.errors else line


def calcom_jobs(sync: Callable[[], CalcomSync]) -> list[Job]:
    """Event types of every connected company, hourly; failed companies fail the run (the
    others are synced all the same)."""

    def run() -> str:
        results = sync().sync_event_types(fresh_within=JOB_FRESH_WITHIN)
        failed = [f"company {r.company_id}: {r.message}" for r in results if r.failed]
        if failed:
            raise RuntimeError("; ".join(failed))
        return "; ".join(describe(r) for r in results) or "no company is connected to Cal.com"

    return [Job("sync_calcom_event_types", JOB_INTERVAL, run)]
