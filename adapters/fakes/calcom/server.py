"""A fake Cal.com API v2 (SPEC 3.2) over real HTTP on 127.0.0.1, for tests, benches and demos.

    with FakeCalcom() as fake:                      # the demo salon team, DEMO_TEAM_ID
        client = CalcomClient(fake.url, fake.api_key)

It checks ``Authorization: Bearer <key>`` (401) and the ``cal-api-version`` of each endpoint
(400), computes ``/slots`` from each user's weekly schedule and bookings
(:mod:`studiobook.adapters.fakes.calcom.slots`), and takes bookings that then leave ``/slots``.
Tests change the data (:meth:`FakeCalcom.add_event_type`, :meth:`FakeCalcom.remove_member`, ...)
and inject faults at run time (:meth:`FakeCalcom.fail_next`, :meth:`FakeCalcom.slow_next`, ...);
every request is recorded in :attr:`FakeCalcom.requests` (never its key). The HTTP plumbing is
:class:`~studiobook.adapters.fakes.http.LoopbackServer`'s.
"""

from __future__ import annotations

import json
import random
import secrets
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from studiobook.adapters.fakes.calcom.data import (
    BOOKING_IDS_FROM,
    DEMO_TEAM_ID,
    DEMO_TIME_ZONE,
    EVENT_TYPE_IDS_FROM,
    MEMBERSHIP_IDS_FROM,
    OFFICE_HOURS,
    SALON_EVENT_TYPES,
    SALON_MEMBERS,
    SALON_NAME,
    USER_IDS_FROM,
    Schedule,
    booking_uid,
    generated_members,
)
from studiobook.adapters.fakes.calcom.routes import dispatch
from studiobook.adapters.fakes.calcom.slots import Shape, combine, user_starts
from studiobook.adapters.fakes.http import Answer, LoopbackServer, Rejection, dumps, json_object
from studiobook.domain.appointments import slugify

BASE_PATH = "/v2"
VERSION_HEADER = "cal-api-version"  # each endpoint wants its own (400 otherwise)
DEFAULT_NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
# What a response cut off mid-stream looks like: valid start, no end.
MALFORMED_BODY = b'{"status": "success", "data": [{"id": 801, "title": "Herren'
MISSING = object()  # for corrupt_event_type: drop the field from the answer
_CODES = {400: "BadRequestException", 401: "UnauthorizedException", 403: "ForbiddenException",
          404: "NotFoundException", 429: "ThrottlerException"}


