"""The outbox in the admin: the dashboard shows what waits, what was given up (with the mail
server's answer) and what went out; Resend (a form post with its CSRF token, audited) queues a
given-up message again and the next dispatch sends it. A company token sees its own company's
messages only — on the page and at ``GET /admin/outbox``."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from dependency_injector import providers

from studiobook.application.notifications.ports import NotificationFailed
from studiobook.domain.notifications.delivery import DeliveryStatus
from tests.fakes import RecordingNotifier
from tests.web.conftest import ADMIN, SALON, bearer, csrf_of, log_in

REFUSAL = "550 5.1.1 <ada@example.org>: no such mailbox"


@pytest.fixture
def notifier(studio) -> RecordingNotifier:
    recording = RecordingNotifier()
    studio.container.notifier.override(providers.Object(recording))
    yield recording
    studio.container.notifier.reset_override()


def book(studio, company, name: str) -> None:
    """A confirmed booking of ``company``'s course: one message queued."""
    clock = studio.container.clock()
    starts = clock.now() + timedelta(days=2)
    course = studio.container.courses().create(
        f"Class of {name}", 5, starts, starts + timedelta(hours=1), company_id=company.id
    )
    studio.container.bookings().book(course.id, name, f"{name.lower()}@example.org")


def given_up(studio, notifier, company, name: str) -> None:
    book(studio, company, name)
    notifier.failures.append(NotificationFailed(REFUSAL, permanent=True))
    assert studio.container.dispatcher().dispatch().failed == 1


def section(page: str, table: str) -> str:
    """The text of one of the outbox tables on the page."""
    start = page.index(f'id="{table}"')
    return html.unescape(page[start:page.index("</table>", start)])


def test_a_given_up_message_shows_its_reason_and_resend_sends_it(client, studio, notifier):
    given_up(studio, notifier, studio.salon, "Ada")
    book(studio, studio.salon, "Ben")  # waiting
    log_in(client)

    page = client.get("/").text
    failed = section(page, "outbox-failed")
    assert "ada@example.org" in failed and REFUSAL in failed and "Resend" in failed
    assert "ben@example.org" in section(page, "outbox-pending")
    assert 'id="outbox-sent"' not in page

    [message] = studio.container.outbox_review().entries(studio.salon.id, DeliveryStatus.FAILED)
    refused = client.post("/outbox/resend", data={"message_id": message.id},
                          follow_redirects=False)
    assert refused.status_code == 403  # no CSRF token
    resent = client.post("/outbox/resend", data={
        "csrf_token": csrf_of(page), "message_id": message.id,
    }, follow_redirects=False)
    assert resent.status_code == 303 and resent.headers["location"] == "/?notice=resent"
    assert studio.container.dispatcher().dispatch().sent == 2
    assert {m.recipient_email for m in notifier.sent} == {"ada@example.org", "ben@example.org"}

    page = client.get("/").text
    assert "ada@example.org" in section(page, "outbox-sent")
    assert 'id="outbox-failed"' not in page
    [audited] = studio.container.audit().list(entity="outbox_message")
    assert (audited.actor, audited.action, audited.entity_id) == ("web:admin", "resend", str(message.id))


def test_resending_what_was_not_given_up_changes_nothing(client, studio, notifier):
    book(studio, studio.salon, "Ben")
    log_in(client)
    page = client.get("/").text
    [waiting] = studio.container.outbox_review().entries(limit=10)
    answer = client.post("/outbox/resend", data={
        "csrf_token": csrf_of(page), "message_id": waiting.id,
    })  # fmt: skip
    assert "Nothing to resend" in answer.text
    assert studio.container.audit().list(entity="outbox_message") == []


def test_a_company_token_sees_and_resends_only_its_own_messages(client, studio, notifier):
    given_up(studio, notifier, studio.salon, "Ada")
    given_up(studio, notifier, studio.other, "Olga")
    log_in(client, SALON)

    page = client.get("/").text
    assert "ada@example.org" in section(page, "outbox-failed")
    assert "olga@example.org" not in page
    other = next(e for e in studio.container.outbox_review().entries(studio.other.id))
    answer = client.post("/outbox/resend", data={"csrf_token": csrf_of(page), "message_id": other.id})
    assert "Nothing to resend" in answer.text

    mine = client.get("/admin/outbox", headers=bearer(SALON)).json()
    assert mine["company_id"] == studio.salon.id
    assert [m["recipient"] for m in mine["messages"]] == ["ada@example.org"]
    assert mine["counts"] == {"pending": 0, "sent": 0, "failed": 1}
    [shown] = mine["messages"]
    assert (shown["status"], shown["kind"], shown["last_error"]) == (
        "failed", "booking_confirmed", REFUSAL
    )
    assert "manage" not in str(shown)  # the link's token opens the booking: never shown

    everyone = client.get("/admin/outbox?status=failed", headers=bearer(ADMIN)).json()
    assert {m["recipient"] for m in everyone["messages"]} == {"ada@example.org", "olga@example.org"}
