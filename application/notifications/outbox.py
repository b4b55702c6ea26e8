"""Queueing a message in the caller's transaction: the transactional outbox.

A use-case that confirms, cancels or moves a booking calls :func:`enqueue` with its own unit of
work before it commits. The message is then stored exactly when the change is — never an e-mail
about a booking that rolled back, never a booking whose e-mail was lost — and the
:class:`~studiobook.application.notifications.dispatcher.Dispatcher` sends it afterwards.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime

from studiobook.application.notifications.ports import HasOutbox
from studiobook.domain.notifications.messages import Message


def new_message_id() -> str:
    """A Message-ID for the e-mail; every send of the message repeats it, so a mail program
    shows a repeat after a crash as the same e-mail."""
    return f"<{uuid.uuid4().hex}@studiobook>"


def enqueue(
    uow: HasOutbox, message: Message, now: datetime, *, once_key: str | None = None
) -> Message | None:
    """Write ``message`` into ``uow``'s outbox, due at once; it is sent after the commit.

    The message gets its Message-ID, the time it was queued and its calendar ``sequence`` (how
    often its calendar entry changed before, so a calendar applies a reschedule or cancellation
    over the entry it replaces). ``once_key`` makes it the only message under that key (a
    reminder: one per booking and start): ``None`` when there is one already. Returns the
    message as queued.
    """
    changes_before = uow.outbox.revisions(message.about)
    sequence = changes_before if message.kind.changes_the_entry else max(changes_before - 1, 0)
    queued = replace(message, message_id=new_message_id(), sequence=sequence, queued_at=now)
    if uow.outbox.add(queued, now, once_key) is None:
        return None
    return queued
