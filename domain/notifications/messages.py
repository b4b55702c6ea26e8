"""The messages customers get: a confirmation, a cancellation, a reschedule, a reminder.

A :class:`Message` holds what the text and the calendar file need, frozen when the use-case
writes it (the studio's name, the title, the instants, the zone): a studio renamed later, or a
course moved again, does not change a message already promised. ``about`` names the calendar
entry — one per booking or appointment — so a cancellation replaces the entry its confirmation
made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from studiobook.domain.shared.errors import InvalidValue

Language = Literal["de", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)


class InvalidMessage(InvalidValue):
    pass


class MessageKind(StrEnum):
    BOOKING_CONFIRMED = "booking_confirmed"
    WAITLIST_PROMOTED = "waitlist_promoted"
    BOOKING_CANCELLED = "booking_cancelled"
    APPOINTMENT_CONFIRMED = "appointment_confirmed"
    APPOINTMENT_CANCELLED = "appointment_cancelled"
    APPOINTMENT_RESCHEDULED = "appointment_rescheduled"
    SESSION_CANCELLED = "session_cancelled"  # the studio called the class off
    REMINDER = "reminder"

    @property
    def cancels(self) -> bool:
        """The customer no longer comes (unless only some tickets were given back)."""
        return self in _CANCELLING

    @property
    def changes_the_entry(self) -> bool:
        """Whether the calendar entry is new or changed by this message: a reminder repeats it."""
        return self is not MessageKind.REMINDER


_CANCELLING = frozenset(
    {MessageKind.BOOKING_CANCELLED, MessageKind.APPOINTMENT_CANCELLED, MessageKind.SESSION_CANCELLED}
)


def about_booking(booking_id: int) -> str:
    """The calendar entry of a course booking (and of the waitlist entry promoted into it)."""
    return f"booking-{booking_id}"


def about_appointment(appointment_id: int) -> str:
    return f"appointment-{appointment_id}"


@dataclass(frozen=True)
class Message:
    """One e-mail to one customer.

    ``message_id``, ``sequence`` and ``queued_at`` are given when the message is queued
    (``studiobook.application.notifications.outbox.enqueue``); every send of it, a repeat after
    a crash included, carries the same ``message_id``. ``tickets`` is what the booking holds
    after the change (``None`` for an appointment); ``tickets_given_back`` is set when a
    cancellation gave back only some of them. ``manage_link`` is the manage page's address,
    absolute or a path on the public site.
    """

    kind: MessageKind
    recipient_name: str
    recipient_email: str
    language: Language
    studio: str
    what: str  # the course's title or the service's name
    starts_at: datetime
    ends_at: datetime | None
    time_zone: str  # the studio's IANA zone, in which the times are shown
    about: str  # the calendar entry: about_booking(id) or about_appointment(id)
    company_id: int | None = None
    tickets: int | None = None
    tickets_given_back: int | None = None
    previous_starts_at: datetime | None = None  # a reschedule: where it was before
    manage_link: str | None = None
    message_id: str = ""
    sequence: int = 0
    queued_at: datetime | None = None

    def __post_init__(self) -> None:
        if not self.recipient_email or "@" not in self.recipient_email:
            raise InvalidMessage(f"'{self.recipient_email}' is not an e-mail address")
        if self.language not in LANGUAGES:
            raise InvalidMessage(f"language '{self.language}' is not one of {', '.join(LANGUAGES)}")
        if not self.about:
            raise InvalidMessage("a message must say which booking or appointment it is about")
        for name in ("starts_at", "ends_at", "previous_starts_at", "queued_at"):
            instant = getattr(self, name)
            if instant is not None and instant.utcoffset() is None:
                raise InvalidMessage(f"{name} must carry its UTC offset")
        if self.ends_at is not None and self.ends_at < self.starts_at:
            raise InvalidMessage("a message's end lies before its start")
        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidMessage(f"'{self.time_zone}' is not an IANA time zone") from None
        if self.sequence < 0:
            raise InvalidMessage("a calendar sequence is never negative")

    @property
    def partial_cancellation(self) -> bool:
        """Some tickets were given back, the booking stands with the rest."""
        return self.kind.cancels and bool(self.tickets_given_back) and bool(self.tickets)

    @property
    def cancels_the_entry(self) -> bool:
        """The calendar entry goes: the customer no longer comes."""
        return self.kind.cancels and not self.partial_cancellation
