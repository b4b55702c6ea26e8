"""Appointments as a customer books them (SPEC 6): anonymous, with a manage token afterwards.

A customer names the company by id or slug, sees its active services and their free slots, and
books one — with a staff member of their choice or, without one, a staff member free at that
start: primary staff for the service first, then the least booked that day. The manage token is issued in the booking's own transaction (so there is never an
appointment without one, nor a token without an appointment), and an ``Idempotency-Key`` answer
is stored in that transaction too. The token then opens the appointment to look at, cancel or
move — and only that appointment: it names its company, so no other tenant's data is reachable.

The booking logic is :class:`~studiobook.application.appointments.appointments.Appointments`'
own (the live check under the staff member's lock, Cal.com included); this module only wraps
its work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from studiobook.application.appointments.appointments import (
    Appointments,
    Availability,
    AvailabilityAnswer,
    Work,
    appointment_of,
    booking,
    cancelling,
    rescheduling,
)
from studiobook.application.appointments.calcom.remote import CompanyCalendar
from studiobook.application.appointments.notices import APPOINTMENT, tell_appointment
from studiobook.application.appointments.ports import (
    AppointmentsUnitOfWork,
    CompanyRef,
    CompanyRepository,
)
from studiobook.application.appointments.tenancy import CompanyNotFound, EventTypeNotFound
from studiobook.application.shared.metrics import Metrics, NoMetrics, counts_bookings
from studiobook.application.shared.ports import Clock
from studiobook.application.shared.public import (
    Once,
    PublicUnitOfWork,
    Replayed,
    issue_manage_token,
    managed,
    remembering,
)
from studiobook.application.shared.transactions import Events, Transactions
from studiobook.domain.appointments import Appointment, Company, EventType
from studiobook.domain.appointments.company import SLUG
from studiobook.domain.appointments.errors import InvalidAppointment, SlotNotAvailable
from studiobook.domain.appointments.values import Id
from studiobook.domain.notifications.languages import DEFAULT_LANGUAGE, language_called
from studiobook.domain.notifications.messages import Language, MessageKind
from studiobook.domain.shared.ids import saved_id

MAX_ID = 2**31 - 1  # the store's integer keys
_ONE_START = timedelta(minutes=1)  # slots start on whole minutes: [start, start + 1 min) is one

class PublicAppointmentsUnitOfWork(AppointmentsUnitOfWork, PublicUnitOfWork, Protocol):
    """The appointments' transaction with the manage tokens and remembered answers."""


def company_ref(ref: str) -> CompanyRef:
    """What :func:`company_called` looks for, to be found inside another read; a ``ref`` that
    can name no company raises :class:`CompanyNotFound` at once."""
    if ref.isascii() and ref.isdigit():
        if 1 <= int(ref) <= MAX_ID:
            return CompanyRef(id=int(ref))
    elif len(ref) <= 100 and SLUG.fullmatch(ref):
        return CompanyRef(slug=ref)
    raise CompanyNotFound(ref)


def company_called(companies: CompanyRepository, ref: str) -> Company:
    """The company a public address names: ``ref`` is its id (digits) or its slug. Anything
    else is "not found", like a company that does not exist."""
    wanted = company_ref(ref)
    if wanted.id is not None:
        company = companies.get(wanted.id)
    else:
        company = companies.get_by_slug(ref)
    if company is None:
        raise CompanyNotFound(ref)
    return company


@dataclass(frozen=True)
class AppointmentBooked:
    appointment: Appointment
    manage_token: str
    time_zone: str  # the company's: the answer shows times there


@dataclass(frozen=True)
class ManagedAppointment:
    """What a manage token opens."""

    appointment: Appointment
    time_zone: str


