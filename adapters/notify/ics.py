"""The calendar file attached to each e-mail (RFC 5545 with the iTIP methods of RFC 5546), built
with ``icalendar``.

One booking or appointment is one calendar entry: its UID comes from ``message.about``, so the
confirmation creates the entry, a reschedule (a higher SEQUENCE) moves it and a cancellation
(METHOD CANCEL) removes it, in whichever calendar took the first one. Times are written in the
studio's zone with its VTIMEZONE, so the entry stays at 18:00 local even where a calendar's
own zone data is old.
"""

from __future__ import annotations

from datetime import UTC, date, timedelta
from zoneinfo import ZoneInfo

from studiobook.domain.notifications.messages import Message

PRODUCT = "-//studiobook//notifications//EN"


def entry_uid(message: Message, domain: str) -> str:
    return f"{message.about}@{domain}"


def calendar_file(
    message: Message, *, organizer: str, uid_domain: str, description: str, link: str | None
) -> bytes:
    """The ``.ics`` of ``message``: METHOD REQUEST (new or changed) or CANCEL."""
    from icalendar import Calendar, Event, vCalAddress, vText

    zone = ZoneInfo(message.time_zone)
    cancelled = message.cancels_the_entry
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")

    event = Event()
    event.add("uid", entry_uid(message, uid_domain))
    event.add("sequence", message.sequence)
    event.add("dtstamp", (message.queued_at or message.starts_at).astimezone(UTC))
    event.add("dtstart", message.starts_at.astimezone(zone))
    if message.ends_at is not None:
        event.add("dtend", message.ends_at.astimezone(zone))
    event.add("summary", f"{message.what} – {message.studio}")
    event.add("description", description)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if link is not None:
        event.add("url", link)
    host = vCalAddress(f"mailto:{organizer}")
    host.params["cn"] = vText(message.studio)
    event.add("organizer", host)
    guest = vCalAddress(f"mailto:{message.recipient_email}")
    guest.params["cn"] = vText(message.recipient_name)
    guest.params["role"] = vText("REQ-PARTICIPANT")
    # The customer booked it: nothing to accept, the entry is theirs.
    guest.params["partstat"] = vText("DECLINED" if cancelled else "ACCEPTED")
    guest.params["rsvp"] = vText("FALSE")
    event.add("attendee", guest)
    calendar.add_component(event)

    # Only the zone's rules around the entry: the full history since 1970 would be most of
    # the file.
    first: date = message.starts_at.astimezone(zone).date() - timedelta(days=366)
    last: date = (message.ends_at or message.starts_at).astimezone(zone).date() + timedelta(days=366)
    calendar.add_missing_timezones(first_date=first, last_date=last)
    return bytes(calendar.to_ical())
