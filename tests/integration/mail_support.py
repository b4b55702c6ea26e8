"""A real SMTP server on loopback (aiosmtpd) for the notifier's tests: it keeps every message it
accepts, and refuses recipients with a chosen reply ("451 ..." for a server that wants a retry,
"550 ..." for a mailbox that does not exist) when told to."""

from __future__ import annotations

import email
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email import policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


class Mailbox:
    """The aiosmtpd handler."""

    def __init__(self) -> None:
        self.received: list[EmailMessage] = []
        self.refusal: str | None = None
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if self.refusal is not None:
            return self.refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        mail = email.message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.received.append(mail)
        return "250 Message accepted for delivery"

    def message_ids(self) -> list[str]:
        with self._lock:
            return [str(mail["Message-ID"]) for mail in self.received]


class _AnyPortController(Controller):
    """Listens on the port the system picks (``port=0``) and reports it as ``self.port``."""

    def _trigger_server(self) -> None:
        assert self.server is not None
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@contextmanager
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    """``(mailbox, port)`` of an SMTP server on 127.0.0.1, stopped afterwards."""
    mailbox = Mailbox()
    controller = _AnyPortController(
        mailbox, hostname="127.0.0.1", port=0, server_hostname="localhost", ready_timeout=10
    )
    controller.start()
    try:
        yield mailbox, controller.port
    finally:
        controller.stop()
