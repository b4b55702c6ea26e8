"""A company's external calendar (Cal.com) in availability and appointments.

Availability: for an event type with a ``calcom_id``, each staff member with a
``calcom_username`` keeps a locally free slot only if the calendar offers that start to that
username too — so busy times in calendars connected to Cal.com count. Staff without a username,
event types without a calendar id and companies not connected stay local. When the calendar
fails (any :class:`GatewayError`) the answer is the local one, marked ``degraded``.

Appointments: the booking made in the calendar (a store-busy retry of the transaction reuses
it; a booking that does not commit here is cancelled there again, so none is left orphaned) and
cancelling it, which never stops the local cancellation.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TypedDict

from studiobook.application.appointments.calendar import (
    CalendarGateway,
    CompanyCalendars,
    RemoteBooking,
)
from studiobook.application.shared.ports import GatewayError, GatewayNotConfigured
from studiobook.domain.appointments import (
    Appointment,
    Assignment,
    BookedTime,
    EventType,
    Slot,
    Staff,
    available_slots,
)
from studiobook.domain.appointments.availability import SEARCH_WINDOWS, BusyTimes
from studiobook.domain.appointments.errors import InvalidAppointment
from studiobook.domain.appointments.values import Id
from studiobook.domain.shared.ids import saved_id

log = logging.getLogger("studiobook.calendar")
CANCEL_REASON = "cancelled in studiobook"
WITHDRAW_REASON = "not stored in studiobook (the local booking failed)"


# -- availability --------------------------------------------------------------------------------
@dataclass(frozen=True)
class RemoteQuestion:
    """What to ask the calendar: its event type id and the username of each staff member who
    has one."""

    event_type_id: Id
    usernames: Mapping[Id, str]


def remote_question(event_type: EventType, staff: Iterable[Staff]) -> RemoteQuestion | None:
    """``None`` when the calendar has nothing to say (no calendar id, nobody with a username)."""
    if event_type.calcom_id is None:
        return None
    usernames = {saved_id(m): m.calcom_username for m in staff if m.calcom_username}
    return RemoteQuestion(event_type.calcom_id, usernames) if usernames else None


def restrict(
    slots: Sequence[Slot], usernames: Mapping[Id, str], offered: Mapping[str, set[datetime]]
) -> list[Slot]:
    """The slots with each staff member who has a username kept only where the calendar offers
    that start to them; slots left without anyone are dropped."""
    kept = []
    for slot in slots:
        staff = tuple(
            s for s in slot.staff_ids
            if s not in usernames or slot.start in offered.get(usernames[s], ())
        )  # fmt: skip
        if staff:
            kept.append(slot if staff == slot.staff_ids else replace(slot, staff_ids=staff))
    return kept


def narrow(
    calendars: CompanyCalendars,
    company_id: Id,
    question: RemoteQuestion | None,
    slots: Sequence[Slot],
    start: datetime,
    end: datetime,
) -> tuple[list[Slot], bool]:
    """``(slots, degraded)``: the local slots in ``[start, end)`` intersected with the calendar's
    offer, or the local slots and ``True`` when the calendar failed. The calendar is asked only
    about usernames that have a local slot (none: no request at all)."""
    usernames = question.usernames if question is not None else {}
    names = sorted({usernames[s] for slot in slots for s in slot.staff_ids if s in usernames})
    if question is None or not names:
        return list(slots), False
    try:
        gateway = calendars.for_company(company_id)
        if gateway is None:
            return list(slots), False
        try:
            offered = gateway.free_slots(question.event_type_id, start, end, usernames=names)
        finally:
            gateway.close()
    except GatewayError as error:
        log.warning(
            "%s; availability of company %s is answered from local data only", error, company_id
        )
        return list(slots), True
    return restrict(slots, question.usernames, {n: set(s) for n, s in offered.items()}), False


class SlotSearch(TypedDict):
    """The keyword arguments of :func:`available_slots` and :func:`next_available_slot` besides
    the event type and the range."""

    staff: Sequence[Staff]
    assignments: Sequence[Assignment]
    appointments: Sequence[BookedTime]
    now: datetime
    branch_id: Id | None
    busy: BusyTimes  # e.g. the days the company is closed, per staff member


def first_offered(
    calendars: CompanyCalendars,
    company_id: Id,
    event_type: EventType,
    question: RemoteQuestion,
    first: Slot,
    limit: datetime,
    search: SlotSearch,
) -> tuple[Slot | None, bool]:
    """``(slot, degraded)`` for the next-slot search: the earliest local slot before ``limit``
    that the calendar offers too, looked for from ``first`` (the first local slot) on in the
    engine's growing windows; the calendar failing gives ``first``, degraded. ``search``: the
    keyword arguments of :func:`available_slots` besides the event type and the range."""
    low = first.start
    for high in sorted({min(low + timedelta(days=d), limit) for d in SEARCH_WINDOWS} | {limit}):
        local = available_slots(event_type, start=low, end=high, **search)
        offered, degraded = narrow(calendars, company_id, question, local, low, high)
        if degraded:
            return first, True
        if offered:
            return offered[0], False
        low = high
    return None, False


# -- appointments ----------------------------------------------------------------------------------
class CompanyCalendar:
    """The company's calendar for one booking or cancellation, looked up before the transaction
    (so no lookup runs inside it). A connected company whose gateway cannot be made is kept as
    ``problem`` and raised only when the calendar is actually needed. ``made``: the remote
    booking of this call — a transaction attempt retried (store busy) reuses it."""

    def __init__(self, calendars: CompanyCalendars, company_id: Id) -> None:
        self.company_id = company_id
        self.problem: GatewayError | None = None
        self.gateway: CalendarGateway | None = None
        self.made: RemoteBooking | None = None
        try:
            self.gateway = calendars.for_company(company_id)
        except GatewayError as error:
            self.problem = error

    @property
    def connected(self) -> bool:
        return self.gateway is not None or self.problem is not None

    def require(self) -> CalendarGateway:
        if self.problem is not None:
            raise self.problem
        assert self.gateway is not None, "require() on a company that is not connected"
        return self.gateway

    def book(self, event_type: EventType, member: Staff, appointment: Appointment) -> Appointment:
        """Book ``appointment`` in the calendar too (after the local live check passed); its
        uid goes on the appointment. A refusal raises the gateway's error."""
        if self.made is not None:  # an earlier attempt of this call booked it already
            return replace(appointment, calcom_booking_uid=self.made.uid)
        if appointment.customer_email is None:
            raise InvalidAppointment(
                f"event type {event_type.id} is booked in Cal.com too, which needs the "
                "customer's e-mail address"
            )
        if event_type.calcom_id is None:
            raise InvalidAppointment(f"event type {event_type.id} is not a Cal.com event type")
        remote = self.require().create_booking(
            event_type.calcom_id,
            appointment.start,
            name=appointment.customer_name,
            email=appointment.customer_email,
            time_zone=member.time_zone,
        )
        self.made = remote
        hosts = {host.username for host in remote.hosts}
        if hosts and member.calcom_username not in hosts:
            # Cal.com's booking request names no host: round robin may choose another one.
            log.warning(
                "Cal.com gave booking %s to %s, not to %s (staff %s)",
                remote.uid, ", ".join(sorted(map(str, hosts))), member.calcom_username, member.id,
            )  # fmt: skip
        return replace(appointment, calcom_booking_uid=remote.uid)

    def withdraw(self) -> None:
        """Cancel the remote booking of this call when the booking was not stored here (the
        transaction failed after it was made). A failure is logged."""
        if self.made is None:
            return
        uid, self.made = self.made.uid, None
        try:
            self.require().cancel_booking(uid, WITHDRAW_REASON)
        except GatewayError as error:
            log.error(
                "the Cal.com booking %s of company %s was not stored here and could not be "
                "cancelled: %s", uid, self.company_id, error,
            )  # fmt: skip

    def cancel(self, uid: str) -> dict[str, object]:
        """Cancel ``uid`` in the calendar; never raises: the outcome, for the audit row."""
        try:
            if not self.connected:
                raise GatewayNotConfigured(None, "the company is not connected", "Cal.com")
            self.require().cancel_booking(uid, CANCEL_REASON)
        except GatewayError as error:
            log.warning(
                "%s: the Cal.com booking %s stays; the appointment is cancelled here only",
                error, uid,
            )  # fmt: skip
            return {"calcom_cancelled": False, "calcom_error": str(error)}
        return {"calcom_cancelled": True}

    def close(self) -> None:
        if self.gateway is not None:
            self.gateway.close()
