"""The WODIFY gateway over httpx: one method per operation of SPEC 3.1.

Each method builds the request with :mod:`studiobook.adapters.wodify.mapping`, sends it through
:class:`~adapters.wodify.http.JsonHttp` (retries, typed errors, key hygiene) and maps the answer
back to domain values. A single record that does not map raises
:class:`GatewayMalformedResponse`; in a page it becomes a rejected item instead.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar
from urllib.parse import quote

from studiobook.adapters.wodify import mapping
from studiobook.adapters.wodify.http import JsonHttp
from studiobook.application.members.ports import Received
from studiobook.application.shared.ports import (
    GatewayInvalidRequest,
    GatewayMalformedResponse,
    Page,
)
from studiobook.domain.members.leads import Lead, LeadStatus, parse_lead_status
from studiobook.domain.members.member import (
    Member,
    Membership,
    MembershipPackage,
    MembershipStatus,
    parse_price,
    parse_status,
)

T = TypeVar("T")

MAX_PAGE_SIZE = 100


def _segment(value: object) -> str:
    """An id as one path segment, so an id like ``../x`` cannot reach another endpoint."""
    return quote(str(value), safe="")


def _one(data: Any, record_from_json: Callable[[object], T]) -> T:
    try:
        return record_from_json(data)
    except (mapping.RecordError, mapping.PageError) as error:
        raise GatewayMalformedResponse(200, str(error)) from None


class WodifyClient:
    """Implements :class:`studiobook.application.ports.WodifyGateway`. Use as a context manager or call
    :meth:`close`; the keyword arguments go to :class:`JsonHttp` (timeouts, retry policy,
    sleep and jitter for tests)."""

    def __init__(self, base_url: str, api_key: str, location_id: str, **http_options: Any) -> None:
        self._http = JsonHttp(base_url, api_key, location_id, **http_options)

    def __repr__(self) -> str:
        http = self._http
        return f"WodifyClient(base_url={http.base_url!r}, location_id={http.location_id!r})"

    def __enter__(self) -> WodifyClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # -- health and members -----------------------------------------------------------------
    def health(self) -> str:
        body = self._http.request("GET", "/health")
        if not isinstance(body, dict) or not isinstance(body.get("status"), str):
            raise GatewayMalformedResponse(200, "the health answer has no 'status'")
        status: str = body["status"]
        return status

    def create_membership(
        self,
        *,
        first_name: str,
        last_name: str,
        email: str,
        phone: str | None,
        membership_type: str,
        start_date: date,
        payment_method: str = "stripe",
    ) -> Member:
        payload = mapping.membership_request(
            first_name, last_name, email, phone, membership_type, start_date, payment_method
        )
        return _one(
            self._http.request("POST", "/memberships", body=payload), mapping.member_from_json
        )

    def update_membership(
        self,
        membership_id: str,
        *,
        membership_type: str | None = None,
        membership_status: MembershipStatus | None = None,
        monthly_price: Decimal | None = None,
    ) -> Membership:
        who = f"membership {membership_id}"
        changes = mapping.membership_changes(
            membership_type,
            None if membership_status is None else parse_status(membership_status, who),
            None if monthly_price is None else parse_price(monthly_price, who),
        )
        if not changes:
            raise GatewayInvalidRequest(None, f"{who}: nothing to change")
        body = self._http.request("PUT", f"/memberships/{_segment(membership_id)}", body=changes)
        return _one(body, mapping.membership_from_json)

    def cancel_membership(self, membership_id: str, reason: str) -> Membership:
        body = self._http.request(
            "POST",
            f"/memberships/{_segment(membership_id)}/cancel",
            body={"cancellation_reason": reason},
        )
        return _one(body, mapping.membership_from_json)

    def get_member(self, client_id: str) -> Member:
        return _one(
            self._http.request("GET", f"/clients/{_segment(client_id)}"), mapping.member_from_json
        )

    def list_members(
        self, page: int = 1, page_size: int = 100, status: MembershipStatus | None = None
    ) -> Page[Member]:
        wanted = None if status is None else parse_status(status, "member list").value
        return self._page("/clients", page, page_size, wanted, mapping.member_from_json)

    def received_members(self, page: int = 1, page_size: int = 100) -> Page[Received[Member]]:
        return self._page("/clients", page, page_size, None, mapping.received_member)

    def membership_packages(self) -> list[MembershipPackage]:
        return _one(self._http.request("GET", "/membership-packages"), mapping.packages_from_json)

    # -- leads -----------------------------------------------------------------------------
    def create_lead(
        self,
        *,
        first_name: str,
        last_name: str,
        email: str,
        phone: str | None = None,
        message: str | None = None,
        interested_in: str | None = None,
    ) -> Lead:
        payload = mapping.lead_request(first_name, last_name, email, phone, message, interested_in)
        return _one(self._http.request("POST", "/leads", body=payload), mapping.lead_from_json)

    def get_lead(self, lead_id: str) -> Lead:
        return _one(
            self._http.request("GET", f"/leads/{_segment(lead_id)}"), mapping.lead_from_json
        )

    def update_lead(
        self, lead_id: str, *, status: LeadStatus | None = None, notes: str | None = None
    ) -> Lead:
        who = f"lead {lead_id}"
        changes = mapping.lead_changes(
            None if status is None else parse_lead_status(status, who), notes
        )
        if not changes:
            raise GatewayInvalidRequest(None, f"{who}: nothing to change")
        body = self._http.request("PUT", f"/leads/{_segment(lead_id)}", body=changes)
        return _one(body, mapping.lead_from_json)

    def list_leads(
        self, page: int = 1, page_size: int = 100, status: LeadStatus | None = None
    ) -> Page[Lead]:
        wanted = None if status is None else parse_lead_status(status, "lead list").value
        return self._page("/leads", page, page_size, wanted, mapping.lead_from_json)

    def received_leads(self, page: int = 1, page_size: int = 100) -> Page[Received[Lead]]:
        return self._page("/leads", page, page_size, None, mapping.received_lead)

    def convert_lead(
        self, lead_id: str, membership_type: str, start_date: date, payment_method: str = "stripe"
    ) -> Member:
        payload = mapping.conversion_request(membership_type, start_date, payment_method)
        body = self._http.request(
            "POST", f"/leads/{_segment(lead_id)}/convert-to-client", body=payload
        )
        return _one(body, mapping.member_from_json)

    # -- paging ----------------------------------------------------------------------------
    def _page(
        self,
        path: str,
        page: int,
        page_size: int,
        status: str | None,
        record_from_json: Callable[[object], T],
    ) -> Page[T]:
        if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
            raise GatewayInvalidRequest(
                None,
                f"page must be >= 1 and page_size 1..{MAX_PAGE_SIZE} (got {page}, {page_size})",
            )
        params: dict[str, Any] = {"page": page, "page_size": page_size}
        if status is not None:
            params["status"] = status
        body = self._http.request("GET", path, params=params)
        try:
            return mapping.page_from_json(body, record_from_json)
        except mapping.PageError as error:
            raise GatewayMalformedResponse(200, str(error)) from None
