"""The endpoints of the fake WODIFY (SPEC 3.1): input checks, state changes, JSON answers.

Each route gets the :class:`~studiobook.adapters.fakes.wodify.server.FakeWodify` (already
locked), the path ids, the query and the parsed body, and returns ``(status, body bytes)`` or
raises :class:`~studiobook.adapters.fakes.http.Rejection` for a ``{"error": ...}`` answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from studiobook.adapters.fakes.http import Rejection, dumps
from studiobook.adapters.fakes.wodify.data import (
    CLIENT_IDS_FROM,
    LEAD_IDS_FROM,
    PACKAGES,
    packages_json,
)

if TYPE_CHECKING:
    from studiobook.adapters.fakes.wodify.server import FakeWodify

MAX_PAGE_SIZE = 100
MEMBERSHIP_STATUSES = ("active", "on_hold", "pending", "cancelled", "expired")
LEAD_STATUSES = ("new", "contacted", "trial", "converted", "lost")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_PACKAGE_PRICES = {name: price for _, name, price, _ in PACKAGES}

Result = tuple[int, bytes]
Query = dict[str, str]  # the query parameters, the last value of each
Body = dict[str, Any] | None  # the JSON object sent, if any


def _json(status: int, payload: Any) -> Result:
    return status, dumps(payload)


# -- input checks ----------------------------------------------------------------------------
def _body(body: dict[str, Any] | None) -> dict[str, Any]:
    if body is None:
        raise Rejection(422, "a JSON body is required")
    return body


def _text(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise Rejection(422, f"{name} is required")
    return value.strip()


def _email(body: dict[str, Any]) -> str:
    value = _text(body, "email")
    if not _EMAIL.match(value):
        raise Rejection(422, f"email '{value}' is invalid")
    return value


def _day(body: dict[str, Any], name: str) -> str:
    value = _text(body, name)
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise Rejection(422, f"{name} '{value}' is not a date (YYYY-MM-DD)") from None


def _package(body: dict[str, Any]) -> str:
    value = _text(body, "membership_type")
    if value not in _PACKAGE_PRICES:
        raise Rejection(422, f"unknown membership_type '{value}'")
    return value


def _paging(query: dict[str, str], statuses: tuple[str, ...]) -> tuple[int, int, str | None]:
    try:
        page, size = int(query.get("page", "1")), int(query.get("page_size", "20"))
    except ValueError:
        raise Rejection(422, "page and page_size must be whole numbers") from None
    if page < 1 or not 1 <= size <= MAX_PAGE_SIZE:
        raise Rejection(422, f"page must be >= 1 and page_size between 1 and {MAX_PAGE_SIZE}")
    status = query.get("status") or None
    if status is not None and status not in statuses:
        raise Rejection(422, f"unknown status '{status}'")
    return page, size, status


def _id(raw: str, records: Mapping[int, object], what: str) -> int:
    if not raw.isdigit() or int(raw) not in records:
        raise Rejection(404, f"{what} {raw} not found")
    return int(raw)


# -- clients and memberships -------------------------------------------------------------
def health(fake: FakeWodify, query: Query, body: Body) -> Result:
    return _json(200, {"status": "ok"})


def list_clients(fake: FakeWodify, query: Query, body: Body) -> Result:
    return 200, fake.clients.page_body(*_paging(query, MEMBERSHIP_STATUSES))


def get_client(fake: FakeWodify, query: Query, body: Body, client_id: str) -> Result:
    return 200, fake.clients.encoded[_id(client_id, fake.clients.records, "client")]


def _new_client(
    fake: FakeWodify, person: dict[str, Any], membership_type: str, start_date: str
) -> dict[str, Any]:
    record = {
        "id": fake.clients.next_id(CLIENT_IDS_FROM),
        **person,
        "updated_at": fake.now_stamp(),
        "membership": {
            "id": fake.next_membership_id(),
            "type": membership_type,
            "status": "active",
            "monthly_price": _PACKAGE_PRICES[membership_type],
            "start_date": start_date,
            "end_date": None,
        },
    }
    fake.put_client(record)
    return record


def create_membership(fake: FakeWodify, query: Query, body: Body) -> Result:
    body = _body(body)
    email = _email(body)
    if any(c.get("email") == email for c in fake.clients.records.values()):
        raise Rejection(422, f"a client with email {email} already exists")
    person = {
        "first_name": _text(body, "first_name"),
        "last_name": _text(body, "last_name"),
        "email": email,
        "phone": body.get("phone"),
    }
    membership_type, start_date = _package(body), _day(body, "start_date")
    _text(body, "payment_method")
    return _json(201, _new_client(fake, person, membership_type, start_date))


def _membership_of(fake: FakeWodify, membership_id: str) -> dict[str, Any]:
    owner = fake.membership_owner.get(membership_id)
    if owner is None:
        raise Rejection(404, f"membership {membership_id} not found")
    return fake.client(owner)


def _save_membership(fake: FakeWodify, client: dict[str, Any]) -> Result:
    client["updated_at"] = fake.now_stamp()
    fake.put_client(client)
    return _json(200, client["membership"])


def update_membership(
    fake: FakeWodify, query: Query, body: Body, membership_id: str
) -> Result:
    body, client = _body(body), _membership_of(fake, membership_id)
    membership = client["membership"]
    if not {"membership_type", "membership_status", "monthly_price"} & body.keys():
        raise Rejection(422, "give membership_type, membership_status or monthly_price")
    if "membership_type" in body:
        membership["type"] = _package(body)
    if "membership_status" in body:
        if body["membership_status"] not in MEMBERSHIP_STATUSES:
            raise Rejection(422, f"unknown membership_status '{body['membership_status']}'")
        membership["status"] = body["membership_status"]
    if "monthly_price" in body:
        membership["monthly_price"] = _price(body["monthly_price"])
    return _save_membership(fake, client)


def _price(value: object) -> str:
    try:
        price = Decimal(str(value))
    except InvalidOperation:
        raise Rejection(422, f"monthly_price {value!r} is not a number") from None
    if isinstance(value, bool) or not price.is_finite() or price < 0:
        raise Rejection(422, f"monthly_price {value!r} must be a number >= 0")
    return f"{price:.2f}"


def cancel_membership(
    fake: FakeWodify, query: Query, body: Body, membership_id: str
) -> Result:
    body, client = body or {}, _membership_of(fake, membership_id)
    membership = client["membership"]
    if membership["status"] == "cancelled":
        raise Rejection(422, f"membership {membership_id} is already cancelled")
    membership["status"] = "cancelled"
    membership["end_date"] = max(fake.today.isoformat(), membership["start_date"])
    fake.cancellation_reasons[membership_id] = body.get("cancellation_reason")
    return _save_membership(fake, client)


def membership_packages(fake: FakeWodify, query: Query, body: Body) -> Result:
    return _json(200, {"data": packages_json()})


# -- leads -----------------------------------------------------------------------------------
def list_leads(fake: FakeWodify, query: Query, body: Body) -> Result:
    return 200, fake.leads.page_body(*_paging(query, LEAD_STATUSES))


def get_lead(fake: FakeWodify, query: Query, body: Body, lead_id: str) -> Result:
    return 200, fake.leads.encoded[_id(lead_id, fake.leads.records, "lead")]


def create_lead(fake: FakeWodify, query: Query, body: Body) -> Result:
    body = _body(body)
    record = {
        "id": fake.leads.next_id(LEAD_IDS_FROM),
        "first_name": _text(body, "first_name"),
        "last_name": _text(body, "last_name"),
        "email": _email(body),
        "phone": body.get("phone"),
        "status": "new",
        "interested_in": body.get("interested_in"),
        "message": body.get("message"),
        "notes": None,
        "updated_at": fake.now_stamp(),
    }
    fake.leads.put(record)
    return _json(201, record)


def update_lead(fake: FakeWodify, query: Query, body: Body, lead_id: str) -> Result:
    body = _body(body)
    record = fake.lead(_id(lead_id, fake.leads.records, "lead"))
    if not {"lead_status", "notes"} & body.keys():
        raise Rejection(422, "give lead_status or notes")
    if "lead_status" in body:
        if body["lead_status"] not in LEAD_STATUSES:
            raise Rejection(422, f"unknown lead_status '{body['lead_status']}'")
        record["status"] = body["lead_status"]
    if "notes" in body:
        record["notes"] = body["notes"]
    record["updated_at"] = fake.now_stamp()
    fake.leads.put(record)
    return _json(200, record)


def convert_lead(fake: FakeWodify, query: Query, body: Body, lead_id: str) -> Result:
    body = _body(body)
    lead = fake.lead(_id(lead_id, fake.leads.records, "lead"))
    if lead["status"] == "converted":
        raise Rejection(422, f"lead {lead_id} is already converted")
    membership_type, start_date = _package(body), _day(body, "start_date")
    _text(body, "payment_method")
    person = {k: lead[k] for k in ("first_name", "last_name", "email", "phone")}
    client = _new_client(fake, person, membership_type, start_date)
    fake.leads.put({**lead, "status": "converted", "updated_at": client["updated_at"]})
    return _json(201, client)


ROUTES: list[tuple[str, re.Pattern[str], Callable[..., Result]]] = [
    (method, re.compile(f"^{pattern}$"), route)
    for method, pattern, route in (
        ("GET", "/health", health),
        ("GET", "/clients", list_clients),
        ("GET", "/clients/([^/]+)", get_client),
        ("POST", "/memberships", create_membership),
        ("PUT", "/memberships/([^/]+)", update_membership),
        ("POST", "/memberships/([^/]+)/cancel", cancel_membership),
        ("GET", "/membership-packages", membership_packages),
        ("GET", "/leads", list_leads),
        ("GET", "/leads/([^/]+)", get_lead),
        ("POST", "/leads", create_lead),
        ("PUT", "/leads/([^/]+)", update_lead),
        ("POST", "/leads/([^/]+)/convert-to-client", convert_lead),
    )
]


def dispatch(fake: FakeWodify, method: str, path: str, query: Query, body: Body) -> Result:
    for route_method, pattern, route in ROUTES:
        match = pattern.match(path)
        if match and route_method == method:
            return route(fake, query, body, *match.groups())
    raise Rejection(404, f"no endpoint {method} {path}")
