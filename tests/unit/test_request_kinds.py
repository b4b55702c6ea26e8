"""Kinds of sentences the third evaluation set showed the request parser misreading (issue 17),
each said in new words of our own (none taken from an evaluation set), in three industries and
both languages:

(a) errands that are no appointment (a prescription to collect, a membership to pause, a card to
    bring) are ``other``, and numbers that count or measure ("zwei Monate", "for two people") are
    no clock times;
(b) price questions in spoken forms ("Was kost'n", "was nehmt ihr für", "what do you charge");
(c) the caller's name said after the request or with a name cue ("Krause mein Name", "the name
    is Parker", "Nguyen speaking"), also a surname alone;
(d) a question whether the place is open on a day is an availability question, even with a wish
    beside it (the holdout's schema: "Are you open on New Year's Day?" asks);
(e) a verbless wish that leaves the staff member open ("whoever's free", "egal wer") is a booking
    with anyone;
(f) moving an appointment "to four" / "auf 4": the new time, exact;
(g) a word said inside a two-word service name ("blood sugar test" is a blood test).

"Now" is Thursday 2026-12-03 09:30 in Europe/Berlin; named days come from the holiday adapter.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from studiobook.adapters.holiday_names import named_days
from studiobook.domain.requests import parse_request
from tests.requests_eval import catalogue

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 12, 3, 9, 30, tzinfo=BERLIN)  # a Thursday
NAMED = named_days(NOW.date(), ("DE",))
CATALOGUES = {industry: catalogue(industry) for industry in ("hair", "doctor", "fitness")}


def parse(industry: str, text: str):
    """``text`` read as said at ``NOW`` to a demo company of ``industry``."""
    return parse_request(text, NOW, BERLIN, *CATALOGUES[industry], named_days=NAMED)


# -- (a) errands are no appointment; counts and measures are no clock times --------------------
@pytest.mark.parametrize(("industry", "text"), [
    ("hair", "Ich wollte nur meinen Gutschein abholen, geht das heute?"),
    ("hair", "Ich hab meinen Schal bei euch liegen lassen, kann ich den morgen holen?"),
    ("hair", "Kann ich meine Stempelkarte bei euch auch nachträglich abgeben?"),
    ("doctor", "Ich bräuchte eine Überweisung zum Orthopäden, kann ich die abholen?"),
    ("doctor", "Ich brauche eine Krankmeldung für drei Tage."),
    ("doctor", "Kann ich das Rezept für meine Schilddrüsentabletten morgen früh holen?"),
    ("doctor", "Wann kann ich meine Laborwerte abholen?"),
    ("doctor", "Kann ich die Ergebnisse vom Ultraschall am Montag abholen?"),
    ("fitness", "Kann ich meine Mitgliedschaft für zwei Monate pausieren?"),
    ("fitness", "Ich möchte mein Abo über den Winter ruhen lassen."),
    ("fitness", "Ich möchte meinen Vertrag kündigen."),
    ("fitness", "Ich brauche eine neue Mitgliedskarte, meine alte ist weg."),
    ("hair", "Can I pick up the gift voucher I ordered tomorrow?"),
    ("hair", "I need a receipt for my last visit."),
    ("doctor", "I need a repeat prescription for my inhaler, can I collect it on Friday?"),
    ("doctor", "Could you send my test results to me?"),
    ("doctor", "I need a sick note for three days."),
    ("doctor", "Do I have to bring my vaccination card along?"),
    ("fitness", "Can I pause my membership for three weeks?"),
    ("fitness", "I want to cancel my gym membership."),
    ("fitness", "Can I get a new key fob for the lockers?"),
    ("fitness", "Could I upgrade my membership to the premium plan?"),
    ("hair", "Muss ich für die Hochsteckfrisur eigene Haarnadeln mitbringen?"),
    ("fitness", "Do I need to bring my own mat to mobility coaching?"),
])
def test_an_errand_is_no_appointment_wish(industry, text):
    request = parse(industry, text)
    assert (request.intent.value, request.time_from, request.time_to) == ("other", None, None)


def test_picking_up_names_no_service_and_an_updo_still_does():
    """"up-do" without its small word "do" is no key "up" of Hochsteckfrisur."""
    assert parse("hair", "Can I pick up the voucher my wife bought?").service is None
    assert parse("hair", "Updo am Samstag, bitte.").service.name == "Hochsteckfrisur"


@pytest.mark.parametrize(("industry", "text"), [
    ("hair", "Ich möchte mich anmelden."),
    ("doctor", "Ich bräuchte mal einen Termin."),
    ("fitness", "I want to sign up for a trial."),
])
def test_a_wish_for_an_appointment_without_a_service_or_day_is_still_a_booking(industry, text):
    assert parse(industry, text).intent.value == "booking"


@pytest.mark.parametrize(("industry", "text", "intent"), [
    ("hair", "Habt ihr am Samstag Platz für drei Kinder zum Kinderschnitt?", "availability"),
    ("hair", "Ich hätte gern am Freitag Strähnchen, für zwei Personen.", "booking"),
    ("doctor", "Gibt es nächste Woche zwei Termine zur Impfung für meine zwei Kinder?",
     "availability"),
    ("fitness", "Ich möchte Personal Training für zehn Einheiten buchen.", "booking"),
    ("hair", "Do you have a slot for two people on Saturday?", "availability"),
    ("doctor", "Can I book a blood test for four weeks from now?", "booking"),
    ("fitness", "I'd like a massage for two hours on Monday.", "booking"),
    ("fitness", "Can I book personal training for 10 sessions?", "booking"),
    ("doctor", "Was kostet'n so ein Ultraschall?", "price"),  # an article, not one o'clock
])
def test_a_count_or_a_measure_is_no_clock_time(industry, text, intent):
    request = parse(industry, text)
    assert (request.intent.value, request.time_from, request.time_to) == (intent, None, None)


@pytest.mark.parametrize(("industry", "text", "intent"), [
    ("doctor", "Can I bring my daughter along to her vaccination on Friday at 3?", "availability"),
    ("fitness", "Kann ich mit meiner Zehnerkarte am Samstag zum Probetraining?", "availability"),
    ("hair", "Habt ihr Samstag einen Termin frei? Ich hol dann auch gleich den Gutschein ab.",
     "availability"),
    ("doctor", "Kann ich morgen früh zur Blutabnahme kommen und danach das Rezept abholen?",
     "availability"),
])
def test_a_wish_beside_a_person_brought_along_or_an_errand_stays_a_wish(industry, text, intent):
    assert parse(industry, text).intent.value == intent


# -- (b) price questions in spoken forms -------------------------------------------------------
@pytest.mark.parametrize(("industry", "text", "service"), [
    ("hair", "Und was kost'n die Dauerwelle bei Julia?", "Dauerwelle"),
    ("hair", "Was kostet'n ein Kinderschnitt?", "Kinderschnitt"),
    ("hair", "Was nehmt ihr denn für Strähnchen?", "Strähnchen"),
    ("hair", "Was nimmst du für einmal Färben?", "Färben"),
    ("hair", "Was verlangt ihr für ne Hochsteckfrisur?", "Hochsteckfrisur"),
    ("doctor", "Wie viel muss ich für ein EKG hinlegen?", "EKG"),
    ("doctor", "Was verlangen Sie für die Blutabnahme?", "Blutabnahme"),
    ("fitness", "Was kriegt ihr für ne Sportmassage?", "Sportmassage"),
    ("fitness", "Was verlangt ihr fürs Probetraining?", "Probetraining"),
    ("fitness", "Was is'n der Preis für die Körperanalyse?", "Körperanalyse"),
    ("hair", "What do you charge for a kids' cut?", "Kinderschnitt"),
    ("hair", "What do you guys ask for a perm?", "Dauerwelle"),
    ("hair", "What's the damage for a beard trim?", "Bartpflege"),
    ("doctor", "What would you charge for an ECG?", "EKG"),
    ("fitness", "What are your rates for a sports massage?", "Sportmassage"),
    ("fitness", "What's a body analysis gonna set me back?", "Körperanalyse"),
    ("hair", "Was würdet ihr für ne Bartpflege nehmen?", "Bartpflege"),
    ("hair", "Wie viel nehmt's ihr für die Strähnchen?", "Strähnchen"),
    ("doctor", "Is the travel consultation paid privately?", "Reisemedizinische Beratung"),
    ("fitness", "Is personal training extra or part of the membership?", "Personal Training"),
    ("doctor", "Was berechnen Sie für eine Erstuntersuchung?", "Erstuntersuchung"),
])
def test_a_price_question_said_as_people_speak(industry, text, service):
    request = parse(industry, text)
    assert request.intent.value == "price"
    assert request.service is not None and request.service.name == service


# -- (c) the caller's name after the request or with a name cue --------------------------------
@pytest.mark.parametrize(("industry", "text", "intent", "customer"), [
    ("hair", "Ich muss meinen Termin am Freitag absagen, Krause mein Name", "cancellation",
     "Krause"),
    ("hair", "Bitte die Dauerwelle am Samstag stornieren, Bauer ist mein Name.", "cancellation",
     "Bauer"),
    ("hair", "Meinen Termin am Montag bitte auf Mittwoch verschieben, Jana Vogel ist der Name.",
     "reschedule", "Jana Vogel"),
    ("doctor", "Hier spricht Frau Lorenz, ich muss die Blutabnahme morgen absagen.",
     "cancellation", "Lorenz"),
    ("doctor", "Ich kann am Dienstag nicht zum EKG kommen, bitte absagen. Der Name ist Seidel.",
     "cancellation", "Seidel"),
    ("fitness", "Kann ich das Probetraining auf Freitag verlegen? Name: Kaya", "reschedule",
     "Kaya"),
    ("fitness", "Die Massage morgen muss ich leider absagen, Name ist Brandt.", "cancellation",
     "Brandt"),
    ("hair", "Please cancel my haircut on Saturday, the name is Parker.", "cancellation",
     "Parker"),
    ("doctor", "I need to move my blood test to Friday. Name's Patel.", "reschedule", "Patel"),
    ("fitness", "Can you push my massage to Thursday? Garcia is the name.", "reschedule",
     "Garcia"),
    ("doctor", "This is Mrs Okafor, I'd like to cancel my appointment on Monday.",
     "cancellation", "Okafor"),
    ("fitness", "Hi, Nguyen speaking, can I reschedule my personal training to Tuesday?",
     "reschedule", "Nguyen"),
    ("hair", "Cancel my colour on Friday please, my name is Dunn.", "cancellation", "Dunn"),
    ("hair", "Mein Termin morgen muss leider ausfallen, Name ist Becker.", "cancellation",
     "Becker"),
    ("doctor", "Can I move my ECG to Friday? The name's O'Brien.", "reschedule", "O'Brien"),
    ("fitness", "Bitte meine Massage am Freitag stornieren. Gruß, Meier", "cancellation",
     "Meier"),
    ("doctor", "Hi, I'd like to cancel my appointment, my surname is Fletcher", "cancellation",
     "Fletcher"),
    ("hair", "Guten Tag, Schneider hier, ich muss meinen Termin morgen absagen.",
     "cancellation", "Schneider"),  # a staff member's surname, but said as the caller's
    ("hair", "Ja hallo, hier ist die Frau Berger, ich wollt meinen Termin am Freitag verschieben",
     "reschedule", "Berger"),
    ("fitness", "Could you cancel Friday's massage? It's booked under Harris.", "cancellation",
     "Harris"),
    ("fitness", "Cancel my PT tomorrow, thanks – Lisa Grant", "cancellation", "Lisa Grant"),
    ("hair", "Mein Termin am Samstag fällt leider aus, Gruß Lena", "cancellation", "Lena"),
])
def test_the_callers_name_said_after_the_request(industry, text, intent, customer):
    request = parse(industry, text)
    assert (request.intent.value, request.customer) == (intent, customer)


def test_a_staff_members_name_after_a_name_cue_is_still_the_caller_only_when_said_so():
    request = parse("hair", "Ich möchte meinen Termin bei Anna am Freitag absagen.")
    assert (request.customer, request.staff and request.staff.name) == (None, "Anna Schneider")


# -- (d) is the place open on a day: an availability question ---------------------------------
@pytest.mark.parametrize(("industry", "text", "intent", "day"), [
    ("hair", "Habt ihr an Heiligabend auf? Ich bräuchte noch nen Herrenschnitt.", "availability",
     date(2026, 12, 24)),
    ("doctor", "Ist die Praxis an Silvester geöffnet? Ich müsste zur Impfung.", "availability",
     date(2026, 12, 31)),
    ("fitness", "Hat das Studio am Karfreitag offen? Ich würde gern ne Massage haben.",
     "availability", date(2027, 3, 26)),
    ("fitness", "Macht ihr an Neujahr auf? Ich hätte gern ein Probetraining.", "availability",
     date(2027, 1, 1)),
    ("hair", "Are you open on Boxing Day? I'd like a blow dry.", "availability",
     date(2026, 12, 26)),
    ("doctor", "Is the surgery open on New Year's Eve? I need a jab.", "availability",
     date(2026, 12, 31)),
    ("fitness", "Do you open on Easter Monday? I need a massage.", "availability",
     date(2027, 3, 29)),
    ("hair", "Seid ihr an Heiligabend da? Ich brauch nen Herrenschnitt.", "availability",
     date(2026, 12, 24)),
    ("doctor", "Hat die Praxis zwischen den Jahren geöffnet?", "availability", None),
    # A wish said with "if you're open" stays a wish.
    ("hair", "Ich hätte gern einen Damenschnitt an Heiligabend, falls ihr offen habt.",
     "booking", date(2026, 12, 24)),
    ("fitness", "Book me a massage on Boxing Day if you're open, please.", "booking",
     date(2026, 12, 26)),
])
def test_asking_whether_the_place_is_open_on_a_day(industry, text, intent, day):
    request = parse(industry, text)
    assert (request.intent.value, request.date) == (intent, day)


# -- (e) verbless wishes that leave the staff member open --------------------------------------
@pytest.mark.parametrize(("industry", "text"), [
    ("hair", "Men's cut, Friday at four, whoever's free."),
    ("doctor", "Blood test tomorrow morning, whoever's available."),
    ("fitness", "Sports massage Monday 6pm, anyone's fine."),
    ("hair", "Kids' cut Saturday morning, doesn't matter who."),
    ("fitness", "Mobility coaching on Wednesday at 5, any trainer."),
    ("hair", "Herrenschnitt Freitag um vier, egal wer."),
    ("doctor", "Blutabnahme morgen früh, irgendwer."),
    ("fitness", "Massage Montag 18 Uhr, wer halt gerade frei ist."),
    ("hair", "Damenschnitt Samstag vormittag, egal bei wem."),
    ("fitness", "Probetraining am Dienstag abends, irgendein Trainer."),
    ("doctor", "EKG Mittwoch um 10, wer auch immer Zeit hat."),
    ("doctor", "Flu jab Thursday at 9, any doctor's fine."),
    ("fitness", "PT Wednesday evening, any of your trainers."),
    ("fitness", "Massage Samstag zehn Uhr, ganz egal wer."),
])
def test_a_verbless_wish_with_anyone_is_a_booking(industry, text):
    request = parse(industry, text)
    assert (request.intent.value, request.staff, request.any_staff) == ("booking", None, True)
    assert request.service is not None and request.has_window


@pytest.mark.parametrize(("industry", "text"), [
    ("hair", "Ist irgendwer am Samstag frei für Strähnchen?"),
    ("doctor", "Is anyone free for a blood test tomorrow?"),
])
def test_asking_whether_anyone_is_free_is_still_a_question(industry, text):
    request = parse(industry, text)
    assert (request.intent.value, request.any_staff) == ("availability", True)


# -- (f) the new time of a move ----------------------------------------------------------------
@pytest.mark.parametrize(("industry", "text", "new_time"), [
    ("fitness", "Could you move my PT to 5?", time(17)),
    ("hair", "Kann ich meinen Termin auf 4 verschieben?", time(16)),
    ("hair", "Kann ich meinen Termin von 3 auf halb 5 verlegen?", time(16, 30)),
    ("doctor", "Please move my blood test to 10 tomorrow.", time(10)),
])
def test_moving_to_a_time_names_the_new_time(industry, text, new_time):
    request = parse(industry, text)
    assert (request.intent.value, request.time_from, request.time_to) == (
        "reschedule", new_time, new_time)


# -- (g) a word said inside a two-word service name --------------------------------------------
@pytest.mark.parametrize(("industry", "text", "service"), [
    ("doctor", "Blood sugar test tomorrow morning, please.", "Blutabnahme"),
    ("doctor", "I'd like a travel medical consultation on Monday.", "Reisemedizinische Beratung"),
    ("hair", "Kids hair cut on Saturday at 10?", "Kinderschnitt"),
])
def test_a_word_inside_a_two_word_service_name(industry, text, service):
    request = parse(industry, text)
    assert request.service is not None and request.service.name == service
