"""A dispatcher process that dies — SIGKILL, no cleanup — right after its N-th message reached
the SMTP server and before it could mark the message sent: the crash the outbox must survive.

``python -m tests.integration.outbox_crash_worker DATABASE_URL SMTP_PORT NOW_ISO N``
"""

from __future__ import annotations

import os
import signal
import sys
from dataclasses import dataclass
from datetime import datetime

from studiobook.adapters.notify.smtp import SmtpNotifier
from studiobook.adapters.sql.store import SqlStore
from studiobook.application.notifications.dispatcher import Dispatcher
from studiobook.application.shared.transactions import Transactions
from studiobook.domain.notifications.messages import Message
from tests.fakes import FakeClock, RecordingPublisher


@dataclass
class DieAfterSending:
    smtp: SmtpNotifier
    after: int
    sent: int = 0

    def send(self, message: Message) -> None:
        self.smtp.send(message)
        self.sent += 1
        if self.sent == self.after:
            os.kill(os.getpid(), signal.SIGKILL)


def main(url: str, port: str, now: str, after: str) -> int:
    store = SqlStore(url, 5.0)
    smtp = SmtpNotifier(host="127.0.0.1", port=int(port), security="none",
                        mail_from="noreply@studio.example", public_url="https://book.studio.example")
    transactions = Transactions(store.unit_of_work, RecordingPublisher())
    clock = FakeClock(datetime.fromisoformat(now))
    Dispatcher(transactions, DieAfterSending(smtp, int(after)), clock, owner="doomed").dispatch()
    return 3  # not reached: the process was killed


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
