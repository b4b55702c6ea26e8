"""End to end: customers book, queue, cancel and move through the public JSON API, the studio
calls a session off, the dispatcher delivers every message to a real SMTP server on loopback
(aiosmtpd) — in the language ``Accept-Language`` asked for, with a calendar file that parses
(the right instant, in the studio's zone) and a manage link that opens the booking. On SQLite and
PostgreSQL; every instant from the FakeClock.
"""

from __future__ import annotations

import re
from datetime import timedelta
from email.message import EmailMessage

import pytest
from dependency_injector import providers
from icalendar import Calendar

from studiobook.adapters.notify.smtp import SmtpNotifier
from tests.integration.appointment_support import at
from tests.integration.mail_support import smtp_server
from tests.web.public.conftest import API, appointment_body, booking_body

SITE = "https://book.studio.example"
ENGLISH, GERMAN = {"Accept-Language": "en-GB,en;q=0.9,de;q=0.5"}, {"Accept-Language": "de-DE"}


@pytest.fixture
def mailbox(shop):
    with smtp_server() as (box, port):
        notifier = SmtpNotifier(
            host="127.0.0.1", port=port, security="none", timeout_seconds=10,
            mail_from="Studiobook <noreply@studio.example>", public_url=SITE,
        )  # fmt: skip
        shop.container.notifier.override(providers.Object(notifier))
        yield box
        shop.container.notifier.reset_override()


def calendar_of(mail: EmailMessage) -> Calendar:
    [part] = [p for p in mail.iter_attachments() if p.get_content_type() == "text/calendar"]
    return Calendar.from_ical(part.get_payload(decode=True))


def event_of(mail: EmailMessage):
    [event] = calendar_of(mail).walk("VEVENT")
    return event


def token_in(mail: EmailMessage, slug: str) -> str:
    """The manage link's token, from the text and the calendar entry (the same link)."""
    text = mail.get_body(("plain",)).get_content()
    [link] = re.findall(rf"{re.escape(SITE)}/book/{slug}/manage/\S+", text)
    assert str(event_of(mail)["url"]) == link
    return link.rsplit("/", 1)[1]


def test_each_change_reaches_the_customer_in_their_language_with_a_link_and_a_calendar_entry(
    shop, public, mailbox
):
    slug = shop.salon.company.slug
    course = shop.course(capacity=1)
    seats = f"{API}/companies/{slug}/courses/{course.id}/bookings"

    lena = public.post(seats, json=booking_body(), headers=ENGLISH)
    ben = public.post(seats, json=booking_body(name="Ben Ott", email="ben@example.org",
                                               waitlist=True), headers=GERMAN)
    assert (lena.status_code, ben.status_code) == (201, 202)
    assert public.post(f"{API}/bookings/{lena.json()['manage_token']}/cancel",
                       headers=ENGLISH).status_code == 200

    made = public.post(f"{API}/companies/{slug}/appointments",
                       json=appointment_body(shop, email="cut@example.org"), headers=ENGLISH)
    token = made.json()["manage_token"]
    moved = public.post(f"{API}/appointments/{token}/reschedule",
                        json={"start": at(14).isoformat()}, headers=ENGLISH)
    assert (made.status_code, moved.status_code) == (201, 200)
    assert public.post(f"{API}/appointments/{token}/cancel", headers=GERMAN).status_code == 200

    other = shop.course(capacity=3, title="Yoga", starts_in=timedelta(days=4))
    cem = public.post(f"{API}/companies/{slug}/courses/{other.id}/bookings",
                      json=booking_body(name="Cem Kaya", email="cem@example.org"))
    assert cem.status_code == 201  # no Accept-Language: German
    shop.container.timetables().cancel_session(other.id, "instructor ill")

    done = shop.container.dispatcher().dispatch()
    assert (done.sent, done.retrying, done.failed) == (8, 0, 0)

    mails = [(str(m["To"]), str(m["Subject"]), m) for m in mailbox.received]
    assert [(to.split("<")[1].rstrip(">"), subject.split(":")[0]) for to, subject, _ in mails] == [
        ("lena@example.org", "Booking confirmed"),
        ("lena@example.org", "Booking cancelled"),
        ("ben@example.org", "Ihr Platz ist frei geworden"),  # the studio's language
        ("cut@example.org", "Appointment confirmed"),
        ("cut@example.org", "Appointment moved"),
        ("cut@example.org", "Termin abgesagt"),
        ("cem@example.org", "Buchung bestätigt"),
        ("cem@example.org", "Kurs abgesagt"),
    ]
    lena_booked, lena_cancelled, ben_promoted, cut_booked, cut_moved, cut_cancelled, *_ = (
        m for _, _, m in mails
    )
    assert lena_booked.get_body(("plain",)).get_content().startswith("Hello Lena Müller,")
    assert cut_cancelled.get_body(("plain",)).get_content().startswith("Hallo Lena Müller,")

    # The calendar entries: the right instant, written in the studio's zone.
    for mail, starts, method in [
        (lena_booked, course.starts_at, "REQUEST"),
        (lena_cancelled, course.starts_at, "CANCEL"),
        (ben_promoted, course.starts_at, "REQUEST"),
        (cut_booked, at(10), "REQUEST"),
        (cut_moved, at(14), "REQUEST"),
        (cut_cancelled, at(14), "CANCEL"),
    ]:
        event = event_of(mail)
        start = event.decoded("dtstart")
        assert start == starts and str(start.tzinfo) == "Europe/Berlin"
        assert str(calendar_of(mail)["method"]) == method
    assert event_of(cut_moved)["uid"] == event_of(cut_booked)["uid"]
    assert event_of(cut_moved).decoded("sequence") == 1

    # The links open what they are about.
    assert token_in(lena_booked, slug) == lena.json()["manage_token"]
    promoted = public.get(f"{API}/bookings/{token_in(ben_promoted, slug)}")
    assert promoted.status_code == 200 and promoted.json()["booking"]["status"] == "confirmed"
    appointment = public.get(f"{API}/appointments/{token_in(cut_moved, slug)}")
    assert appointment.status_code == 200
    assert appointment.json()["appointment"]["status"] == "cancelled"


def test_nothing_is_sent_twice(shop, public, mailbox):
    course = shop.course()
    url = f"{API}/companies/{shop.salon.company.slug}/courses/{course.id}/bookings"
    assert public.post(url, json=booking_body(), headers=ENGLISH).status_code == 201
    assert shop.container.dispatcher().dispatch().sent == 1
    assert shop.container.dispatcher().dispatch().sent == 0
    assert len(mailbox.received) == 1
