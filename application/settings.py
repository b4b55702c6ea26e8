"""Settings, read once at the edge (CLI flags, environment) and handed to the container."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

DEFAULT_DATABASE_URL = "sqlite:///studiobook.db"
# The domain's limit (studiobook.domain.courses.timetables.MOST_WEEKS_AHEAD), not imported: every
# command reads the settings, few need the domain of timetables. A test keeps the two equal.
MOST_WEEKS_AHEAD = 104
# The languages customers are written in (studiobook.domain.notifications.messages.LANGUAGES),
# not imported for the same reason; a test keeps the two equal.
LANGUAGES = ("de", "en")


class SettingsError(ValueError):
    """A setting has a value that cannot work; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    # Which registered adapter supplies each port.
    store: str = "sql"
    clock: str = "system"
    membership_gateway: str = "wodify"
    calendar_gateway: str = "calcom"
    cache: str = "memory"
    secrets: str = "fernet"
    notifier: str = "file"
    recurrence: str = "dateutil"
    # Counting for a scraper: "none" (one-shot commands); `studiobook serve` picks "prometheus".
    metrics: str = "none"
    # How long one attempt waits for a locked course, and how many attempts before "busy".
    lock_timeout_seconds: float = 5.0
    busy_attempts: int = 5
    load_entry_points: bool = True
    # How far ahead the timetables' sessions exist as courses (the hourly job keeps it so).
    timetable_weeks_ahead: int = 8
    # WODIFY (SPEC 3.1). The key is a secret: kept out of repr, so it never lands in a log line.
    wodify_api_url: str = "https://api.wodify.com/v1"
    wodify_api_key: str = field(default="", repr=False)
    wodify_location_id: str = ""
    # Cal.com (SPEC 3.2). Keys and team ids are per company, kept with the company, not here.
    calcom_api_url: str = "https://api.cal.com/v2"
    # Encrypts the API keys stored in the database (Fernet; comma-separated: newest first, older
    # ones still decrypt). Out of repr like every secret.
    secret_key: str = field(default="", repr=False)
    # Telling customers (the outbox's notifier). The file notifier writes .eml files into
    # outbox_dir; SMTP sends them. Manage links given as paths are made absolute with public_url.
    outbox_dir: str = "outbox"
    mail_from: str = "studiobook <noreply@localhost>"
    public_url: str = "http://localhost:8000"
    smtp_host: str = "localhost"
    smtp_port: int = 0  # 0: the usual port of smtp_security (587, 465, 25)
    smtp_security: str = "starttls"  # starttls | ssl | none
    smtp_user: str = ""
    # From the environment only, like every secret here: out of repr, never a CLI flag.
    smtp_password: str = field(default="", repr=False)
    smtp_timeout_seconds: float = 30.0
    # Reminders this many hours before a class or appointment (0: none).
    reminder_hours: float = 24.0
    # The studio's language (de | en): customers whose own is not known are written to in it —
    # bookings the studio makes, seats given off the waitlist.
    default_language: str = "de"
    # How many of each company's most booked event types `serve` keeps precached (0: none).
    precache_event_types: int = 3
    # How many availability questions one process computes at once (the rest wait their turn).
    availability_threads: int = 1

    _ENV = {
        "database_url": "STUDIOBOOK_DATABASE_URL",
        "store": "STUDIOBOOK_STORE",
        "clock": "STUDIOBOOK_CLOCK",
        "membership_gateway": "STUDIOBOOK_MEMBERSHIP_GATEWAY",
        "calendar_gateway": "STUDIOBOOK_CALENDAR_GATEWAY",
        "cache": "STUDIOBOOK_CACHE",
        "secrets": "STUDIOBOOK_SECRETS",
        "notifier": "STUDIOBOOK_NOTIFIER",
        "recurrence": "STUDIOBOOK_RECURRENCE",
        "lock_timeout_seconds": "STUDIOBOOK_LOCK_TIMEOUT",
        "busy_attempts": "STUDIOBOOK_BUSY_ATTEMPTS",
        "load_entry_points": "STUDIOBOOK_LOAD_PLUGINS",
        "timetable_weeks_ahead": "STUDIOBOOK_TIMETABLE_WEEKS_AHEAD",
        "wodify_api_url": "WODIFY_API_URL",
        "wodify_api_key": "WODIFY_API_KEY",
        "wodify_location_id": "WODIFY_LOCATION_ID",
        "calcom_api_url": "CALCOM_API_URL",
        "secret_key": "STUDIOBOOK_SECRET_KEY",
        "outbox_dir": "STUDIOBOOK_OUTBOX_DIR",
        "mail_from": "STUDIOBOOK_MAIL_FROM",
        "public_url": "STUDIOBOOK_PUBLIC_URL",
        "smtp_host": "STUDIOBOOK_SMTP_HOST",
        "smtp_port": "STUDIOBOOK_SMTP_PORT",
        "smtp_security": "STUDIOBOOK_SMTP_SECURITY",
        "smtp_user": "STUDIOBOOK_SMTP_USER",
        "smtp_password": "STUDIOBOOK_SMTP_PASSWORD",
        "smtp_timeout_seconds": "STUDIOBOOK_SMTP_TIMEOUT",
        "reminder_hours": "STUDIOBOOK_REMINDER_HOURS",
        "default_language": "STUDIOBOOK_DEFAULT_LANGUAGE",
        "precache_event_types": "STUDIOBOOK_PRECACHE_EVENT_TYPES",
        "availability_threads": "STUDIOBOOK_AVAILABILITY_THREADS",
    }

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then the environment, then explicit overrides (``None`` means not given)."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            variable = cls._ENV.get(f.name)
            if variable and environ.get(variable, "").strip():
                values[f.name] = _parse(variable, environ[variable].strip(), type(f.default))
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values).validated()

    def validated(self) -> Settings:
        if self.lock_timeout_seconds <= 0:
            raise SettingsError("STUDIOBOOK_LOCK_TIMEOUT must be a positive number of seconds")
        if self.busy_attempts < 1:
            raise SettingsError("STUDIOBOOK_BUSY_ATTEMPTS must be at least 1")
        if not 1 <= self.timetable_weeks_ahead <= MOST_WEEKS_AHEAD:
            raise SettingsError(
                f"STUDIOBOOK_TIMETABLE_WEEKS_AHEAD must be from 1 to {MOST_WEEKS_AHEAD} weeks"
            )
        if not 0 <= self.precache_event_types <= 50:
            raise SettingsError("STUDIOBOOK_PRECACHE_EVENT_TYPES must be from 0 (off) to 50")
        if not 1 <= self.availability_threads <= 64:
            raise SettingsError("STUDIOBOOK_AVAILABILITY_THREADS must be from 1 to 64")
        if not self.database_url:
            raise SettingsError("the database URL is empty")
        self._check_mail()
        return self

    def _check_mail(self) -> None:
        if self.smtp_security not in ("starttls", "ssl", "none"):
            raise SettingsError("STUDIOBOOK_SMTP_SECURITY must be starttls, ssl or none")
        if not 0 <= self.smtp_port <= 65535:
            raise SettingsError("STUDIOBOOK_SMTP_PORT must be a port number (0: the usual one)")
        if self.smtp_timeout_seconds <= 0:
            raise SettingsError("STUDIOBOOK_SMTP_TIMEOUT must be a positive number of seconds")
        if not 0 <= self.reminder_hours <= 24 * 28:
            raise SettingsError("STUDIOBOOK_REMINDER_HOURS must be from 0 (no reminders) to 672")
        if "@" not in self.mail_from:
            raise SettingsError("STUDIOBOOK_MAIL_FROM must be an e-mail address")
        if self.default_language not in LANGUAGES:
            raise SettingsError(
                f"STUDIOBOOK_DEFAULT_LANGUAGE must be one of {', '.join(LANGUAGES)}"
            )


def _parse(variable: str, raw: str, kind: type) -> Any:
    try:
        if kind is bool:
            lowered = raw.lower()
            if lowered not in {"1", "0", "true", "false", "yes", "no", "on", "off"}:
                raise ValueError(raw)
            return lowered in {"1", "true", "yes", "on"}
        return kind(raw)
    except ValueError:
        raise SettingsError(f"{variable}={raw!r} is not a valid {kind.__name__}") from None
