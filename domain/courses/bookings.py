"""A booking, its statuses and the one state machine that moves between them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from studiobook.domain.courses.capacity import validate_tickets
from studiobook.domain.shared.customers import Customer
from studiobook.domain.shared.errors import IllegalTransition, InvalidTickets


class BookingStatus(StrEnum):
    PENDING = "pending"
    REQUEST = "request"  # an inquiry ("Anfrage"): the customer asked, the studio decides
    CONFIRMED = "confirmed"
    CANCEL_REQUESTED = "cancel_requested"  # still holds the seat until the studio decides
    CANCELLED = "cancelled"
    COMPLETED = "completed"  # attended
    NO_SHOW = "no_show"  # booked, held the seat, did not come

    @property
    def occupies_seats(self) -> bool:
        return self in OCCUPYING_STATUSES

    @property
    def is_final(self) -> bool:
        return not ALLOWED_TRANSITIONS[self]


# A no-show held the seat until the class, like one who came: marking attendance never changes
# a course's free spots.
OCCUPYING_STATUSES = frozenset({
    BookingStatus.CONFIRMED, BookingStatus.CANCEL_REQUESTED, BookingStatus.COMPLETED,
    BookingStatus.NO_SHOW,
})  # fmt: skip

# The statuses a new booking may start in.
INITIAL_STATUSES = (BookingStatus.CONFIRMED, BookingStatus.PENDING, BookingStatus.REQUEST)

ALLOWED_TRANSITIONS: dict[BookingStatus, tuple[BookingStatus, ...]] = {
    BookingStatus.PENDING: (BookingStatus.CONFIRMED, BookingStatus.CANCELLED),
    BookingStatus.REQUEST: (BookingStatus.CONFIRMED, BookingStatus.CANCELLED),
    BookingStatus.CONFIRMED: (
        BookingStatus.CANCEL_REQUESTED,
        BookingStatus.CANCELLED,
        BookingStatus.COMPLETED,
        BookingStatus.NO_SHOW,
    ),
    BookingStatus.CANCEL_REQUESTED: (BookingStatus.CANCELLED, BookingStatus.CONFIRMED),
    BookingStatus.CANCELLED: (),
    BookingStatus.COMPLETED: (),
    BookingStatus.NO_SHOW: (),
}


def can_transition(current: BookingStatus, wanted: BookingStatus) -> bool:
    return wanted in ALLOWED_TRANSITIONS[current]


@dataclass
class Booking:
    """Seats a customer holds (or asked for) in one course.

    Only :class:`studiobook.domain.courses.course.Course` changes status or tickets, because both can occupy seats
    and the seat check needs the course's live count.
    """

    course_id: int
    customer: Customer
    tickets: int
    status: BookingStatus
    created_at: datetime
    id: int | None = None

    @property
    def occupied_tickets(self) -> int:
        return self.tickets if self.status.occupies_seats else 0

    def check_transition(self, wanted: BookingStatus) -> None:
        if not can_transition(self.status, wanted):
            raise IllegalTransition(
                self.id,
                self.status.value,
                wanted.value,
                [s.value for s in ALLOWED_TRANSITIONS[self.status]],
            )

    def check_tickets_can_change(self) -> None:
        if self.status.is_final:
            raise InvalidTickets(
                f"booking {self.id} is {self.status.value}; its tickets can no longer change"
            )

    def check_tickets_to_give_back(self, tickets: int) -> None:
        validate_tickets(tickets)
        if tickets > self.tickets:
            raise InvalidTickets(
                f"booking {self.id} holds {self.tickets} ticket(s); cannot give back {tickets}"
            )
