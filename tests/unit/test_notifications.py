"""Notifications on fakes: the message value, the retry rule, the outbox written in the caller's
transaction, the dispatcher (claim, send, mark, retry, give up, a crash mid-send) and reminders.

Every instant comes from the injected FakeClock.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studiobook.application.notifications.dispatcher import Dispatcher
from studiobook.application.notifications.jobs import notification_jobs
from studiobook.application.notifications.outbox import enqueue
from studiobook.application.notifications.ports import NotificationFailed, Visit
from studiobook.application.notifications.reminders import Reminders, reminder_key
from studiobook.application.notifications.review import OutboxReview
from studiobook.application.shared.transactions import Transactions
from studiobook.domain.appointments import Appointment, EventType
from studiobook.domain.courses.bookings import Booking, BookingStatus
from studiobook.domain.courses.course import Course
from studiobook.domain.notifications.delivery import (
    BACKOFF,
    MOST_ATTEMPTS,
    DeliveryStatus,
    claimable,
    next_attempt,
)
from studiobook.domain.notifications.messages import (
    InvalidMessage,
    Message,
    MessageKind,
    about_appointment,
    about_booking,
)
from studiobook.domain.shared.customers import Customer
from tests.fakes import FakeClock, FakeStore, RecordingNotifier, RecordingPublisher, company_in


def a_message(clock: FakeClock, **changes) -> Message:
    start = clock.now() + timedelta(days=2)
    values = dict(
        kind=MessageKind.BOOKING_CONFIRMED, recipient_name="Ada", recipient_email="ada@example.org",
        language="en", studio="Studio Nord", what="Yoga", starts_at=start,
        ends_at=start + timedelta(hours=1), time_zone="Europe/Berlin", about=about_booking(1),
        company_id=1, tickets=1,
    )
    return Message(**(values | changes))


class Crash(BaseException):
    """The process dies: nothing after it runs, no ``except Exception`` catches it."""


class CrashAfterSend:
    """Sends for real, then the process 'dies' before the dispatcher can mark the message."""

    def __init__(self, notifier: RecordingNotifier) -> None:
        self.notifier = notifier

    def send(self, message: Message) -> None:
        self.notifier.send(message)
        raise Crash()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store() -> FakeStore:
    return FakeStore()


@pytest.fixture
def transactions(store) -> Transactions:
    return Transactions(store.unit_of_work, RecordingPublisher(), sleep=lambda _: None)


def queue(transactions: Transactions, *messages: Message, now) -> list[Message]:
    def write(uow, events):
        return [enqueue(uow, message, now) for message in messages]

    return transactions.write(write)


def statuses(store: FakeStore) -> list[DeliveryStatus]:
    return [row["status"] for _, row in sorted(store.state.outbox.items())]


# -- the message value --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"recipient_email": "nobody"}, "not an e-mail address"),
        ({"language": "fr"}, "language 'fr'"),
        ({"time_zone": "Mars/Olympus"}, "not an IANA time zone"),
        ({"about": ""}, "which booking or appointment"),
        ({"sequence": -1}, "never negative"),
    ],
)
def test_a_message_that_cannot_be_sent_is_refused_when_it_is_made(clock, change, complaint):
    with pytest.raises(InvalidMessage, match=complaint):
        a_message(clock, **change)


def test_a_message_needs_aware_instants_and_an_end_after_its_start(clock):
    start = clock.now()
    with pytest.raises(InvalidMessage, match="starts_at must carry its UTC offset"):
        a_message(clock, starts_at=start.replace(tzinfo=None))
    with pytest.raises(InvalidMessage, match="end lies before its start"):
        a_message(clock, starts_at=start, ends_at=start - timedelta(minutes=1))


def test_which_kinds_cancel_and_which_change_the_calendar_entry():
    cancelling = {k for k in MessageKind if k.cancels}
    assert cancelling == {
        MessageKind.BOOKING_CANCELLED, MessageKind.APPOINTMENT_CANCELLED,
        MessageKind.SESSION_CANCELLED,
    }
    assert [k for k in MessageKind if not k.changes_the_entry] == [MessageKind.REMINDER]


def test_giving_back_some_tickets_keeps_the_calendar_entry(clock):
    partial = a_message(clock, kind=MessageKind.BOOKING_CANCELLED, tickets=2, tickets_given_back=1)
    whole = a_message(clock, kind=MessageKind.BOOKING_CANCELLED, tickets=0, tickets_given_back=3)
    assert partial.partial_cancellation and not partial.cancels_the_entry
    assert not whole.partial_cancellation and whole.cancels_the_entry
    assert about_booking(12) == "booking-12" and about_appointment(7) == "appointment-7"


# -- the retry rule -------------------------------------------------------------------------------
def test_the_waits_grow_and_the_message_is_given_up_after_the_last_attempt(clock):
    now = clock.now()
    waits = [next_attempt(n, now) - now for n in range(1, MOST_ATTEMPTS)]
    assert waits == list(BACKOFF)
    assert next_attempt(MOST_ATTEMPTS, now) is None
    assert next_attempt(1, now, permanent=True) is None
    with pytest.raises(ValueError):
        next_attempt(0, now)


@settings(max_examples=40, deadline=None)
@given(attempts=st.integers(1, 20), minutes=st.integers(0, 10_000))
def test_a_retry_is_never_sooner_than_the_one_before(attempts, minutes):
    now = FakeClock().now() + timedelta(minutes=minutes)
    later, sooner = next_attempt(attempts + 1, now), next_attempt(attempts, now)
    assert sooner is None or sooner > now
    assert later is None or (sooner is not None and later >= sooner)


def test_a_message_is_claimable_when_pending_due_and_unclaimed_or_its_claim_ran_out(clock):
    now = clock.now()
    minute = timedelta(minutes=1)
    assert claimable(DeliveryStatus.PENDING, now, None, now)
    assert claimable(DeliveryStatus.PENDING, now - minute, now - minute, now)
    assert not claimable(DeliveryStatus.PENDING, now + minute, None, now)
    assert not claimable(DeliveryStatus.PENDING, now, now + minute, now)
    assert not claimable(DeliveryStatus.SENT, now, None, now)
    assert not claimable(DeliveryStatus.FAILED, now, None, now)


# -- enqueue: in the caller's transaction ---------------------------------------------------------
def test_enqueue_gives_the_message_its_id_time_and_sequence_in_the_callers_transaction(
    clock, store, transactions
):
    now = clock.now()
    confirmed, moved, reminder, cancelled = queue(
        transactions,
        a_message(clock, kind=MessageKind.APPOINTMENT_CONFIRMED, about=about_appointment(7)),
        a_message(clock, kind=MessageKind.APPOINTMENT_RESCHEDULED, about=about_appointment(7)),
        a_message(clock, kind=MessageKind.REMINDER, about=about_appointment(7)),
        a_message(clock, kind=MessageKind.APPOINTMENT_CANCELLED, about=about_appointment(7)),
        now=now,
    )
    assert [m.sequence for m in (confirmed, moved, reminder, cancelled)] == [0, 1, 1, 2]
    assert all(re.fullmatch(r"<[0-9a-f]{32}@studiobook>", m.message_id) for m in (confirmed, moved))
    assert confirmed.message_id != moved.message_id
    assert confirmed.queued_at == now
    assert [row["message"] for _, row in sorted(store.state.outbox.items())] == [
        confirmed, moved, reminder, cancelled,
    ]
    assert statuses(store) == [DeliveryStatus.PENDING] * 4


def test_a_change_that_rolls_back_queues_no_message(clock, store, transactions):
    def fails(uow, events):
        enqueue(uow, a_message(clock), clock.now())
        raise RuntimeError("the booking failed after all")

    with pytest.raises(RuntimeError):
        transactions.write(fails)
    assert store.state.outbox == {}


def test_a_once_key_queues_one_message_however_often_it_is_given(clock, store, transactions):
    def twice(uow, events):
        message = a_message(clock, kind=MessageKind.REMINDER)
        return [enqueue(uow, message, clock.now(), once_key="k") for _ in range(2)]

    first, second = transactions.write(twice)
    assert first is not None and second is None
    assert len(store.state.outbox) == 1


# -- the dispatcher -------------------------------------------------------------------------------
def dispatcher(transactions, notifier, clock, **options) -> Dispatcher:
    return Dispatcher(transactions, notifier, clock, **options)


def test_the_dispatcher_sends_what_is_due_and_marks_it_sent(clock, store, transactions):
    queued = queue(transactions, a_message(clock), a_message(clock, recipient_email="bo@example.org"),
                   now=clock.now())
    notifier = RecordingNotifier()

    report = dispatcher(transactions, notifier, clock).dispatch()

    assert (report.sent, report.retrying, report.failed) == (2, 0, 0)
    assert notifier.sent == queued
    assert statuses(store) == [DeliveryStatus.SENT] * 2
    assert all(row["sent_at"] == clock.now() for row in store.state.outbox.values())
    assert dispatcher(transactions, notifier, clock).dispatch().handled == 0  # nothing twice


def test_a_message_queued_for_later_waits(clock, transactions):
    queue(transactions, a_message(clock), now=clock.now() + timedelta(minutes=5))
    notifier = RecordingNotifier()
    assert dispatcher(transactions, notifier, clock).dispatch().sent == 0
    clock.advance(minutes=5)
    assert dispatcher(transactions, notifier, clock).dispatch().sent == 1


def test_the_dispatcher_works_through_more_than_one_batch(clock, transactions):
    queue(transactions, *[a_message(clock, about=about_booking(i)) for i in range(7)], now=clock.now())
    notifier = RecordingNotifier()
    assert dispatcher(transactions, notifier, clock, batch=3).dispatch().sent == 7
    assert len(notifier.sent) == 7


def test_a_failed_send_is_retried_with_growing_waits_then_given_up_with_the_error(
    clock, store, transactions
):
    queue(transactions, a_message(clock), now=clock.now())
    notifier = RecordingNotifier(
        failures=[NotificationFailed(f"451 try later ({n})") for n in range(1, MOST_ATTEMPTS + 1)]
    )
    sender = dispatcher(transactions, notifier, clock)
    (row,) = store.state.outbox.values()

    for attempt, wait in enumerate(BACKOFF, start=1):
        assert sender.dispatch().retrying == 1
        (row,) = store.state.outbox.values()
        assert row["attempts"] == attempt and row["status"] is DeliveryStatus.PENDING
        assert row["next_attempt_at"] == clock.now() + wait
        assert row["last_error"] == f"451 try later ({attempt})"
        clock.advance(seconds=wait.total_seconds() - 1)
        assert sender.dispatch().handled == 0  # not a second early
        clock.advance(seconds=1)

    assert sender.dispatch().failed == 1
    (row,) = store.state.outbox.values()
    assert row["status"] is DeliveryStatus.FAILED and row["attempts"] == MOST_ATTEMPTS
    assert row["last_error"] == f"451 try later ({MOST_ATTEMPTS})"
    clock.advance(days=1)
    assert sender.dispatch().handled == 0 and notifier.sent == []


def test_a_permanent_refusal_gives_up_at_once(clock, store, transactions):
    queue(transactions, a_message(clock), now=clock.now())
    notifier = RecordingNotifier(failures=[NotificationFailed("550 no such mailbox", permanent=True)])

    assert dispatcher(transactions, notifier, clock).dispatch().failed == 1
    (row,) = store.state.outbox.values()
    assert (row["status"], row["attempts"], row["last_error"]) == (
        DeliveryStatus.FAILED, 1, "550 no such mailbox",
    )


def test_a_broken_notifier_is_a_failed_send_not_a_stopped_queue(clock, store, transactions):
    queue(transactions, a_message(clock), a_message(clock, about=about_booking(2)), now=clock.now())
    notifier = RecordingNotifier(failures=[KeyError("subject.unknown")])

    report = dispatcher(transactions, notifier, clock).dispatch()

    assert (report.sent, report.retrying) == (1, 1)
    first = store.state.outbox[min(store.state.outbox)]
    assert first["last_error"] == "KeyError: 'subject.unknown'"


def test_a_message_claimed_by_one_dispatcher_is_not_sent_by_another(clock, store, transactions):
    (queued,) = queue(transactions, a_message(clock), now=clock.now())
    first, second = RecordingNotifier(), RecordingNotifier()
    one = dispatcher(transactions, first, clock, owner="one")
    other = dispatcher(transactions, second, clock, owner="other")

    (entry,) = one._due()
    assert other.deliver(entry.id) == "sent"
    assert one.deliver(entry.id) == "taken"
    assert (first.sent, second.sent) == ([], [queued])


def test_a_crash_between_send_and_mark_sends_again_with_the_same_message_id(
    clock, store, transactions
):
    queued = queue(transactions, a_message(clock), a_message(clock, about=about_booking(2)),
                   now=clock.now())
    delivered = RecordingNotifier()
    crashing = dispatcher(transactions, CrashAfterSend(delivered), clock, owner="dies")

    with pytest.raises(Crash):
        crashing.dispatch()
    assert [m.message_id for m in delivered.sent] == [queued[0].message_id]

    restarted = dispatcher(transactions, delivered, clock, owner="restarted")
    assert restarted.dispatch().sent == 1  # the other; the first is still claimed
    clock.advance(seconds=crashing.claim_for.total_seconds())
    assert restarted.dispatch().sent == 1  # the claim ran out: sent again

    ids = [m.message_id for m in delivered.sent]
    assert sorted(ids) == sorted([queued[0].message_id, queued[0].message_id, queued[1].message_id])
    assert statuses(store) == [DeliveryStatus.SENT] * 2
    assert store.state.outbox[min(store.state.outbox)]["attempts"] == 2


def test_each_failure_after_a_crash_counts_so_a_poison_message_is_given_up(clock, store, transactions):
    queue(transactions, a_message(clock), now=clock.now())
    crashing = dispatcher(transactions, CrashAfterSend(RecordingNotifier()), clock)
    for _ in range(MOST_ATTEMPTS - 1):
        with pytest.raises(Crash):
            crashing.dispatch()
        clock.advance(seconds=crashing.claim_for.total_seconds())
    failing = RecordingNotifier(failures=[NotificationFailed("still broken")])
    assert dispatcher(transactions, failing, clock).dispatch().failed == 1


# -- the admin's view: counts, entries, resend ------------------------------------------------------
def test_the_admin_sees_counts_and_resends_a_given_up_message_of_their_company(
    clock, store, transactions
):
    queue(transactions, a_message(clock, company_id=1), a_message(clock, company_id=2,
          about=about_booking(2)), now=clock.now())
    failing = RecordingNotifier(failures=[NotificationFailed("550 no", permanent=True)])
    dispatcher(transactions, failing, clock).dispatch()
    review = OutboxReview(transactions, clock)
    given_up = review.entries(company_id=1, status=DeliveryStatus.FAILED)

    assert review.counts(1) == {DeliveryStatus.PENDING: 0, DeliveryStatus.SENT: 0, DeliveryStatus.FAILED: 1}
    assert review.counts() == {DeliveryStatus.PENDING: 0, DeliveryStatus.SENT: 1, DeliveryStatus.FAILED: 1}
    assert [e.last_error for e in given_up] == ["550 no"]
    assert not review.resend(given_up[0].id, company_id=2)  # another studio's message
    assert review.resend(given_up[0].id, company_id=1)
    assert not review.resend(given_up[0].id, company_id=1)  # pending now, nothing to resend
    assert [(a["entity"], a["action"]) for a in store.state.audit] == [("outbox_message", "resend")]
    assert dispatcher(transactions, RecordingNotifier(), clock).dispatch().sent == 1


# -- reminders ------------------------------------------------------------------------------------
def a_studio(store: FakeStore, clock: FakeClock) -> dict:
    """A course starting in 20 h with a confirmed and a cancelled booking, one in 30 h, and an
    appointment in 3 h; their ids."""
    company_id = company_in(store, "Studio Nord")
    now = clock.now()
    state = store.state

    def course(course_id: int, hours: float, **changes) -> None:
        start = now + timedelta(hours=hours)
        state.courses[course_id] = Course(title=f"Yoga {course_id}", capacity=10, starts_at=start,
                                          ends_at=start + timedelta(hours=1), id=course_id,
                                          company_id=company_id, **changes)

    def booking(booking_id: int, course_id: int, status=BookingStatus.CONFIRMED) -> None:
        state.bookings[booking_id] = Booking(course_id, Customer.of("Ada", f"ada{booking_id}@example.org"),
                                             2, status, now, id=booking_id)

    course(101, 20)
    course(102, 30)
    course(103, 2, cancelled=True)
    booking(201, 101)
    booking(202, 101, BookingStatus.CANCELLED)
    booking(203, 102)
    booking(204, 103)
    state.event_types[301] = EventType(id=301, company_id=company_id, name="Haarschnitt",
                                          duration_minutes=30)
    state.appointments[401] = Appointment(
        id=401, company_id=company_id, staff_id=1, event_type_id=301,
        start=now + timedelta(hours=3), end=now + timedelta(hours=3, minutes=30),
        customer_name="Bo", customer_email="bo@example.org",
    )
    state.next_id = 1000
    return {"company": company_id}


def reminded(store: FakeStore) -> list[str]:
    return sorted(
        row["message"].about for row in store.state.outbox.values()
        if row["message"].kind is MessageKind.REMINDER
    )


def test_reminders_are_queued_once_per_visit_within_the_lead_time(clock, store, transactions):
    a_studio(store, clock)
    reminders = Reminders(transactions, clock, lead=timedelta(hours=24))

    assert reminders.run() == 2
    assert reminded(store) == [about_appointment(401), about_booking(201)]
    assert reminders.run() == 0  # idempotent
    clock.advance(hours=7)  # now course 102 is within 24 h too
    assert reminders.run() == 1
    assert reminded(store) == [about_appointment(401), about_booking(201), about_booking(203)]
    (reminder,) = [r["message"] for r in store.state.outbox.values() if r["message"].about == about_booking(203)]
    assert (reminder.what, reminder.tickets, reminder.studio) == ("Yoga 102", 2, "Studio Nord")
    assert reminder.time_zone == "Europe/Berlin" and reminder.language == "de"


def test_a_moved_visit_is_reminded_again_at_its_new_start(clock, store, transactions):
    a_studio(store, clock)
    reminders = Reminders(transactions, clock, lead=timedelta(hours=24))
    reminders.run()
    moved = store.state.appointments[401]
    store.state.appointments[401] = replace(moved, start=moved.start + timedelta(hours=1),
                                            end=moved.end + timedelta(hours=1))
    assert reminders.run() == 1
    assert reminded(store).count(about_appointment(401)) == 2


def test_a_reminder_speaks_the_language_and_carries_the_link_of_the_last_message(
    clock, store, transactions
):
    a_studio(store, clock)
    earlier = a_message(clock, about=about_booking(201), language="en", manage_link="/book/x/manage/t")
    queue(transactions, earlier, now=clock.now() - timedelta(days=2))  # booked well ahead

    Reminders(transactions, clock, lead=timedelta(hours=24)).run()

    (reminder,) = [r["message"] for r in store.state.outbox.values()
                   if r["message"].kind is MessageKind.REMINDER and r["message"].about == about_booking(201)]
    assert (reminder.language, reminder.manage_link, reminder.sequence) == ("en", "/book/x/manage/t", 0)


def test_no_reminder_for_a_visit_the_customer_was_told_of_inside_the_lead_time(
    clock, store, transactions
):
    a_studio(store, clock)  # booking 201 starts in 20 h
    just_booked = a_message(clock, about=about_booking(201), manage_link="/book/x/manage/t")
    queue(transactions, just_booked, now=clock.now() - timedelta(hours=1))

    assert Reminders(transactions, clock, lead=timedelta(hours=24)).run() == 1  # the appointment

    assert about_booking(201) not in reminded(store)


def test_no_reminders_with_a_lead_time_of_zero(clock, store, transactions):
    a_studio(store, clock)
    assert Reminders(transactions, clock, lead=timedelta(0)).run() == 0
    assert store.state.outbox == {}


def test_reminder_keys_name_the_visit_and_its_start_in_utc(clock):
    start = clock.now().astimezone(ZoneInfo("Europe/Berlin"))
    visit = Visit(about="booking-1", company_id=1, studio="S", what="Y", customer_name="A",
                  customer_email="a@example.org", starts_at=start, ends_at=None, time_zone="UTC")
    assert reminder_key(visit) == f"reminder:booking-1:{clock.now().isoformat()}"


# -- the jobs -------------------------------------------------------------------------------------
def test_the_dispatcher_runs_every_minute_and_the_reminders_every_quarter_hour(clock, transactions):
    queue(transactions, a_message(clock), now=clock.now())
    notifier = RecordingNotifier()
    send, remind = notification_jobs(
        lambda: Dispatcher(transactions, notifier, clock), lambda: Reminders(transactions, clock)
    )

    assert (send.name, send.interval, remind.name, remind.interval) == (
        "send_notifications", timedelta(minutes=1), "remind_customers", timedelta(minutes=15),
    )
    assert send.lease is not None and send.lease < timedelta(hours=1)
    assert send.run() == "1 sent, 0 to retry, 0 given up"
    assert remind.run() == "0 reminder(s) queued"
