"""What happened to a booking, for listeners outside the domain (invoicing, video access, mail).

Events are collected on the course during a change and published only after the transaction
commits, so a listener never hears about a change that was rolled back.
"""

from __future__ import annotations

from dataclasses import dataclass

from studiobook.domain.courses.bookings import Booking, BookingStatus
from studiobook.domain.members.member import Member


@dataclass(frozen=True)
class BookingConfirmed:
    """A booking now holds seats: booked as confirmed, confirmed later, or promoted."""

    booking: Booking


@dataclass(frozen=True)
class BookingCancelled:
    """Tickets were given back: all of them (status cancelled) or some (partial cancellation)."""

    booking: Booking
    tickets: int
    reason: str | None = None

    @property
    def partial(self) -> bool:
        return self.booking.status is not BookingStatus.CANCELLED


@dataclass(frozen=True)
class BookingPromoted:
    """A waitlist entry moved up and became a confirmed booking."""

    booking: Booking
    waitlist_entry_id: int | None


@dataclass(frozen=True)
class MemberSynced:
    """A WODIFY sync wrote a member: a new one (``created``) or one whose content changed."""

    member: Member
    created: bool


DomainEvent = BookingConfirmed | BookingCancelled | BookingPromoted | MemberSynced
