"""The ``ics`` calendar gateway: one host, one event type, busy times from an ICS file or memory.

It implements :class:`studiobook.application.appointments.calendar.CalendarGateway`; :class:`IcsGatewayFactory` is the
``api_key -> gateway`` factory studiobook asks for (like the built-in Cal.com one). Every key
gets its own calendar, kept for the life of the process (memory) or in the file.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from studiobook.application.appointments.calendar import (
    ANY_HOST,
    RemoteBooking,
    RemoteEventType,
    RemoteHost,
    RemoteMember,
)
from studiobook.application.shared.ports import (
    GatewayInvalidRequest,
    GatewayNotConfigured,
    GatewayNotFound,
)

SERVICE = "ICS calendar"
HOST = RemoteHost(user_id=1, username="owner", name="Owner")
EVENT_TYPE = RemoteEventType(
    remote_id=1, title="Consultation", slug="consultation", description="", length_minutes=30,
    slot_interval_minutes=None, minimum_notice_minutes=0, buffer_before_minutes=0,
    buffer_after_minutes=0, price=Decimal("0"), currency="EUR", hidden=False,
    scheduling_type=None, hosts=(HOST,),
)
OPEN_HOURS = (8, 18)  # UTC; enough for an example


class MemoryEvents:
    """The calendar's events, ``(uid, start, end, status)``; an ``IcsFileEvents`` persists them."""

    def __init__(self) -> None:
        self._events: list[tuple[str, datetime, datetime, str]] = []

    def load(self) -> list[tuple[str, datetime, datetime, str]]:
        return list(self._events)

    def save(self, events: list[tuple[str, datetime, datetime, str]]) -> None:
        self._events = list(events)


class IcsFileEvents:
    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self):
        from studiobook_ics_calendar.ics import read_events

        return read_events(self.path)

    def save(self, events) -> None:
        from studiobook_ics_calendar.ics import write_events

        write_events(self.path, events)


class IcsCalendarGateway:
    def __init__(self, events, lock: threading.Lock) -> None:
        self.events, self._lock = events, lock

    def team_event_types(self, team_id) -> list[RemoteEventType]:
        return [EVENT_TYPE]

    def team_members(self, team_id) -> list[RemoteMember]:
        return [RemoteMember(1, HOST.user_id, "OWNER", "owner@example.com", HOST.username, HOST.name)]

    def free_slots(self, event_type_id, start: datetime, end: datetime, time_zone: str = "UTC",
                   usernames: Sequence[str] | None = None) -> dict[str, list[datetime]]:
        free = self._free(start, end) if event_type_id == EVENT_TYPE.remote_id else []
        if usernames is None:
            return {ANY_HOST: free}
        return {name: (free if name == HOST.username else []) for name in usernames}

    def create_booking(self, event_type_id, start: datetime, *, name: str, email: str,
                       time_zone: str) -> RemoteBooking:
        with self._lock:
            if start not in self._free(start, start + timedelta(minutes=EVENT_TYPE.length_minutes)):
                raise GatewayInvalidRequest(409, f"{start.isoformat()} is not free", SERVICE)
            uid = uuid.uuid4().hex
            end = start + timedelta(minutes=EVENT_TYPE.length_minutes)
            self.events.save([*self.events.load(), (uid, start, end, "CONFIRMED")])
        return RemoteBooking(uid, uid, "accepted", start, end, (HOST,))

    def cancel_booking(self, uid: str, reason: str) -> RemoteBooking:
        with self._lock:
            events = self.events.load()
            found = next((e for e in events if e[0] == uid), None)
            if found is None:
                raise GatewayNotFound(404, f"no booking {uid}", SERVICE)
            cancelled = (uid, found[1], found[2], "CANCELLED")
            self.events.save([cancelled if e[0] == uid else e for e in events])
        return RemoteBooking(uid, uid, "cancelled", found[1], found[2], (HOST,))

    def close(self) -> None:
        """Nothing to release: the events stay with the factory."""

    def _free(self, start: datetime, end: datetime) -> list[datetime]:
        length = timedelta(minutes=EVENT_TYPE.length_minutes)
        busy = [(s, e) for _, s, e, status in self.events.load() if status != "CANCELLED"]
        slot = start.replace(minute=0, second=0, microsecond=0)
        free = []
        while slot + length <= end:
            closing = slot.replace(hour=OPEN_HOURS[1], minute=0)
            opening = OPEN_HOURS[0] <= slot.hour and slot + length <= closing
            if slot >= start and opening and all(slot + length <= s or slot >= e for s, e in busy):
                free.append(slot)
            slot += length
        return free


class IcsGatewayFactory:
    """A :class:`~application.appointments.calendar.CalendarGatewayFactory`. With ``path``, all accounts
    share that ICS file; without, each API key has its own calendar in memory."""

    def __init__(self, path: str | None = None) -> None:
        self.path = Path(path) if path else None
        self._calendars: dict[str, MemoryEvents] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"IcsGatewayFactory(path={str(self.path) if self.path else None!r})"

    def __call__(self, api_key: str) -> IcsCalendarGateway:
        if not isinstance(api_key, str) or not api_key.strip():
            raise GatewayNotConfigured(None, "the company has no calendar key", SERVICE)
        if self.path is not None:
            return IcsCalendarGateway(IcsFileEvents(self.path), self._lock)
        events = self._calendars.setdefault(api_key.strip(), MemoryEvents())
        return IcsCalendarGateway(events, self._lock)
