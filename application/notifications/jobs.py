"""The notifications' scheduled jobs: the dispatcher every minute, the reminders every quarter
of an hour (``application/container.py`` registers them)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from studiobook.application.jobs.runner import Job
from studiobook.application.notifications.dispatcher import Dispatcher
from studiobook.application.notifications.reminders import Reminders

DISPATCH_EVERY = timedelta(minutes=1)
REMIND_EVERY = timedelta(minutes=15)


def notification_jobs(
    dispatcher: Callable[[], Dispatcher], reminders: Callable[[], Reminders]
) -> list[Job]:
    """``send_notifications`` and ``remind_customers``. Their leases are short: a scheduler that
    died mid-run blocks the outbox for minutes, not for the hour a sync may take."""

    def send() -> str:
        return str(dispatcher().dispatch())

    def remind() -> str:
        return f"{reminders().run()} reminder(s) queued"

    return [
        Job("send_notifications", DISPATCH_EVERY, send, lease=timedelta(minutes=10)),
        Job("remind_customers", REMIND_EVERY, remind, lease=timedelta(minutes=15)),
    ]
