"""Registers the notifiers with the adapter registry (kind ``notifier``): ``file`` (the default:
``.eml`` files for development) and ``smtp``. What they send is built only when one is
(``compose.py`` needs Babel and icalendar; no command pays for them otherwise)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from studiobook.application.hookspecs import hookimpl

if TYPE_CHECKING:
    from studiobook.adapters.notify.files import FileNotifier
    from studiobook.adapters.notify.smtp import SmtpNotifier
    from studiobook.application.plugins import AdapterRegistry
    from studiobook.application.settings import Settings


def build_smtp(settings: Settings) -> SmtpNotifier:
    from studiobook.adapters.notify.smtp import SmtpNotifier

    return SmtpNotifier(
        host=settings.smtp_host,
        port=settings.smtp_port,
        security=settings.smtp_security,
        user=settings.smtp_user,
        password=settings.smtp_password,
        timeout_seconds=settings.smtp_timeout_seconds,
        mail_from=settings.mail_from,
        public_url=settings.public_url,
    )


def build_file(settings: Settings) -> FileNotifier:
    from pathlib import Path

    from studiobook.adapters.notify.files import FileNotifier

    return FileNotifier(
        Path(settings.outbox_dir), mail_from=settings.mail_from, public_url=settings.public_url
    )


@hookimpl
def studiobook_register_adapters(registry: AdapterRegistry) -> None:
    registry.register("notifier", "smtp", build_smtp)
    registry.register("notifier", "file", build_file)
