"""The sentences :mod:`studiobook.application.requests.answers` answers with, in the caller's language.

Kept apart from the decisions so wording can change without touching them. Dates and times are
written out by hand (no locale): the process locale of a server must not change the answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

_DAYS = {
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS = ("January February March April May June July August September October November "
           "December").split()
_SHOWN = 6  # start times read out before "and N more"

_TEXTS = {
    "de": {
        "which_service": "Welche Leistung möchten Sie? Zur Auswahl: {options}.",
        "do_you_mean": "Meinen Sie {options}?",
        "or": "oder", "and": "und",
        "unknown_staff": "{name} kenne ich hier nicht; ich schaue bei allen.",
        "free_on": "Für {service} ist am {day}{who} frei: {times}.",
        "free_at": "Ja, {service} am {day} um {time} ist frei{who}.",
        "more": "{times} und {count} weitere",
        "nothing_then": "Im gewünschten Zeitraum ist für {service}{who} leider nichts frei.",
        "next": "Der nächste freie Termin für {service} ist am {day} um {time}{who}.",
        "none": "Für {service}{who} ist in den nächsten 90 Tagen leider nichts frei.",
        "booked": "Gebucht: {service} am {day} um {time} bei {staff} für {customer}.",
        "not_free": "{service} am {day} um {time}{who} ist leider nicht frei.",
        "missing": "Zum Buchen fehlt noch: {items}.",
        "cancellation": ("Sie möchten einen Termin absagen. Das erledigt das Studio für Sie: "
                         "bitte nennen Sie Ihren Namen und den Termin."),
        "at": " bei {names}",
        "time": "ein Tag mit genauer Uhrzeit", "staff": "eine Person aus unserem Team",
        "name": "Ihr Name", "booking_wish": "ein Buchungswunsch (z. B. „bitte buchen“)",
    },
    "en": {
        "which_service": "Which service would you like? We offer {options}.",
        "do_you_mean": "Do you mean {options}?",
        "or": "or", "and": "and",
        "unknown_staff": "I don't know anyone called {name} here; I'm looking at everyone.",
        "free_on": "{service} is free on {day}{who} at {times}.",
        "free_at": "Yes, {service} on {day} at {time} is free{who}.",
        "more": "{times} and {count} more",
        "nothing_then": "Nothing is free for {service}{who} at that time.",
        "next": "The next free appointment for {service} is on {day} at {time}{who}.",
        "none": "Nothing is free for {service}{who} in the next 90 days.",
        "booked": "Booked: {service} on {day} at {time} with {staff} for {customer}.",
        "not_free": "{service} on {day} at {time}{who} is not free.",
        "missing": "To book I still need {items}.",
        "cancellation": ("You would like to cancel an appointment. The studio does that for you: "
                         "please give your name and the appointment."),
        "at": " with {names}",
        "time": "a day and an exact time", "staff": "someone from our team",
        "name": "your name", "booking_wish": "a wish to book (e.g. “please book”)",
    },
}


class Replies:
    """Sentences in one language, with dates and times in one zone."""

    def __init__(self, language: str, zone: ZoneInfo) -> None:
        self.language = language if language in _TEXTS else "de"
        self.zone = zone
        self._texts = _TEXTS[self.language]

    def say(self, key: str, **values: object) -> str:
        return self._texts[key].format(**values)

    def listing(self, items: Sequence[str], joiner: str = "and") -> str:
        """``A``, ``A oder B``, ``A, B oder C``."""
        items = list(items)
        if len(items) <= 1:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self._texts[joiner]} {items[-1]}"

    def day(self, moment: datetime) -> str:
        local = moment.astimezone(self.zone)
        weekday = _DAYS[self.language][local.weekday()]
        if self.language == "de":
            return f"{weekday}, {local:%d.%m.%Y}"
        return f"{weekday}, {local.day} {_MONTHS[local.month - 1]} {local.year}"

    def time(self, moment: datetime) -> str:
        return f"{moment.astimezone(self.zone):%H:%M}"

    def times(self, moments: Sequence[datetime]) -> str:
        shown = self.listing([self.time(m) for m in moments[:_SHOWN]])
        if len(moments) <= _SHOWN:
            return shown
        shown = ", ".join(self.time(m) for m in moments[:_SHOWN])
        return self.say("more", times=shown, count=len(moments) - _SHOWN)

    def who(self, names: Sequence[str]) -> str:
        return self.say("at", names=self.listing(names)) if names else ""

    def missing(self, items: Sequence[str]) -> str:
        return self.say("missing", items=self.listing([self.say(i) for i in items]))