@dataclass
class CustomerAppointments:
    transactions: Transactions
    clock: Clock
    availability: Availability
    appointments: Appointments
    metrics: Metrics = field(default_factory=NoMetrics)

    def company(self, ref: str) -> Company:
        return self.transactions.read(lambda uow: company_called(uow.companies, ref))

    def event_types(self, ref: str) -> tuple[Company, list[EventType]]:
        """The company's active services, by id."""

        def work(uow: AppointmentsUnitOfWork) -> tuple[Company, list[EventType]]:
            company = company_called(uow.companies, ref)
            return company, uow.event_types.list(saved_id(company), active=True)

        return self.transactions.read(work)

    def slots(
        self,
        ref: str,
        event_type_id: Id,
        start: datetime,
        end: datetime,
        *,
        staff_id: Id | None = None,
        branch_id: Id | None = None,
    ) -> tuple[Company, AvailabilityAnswer]:
        """Free slots as :meth:`Availability.slots` gives them (cached, Cal.com included); the
        company is found in the same transaction."""
        return self.availability.answer(
            company_ref(ref), event_type_id, start, end, staff_id=staff_id, branch_id=branch_id
        )

    @counts_bookings("appointment")
    def book(
        self,
        ref: str,
        event_type_id: Id,
        start: datetime,
        name: str,
        email: str,
        *,
        staff_id: Id | None = None,
        once: Once[AppointmentBooked] | None = None,
        language: str = DEFAULT_LANGUAGE,
    ) -> AppointmentBooked | Replayed:
        """Book ``start`` with ``staff_id``, or else with a staff member free then: primary
        staff first, then the least booked that day (:meth:`Appointments.staff_in_turn`); one
        taken meanwhile makes way for the next. Raises
        :class:`SlotNotAvailable` when nobody can be booked. ``language``: the customer's ("de"
        or "en"), for what they are told."""
        spoken = language_called(language)
        if start.utcoffset() is None:
            raise InvalidAppointment(f"the start {start} needs a UTC offset, e.g. +01:00")
        company = self.company(ref)
        company_id = saved_id(company)
        now = self.clock.now()
        candidates: list[Id | None] = [staff_id]
        if staff_id is None:
            free = self._free_staff(company_id, event_type_id, start, now)
            in_turn = self.appointments.staff_in_turn(company_id, event_type_id, free, start)
            candidates = [*in_turn] or [None]
        refusal: SlotNotAvailable | None = None
        for candidate in candidates:
            try:
                return self._book_with(
                    company, event_type_id, candidate, start, now, name, email, once, spoken
                )
            except SlotNotAvailable as error:
                refusal = error
        assert refusal is not None
        raise refusal

    def _free_staff(
        self, company_id: Id, event_type_id: Id, start: datetime, now: datetime
    ) -> tuple[Id, ...]:
        answer = self.availability.slots(company_id, event_type_id, start, start + _ONE_START, now=now)
        if answer.fallback_used:  # the availability answers for the default instead
            raise EventTypeNotFound(event_type_id, company_id)
        return next((s.staff_ids for s in answer.slots if s.start == start), ())

    def _book_with(
        self,
        company: Company,
        event_type_id: Id,
        staff_id: Id | None,
        start: datetime,
        now: datetime,
        name: str,
        email: str,
        once: Once[AppointmentBooked] | None,
        language: Language,
    ) -> AppointmentBooked | Replayed:
        company_id = saved_id(company)

        def work_for(calendar: CompanyCalendar) -> Work[AppointmentBooked | Replayed]:
            if staff_id is None:
                work: Work[Appointment] = _nobody_free(event_type_id, start)
            else:
                work = booking(
                    calendar, company_id, event_type_id, staff_id, start, now, name, email,
                    holidays=self.appointments.holidays,
                )  # fmt: skip
            return remembering(once, now, _with_token(work, company, now, language))

        return self.appointments.write(company_id, work_for)

    def find(self, token: str) -> ManagedAppointment:
        def work(uow: PublicAppointmentsUnitOfWork) -> ManagedAppointment:
            record = managed(uow, token, APPOINTMENT)
            appointment = appointment_of(uow, record.company_id, record.record_id)
            return ManagedAppointment(appointment, _zone(uow, record.company_id))

        return self.transactions.read(work)

    def cancel(
        self,
        token: str,
        once: Once[ManagedAppointment] | None = None,
        *,
        language: str = DEFAULT_LANGUAGE,
    ) -> ManagedAppointment | Replayed:
        """Customers cancel like the studio does: the time is free at once, Cal.com is told."""
        spoken = language_called(language)

        def change(calendar: CompanyCalendar, company_id: Id, record_id: Id) -> Work[Appointment]:
            work = cancelling(calendar, company_id, record_id)

            def told(uow: AppointmentsUnitOfWork, events: Events) -> Appointment:
                cancelled = work(uow, events)
                tell_appointment(
                    uow, MessageKind.APPOINTMENT_CANCELLED, cancelled, now,
                    self.appointments.studio_language, language=spoken, token=token,
                )  # fmt: skip
                return cancelled

            return told

        now = self.clock.now()
        return self._change(token, once, change)

    def reschedule(
        self,
        token: str,
        start: datetime,
        once: Once[ManagedAppointment] | None = None,
        *,
        language: str = DEFAULT_LANGUAGE,
    ) -> ManagedAppointment | Replayed:
        """Move the appointment to ``start`` (see :meth:`Appointments.reschedule`)."""
        spoken = language_called(language)
        if start.utcoffset() is None:
            raise InvalidAppointment(f"the new start {start} needs a UTC offset, e.g. +01:00")
        now = self.clock.now()

        def moved(uow: AppointmentsUnitOfWork, before: Appointment, after: Appointment) -> None:
            tell_appointment(
                uow, MessageKind.APPOINTMENT_RESCHEDULED, after, now,
                self.appointments.studio_language, language=spoken, token=token,
                previous_start=before.start,
            )  # fmt: skip

        return self._change(
            token, once,
            lambda calendar, company_id, record_id: rescheduling(
                company_id, record_id, start, now, then=moved,
                holidays=self.appointments.holidays,
            ),
        )  # fmt: skip

    def _change(
        self,
        token: str,
        once: Once[ManagedAppointment] | None,
        change: Callable[[CompanyCalendar, Id, Id], Work[Appointment]],
    ) -> ManagedAppointment | Replayed:
        # The token names the company, whose calendar is looked up before the transaction.
        record = self.transactions.read(lambda uow: managed(uow, token, APPOINTMENT))
        company_id, record_id = record.company_id, record.record_id
        now = self.clock.now()

        def work_for(calendar: CompanyCalendar) -> Work[ManagedAppointment | Replayed]:
            work = change(calendar, company_id, record_id)

            def changed(uow: PublicAppointmentsUnitOfWork, events: Events) -> ManagedAppointment:
                return ManagedAppointment(work(uow, events), _zone(uow, company_id))

            return remembering(once, now, changed)

        return self.appointments.write(company_id, work_for)


