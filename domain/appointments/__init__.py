"""Appointments: companies, staff, event types, and the availability engine (SPEC 2.3).

Pure like the rest of ``domain``: standard library only, no I/O beyond reading the IANA zone
database through ``zoneinfo``, and time ("now") is always an argument.

The public names, by module:

* :mod:`.intervals` — ``Interval``, ``normalise``, ``union``, ``intersect``, ``subtract``,
  ``covers``, ``overlapping``, ``total``;
* :mod:`.working_hours` — ``Weekday``, ``TimeRange``, ``WorkingHours``, ``working_intervals``,
  ``working_seconds``;
* :mod:`.company` — ``Company``, ``Branch``; :mod:`.staff` — ``Staff``, ``Assignment``;
* :mod:`.event_types` — ``EventType``, ``BookingLimits``, ``choose_event_type``, ``slugify``;
* :mod:`.appointments` — ``Appointment``, ``AppointmentStatus``, ``BookedTime`` (what
  availability needs of a booked appointment: its time and its event type's buffers) and
  ``BookedSpan`` (the same in epoch seconds, as the engine counts);
* :mod:`.availability` — ``Slot``, ``available_slots``, ``next_available_slot``,
  ``slot_refusal``, ``is_slot_bookable``, ``book_appointment``, ``load_window``;
* :mod:`.errors` — the errors, all :class:`studiobook.domain.shared.errors.DomainError`.
"""

from studiobook.domain.appointments.appointments import (
    Appointment,
    AppointmentStatus,
    BookedSpan,
    BookedTime,
)
from studiobook.domain.appointments.availability import (
    Slot,
    available_slots,
    book_appointment,
    is_slot_bookable,
    load_window,
    next_available_slot,
    slot_refusal,
)
from studiobook.domain.appointments.company import Branch, Company
from studiobook.domain.appointments.event_types import (
    BookingLimits,
    EventType,
    EventTypeChoice,
    choose_event_type,
    slugify,
)
from studiobook.domain.appointments.staff import Assignment, Staff
from studiobook.domain.appointments.working_hours import (
    TimeRange,
    Weekday,
    WorkingHours,
    working_intervals,
    working_seconds,
)

__all__ = [
    "Appointment",
    "AppointmentStatus",
    "Assignment",
    "BookedSpan",
    "BookedTime",
    "BookingLimits",
    "Branch",
    "Company",
    "EventType",
    "EventTypeChoice",
    "Slot",
    "Staff",
    "TimeRange",
    "Weekday",
    "WorkingHours",
    "available_slots",
    "book_appointment",
    "choose_event_type",
    "is_slot_bookable",
    "load_window",
    "next_available_slot",
    "slot_refusal",
    "slugify",
    "working_intervals",
    "working_seconds",
]
