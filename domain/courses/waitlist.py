"""The waitlist of a full course and who moves up when seats free."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from studiobook.domain.shared.customers import Customer
from studiobook.domain.shared.errors import InvalidWaitlistChange


class WaitlistStatus(StrEnum):
    WAITING = "waiting"
    PROMOTED = "promoted"
    LEFT = "left"


@dataclass
class WaitlistEntry:
    course_id: int
    customer: Customer
    tickets: int
    created_at: datetime
    status: WaitlistStatus = WaitlistStatus.WAITING
    booking_id: int | None = None  # the booking it became once promoted
    id: int | None = None
    # The language the customer asked in ("de" | "en"), for telling them when they move up;
    # None when the studio queued them.
    language: str | None = None

    def leave(self) -> None:
        if self.status is not WaitlistStatus.WAITING:
            raise InvalidWaitlistChange(
                f"waitlist entry {self.id} is {self.status.value}; only a waiting entry can leave"
            )
        self.status = WaitlistStatus.LEFT


def entries_to_promote(
    waiting: Iterable[WaitlistEntry], free: int | None
) -> list[WaitlistEntry]:
    """Walk the list in order and take every entry that still fits ("first that fits").

    A party of three at the head does not block a single person behind it when only one seat
    freed; the party keeps its place for the next opening.
    """
    chosen: list[WaitlistEntry] = []
    for entry in waiting:
        if entry.status is not WaitlistStatus.WAITING:
            continue
        if free is not None and entry.tickets > free:
            continue
        chosen.append(entry)
        if free is not None:
            free -= entry.tickets
            if free == 0:
                break
    return chosen