class FakeCalcom(LoopbackServer):
    """State: ``users``, ``teams``, ``memberships``, ``event_types`` and ``bookings`` by id (uid
    for bookings), plus ``blocks`` (busy time from connected calendars). Helpers: add_team,
    add_user, add_member, remove_member, change_user, set_schedule, block, add_event_type,
    change_event_type, corrupt_event_type, remove_event_type, event_type_json, booking, set_now;
    faults: fail_next, rate_limit_next, slow_next, malformed_next, clear_faults; count()."""

    methods = ("GET", "POST")
    version_header = VERSION_HEADER
    malformed_body = MALFORMED_BODY

    def __init__(
        self,
        *,
        demo: bool = True,
        extra_members: int = 0,
        seed: int = 42,
        api_key: str | None = None,
        now: datetime | Callable[[], datetime] = DEFAULT_NOW,
    ) -> None:
        """``demo``: the salon team (:data:`DEMO_TEAM_ID`); ``extra_members``: that many more
        generated members in it (for paging). ``now`` is fixed unless a clock is given."""
        super().__init__("fake-calcom", BASE_PATH)
        self.api_key = api_key or f"cal_test_{secrets.token_hex(16)}"
        self._now = now if callable(now) else (lambda: now)
        self._rng = random.Random(seed)
        self.users: dict[int, dict[str, Any]] = {}
        self.teams: dict[int, dict[str, Any]] = {}
        self.memberships: dict[int, dict[str, Any]] = {}
        self.event_types: dict[int, dict[str, Any]] = {}
        self.bookings: dict[str, dict[str, Any]] = {}
        self.blocks: dict[int, list[tuple[datetime, datetime]]] = {}
        if demo:
            self._seed_salon(extra_members, seed)

    def __repr__(self) -> str:
        return f"FakeCalcom(url={self.url if self.running else None!r}, teams={list(self.teams)})"

    @property
    def now(self) -> datetime:
        return self._now()

    def set_now(self, moment: datetime) -> None:
        self._now = lambda: moment

    def _seed_salon(self, extra_members: int, seed: int) -> None:
        team = self.add_team(SALON_NAME, DEMO_TEAM_ID)
        people = [*SALON_MEMBERS, *generated_members(extra_members, seed)]
        for person in people:
            self.add_member(team, person.username, person.role, name=person.name,
                            email=person.email, time_zone=person.time_zone,
                            schedule=person.schedule)
        for service in SALON_EVENT_TYPES:
            self.add_event_type(
                team, service.title, service.length, service.hosts, price=service.price,
                slotInterval=service.interval, beforeEventBuffer=service.before,
                afterEventBuffer=service.after, minimumBookingNotice=service.notice,
                description=service.description, hidden=service.hidden,
                schedulingType=service.scheduling,
            )

    # -- people and teams --------------------------------------------------------------------
    def add_team(self, name: str, team_id: int | None = None) -> int:
        with self.lock:
            team_id = team_id or max(self.teams, default=DEMO_TEAM_ID - 1) + 1
            self.teams[team_id] = {"id": team_id, "name": name, "slug": slugify(name)}
            return team_id

    def add_user(
        self,
        username: str,
        *,
        name: str | None = None,
        email: str | None = None,
        time_zone: str = DEMO_TIME_ZONE,
        schedule: Schedule = OFFICE_HOURS,
    ) -> int:
        with self.lock:
            if any(u["username"] == username for u in self.users.values()):
                raise ValueError(f"username {username} is taken")
            user_id = max(self.users, default=USER_IDS_FROM - 1) + 1
            self.users[user_id] = {
                "id": user_id,
                "username": username,
                "email": email or f"{username}@example.com",
                "name": name,
                "timeZone": time_zone,
                "schedule": dict(schedule),
            }
            return user_id

    def user_id(self, username: str) -> int:
        for user in self.users.values():
            if user["username"] == username:
                found: int = user["id"]
                return found
        raise Rejection(400, f"User with username {username} not found")

    def change_user(self, username: str, **fields: Any) -> None:
        """Change ``name``, ``email``, ``username``, ``timeZone`` or ``schedule`` as is."""
        with self.lock:
            self.users[self.user_id(username)].update(fields)

    def set_schedule(self, username: str, schedule: Schedule) -> None:
        self.change_user(username, schedule=dict(schedule))

    def block(self, username: str, start: datetime, end: datetime) -> None:
        """Busy time from a calendar the user connected to Cal.com (no booking behind it)."""
        with self.lock:
            self.blocks.setdefault(self.user_id(username), []).append((start, end))

    def add_member(
        self, team_id: int, username: str, role: str = "MEMBER", **user_fields: Any
    ) -> dict[str, Any]:
        """Add ``username`` to the team, creating the user (``user_fields``) if new."""
        with self.lock:
            try:
                user_id = self.user_id(username)
            except Rejection:
                user_id = self.add_user(username, **user_fields)
            membership_id = max(self.memberships, default=MEMBERSHIP_IDS_FROM - 1) + 1
            row = {"id": membership_id, "userId": user_id, "teamId": team_id, "role": role,
                   "accepted": True}
            self.memberships[membership_id] = row
            return self.membership_json(row)

    def remove_member(self, team_id: int, username: str) -> None:
        with self.lock:
            user_id = self.user_id(username)
            for key, row in list(self.memberships.items()):
                if row["teamId"] == team_id and row["userId"] == user_id:
                    del self.memberships[key]

    def member_usernames(self, team_id: int) -> list[str]:
        with self.lock:
            return [self.users[m["userId"]]["username"] for m in self.memberships.values()
                    if m["teamId"] == team_id]

    def membership_json(self, row: Mapping[str, Any]) -> dict[str, Any]:
        user = self.users[row["userId"]]
        return {**row, "user": {k: user[k] for k in ("email", "username", "name")}}

    # -- event types -------------------------------------------------------------------------
    def add_event_type(
        self, team_id: int, title: str, length: int, hosts: tuple[str, ...] = (), **fields: Any
    ) -> dict[str, Any]:
        """A team event type; ``fields`` are wire fields (``price``, ``slotInterval``, ...)."""
        with self.lock:
            event_type_id = max(self.event_types, default=EVENT_TYPE_IDS_FROM - 1) + 1
            self.event_types[event_type_id] = {
                "id": event_type_id, "teamId": team_id, "title": title, "slug": slugify(title),
                "description": "", "lengthInMinutes": length, "slotInterval": None,
                "minimumBookingNotice": 0, "beforeEventBuffer": 0, "afterEventBuffer": 0,
                "price": Decimal("0.00"), "currency": "EUR", "hidden": False,
                "schedulingType": "ROUND_ROBIN", **fields,
                "hostIds": [self.user_id(name) for name in hosts], "raw": {},
            }
            return self.event_type_json(event_type_id)

    def change_event_type(
        self, event_type_id: int, hosts: tuple[str, ...] | None = None, **fields: Any
    ) -> dict[str, Any]:
        with self.lock:
            record = self.event_types[event_type_id]
            record.update(fields)
            if hosts is not None:
                record["hostIds"] = [self.user_id(name) for name in hosts]
            return self.event_type_json(event_type_id)

    def corrupt_event_type(self, event_type_id: int, **wire: Any) -> dict[str, Any]:
        """Plant invalid data in the answer only (``MISSING`` drops a field); slots and
        bookings keep using the real values."""
        with self.lock:
            self.event_types[event_type_id]["raw"].update(wire)
            return self.event_type_json(event_type_id)

    def remove_event_type(self, event_type_id: int) -> None:
        with self.lock:
            del self.event_types[event_type_id]

    def event_type_json(self, event_type_id: int) -> dict[str, Any]:
        record = self.event_types[event_type_id]
        shown = {k: v for k, v in record.items() if k not in ("hostIds", "raw")}
        shown["hosts"] = [
            {"userId": i, "username": self.users[i]["username"], "name": self.users[i]["name"]}
            for i in record["hostIds"]
        ]
        for key, value in record["raw"].items():
            if value is MISSING:
                shown.pop(key, None)
            else:
                shown[key] = value
        answer: dict[str, Any] = json.loads(dumps(shown))
        return answer

    def host_ids(self, event_type_id: int) -> list[int]:
        return list(self.event_types[event_type_id]["hostIds"])

    # -- slots and bookings ------------------------------------------------------------------
    def free_starts(
        self, event_type_id: int, host_ids: list[int], start: datetime, end: datetime
    ) -> set[datetime]:
        record = self.event_types[event_type_id]
        shape = Shape(
            record["lengthInMinutes"], record["slotInterval"], record["beforeEventBuffer"],
            record["afterEventBuffer"], record["minimumBookingNotice"],
        )
        per_host = [
            user_starts(
                self.users[i]["schedule"], ZoneInfo(self.users[i]["timeZone"]), shape,
                self._busy(i), start, end, self.now,
            )
            for i in host_ids
        ]
        return combine(per_host, record["schedulingType"] == "COLLECTIVE")

    def _busy(self, user_id: int) -> list[tuple[datetime, datetime]]:
        booked = [b["blocks"] for b in self.bookings.values()
                  if b["status"] != "cancelled" and user_id in b["hostIds"]]
        return booked + self.blocks.get(user_id, [])

    def hosts_free_at(self, event_type_id: int, start: datetime) -> list[int]:
        """Who gets a booking at ``start``: the first free host (round robin), every host
        (collective, all free), or nobody."""
        hosts = self.host_ids(event_type_id)
        window = (start, start + timedelta(seconds=1))
        free = [i for i in hosts if self.free_starts(event_type_id, [i], *window)]
        if self.event_types[event_type_id]["schedulingType"] == "COLLECTIVE":
            return hosts if hosts and free == hosts else []
        return free[:1]

    def add_booking(
        self, event_type_id: int, start: datetime, host_ids: list[int], attendee: dict[str, Any]
    ) -> dict[str, Any]:
        """A booking blocks its hosts from ``start - before`` to ``end + after``."""
        kind = self.event_types[event_type_id]
        end = start + timedelta(minutes=kind["lengthInMinutes"])
        blocks = (start - timedelta(minutes=kind["beforeEventBuffer"]),
                  end + timedelta(minutes=kind["afterEventBuffer"]))
        booking_id = BOOKING_IDS_FROM + len(self.bookings)
        record: dict[str, Any] = {
            "id": booking_id, "uid": booking_uid(self._rng), "status": "accepted",
            "start": start, "end": end, "blocks": blocks, "eventTypeId": event_type_id,
            "hostIds": list(host_ids), "attendee": attendee, "cancellationReason": None,
        }
        self.bookings[record["uid"]] = record
        return record

    def booking_json(self, uid: str) -> dict[str, Any]:
        record = self.bookings[uid]
        return {
            "id": record["id"], "uid": uid, "status": record["status"],
            "start": _stamp(record["start"]), "end": _stamp(record["end"]),
            "eventTypeId": record["eventTypeId"],
            "hosts": [{"id": i, **{k: self.users[i][k]
                                   for k in ("name", "email", "username", "timeZone")}}
                      for i in record["hostIds"]],
            "attendees": [record["attendee"]],
            "cancellationReason": record["cancellationReason"],
        }

    def booking(self, uid: str) -> dict[str, Any]:
        with self.lock:
            return self.booking_json(uid)

    # -- one request -------------------------------------------------------------------------
    def admit(self, query: dict[str, str], headers: Mapping[str, str]) -> None:
        if headers.get("authorization") != f"Bearer {self.api_key}":
            raise Rejection(401, "Invalid Access Token.")

    def route(
        self, method: str, path: str, query: dict[str, str], headers: Mapping[str, str], raw: bytes
    ) -> Answer:
        version = headers.get(VERSION_HEADER)
        status, data = dispatch(self, method, path, version, query, json_object(raw, 400))
        return Answer(status, dumps({"status": "success", "data": data}))

    def error(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> Answer:
        code = _CODES.get(status, "InternalServerErrorException" if status >= 500 else "Error")
        body = {"status": "error", "error": {"code": code, "message": message}}
        return Answer(status, dumps(body), dict(headers or {}))


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


__all__ = ("BASE_PATH", "DEFAULT_NOW", "FakeCalcom", "MALFORMED_BODY", "MISSING")
