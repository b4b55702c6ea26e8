"""What the job runner needs from a store: each job's persisted last run and its lease."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class JobRun:
    """The persisted state of a job: its last run and, while running, who holds the lease."""

    name: str
    last_started_at: datetime | None
    last_finished_at: datetime | None
    last_outcome: str | None  # "ok" | "failed"
    last_message: str | None
    lease_owner: str | None
    lease_expires_at: datetime | None


class JobRuns(Protocol):
    def claim(self, name: str, owner: str, now: datetime, due_before: datetime, lease_until: datetime) -> bool:
        """Atomically take the lease if the job is due (never run, or last started at or before
        ``due_before``) and nobody holds an unexpired lease; ``True`` when this owner got it."""

    def finish(self, name: str, owner: str, started_at: datetime, finished_at: datetime, outcome: str, message: str) -> None:
        """Record the run and release the lease (only if ``owner`` still holds it)."""

    def all(self) -> list[JobRun]: ...
