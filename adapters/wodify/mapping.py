"""WODIFY's JSON (SPEC 3.1) to domain values and back; the only place that knows its field names.

Reading is defensive: a record WODIFY sends with a missing field or invalid data becomes a
:class:`RecordError` naming the record and the problem, and a page turns it into a
:class:`~studiobook.application.shared.ports.Rejected` item instead of failing the whole page.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from studiobook.application.members.ports import Received
from studiobook.application.shared.ports import Page, Rejected
from studiobook.domain.members.leads import Lead, LeadStatus
from studiobook.domain.members.member import (
    Member,
    Membership,
    MembershipPackage,
    MembershipStatus,
)
from studiobook.domain.shared.errors import InvalidValue

T = TypeVar("T")


class RecordError(ValueError):
    """One record could not be mapped; ``raw_id`` is its id as sent (if it had one)."""

    def __init__(self, raw_id: str | None, reason: str) -> None:
        super().__init__(reason)
        self.raw_id = raw_id
        self.reason = reason


class PageError(ValueError):
    """The page envelope itself is not what the contract promises."""


# -- reading --------------------------------------------------------------------------------
def _raw_id(data: object) -> str | None:
    raw = data.get("id") if type(data) is dict else None  # the usual record: no ABC checks
    if type(raw) is str or type(raw) is int:
        return str(raw)
    if isinstance(data, Mapping) and isinstance(data.get("id"), (int, str)):
        return str(data["id"])
    return None


def _record(kind: str, data: object, build: Callable[[Mapping[str, Any]], T]) -> T:
    raw_id = _raw_id(data)
    who = f"{kind} {raw_id}" if raw_id else f"a {kind} without an id"
    if not isinstance(data, Mapping):
        raise RecordError(None, f"a {kind} record is not an object: {str(data)[:60]!r}")
    try:
        return build(data)
    except KeyError as missing:
        raise RecordError(raw_id, f"{who}: field {missing} is missing") from None
    except InvalidValue as error:
        raise RecordError(raw_id, str(error)) from None
    except (TypeError, ValueError) as error:
        raise RecordError(raw_id, f"{who}: {error}") from None


def _day(value: object, what: str) -> date:
    if not isinstance(value, str):
        raise ValueError(f"{what} {value!r} is not a date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{what} {value!r} is not a date (YYYY-MM-DD)") from None


def _optional_day(value: object, what: str) -> date | None:
    return None if value is None else _day(value, what)


def _moment(value: object) -> datetime:
    """WODIFY's timestamps; one without an offset is taken as UTC, as WODIFY stores UTC."""
    if not isinstance(value, str):
        raise ValueError(f"updated_at {value!r} is not a timestamp")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"updated_at {value!r} is not a timestamp") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _price(value: Any) -> Any:
    """The wire value (JSON: Any, like every field handed over), which the domain parses."""
    # Bodies are parsed with parse_float=Decimal; a float can only come from a caller, and its
    # shortest repr is the number it was written as.
    return Decimal(repr(value)) if isinstance(value, float) else value


def _text(value: object) -> str | None:
    return value if value is None or isinstance(value, str) else str(value)


def _membership(data: Mapping[str, Any]) -> Membership:
    return Membership(
        membership_id=data["id"],
        membership_type=data["type"],
        status=data["status"],
        monthly_price=_price(data["monthly_price"]),
        start_date=_day(data["start_date"], "start_date"),
        end_date=_optional_day(data.get("end_date"), "end_date"),
    )


def _member(data: Mapping[str, Any]) -> Member:
    raw_membership = data["membership"]
    if raw_membership is not None and not isinstance(raw_membership, Mapping):
        raise ValueError("membership is neither an object nor null")
    return Member(
        client_id=data["id"],
        first_name=data["first_name"],
        last_name=data["last_name"],
        email=data["email"],
        phone=_text(data.get("phone")),
        membership=None if raw_membership is None else _membership(raw_membership),
        updated_at=_moment(data["updated_at"]),
    )


def _lead(data: Mapping[str, Any]) -> Lead:
    return Lead(
        lead_id=data["id"],
        first_name=data["first_name"],
        last_name=data["last_name"],
        email=data["email"],
        phone=_text(data.get("phone")),
        status=data["status"],
        updated_at=_moment(data["updated_at"]),
        interested_in=data.get("interested_in"),
        message=data.get("message"),
        notes=data.get("notes"),
    )


def _package(data: Mapping[str, Any]) -> MembershipPackage:
    return MembershipPackage(
        package_id=data["id"],
        name=data["name"],
        monthly_price=_price(data["monthly_price"]),
        description=data.get("description") or "",
    )


def member_from_json(data: object) -> Member:
    return _record("client", data, _member)


def membership_from_json(data: object) -> Membership:
    return _record("membership", data, _membership)


def lead_from_json(data: object) -> Lead:
    return _record("lead", data, _lead)


def package_from_json(data: object) -> MembershipPackage:
    return _record("membership package", data, _package)


