"""A caller's booking request, read from a transcript: :func:`parse_request`.

The extractors run in a fixed order and each takes the words it understood, so a word is read
once: the e-mail address (cut out first), greetings ("Guten Morgen" is no morning), "as soon as
possible", a named day or the weekend, the day (for a move: the day said last, the new one), the
part of the day, clock times, the caller's introduction, the service, a name said as a clause of
its own, the staff wish (or alternatives), and last the name-like words left over where a staff
member was expected. Intent and language read the whole text. Anything not said stays empty —
the parser never fills a gap with a default.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from datetime import date as Day  # inside BookingRequest, ``date`` is a field
from typing import TypeVar
from zoneinfo import ZoneInfo

from studiobook.domain.appointments.zones import zone_named
from studiobook.domain.requests.contact import cut_email
from studiobook.domain.requests.dates import find_date
from studiobook.domain.requests.errands import APPOINTMENT_WORDS, COMING_IN, find_errand
from studiobook.domain.requests.intent import (
    Intent,
    asks_if_open,
    detect_intent,
    detect_language,
)
from studiobook.domain.requests.named_days import find_named_day, find_weekend
from studiobook.domain.requests.normalise import Text, damerau_levenshtein
from studiobook.domain.requests.services import ServiceEntry, find_service
from studiobook.domain.requests.staff import (
    StaffEntry,
    find_anyone,
    find_caller,
    find_caller_clause,
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


# Words that ask about a time even with nothing else said ("Wann habt ihr was frei?").
_ASKS_ABOUT_TIME = (r"wann|when|zeit|frei|free|available|availability|verfuegbar\w*|termine?|"
                    r"slots?|appointments?|openings?|open")
# A question opening with where/why asks about something else even when it says "when I come";
# one opening with "which/what kind of" does unless it asks about times ("Welche Termine ...?").
_ASKS_ELSEWHERE = r"^(?:wo|wohin|woher|warum|wieso|weshalb|where|why)\b"
_ASKS_WHICH = r"^(?:was fuer|welche[nrms]?|what kind of|what sort of|which)\b"
# A wish is for an appointment when it names one, a booking verb or coming in.
_BOOKING_CUES = f"{APPOINTMENT_WORDS}|{COMING_IN}"
Distance = Callable[[str, str, int], int]


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
    date_to: Day | None = None  # the last day of a range ("am Wochenende": Saturday..Sunday)
    time_from: time | None = None
    time_to: time | None = None
    part_of_day: PartOfDay | None = None
    asap: bool = False
    caller_name: str | None = None  # "Hier ist Lena Müller": who is calling, not whom they want
    caller_email: str | None = None  # written out when spoken ("lea punkt koch at ...")
    staff_alternatives: tuple[StaffEntry, ...] = ()  # "Anna oder Julia, egal": either will do

    @property
    def customer(self) -> str | None:
        """Whose existing appointment to cancel or move: the e-mail said, else the name; only
        for those intents (a booking caller's name is not a customer to look up)."""
        if self.intent not in (Intent.CANCELLATION, Intent.RESCHEDULE):
            return None
        return self.caller_email or self.caller_name

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
    named_days: Mapping[str, date] | None = None,
    distance: Distance = damerau_levenshtein,
) -> BookingRequest:
    """Read ``text`` as said at ``now`` in ``zone``. ``services`` are :class:`ServiceEntry` or
    ``(id, name, slug, synonyms)`` tuples, ``staff`` :class:`StaffEntry` or ``(id, name)``.
    ``named_days`` maps names of days (holidays, any language) to dates — the application's
    holiday calendar for the coming months; Heiligabend/Christmas Eve and Silvester/New Year's
    Eve are known without it. ``distance(said, known, bound)`` counts the edits between two
    folded words for fuzzy matching (anything above ``bound`` meaning "too far")."""
    if not isinstance(text, str):
        raise InvalidRequest(f"a request must be text, got {text!r}")
    if not isinstance(now, datetime) or now.utcoffset() is None:
        raise InvalidRequest(f"now must be a date and time with a UTC offset, got {now!r}")
    if not isinstance(zone, ZoneInfo):
        zone = zone_named(zone, "request", InvalidRequest)
    today = now.astimezone(zone).date()
    email, rest = cut_email(text)
    words = Text(rest)
    for greeting in words.find(_GREETINGS):
        words.take_match(greeting)
    language = detect_language(words)
    anyone = find_anyone(words)  # before the intent: "whoever's free" asks nothing
    moving = detect_intent(words) is Intent.RESCHEDULE
    asap = find_asap(words)
    day: date | None = find_named_day(words, today, named_days or {}, distance)
    weekend = find_weekend(words, today) if day is None else None
    day, last_day = weekend or (day, None)
    said_day = find_date(words, today, latest=moving)
    if said_day is not None and (day is None or moving):
        day, last_day = said_day, None
    part = find_part_of_day(words)
    time_from, time_to = find_times(words, part, english=language == "en", moving=moving)
    if time_from is None and time_to is None:
        time_from, time_to = find_midday(words) or (None, None)
    # Moving is read before the days are taken ("stattdessen am Montag"), the rest after.
    intent = Intent.RESCHEDULE if moving else detect_intent(words)
    staff_entries = _entries(staff, StaffEntry, 2)
    caller = find_caller(words, staff_entries)
    match = find_service(words, _entries(services, ServiceEntry, 3), distance)
    caller = caller or find_caller_clause(
        words, staff_entries, signed_off=intent in (Intent.CANCELLATION, Intent.RESCHEDULE))
    wish = find_staff(words, staff_entries, distance)
    named = wish.staff or wish.ambiguous or wish.alternatives
    unknown = None if named else find_unknown_staff(words)
    intent = _settled(intent, words, _Said(
        service=bool(match.service or match.ambiguous), staff=bool(named or anyone),
        when=bool(day or time_from or time_to or part or asap)))
    return BookingRequest(
        text=text,
        language=language,
        intent=intent,
        service=match.service,
        ambiguous_services=match.ambiguous,
        staff=wish.staff,
        ambiguous_staff=wish.ambiguous,
        unknown_staff=unknown,
        any_staff=anyone and not named,
        date=day,
        date_to=last_day,
        time_from=time_from,
        time_to=time_to,
        part_of_day=part,
        asap=asap,
        caller_name=caller,
        caller_email=email,
        staff_alternatives=wish.alternatives,
    )


