"""Use-cases for bookings: book (or join the waitlist), change status, cancel, look up.

Each write loads the course with :meth:`CourseRepository.get_for_update`, lets the course decide,
saves and commits. The lock makes the course's decision atomic across processes.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from studiobook.application.courses.notices import confirm, tell_change
from studiobook.application.courses.ports import CoursesUnitOfWork
from studiobook.application.shared.metrics import Metrics, NoMetrics, counts_bookings
from studiobook.application.shared.ports import Clock
from studiobook.application.shared.transactions import Events, Transactions
from studiobook.domain.courses.bookings import Booking, BookingStatus
from studiobook.domain.courses.course import Course
from studiobook.domain.courses.rules import Booker
from studiobook.domain.courses.waitlist import WaitlistEntry
from studiobook.domain.notifications.languages import DEFAULT_LANGUAGE, language_called
from studiobook.domain.notifications.messages import Language, MessageKind
from studiobook.domain.shared.customers import Customer
from studiobook.domain.shared.errors import (
    BookingNotFound,
    CourseNotFound,
    NotEnoughFreeSpots,
    WaitlistEntryNotFound,
)
from studiobook.domain.shared.ids import saved_id


def promote_waitlist(
    uow: CoursesUnitOfWork, course: Course, now: datetime, studio_language: Language
) -> None:
    """Move waiting customers into seats that just freed, inside the caller's transaction; each
    is told in the language they queued in (else ``studio_language``), with a manage link of
    the booking it became."""
    if course.free_spots == 0:
        return
    for entry, booking in course.promote(uow.waitlist.waiting(saved_id(course)), now):
        store_promotion(uow, course, entry, booking, now, studio_language)


def store_promotion(
    uow: CoursesUnitOfWork, course: Course, entry: WaitlistEntry, booking: Booking,
    now: datetime, studio_language: Language,
) -> None:  # fmt: skip
    """Save the booking a waitlist entry became, audit it and tell the customer."""
    uow.bookings.add(booking)
    entry.booking_id = booking.id
    uow.waitlist.save(entry)
    uow.audit.record(
        "booking", booking.id, "promote_from_waitlist", after=booking,
        company_id=course.company_id,
    )  # fmt: skip
    confirm(
        uow, MessageKind.WAITLIST_PROMOTED, course, booking, now, studio_language,
        language=language_called(entry.language) if entry.language else None,
    )  # fmt: skip


def _state(booking: Booking) -> dict[str, object]:
    return {"status": booking.status.value, "tickets": booking.tickets}


def course_in(uow: CoursesUnitOfWork, course_id: int, company_id: int | None) -> Course:
    """The course, if it exists and (when ``company_id`` is given) is that company's."""
    course = uow.courses.get(course_id)
    if course is None or (company_id is not None and course.company_id != company_id):
        raise CourseNotFound(course_id)
    return course


def course_company(uow: CoursesUnitOfWork, course_id: int) -> int | None:
    course = uow.courses.get(course_id)
    return None if course is None else course.company_id


def change_booking(
    uow: CoursesUnitOfWork,
    course: Course,
    booking: Booking,
    action: str,
    change: Callable[[Course, Booking], None],
    now: datetime,
    note: dict[str, object] | None = None,
    *,
    studio_language: Language,
    language: Language | None = None,
    token: str | None = None,
) -> None:
    """Apply ``change`` to a booking of the locked ``course``, save, audit, tell the customer,
    and hand freed seats to the waitlist — inside the caller's transaction. ``language`` and
    ``token``: the customer's, when they made the change themselves."""
    before = _state(booking)
    was = booking.status, booking.tickets
    change(course, booking)
    uow.bookings.save(booking)
    after = {**_state(booking), **(note or {})}
    uow.audit.record(
        "booking", booking.id, action, before=before, after=after, company_id=course.company_id
    )
    tell_change(uow, course, booking, was, now, studio_language, language=language, token=token)
    promote_waitlist(uow, course, now, studio_language)


def locked_course(uow: CoursesUnitOfWork, course_id: int, company_id: int | None = None) -> Course:
    """The course locked for a seat change; another company's course is "not found"."""
    course = uow.courses.get_for_update(course_id)
    if course is None or (company_id is not None and course.company_id != company_id):
        raise CourseNotFound(course_id)
    return course


