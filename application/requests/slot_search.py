"""Finding the slots a request asks for: in the day (or days) and window said, else the first
day with slots in that window, else the next free slot after it; for the wished staff, or
everyone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from studiobook.application.requests.request_answer import last_day
from studiobook.domain.appointments import Slot
from studiobook.domain.appointments.values import Id
from studiobook.domain.requests import ServiceEntry, day_window, starts_within

if TYPE_CHECKING:
    from studiobook.application.requests.answering import Answering

SEARCH_DAYS = 14  # a time of day without a day: the first matching day within this many days
MAX_RANGE_DAYS = 31  # a range of days is searched at most this far


@dataclass(frozen=True)
class Found:
    """What a search found: ``kind`` and its slots."""

    kind: str  # slots | next_slot | none
    slots: tuple[Slot, ...]
    in_window: bool  # False: the window had nothing, these come after it


def search(c: Answering, service: ServiceEntry) -> Found:
    r = c.request
    final = last_day(r)
    if r.date is not None:
        start, end = day_window(r, r.date, c.zone)
        if final is not None:
            final = min(final, r.date + timedelta(days=MAX_RANGE_DAYS))
            end = day_window(r, final, c.zone)[1]
            slots = tuple(s for s in slots_between(c, service, start, end)
                          if starts_within(r, s.start, c.zone))
        else:
            slots = slots_between(c, service, start, end)
    elif r.has_window:
        start = c.now
        everything = slots_between(c, service, start, start + timedelta(days=SEARCH_DAYS))
        slots = _first_day([s for s in everything if starts_within(r, s.start, c.zone)],
                           c.zone)
    else:
        start, slots = c.now, ()
    if slots:
        return Found("next_slot" if r.asap else "slots", slots[:1] if r.asap else slots, True)
    following = next_free(c, service, max(start, c.now))
    if following is None:
        return Found("none", (), r.has_window)
    return Found("next_slot", (following,), not r.has_window)


def slots_between(
    c: Answering, service: ServiceEntry, start: datetime, end: datetime
) -> tuple[Slot, ...]:
    """The free slots in ``[start, end)``: with the one wished staff member, or of several
    wished (each slot listing only them), or of everyone."""
    if end <= c.now:
        return ()
    ids = [m.id for m in c.wish]
    answer = c.uc.availability.slots(
        c.company_id, service.id, start, end,
        staff_id=ids[0] if len(ids) == 1 else None, now=c.now,
    )
    return _only(answer.slots, ids) if len(ids) > 1 else answer.slots


def next_free(c: Answering, service: ServiceEntry, after: datetime) -> Slot | None:
    """The first free slot after ``after`` with any of the wished staff (or anyone)."""
    ids: list[Id | None] = [m.id for m in c.wish] or [None]
    found = [
        slot for staff_id in ids
        if (slot := c.uc.availability.next_slot(
            c.company_id, service.id, staff_id=staff_id, after=after, now=c.now
        ).slot) is not None
    ]
    if not found:
        return None
    first = min(s.start for s in found)
    same = [s for s in found if s.start == first]
    return replace(same[0], staff_ids=tuple(i for s in same for i in s.staff_ids))


def _only(slots: Sequence[Slot], staff_ids: Sequence[Id]) -> tuple[Slot, ...]:
    """The slots at least one of ``staff_ids`` is free for, each listing only those."""
    kept = []
    for slot in slots:
        free = tuple(i for i in slot.staff_ids if i in staff_ids)
        if free:
            kept.append(replace(slot, staff_ids=free))
    return tuple(kept)


def _first_day(slots: list[Slot], zone: ZoneInfo) -> tuple[Slot, ...]:
    if not slots:
        return ()
    day = slots[0].start.astimezone(zone).date()
    return tuple(s for s in slots if s.start.astimezone(zone).date() == day)
