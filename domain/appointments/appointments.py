"""Appointments: one customer, one staff member, one event type, a start and an end."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from studiobook.domain.appointments.errors import (
    AppointmentAlreadyCancelled,
    InvalidAppointment,
)
from studiobook.domain.appointments.event_types import EventType
from studiobook.domain.appointments.values import (
    Id,
    check_moment,
    clean_id,
    clean_name,
    clean_optional_text,
    parse_money,
    set_fields,
)
from studiobook.domain.appointments.zones import seconds, seconds_up
from studiobook.domain.shared.customers import normalise_email
from studiobook.domain.shared.errors import InvalidCustomer


class AppointmentStatus(StrEnum):
    BOOKED = "booked"
    CANCELLED = "cancelled"

    @property
    def occupies_staff(self) -> bool:
        return self is AppointmentStatus.BOOKED


@dataclass(frozen=True, kw_only=True)
class Appointment:
    """``[start, end)`` in UTC; a cancelled appointment stays as history and blocks nothing.
    ``calcom_booking_uid``: the booking made for it in Cal.com, if any (kept when cancelled).
    ``price``: what the appointment costs, fixed when it is booked (the staff member's custom
    price for the event type, else the event type's); ``None`` only for one whose price was never
    recorded."""

    id: Id | None = None
    company_id: Id
    staff_id: Id
    event_type_id: Id
    start: datetime
    end: datetime
    customer_name: str
    customer_email: str | None = None
    status: AppointmentStatus = AppointmentStatus.BOOKED
    calcom_booking_uid: str | None = None
    price: Decimal | None = None

    def __post_init__(self) -> None:
        appointment_id = clean_id(self.id, "appointment", InvalidAppointment, optional=True)
        who = f"appointment {appointment_id}" if appointment_id is not None else "new appointment"
        start = check_moment(self.start, "start", who, InvalidAppointment)
        end = check_moment(self.end, "end", who, InvalidAppointment)
        if end <= start:
            raise InvalidAppointment(f"{who}: end {end} must be after start {start}")
        try:
            status = AppointmentStatus(self.status)
        except ValueError:
            allowed = ", ".join(s.value for s in AppointmentStatus)
            raise InvalidAppointment(
                f"{who}: status '{self.status}' is not one of {allowed}"
            ) from None
        email = self.customer_email
        if email is not None and not (isinstance(email, str) and not email.strip()):
            try:
                email = normalise_email(email if isinstance(email, str) else "")
            except InvalidCustomer:
                raise InvalidAppointment(
                    f"{who}: '{self.customer_email}' is not a valid e-mail address"
                ) from None
        else:
            email = None
        set_fields(
            self,
            id=appointment_id,
            company_id=clean_id(self.company_id, "company", InvalidAppointment),
            staff_id=clean_id(self.staff_id, "staff", InvalidAppointment),
            event_type_id=clean_id(self.event_type_id, "event type", InvalidAppointment),
            start=start,
            end=end,
            customer_name=clean_name(self.customer_name, "customer name", who, InvalidAppointment),
            customer_email=email,
            status=status,
            calcom_booking_uid=clean_optional_text(
                self.calcom_booking_uid, "Cal.com booking uid", who, InvalidAppointment
            ),
            price=None
            if self.price is None
            else parse_money(self.price, "price", who, InvalidAppointment),
        )

    @property
    def occupies_staff(self) -> bool:
        return self.status.occupies_staff

    def cancel(self) -> Appointment:
        """The cancelled appointment; cancelling twice is refused (it has nothing left to free)."""
        if self.status is AppointmentStatus.CANCELLED:
            raise AppointmentAlreadyCancelled(self.id)
        return replace(self, status=AppointmentStatus.CANCELLED)


@dataclass(frozen=True, slots=True, kw_only=True)
class BookedTime:
    """What availability needs of one *booked* appointment, and nothing more: whose time it
    takes, of which event type, ``[start, end)``, and that event type's buffers, which widen it
    to the time it blocks, :meth:`blocked` (as Cal.com widens a booking by its own event type's
    buffers). A narrow value: the store reads it straight from a row, no :class:`Appointment`
    is built."""

    appointment_id: Id | None
    staff_id: Id
    event_type_id: Id
    start: datetime
    end: datetime
    buffer_before_minutes: int
    buffer_after_minutes: int

    def __post_init__(self) -> None:
        who = f"booked time of appointment {self.appointment_id}"
        for moment in (self.start, self.end):
            if not isinstance(moment, datetime) or moment.utcoffset() is None:
                raise InvalidAppointment(f"{who}: {moment!r} needs a date, a time and a UTC offset")
        if self.end <= self.start:
            raise InvalidAppointment(f"{who}: end {self.end} must be after start {self.start}")
        for buffer in (self.buffer_before_minutes, self.buffer_after_minutes):
            if isinstance(buffer, bool) or not isinstance(buffer, int) or buffer < 0:
                raise InvalidAppointment(f"{who}: a buffer is whole minutes >= 0, got {buffer!r}")

    @classmethod
    def of(cls, appointment: Appointment, event_type: EventType) -> BookedTime:
        """The booked time of ``appointment``, widened by ``event_type`` (its own)."""
        if appointment.event_type_id != event_type.id:
            raise InvalidAppointment(
                f"appointment {appointment.id} is of event type {appointment.event_type_id}, "
                f"not {event_type.id}"
            )
        return cls(
            appointment_id=appointment.id,
            staff_id=appointment.staff_id,
            event_type_id=appointment.event_type_id,
            start=appointment.start,
            end=appointment.end,
            buffer_before_minutes=event_type.buffer_before_minutes,
            buffer_after_minutes=event_type.buffer_after_minutes,
        )

    @property
    def occupies_staff(self) -> bool:
        """Always: only booked appointments have a booked time (as :class:`Appointment`)."""
        return True

    def blocked(self) -> tuple[datetime, datetime]:
        """``[start - buffer before, end + buffer after)``: no other appointment's buffered
        window may overlap it."""
        return (
            self.start - timedelta(minutes=self.buffer_before_minutes),
            self.end + timedelta(minutes=self.buffer_after_minutes),
        )


class BookedSpan(NamedTuple):
    """A booked appointment as the availability engine counts it: epoch seconds, the buffers of
    its own event type already applied (``[blocked_from, blocked_until)`` is
    :meth:`BookedTime.blocked`, the end rounded up). A plain tuple, because a question about a
    week reads thousands of them straight from rows and builds nothing else."""

    staff_id: Id
    event_type_id: Id
    start: int  # rounded down: the per-day limit counts the local day it starts on
    blocked_from: int
    blocked_until: int

    @classmethod
    def of(cls, booked: BookedTime) -> BookedSpan:
        start = seconds(booked.start)
        return cls(
            booked.staff_id,
            booked.event_type_id,
            start,
            start - booked.buffer_before_minutes * 60,
            seconds_up(booked.end) + booked.buffer_after_minutes * 60,
        )
