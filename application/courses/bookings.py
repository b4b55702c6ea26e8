"""Use-cases for bookings: book (or join the waitlist), change status, cancel, look up.

Each write loads the course with :meth:`CourseRepository.get_for_update`, lets the course decide,
saves and commits. The lock makes the course's decision atomic across processes.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from studiobook.application.courses.ports import CoursesUnitOfWork
from studiobook.application.shared.ports import Clock
from studiobook.application.shared.transactions import Events, Transactions
from studiobook.domain.courses.bookings import Booking, BookingStatus
from studiobook.domain.courses.course import Course
from studiobook.domain.courses.waitlist import WaitlistEntry
from studiobook.domain.shared.customers import Customer
from studiobook.domain.shared.errors import (
    BookingNotFound,
    CourseNotFound,
    NotEnoughFreeSpots,
    WaitlistEntryNotFound,
)
from studiobook.domain.shared.ids import saved_id


def promote_waitlist(uow: CoursesUnitOfWork, course: Course, now: datetime) -> None:
    """Move waiting customers into seats that just freed, inside the caller's transaction."""
    if course.free_spots == 0:
        return
    for entry, booking in course.promote(uow.waitlist.waiting(saved_id(course)), now):
        uow.bookings.add(booking)
        entry.booking_id = booking.id
        uow.waitlist.save(entry)
        uow.audit.record("booking", booking.id, "promote_from_waitlist", after=booking)


def _state(booking: Booking) -> dict[str, object]:
    return {"status": booking.status.value, "tickets": booking.tickets}


def _locked_course(uow: CoursesUnitOfWork, course_id: int) -> Course:
    course = uow.courses.get_for_update(course_id)
    if course is None:
        raise CourseNotFound(course_id)
    return course


def _booking_with_locked_course(uow: CoursesUnitOfWork, booking_id: int) -> tuple[Booking, Course]:
    booking = uow.bookings.get(booking_id)
    if booking is None:
        raise BookingNotFound(booking_id)
    return booking, _locked_course(uow, booking.course_id)


@dataclass
class Bookings:
    transactions: Transactions
    clock: Clock

    def book(
        self,
        course_id: int,
        name: str,
        email: str,
        tickets: int = 1,
        status: BookingStatus = BookingStatus.CONFIRMED,
        waitlist: bool = False,
    ) -> Booking | WaitlistEntry:
        """Book seats; with ``waitlist=True`` a full course puts the customer on its waitlist
        instead of refusing."""
        customer = Customer.of(name, email)
        now = self.clock.now()

        def work(uow: CoursesUnitOfWork, events: Events) -> Booking | WaitlistEntry:
            course = _locked_course(uow, course_id)
            try:
                booking = course.book(customer, tickets, now, status)
            except NotEnoughFreeSpots:
                if not waitlist:
                    raise
                entry = course.join_waitlist(customer, tickets, now)
                uow.waitlist.add(entry)
                uow.audit.record("waitlist_entry", entry.id, "create", after=entry)
                return entry
            uow.bookings.add(booking)
            uow.audit.record("booking", booking.id, "create", after=booking)
            events.extend(course.pull_events())
            return booking

        return self.transactions.write(work)

    def change_status(self, booking_id: int, status: BookingStatus) -> Booking:
        return self._change(booking_id, "set_status", lambda course, b: course.change_status(b, status))

    def cancel(self, booking_id: int, tickets: int | None = None, reason: str | None = None) -> Booking:
        """Cancel the whole booking, or give back ``tickets`` of it; freed seats go to the
        waitlist in the same transaction."""
        return self._change(
            booking_id, "cancel", lambda course, b: course.cancel(b, tickets, reason), {"reason": reason}
        )

    def change_tickets(self, booking_id: int, tickets: int) -> Booking:
        return self._change(booking_id, "set_tickets", lambda course, b: course.change_tickets(b, tickets))

    def _change(
        self,
        booking_id: int,
        action: str,
        change: Callable[[Course, Booking], None],
        note: dict[str, object] | None = None,
    ) -> Booking:
        """One transaction for any change to an existing booking: lock its course, let the course
        apply ``change``, save, audit, and hand freed seats to the waitlist."""
        now = self.clock.now()

        def work(uow: CoursesUnitOfWork, events: Events) -> Booking:
            booking, course = _booking_with_locked_course(uow, booking_id)
            before = _state(booking)
            change(course, booking)
            uow.bookings.save(booking)
            after = {**_state(booking), **(note or {})}
            uow.audit.record("booking", booking.id, action, before=before, after=after)
            promote_waitlist(uow, course, now)
            events.extend(course.pull_events())
            return booking

        return self.transactions.write(work)

    def get(self, booking_id: int) -> Booking:
        booking = self.transactions.read(lambda uow: uow.bookings.get(booking_id))
        if booking is None:
            raise BookingNotFound(booking_id)
        return booking

    def list(
        self, course_id: int | None = None, status: BookingStatus | None = None
    ) -> builtins.list[Booking]:
        return self.transactions.read(lambda uow: uow.bookings.list(course_id, status))

    # -- waitlist --------------------------------------------------------------------------
    def waitlist(self, course_id: int) -> builtins.list[WaitlistEntry]:
        def work(uow: CoursesUnitOfWork) -> builtins.list[WaitlistEntry]:
            if uow.courses.get(course_id) is None:
                raise CourseNotFound(course_id)
            return uow.waitlist.waiting(course_id)

        return self.transactions.read(work)

    def leave_waitlist(self, entry_id: int) -> WaitlistEntry:
        def work(uow: CoursesUnitOfWork, events: Events) -> WaitlistEntry:
            entry = uow.waitlist.get(entry_id)
            if entry is None:
                raise WaitlistEntryNotFound(entry_id)
            entry.leave()
            uow.waitlist.save(entry)
            uow.audit.record("waitlist_entry", entry.id, "leave", after={"status": entry.status})
            return entry

        return self.transactions.write(work)
