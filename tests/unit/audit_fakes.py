"""The fakes of tests/fakes.py plus the local copies of members and leads and the sync log, so the
membership and sync use-cases run on the fake store (WODIFY itself is the real fake server)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from studiobook.application.members.ports import SyncRun
from tests.fakes import FakeStore, FakeUnitOfWork, State, _Repo


@dataclass
class CopiesState(State):
    members: dict = field(default_factory=dict)
    leads: dict = field(default_factory=dict)
    sync_runs: dict[int, SyncRun] = field(default_factory=dict)


class FakeCopies(_Repo):
    def __init__(self, uow, kind: str, key: str) -> None:
        super().__init__(uow)
        self.kind, self.key = kind, key

    @property
    def _rows(self) -> dict:
        return getattr(self._state, self.kind)

    def get(self, record_id):
        return self._rows.get(record_id)

    def get_many(self, record_ids):
        return {i: self._rows[i] for i in record_ids if i in self._rows}

    def misfits(self, records) -> dict:
        return {}

    def content_hashes(self, record_ids) -> dict:
        return {}  # no hashes kept: every record is compared, as before they were

    def add_many(self, records, stored_at, hashes=None) -> None:
        self._rows.update({getattr(r, self.key): r for r in records})

    replace_many = add_many

    def store_hashes(self, hashes) -> None:
        pass


class FakeSyncLog(_Repo):
    @property
    def _runs(self) -> dict[int, SyncRun]:
        return self._state.sync_runs

    def start(self, kind, now, alive_since):
        run = SyncRun(self._new_id(), kind, now, None, "running", 0, 0, 0, 0, None)
        self._runs[run.id] = run
        return run

    def heartbeat(self, run_id, now) -> None:
        self._runs[run_id] = replace(self._runs[run_id], heartbeat_at=now)

    def last(self, kind, outcomes=None):
        runs = [r for r in self._runs.values() if r.kind == kind and (outcomes is None or r.outcome in outcomes)]
        return max(runs, key=lambda r: r.id, default=None)

    def add_counts(self, run_id, created, updated, unchanged, errors) -> None:
        run = self._runs[run_id]
        self._runs[run_id] = replace(
            run,
            created=run.created + created,
            updated=run.updated + updated,
            unchanged=run.unchanged + unchanged,
            errors=run.errors + errors,
        )

    def finish(self, run_id, outcome, message, now):
        self._runs[run_id] = replace(self._runs[run_id], outcome=outcome, message=message, finished_at=now)
        return self._runs[run_id]

    def record_error(self, run_id, kind, record_id, reason, now) -> None:
        pass


class CopiesUnitOfWork(FakeUnitOfWork):
    def __enter__(self) -> CopiesUnitOfWork:
        super().__enter__()
        self.members = FakeCopies(self, "members", "client_id")
        self.leads = FakeCopies(self, "leads", "lead_id")
        self.sync_log = FakeSyncLog(self)
        return self


@dataclass
class CopiesStore(FakeStore):
    state: CopiesState = field(default_factory=CopiesState)

    def unit_of_work(self, *, for_writing: bool = False) -> CopiesUnitOfWork:
        return CopiesUnitOfWork(self.state, for_writing, on_commit=self._count_commit)
