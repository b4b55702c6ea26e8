"""Errors of the appointment side: each message names the record and what is wrong with it."""

from __future__ import annotations

from studiobook.domain.shared.errors import DomainError, InvalidValue, NotFound


class InvalidSchedule(InvalidValue):
    """Working hours, a time range, a date override or a time zone that can never be valid."""


class InvalidCompany(InvalidValue):
    pass


class InvalidStaff(InvalidValue):
    pass


class InvalidEventType(InvalidValue):
    pass


class InvalidAssignment(InvalidValue):
    pass


class InvalidAppointment(InvalidValue):
    pass


class InvalidAvailabilityQuery(InvalidValue):
    """An availability question that cannot be answered as asked (e.g. a range that ends before
    it starts, or staff of another company)."""


class NoBookableEventType(NotFound):
    """Neither the requested event type nor the company default can be booked."""

    def __init__(self, requested_id: object, company_id: object, why: str) -> None:
        super().__init__(
            f"event type {requested_id} cannot be booked and company {company_id} has no "
            f"usable default event type ({why}); activate one or set a default"
        )
        self.requested_id = requested_id
        self.company_id = company_id


class SlotNotAvailable(DomainError):
    """The live check at booking time refused the slot; ``reason`` says why."""

    def __init__(self, staff_id: object, start: object, reason: str) -> None:
        super().__init__(f"staff {staff_id} cannot be booked at {start}: {reason}")
        self.staff_id = staff_id
        self.start = start
        self.reason = reason


class StudioClosed(SlotNotAvailable):
    """The company is closed that day (a public holiday, a day it closed): no other staff member
    or time that day will do, so a client hears a code of its own rather than ``slot_taken``."""


class AppointmentAlreadyCancelled(DomainError):
    def __init__(self, appointment_id: object) -> None:
        super().__init__(f"appointment {appointment_id} is already cancelled")
        self.appointment_id = appointment_id