@dataclass(frozen=True)
class _Said:
    """What the caller said besides the cue words: a service, a staff member (or anyone), a
    day or time."""

    service: bool
    staff: bool
    when: bool


def _settled(intent: Intent, words: Text, said: _Said) -> Intent:
    """A wish without a verb ("Herrenschnitt Dienstag 15 Uhr bei Mehmet.") is a booking, and
    a question naming a day or time an availability question; a question about nothing bookable (no
    service, staff member, day or time: "Kann ich mit Karte zahlen?") is not one, and neither is
    an errand (:mod:`.errands`: "Kann ich das Rezept morgen abholen?") nor a wish for nothing
    bookable ("Ich brauche eine Krankmeldung.")."""
    what, when = said.service or said.staff, said.when
    errand = find_errand(words)
    # Coming in for a service on a day, and doing an errand beside it, is still coming in.
    coming = said.service and when and words.first(_BOOKING_CUES) is not None
    if intent in (Intent.AVAILABILITY, Intent.BOOKING) and not said.staff and (
            (errand.done and not coming) or (errand.thing and not said.service)):
        return Intent.OTHER
    if intent in (Intent.CANCELLATION, Intent.RESCHEDULE) and errand.thing and not (what or when):
        return Intent.OTHER  # "I want to cancel my membership"
    if intent is Intent.BOOKING and not (what or when) and words.first(_BOOKING_CUES) is None:
        return Intent.OTHER  # "I need a receipt", "Ich bräuchte nur eine Auskunft"
    if intent is Intent.OTHER and when and words.question:
        return Intent.AVAILABILITY  # "How about Friday at 3?"
    if intent is Intent.OTHER and what and when:
        return Intent.BOOKING
    if intent in (Intent.AVAILABILITY, Intent.BOOKING) and words.question and not (what or when):
        if words.first(_ASKS_ELSEWHERE) or (
                words.first(_ASKS_WHICH) and words.first(_ASKS_ABOUT_TIME) is None):
            return Intent.OTHER  # "Where do I park when I come?", "Was für Unterlagen brauch ich?"
    if intent is Intent.AVAILABILITY and not (what or when) and words.first(
            _ASKS_ABOUT_TIME) is None and not asks_if_open(words):
        return Intent.OTHER
    return intent
