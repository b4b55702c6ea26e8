"""What answering a request gives back (:class:`RequestAnswer`), and what every answer reads of
the request: whom the caller would take, the last day of a range, and who the customer is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TypedDict
from zoneinfo import ZoneInfo

from studiobook.domain.appointments import Appointment, Slot
from studiobook.domain.appointments.values import Id
from studiobook.domain.requests import BookingRequest, StaffEntry


@dataclass(frozen=True)
class RequestAnswer:
    """``kind``: ``slots`` (free slots in the window), ``next_slot`` (one slot: the next free
    one, or the earliest asked for), ``question`` (something to clarify: ``options`` or
    ``missing``), ``booked`` (``appointment``), ``info`` (a price or a duration),
    ``confirm`` (what cancelling or moving ``appointment`` would do, without ``book``),
    ``cancelled``/``rescheduled`` (``appointment``, as it is now), ``none`` (nothing free, no
    appointment found, or not ours to do). ``assumed_service``: no service was named and the
    company's default was used."""

    request: BookingRequest
    kind: str
    text: str
    event_type_id: Id | None = None
    slots: tuple[Slot, ...] = ()
    appointment: Appointment | None = None
    options: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    staff_names: Mapping[Id, str] | None = None
    zone: ZoneInfo | None = None  # the zone the request was read in (local times for people)
    assumed_service: bool = False
    price: Decimal | None = None
    duration_minutes: int | None = None


class AnswerDetails(TypedDict, total=False):
    """What a :class:`RequestAnswer` holds besides the request, its kind and its text."""

    event_type_id: Id | None
    slots: tuple[Slot, ...]
    appointment: Appointment | None
    options: tuple[str, ...]
    missing: tuple[str, ...]
    price: Decimal | None
    duration_minutes: int | None


def wished_staff(request: BookingRequest) -> tuple[StaffEntry, ...]:
    """Everyone the caller would take: ``staff_alternatives`` ("Anna oder Mehmet"), else the one
    ``staff``."""
    if request.staff_alternatives:
        return request.staff_alternatives
    return (request.staff,) if request.staff is not None else ()


def last_day(request: BookingRequest) -> date | None:
    """The last day of a range ("am Wochenende"), when it lies after ``date``."""
    end = request.date_to
    return end if end is not None and request.date is not None and end > request.date else None


def customer_of(customer: object) -> tuple[str | None, str | None]:
    """``(name, e-mail)`` of a customer given as a name or as anything with ``name`` and
    ``email``."""
    if customer is None:
        return None, None
    if isinstance(customer, str):
        return customer.strip() or None, None
    name = getattr(customer, "name", None)
    return (name.strip() or None) if isinstance(name, str) else None, getattr(customer, "email", None)
