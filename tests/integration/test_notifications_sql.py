"""The outbox on SQLite and PostgreSQL, sent through a real SMTP server on loopback (aiosmtpd):
every kind of message arrives with a calendar file that parses; two dispatchers at once send each
message once; a dispatcher killed between send and mark loses nothing (the repeat carries the same
Message-ID); a refusing server is retried with growing waits and given up with its answer kept;
reminders are queued once per visit. Instants come from an injected FakeClock.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections import Counter
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from sqlalchemy import insert

from studiobook.adapters.notify.smtp import SmtpNotifier
from studiobook.adapters.sql import tables
from studiobook.adapters.sql.store import SqlStore
from studiobook.application.jobs.runner import Job, JobRunner
from studiobook.application.notifications.dispatcher import Dispatcher
from studiobook.application.notifications.outbox import enqueue
from studiobook.application.notifications.reminders import Reminders
from studiobook.application.notifications.review import OutboxReview
from studiobook.application.settings import Settings
from studiobook.application.shared.transactions import Transactions
from studiobook.domain.notifications.delivery import BACKOFF, MOST_ATTEMPTS, DeliveryStatus
from studiobook.domain.notifications.messages import (
    Message,
    MessageKind,
    about_appointment,
    about_booking,
)
from tests.fakes import FakeClock, RecordingPublisher
from tests.integration.mail_support import smtp_server

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(database_url):
    built = SqlStore(database_url, 5.0)
    yield built
    built.engine.dispose()


@pytest.fixture
def transactions(store) -> Transactions:
    return Transactions(store.unit_of_work, RecordingPublisher(), sleep=lambda _: None)


@pytest.fixture
def server():
    with smtp_server() as running:
        yield running


@pytest.fixture
def smtp(server) -> SmtpNotifier:
    _, port = server
    return SmtpNotifier(host="127.0.0.1", port=port, security="none", timeout_seconds=10,
                        mail_from="Studiobook <noreply@studio.example>",
                        public_url="https://book.studio.example")


def a_message(clock: FakeClock, number: int, **changes) -> Message:
    start = clock.now() + timedelta(days=2, hours=number)
    values = dict(
        kind=MessageKind.BOOKING_CONFIRMED, recipient_name=f"Kunde {number}",
        recipient_email=f"kunde{number}@example.org", language="de" if number % 2 else "en",
        studio="Studio Süd", what="Rückenfit", starts_at=start, ends_at=start + timedelta(hours=1),
        time_zone="Europe/Berlin", about=about_booking(number), company_id=1, tickets=1,
        manage_link=f"/book/studio-sued/manage/token{number}",
    )
    return Message(**(values | changes))


def queue(transactions: Transactions, messages: list[Message], now) -> list[Message]:
    return transactions.write(lambda uow, events: [enqueue(uow, m, now) for m in messages])


def entries(transactions: Transactions):
    return sorted(transactions.read(lambda uow: uow.outbox.list(limit=1000)), key=lambda e: e.id)


def test_every_kind_of_message_arrives_with_a_calendar_file_in_the_studios_zone(
    clock, transactions, server, smtp
):
    mailbox, _ = server
    kinds = list(MessageKind)
    queued = queue(transactions, [
        a_message(clock, n, kind=kind, time_zone="America/New_York" if n == 3 else "Europe/Berlin")
        for n, kind in enumerate(kinds)
    ], clock.now())

    report = Dispatcher(transactions, smtp, clock).dispatch()

    assert report.sent == len(kinds)
    assert sorted(mailbox.message_ids()) == sorted(m.message_id for m in queued)
    by_id = {str(mail["Message-ID"]): mail for mail in mailbox.received}
    for message in queued:
        mail = by_id[message.message_id]
        assert mail["To"].addresses[0].addr_spec == message.recipient_email
        assert f"https://book.studio.example{message.manage_link}" in mail.get_body(("plain",)).get_content()
        (attachment,) = list(mail.iter_attachments())
        calendar = Calendar.from_ical(attachment.get_payload(decode=True))
        (event,) = calendar.walk("VEVENT")
        assert str(calendar["METHOD"]) == ("CANCEL" if message.kind.cancels else "REQUEST")
        assert event.decoded("DTSTART") == message.starts_at
        assert event["DTSTART"].params["TZID"] == message.time_zone
        assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == [message.time_zone]
        assert str(event["UID"]) == f"{message.about}@book.studio.example"
    assert {e.status for e in entries(transactions)} == {DeliveryStatus.SENT}


def test_two_dispatchers_at_once_send_each_message_once(clock, transactions, server, smtp):
    mailbox, _ = server
    queued = queue(transactions, [a_message(clock, n) for n in range(24)], clock.now())
    start = threading.Barrier(2)
    reports = []

    def run(owner: str) -> None:
        dispatcher = Dispatcher(transactions, smtp, clock, batch=8, owner=owner)
        start.wait()
        reports.append(dispatcher.dispatch())

    threads = [threading.Thread(target=run, args=(name,)) for name in ("left", "right")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sum(r.sent for r in reports) == 24 and all(r.retrying == r.failed == 0 for r in reports)
    assert Counter(mailbox.message_ids()) == Counter(m.message_id for m in queued)
    assert all(e.status is DeliveryStatus.SENT and e.attempts == 1 for e in entries(transactions))


@pytest.mark.slow
def test_a_dispatcher_killed_between_send_and_mark_loses_nothing(
    clock, transactions, server, smtp, database_url
):
    mailbox, port = server
    queued = queue(transactions, [a_message(clock, n) for n in range(5)], clock.now())
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), environment.get("PYTHONPATH")]))

    killed = subprocess.run(
        [sys.executable, "-m", "tests.integration.outbox_crash_worker", database_url, str(port),
         clock.now().isoformat(), "3"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )
    assert killed.returncode == -9, killed.stderr  # SIGKILL: no cleanup ran
    assert len(mailbox.received) == 3
    unmarked = [e for e in entries(transactions) if e.status is DeliveryStatus.PENDING]
    assert len(unmarked) == 3 and sum(e.claimed_until is not None for e in unmarked) == 1

    restarted = Dispatcher(transactions, smtp, clock, owner="restarted")
    assert restarted.dispatch().sent == 2  # the two it never reached; the third is claimed
    clock.advance(seconds=restarted.claim_for.total_seconds())
    assert restarted.dispatch().sent == 1  # the claim ran out: sent again

    received = Counter(mailbox.message_ids())
    assert set(received) == {m.message_id for m in queued}  # none lost
    assert sorted(received.values()) == [1, 1, 1, 1, 2]  # one repeat, with the same Message-ID
    assert {e.status for e in entries(transactions)} == {DeliveryStatus.SENT}


def test_a_server_that_says_try_later_is_retried_with_growing_waits_then_given_up(
    clock, transactions, server, smtp
):
    mailbox, _ = server
    mailbox.refusal = "451 4.3.0 Mailbox busy, try again later"
    queue(transactions, [a_message(clock, 1)], clock.now())
    dispatcher = Dispatcher(transactions, smtp, clock)

    for attempt, wait in enumerate(BACKOFF, start=1):
        assert dispatcher.dispatch().retrying == 1
        (entry,) = entries(transactions)
        assert (entry.status, entry.attempts) == (DeliveryStatus.PENDING, attempt)
        assert entry.next_attempt_at == clock.now() + wait
        assert "451" in entry.last_error and "kunde1@example.org" in entry.last_error
        assert dispatcher.dispatch().handled == 0  # not before its time
        clock.advance(seconds=wait.total_seconds())
    assert dispatcher.dispatch().failed == 1

    (entry,) = entries(transactions)
    assert (entry.status, entry.attempts) == (DeliveryStatus.FAILED, MOST_ATTEMPTS)
    assert "451 4.3.0 Mailbox busy" in entry.last_error
    assert mailbox.received == []

    mailbox.refusal = None  # the studio resends once the server is back
    assert OutboxReview(transactions, clock).resend(entry.id, company_id=1)
    assert dispatcher.dispatch().sent == 1
    assert len(mailbox.received) == 1


def test_a_mailbox_that_does_not_exist_is_given_up_at_once_with_the_servers_answer(
    clock, transactions, server, smtp
):
    mailbox, _ = server
    mailbox.refusal = "550 5.1.1 No such user here"
    queue(transactions, [a_message(clock, 1)], clock.now())

    assert Dispatcher(transactions, smtp, clock).dispatch().failed == 1
    (entry,) = entries(transactions)
    assert (entry.status, entry.attempts) == (DeliveryStatus.FAILED, 1)
    assert "550 5.1.1 No such user here" in entry.last_error


def test_a_server_that_is_not_there_is_a_failure_worth_retrying(clock, transactions):
    queue(transactions, [a_message(clock, 1)], clock.now())
    with smtp_server() as (_, port):
        pass  # stopped: nobody listens on the port now
    nobody = SmtpNotifier(host="127.0.0.1", port=port, security="none", timeout_seconds=5,
                          mail_from="noreply@studio.example", public_url="https://x.example")

    assert Dispatcher(transactions, nobody, clock).dispatch().retrying == 1
    (entry,) = entries(transactions)
    assert entry.last_error.startswith(f"cannot send through 127.0.0.1:{port}")


# -- the outbox table itself ------------------------------------------------------------------------
def test_the_outbox_keeps_the_whole_message_and_answers_by_entry_and_company(clock, transactions):
    first, second = queue(transactions, [
        a_message(clock, 1, kind=MessageKind.APPOINTMENT_CONFIRMED, about=about_appointment(9)),
        a_message(clock, 2, kind=MessageKind.APPOINTMENT_RESCHEDULED, about=about_appointment(9),
                  company_id=2, previous_starts_at=clock.now() + timedelta(days=1)),
    ], clock.now())

    def look(uow):
        return (uow.outbox.last_about(about_appointment(9)), uow.outbox.revisions(about_appointment(9)),
                uow.outbox.list(company_id=2), uow.outbox.counts(1))

    last, revisions, of_two, counts = transactions.read(look)
    assert last == second and revisions == 2 and second.sequence == 1
    assert [e.message for e in of_two] == [second]
    assert counts == {DeliveryStatus.PENDING: 1}


def test_a_once_key_is_decided_by_the_database(clock, transactions):
    message = a_message(clock, 1, kind=MessageKind.REMINDER)

    def once(uow, events):
        return enqueue(uow, message, clock.now(), once_key="reminder:booking-1:x")

    assert transactions.write(once) is not None
    assert transactions.write(once) is None
    assert len(entries(transactions)) == 1


# -- reminders ------------------------------------------------------------------------------------
def a_studio(store: SqlStore, clock: FakeClock) -> None:
    """Rows straight into the tables: a course in 20 h with a confirmed and a cancelled booking, a
    called-off course in 5 h, one in 40 h, an appointment in 3 h and a cancelled one."""
    now = clock.now()
    with store.engine.begin() as db:
        company = db.execute(insert(tables.companies).values(
            name="Studio Süd", slug="studio-sued", time_zone="Europe/Berlin")).inserted_primary_key[0]

        def course(hours: float, cancelled: bool = False) -> int:
            start = now + timedelta(hours=hours)
            return db.execute(insert(tables.courses).values(
                title=f"Kurs in {hours} h", capacity=10, starts_at=start,
                ends_at=start + timedelta(hours=1), company_id=company, cancelled=cancelled,
            )).inserted_primary_key[0]

        def booking(course_id: int, email: str, status: str = "confirmed") -> None:
            db.execute(insert(tables.bookings).values(
                course_id=course_id, customer_name="Ada", customer_email=email, tickets=2,
                status=status, created_at=now))

        soon = course(20)
        booking(soon, "ada@example.org")
        booking(soon, "gone@example.org", "cancelled")
        booking(course(5, cancelled=True), "off@example.org")
        booking(course(40), "later@example.org")
        staff = db.execute(insert(tables.staff).values(
            company_id=company, name="Mia", time_zone="Europe/Berlin", working_hours="{}",
            active=True)).inserted_primary_key[0]
        service = db.execute(insert(tables.event_types).values(
            company_id=company, name="Haarschnitt", slug="haarschnitt", description="",
            duration_minutes=30, price=0, active=True, team_event=False,
            requires_confirmation=False, buffer_before_minutes=0, buffer_after_minutes=0,
            minimum_notice_minutes=0, booking_limits="{}", metadata="{}",
        )).inserted_primary_key[0]
        for status, email in (("booked", "bo@example.org"), ("cancelled", "no@example.org")):
            db.execute(insert(tables.appointments).values(
                company_id=company, staff_id=staff, event_type_id=service,
                starts_at=now + timedelta(hours=3), ends_at=now + timedelta(hours=3, minutes=30),
                status=status, customer_name="Bo", customer_email=email))


def reminders_queued(transactions: Transactions) -> list[tuple[str, str]]:
    return sorted(
        (e.message.recipient_email, e.message.what) for e in entries(transactions)
        if e.message.kind is MessageKind.REMINDER
    )


def test_reminders_are_queued_once_per_visit_however_often_and_wherever_the_job_runs(
    clock, store, transactions
):
    a_studio(store, clock)
    reminders = [Reminders(transactions, clock, lead=timedelta(hours=24)) for _ in range(3)]
    counts: list[int] = []
    threads = [threading.Thread(target=lambda r=r: counts.append(r.run())) for r in reminders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(counts) == [0, 0, 2]
    assert reminders_queued(transactions) == [
        ("ada@example.org", "Kurs in 20 h"), ("bo@example.org", "Haarschnitt"),
    ]
    clock.advance(hours=17)  # the 40 h course is now 23 h away
    assert reminders[0].run() == 1
    assert reminders[0].run() == 0
    assert len(reminders_queued(transactions)) == 3


def test_the_scheduled_jobs_send_and_remind_through_the_configured_notifier(
    clock, store, transactions, database_url, tmp_path
):
    from studiobook.application.container import build_container

    a_studio(store, clock)
    container = build_container(Settings(database_url=database_url, load_entry_points=False,
                                         outbox_dir=str(tmp_path / "mails")))
    container.clock.override(clock)
    try:
        jobs = [j for j in container.scheduled_jobs() if j.name in ("remind_customers", "send_notifications")]
        runner = JobRunner(container.store().job_runs(), clock, jobs)
        outcomes = runner.run_due()
        # The reminders ran after the dispatcher: the next minute's run sends them.
        clock.advance(minutes=1)
        outcomes += runner.run_due()
    finally:
        container.store().dispose()

    assert [(o.job, o.ok) for o in outcomes if o.ran] == [
        ("send_notifications", True), ("remind_customers", True), ("send_notifications", True),
    ], outcomes
    assert sorted(p.suffix for p in (tmp_path / "mails").iterdir()) == [".eml", ".eml"]


class SchedulerDied(BaseException):
    pass


def test_a_dispatcher_job_left_by_a_dead_scheduler_runs_again_within_minutes(clock, store):
    def dies() -> str:
        raise SchedulerDied()

    lease = timedelta(minutes=10)
    job = Job("send_notifications", timedelta(minutes=1), dies, lease=lease)
    with pytest.raises(SchedulerDied):  # the process dies inside the job: no finish, lease held
        JobRunner(store.job_runs(), clock, [job], owner="dead").run_due()

    survivor = JobRunner(store.job_runs(), clock, [replace(job, run=lambda: "sent")], owner="alive")
    clock.advance(seconds=lease.total_seconds() - 60)
    assert [o.ran for o in survivor.run_due()] == [False]
    clock.advance(minutes=1, seconds=1)  # an hour for a sync, minutes for the dispatcher
    assert [(o.ran, o.message) for o in survivor.run_due()] == [(True, "sent")]
