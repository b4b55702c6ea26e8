"""One :class:`~studiobook.domain.notifications.messages.Message` as an e-mail: a plain-text body
in the customer's language, the calendar file, the manage link, the Message-ID it was queued
with. Both notifiers send what this makes, so the file notifier shows exactly what SMTP sends.
"""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

from studiobook.adapters.notify.ics import calendar_file
from studiobook.adapters.notify.texts import Texts
from studiobook.domain.notifications.messages import Message, MessageKind


def absolute_link(link: str | None, public_url: str) -> str | None:
    """A manage link given as a path (``/book/...``) on the public site, made absolute."""
    if link is None:
        return None
    return urljoin(public_url.rstrip("/") + "/", link.lstrip("/")) if urlsplit(link).scheme == "" else link


def sender_address(mail_from: str) -> str:
    return parseaddr(mail_from)[1]


def _topic(message: Message) -> str:
    """The key part naming what happened (a partial cancellation is a case of its own)."""
    return "partial_cancellation" if message.partial_cancellation else message.kind.value


def body(message: Message, texts: Texts, link: str | None) -> str:
    zone = ZoneInfo(message.time_zone)
    length = None if message.ends_at is None else message.ends_at - message.starts_at

    def when(start: datetime) -> str:
        """The day and times in the studio's zone (a previous start: with the same length)."""
        day, begins = texts.day(start, zone), texts.time(start, zone)
        if length is None:
            return texts("when.open_end", day=day, start=begins, zone=message.time_zone)
        ends = texts.time(start + length, zone)
        return texts("when", day=day, start=begins, end=ends, zone=message.time_zone)

    lines = [
        texts("greeting", name=message.recipient_name),
        "",
        texts(f"lead.{_topic(message)}", studio=message.studio),
        "",
        texts("line.what", what=message.what),
        texts("line.when", when=when(message.starts_at)),
    ]
    if message.kind is MessageKind.APPOINTMENT_RESCHEDULED and message.previous_starts_at:
        lines.append(texts("line.before", when=when(message.previous_starts_at)))
    if message.tickets and not message.cancels_the_entry:
        lines.append(texts("line.tickets", tickets=message.tickets))
    if message.partial_cancellation:
        lines.append(texts("line.given_back", tickets=message.tickets_given_back))
    if link is not None:
        lines += ["", texts("line.manage", link=link)]
    lines += [
        "",
        texts("calendar.remove") if message.cancels_the_entry else texts("calendar.add"),
        "",
        texts("closing"),
        message.studio,
    ]
    return "\n".join(lines) + "\n"


def compose(message: Message, *, mail_from: str, public_url: str) -> EmailMessage:
    """The e-mail for ``message``, from ``mail_from``'s address under the studio's name."""
    texts = Texts(message.language)
    zone = ZoneInfo(message.time_zone)
    link = absolute_link(message.manage_link, public_url)
    address = sender_address(mail_from)
    day = texts("subject.day", date=texts.short_day(message.starts_at, zone),
                time=texts.time(message.starts_at, zone))
    text = body(message, texts, link)

    email = EmailMessage()
    email["Subject"] = texts(f"subject.{_topic(message)}", what=message.what, day=day)
    email["From"] = formataddr((message.studio, address))
    email["To"] = formataddr((message.recipient_name, message.recipient_email))
    if message.message_id:
        email["Message-ID"] = message.message_id
    if message.queued_at is not None:
        email["Date"] = format_datetime(message.queued_at)
    email["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to this
    email.set_content(text)
    email["Content-Language"] = message.language  # the text's (set_content drops Content-*)
    ics = calendar_file(
        message, organizer=address, uid_domain=urlsplit(public_url).hostname or "studiobook",
        description=text, link=link,
    )
    method = "CANCEL" if message.cancels_the_entry else "REQUEST"
    # As bytes: RFC 5545 wants CRLF line ends, which a text part would turn into the policy's.
    email.add_attachment(
        ics, maintype="text", subtype="calendar", filename="invite.ics",
        params={"method": method, "charset": "utf-8"},
    )
    return email
