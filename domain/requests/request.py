"""A caller's booking request, read from a transcript: :func:`parse_request`.

The extractors run in a fixed order and each takes the words it understood, so a word is read
once: greetings ("Guten Morgen" is no morning), "as soon as possible", the day, the part of the
day, clock times, the staff wish, the service, and last the name-like words left over where a
staff member was expected. Intent and language read the whole text. Anything not said stays
empty — the parser never fills a gap with a default.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TypeVar
from zoneinfo import ZoneInfo

from studiobook.domain.appointments.zones import zone_named
from studiobook.domain.requests.dates import find_date
from studiobook.domain.requests.intent import Intent, detect_intent, detect_language
from studiobook.domain.requests.normalise import Text
from studiobook.domain.requests.services import ServiceEntry, find_service
from studiobook.domain.requests.staff import (
    StaffEntry,
    find_anyone,
    find_caller,
    find_staff,
    find_unknown_staff,
)
from studiobook.domain.requests.times import (
    PartOfDay,
    find_asap,
    find_midday,
    find_part_of_day,
    find_times,
)
from studiobook.domain.shared.errors import InvalidValue

_GREETINGS = (r"guten (?:morgen|tag|abend)|good (?:morning|afternoon|evening|day)|"
              r"schoenen guten (?:morgen|tag|abend)|moin|servus|gruess gott")


class InvalidRequest(InvalidValue):
    pass


@dataclass(frozen=True)
class BookingRequest:
    """What the caller asked for. ``time_from == time_to`` is one exact time; a missing end is
    open. ``ambiguous_services``/``ambiguous_staff`` hold the candidates when the words fit
    several equally well (then ``service``/``staff`` is ``None``)."""

    text: str
    language: str  # "de" or "en"
    intent: Intent
    service: ServiceEntry | None = None
    ambiguous_services: tuple[ServiceEntry, ...] = ()
    staff: StaffEntry | None = None
    ambiguous_staff: tuple[StaffEntry, ...] = ()
    unknown_staff: str | None = None
    any_staff: bool = False
    date: date | None = None
    time_from: time | None = None
    time_to: time | None = None
    part_of_day: PartOfDay | None = None
    asap: bool = False
    caller_name: str | None = None  # "Hier ist Lena Müller": who is calling, not whom they want

    @property
    def exact_time(self) -> bool:
        return self.time_from is not None and self.time_from == self.time_to

    @property
    def has_window(self) -> bool:
        """Whether the caller said anything about when."""
        return bool(self.date or self.time_from or self.time_to or self.part_of_day)


_Entry = TypeVar("_Entry", ServiceEntry, StaffEntry)


def _entries(items: Iterable[object], kind: type[_Entry], size: int) -> list[_Entry]:
    entries: list[_Entry] = []
    for item in items:
        if isinstance(item, kind):
            entries.append(item)
        elif isinstance(item, tuple | list) and len(item) >= 2:
            fields = list(item[:size])
            if kind is ServiceEntry:
                fields += [""] * (3 - len(fields))
                fields.append(tuple(item[3]) if len(item) > 3 and item[3] else ())
            entries.append(kind(*fields))
        else:
            raise InvalidRequest(f"{item!r} is not a {kind.__name__} or an (id, name, ...) tuple")
    return entries


def parse_request(
    text: str,
    now: datetime,
    zone: ZoneInfo | str,
    services: Iterable[ServiceEntry | Sequence[object]] = (),
    staff: Iterable[StaffEntry | Sequence[object]] = (),
) -> BookingRequest:
    """Read ``text`` as said at ``now`` in ``zone``. ``services`` are :class:`ServiceEntry` or
    ``(id, name, slug, synonyms)`` tuples, ``staff`` :class:`StaffEntry` or ``(id, name)``."""
    if not isinstance(text, str):
        raise InvalidRequest(f"a request must be text, got {text!r}")
    if not isinstance(now, datetime) or now.utcoffset() is None:
        raise InvalidRequest(f"now must be a date and time with a UTC offset, got {now!r}")
    if not isinstance(zone, ZoneInfo):
        zone = zone_named(zone, "request", InvalidRequest)
    today = now.astimezone(zone).date()
    words = Text(text)
    for greeting in words.find(_GREETINGS):
        words.take_match(greeting)
    language = detect_language(words)
    asap = find_asap(words)
    day = find_date(words, today)
    part = find_part_of_day(words)
    time_from, time_to = find_times(words, part, english=language == "en")
    if time_from is None and time_to is None:
        time_from, time_to = find_midday(words) or (None, None)
    intent = detect_intent(words)
    anyone = find_anyone(words)
    caller = find_caller(words)
    wish = find_staff(words, _entries(staff, StaffEntry, 2))
    match = find_service(words, _entries(services, ServiceEntry, 3))
    unknown = None if wish.staff or wish.ambiguous else find_unknown_staff(words)
    return BookingRequest(
        text=text,
        language=language,
        intent=intent,
        service=match.service,
        ambiguous_services=match.ambiguous,
        staff=wish.staff,
        ambiguous_staff=wish.ambiguous,
        unknown_staff=unknown,
        any_staff=anyone and wish.staff is None,
        date=day,
        time_from=time_from,
        time_to=time_to,
        part_of_day=part,
        asap=asap,
        caller_name=caller,
    )