def booking_with_locked_course(
    uow: CoursesUnitOfWork, booking_id: int, company_id: int | None = None
) -> tuple[Booking, Course]:
    booking = uow.bookings.get(booking_id)
    if booking is None:
        raise BookingNotFound(booking_id)
    course = uow.courses.get_for_update(booking.course_id)
    if course is None or (company_id is not None and course.company_id != company_id):
        raise BookingNotFound(booking_id)
    # Read again under the lock: a concurrent change may have committed while we waited.
    locked = uow.bookings.get(booking_id)
    if locked is None:  # pragma: no cover - bookings are never deleted
        raise BookingNotFound(booking_id)
    return locked, course


def book_or_queue(
    uow: CoursesUnitOfWork,
    course: Course,
    customer: Customer,
    tickets: int,
    now: datetime,
    *,
    status: BookingStatus = BookingStatus.CONFIRMED,
    waitlist: bool = False,
    booker: Booker = Booker.OPERATOR,
    override: bool = False,
    language: Language | None = None,
) -> Booking | WaitlistEntry:
    """Book seats in the locked ``course`` — or, when it is full and ``waitlist`` is set, queue
    the customer — after the course's rules, all inside the caller's transaction."""
    membership = uow.memberships.status_of(customer.email) if course.rules.members_only else None
    try:
        booking = course.book(
            customer, tickets, now, status, booker=booker, membership=membership, override=override
        )
    except NotEnoughFreeSpots:
        if not waitlist:
            raise
        entry = course.join_waitlist(
            customer, tickets, now, booker=booker, membership=membership, override=override
        )
        entry.language = language
        uow.waitlist.add(entry)
        uow.audit.record(
            "waitlist_entry", entry.id, "create", after=entry, company_id=course.company_id
        )
        return entry
    uow.bookings.add(booking)
    action = "create_overriding_rules" if override else "create"
    uow.audit.record("booking", booking.id, action, after=booking, company_id=course.company_id)
    return booking