def _with_token(
    work: Work[Appointment], company: Company, now: datetime, language: Language
) -> Callable[[PublicAppointmentsUnitOfWork, Events], AppointmentBooked]:
    """``work``, then the manage token of what it booked and the customer's confirmation
    carrying it, in the same transaction."""

    def issued(uow: PublicAppointmentsUnitOfWork, events: Events) -> AppointmentBooked:
        booked = work(uow, events)
        token = issue_manage_token(
            uow, APPOINTMENT, int(saved_id(booked)), int(saved_id(company)), now
        )
        tell_appointment(
            uow, MessageKind.APPOINTMENT_CONFIRMED, booked, now, language,
            language=language, token=token,
        )  # fmt: skip
        return AppointmentBooked(booked, token, company.time_zone)

    return issued


class NobodyFree(SlotNotAvailable):
    """No staff member offering the service is free at that start."""

    def __init__(self, event_type_id: Id, start: datetime) -> None:
        reason = f"nobody offering event type {event_type_id} is free then"
        super().__init__(None, start.isoformat(), reason)
        self.args = (f"{start.isoformat()} cannot be booked: {reason}",)


def _nobody_free(event_type_id: Id, start: datetime) -> Work[Appointment]:
    """Work that refuses: run anyway, so that a remembered answer is still replayed."""

    def work(uow: Any, events: Events) -> Appointment:
        raise NobodyFree(event_type_id, start)

    return work


def _zone(uow: AppointmentsUnitOfWork, company_id: Id) -> str:
    company = uow.companies.get(company_id)
    if company is None:  # pragma: no cover - a token's company is never deleted
        raise CompanyNotFound(company_id)
    return company.time_zone
