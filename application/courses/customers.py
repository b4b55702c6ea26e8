"""Courses as a customer books them (SPEC 6): anonymous, with a manage token afterwards.

A customer is held to every booking rule of the course (``Booker.CUSTOMER``): members-only
against the local WODIFY copy, the class drop (``opens_before``), no booking into a started or
cancelled session, and the cancellation cutoff. The manage token is issued in the booking's own
transaction, and so is the answer stored under an ``Idempotency-Key``: a retry after a crash
between commit and response gets the same answer, and nothing is written twice.

A token opens one booking or one waitlist entry of one company — nothing else. A waitlist
entry's token keeps working once the entry became a booking: it then opens (and cancels) that
booking, since the customer only ever got the one token.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from studiobook.application.appointments.customers import company_called
from studiobook.application.courses.bookings import (
    book_or_queue,
    booking_with_locked_course,
    change_booking,
    locked_course,
)
from studiobook.application.courses.notices import BOOKING, WAITLIST_ENTRY, confirm
from studiobook.application.courses.ports import CoursesUnitOfWork
from studiobook.application.shared.metrics import Metrics, NoMetrics, counts_bookings
from studiobook.application.shared.ports import Clock, ManagedRecord
from studiobook.application.shared.public import (
    Once,
    Replayed,
    issue_manage_token,
    managed,
    remembering,
)
from studiobook.application.shared.transactions import Events, Transactions
from studiobook.domain.appointments import Company
from studiobook.domain.courses.bookings import Booking
from studiobook.domain.courses.course import Course
from studiobook.domain.courses.rules import Booker
from studiobook.domain.courses.waitlist import WaitlistEntry
from studiobook.domain.notifications.languages import DEFAULT_LANGUAGE, language_called
from studiobook.domain.notifications.messages import Language, MessageKind
from studiobook.domain.shared.customers import Customer
from studiobook.domain.shared.errors import (
    BookingNotFound,
    CourseNotFound,
    InvalidTickets,
    WaitlistEntryNotFound,
)
from studiobook.domain.shared.ids import saved_id

CANCELLED_BY_CUSTOMER = "cancelled by the customer"


@dataclass(frozen=True)
class CourseOffer:
    """A course as customers see it. ``bookable``: a customer could book a seat right now
    (not cancelled, not started, booking open, a seat free) — members-only aside, which depends
    on who asks."""

    course: Course
    bookable: bool


@dataclass(frozen=True)
class SeatsBooked:
    booking: Booking
    manage_token: str


@dataclass(frozen=True)
class Waitlisted:
    entry: WaitlistEntry
    position: int  # 1 is next in line
    manage_token: str


@dataclass(frozen=True)
class ManagedBooking:
    """What a manage token opens: a booking, or a waitlist entry — with the booking it became
    once promoted. ``position`` is the entry's place while it waits."""

    course: Course
    booking: Booking | None = None
    entry: WaitlistEntry | None = None
    position: int | None = None


def bookable(course: Course, now: datetime) -> bool:
    if course.cancelled or (course.starts_at is not None and now >= course.starts_at):
        return False
    opens_at = course.rules.opens_at(course.starts_at)
    if opens_at is not None and now < opens_at:
        return False
    return course.free_spots is None or course.free_spots > 0


def position_of(uow: CoursesUnitOfWork, entry: WaitlistEntry) -> int | None:
    """The entry's place in its course's waitlist (``None``: it no longer waits)."""
    waiting = [e.id for e in uow.waitlist.waiting(entry.course_id)]
    return waiting.index(entry.id) + 1 if entry.id in waiting else None


