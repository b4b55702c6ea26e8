"""Cal.com's JSON (API v2, SPEC 3.2) to the calendar port's values and back; the only place that
knows its field names.

Reading is strict where a wrong value would mislead a sync or an availability answer (ids,
lengths, buffers, prices, instants) and lenient where Cal.com sends ``null`` for "not set"
(description, interval, notice, buffers, price). A record that does not map raises
:class:`RecordError` naming the record and the field.

Prices are in the currency's main unit (``28.00`` EUR), as a JSON number or a numeric string,
with at most two decimal places; amounts are parsed as ``Decimal`` throughout.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from studiobook.application.appointments.calendar import (
    RemoteBooking,
    RemoteEventType,
    RemoteHost,
    RemoteMember,
)
from studiobook.domain.appointments.values import Id

T = TypeVar("T")
MAX_MINUTES = 366 * 1440
_CENT = Decimal("0.01")


class RecordError(ValueError):
    """One record could not be mapped; the message names it."""


# -- the envelope ---------------------------------------------------------------------------
def unwrap(body: object) -> Any:
    """``{"status": "success", "data": ...}`` -> the data; anything else is a ``ValueError``."""
    if not isinstance(body, Mapping):
        raise ValueError("the answer is not a JSON object with 'status' and 'data'")
    if body.get("status") != "success":
        raise ValueError(f"the answer's status is {str(body.get('status'))[:40]!r}, not 'success'")
    if "data" not in body:
        raise ValueError("the answer has no 'data'")
    return body["data"]


def listing(data: object, kind: str) -> list[object]:
    if not isinstance(data, list):
        raise RecordError(f"the {kind} list is not a JSON array")
    return data


# -- reading --------------------------------------------------------------------------------
def _record(kind: str, data: object, build: Callable[[Mapping[str, Any]], T]) -> T:
    raw_id = data.get("id") if isinstance(data, Mapping) else None
    who = f"{kind} {raw_id}" if isinstance(raw_id, (int, str)) else f"a {kind} without an id"
    if not isinstance(data, Mapping):
        raise RecordError(f"a {kind} record is not an object: {str(data)[:60]!r}")
    try:
        return build(data)
    except KeyError as missing:
        raise RecordError(f"{who}: field {missing} is missing") from None
    except (TypeError, ValueError) as error:
        raise RecordError(f"{who}: {error}") from None


def _id(value: object, what: str) -> Id:
    if isinstance(value, bool) or not isinstance(value, (int, str)) or value == "":
        raise ValueError(f"{what} {value!r} is not an id")
    return value


def _text(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} {value!r} is not a non-empty text")
    return value.strip()


def _optional_text(value: object, what: str) -> str | None:
    return None if value is None or value == "" else _text(value, what)


def _minutes(value: object, what: str, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= MAX_MINUTES:
        raise ValueError(f"{what} {value!r} is not a whole number of minutes >= {low}")
    return value


def _optional_minutes(value: object, what: str, low: int) -> int | None:
    """``null`` is "not set": no interval of its own, no notice, no buffer."""
    return None if value is None else _minutes(value, what, low)


def _zero_if_unset(data: Mapping[str, Any], name: str) -> int:
    value = data.get(name)
    return 0 if value is None else _minutes(value, name, 0)


def _flag(value: object, what: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ValueError(f"{what} {value!r} is not true or false")
    return value


def _price(value: object) -> Decimal:
    if value is None:
        return Decimal("0.00")
    if isinstance(value, bool) or not isinstance(value, (int, str, Decimal, float)):
        raise ValueError(f"price {value!r} is not an amount")
    try:
        amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        raise ValueError(f"price {value!r} is not an amount") from None
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(_CENT):
        raise ValueError(f"price {value!r} is not an amount >= 0 in whole cents")
    return amount.quantize(_CENT)


def moment(value: object, what: str) -> datetime:
    """An ISO 8601 instant with an offset (or ``Z``), in UTC."""
    if not isinstance(value, str):
        raise ValueError(f"{what} {value!r} is not a date and time")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{what} {value!r} is not a date and time") from None
    if parsed.utcoffset() is None:
        raise ValueError(f"{what} {value!r} has no UTC offset")
    return parsed.astimezone(UTC)


def _host(data: object, id_field: str) -> RemoteHost:
    if not isinstance(data, Mapping):
        raise ValueError(f"a host is not an object: {str(data)[:40]!r}")
    return RemoteHost(
        user_id=_id(data[id_field], "host " + id_field),
        username=_optional_text(data.get("username"), "host username"),
        name=_optional_text(data.get("name"), "host name"),
    )


def _hosts(value: object, id_field: str) -> tuple[RemoteHost, ...]:
    if not isinstance(value, list):
        raise ValueError(f"hosts {str(value)[:40]!r} is not a list")
    return tuple(_host(item, id_field) for item in value)


def _event_type(data: Mapping[str, Any]) -> RemoteEventType:
    currency = data.get("currency")
    scheduling = data.get("schedulingType")
    return RemoteEventType(
        remote_id=_id(data["id"], "id"),
        title=_text(data["title"], "title"),
        slug=_text(data["slug"], "slug"),
        description=_description(data.get("description")),
        length_minutes=_minutes(data["lengthInMinutes"], "lengthInMinutes", 1),
        slot_interval_minutes=_optional_minutes(data.get("slotInterval"), "slotInterval", 1),
        minimum_notice_minutes=_zero_if_unset(data, "minimumBookingNotice"),
        buffer_before_minutes=_zero_if_unset(data, "beforeEventBuffer"),
        buffer_after_minutes=_zero_if_unset(data, "afterEventBuffer"),
        price=_price(data.get("price")),
        currency="" if currency is None else _text(currency, "currency").upper(),
        hidden=_flag(data.get("hidden"), "hidden"),
        scheduling_type=None if scheduling is None else _text(scheduling, "schedulingType"),
        hosts=_hosts(data["hosts"], "userId"),
    )


def _description(value: object) -> str:
    if value is not None and not isinstance(value, str):
        raise ValueError(f"description {str(value)[:40]!r} is not a text")
    return (value or "").strip()


def _member(data: Mapping[str, Any]) -> RemoteMember:
    user = data["user"]
    if not isinstance(user, Mapping):
        raise ValueError("user is not an object")
    return RemoteMember(
        membership_id=_id(data["id"], "id"),
        user_id=_id(data["userId"], "userId"),
        role=_text(data["role"], "role"),
        email=_text(user["email"], "email"),
        username=_optional_text(user.get("username"), "username"),
        name=_optional_text(user.get("name"), "name"),
    )


def _booking(data: Mapping[str, Any]) -> RemoteBooking:
    start, end = moment(data["start"], "start"), moment(data["end"], "end")
    if end <= start:
        raise ValueError(f"end {data['end']} is not after start {data['start']}")
    return RemoteBooking(
        remote_id=_id(data["id"], "id"),
        uid=_text(data["uid"], "uid"),
        status=_text(data["status"], "status").lower(),
        start=start,
        end=end,
        hosts=_hosts(data.get("hosts") or [], "id"),
    )


def event_type_from_json(data: object) -> RemoteEventType:
    return _record("event type", data, _event_type)


def member_from_json(data: object) -> RemoteMember:
    return _record("membership", data, _member)


def booking_from_json(data: object) -> RemoteBooking:
    return _record("booking", data, _booking)


def slot_starts(data: object) -> list[datetime]:
    """``{"YYYY-MM-DD": [{"start": ISO}, ...]}`` -> every start, in UTC, in no particular order."""
    if not isinstance(data, Mapping):
        raise RecordError("the slots answer is not an object of days")
    starts = []
    for day, slots in data.items():
        if not isinstance(slots, list):
            raise RecordError(f"slots of {day}: not a list")
        for slot in slots:
            if not isinstance(slot, Mapping) or "start" not in slot:
                raise RecordError(f"slots of {day}: {str(slot)[:60]!r} has no 'start'")
            try:
                starts.append(moment(slot["start"], "start"))
            except ValueError as error:
                raise RecordError(f"slots of {day}: {error}") from None
    return starts


# -- writing --------------------------------------------------------------------------------
def instant(value: datetime) -> str:
    """An aware datetime as Cal.com's UTC ISO form, ``2026-11-30T09:00:00Z``."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def wire_id(value: Id) -> Id:
    """Cal.com wants numeric ids as JSON numbers; ``"801"`` is sent as ``801``."""
    return int(value) if isinstance(value, str) and value.isdigit() else value


def booking_request(
    event_type_id: Id, start: datetime, name: str, email: str, time_zone: str
) -> dict[str, Any]:
    return {
        "start": instant(start),
        "eventTypeId": wire_id(event_type_id),
        "attendee": {"name": name, "email": email, "timeZone": time_zone},
    }
