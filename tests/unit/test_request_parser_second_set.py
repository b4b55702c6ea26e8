"""General rules learned from the misses of the second evaluation set (issue 17); the sentences
here are other callers' ways of saying the same things, none taken from an evaluation set."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from studiobook.domain.requests import parse_request
from tests.requests_eval import catalogue

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=BERLIN)  # a Friday
HOLIDAYS = {"Christi Himmelfahrt": date(2027, 5, 6), "Mariä Himmelfahrt": date(2027, 8, 15),
            "Tag der Deutschen Einheit": date(2027, 10, 3), "World Children's Day": date(2027, 9, 20),
            "Second Day of Christmas": date(2026, 12, 26), "Christmas Day": date(2026, 12, 25),
            "Erster Weihnachtstag": date(2026, 12, 25), "Zweiter Weihnachtstag": date(2026, 12, 26)}


def parse(text: str, industry: str = "hair"):
    services, staff = catalogue(industry)
    return parse_request(text, NOW, BERLIN, services, staff, named_days=HOLIDAYS)


@pytest.mark.parametrize(("text", "intent"), [
    ("Zahl ich den Herrenschnitt extra oder ist der dabei?", "price"),
    ("Muss ich die Beratung privat bezahlen?", "price"),
    ("Do I need to pay for the first visit?", "price"),
    ("Is the consultation covered by insurance?", "price"),
    ("Kann ich mit Karte zahlen?", "other"),
    ("Do I have to pay by card?", "other"),
    ("Bitte streicht meinen Termin am Freitag", "cancellation"),
    ("Nehmt mich bitte am Montag raus", "cancellation"),
    ("Ich schaffe es am Freitag doch nicht", "cancellation"),
    ("Ich schaff das Freitag nicht, ginge auch Montag?", "reschedule"),
    ("I can't make it on Friday, how about Monday?", "reschedule"),
    ("Wollt mal fragen ob Anna morgen Zeit hat", "availability"),
    ("Ob ihr Samstag offen habt?", "availability"),
    ("Wann hätte Julia einen Termin frei?", "availability"),
    ("Montag hätte ich Zeit für einen Herrenschnitt, geht das?", "availability"),
    ("Ich hätte gern einen Herrenschnitt am Montag", "booking"),
    ("Wo kann man bei euch parken, wenn ich komme?", "other"),
    ("Why do I need a form when I come?", "other"),
    ("Welche Unterlagen soll ich mitbringen?", "other"),
    ("Welche Termine habt ihr frei?", "availability"),
])
def test_intents_said_without_the_usual_words(text, intent):
    assert parse(text).intent.value == intent


@pytest.mark.parametrize(("text", "customer"), [
    ("Ich bin's, der Paul Berger, ich muss meinen Termin absagen", "Paul Berger"),
    ("Bin der Paul Berger, kann ich meinen Termin verschieben?", "Paul Berger"),
    ("Ich möchte meinen Termin stornieren, mein Name ist Eva Lorenz", "Eva Lorenz"),
    ("Hallo, hier Julia Brandt, bitte meinen Termin am Montag absagen", "Julia Brandt"),
])
def test_the_caller_introduced_in_other_ways(text, customer):
    request = parse(text)
    assert request.customer == customer
    assert request.staff is None  # Julia is a staff member's first name, Brandt not her surname


def test_a_staff_members_full_name_after_hier_stays_a_staff_wish():
    _, staff = catalogue("hair")
    first = staff[0][1]
    request = parse(f"Hallo, hier {first}? Hat die morgen Zeit?")
    assert request.caller_name is None


@pytest.mark.parametrize(("text", "expected"), [
    ("Habt ihr an Himmelfahrt offen?", "2027-05-06"),  # the nearer of two Himmelfahrten
    ("Geht was am Tag der Einheit?", "2027-10-03"),
    ("Anything on Children's Day?", "2027-09-20"),
    ("Anything for children on Saturday?", "2026-11-28"),  # no single common word
    ("Are you open at Christmas Day?", "2026-12-25"),
    ("Ist am zweiten Weihnachtsfeiertag offen?", "2026-12-26"),  # a full name with a slip wins
])
def test_named_days_said_shorter(text, expected):
    assert parse(text).date.isoformat() == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Geht am Donerstag was?", "2026-12-03"),
    ("Is Anna free on Tuseday?", "2026-12-01"),
    ("Habt ihr übers WE offen?", "2026-11-28"),
    ("Can we come on Monday?", "2026-11-30"),  # the English "we" is no weekend
])
def test_misspelt_and_abbreviated_days(text, expected):
    assert parse(text).date.isoformat() == expected


@pytest.mark.parametrize(("text", "industry", "expected"), [
    ("Macht ihr auch Impfungen?", "doctor", "Impfung"),
    ("Habt ihr Dauerwellen im Angebot?", "hair", "Dauerwelle"),
    ("Do you do flu shots on Monday?", "doctor", "Impfung"),
    ("Are you doing any jabs tomorrow?", "doctor", "Impfung"),
])
def test_a_service_said_in_the_plural(text, industry, expected):
    assert parse(text, industry).service.name == expected


def test_after_work_in_german_is_the_evening():
    assert parse("Geht Montag nach der Arbeit ein Herrenschnitt?").part_of_day.value == "evening"


def test_a_spoken_article_is_no_staff_name():
    request = parse("Wie lange brauchst du bei nem Herrenschnitt?")
    assert (request.intent.value, request.unknown_staff) == ("duration", None)
