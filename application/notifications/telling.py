"""In which language a customer is told of a change, and with which manage link.

A customer who made the change is answered in the language they asked in, with the token they
hold. When the studio makes it (an operator, a session called off, a seat freed for someone on the
waitlist), the customer is written to as the last message about the same booking was — their
language, their link, since a token is kept nowhere else in clear — or, with no such message, in
the studio's language (``STUDIOBOOK_DEFAULT_LANGUAGE``) and with no link unless the use-case
issues a token for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from studiobook.application.notifications.ports import HasOutbox
from studiobook.domain.notifications.messages import Language


def manage_link(company: str, token: str) -> str:
    """The manage page of a booking or appointment as a path on the public site; the notifier
    puts ``STUDIOBOOK_PUBLIC_URL`` before it, so a message queued before the site moved still
    points at the site it is sent from. ``company``: the company's slug (or id)."""
    return f"/book/{company}/manage/{token}"


@dataclass(frozen=True)
class Voice:
    """How one message speaks: its language and manage link."""

    language: Language
    link: str | None = None


def voice_about(
    uow: HasOutbox,
    about: str,
    studio_language: Language,
    language: Language | None = None,
    link: str | None = None,
) -> Voice:
    """The voice for a message about ``about``: what the caller knows (``language``, ``link``),
    the rest from the last message about it, else the studio's language and no link."""
    if language is not None and link is not None:
        return Voice(language, link)
    earlier = uow.outbox.last_about(about)
    if earlier is None:
        return Voice(language or studio_language, link)
    return Voice(language or earlier.language, link or earlier.manage_link)
