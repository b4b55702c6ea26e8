"""The request parser, expression by expression, in German and English.

"Now" is Friday 2026-11-27 10:00 in Europe/Berlin unless a test says otherwise. Services and
staff are the demo hair salon's (plus a second Anna, where a test needs the same first name).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from studiobook.domain.requests import (
    Intent,
    InvalidRequest,
    PartOfDay,
    ServiceEntry,
    day_window,
    parse_request,
)
from studiobook.domain.requests.normalise import Text, damerau_levenshtein, fold
from tests.requests_eval import catalogue

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=BERLIN)  # a Friday
TUESDAY = datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN)
NEW_YEARS_EVE = datetime(2026, 12, 31, 12, 0, tzinfo=BERLIN)  # a Thursday


def parse(text: str, now: datetime = NOW, industry: str = "hair", zone=BERLIN, **extra):
    services, staff = catalogue(industry)
    return parse_request(text, now, zone, extra.get("services", services),
                         extra.get("staff", staff))


def day(text: str, now: datetime = NOW, zone=BERLIN) -> str | None:
    found = parse(text, now, zone=zone).date
    return None if found is None else found.isoformat()


def window(text: str, now: datetime = NOW) -> tuple[str | None, str | None]:
    r = parse(text, now)
    return tuple(None if t is None else f"{t:%H:%M}" for t in (r.time_from, r.time_to))


# -- days -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hat Anna heute Zeit?", "2026-11-27"),
        ("Is Anna free today?", "2026-11-27"),
        ("Hat Anna morgen Zeit?", "2026-11-28"),
        ("Is Anna free tomorrow?", "2026-11-28"),
        ("Hat Anna übermorgen Zeit?", "2026-11-29"),
        ("Hat Anna uebermorgen Zeit?", "2026-11-29"),
        ("Is Anna free the day after tomorrow?", "2026-11-29"),
        ("Hat Anna am Dienstag Zeit?", "2026-12-01"),
        ("Hat Anna nächsten Dienstag Zeit?", "2026-12-01"),
        ("Is Anna free next Tuesday?", "2026-12-01"),
        ("Is Anna free on Tuesday?", "2026-12-01"),
        ("Hat Anna am Freitag Zeit?", "2026-12-04"),  # said on a Friday: next week's
        ("Is Anna free on Friday?", "2026-12-04"),
        ("Hat Anna übernächsten Samstag Zeit?", "2026-12-05"),
        ("Hat Anna Montag nächste Woche Zeit?", "2026-11-30"),
        ("Hat Anna am 3.12. Zeit?", "2026-12-03"),
        ("Hat Anna am 03.12.2026 Zeit?", "2026-12-03"),
        ("Hat Anna am 3. Dezember Zeit?", "2026-12-03"),
        ("Hat Anna am dritten Dezember Zeit?", "2026-12-03"),
        ("Is Anna free on the 3rd of December?", "2026-12-03"),
        ("Is Anna free on December 3?", "2026-12-03"),
        ("Is Anna free December 3rd?", "2026-12-03"),
        ("Is Anna free on 2026-12-03?", "2026-12-03"),
        ("Hat Anna am 2026-12-03 Zeit?", "2026-12-03"),
        ("Hat Anna am 3. Zeit?", "2026-12-03"),
        ("Is Anna free on the 3rd?", "2026-12-03"),
        ("Hat Anna am 20.11. Zeit?", "2027-11-20"),  # already passed this year: next year's
        ("Is Anna free on November 20th?", "2027-11-20"),
        ("Hat Anna in zwei Tagen Zeit?", "2026-11-29"),
        ("Is Anna free in 3 days?", "2026-11-30"),
        ("Hat Anna in einer Woche Zeit?", "2026-12-04"),
        ("Is Anna free in a week?", "2026-12-04"),
        ("Hat Anna am 29.2. Zeit?", "2028-02-29"),  # the next 29 February
    ],
)
def test_days(text, expected):
    assert day(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hat Anna am Dienstag Zeit?", "2026-12-08"),
        ("Dienstag?", "2026-12-08"),
        ("Is Anna free on Tuesday?", "2026-12-08"),
        ("Is Anna free next Tuesday?", "2026-12-08"),
        ("Hat Anna diesen Dienstag Zeit?", "2026-12-01"),
        ("Is Anna free this Tuesday?", "2026-12-01"),
        ("Hat Anna heute Zeit?", "2026-12-01"),
    ],
)
def test_a_weekday_said_on_that_weekday_is_next_weeks(text, expected):
    assert day(text, now=TUESDAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("morgen", "2027-01-01"),
        ("tomorrow", "2027-01-01"),
        ("übermorgen", "2027-01-02"),
        ("the day after tomorrow", "2027-01-02"),
        ("am Montag", "2027-01-04"),
        ("next Friday", "2027-01-01"),
        ("am 2.1.", "2027-01-02"),
        ("on January 2nd", "2027-01-02"),
        ("am 31.12.", "2026-12-31"),
        ("on the 3rd", "2027-01-03"),
        ("in zwei Tagen", "2027-01-02"),
        ("in a week", "2027-01-07"),
    ],
)
def test_relative_days_across_the_year_end(text, expected):
    assert day(f"Herrenschnitt {text}?", now=NEW_YEARS_EVE) == expected


@pytest.mark.parametrize(
    ("now", "text", "expected"),
    [
        (datetime(2026, 11, 30, 18, 0, tzinfo=BERLIN), "morgen", "2026-12-01"),
        (datetime(2026, 11, 30, 18, 0, tzinfo=BERLIN), "tomorrow", "2026-12-01"),
        (datetime(2026, 11, 30, 18, 0, tzinfo=BERLIN), "am 1.", "2026-12-01"),
        (datetime(2027, 2, 28, 12, 0, tzinfo=BERLIN), "morgen", "2027-03-01"),
        (datetime(2027, 2, 28, 12, 0, tzinfo=BERLIN), "on the 30th", "2027-03-30"),
        (datetime(2026, 11, 30, 18, 0, tzinfo=BERLIN), "am 31.", "2026-12-31"),
    ],
)
def test_relative_days_across_month_ends(now, text, expected):
    assert day(f"Herrenschnitt {text}?", now=now) == expected


class TestDaylightSavingChangeDays:
    """Berlin springs forward on 2026-03-29 (a 23-hour day) and falls back on 2026-10-25 (25
    hours). Adding 24 hours to "now" would get these wrong; local dates get them right."""

    def test_tomorrow_said_late_on_the_eve_of_spring_forward(self):
        now = datetime(2026, 3, 28, 23, 30, tzinfo=BERLIN)  # +24h is 2026-03-30 00:30 local
        assert day("morgen", now) == "2026-03-29"
        assert day("tomorrow", now) == "2026-03-29"
        assert day("übermorgen", now) == "2026-03-30"

    def test_tomorrow_said_just_after_midnight_on_the_fall_back_day(self):
        now = datetime(2026, 10, 25, 0, 30, tzinfo=BERLIN)  # +24h is still 2026-10-25 local
        assert day("morgen", now) == "2026-10-26"
        assert day("tomorrow", now) == "2026-10-26"
        assert day("heute", now) == "2026-10-25"

    def test_today_is_the_local_date_even_when_now_comes_in_utc(self):
        now = datetime(2026, 3, 28, 23, 30, tzinfo=UTC)  # 00:30 on the 29th in Berlin
        assert day("heute", now) == "2026-03-29"
        assert day("today", now) == "2026-03-29"
        assert day("heute", now, zone="America/New_York") == "2026-03-28"

    def test_weekdays_reach_over_the_change(self):
        saturday = datetime(2026, 10, 24, 12, 0, tzinfo=BERLIN)
        assert day("am Sonntag", saturday) == "2026-10-25"
        assert day("next Monday", saturday) == "2026-10-26"

    @pytest.mark.parametrize(
        ("on", "hours", "fifteen_utc"),
        [(date(2026, 3, 29), 23, "13:00"), (date(2026, 10, 25), 25, "14:00")],
    )
    def test_the_search_window_of_a_change_day(self, on, hours, fifteen_utc):
        now = datetime.combine(on, time(8), tzinfo=BERLIN)
        whole = parse("Herrenschnitt heute?", now)
        start, end = day_window(whole, whole.date, BERLIN)
        # Elapsed time, in UTC: subtracting two wall times of one zone would ignore the change.
        assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=hours)
        exact = parse("Herrenschnitt heute um 15 Uhr?", now)
        start, end = day_window(exact, exact.date, BERLIN)
        assert f"{start.astimezone(UTC):%H:%M}" == fifteen_utc
        assert end - start == timedelta(minutes=1)


@pytest.mark.parametrize(
    "text",
    ["Hat Anna am 31.11. Zeit?", "May I book a haircut?", "Hat Anna Zeit?", "Termin nächste Woche?"],
)
def test_no_day_or_an_impossible_one_stays_empty(text):
    assert day(text) is None


# -- times ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Herrenschnitt um 15 Uhr?", ("15:00", "15:00")),
        ("Herrenschnitt um 15:30?", ("15:30", "15:30")),
        ("Herrenschnitt 15.30 Uhr?", ("15:30", "15:30")),
        ("Herrenschnitt um 15 Uhr 30?", ("15:30", "15:30")),
        ("Herrenschnitt um drei?", ("15:00", "15:00")),
        ("Herrenschnitt um 8?", ("08:00", "08:00")),
        ("Herrenschnitt um 08:00?", ("08:00", "08:00")),
        ("Herrenschnitt um 03:30?", ("03:30", "03:30")),  # written 24-hour: never moved
        ("Herrenschnitt halb vier?", ("15:30", "15:30")),
        ("Herrenschnitt um halb zehn?", ("09:30", "09:30")),
        ("Herrenschnitt um halb eins?", ("12:30", "12:30")),
        ("Herrenschnitt viertel nach drei?", ("15:15", "15:15")),
        ("Herrenschnitt viertel vor vier?", ("15:45", "15:45")),
        ("Herrenschnitt dreiviertel vier?", ("15:45", "15:45")),
        ("Herrenschnitt zehn nach drei?", ("15:10", "15:10")),
        ("Herrenschnitt fünf vor zwölf?", ("11:55", "11:55")),
        ("Herrenschnitt gegen 17 Uhr?", ("17:00", "17:00")),
        ("Herrenschnitt morgens um 7?", ("07:00", "07:00")),
        ("Herrenschnitt abends um 8?", ("20:00", "20:00")),
        ("Herrenschnitt zwischen 14 und 16 Uhr?", ("14:00", "16:00")),
        ("Herrenschnitt von 9 bis 11?", ("09:00", "11:00")),
        ("Herrenschnitt 14-16 Uhr?", ("14:00", "16:00")),
        ("Herrenschnitt zwischen 10 und 2?", ("10:00", "14:00")),
        ("Herrenschnitt ab 15 Uhr?", ("15:00", None)),
        ("Herrenschnitt nach 15 Uhr?", ("15:00", None)),
        ("Herrenschnitt frühestens um 10?", ("10:00", None)),
        ("Herrenschnitt bis 12?", (None, "12:00")),
        ("Herrenschnitt vor 12 Uhr?", (None, "12:00")),
        ("Herrenschnitt spätestens um 11?", (None, "11:00")),
        ("Herrenschnitt ab 14 bis 16 Uhr?", ("14:00", "16:00")),
        ("Herrenschnitt mittags?", ("11:00", "14:00")),
        ("Herrenschnitt um 12 Uhr mittags?", ("12:00", "12:00")),
        ("men's cut at 3pm?", ("15:00", "15:00")),
        ("men's cut at 3 pm?", ("15:00", "15:00")),
        ("men's cut at 3:30pm?", ("15:30", "15:30")),
        ("men's cut at 3 p.m.?", ("15:00", "15:00")),
        ("men's cut at 10?", ("10:00", "10:00")),
        ("men's cut at 3?", ("15:00", "15:00")),
        ("men's cut at 7am?", ("07:00", "07:00")),
        ("men's cut at 11am?", ("11:00", "11:00")),
        ("men's cut at 12pm?", ("12:00", "12:00")),
        ("men's cut at 3 o'clock?", ("15:00", "15:00")),
        ("men's cut at half past three?", ("15:30", "15:30")),
        ("men's cut at a quarter past three?", ("15:15", "15:15")),
        ("men's cut at quarter to four?", ("15:45", "15:45")),
        ("men's cut at ten past three?", ("15:10", "15:10")),
        ("men's cut at noon?", ("12:00", "12:00")),
        ("men's cut between 2 and 4pm?", ("14:00", "16:00")),
        ("men's cut between 11 and 1pm?", ("11:00", "13:00")),
        ("men's cut from 9 to 11?", ("09:00", "11:00")),
        ("men's cut after 3pm?", ("15:00", None)),
        ("men's cut from 3pm?", ("15:00", None)),
        ("men's cut 3pm at the earliest?", ("15:00", None)),
        ("men's cut 10am or later?", ("10:00", None)),
        ("men's cut before 12?", (None, "12:00")),
        ("men's cut until noon?", (None, "12:00")),
        ("men's cut by 5pm?", (None, "17:00")),
        ("men's cut over lunch?", ("11:00", "14:00")),
        ("Herrenschnitt am Montag?", (None, None)),
    ],
)
def test_times(text, expected):
    assert window(text) == expected


def test_am_is_a_german_word_in_german():
    r = parse("Herrenschnitt um 10 am Dienstag?")
    assert (r.time_from, r.date) == (time(10), date(2026, 12, 1))


@pytest.mark.parametrize(
    ("text", "part", "expected_day"),
    [
        ("Herrenschnitt vormittags?", PartOfDay.MORNING, None),
        ("Herrenschnitt morgens?", PartOfDay.MORNING, None),
        ("Herrenschnitt am Vormittag?", PartOfDay.MORNING, None),
        ("Herrenschnitt am Morgen?", PartOfDay.MORNING, None),
        ("Herrenschnitt morgen früh?", PartOfDay.MORNING, "2026-11-28"),
        ("Herrenschnitt morgen Vormittag?", PartOfDay.MORNING, "2026-11-28"),
        ("Herrenschnitt heute morgen?", PartOfDay.MORNING, "2026-11-27"),
        ("Herrenschnitt nachmittags?", PartOfDay.AFTERNOON, None),
        ("Herrenschnitt am Nachmittag?", PartOfDay.AFTERNOON, None),
        ("Herrenschnitt abends?", PartOfDay.EVENING, None),
        ("Herrenschnitt heute Abend?", PartOfDay.EVENING, "2026-11-27"),
        ("Herrenschnitt nach Feierabend?", PartOfDay.EVENING, None),
        ("men's cut in the morning?", PartOfDay.MORNING, None),
        ("men's cut tomorrow morning?", PartOfDay.MORNING, "2026-11-28"),
        ("men's cut this afternoon?", PartOfDay.AFTERNOON, "2026-11-27"),
        ("men's cut in the afternoon?", PartOfDay.AFTERNOON, None),
        ("men's cut in the evening?", PartOfDay.EVENING, None),
        ("men's cut tonight?", PartOfDay.EVENING, "2026-11-27"),
        ("Guten Morgen, Herrenschnitt am Montag?", None, "2026-11-30"),
        ("Good morning, a men's cut on Monday afternoon?", PartOfDay.AFTERNOON, "2026-11-30"),
    ],
)
def test_parts_of_the_day(text, part, expected_day):
    r = parse(text)
    assert r.part_of_day == part
    assert (r.date.isoformat() if r.date else None) == expected_day


@pytest.mark.parametrize(
    ("text", "asap"),
    [
        ("Herrenschnitt so früh wie möglich", True),
        ("Herrenschnitt so bald wie möglich", True),
        ("Herrenschnitt schnellstmöglich", True),
        ("Wann ist der nächste freie Termin für Herrenschnitt?", True),
        ("Herrenschnitt, den nächstmöglichen Termin bitte", True),
        ("men's cut as soon as possible", True),
        ("men's cut asap", True),
        ("the earliest available slot for a men's cut", True),
        ("next available men's cut?", True),
        ("first available slot for a men's cut", True),
        ("men's cut at 3pm at the earliest", False),
        ("Herrenschnitt frühestens um 10", False),
        ("Herrenschnitt morgen um 10", False),
    ],
)
def test_as_soon_as_possible(text, asap):
    r = parse(text)
    assert r.asap is asap
    assert r.date is None or not asap


# -- intent and language --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "intent", "language"),
    [
        ("Hat Anna morgen Zeit?", Intent.AVAILABILITY, "de"),
        ("Ist morgen noch was frei", Intent.AVAILABILITY, "de"),
        ("Gibt es einen Termin für Färben", Intent.AVAILABILITY, "de"),
        ("Geht da was am Montag", Intent.AVAILABILITY, "de"),
        ("Ich wollte fragen, ob Anna morgen kann", Intent.AVAILABILITY, "de"),
        ("Herrenschnitt am Montag?", Intent.AVAILABILITY, "de"),
        ("Ich möchte einen Herrenschnitt buchen", Intent.BOOKING, "de"),
        ("Bitte reservieren Sie mir einen Damenschnitt", Intent.BOOKING, "de"),
        ("Ich hätte gern einen Damenschnitt", Intent.BOOKING, "de"),
        ("Tragen Sie mich für Montag ein", Intent.BOOKING, "de"),
        ("Kinderschnitt am Freitag, bitte", Intent.BOOKING, "de"),
        ("Ich möchte meinen Termin absagen", Intent.CANCELLATION, "de"),
        ("Bitte stornieren Sie meinen Termin", Intent.CANCELLATION, "de"),
        ("Ich sage meinen Termin am Montag ab", Intent.CANCELLATION, "de"),
        ("Danke, tschüss", Intent.OTHER, "de"),
        ("Any slot for a massage next Tuesday", Intent.AVAILABILITY, "en"),
        ("Is Anna available tomorrow", Intent.AVAILABILITY, "en"),
        ("Is there anything on Monday", Intent.AVAILABILITY, "en"),
        ("Do you have a slot on Monday", Intent.AVAILABILITY, "en"),
        ("Book me a men's cut on Monday", Intent.BOOKING, "en"),
        ("Please reserve a women's cut for me", Intent.BOOKING, "en"),
        ("I'd like a men's cut on Monday", Intent.BOOKING, "en"),
        ("I want to know if Anna is free", Intent.AVAILABILITY, "en"),
        ("I need to cancel my appointment", Intent.CANCELLATION, "en"),
        ("I can't make it tomorrow", Intent.CANCELLATION, "en"),
        ("Thank you, bye", Intent.OTHER, "en"),
    ],
)
def test_intent_and_language(text, intent, language):
    r = parse(text)
    assert (r.intent, r.language) == (intent, language)


# -- services -------------------------------------------------------------------------------------
def service(text: str, industry: str = "hair", **extra) -> str | tuple[str, ...] | None:
    r = parse(text, industry=industry, **extra)
    if r.ambiguous_services:
        assert r.service is None
        return tuple(s.name for s in r.ambiguous_services)
    return r.service.name if r.service else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Herrenschnitt morgen?", "Herrenschnitt"),
        ("HERRENSCHNITT morgen?", "Herrenschnitt"),
        ("herrenschnitt morgen?", "Herrenschnitt"),
        ("Herren-Schnitt morgen?", "Herrenschnitt"),
        ("Herren Schnitt morgen?", "Herrenschnitt"),
        ("Färben morgen?", "Färben"),
        ("Faerben morgen?", "Färben"),
        ("Farben morgen?", "Färben"),  # umlaut dropped: one edit
        ("Straehnchen morgen?", "Strähnchen"),
        ("Herenschnitt morgen?", "Herrenschnitt"),  # a letter missing
        ("Herrenschintt morgen?", "Herrenschnitt"),  # two letters swapped
        ("Damenschnit morgen?", "Damenschnitt"),
        ("Männerhaarschnitt morgen?", "Herrenschnitt"),
        ("Maennerhaarschnitt morgen?", "Herrenschnitt"),
        ("Haare schneiden für Herren morgen?", "Herrenschnitt"),
        ("Schnitt für Damen morgen?", "Damenschnitt"),
        ("foehnen-styling morgen?", "Föhnen & Styling"),
        ("a men's cut tomorrow?", "Herrenschnitt"),
        ("a mens cut tomorrow?", "Herrenschnitt"),
        ("a beard trim tomorrow?", "Bartpflege"),
        ("a blow dry tomorrow?", "Föhnen & Styling"),
        ("Haarschnitt morgen?", ("Herrenschnitt", "Damenschnitt")),
        ("Haare schneiden morgen?", ("Herrenschnitt", "Damenschnitt")),
        ("a haircut tomorrow?", ("Herrenschnitt", "Damenschnitt")),
        ("Schnitt morgen?", ("Herrenschnitt", "Damenschnitt", "Kinderschnitt")),
        ("Herrenschnitt oder Damenschnitt?", ("Herrenschnitt", "Damenschnitt")),
        ("Einen Termin morgen?", None),
        ("Is anything free tomorrow?", None),
    ],
)
def test_services_of_the_salon(text, expected):
    assert service(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Massage morgen?", "Massage"),  # exact: not also the Sportmassage
        ("Sportmassage morgen?", "Sportmassage"),
        ("Sport-Massage morgen?", "Sportmassage"),
        ("Sportmasage morgen?", "Sportmassage"),
        ("Personal Training morgen?", "Personal Training"),
        ("Personal Training Kompakt morgen?", "Personal Training Kompakt"),
        ("Massagetermin morgen?", "Massage"),
        ("Personal Training Kompackt morgen?", "Personal Training Kompakt"),  # a typo, longest
        ("a sports massage tomorrow?", "Sportmassage"),
        ("Training tomorrow?", ("Probetraining", "Personal Training", "Personal Training Kompakt")),
    ],
)
def test_the_longest_and_best_match_wins(text, expected):
    assert service(text, industry="fitness") == expected


def test_short_names_match_only_exactly():
    assert service("EKG morgen?", industry="doctor") == "EKG"
    assert service("EKF morgen?", industry="doctor") is None


def test_synonyms_given_by_the_company_count_too():
    own = [ServiceEntry(1, "Herrenschnitt", "herrenschnitt", ("Fasson",)),
           ServiceEntry(2, "Damenschnitt")]
    assert service("Fasson morgen?", services=own) == "Herrenschnitt"
    assert service("Fasson morgen?") is None
    as_tuples = [(1, "Herrenschnitt", "", ["Fasson"]), (2, "Damenschnitt")]
    assert service("Fasson morgen?", services=as_tuples) == "Herrenschnitt"


def test_a_generic_word_is_a_choice_when_the_company_has_one_such_service():
    own = [(1, "Herrenschnitt", "", ()), (2, "Färben", "", ())]
    assert service("Haarschnitt morgen?", services=own) == "Herrenschnitt"


# -- staff ----------------------------------------------------------------------------------------
def staff(text: str, industry: str = "hair", **extra):
    r = parse(text, industry=industry, **extra)
    if r.ambiguous_staff:
        return tuple(m.name for m in r.ambiguous_staff)
    if r.unknown_staff:
        return f"unknown:{r.unknown_staff}"
    return r.staff.name if r.staff else ("anyone" if r.any_staff else None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hat Anna morgen Zeit?", "Anna Schneider"),
        ("hat anna morgen zeit", "Anna Schneider"),
        ("Hat Anna Schneider morgen Zeit?", "Anna Schneider"),
        ("Hat Frau Schneider morgen Zeit?", "Anna Schneider"),
        ("Kann ich bei Hoffmann morgen kommen?", "Lukas Hoffmann"),
        ("Is Mehmed free tomorrow?", "Mehmet Yılmaz"),
        ("Is Mehmet Yilmaz free tomorrow?", "Mehmet Yılmaz"),
        ("Hat Sophia morgen Zeit?", "Sofia Rossi"),
        ("with Julia tomorrow?", "Julia Becker"),
        ("Egal bei wem, morgen?", "anyone"),
        ("Irgendwer morgen frei?", "anyone"),
        ("Anyone free tomorrow?", "anyone"),
        ("Tomorrow, no preference", "anyone"),
        ("Egal wann, Hauptsache Anna", "Anna Schneider"),
        ("Hat Petra morgen Zeit?", "unknown:Petra"),
        ("Kann ich morgen bei Petra kommen?", "unknown:Petra"),
        ("Kann ich morgen bei petra kommen?", "unknown:petra"),
        ("Geht morgen was bei Frau Petersen?", "unknown:Petersen"),
        ("Herrenschnitt mit Kai morgen?", "unknown:Kai"),
        ("Ist der Peter morgen da?", "unknown:Peter"),
        ("Kann ich bei der Petra morgen kommen?", "unknown:Petra"),
        ("Hat die Anna morgen Zeit?", "Anna Schneider"),
        ("Is Jessica free tomorrow?", "unknown:Jessica"),
        ("a men's cut with Jessica Jones tomorrow?", "unknown:Jessica Jones"),
        ("Damenschnitt mit Waschen morgen?", None),
        ("Herrenschnitt bei Ihnen morgen?", None),
        ("Hier ist Lena Müller, hat jemand morgen Zeit?", "anyone"),
        ("Hier ist Julia, hat Anna morgen Zeit?", "Anna Schneider"),
    ],
)
def test_staff_wishes(text, expected):
    assert staff(text) == expected


def test_the_caller_introducing_themselves_is_kept_apart():
    assert parse("Hier ist Lena Müller, hat Anna morgen Zeit?").caller_name == "Lena Müller"
    assert parse("Hi, my name is Kim, is Anna free?").caller_name == "Kim"


def test_the_same_first_name_twice_is_a_question():
    _, own = catalogue("hair")
    own = own + [(99, "Anna Berg")]
    assert staff("Hat Anna morgen Zeit?", staff=own) == ("Anna Schneider", "Anna Berg")
    assert staff("Hat Anna Berg morgen Zeit?", staff=own) == "Anna Berg"


def test_doctors_by_title_and_a_number_word_is_no_name():
    assert staff("Hat Dr. Wagner morgen Zeit?", industry="doctor") == "Dr. Thomas Wagner"
    assert staff("Hat Doktor Demir morgen Zeit?", industry="doctor") == "Dr. Elif Demir"
    assert staff("Can I see Dr. Smith today?", industry="doctor") == "unknown:Smith"
    assert staff("Impfung morgen um elf?", industry="doctor") is None  # elf is not Elif
    assert staff("Is Elif free tomorrow?", industry="doctor") == "Dr. Elif Demir"


# -- what is not said stays empty, and the input contract ---------------------------------------
def test_nothing_said_nothing_guessed():
    r = parse("Hallo")
    assert (r.service, r.ambiguous_services, r.staff, r.unknown_staff, r.date, r.time_from,
            r.time_to, r.part_of_day, r.asap) == (None, (), None, None, None, None, None, None,
                                                  False)
    assert parse("").intent is Intent.OTHER


def test_the_parse_is_deterministic():
    text = "Äh, hat Anna übermorgen so gegen halb vier Zeit für Strähnchen?"
    assert parse(text) == parse(text)


@pytest.mark.parametrize(
    ("now", "zone"),
    [(datetime(2026, 11, 27, 10, 0), BERLIN), (NOW, "Mars/Olympus"), ("2026-11-27", BERLIN)],
)
def test_now_must_be_aware_and_the_zone_real(now, zone):
    with pytest.raises(InvalidRequest):
        parse_request("morgen", now, zone)


# -- the building blocks --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("a", "b", "bound", "expected"),
    [
        ("herrenschnitt", "herrenschnitt", 2, 0),
        ("herenschnitt", "herrenschnitt", 2, 1),
        ("herrenschintt", "herrenschnitt", 2, 1),  # a swap is one edit
        ("ab", "ba", 1, 1),
        ("massage", "sportmassage", 2, 3),  # beyond the bound: bound + 1
        ("kitten", "sitting", 3, 3),
        ("", "abc", 5, 3),
    ],
)
def test_damerau_levenshtein(a, b, bound, expected):
    assert damerau_levenshtein(a, b, bound) == expected


def test_folding_and_tokens():
    assert fold("Übermorgen Straße Yılmaz Café") == "uebermorgen strasse yilmaz cafe"
    words = [t.word for t in Text("Am 3.12. um 15:30, 14-16 Uhr, 2026-12-03, 3rd, 3pm").tokens]
    assert words == ["am", "3.12.", "um", "15:30", "14", "-", "16", "uhr", "2026-12-03",
                     "3rd", "3", "pm"]