@dataclass
class Bookings:
    """Bookings as the studio makes them. Customers are told of every seat confirmed and every
    cancellation, in ``studio_language`` unless an earlier message about the booking spoke
    another (see :mod:`studiobook.application.notifications.telling`)."""

    transactions: Transactions
    clock: Clock
    studio_language: Language = DEFAULT_LANGUAGE
    metrics: Metrics = field(default_factory=NoMetrics)

    @counts_bookings("course")
    def book(
        self,
        course_id: int,
        name: str,
        email: str,
        tickets: int = 1,
        status: BookingStatus = BookingStatus.CONFIRMED,
        waitlist: bool = False,
        *,
        company_id: int | None = None,
        override_rules: bool = False,
    ) -> Booking | WaitlistEntry:
        """Book seats as the studio (an operator); with ``waitlist=True`` a full course puts
        the customer on its waitlist instead of refusing. The course's booking rules apply
        unless ``override_rules`` (recorded in the audit trail)."""
        customer = Customer.of(name, email)
        now = self.clock.now()

        def work(uow: CoursesUnitOfWork, events: Events) -> Booking | WaitlistEntry:
            course = locked_course(uow, course_id, company_id)
            result = book_or_queue(
                uow, course, customer, tickets, now,
                status=status, waitlist=waitlist, override=override_rules,
            )  # fmt: skip
            if isinstance(result, Booking) and result.status is BookingStatus.CONFIRMED:
                confirm(
                    uow, MessageKind.BOOKING_CONFIRMED, course, result, now, self.studio_language
                )
            events.extend(course.pull_events())
            return result

        return self.transactions.write(work)

    def change_status(
        self, booking_id: int, status: BookingStatus, company_id: int | None = None
    ) -> Booking:
        return self._change(
            booking_id, "set_status", lambda course, b: course.change_status(b, status),
            company_id=company_id,
        )  # fmt: skip

    def cancel(
        self,
        booking_id: int,
        tickets: int | None = None,
        reason: str | None = None,
        company_id: int | None = None,
    ) -> Booking:
        """Cancel the whole booking, or give back ``tickets`` of it; freed seats go to the
        waitlist in the same transaction. The studio is not held to the cancellation cutoff."""
        return self._change(
            booking_id, "cancel", lambda course, b: course.cancel(b, tickets, reason),
            {"reason": reason}, company_id=company_id,
        )  # fmt: skip

    def change_tickets(
        self, booking_id: int, tickets: int, company_id: int | None = None
    ) -> Booking:
        return self._change(
            booking_id, "set_tickets", lambda course, b: course.change_tickets(b, tickets),
            company_id=company_id,
        )  # fmt: skip

    def _change(
        self,
        booking_id: int,
        action: str,
        change: Callable[[Course, Booking], None],
        note: dict[str, object] | None = None,
        company_id: int | None = None,
    ) -> Booking:
        """One transaction for any change to an existing booking: lock its course, let the course
        apply ``change``, save, audit, and hand freed seats to the waitlist."""
        now = self.clock.now()

        def work(uow: CoursesUnitOfWork, events: Events) -> Booking:
            booking, course = booking_with_locked_course(uow, booking_id, company_id)
            change_booking(
                uow, course, booking, action, change, now, note,
                studio_language=self.studio_language,
            )  # fmt: skip
            events.extend(course.pull_events())
            return booking

        return self.transactions.write(work)

    def get(self, booking_id: int, company_id: int | None = None) -> Booking:
        def work(uow: CoursesUnitOfWork) -> Booking:
            booking = uow.bookings.get(booking_id)
            if booking is None or (
                company_id is not None and course_company(uow, booking.course_id) != company_id
            ):
                raise BookingNotFound(booking_id)
            return booking

        return self.transactions.read(work)

    def list(
        self,
        course_id: int | None = None,
        status: BookingStatus | None = None,
        company_id: int | None = None,
    ) -> builtins.list[Booking]:
        def work(uow: CoursesUnitOfWork) -> builtins.list[Booking]:
            if company_id is None:
                return uow.bookings.list(course_id, status)
            if course_id is not None:
                if course_company(uow, course_id) != company_id:
                    raise CourseNotFound(course_id)
                return uow.bookings.list(course_id, status)
            courses = {c.id for c in uow.courses.list(company_id)}
            return [b for b in uow.bookings.list(None, status) if b.course_id in courses]

        return self.transactions.read(work)

    # -- waitlist --------------------------------------------------------------------------
    def waitlist(self, course_id: int, company_id: int | None = None) -> builtins.list[WaitlistEntry]:
        def work(uow: CoursesUnitOfWork) -> builtins.list[WaitlistEntry]:
            course_in(uow, course_id, company_id)
            return uow.waitlist.waiting(course_id)

        return self.transactions.read(work)

    def promote(self, entry_id: int, company_id: int | None = None) -> Booking:
        """The studio moves one waiting customer up now — ahead of the queue, also into a
        class that has started — when the course has the seats; they are told as when moving
        up by themselves."""
        now = self.clock.now()

        def work(uow: CoursesUnitOfWork, events: Events) -> Booking:
            found = uow.waitlist.get(entry_id)
            owner = None if found is None else course_company(uow, found.course_id)
            if found is None or (company_id is not None and owner != company_id):
                raise WaitlistEntryNotFound(entry_id)
            course = locked_course(uow, found.course_id)
            entry = uow.waitlist.get(entry_id)  # again, under the course's lock
            if entry is None:  # pragma: no cover - entries are never deleted
                raise WaitlistEntryNotFound(entry_id)
            booking = course.promote_entry(entry, now)
            store_promotion(uow, course, entry, booking, now, self.studio_language)
            events.extend(course.pull_events())
            return booking

        return self.transactions.write(work)

    def leave_waitlist(self, entry_id: int, company_id: int | None = None) -> WaitlistEntry:
        def work(uow: CoursesUnitOfWork, events: Events) -> WaitlistEntry:
            entry = uow.waitlist.get(entry_id)
            owner = None if entry is None else course_company(uow, entry.course_id)
            if entry is None or (company_id is not None and owner != company_id):
                raise WaitlistEntryNotFound(entry_id)
            entry.leave()
            uow.waitlist.save(entry)
            uow.audit.record(
                "waitlist_entry", entry.id, "leave", after={"status": entry.status},
                company_id=owner,
            )  # fmt: skip
            return entry

        return self.transactions.write(work)
