"""What the use-cases tell customers, on fakes: in which language and with which link a message
speaks, the courses and appointments nothing can be told of, and the seats a series edit hands
to the waitlist. The SQL side and the whole journey are in tests/integration/test_notices_sql.py
and tests/web/public/test_notices_mail.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from studiobook.adapters.recurrence.rrules import DateutilRecurrence
from studiobook.application.courses.bookings import Bookings
from studiobook.application.courses.courses import Courses
from studiobook.application.courses.customers import CustomerBookings
from studiobook.application.courses.timetables import Timetables
from studiobook.application.notifications.outbox import enqueue
from studiobook.application.notifications.telling import Voice, manage_link, voice_about
from studiobook.application.shared.transactions import Events, Transactions
from studiobook.domain.courses.bookings import BookingStatus
from studiobook.domain.notifications.messages import Message, MessageKind
from studiobook.domain.shared.errors import InvalidValue
from tests.fakes import FakeClock, FakeStore, RecordingPublisher, company_in


@dataclass
class Box:
    """A studio on fakes, its company in the store."""

    clock: FakeClock = field(default_factory=FakeClock)
    store: FakeStore = field(default_factory=FakeStore)

    def __post_init__(self) -> None:
        self.transactions = Transactions(
            self.store.unit_of_work, RecordingPublisher(), sleep=lambda _: None
        )
        self.company = company_in(self.store, "Box")

    def course(self, capacity: int = 2):
        starts = self.clock.now() + timedelta(days=1)
        return Courses(self.transactions, self.clock).create(
            "WOD", capacity, starts, starts + timedelta(hours=1), company_id=self.company
        )


@pytest.fixture
def box() -> Box:
    return Box()


def messages(store: FakeStore) -> list[Message]:
    return [row["message"] for _, row in sorted(store.state.outbox.items())]


def earlier(clock: FakeClock, about: str) -> Message:
    starts = clock.now() + timedelta(days=1)
    return Message(
        kind=MessageKind.BOOKING_CONFIRMED, recipient_name="Ada", recipient_email="ada@example.org",
        language="en", studio="Box", what="WOD", starts_at=starts, ends_at=None,
        time_zone="Europe/Berlin", about=about, manage_link="/book/box/manage/first",
    )  # fmt: skip


def test_a_voice_takes_what_the_caller_knows_then_the_last_message_then_the_studios(box):
    def voice(**known) -> Voice:
        return box.transactions.read(lambda uow: voice_about(uow, "booking-1", "de", **known))

    assert voice() == Voice("de", None)
    assert voice(language="en", link="/x") == Voice("en", "/x")

    def queue(uow, events: Events) -> None:
        enqueue(uow, earlier(box.clock, "booking-1"), box.clock.now())

    box.transactions.write(queue)
    assert voice() == Voice("en", "/book/box/manage/first")
    assert voice(language="de") == Voice("de", "/book/box/manage/first")
    assert voice(link="/mine") == Voice("en", "/mine")


def test_a_manage_link_is_a_path_on_the_public_site():
    assert manage_link("box-nord", "abc") == "/book/box-nord/manage/abc"


def test_a_course_without_a_start_is_told_nothing_and_gets_no_token(box):
    course = Courses(box.transactions, box.clock).create("Open gym", 2, company_id=box.company)
    Bookings(box.transactions, box.clock).book(course.id, "Ada", "ada@example.org")
    assert messages(box.store) == [] and box.store.state.manage_tokens == {}


def test_a_refused_language_refuses_the_booking_before_anything_is_written(box):
    course = box.course()
    with pytest.raises(InvalidValue, match="de, en"):
        CustomerBookings(box.transactions, box.clock).book(
            "box", course.id, "Ada", "ada@example.org", language="fr"
        )
    assert box.store.state.bookings == {} and messages(box.store) == []


def test_an_inquiry_declined_is_told_in_the_studios_language_without_a_link(box):
    bookings = Bookings(box.transactions, box.clock, studio_language="en")
    asked = bookings.book(box.course().id, "Ada", "ada@example.org", status=BookingStatus.REQUEST)
    bookings.cancel(asked.id, reason="fully booked")
    [message] = messages(box.store)
    assert (message.kind, message.language, message.manage_link) == (
        MessageKind.BOOKING_CANCELLED, "en", None
    )


def test_seats_a_series_edit_adds_go_to_the_waitlist_and_each_is_told(box):
    timetables = Timetables(
        box.transactions, box.clock, DateutilRecurrence(), 2, studio_language="en"
    )
    first = (box.clock.now() + timedelta(days=2)).replace(tzinfo=None, hour=18, minute=0)
    series = timetables.add(box.company, "Yoga", 1, "FREQ=WEEKLY", first, 60)
    session = timetables.sessions(series.id)[0]
    bookings = Bookings(box.transactions, box.clock)
    bookings.book(session.id, "Ada", "ada@example.org")
    bookings.book(session.id, "Ben", "ben@example.org", waitlist=True)
    told = len(messages(box.store))

    timetables.update(series.id, capacity=2)

    [promoted] = messages(box.store)[told:]
    assert (promoted.kind, promoted.recipient_email, promoted.language) == (
        MessageKind.WAITLIST_PROMOTED, "ben@example.org", "en"
    )
    assert promoted.manage_link is not None and len(box.store.state.manage_tokens) == 2
