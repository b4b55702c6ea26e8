"""The course: the aggregate that guards its seats.

Every change that can occupy or free seats goes through a :class:`Course` loaded together with
its live ``booked`` sum, inside a transaction the database serialises per course. The course
decides; the database makes the decision atomic across processes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from studiobook.domain.courses import capacity as seats
from studiobook.domain.courses.bookings import INITIAL_STATUSES, Booking, BookingStatus
from studiobook.domain.courses.rules import Booker, BookingRules
from studiobook.domain.courses.waitlist import WaitlistEntry, WaitlistStatus, entries_to_promote
from studiobook.domain.events import (
    BookingCancelled,
    BookingConfirmed,
    BookingPromoted,
    DomainEvent,
)
from studiobook.domain.members.member import MembershipStatus
from studiobook.domain.shared.customers import Customer
from studiobook.domain.shared.errors import (
    CourseAlreadyCancelled,
    CourseClosed,
    InvalidCourse,
    InvalidTickets,
    InvalidWaitlistChange,
    NotEnoughFreeSpots,
)


@dataclass
class Course:
    title: str
    capacity: int = seats.UNLIMITED
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    branch_id: int | None = None
    id: int | None = None
    # Live sum of tickets held by occupying bookings, loaded with the course; never stored.
    booked: int = 0
    company_id: int | None = None  # the studio (tenant); only an unsaved course may lack one
    instructor_id: int | None = None  # a staff member of the company
    timetable_id: int | None = None  # the recurring class this session belongs to
    rules: BookingRules = field(default_factory=BookingRules)
    cancelled: bool = False  # a cancelled session: its bookings are cancelled, it takes no more
    # The company's zone, loaded with the course: its times are shown there. Not stored here.
    time_zone: str | None = field(default=None, compare=False)
    events: list[DomainEvent] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def create(
        cls,
        title: str,
        capacity: int,
        starts_at: datetime | None = None,
        ends_at: datetime | None = None,
        branch_id: int | None = None,
        *,
        company_id: int | None = None,
        instructor_id: int | None = None,
        rules: BookingRules | None = None,
    ) -> Course:
        cleaned = (title or "").strip()
        if not cleaned:
            raise InvalidCourse("a course needs a title")
        if len(cleaned) > 200:
            raise InvalidCourse("a course title can have at most 200 characters")
        for name, moment in (("start", starts_at), ("end", ends_at)):
            if moment is not None and moment.tzinfo is None:
                raise InvalidCourse(f"the course {name} needs a UTC offset, e.g. +01:00")
        if starts_at and ends_at and ends_at < starts_at:
            raise InvalidCourse("a course cannot end before it starts")
        return cls(
            title=cleaned,
            capacity=seats.validate_capacity(capacity),
            starts_at=starts_at,
            ends_at=ends_at,
            branch_id=branch_id,
            company_id=company_id,
            instructor_id=instructor_id,
            rules=rules or BookingRules(),
        )

    # -- reading ---------------------------------------------------------------------------
    @property
    def unlimited(self) -> bool:
        return seats.is_unlimited(self.capacity)

    @property
    def free_spots(self) -> int | None:
        return seats.free_spots(self.capacity, self.booked)

    @property
    def overbooked(self) -> int:
        return seats.overbooked(self.capacity, self.booked)

    def pull_events(self) -> list[DomainEvent]:
        events, self.events = self.events, []
        return events

    # -- changing details -----------------------------------------------------------------
    def change_details(
        self,
        title: str,
        starts_at: datetime | None,
        ends_at: datetime | None,
        branch_id: int | None,
        instructor_id: int | None,
        rules: BookingRules,
    ) -> None:
        """Give the course new details, checked like a new course's; the seats stay (see
        :meth:`set_capacity`). A cancelled course is history and takes no changes."""
        if self.cancelled:
            raise CourseAlreadyCancelled(self.id)
        checked = Course.create(
            title, self.capacity, starts_at, ends_at, branch_id,
            instructor_id=instructor_id, rules=rules,
        )  # fmt: skip
        self.title, self.starts_at, self.ends_at = checked.title, checked.starts_at, checked.ends_at
        self.branch_id, self.instructor_id, self.rules = branch_id, instructor_id, checked.rules

    # -- changing capacity ----------------------------------------------------------------
    def set_capacity(self, capacity: int) -> None:
        """Lowering below the booked tickets is allowed: nobody is thrown out, free spots are 0
        and :attr:`overbooked` says by how much."""
        self.capacity = seats.validate_capacity(capacity)

    # -- bookings --------------------------------------------------------------------------
    def book(
        self,
        customer: Customer,
        tickets: int,
        now: datetime,
        status: BookingStatus = BookingStatus.CONFIRMED,
        *,
        booker: Booker = Booker.CUSTOMER,
        membership: MembershipStatus | None = None,
        override: bool = False,
    ) -> Booking:
        """``membership`` is the status of the member with the customer's e-mail (``None``: no
        such member); it matters only for a members-only course. An operator may ``override``
        the booking rules; nobody books into a cancelled course."""
        seats.validate_tickets(tickets)
        self.check_rules(customer, now, booker, membership, override)
        if status not in INITIAL_STATUSES:
            allowed = ", ".join(s.value for s in INITIAL_STATUSES)
            raise InvalidTickets(f"a new booking starts as one of {allowed}, not '{status}'")
        booking = Booking(self._id(), customer, tickets, status, now)
        if status.occupies_seats:
            self._take(tickets)
            self.events.append(BookingConfirmed(booking))
        return booking

    def change_status(self, booking: Booking, wanted: BookingStatus) -> None:
        self._owns(booking)
        booking.check_transition(wanted)
        if wanted is BookingStatus.CANCELLED:
            self.cancel(booking)
            return
        gains = wanted.occupies_seats and not booking.status.occupies_seats
        if gains:
            self._take(booking.tickets)
        booking.status = wanted
        if wanted is BookingStatus.CONFIRMED and gains:
            self.events.append(BookingConfirmed(booking))

    def cancel(
        self,
        booking: Booking,
        tickets: int | None = None,
        reason: str | None = None,
        *,
        booker: Booker = Booker.OPERATOR,
        now: datetime | None = None,
    ) -> None:
        """Give back all tickets (the booking becomes ``cancelled``, its row stays as history)
        or some of them (``1 <= tickets < booking.tickets``); freed seats count at once.
        A customer (``booker``, with ``now``) is held to the cancellation cutoff."""
        self._owns(booking)
        if booker is Booker.CUSTOMER:
            if now is None:
                raise InvalidCourse("a customer's cancellation needs the time it is made")
            self.rules.check_customer_cancel(booking.id, self.starts_at, now, self.time_zone)
        if tickets is not None:
            seats.validate_tickets(tickets)  # before comparing: True == 1 and 1.0 == 1
        if tickets is None or tickets == booking.tickets:
            booking.check_transition(BookingStatus.CANCELLED)
            returned = booking.tickets
            self.booked -= booking.occupied_tickets
            booking.status = BookingStatus.CANCELLED
        else:
            booking.check_tickets_can_change()
            booking.check_tickets_to_give_back(tickets)
            returned = tickets
            if booking.status.occupies_seats:
                self.booked -= tickets
            booking.tickets -= tickets
        self.events.append(BookingCancelled(booking, returned, reason))

    def change_tickets(self, booking: Booking, tickets: int) -> None:
        """Set a booking's tickets; more tickets need free seats, fewer is a partial cancel."""
        self._owns(booking)
        seats.validate_tickets(tickets)
        booking.check_tickets_can_change()
        if tickets < booking.tickets:
            self.cancel(booking, booking.tickets - tickets)
            return
        if booking.status.occupies_seats:
            self._take(tickets - booking.tickets)
        booking.tickets = tickets

    # -- waitlist --------------------------------------------------------------------------
    def join_waitlist(
        self,
        customer: Customer,
        tickets: int,
        now: datetime,
        *,
        booker: Booker = Booker.CUSTOMER,
        membership: MembershipStatus | None = None,
        override: bool = False,
    ) -> WaitlistEntry:
        """Whoever may not book may not queue either: the same rules as :meth:`book`."""
        seats.validate_tickets(tickets)
        self.check_rules(customer, now, booker, membership, override)
        return WaitlistEntry(self._id(), customer, tickets, now)

    # -- rules -----------------------------------------------------------------------------
    def check_rules(
        self,
        customer: Customer,
        now: datetime,
        booker: Booker = Booker.CUSTOMER,
        membership: MembershipStatus | None = None,
        override: bool = False,
    ) -> None:
        if self.cancelled:
            raise CourseClosed(self.id, "it was cancelled")
        if override and booker is Booker.OPERATOR:
            return
        if booker is Booker.OPERATOR and self.starts_at is not None and now >= self.starts_at:
            # The front desk books people into a running (or past) class; customers cannot.
            self.rules.check_booking(self.id, None, now, customer.email, membership, self.time_zone)
            return
        self.rules.check_booking(
            self.id, self.starts_at, now, customer.email, membership, self.time_zone
        )

    def promote(
        self, waiting: Iterable[WaitlistEntry], now: datetime
    ) -> list[tuple[WaitlistEntry, Booking]]:
        """Turn waiting entries into confirmed bookings, in order, while seats allow — until the
        class starts: a seat freed after that is no use to anyone waiting (nor is a cancelled
        class's)."""
        if self.cancelled or (self.starts_at is not None and now >= self.starts_at):
            return []
        promoted = []
        for entry in entries_to_promote(waiting, self.free_spots):
            booking = Booking(self._id(), entry.customer, entry.tickets, BookingStatus.CONFIRMED, now)
            self._take(entry.tickets)
            entry.status = WaitlistStatus.PROMOTED
            self.events.append(BookingPromoted(booking, entry.id))
            self.events.append(BookingConfirmed(booking))
            promoted.append((entry, booking))
        return promoted

    def promote_entry(self, entry: WaitlistEntry, now: datetime) -> Booking:
        """The studio moves one waiting customer up now, ahead of the queue's order and also
        once the class has started (the front desk seats them); it needs the free seats. The
        customer passed the course's rules when they queued."""
        if entry.course_id != self.id:
            raise InvalidCourse(f"waitlist entry {entry.id} belongs to course {entry.course_id}")
        if self.cancelled:
            raise CourseClosed(self.id, "it was cancelled")
        if entry.status is not WaitlistStatus.WAITING:
            raise InvalidWaitlistChange(
                f"waitlist entry {entry.id} is {entry.status.value}; only a waiting entry moves up"
            )
        self._take(entry.tickets)
        booking = Booking(self._id(), entry.customer, entry.tickets, BookingStatus.CONFIRMED, now)
        entry.status = WaitlistStatus.PROMOTED
        self.events.append(BookingPromoted(booking, entry.id))
        self.events.append(BookingConfirmed(booking))
        return booking

    # -- cancelling the course itself ---------------------------------------------------------
    def cancel_course(
        self,
        bookings: Iterable[Booking],
        waiting: Iterable[WaitlistEntry],
        reason: str | None = None,
    ) -> list[Booking]:
        """The studio calls the class off: it takes no more bookings, every booking that is not
        final is cancelled (each raises ``BookingCancelled`` with ``reason``, so customers are
        told) and waiting customers leave the waitlist — freed seats go to nobody. Returns the
        bookings it cancelled."""
        if self.cancelled:
            raise CourseAlreadyCancelled(self.id)
        self.cancelled = True
        for entry in waiting:
            if entry.status is WaitlistStatus.WAITING:
                entry.leave()
        cancelled = []
        for booking in bookings:
            if not booking.status.is_final:
                self.cancel(booking, reason=reason)
                cancelled.append(booking)
        return cancelled

    # -- internals -------------------------------------------------------------------------
    def _take(self, tickets: int) -> None:
        if not seats.fits(self.capacity, self.booked, tickets):
            raise NotEnoughFreeSpots(self.id, tickets, self.free_spots or 0)
        self.booked += tickets

    def _id(self) -> int:
        if self.id is None:
            raise InvalidCourse("the course must be saved before it takes bookings")
        return self.id

    def _owns(self, booking: Booking) -> None:
        if booking.course_id != self.id:
            raise InvalidCourse(f"booking {booking.id} belongs to course {booking.course_id}")

