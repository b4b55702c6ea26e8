"""The endpoints of the fake Cal.com (SPEC 3.2): input checks, state changes, JSON data.

Each route gets the :class:`~studiobook.adapters.fakes.calcom.server.FakeCalcom` (already
locked), the query and the parsed body and the path ids, and returns ``(status, data)`` — the
server wraps ``data`` in ``{"status": "success", "data": ...}`` — or raises
:class:`~studiobook.adapters.fakes.http.Rejection` for an error answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from studiobook.adapters.fakes.calcom.slots import by_day
from studiobook.adapters.fakes.http import Rejection

if TYPE_CHECKING:
    from studiobook.adapters.fakes.calcom.server import FakeCalcom

MAX_TAKE = 250
MAX_RANGE = timedelta(days=400)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")

Result = tuple[int, Any]
Query = dict[str, str]  # the query parameters, the last value of each
Body = dict[str, Any] | None  # the JSON object sent, if any


# -- input checks ----------------------------------------------------------------------------
def _whole(query: dict[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = query.get(name, str(default))
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise Rejection(400, f"{name} must be a whole number from {low} to {high}")
    return int(raw)


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        raise Rejection(400, f"timeZone '{name}' is not a known time zone") from None


def _instant(raw: str | None, name: str, tz: ZoneInfo, end_of_day: bool = False) -> datetime:
    """An ISO instant (naive: UTC), or a date: that day's start (or end) in ``tz``."""
    if not raw:
        raise Rejection(400, f"{name} is required")
    try:
        if len(raw) == 10:
            day = date.fromisoformat(raw) + timedelta(days=1 if end_of_day else 0)
            return datetime.combine(day, time(), tzinfo=tz)
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise Rejection(400, f"{name} '{raw}' is not an ISO 8601 date or date-time") from None
    return moment if moment.utcoffset() is not None else moment.replace(tzinfo=UTC)


def _team(fake: FakeCalcom, raw: str) -> int:
    if not raw.isdigit() or int(raw) not in fake.teams:
        raise Rejection(404, f"Team with id {raw} not found")
    return int(raw)


def _event_type_id(fake: FakeCalcom, raw: object) -> int:
    if isinstance(raw, bool) or not str(raw).isdigit():
        raise Rejection(400, f"eventTypeId {raw!r} must be a number")
    if int(str(raw)) not in fake.event_types:
        raise Rejection(404, f"Event type with id {raw} not found")
    return int(str(raw))


def _text(body: dict[str, Any], name: str, where: str = "") -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise Rejection(400, f"{where}{name} is required")
    return value.strip()


# -- team ------------------------------------------------------------------------------------
def team_event_types(fake: FakeCalcom, query: Query, body: Body, team: str) -> Result:
    team_id = _team(fake, team)
    return 200, [
        fake.event_type_json(i) for i, e in fake.event_types.items() if e["teamId"] == team_id
    ]


def team_memberships(fake: FakeCalcom, query: Query, body: Body, team: str) -> Result:
    team_id = _team(fake, team)
    skip = _whole(query, "skip", 0, 0, 10**9)
    take = _whole(query, "take", MAX_TAKE, 1, MAX_TAKE)
    rows = [m for m in fake.memberships.values() if m["teamId"] == team_id]
    return 200, [fake.membership_json(m) for m in rows[skip : skip + take]]


# -- slots -----------------------------------------------------------------------------------
def slots(fake: FakeCalcom, query: Query, body: Body) -> Result:
    tz = zone(query.get("timeZone"))
    event_type_id = _event_type_id(fake, query.get("eventTypeId", ""))
    start = _instant(query.get("start"), "start", tz)
    end = _instant(query.get("end"), "end", tz, end_of_day=True)
    if not start < end <= start + MAX_RANGE:
        raise Rejection(400, "end must be after start and at most 400 days later")
    hosts = fake.host_ids(event_type_id)
    wanted = [name for name in query.get("usernames", "").split(",") if name.strip()]
    if wanted:
        ids = [fake.user_id(name.strip()) for name in wanted]
        hosts = [i for i in ids if i in hosts]
    free = fake.free_starts(event_type_id, hosts, start, end)
    return 200, by_day(free, tz)


# -- bookings --------------------------------------------------------------------------------
def create_booking(fake: FakeCalcom, query: Query, body: Body) -> Result:
    body = body or {}
    event_type_id = _event_type_id(fake, body.get("eventTypeId"))
    start = _instant(_text(body, "start"), "start", ZoneInfo("UTC"))
    attendee = body.get("attendee")
    if not isinstance(attendee, dict):
        raise Rejection(400, "attendee is required")
    name = _text(attendee, "name", "attendee.")
    email = _text(attendee, "email", "attendee.")
    if not _EMAIL.match(email):
        raise Rejection(400, f"attendee.email '{email}' is not a valid e-mail address")
    time_zone = _text(attendee, "timeZone", "attendee.")
    zone(time_zone)
    hosts = fake.hosts_free_at(event_type_id, start.astimezone(UTC))
    if not hosts:
        raise Rejection(400, "No available users found for this time slot.")
    record = fake.add_booking(event_type_id, start.astimezone(UTC), hosts,
                              {"name": name, "email": email, "timeZone": time_zone})
    return 201, fake.booking_json(record["uid"])


def cancel_booking(fake: FakeCalcom, query: Query, body: Body, uid: str) -> Result:
    record = fake.bookings.get(uid)
    if record is None:
        raise Rejection(404, f"Booking with uid {uid} not found")
    if record["status"] == "cancelled":
        raise Rejection(400, f"Booking with uid {uid} is already cancelled")
    record["status"] = "cancelled"
    record["cancellationReason"] = (body or {}).get("cancellationReason")
    return 200, fake.booking_json(uid)


EVENT_TYPES, SLOTS, BOOKINGS = "2024-06-14", "2024-09-04", "2024-08-13"

# (method, path pattern, required cal-api-version or None, route)
ROUTES: list[tuple[str, re.Pattern[str], str | None, Callable[..., Result]]] = [
    (method, re.compile(f"^{pattern}$"), version, route)
    for method, pattern, version, route in (
        ("GET", "/teams/([^/]+)/event-types", EVENT_TYPES, team_event_types),
        ("GET", "/teams/([^/]+)/memberships", None, team_memberships),
        ("GET", "/slots", SLOTS, slots),
        ("POST", "/bookings", BOOKINGS, create_booking),
        ("POST", "/bookings/([^/]+)/cancel", BOOKINGS, cancel_booking),
    )
]


def dispatch(
    fake: FakeCalcom, method: str, path: str, version: str | None, query: Query, body: Body
) -> Result:
    for route_method, pattern, required, route in ROUTES:
        match = pattern.match(path)
        if match and route_method == method:
            if required is not None and version != required:
                said = f"'{version}'" if version else "missing"
                raise Rejection(400, f"cal-api-version must be {required} here ({said})")
            return route(fake, query, body, *match.groups())
    raise Rejection(404, f"Cannot {method} {path}")
