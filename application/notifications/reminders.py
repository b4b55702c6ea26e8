"""Reminders: one message per booking or appointment, some hours before it starts.

The job runs every quarter of an hour and queues a reminder for each confirmed booking and
booked appointment starting within the lead time (``STUDIOBOOK_REMINDER_HOURS``, 24 by default;
0 turns reminders off). Each reminder is queued under a key made of the visit and its start, and
the outbox holds a key once: however often the job runs, on however many schedulers, a visit is
reminded of once — and once more only if it moves to another start. A visit whose latest
message (its confirmation, a move) was queued inside the lead time gets no reminder.

A reminder speaks the language of the last message about the same visit and carries its manage
link (the link's token is stored nowhere else in clear).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, timedelta

from studiobook.application.notifications.outbox import enqueue
from studiobook.application.notifications.ports import NotificationsUnitOfWork, Visit
from studiobook.application.shared.ports import Clock
from studiobook.application.shared.transactions import Events, Transactions
from studiobook.domain.notifications.messages import (
    InvalidMessage,
    Language,
    Message,
    MessageKind,
)

log = logging.getLogger("studiobook.notifications")


def reminder_key(visit: Visit) -> str:
    """One reminder per visit and start."""
    return f"reminder:{visit.about}:{visit.starts_at.astimezone(UTC).isoformat()}"


def told_inside_the_window(earlier: Message | None, visit: Visit, lead: timedelta) -> bool:
    """A customer who booked (or was moved) after the reminder's time heard of the visit just
    now: a reminder minutes after the confirmation would be noise. As Cal.com does, a reminder
    whose time had passed when the booking was made is not sent."""
    if earlier is None or earlier.queued_at is None or earlier.kind is MessageKind.REMINDER:
        return False  # an earlier reminder was about another start, if the visit moved
    return earlier.queued_at >= visit.starts_at - lead


@dataclass
class Reminders:
    transactions: Transactions
    clock: Clock
    lead: timedelta = timedelta(hours=24)
    language: Language = "de"  # when no earlier message about the visit says another

    def run(self) -> int:
        """Queue the reminders now due; how many were new."""
        if self.lead <= timedelta(0):
            return 0
        now = self.clock.now()

        def remind(uow: NotificationsUnitOfWork, events: Events) -> int:
            visits = {reminder_key(v): v for v in uow.upcoming.starting(now, now + self.lead)}
            reminded = uow.outbox.once_keys(visits.keys())
            queued = 0
            for key, visit in visits.items():
                if key in reminded:
                    continue
                earlier = uow.outbox.last_about(visit.about)
                if told_inside_the_window(earlier, visit, self.lead):
                    continue
                try:
                    message = self._reminder(visit, earlier)
                except InvalidMessage as error:  # one bad address does not stop the others
                    log.warning("no reminder for %s: %s", visit.about, error)
                    continue
                if enqueue(uow, message, now, once_key=key) is not None:
                    queued += 1
            return queued

        return self.transactions.write(remind)

    def _reminder(self, visit: Visit, earlier: Message | None) -> Message:
        return Message(
            kind=MessageKind.REMINDER,
            recipient_name=visit.customer_name,
            recipient_email=visit.customer_email,
            language=earlier.language if earlier is not None else self.language,
            studio=visit.studio,
            what=visit.what,
            starts_at=visit.starts_at,
            ends_at=visit.ends_at,
            time_zone=visit.time_zone,
            about=visit.about,
            company_id=visit.company_id,
            tickets=visit.tickets,
            manage_link=earlier.manage_link if earlier is not None else None,
        )
