"""The sentences :mod:`studiobook.application.requests.answers` answers with, in the caller's language.

Kept apart from the decisions so wording can change without touching them. Dates and times are
written out by hand (no locale): the process locale of a server must not change the answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
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
        "assumed": "Sie haben keine Leistung genannt; ich gehe von {service} aus.",
        "not_offered": "{names} bietet {service} nicht an; ",
        "offered_by": "{service} bieten {names} an.",
        "offered_by_one": "{service} bietet {names} an.",
        "offered_by_nobody": "{service} bietet zurzeit niemand an.",
        "free_days": "Für {service}{who} ist frei: {days}.",
        "day_times": "am {day} um {times}",
        "costs": "{service} kostet {value}.",
        "costs_with": "{service} kostet bei {who} {value}.",
        "takes": "{service} dauert {value}.",
        "takes_with": "{service} dauert bei {who} {value}.",
        "at_staff": "bei {name}",
        "free_of_charge": "nichts (kostenlos)",
        "minutes": "{count} Minuten",
        "identify_cancel": ("Gern sage ich Ihren Termin ab. Unter welchem Namen oder welcher "
                            "E-Mail-Adresse haben Sie gebucht?"),
        "identify_move": ("Gern verschiebe ich Ihren Termin. Unter welchem Namen oder welcher "
                          "E-Mail-Adresse haben Sie gebucht?"),
        "no_appointment": "Unter {who} finde ich keinen kommenden Termin.",
        "several_appointments": "Unter {who} finde ich mehrere Termine: Meinen Sie {options}?",
        "appointment": "{service} am {day} um {time} bei {staff}",
        "moment": "{day} um {time}",
        "would_cancel": "Ihr Termin: {appointment}. Soll ich ihn absagen? Bitte bestätigen.",
        "cancelled": "Abgesagt: {appointment}.",
        "move_when": "Ihr Termin: {appointment}. Auf wann möchten Sie ihn verschieben?",
        "free_for_move": "Frei ist {times}.",
        "would_move": ("Ihr Termin: {appointment}. {target} ist frei; soll ich ihn dorthin "
                       "verschieben? Bitte bestätigen."),
        "move_not_free": "Ihr Termin: {appointment}. {target} ist leider nicht frei.",
        "moved": "Verschoben: {appointment} auf {target}.",
        "cannot_move": "{appointment} kann ich nicht verschieben: {reason}",
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
        "assumed": "You didn't name a service, so I assumed {service}.",
        "not_offered": "{names} does not offer {service}; ",
        "offered_by": "{service} is offered by {names}.",
        "offered_by_one": "{service} is offered by {names}.",
        "offered_by_nobody": "nobody offers {service} at the moment.",
        "free_days": "{service} is free{who} {days}.",
        "day_times": "on {day} at {times}",
        "costs": "{service} costs {value}.",
        "costs_with": "{service} with {who} costs {value}.",
        "takes": "{service} takes {value}.",
        "takes_with": "{service} with {who} takes {value}.",
        "at_staff": "with {name}",
        "free_of_charge": "nothing (free of charge)",
        "minutes": "{count} minutes",
        "identify_cancel": ("I can cancel your appointment. Which name or e-mail address did you "
                            "book under?"),
        "identify_move": ("I can move your appointment. Which name or e-mail address did you "
                          "book under?"),
        "no_appointment": "I can't find an upcoming appointment for {who}.",
        "several_appointments": "I find several appointments for {who}: do you mean {options}?",
        "appointment": "{service} on {day} at {time} with {staff}",
        "moment": "{day} at {time}",
        "would_cancel": "Your appointment: {appointment}. Shall I cancel it? Please confirm.",
        "cancelled": "Cancelled: {appointment}.",
        "move_when": "Your appointment: {appointment}. When would you like to move it to?",
        "free_for_move": "Free: {times}.",
        "would_move": ("Your appointment: {appointment}. {target} is free; shall I move it "
                       "there? Please confirm."),
        "move_not_free": "Your appointment: {appointment}. {target} is not free.",
        "moved": "Moved: {appointment} to {target}.",
        "cannot_move": "I can't move {appointment}: {reason}",
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

    def who(self, names: Sequence[str], joiner: str = "and") -> str:
        return self.say("at", names=self.listing(names, joiner)) if names else ""

    def money(self, amount: Decimal | int) -> str:
        """``28,00 €`` / ``€28.00``; nothing to pay is said so."""
        if not amount:
            return self.say("free_of_charge")
        plain = f"{Decimal(amount):,.2f}"
        if self.language == "de":
            return plain.replace(",", " ").replace(".", ",").replace(" ", ".") + " €"
        return f"€{plain}"

    def minutes(self, count: Decimal | int) -> str:
        return self.say("minutes", count=count)

    def missing(self, items: Sequence[str]) -> str:
        return self.say("missing", items=self.listing([self.say(i) for i in items]))
