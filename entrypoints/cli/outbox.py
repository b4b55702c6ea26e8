"""``studiobook outbox list|resend|send``: the messages customers are sent, from a terminal.

``send`` runs the dispatcher once — what the scheduler does every minute — for a host without a
scheduler, or to see at once whether the mail server takes the messages.

A message's manage link is never shown: its token opens the customer's booking.
"""

from __future__ import annotations

from typing import Any

import click

from studiobook.entrypoints.cli.app import App, emit, emit_json, emit_table, json_option, pass_app
from studiobook.entrypoints.cli.types import STORED_INT

STATUSES = ("pending", "sent", "failed")


def outbox_entry_json(entry: Any) -> dict[str, Any]:
    """One outbox message as the CLI and the admin API show it (no manage link)."""
    message = entry.message

    def instant(value: Any) -> str | None:
        return None if value is None else value.isoformat()

    return {
        "id": entry.id,
        "status": entry.status.value,
        "kind": message.kind.value,
        "company_id": message.company_id,
        "recipient": message.recipient_email,
        "language": message.language,
        "what": message.what,
        "starts_at": instant(message.starts_at),
        "about": message.about,
        "attempts": entry.attempts,
        "created_at": instant(entry.created_at),
        "next_attempt_at": instant(entry.next_attempt_at),
        "sent_at": instant(entry.sent_at),
        "last_error": entry.last_error,
        "message_id": message.message_id,
    }


@click.group()
def outbox() -> None:
    """The e-mails to customers: waiting, sent, given up."""


@outbox.command("list")
@click.option("--status", type=click.Choice(STATUSES), help="Only messages in this state.")
@click.option("--company", "company_id", type=STORED_INT, help="Only this company's messages.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 1000))
@json_option
@pass_app
def list_messages(
    app: App, status: str | None, company_id: int | None, limit: int, as_json: bool
) -> None:
    """Newest first, with the error of a message given up."""
    from studiobook.domain.notifications.delivery import DeliveryStatus

    review = app.container.outbox_review()
    entries = review.entries(company_id, DeliveryStatus(status) if status else None, limit)
    if as_json:
        emit_json({
            "counts": {s.value: n for s, n in review.counts(company_id).items()},
            "messages": [outbox_entry_json(e) for e in entries],
        })  # fmt: skip
        return
    emit_table(
        ["id", "status", "kind", "to", "attempts", "queued", "error"],
        [
            [e.id, e.status.value, e.message.kind.value, e.message.recipient_email, e.attempts,
             e.created_at.isoformat(timespec="seconds"), e.last_error]
            for e in entries
        ],
    )  # fmt: skip


@outbox.command("resend")
@click.argument("message_id", type=STORED_INT)
@click.option("--company", "company_id", type=STORED_INT, help="Only if it is this company's.")
@json_option
@pass_app
def resend(app: App, message_id: int, company_id: int | None, as_json: bool) -> None:
    """Queue a given-up message again (sent by the next dispatch: `outbox send`)."""
    if not app.container.outbox_review().resend(message_id, company_id):
        raise click.ClickException(f"outbox message {message_id} is not a given-up message")
    emit(as_json, {"id": message_id, "status": "pending"}, f"outbox message {message_id} queued again")


@outbox.command("send")
@json_option
@pass_app
def send(app: App, as_json: bool) -> None:
    """Send what is due now, once (the scheduler does it every minute)."""
    done = app.container.dispatcher().dispatch()
    document = {"sent": done.sent, "retrying": done.retrying, "failed": done.failed,
                "taken": done.taken}  # fmt: skip
    emit(as_json, document, str(done))