@dataclass
class CustomerBookings:
    """Customers are told in the language they ask in; customers a cancellation moves up from
    the waitlist in ``studio_language`` (a waitlist place keeps no language of its own)."""

    transactions: Transactions
    clock: Clock
    studio_language: Language = DEFAULT_LANGUAGE
    metrics: Metrics = field(default_factory=NoMetrics)

    def courses(
        self, company: str, starts_from: datetime, starts_before: datetime
    ) -> tuple[Company, list[CourseOffer]]:
        """The company's courses starting in ``[starts_from, starts_before)`` with live free
        spots (one grouped query); cancelled sessions are left out."""
        now = self.clock.now()

        def work(uow: CoursesUnitOfWork) -> tuple[Company, list[CourseOffer]]:
            found = company_called(uow.companies, company)
            courses = uow.courses.list(int(saved_id(found)), starts_from, starts_before)
            return found, [CourseOffer(c, bookable(c, now)) for c in courses if not c.cancelled]

        return self.transactions.read(work)

    @counts_bookings("course")
    def book(
        self,
        company: str,
        course_id: int,
        name: str,
        email: str,
        tickets: int = 1,
        waitlist: bool = False,
        *,
        once: Once[SeatsBooked | Waitlisted] | None = None,
        language: str = DEFAULT_LANGUAGE,
    ) -> SeatsBooked | Waitlisted | Replayed:
        """Book seats as the customer; with ``waitlist`` a full course queues them instead of
        refusing. Raises the rule that refuses (``BookingRefused``) or ``NotEnoughFreeSpots``.
        ``language``: the customer's ("de" or "en"), for what they are told."""
        customer = Customer.of(name, email)
        spoken = language_called(language)
        now = self.clock.now()

        def work(uow: CoursesUnitOfWork, events: Events) -> SeatsBooked | Waitlisted:
            company_id = int(saved_id(company_called(uow.companies, company)))
            course = locked_course(uow, course_id, company_id)
            result = book_or_queue(
                uow, course, customer, tickets, now, waitlist=waitlist, booker=Booker.CUSTOMER,
                language=spoken,
            )
            events.extend(course.pull_events())
            if isinstance(result, WaitlistEntry):
                token = issue_manage_token(uow, WAITLIST_ENTRY, saved_id(result), company_id, now)
                return Waitlisted(result, position_of(uow, result) or 0, token)
            token = issue_manage_token(uow, BOOKING, saved_id(result), company_id, now)
            confirm(
                uow, MessageKind.BOOKING_CONFIRMED, course, result, now, self.studio_language,
                language=spoken, token=token,
            )  # fmt: skip
            return SeatsBooked(result, token)

        once_only = remembering(once, now, work)
        return self.transactions.write(once_only)

    def find(self, token: str) -> ManagedBooking:
        def work(uow: CoursesUnitOfWork) -> ManagedBooking:
            record = managed(uow, token, BOOKING, WAITLIST_ENTRY)
            if record.kind == BOOKING:
                booking = _booking(uow, record.record_id)
                return ManagedBooking(_course(uow, booking.course_id, record), booking)
            entry = _entry(uow, record.record_id)
            course = _course(uow, entry.course_id, record)
            if entry.booking_id is not None:
                return ManagedBooking(course, _booking(uow, entry.booking_id), entry)
            return ManagedBooking(course, None, entry, position_of(uow, entry))

        return self.transactions.read(work)

    def cancel(
        self,
        token: str,
        tickets: int | None = None,
        *,
        once: Once[ManagedBooking] | None = None,
        language: str = DEFAULT_LANGUAGE,
    ) -> ManagedBooking | Replayed:
        """Give back the booking's seats (all, or ``tickets`` of them) as the customer — the
        course's cancellation cutoff applies; freed seats go to the waitlist at once. A waiting
        entry's token leaves the waitlist (whole: a place in line is not split)."""
        spoken = language_called(language)
        now = self.clock.now()

        def work(uow: CoursesUnitOfWork, events: Events) -> ManagedBooking:
            record = managed(uow, token, BOOKING, WAITLIST_ENTRY)
            entry, booking_id = None, record.record_id
            if record.kind == WAITLIST_ENTRY:
                entry = _entry(uow, record.record_id)
                course = locked_course(uow, entry.course_id, record.company_id)
                entry = _entry(uow, record.record_id)  # read again under the course's lock
                if entry.booking_id is None:
                    return _leave(uow, course, entry, tickets)
                booking_id = entry.booking_id
            booking, course = booking_with_locked_course(uow, booking_id, record.company_id)

            def cancel(course: Course, booking: Booking) -> None:
                course.cancel(
                    booking, tickets, CANCELLED_BY_CUSTOMER, booker=Booker.CUSTOMER, now=now
                )

            note: dict[str, object] = {"reason": CANCELLED_BY_CUSTOMER}
            change_booking(
                uow, course, booking, "cancel", cancel, now, note,
                studio_language=self.studio_language, language=spoken, token=token,
            )  # fmt: skip
            events.extend(course.pull_events())
            return ManagedBooking(course, booking, entry)

        once_only = remembering(once, now, work)
        return self.transactions.write(once_only)


def _leave(
    uow: CoursesUnitOfWork, course: Course, entry: WaitlistEntry, tickets: int | None
) -> ManagedBooking:
    if tickets is not None and tickets != entry.tickets:
        raise InvalidTickets(
            f"waitlist entry {entry.id} waits for {entry.tickets} ticket(s) and is left whole; "
            "leave out tickets to leave the waitlist"
        )
    entry.leave()
    uow.waitlist.save(entry)
    uow.audit.record(
        WAITLIST_ENTRY, entry.id, "leave", after={"status": entry.status, "by": "customer"},
        company_id=course.company_id,
    )  # fmt: skip
    return ManagedBooking(course, None, entry)


def _booking(uow: CoursesUnitOfWork, booking_id: int) -> Booking:
    booking = uow.bookings.get(booking_id)
    if booking is None:  # pragma: no cover - bookings are never deleted
        raise BookingNotFound(booking_id)
    return booking


def _entry(uow: CoursesUnitOfWork, entry_id: int) -> WaitlistEntry:
    entry = uow.waitlist.get(entry_id)
    if entry is None:  # pragma: no cover - waitlist entries are never deleted
        raise WaitlistEntryNotFound(entry_id)
    return entry


def _course(uow: CoursesUnitOfWork, course_id: int, record: ManagedRecord) -> Course:
    course = uow.courses.get(course_id)
    if course is None or course.company_id != record.company_id:  # pragma: no cover
        raise CourseNotFound(course_id)
    return course

