"""The e-mails the notifiers send: text from the gettext catalogues in German and English, the
calendar file (parsed back with ``icalendar``), the manage link, the Message-ID; the file
notifier; the notifier settings and their selection by name."""

from __future__ import annotations

import email
import re
import tomllib
from datetime import timedelta
from email import policy
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from studiobook.adapters.notify.compose import absolute_link, compose
from studiobook.adapters.notify.files import FileNotifier
from studiobook.adapters.notify.texts import LOCALE, Texts, catalogue_path
from studiobook.application.notifications.outbox import new_message_id
from studiobook.application.notifications.ports import NotificationFailed
from studiobook.application.settings import Settings, SettingsError
from studiobook.domain.notifications.messages import (
    LANGUAGES,
    Message,
    MessageKind,
    about_appointment,
    about_booking,
)
from tests.fakes import FakeClock

ROOT = Path(__file__).resolve().parents[2]
MAIL_FROM = "Studiobook <noreply@studio.example>"
PUBLIC_URL = "https://book.studio.example"


def a_message(kind: MessageKind, language: str = "en", **changes) -> Message:
    now = FakeClock().now()
    start = now + timedelta(days=3, hours=8)  # 17:00 UTC: 18:00 in Berlin in winter
    about = about_appointment(7) if kind.value.startswith("appointment") else about_booking(12)
    values = dict(
        kind=kind, recipient_name="Ada Lovelace", recipient_email="ada@example.org",
        language=language, studio="Studio Süd", what="Yoga am Abend", starts_at=start,
        ends_at=start + timedelta(minutes=75), time_zone="Europe/Berlin", about=about,
        company_id=3, tickets=None if about.startswith("appointment") else 2,
        manage_link="/book/studio-sued/manage/t0ken", message_id=new_message_id(),
        sequence=1, queued_at=now,
    )
    return Message(**(values | changes))


def parsed(message: Message) -> email.message.EmailMessage:
    raw = compose(message, mail_from=MAIL_FROM, public_url=PUBLIC_URL).as_bytes()
    return email.message_from_bytes(raw, policy=policy.default)


