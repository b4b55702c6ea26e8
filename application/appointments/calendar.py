"""The calendar port: services, team members, free slots and bookings of an external calendar.

Cal.com is the built-in implementation (``adapters/calcom``); the names here are neutral so a
plugin can offer another calendar behind the same port. The values are what the application
needs, not a copy of any wire format: ids are kept as the calendar sends them (Cal.com: numbers),
times are aware datetimes in UTC, money is ``Decimal``.

A gateway speaks for one account (one API key), so it is made per company by a
:class:`CalendarGatewayFactory`. Every method raises a :class:`~studiobook.application.shared.ports.GatewayError`
subclass on failure, with ``service`` naming the calendar; reads are retried, writes are not
repeated when they may have reached the calendar.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from studiobook.domain.appointments.values import Id

# The key of :meth:`CalendarGateway.free_slots` when no usernames were asked for: "some host".
ANY_HOST = "*"


@dataclass(frozen=True)
class RemoteHost:
    """A calendar user who can be booked for an event type (or was, for a booking)."""

    user_id: Id
    username: str | None
    name: str | None


@dataclass(frozen=True)
class RemoteEventType:
    """A service as the calendar defines it. Minutes are whole; ``slot_interval_minutes`` is
    ``None`` when the calendar steps by the length; ``hidden`` means not offered publicly."""

    remote_id: Id
    title: str
    slug: str
    description: str
    length_minutes: int
    slot_interval_minutes: int | None
    minimum_notice_minutes: int
    buffer_before_minutes: int
    buffer_after_minutes: int
    price: Decimal
    currency: str
    hidden: bool
    scheduling_type: str | None  # "ROUND_ROBIN", "COLLECTIVE", "MANAGED" or None
    hosts: tuple[RemoteHost, ...]


@dataclass(frozen=True)
class RemoteMember:
    """A member of the calendar team; sync matches staff by ``username``, then ``email``."""

    membership_id: Id
    user_id: Id
    role: str
    email: str
    username: str | None
    name: str | None


@dataclass(frozen=True)
class RemoteBooking:
    """A booking as the calendar stored it; ``uid`` is what cancelling needs."""

    remote_id: Id
    uid: str
    status: str
    start: datetime
    end: datetime
    hosts: tuple[RemoteHost, ...] = ()


class CalendarGateway(Protocol):
    """One calendar account. Team and event type ids are the calendar's own."""

    def team_event_types(self, team_id: Id) -> list[RemoteEventType]:
        """Every event type of the team, hidden ones included. One record that does not map
        fails the call (:class:`~studiobook.application.shared.ports.GatewayMalformedResponse` naming it): a sync
        must not mistake a skipped record for one that is gone."""

    def team_members(self, team_id: Id) -> list[RemoteMember]:
        """Every member of the team; the gateway pages until the listing is exhausted."""

    def free_slots(
        self,
        event_type_id: Id,
        start: datetime,
        end: datetime,
        time_zone: str = "UTC",
        usernames: Sequence[str] | None = None,
    ) -> dict[str, list[datetime]]:
        """The start instants the calendar offers for the event type in ``[start, end)``
        (``start``/``end`` aware), in UTC, sorted, without duplicates.

        Keyed by each username asked for — that user's own free starts (empty when the user
        is not a host) — or, with ``usernames=None``, by :data:`ANY_HOST` for "some host is
        free". ``time_zone`` is the zone the calendar groups days in; the instants do not
        depend on it."""

    def create_booking(
        self, event_type_id: Id, start: datetime, *, name: str, email: str, time_zone: str
    ) -> RemoteBooking:
        """Book ``start`` for an attendee. Refused (taken, outside hours, bad attendee):
        :class:`~studiobook.application.shared.ports.GatewayInvalidRequest` with the calendar's reason. A failure
        after sending is never retried; its message says the outcome is unknown."""

    def cancel_booking(self, uid: str, reason: str) -> RemoteBooking:
        """Cancel the booking ``uid``; the answer has the cancelled status."""

    def close(self) -> None:
        """Release connections; the gateway is not used afterwards."""


class CalendarGatewayFactory(Protocol):
    """Makes the gateway for one account; each company has its own key (decrypted by the
    caller, never stored by the gateway beyond its connection)."""

    def __call__(self, api_key: str) -> CalendarGateway: ...


class CompanyCalendars(Protocol):
    """Which companies are connected to a calendar, and their gateways (availability and
    appointments ask it; the company connection wiring implements it).

    Called outside any transaction. Each call gives a gateway the caller closes when done (an
    implementation that shares clients may hand out one whose ``close`` does nothing)."""

    def for_company(self, company_id: Id) -> CalendarGateway | None:
        """The company's gateway, or ``None`` when it is not connected. Connected but unusable
        (no key stored, the key cannot be decrypted): raise a
        :class:`~studiobook.application.shared.ports.GatewayError` (e.g. ``GatewayNotConfigured``), so that
        availability degrades to local data and a booking that needs the calendar is refused
        with that message."""


class NoCompanyCalendars:
    """No company is connected: everything stays local (the default until the wiring lands)."""

    def for_company(self, company_id: Id) -> CalendarGateway | None:
        return None


__all__ = (
    "ANY_HOST",
    "CalendarGateway",
    "CalendarGatewayFactory",
    "CompanyCalendars",
    "NoCompanyCalendars",
    "RemoteBooking",
    "RemoteEventType",
    "RemoteHost",
    "RemoteMember",
)
