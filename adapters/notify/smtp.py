"""Sending through an SMTP server with the standard library's ``smtplib``: STARTTLS (port 587),
TLS from the first byte (``ssl``, port 465) or plain (``none``, a relay on the same host), a
login when a user is set, and a timeout on every step so a mail server that hangs costs one
attempt, not the dispatcher.

A refusal the server means for good (5xx for the recipient or the message) is a permanent
failure; anything else — no connection, a 4xx "try later", a refused login or sender (our
configuration, which an operator can fix) — is worth another attempt.
"""

from __future__ import annotations

import smtplib
import ssl

from studiobook.adapters.notify.compose import compose
from studiobook.application.notifications.ports import NotificationFailed
from studiobook.domain.notifications.messages import Message

USUAL_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


def _said(text: bytes | str) -> str:
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else text


class SmtpNotifier:
    def __init__(
        self,
        *,
        host: str,
        port: int = 0,
        security: str = "starttls",
        user: str = "",
        password: str = "",
        timeout_seconds: float = 30.0,
        mail_from: str,
        public_url: str,
    ) -> None:
        if security not in USUAL_PORTS:
            raise ValueError(f"SMTP security '{security}' is not starttls, ssl or none")
        self.host = host
        self.port = port or USUAL_PORTS[security]
        self.security = security
        self.user = user
        self._password = password
        self.timeout_seconds = timeout_seconds
        self.mail_from = mail_from
        self.public_url = public_url

    def __repr__(self) -> str:
        login = f", user={self.user!r}, password=***" if self.user else ""
        return f"SmtpNotifier({self.host}:{self.port}, {self.security}{login})"

    def send(self, message: Message) -> None:
        email = compose(message, mail_from=self.mail_from, public_url=self.public_url)
        where = f"{self.host}:{self.port}"
        try:
            with self._connect() as smtp:
                if self.user:
                    smtp.login(self.user, self._password)
                smtp.send_message(email)
        except smtplib.SMTPRecipientsRefused as refused:
            answers = list(refused.recipients.values())
            said = "; ".join(f"{code} {_said(text)}" for code, text in answers)
            raise NotificationFailed(
                f"{where} refused {message.recipient_email}: {said}",
                permanent=all(500 <= code < 600 for code, _ in answers),
            ) from None
        except smtplib.SMTPAuthenticationError as error:
            raise NotificationFailed(
                f"{where} refused the login of {self.user!r} (check STUDIOBOOK_SMTP_USER and "
                f"STUDIOBOOK_SMTP_PASSWORD): {error.smtp_code} {_said(error.smtp_error)}"
            ) from None
        except smtplib.SMTPDataError as error:
            raise NotificationFailed(
                f"{where} refused the message: {error.smtp_code} {_said(error.smtp_error)}",
                permanent=500 <= error.smtp_code < 600,
            ) from None
        except smtplib.SMTPResponseException as error:
            raise NotificationFailed(
                f"{where} answered {error.smtp_code} {_said(error.smtp_error)}"
            ) from None
        except (smtplib.SMTPException, OSError) as error:
            raise NotificationFailed(
                f"cannot send through {where}: {type(error).__name__}: {error}"
            ) from None

    def _connect(self) -> smtplib.SMTP:
        if self.security == "ssl":
            return smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout_seconds,
                context=ssl.create_default_context(),
            )
        smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout_seconds)
        if self.security == "starttls":
            try:
                smtp.starttls(context=ssl.create_default_context())
            except BaseException:
                smtp.close()
                raise
        return smtp
