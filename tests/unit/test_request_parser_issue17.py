"""The request parser's reading of issue 17's kinds of sentences, on sentences of its own (not
the holdout's): price and duration questions, moving and cancelling an existing appointment with
the caller's name or e-mail, named days passed in as input, the weekend, verbless wishes, staff
alternatives, a generic word next to a service, and the fuzzy distance as an input.

"Now" is Friday 2026-11-27 10:00 in Europe/Berlin unless a test says otherwise; services and
staff are the demo industries' (tests/requests_eval.catalogue).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from studiobook.domain.requests import Intent, parse_request
from studiobook.domain.requests.contact import cut_email
from studiobook.domain.requests.normalise import damerau_levenshtein
from tests.requests_eval import catalogue

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=BERLIN)  # a Friday
SATURDAY = datetime(2026, 11, 28, 10, 0, tzinfo=BERLIN)
SUNDAY = datetime(2026, 11, 29, 10, 0, tzinfo=BERLIN)
# As the application passes them (built from a holiday calendar); the dates are made up, so the
# test shows they come from the input and not from the parser's own knowledge.
NAMED = {"Ostermontag": date(2027, 3, 29), "Easter Monday": date(2027, 3, 29),
         "Pfingstmontag": date(2027, 5, 17), "Pentecost Monday": date(2027, 5, 17),
         "Zweiter Weihnachtstag": date(2026, 12, 26), "Erster Mai": date(2027, 5, 1),
         "Labor Day": date(2027, 5, 1), "Last year's day": date(2026, 1, 1)}


def parse(text: str, now: datetime = NOW, industry: str = "hair", **extra):
    services, staff = catalogue(industry)
    return parse_request(text, now, BERLIN, services, staff, **extra)


@pytest.mark.parametrize(
    ("text", "intent", "service"),
    [
        ("Was kostet bei euch ein Kinderschnitt?", Intent.PRICE, "Kinderschnitt"),
        ("Wie teuer sind Highlights?", Intent.PRICE, "Strähnchen"),
        ("What does a blow-dry cost?", Intent.PRICE, "Föhnen & Styling"),
        ("How much is an updo?", Intent.PRICE, "Hochsteckfrisur"),
        ("Wie lange dauert ein Kinderschnitt?", Intent.DURATION, "Kinderschnitt"),
        ("How long does a perm take?", Intent.DURATION, "Dauerwelle"),
        ("Wie viel Zeit brauche ich für eine Hochsteckfrisur?", Intent.DURATION,
         "Hochsteckfrisur"),
    ],
)
def test_price_and_duration_questions(text, intent, service):
    request = parse(text)
    assert (request.intent, request.service and request.service.name) == (intent, service)
    assert request.customer is None


@pytest.mark.parametrize(
    ("text", "customer", "day"),
    [
        ("Hier ist Jana Vogel, ich würde meinen Termin gern von Montag auf Mittwoch verschieben.",
         "Jana Vogel", "2026-12-02"),
        ("Could you move my appointment from Tuesday to Thursday? Tom Kraus.", "Tom Kraus",
         "2026-12-03"),
        ("Bitte meinen Termin morgen umlegen, stattdessen Dienstag. Kai Brandt",
         "Kai Brandt", "2026-12-01"),
        ("I need to reschedule, my email is kim.lee@example.org", "kim.lee@example.org", None),
    ],
)
def test_a_reschedule_gives_the_caller_and_the_new_day(text, customer, day):
    request = parse(text)
    assert request.intent is Intent.RESCHEDULE
    assert request.customer == customer
    assert (request.date.isoformat() if request.date else None) == day


def test_a_cancellation_with_a_spoken_e_mail_and_a_surname_of_the_staff():
    request = parse("Ich möchte meinen Damenschnitt absagen, meine Mail ist "
                    "tom punkt schneider at beispiel punkt de")
    assert request.intent is Intent.CANCELLATION
    assert request.customer == "tom.schneider@beispiel.de"
    assert request.staff is None  # "schneider" of the address is not Anna Schneider
    request = parse("Bitte stornieren Sie den Termin am Montag. Maria Schneider")
    assert (request.customer, request.staff) == ("Maria Schneider", None)


def test_a_booking_callers_name_is_no_customer():
    request = parse("Hier ist Jana Vogel, ich hätte gern einen Damenschnitt am Montag.")
    assert request.intent is Intent.BOOKING
    assert (request.caller_name, request.customer) == ("Jana Vogel", None)


def test_e_mails_written_and_spoken():
    assert cut_email("mail: Ben.Schwarz@Example.com.")[0] == "ben.schwarz@example.com"
    assert cut_email("ben dot schwarz at mail dot example dot org")[0] == \
        "ben.schwarz@mail.example.org"
    assert cut_email("Ich bin um 10 at home")[0] is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Habt ihr am Ostermontag offen?", "2027-03-29"),
        ("Any chance on Easter Monday?", "2027-03-29"),
        ("Geht was am Pfingstmontag?", "2027-05-17"),
        ("Is Whit Monday possible?", "2027-05-17"),  # another name of Pentecost Monday
        ("Am zweiten Weihnachtsfeiertag?", "2026-12-26"),  # inflected, another name
        ("Anything on Boxing Day?", "2026-12-26"),
        ("Am Tag der Arbeit Zeit?", "2027-05-01"),
        ("Habt ihr Heiligabend offen?", "2026-12-24"),  # not a holiday: known without input
        ("Is anyone in on New Years Eve?", "2026-12-31"),
        ("Habt ihr am Ostermontg offen?", "2027-03-29"),  # a typo in a long name
    ],
)
def test_named_days_come_from_the_input(text, expected):
    assert parse(text, named_days=NAMED).date.isoformat() == expected


def test_without_the_input_only_the_fixed_days_are_known():
    assert parse("Habt ihr am Ostermontag offen?").date is None
    assert parse("Heiligabend vormittags?").date == date(2026, 12, 24)
    said_on_christmas_day = datetime(2026, 12, 25, 9, 0, tzinfo=BERLIN)
    assert parse("Heiligabend?", said_on_christmas_day).date == date(2027, 12, 24)
    assert parse("Last year's day?", named_days=NAMED).date is None  # past dates are ignored


@pytest.mark.parametrize(
    ("text", "now", "expected"),
    [
        ("Am Wochenende ein Herrenschnitt?", NOW, ("2026-11-28", "2026-11-29")),
        ("Anything this weekend?", NOW, ("2026-11-28", "2026-11-29")),
        ("Übers Wochenende was frei?", SATURDAY, ("2026-11-28", "2026-11-29")),
        ("Dieses Wochenende?", SUNDAY, ("2026-11-29", None)),
        ("Next weekend?", SUNDAY, ("2026-12-05", "2026-12-06")),
    ],
)
def test_the_weekend_is_a_range_of_days(text, now, expected):
    request = parse(text, now)
    got = (request.date.isoformat(), request.date_to.isoformat() if request.date_to else None)
    assert got == expected


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Kinderschnitt Montag 10 Uhr bei Julia.", Intent.BOOKING),
        ("Highlights, Thursday, 2pm, Sofia", Intent.BOOKING),
        ("Kinderschnitt Montag 10 Uhr bei Julia?", Intent.AVAILABILITY),
        ("Wo ist denn euer Salon?", Intent.OTHER),
        ("Kann ich mit Bargeld zahlen?", Intent.OTHER),
        ("How about Friday at 3?", Intent.AVAILABILITY),  # a question word, but a time
        # Words of the new intents where they mean something else:
        ("Do you have another time on Monday?", Intent.AVAILABILITY),
        ("Can I have a women's cut instead?", Intent.BOOKING),
        ("Is there a cancellation fee?", Intent.PRICE),
        ("Gibt es eine Stornogebühr?", Intent.PRICE),
        ("Ich kann Freitag doch nicht, geht stattdessen Montag?", Intent.RESCHEDULE),
    ],
)
def test_verbless_wishes_and_questions_about_nothing_bookable(text, intent):
    assert parse(text).intent is intent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Damenschnitt bei Julia oder Sofia, egal, Montag.", ("Julia Becker", "Sofia Rossi")),
        ("Could Anna or Mehmet do a colour on Friday?", ("Anna Schneider", "Mehmet Yılmaz")),
        ("Lukas, Mehmet oder Julia, wer Zeit hat.", ("Julia Becker", "Mehmet Yılmaz")),
    ],
)
def test_staff_alternatives(text, expected):
    request = parse(text)
    assert tuple(sorted(s.name for s in request.staff_alternatives)) == expected
    assert request.staff is None and not request.any_staff


def test_a_generic_word_does_not_pull_a_phrase_with_typos_over_an_exact_service():
    request = parse("Any slot for personal training on Monday?", industry="fitness")
    assert request.service.name == "Personal Training"
    request = parse("Personal Training Kompackt am Montag?", industry="fitness")
    assert request.service.name == "Personal Training Kompakt"


def test_the_distance_is_an_input():
    calls = []

    def counting(a: str, b: str, bound: int) -> int:
        calls.append((a, b))
        return damerau_levenshtein(a, b, bound)

    request = parse("Herenschnitt bei Mehmed am Montag", distance=counting)
    assert (request.service.name, request.staff.name) == ("Herrenschnitt", "Mehmet Yılmaz")
    assert calls
    never = parse("Herenschnitt bei Mehmed", distance=lambda a, b, bound: bound + 1)
    assert never.service is None and never.staff is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Montag um neunzehn Uhr", ("19:00", "19:00")),
        ("Montag um acht Uhr fünfzehn", ("08:15", "08:15")),
        ("Monday, half ten", ("10:30", "10:30")),
        ("Monday, six in the morning", ("06:00", "06:00")),
    ],
)
def test_spoken_times(text, expected):
    request = parse(text)
    assert (f"{request.time_from:%H:%M}", f"{request.time_to:%H:%M}") == expected


def test_a_range_of_days_never_ends_before_it_starts():
    for now in (NOW + timedelta(days=k) for k in range(7)):
        request = parse("am Wochenende", now)
        assert request.date_to is None or request.date < request.date_to
