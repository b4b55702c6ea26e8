"""System counts and WODIFY health for the admin dashboard and ``GET /admin/stats``.

Counting is a port (:class:`SystemCounts`) because it is one ``COUNT`` query per kind in the
store — loading rows to count them would grow with the studio. The WODIFY health comes from the
same status use-case the CLI shows, so the two never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from studiobook.application.members.wodify_sync import WodifySync

COUNTED = (
    "courses", "bookings", "members", "leads", "companies", "staff", "event_types", "appointments",
)


class SystemCounts(Protocol):
    def counts(self) -> Mapping[str, int]:
        """Rows of each kind in :data:`COUNTED` (every status), one query per kind."""


@dataclass(frozen=True)
class Stats:
    counts: Mapping[str, int]
    wodify_health: str  # healthy | not_configured | error | not_checked
    wodify_reason: str | None

    @property
    def wodify_configured(self) -> bool:
        return self.wodify_health != "not_configured"


@dataclass
class SystemStats:
    counter: SystemCounts
    wodify_sync: Callable[[], WodifySync]

    def collect(self, check_health: bool = True) -> Stats:
        """``check_health=False``: no call to WODIFY (health "not_checked"), for a page that asks
        for the status anyway."""
        found = self.counter.counts()
        status = self.wodify_sync().status(check_health=check_health)
        return Stats({kind: int(found[kind]) for kind in COUNTED}, status.health, status.health_reason)
