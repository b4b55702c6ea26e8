"""What customers of a course are told: a seat confirmed, a waitlist place turned into a seat, a
booking (or some of its tickets) cancelled, a session called off.

Each message is queued with :func:`~studiobook.application.notifications.outbox.enqueue` in the
transaction of the change it reports, so it is stored exactly when the change is; a message that
cannot be queued fails the change. A course without a start is told of nothing: there is no time
to name, nothing for a calendar to hold.

A seat the customer did not book themselves — the studio booked or confirmed it, or it came off
the waitlist — gets a manage token of its own, issued here, so the e-mail's link lets the
customer cancel it (held to the course's cutoff, as any customer is).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from studiobook.application.courses.ports import CoursesUnitOfWork
from studiobook.application.notifications.outbox import enqueue
from studiobook.application.notifications.telling import Voice, manage_link, voice_about
from studiobook.application.shared.public import issue_manage_token
from studiobook.domain.courses.bookings import Booking, BookingStatus
from studiobook.domain.courses.course import Course
from studiobook.domain.notifications.messages import (
    Language,
    Message,
    MessageKind,
    about_booking,
)
from studiobook.domain.shared.errors import CourseNotFound
from studiobook.domain.shared.ids import saved_id

BOOKING, WAITLIST_ENTRY = "booking", "waitlist_entry"  # the manage tokens' kinds

_ASKED = (BookingStatus.PENDING, BookingStatus.REQUEST)  # not yet confirmed: nobody was told


@dataclass(frozen=True)
class Studio:
    """The company a course belongs to, as its messages name it."""

    company_id: int
    name: str
    ref: str  # in public addresses: the slug (the id while there is none)
    time_zone: str


def studio_of(uow: CoursesUnitOfWork, course: Course) -> Studio:
    company = None if course.company_id is None else uow.companies.get(course.company_id)
    if company is None:  # pragma: no cover - a stored course always has its company
        raise CourseNotFound(saved_id(course))
    company_id = int(saved_id(company))
    return Studio(company_id, company.name, company.slug or str(company_id), company.time_zone)


def tell(
    uow: CoursesUnitOfWork,
    kind: MessageKind,
    course: Course,
    booking: Booking,
    now: datetime,
    voice: Voice,
    *,
    studio: Studio | None = None,
    tickets_given_back: int | None = None,
) -> None:
    """Queue ``kind`` for the customer of ``booking`` (what the booking holds now)."""
    if course.starts_at is None:
        return
    studio = studio or studio_of(uow, course)
    message = Message(
        kind=kind,
        recipient_name=booking.customer.name,
        recipient_email=booking.customer.email,
        language=voice.language,
        studio=studio.name,
        what=course.title,
        starts_at=course.starts_at,
        ends_at=course.ends_at,
        time_zone=course.time_zone or studio.time_zone,
        about=about_booking(saved_id(booking)),
        company_id=studio.company_id,
        tickets=booking.tickets,
        tickets_given_back=tickets_given_back,
        manage_link=voice.link,
    )
    enqueue(uow, message, now)


def confirm(
    uow: CoursesUnitOfWork,
    kind: MessageKind,
    course: Course,
    booking: Booking,
    now: datetime,
    studio_language: Language,
    *,
    language: Language | None = None,
    token: str | None = None,
) -> None:
    """Tell of a seat held (``BOOKING_CONFIRMED`` or ``WAITLIST_PROMOTED``): with the customer's
    ``token`` when they booked it, else with the link of an earlier message or a token issued now."""
    if course.starts_at is None:
        return
    studio = studio_of(uow, course)
    link = None if token is None else manage_link(studio.ref, token)
    about = about_booking(saved_id(booking))
    voice = voice_about(uow, about, studio_language, language, link)
    if voice.link is None:
        issued = issue_manage_token(uow, BOOKING, saved_id(booking), studio.company_id, now)
        voice = Voice(voice.language, manage_link(studio.ref, issued))
    tell(uow, kind, course, booking, now, voice, studio=studio)


def tell_change(
    uow: CoursesUnitOfWork,
    course: Course,
    booking: Booking,
    was: tuple[BookingStatus, int],
    now: datetime,
    studio_language: Language,
    *,
    language: Language | None = None,
    token: str | None = None,
) -> None:
    """Tell what a change to ``booking`` did, given its status and tickets before (``was``): a
    confirmation of an inquiry, a cancellation, tickets given back; other changes (tickets
    raised, a cancellation asked for) tell nothing. ``language`` and ``token``: the customer's,
    when they made the change."""
    status, tickets = was
    if booking.status is BookingStatus.CONFIRMED and status in _ASKED:
        confirm(
            uow, MessageKind.BOOKING_CONFIRMED, course, booking, now, studio_language,
            language=language, token=token,
        )  # fmt: skip
        return
    cancelled = booking.status is BookingStatus.CANCELLED and status is not BookingStatus.CANCELLED
    given_back = tickets - booking.tickets if booking.status is status else 0
    if not cancelled and given_back <= 0:
        return
    if course.starts_at is None:
        return
    studio = studio_of(uow, course)
    link = None if token is None else manage_link(studio.ref, token)
    voice = voice_about(uow, about_booking(saved_id(booking)), studio_language, language, link)
    tell(
        uow, MessageKind.BOOKING_CANCELLED, course, booking, now, voice, studio=studio,
        tickets_given_back=None if cancelled else given_back,
    )  # fmt: skip


def tell_called_off(
    uow: CoursesUnitOfWork,
    course: Course,
    cancelled: list[Booking],
    now: datetime,
    studio_language: Language,
) -> None:
    """One ``SESSION_CANCELLED`` per booking the studio's calling off cancelled."""
    if course.starts_at is None or not cancelled:
        return
    studio = studio_of(uow, course)
    for booking in cancelled:
        voice = voice_about(uow, about_booking(saved_id(booking)), studio_language)
        tell(uow, MessageKind.SESSION_CANCELLED, course, booking, now, voice, studio=studio)
