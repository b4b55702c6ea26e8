"""What the use-cases write into the outbox, on SQLite and PostgreSQL: each change exactly the
messages it should, in its own transaction — a refused booking none, a rolled-back change none,
a message that cannot be queued no change. Instants come from an injected FakeClock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from dependency_injector import providers

from studiobook.adapters.sql.outbox import SqlOutbox
from studiobook.application.courses.bookings import Bookings
from studiobook.domain.courses.bookings import BookingStatus
from studiobook.domain.notifications.messages import Message, MessageKind
from studiobook.domain.shared.errors import BookingNotOpen, NotEnoughFreeSpots
from tests.fakes import FakeClock
from tests.integration.appointment_support import at, open_salon

BOOKED, PROMOTED, CANCELLED = (
    MessageKind.BOOKING_CONFIRMED, MessageKind.WAITLIST_PROMOTED, MessageKind.BOOKING_CANCELLED
)


@dataclass
class Studio:
    container: object
    clock: FakeClock
    salon: object
    seen: int = 0  # outbox messages already looked at

    @property
    def slug(self) -> str:
        return self.salon.company.slug

    def course(self, capacity: int = 2, title: str = "WOD", **rules):
        starts = self.clock.now() + timedelta(days=3)
        return self.container.courses().create(
            title, capacity, starts, starts + timedelta(hours=1), company_id=self.salon.id, **rules
        )

    def messages(self) -> list[Message]:
        entries = self.container.outbox_review().entries(limit=1000)
        return [e.message for e in sorted(entries, key=lambda e: e.id)]

    def new(self) -> list[Message]:
        """The messages queued since the last call, oldest first."""
        found = self.messages()
        fresh, self.seen = found[self.seen:], len(found)
        return fresh

    def count(self, table: str) -> int:
        from sqlalchemy import text

        with self.container.store().engine.connect() as connection:
            return connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


@pytest.fixture
def studio(database_url) -> Studio:
    from studiobook.application.container import build_container
    from studiobook.application.settings import Settings

    container = build_container(Settings(database_url=database_url, load_entry_points=False))
    container.store().ensure_schema()
    clock = FakeClock()
    container.clock.override(providers.Object(clock))
    salon = open_salon(container, staff=1)
    yield Studio(container, clock, salon)
    container.store().dispose()


def token_of(message: Message) -> str:
    assert message.manage_link is not None
    prefix, token = message.manage_link.rsplit("/", 1)
    return token


def test_a_customer_booking_is_confirmed_in_their_language_with_the_link_that_opens_it(studio):
    course = studio.course()
    booked = studio.container.customer_bookings().book(
        studio.slug, course.id, "Ada Lovelace", "ada@example.org", tickets=2, language="en"
    )

    [message] = studio.new()
    assert message.kind is BOOKED and message.language == "en"
    assert (message.recipient_name, message.recipient_email) == ("Ada Lovelace", "ada@example.org")
    assert (message.studio, message.what, message.tickets) == ("Salon Schnittig", "WOD", 2)
    assert (message.starts_at, message.ends_at) == (course.starts_at, course.ends_at)
    assert message.time_zone == "Europe/Berlin" and message.company_id == studio.salon.id
    assert message.manage_link == f"/book/{studio.slug}/manage/{booked.manage_token}"
    assert message.about == f"booking-{booked.booking.id}"


def test_a_refused_booking_and_a_waitlist_place_write_no_message(studio):
    course = studio.course(capacity=1)
    customers = studio.container.customer_bookings()
    customers.book(studio.slug, course.id, "Ada", "ada@example.org")
    studio.new()
    with pytest.raises(NotEnoughFreeSpots):
        customers.book(studio.slug, course.id, "Ben", "ben@example.org")
    later = studio.course(opens_before_minutes=60)
    with pytest.raises(BookingNotOpen):
        customers.book(studio.slug, later.id, "Ben", "ben@example.org")
    customers.book(studio.slug, course.id, "Ben", "ben@example.org", waitlist=True, language="en")
    assert studio.new() == []


def test_a_customer_cancelling_is_told_and_the_next_in_line_promoted_with_a_link_of_their_own(
    studio,
):
    course = studio.course(capacity=1)
    customers = studio.container.customer_bookings()
    first = customers.book(studio.slug, course.id, "Ada", "ada@example.org", language="en")
    waiting = customers.book(studio.slug, course.id, "Ben", "ben@example.org", waitlist=True)
    studio.new()

    customers.cancel(first.manage_token, language="en")

    cancelled, promoted = studio.new()
    assert (cancelled.kind, cancelled.recipient_email, cancelled.language) == (
        CANCELLED, "ada@example.org", "en"
    )
    assert cancelled.manage_link == f"/book/{studio.slug}/manage/{first.manage_token}"
    assert cancelled.cancels_the_entry and cancelled.sequence == 1  # replaces the confirmation
    assert (promoted.kind, promoted.recipient_email, promoted.language) == (
        PROMOTED, "ben@example.org", "de"  # the language Ben queued in (the default)
    )
    opened = customers.find(token_of(promoted))
    assert opened.booking is not None and opened.booking.customer.email == "ben@example.org"
    assert token_of(promoted) != waiting.manage_token  # which keeps working too
    assert customers.find(waiting.manage_token).booking == opened.booking


def test_a_customer_moving_up_is_told_in_the_language_they_queued_in(studio):
    course = studio.course(capacity=1)
    customers = studio.container.customer_bookings()
    first = customers.book(studio.slug, course.id, "Ada", "ada@example.org")
    customers.book(studio.slug, course.id, "Ben", "ben@example.org", waitlist=True, language="en")
    studio.container.bookings().book(course.id, "Cem", "cem@example.org", waitlist=True)
    studio.new()

    studio.container.courses().set_capacity(course.id, 3)  # the studio frees two seats

    assert [(m.kind, m.recipient_email, m.language) for m in studio.new()] == [
        (PROMOTED, "ben@example.org", "en"),  # as he asked
        (PROMOTED, "cem@example.org", "de"),  # queued by the studio: the studio's language
    ]
    assert customers.find(first.manage_token).booking is not None


def test_tickets_given_back_are_told_as_a_partial_cancellation(studio):
    course = studio.course(capacity=5)
    customers = studio.container.customer_bookings()
    booked = customers.book(studio.slug, course.id, "Ada", "ada@example.org", tickets=3)
    studio.new()
    customers.cancel(booked.manage_token, tickets=1)
    [message] = studio.new()
    assert (message.kind, message.tickets, message.tickets_given_back) == (CANCELLED, 2, 1)
    assert message.partial_cancellation and not message.cancels_the_entry


def test_raising_the_capacity_promotes_and_tells_every_customer_moved_up(studio):
    course = studio.course(capacity=1)
    bookings = studio.container.bookings()
    bookings.book(course.id, "Ada", "ada@example.org")
    for name in ("Ben", "Cem"):
        bookings.book(course.id, name, f"{name.lower()}@example.org", waitlist=True)
    studio.new()
    studio.container.courses().set_capacity(course.id, 3)
    assert [(m.kind, m.recipient_email) for m in studio.new()] == [
        (PROMOTED, "ben@example.org"), (PROMOTED, "cem@example.org")
    ]


def test_the_studio_books_in_its_language_with_a_token_and_cancels_in_the_customers(studio):
    course = studio.course(capacity=4)
    bookings = Bookings(studio.container.transactions(), studio.clock, studio_language="en")
    booking = bookings.book(course.id, "Ada", "ada@example.org")
    [confirmed] = studio.new()
    assert (confirmed.kind, confirmed.language) == (BOOKED, "en")
    assert studio.container.customer_bookings().find(token_of(confirmed)).booking == booking

    mine = studio.container.customer_bookings().book(
        studio.slug, course.id, "Ben", "ben@example.org", language="de"
    )
    studio.new()
    bookings.cancel(mine.booking.id, reason="studio closed")
    [cancelled] = studio.new()
    assert (cancelled.kind, cancelled.language) == (CANCELLED, "de")  # as Ben's confirmation
    assert token_of(cancelled) == mine.manage_token


def test_an_inquiry_is_told_when_confirmed_not_when_asked(studio):
    course = studio.course()
    bookings = studio.container.bookings()
    asked = bookings.book(course.id, "Ada", "ada@example.org", status=BookingStatus.REQUEST)
    assert studio.new() == []
    bookings.change_status(asked.id, BookingStatus.CONFIRMED)
    [message] = studio.new()
    assert message.kind is BOOKED and message.manage_link is not None


def test_calling_off_a_session_writes_one_message_per_booking(studio):
    course = studio.course(capacity=2)
    bookings = studio.container.bookings()
    for name in ("Ada", "Ben"):
        bookings.book(course.id, name, f"{name.lower()}@example.org")
    bookings.book(course.id, "Cem", "cem@example.org", waitlist=True)
    studio.new()
    studio.container.timetables().cancel_session(course.id, "instructor ill")
    messages = studio.new()
    assert sorted((m.kind, m.recipient_email) for m in messages) == [
        (MessageKind.SESSION_CANCELLED, "ada@example.org"),
        (MessageKind.SESSION_CANCELLED, "ben@example.org"),
    ]
    assert all(m.manage_link is not None and m.cancels_the_entry for m in messages)


def test_appointments_are_told_when_booked_moved_and_cancelled(studio):
    customers = studio.container.customer_appointments()
    start, later = at(10), at(14)
    booked = customers.book(
        studio.slug, studio.salon.cut.id, start, "Ada", "ada@example.org", language="en"
    )
    customers.reschedule(booked.manage_token, later, language="en")
    customers.cancel(booked.manage_token, language="de")

    confirmed, moved, cancelled = studio.new()
    link = f"/book/{studio.slug}/manage/{booked.manage_token}"
    assert [(m.kind, m.language, m.manage_link) for m in (confirmed, moved, cancelled)] == [
        (MessageKind.APPOINTMENT_CONFIRMED, "en", link),
        (MessageKind.APPOINTMENT_RESCHEDULED, "en", link),
        (MessageKind.APPOINTMENT_CANCELLED, "de", link),
    ]
    assert (confirmed.what, confirmed.starts_at, confirmed.ends_at) == (
        "Herrenschnitt", start, start + timedelta(minutes=30)
    )
    assert (moved.starts_at, moved.previous_starts_at) == (later, start)
    assert [m.sequence for m in (confirmed, moved, cancelled)] == [0, 1, 2]  # each replaces the last


def test_the_studios_appointments_are_told_only_with_an_e_mail(studio):
    appointments = studio.container.appointments()
    anna = studio.salon.anna.id
    appointments.book(studio.salon.id, studio.salon.cut.id, anna, at(10), "Walk-in")
    assert studio.new() == []
    booked = appointments.book(
        studio.salon.id, studio.salon.cut.id, anna, at(11), "Ada", "ada@example.org"
    )
    appointments.reschedule(studio.salon.id, booked.id, at(15))
    appointments.cancel(studio.salon.id, booked.id)
    messages = studio.new()
    assert [m.kind for m in messages] == [
        MessageKind.APPOINTMENT_CONFIRMED, MessageKind.APPOINTMENT_RESCHEDULED,
        MessageKind.APPOINTMENT_CANCELLED,
    ]
    assert {m.manage_link for m in messages} == {messages[0].manage_link} != {None}
    opened = studio.container.customer_appointments().find(token_of(messages[0]))
    assert opened.appointment.id == booked.id


def test_a_change_that_rolls_back_leaves_no_message(studio, monkeypatch):
    course = studio.course(capacity=1)
    bookings = studio.container.bookings()
    booking = bookings.book(course.id, "Ada", "ada@example.org")
    bookings.book(course.id, "Ben", "ben@example.org", waitlist=True)
    studio.new()

    def broken(*args, **kwargs):
        raise RuntimeError("the waitlist broke after the cancellation was queued")

    monkeypatch.setattr("studiobook.application.courses.bookings.promote_waitlist", broken)
    with pytest.raises(RuntimeError):
        bookings.cancel(booking.id)
    assert studio.new() == []
    assert bookings.get(booking.id).status is BookingStatus.CONFIRMED


def test_a_message_that_cannot_be_queued_fails_the_booking(studio, monkeypatch):
    course = studio.course()
    before = {table: studio.count(table) for table in ("bookings", "manage_tokens", "audit_log")}

    def refused(self, message, at, once_key=None):
        raise RuntimeError("the outbox is full")

    monkeypatch.setattr(SqlOutbox, "add", refused)
    with pytest.raises(RuntimeError):
        studio.container.customer_bookings().book(studio.slug, course.id, "Ada", "ada@example.org")
    assert {table: studio.count(table) for table in before} == before
