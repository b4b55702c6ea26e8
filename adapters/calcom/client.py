"""The calendar gateway for Cal.com API v2 over httpx: one method per operation of SPEC 3.2.

Requests go through the shared core (:mod:`studiobook.adapters.http_json`: retries, typed errors, key
hygiene) with Cal.com's profile: ``Authorization: Bearer <key>``, the ``{"status": "success",
"data": ...}`` envelope unwrapped, and the ``cal-api-version`` each endpoint family demands.
Reads are tried at most 3 times (SPEC 3.2); booking and cancelling are never sent twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial
from typing import Any, TypeVar
from urllib.parse import quote

from studiobook.adapters.calcom import mapping
from studiobook.adapters.http_json import JsonHttp, QueryParams, RetryPolicy, ServiceProfile
from studiobook.application.appointments.calendar import (
    ANY_HOST,
    RemoteBooking,
    RemoteEventType,
    RemoteMember,
)
from studiobook.application.shared.ports import GatewayInvalidRequest, GatewayMalformedResponse
from studiobook.domain.appointments.values import Id

T = TypeVar("T")

SERVICE = "Cal.com"
CALCOM = ServiceProfile(
    name=SERVICE,
    logger="studiobook.calcom",
    key_header="authorization",
    key_prefix="Bearer ",
    unwrap=mapping.unwrap,
)
# Cal.com pins each endpoint family to a dated API version; a missing or wrong one is refused.
EVENT_TYPES_VERSION = "2024-06-14"
SLOTS_VERSION = "2024-09-04"
BOOKINGS_VERSION = "2024-08-13"
DEFAULT_RETRY = RetryPolicy(attempts=3)
PAGE_SIZE = 100


def _segment(value: object) -> str:
    """An id as one path segment, so an id like ``../x`` cannot reach another endpoint."""
    return quote(str(value), safe="")


def _members(data: object) -> list[RemoteMember]:
    """One page of a team's memberships."""
    return [mapping.member_from_json(item) for item in mapping.listing(data, "membership")]


def _version(version: str) -> dict[str, str]:
    return {"cal-api-version": version}


def _aware(value: datetime, what: str) -> datetime:
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise GatewayInvalidRequest(
            None, f"{what} must be a date and time with a UTC offset", service=SERVICE
        )
    return value


class CalcomClient:
    """Implements :class:`studiobook.application.appointments.calendar.CalendarGateway` for one Cal.com API key. Use as a
    context manager or call :meth:`close`; ``page_size`` is the ``take`` of member listings; the
    other keyword arguments go to :class:`JsonHttp` (timeouts, retry policy, sleep, jitter)."""

    def __init__(
        self, base_url: str, api_key: str, *, page_size: int = PAGE_SIZE, **http_options: Any
    ) -> None:
        if not 1 <= page_size <= 250:
            raise ValueError(f"page_size must be 1..250, got {page_size}")
        http_options.setdefault("retry", DEFAULT_RETRY)
        self._http = JsonHttp(base_url, api_key, CALCOM, **http_options)
        self._page_size = page_size

    def __repr__(self) -> str:
        return f"CalcomClient(base_url={self._http.base_url!r})"

    def __enter__(self) -> CalcomClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # -- team ------------------------------------------------------------------------------
    def team_event_types(self, team_id: Id) -> list[RemoteEventType]:
        data = self._http.request(
            "GET", f"/teams/{_segment(team_id)}/event-types", headers=_version(EVENT_TYPES_VERSION)
        )
        return self._map(lambda: [mapping.event_type_from_json(item)
                                  for item in mapping.listing(data, "event type")])

    def team_members(self, team_id: Id) -> list[RemoteMember]:
        """Pages of ``take`` until one comes back short; a page that repeats a membership means
        the server ignores ``skip``, which would otherwise loop for ever."""
        members: list[RemoteMember] = []
        seen: set[Id] = set()
        skip = 0
        while True:
            data = self._http.request(
                "GET",
                f"/teams/{_segment(team_id)}/memberships",
                params={"skip": skip, "take": self._page_size},
            )
            page = self._map(partial(_members, data))
            for member in page:
                if member.membership_id in seen:
                    raise GatewayMalformedResponse(
                        200,
                        f"membership {member.membership_id} came twice (skip={skip}): "
                        "the listing does not advance",
                        service=SERVICE,
                    )
                seen.add(member.membership_id)
            members.extend(page)
            if len(page) < self._page_size:
                return members
            skip += self._page_size

    # -- availability ----------------------------------------------------------------------
    def free_slots(
        self,
        event_type_id: Id,
        start: datetime,
        end: datetime,
        time_zone: str = "UTC",
        usernames: Sequence[str] | None = None,
    ) -> dict[str, list[datetime]]:
        """One request per username: Cal.com's answer does not say who is free, and with
        several usernames it answers for the group, not for each of them."""
        start, end = _aware(start, "start"), _aware(end, "end")
        if end <= start:
            raise GatewayInvalidRequest(None, "end must be after start", service=SERVICE)
        params = {
            "eventTypeId": mapping.wire_id(event_type_id),
            "start": mapping.instant(start),
            "end": mapping.instant(end),
            "timeZone": time_zone,
        }
        if usernames is None:
            return {ANY_HOST: self._starts(params, start, end)}
        return {
            name: self._starts({**params, "usernames": name}, start, end)
            for name in dict.fromkeys(usernames)
        }

    def _starts(self, params: QueryParams, start: datetime, end: datetime) -> list[datetime]:
        data = self._http.request("GET", "/slots", params=params, headers=_version(SLOTS_VERSION))
        starts = self._map(lambda: mapping.slot_starts(data))
        return sorted({s for s in starts if start <= s < end})

    # -- bookings --------------------------------------------------------------------------
    def create_booking(
        self, event_type_id: Id, start: datetime, *, name: str, email: str, time_zone: str
    ) -> RemoteBooking:
        payload = mapping.booking_request(
            event_type_id, _aware(start, "start"), name, email, time_zone
        )
        data = self._http.request(
            "POST", "/bookings", body=payload, headers=_version(BOOKINGS_VERSION)
        )
        try:
            return mapping.booking_from_json(data)
        except mapping.RecordError as error:
            raise GatewayMalformedResponse(
                201,
                f"{error}; the booking may have been made, check before repeating it",
                service=SERVICE,
            ) from None

    def cancel_booking(self, uid: str, reason: str) -> RemoteBooking:
        data = self._http.request(
            "POST",
            f"/bookings/{_segment(uid)}/cancel",
            body={"cancellationReason": reason},
            headers=_version(BOOKINGS_VERSION),
        )
        return self._map(lambda: mapping.booking_from_json(data))

    @staticmethod
    def _map(build: Callable[[], T]) -> T:
        try:
            return build()
        except mapping.RecordError as error:
            raise GatewayMalformedResponse(200, str(error), service=SERVICE) from None