def packages_from_json(body: object) -> list[MembershipPackage]:
    if not isinstance(body, Mapping) or not isinstance(body.get("data"), list):
        raise PageError("the package list has no 'data' array")
    return [package_from_json(item) for item in body["data"]]


# Part of every content hash: bump it whenever a record maps differently (a field read, a rule
# added), so that the next sync maps and compares every record again instead of skipping those
# WODIFY did not change.
MAPPING_VERSION = "1"


def content_hash(data: object) -> str:
    """A hash of one record exactly as received: every field with its JSON type and value (a
    price 49.00 is not the text "49.00"), in WODIFY's order, and the mapping's version. Records
    equal on the wire hash equal; a record whose fields WODIFY reordered merely hashes anew (and
    is compared field by field once more)."""
    global _SEEDED
    if _SEEDED[0] != MAPPING_VERSION:  # changed (or patched) after this module was imported
        _SEEDED = _seeded(MAPPING_VERSION)
    digest = _SEEDED[1].copy()  # the version is hashed once, not once per record
    digest.update(repr(data).encode())  # the parsed JSON's repr: fast, one text per value
    return digest.hexdigest()


def _seeded(version: str) -> tuple[str, hashlib.blake2b]:
    """A hash that has taken in ``version`` and its separator: ``content_hash`` then hashes
    ``f"{version}:{repr}"`` as it always did, so the hashes already stored stay valid."""
    return version, hashlib.blake2b(f"{version}:".encode(), digest_size=16)


_SEEDED = _seeded(MAPPING_VERSION)


def received_from_json(
    kind: str, build: Callable[[Mapping[str, Any]], T]
) -> Callable[[object], Received[T]]:
    """How a page's records of ``kind`` are read for the sync: hashed now, mapped when asked.
    A record without a usable id is mapped at once (a :class:`RecordError` rejects it)."""

    def received(data: object) -> Received[T]:
        raw_id = _raw_id(data)
        if raw_id is None:
            record = _record(kind, data, build)  # raises for all but an odd id the domain takes
            return Received("", None, lambda: record)

        def mapped() -> T | Rejected:
            try:
                return _record(kind, data, build)
            except RecordError as error:
                return Rejected(error.raw_id, error.reason)

        return Received(raw_id, content_hash(data), mapped)

    return received


received_member = received_from_json("client", _member)
received_lead = received_from_json("lead", _lead)


def page_from_json(body: object, record_from_json: Callable[[object], T]) -> Page[T]:
    """A page envelope; records that do not map are rejected one by one, the rest kept."""
    if not isinstance(body, Mapping) or not isinstance(body.get("data"), list):
        raise PageError("the page has no 'data' array")
    numbers = {}
    for name in ("page", "total_pages", "total_records"):
        value = body.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise PageError(f"the page has no valid '{name}' ({value!r})")
        numbers[name] = value
    items: list[T] = []
    rejected: list[Rejected] = []
    for raw in body["data"]:
        try:
            items.append(record_from_json(raw))
        except RecordError as error:
            rejected.append(Rejected(error.raw_id, error.reason))
    return Page(items=items, rejected=rejected, **numbers)


# -- writing --------------------------------------------------------------------------------
def _wire_price(price: Decimal) -> float:
    # JSON numbers; a price is validated to whole cents first, which a float prints exactly.
    return float(price)


def membership_request(
    first_name: str,
    last_name: str,
    email: str,
    phone: str | None,
    membership_type: str,
    start_date: date,
    payment_method: str,
) -> dict[str, Any]:
    return {
        "first_name": first_name,
        "last_name": last_name,
        "email": email,
        "phone": phone,
        "membership_type": membership_type,
        "start_date": start_date.isoformat(),
        "payment_method": payment_method,
    }


def membership_changes(
    membership_type: str | None,
    membership_status: MembershipStatus | None,
    monthly_price: Decimal | None,
) -> dict[str, Any]:
    """Only the fields to change, as ``PUT /memberships/{id}`` expects."""
    changes: dict[str, Any] = {}
    if membership_type is not None:
        changes["membership_type"] = membership_type
    if membership_status is not None:
        changes["membership_status"] = MembershipStatus(membership_status).value
    if monthly_price is not None:
        changes["monthly_price"] = _wire_price(monthly_price)
    return changes


def lead_request(
    first_name: str,
    last_name: str,
    email: str,
    phone: str | None,
    message: str | None,
    interested_in: str | None,
) -> dict[str, Any]:
    return {
        "first_name": first_name,
        "last_name": last_name,
        "email": email,
        "phone": phone,
        "message": message,
        "interested_in": interested_in,
    }


def lead_changes(status: LeadStatus | None, notes: str | None) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if status is not None:
        changes["lead_status"] = LeadStatus(status).value
    if notes is not None:
        changes["notes"] = notes
    return changes


def conversion_request(
    membership_type: str, start_date: date, payment_method: str
) -> dict[str, Any]:
    return {
        "membership_type": membership_type,
        "start_date": start_date.isoformat(),
        "payment_method": payment_method,
    }