def calendar_of(mail) -> tuple[Calendar, object]:
    (attachment,) = list(mail.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename() == "invite.ics"
    calendar = Calendar.from_ical(attachment.get_payload(decode=True))
    (event,) = calendar.walk("VEVENT")
    return calendar, event


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", list(MessageKind))
def test_every_kind_in_every_language_has_its_text_calendar_file_and_link(kind, language):
    message = a_message(kind, language)
    mail = parsed(message)
    text = mail.get_body(("plain",)).get_content()
    calendar, event = calendar_of(mail)

    assert mail["Message-ID"] == message.message_id
    assert mail["To"] == "Ada Lovelace <ada@example.org>"
    assert mail["From"].addresses[0].addr_spec == "noreply@studio.example"
    assert mail["From"].addresses[0].display_name == "Studio Süd"
    assert "Yoga am Abend" in mail["Subject"]
    assert "https://book.studio.example/book/studio-sued/manage/t0ken" in text
    assert "Ada Lovelace" in text and "Studio Süd" in text and "Europe/Berlin" in text
    assert ("18:00" if language == "de" else "6:00 PM") in text  # the studio's wall clock
    cancels = kind.cancels
    assert str(calendar["METHOD"]) == ("CANCEL" if cancels else "REQUEST")
    assert str(event["STATUS"]) == ("CANCELLED" if cancels else "CONFIRMED")
    assert str(event["UID"]) == f"{message.about}@book.studio.example"
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART") == message.starts_at  # the same instant ...
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"  # ... written in the studio's zone
    assert event.decoded("DTSTART").tzinfo.key == "Europe/Berlin"
    assert event.decoded("DTEND") == message.ends_at
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert str(event["URL"]) == "https://book.studio.example/book/studio-sued/manage/t0ken"


def test_the_german_and_the_english_text_differ_and_say_what_happened():
    de = parsed(a_message(MessageKind.APPOINTMENT_RESCHEDULED, "de",
                          previous_starts_at=FakeClock().now() + timedelta(days=2, hours=8)))
    en = parsed(a_message(MessageKind.APPOINTMENT_RESCHEDULED, "en",
                          previous_starts_at=FakeClock().now() + timedelta(days=2, hours=8)))
    german, english = (m.get_body(("plain",)).get_content() for m in (de, en))

    assert de["Subject"].strip().startswith("Termin verschoben: Yoga am Abend, jetzt am ")
    assert en["Subject"].strip().startswith("Appointment moved: Yoga am Abend, now on ")
    assert "Hallo Ada Lovelace," in german and "Hello Ada Lovelace," in english
    assert "Wann: Montag, 30. November 2026, 18:00 – 19:15 Uhr (Europe/Berlin)" in german
    assert "Bisher: Sonntag, 29. November 2026, 18:00 – 19:15 Uhr (Europe/Berlin)" in german
    assert "When: Monday, November 30, 2026, 6:00 PM – 7:15 PM (Europe/Berlin)" in english
    assert (de.get_body(("plain",))["Content-Language"], en.get_body(("plain",))["Content-Language"]) == ("de", "en")


def test_a_partial_cancellation_keeps_the_calendar_entry_and_says_how_many_tickets():
    mail = parsed(a_message(MessageKind.BOOKING_CANCELLED, "en", tickets=1, tickets_given_back=2))
    text = mail.get_body(("plain",)).get_content()
    calendar, event = calendar_of(mail)

    assert mail["Subject"].strip().startswith("Tickets given back: ")
    assert "Tickets: 1" in text and "Tickets given back: 2" in text
    assert str(calendar["METHOD"]) == "REQUEST" and str(event["STATUS"]) == "CONFIRMED"


def test_a_message_without_link_or_end_still_makes_a_mail():
    mail = parsed(a_message(MessageKind.REMINDER, "de", manage_link=None, ends_at=None))
    text = mail.get_body(("plain",)).get_content()
    _, event = calendar_of(mail)
    assert "Online ansehen" not in text and "DTEND" not in event and "URL" not in event


def test_the_calendar_uses_crlf_line_ends():
    mail = compose(a_message(MessageKind.BOOKING_CONFIRMED), mail_from=MAIL_FROM, public_url=PUBLIC_URL)
    (attachment,) = list(mail.iter_attachments())
    ics = attachment.get_payload(decode=True)
    assert ics.startswith(b"BEGIN:VCALENDAR\r\n") and b"\n" not in ics.replace(b"\r\n", b"")


def test_manage_links_as_paths_are_made_absolute_and_absolute_ones_are_kept():
    assert absolute_link("/book/s/manage/t", "https://x.example/") == "https://x.example/book/s/manage/t"
    assert absolute_link("/book/s/manage/t", "https://x.example/base") == "https://x.example/base/book/s/manage/t"
    assert absolute_link("https://y.example/m", "https://x.example") == "https://y.example/m"
    assert absolute_link(None, "https://x.example") is None


# -- the catalogues -------------------------------------------------------------------------------
def catalogue(language: str) -> dict[str, str]:
    from babel.messages.pofile import read_po

    with catalogue_path(language).open("rb") as po:
        found = read_po(po, locale=language)
    assert not [m.id for m in found if m.id and m.fuzzy], f"fuzzy texts in {language}"
    return {m.id: m.string for m in found if m.id}


def test_both_catalogues_translate_the_same_keys_with_the_same_placeholders():
    german, english = catalogue("de"), catalogue("en")
    assert german.keys() == english.keys()
    for key in german:
        assert german[key] and english[key], key
        assert set(re.findall(r"{(\w+)}", german[key])) == set(re.findall(r"{(\w+)}", english[key])), key


def test_every_text_the_code_names_is_in_the_catalogues():
    source = (ROOT / "adapters" / "notify" / "compose.py").read_text(encoding="utf-8")
    named = set(re.findall(r'texts\(\s*"([a-z_.]+)"', source))
    named |= {f"{part}.{kind.value}" for part in ("subject", "lead") for kind in MessageKind}
    named |= {"subject.partial_cancellation", "lead.partial_cancellation"}
    assert named - catalogue("en").keys() == set()
    assert catalogue("en").keys() - named == set(), "texts no code uses"


def test_a_text_missing_from_a_catalogue_is_an_error_not_the_key():
    from studiobook.adapters.notify.texts import MissingText

    with pytest.raises(MissingText, match="no text for 'subject.nothing'"):
        Texts("de")("subject.nothing")


def test_the_catalogues_are_shipped_as_package_data():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["studiobook.adapters.notify"]
    folder = ROOT / "adapters" / "notify"
    shipped = {path for pattern in patterns for path in folder.glob(pattern)}
    assert set(LOCALE.rglob("*.po")) <= shipped
    assert {p.parent.parent.name for p in LOCALE.rglob("*.po")} == set(LANGUAGES)


# -- the file notifier ----------------------------------------------------------------------------
def test_the_file_notifier_writes_each_message_once_as_an_eml_file(tmp_path):
    folder = tmp_path / "outbox"
    notifier = FileNotifier(folder, mail_from=MAIL_FROM, public_url=PUBLIC_URL)
    first = a_message(MessageKind.BOOKING_CONFIRMED)
    second = a_message(MessageKind.REMINDER)

    notifier.send(first)
    notifier.send(first)  # sent again after a crash: the same file
    notifier.send(second)

    files = sorted(folder.iterdir())
    assert [f.suffix for f in files] == [".eml", ".eml"]
    mails = [email.message_from_bytes(f.read_bytes(), policy=policy.default) for f in files]
    assert {m["Message-ID"] for m in mails} == {first.message_id, second.message_id}


def test_the_file_notifier_reports_a_folder_it_cannot_write(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    notifier = FileNotifier(blocked / "outbox", mail_from=MAIL_FROM, public_url=PUBLIC_URL)
    with pytest.raises(NotificationFailed, match="cannot write"):
        notifier.send(a_message(MessageKind.BOOKING_CONFIRMED))


# -- settings and selection -----------------------------------------------------------------------
def test_notifier_settings_come_from_the_environment_and_the_password_stays_out_of_repr():
    settings = Settings.from_env({
        "STUDIOBOOK_NOTIFIER": "smtp", "STUDIOBOOK_SMTP_HOST": "mail.example",
        "STUDIOBOOK_SMTP_PORT": "2525", "STUDIOBOOK_SMTP_SECURITY": "ssl",
        "STUDIOBOOK_SMTP_USER": "studio", "STUDIOBOOK_SMTP_PASSWORD": "s3cret-pw",
        "STUDIOBOOK_SMTP_TIMEOUT": "7.5", "STUDIOBOOK_REMINDER_HOURS": "2",
        "STUDIOBOOK_OUTBOX_DIR": "/tmp/mails", "STUDIOBOOK_MAIL_FROM": "Studio <a@b.example>",
        "STUDIOBOOK_PUBLIC_URL": "https://book.example",
    })
    assert (settings.notifier, settings.smtp_host, settings.smtp_port, settings.smtp_security) == (
        "smtp", "mail.example", 2525, "ssl",
    )
    assert (settings.smtp_timeout_seconds, settings.reminder_hours) == (7.5, 2.0)
    assert settings.smtp_password == "s3cret-pw" and "s3cret-pw" not in repr(settings)
    defaults = Settings()
    assert (defaults.notifier, defaults.outbox_dir, defaults.reminder_hours) == ("file", "outbox", 24.0)


@pytest.mark.parametrize(
    ("variable", "value", "complaint"),
    [
        ("STUDIOBOOK_SMTP_SECURITY", "tls", "starttls, ssl or none"),
        ("STUDIOBOOK_SMTP_PORT", "70000", "port number"),
        ("STUDIOBOOK_SMTP_TIMEOUT", "0", "positive number"),
        ("STUDIOBOOK_REMINDER_HOURS", "-1", "from 0"),
        ("STUDIOBOOK_MAIL_FROM", "nobody", "e-mail address"),
    ],
)
def test_a_notifier_setting_that_cannot_work_is_refused_naming_the_variable(variable, value, complaint):
    with pytest.raises(SettingsError, match=complaint):
        Settings.from_env({variable: value})


def test_the_container_selects_the_notifier_by_name_and_registers_the_jobs(tmp_path):
    from studiobook.adapters.notify.smtp import SmtpNotifier
    from studiobook.application.container import build_container

    database = f"sqlite:///{tmp_path / 'unused.db'}"
    files = build_container(Settings(database_url=database, load_entry_points=False,
                                     outbox_dir=str(tmp_path / "mails")))
    smtp = build_container(Settings(database_url=database, load_entry_points=False,
                                    notifier="smtp", smtp_password="pw"))

    assert isinstance(files.notifier(), FileNotifier) and files.notifier().folder == tmp_path / "mails"
    assert isinstance(smtp.notifier(), SmtpNotifier) and "pw" not in repr(smtp.notifier())
    assert smtp.notifier().port == 587  # STARTTLS's usual port when none is set
    assert files.adapters().names("notifier") == ["file", "smtp"]
    assert files.reminders().lead == timedelta(hours=24)
    names = [job.name for job in files.scheduled_jobs()]
    assert {"send_notifications", "remind_customers"} <= set(names)


def test_times_are_shown_in_the_studios_zone_across_a_dst_change():
    texts = Texts("de")
    zone = ZoneInfo("Europe/Berlin")
    winter = FakeClock().now().replace(month=1, day=15, hour=17)
    summer = winter.replace(month=7)
    assert (texts.time(winter, zone), texts.time(summer, zone)) == ("18:00", "19:00")
