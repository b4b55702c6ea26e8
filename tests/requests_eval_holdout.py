"""The frozen holdout set for the request parser (issue 17): utterances written independently of
tests/requests_eval.py and *before* the parser was changed for them, with the parse a person would
write down. Three demo industries (services and staff as in application.admin.demo_data), more
than half German, spoken forms ("ähm", "so gegen", "halb vier", numbers as words) and typos.

Frozen: the cases below are not edited to suit a parser. A case that is truly wrong (a date
miscounted by hand) may be corrected in a commit of its own that says which case and why.

Reference "now" (every case carries its own; the parser takes ``now`` as input, nothing reads the
clock): ``NOW`` is Thursday 2026-12-03 09:30 in Europe/Berlin unless a case says otherwise, so:
heute 12-03, morgen/Freitag 12-04, übermorgen/Samstag 12-05, Sonntag 12-06, Montag 12-07,
Dienstag 12-08, Mittwoch 12-09, Donnerstag (said on a Thursday: next week's) 12-10,
"nächste Woche Mittwoch" 12-09, the weekend 12-05..12-06; named days: Heiligabend 2026-12-24,
erster Weihnachtsfeiertag/Christmas Day 12-25, zweiter Weihnachtsfeiertag/Boxing Day 12-26,
Silvester/New Year's Eve 12-31, Neujahr/New Year's Day 2027-01-01, Heilige Drei Könige 2027-01-06.
``NOW_FRIDAY`` Friday 2026-12-04 15:00 (weekend 12-05..12-06). ``NOW_SATURDAY`` Saturday
2026-12-05 10:00 (weekend: today and tomorrow, 12-05..12-06). ``NOW_SPRING`` Monday 2027-03-15
11:00 (weekend 03-20..03-21; Karfreitag/Good Friday 03-26, Ostermontag/Easter Monday 03-29, Tag
der Arbeit 05-01, Christi Himmelfahrt/Ascension Day 05-06, Pfingstmontag/Whit Monday 05-17,
Fronleichnam 05-27). ``NOW_AUTUMN`` Wednesday 2027-09-22 10:00 (Tag der Deutschen Einheit/German
Unity Day 10-03, Reformationstag 10-31, Allerheiligen 11-01). All days were counted by hand and
checked against the ``holidays`` library where it names the day.

The schema — one expected parse per case, compared field by field (``FIELDS``):

``intent``
    ``"availability"`` (a question whether/when something is free), ``"booking"`` (a wish to
    have an appointment), ``"cancellation"`` (of an existing appointment), ``"reschedule"``
    (move an existing appointment: verschieben, verlegen, umbuchen, move, push back), ``"price"``
    (what something costs, whether it is free of charge), ``"duration"`` (how long it takes), or
    ``"other"`` (nothing about an appointment: payment, directions, goodbyes). A verbless wish
    (service and/or staff with a day or time, no question word, no "?") is a ``"booking"`` — as
    on the phone, "Herrenschnitt Dienstag 15 Uhr bei Mehmet."; the same ending in "?" is an
    availability question. "hätten Sie ... was frei" asks (availability); "ich hätte gern" wishes.
``service``
    The service's name as in demo_data; a tuple of names when the words fit several equally
    ("Haarschnitt": the caller must be asked); ``None`` when no service is named — also for
    generic words ("Termin", "slot", "Platz", "appointment"): the answer layer then uses the
    company's default event type, the parser never does. A named staff member who does not offer
    the named service changes nothing here: both are read as said (category
    ``staff_not_offering``; explaining it is the answer layer's job).
``staff``
    The full name of the one staff member wished for; a tuple of full names when the caller
    names alternatives ("Anna oder Julia, egal" -> both; compared sorted); ``"unknown:Name"``
    for a name the company does not know; ``None`` when nobody is named ("egal bei wem"). A
    customer's surname that equals a staff member's ("Hannah Wagner", "Elias Wolf") is the
    customer, not the staff member.
``date`` / ``date_to``
    ISO dates. ``date_to`` is ``None`` unless the caller named a range of days: "am Wochenende",
    "this weekend", "übers Wochenende" -> ``date`` the coming Saturday, ``date_to`` the Sunday
    after (said on a Saturday: today and tomorrow). A named day (holiday names in German and
    English, Heiligabend/Christmas Eve, Silvester/New Year's Eve) gives its next date on or
    after today as ``date``. Other days as in tests/requests_eval.py: a weekday is its next
    occurrence, never today; "nächste Woche Mittwoch"/"Thursday next week" is that day of the
    following calendar week; a day of the month alone is its next occurrence.
``time_from`` / ``time_to``
    Local "HH:MM" as in tests/requests_eval.py: an exact time has both ends equal ("um",
    "gegen", "so gegen", "around", "at"); "ab"/"after"/"from" only a start; "bis"/"before" only
    an end; "zwischen 10 und 12" both. Hours without am/pm land in 08:00-19:59 ("um fünf" is
    17:00, "halb vier" 15:30, "viertel nach neun" 09:15, "viertel vor fünf" 16:45, "dreiviertel
    elf" 10:45) unless a part of the day says otherwise ("sieben in the morning" is 07:00);
    British "half two" is 14:30. "mittags"/"lunch" is the window 11:00-14:00.
``part_of_day``
    ``"morning"``, ``"afternoon"``, ``"evening"`` or ``None`` ("früh", "vormittags", "am späten
    Nachmittag", "heute Abend", "after work").
``asap``
    ``True`` for "so bald wie möglich", "nächster freier Termin", "earliest", "soonest".
``customer``
    Who the existing appointment belongs to, for intents ``reschedule`` and ``cancellation``
    only (``None`` for every other intent, even when the caller gives a name): the name as said
    (compared ignoring case, "ben schwarz" == "Ben Schwarz"), or the e-mail address in its
    written form (a spoken "mia punkt weber at example punkt com" is "mia.weber@example.com").

For a reschedule the date and time fields hold the *new* time when the caller says one ("von
Samstag auf Dienstag" -> Dienstag; "kann morgen nicht, geht Montag um halb elf?" -> Montag
10:30); when only the existing appointment's day is said ("meinen Termin am Freitag verschieben")
they hold that day. Every other field is read as said, whatever the intent (a price question "am
Samstag" has that date).

``CATEGORIES`` names what each case tests (one category per case), so scores are given per field
and per category. Scored by tests/requests_holdout_scoring.py (bench/requests_holdout.py prints
it; tests/unit/test_request_eval_holdout.py runs it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 12, 3, 9, 30, tzinfo=BERLIN)  # a Thursday
NOW_FRIDAY = datetime(2026, 12, 4, 15, 0, tzinfo=BERLIN)
NOW_SATURDAY = datetime(2026, 12, 5, 10, 0, tzinfo=BERLIN)
NOW_SPRING = datetime(2027, 3, 15, 11, 0, tzinfo=BERLIN)  # a Monday, before Easter 2027
NOW_AUTUMN = datetime(2027, 9, 22, 10, 0, tzinfo=BERLIN)  # a Wednesday

FIELDS = ("intent", "service", "staff", "date", "date_to", "time_from", "time_to",
          "part_of_day", "asap", "customer")
INTENTS = ("availability", "booking", "cancellation", "reschedule", "price", "duration", "other")

CATEGORIES: dict[str, str] = {
    "price": 'what a service costs ("was kostet ...", "what does X cost", "is it free of charge")',
    "duration": 'how long a service takes ("wie lange dauert ...", "how long does X take")',
    "reschedule": "move an existing appointment, found by the caller's name or e-mail",
    "cancellation": "cancel an existing appointment, found by the caller's name or e-mail",
    "named_day": "a holiday or named day (Heiligabend, Silvester, Ostermontag, Easter Monday ...)",
    "weekend": '"am Wochenende" / "this weekend": date Saturday, date_to Sunday',
    "verbless": 'a booking wish without a verb ("Herrenschnitt Dienstag 15 Uhr bei Mehmet.")',
    "staff_alternatives": '"Anna oder Julia, egal": a tuple of staff',
    "no_service": "no service named: service stays None (the answer uses the default)",
    "staff_not_offering": "a named staff member who does not offer the named service",
    "availability": "an ordinary availability question",
    "booking": "an ordinary booking wish",
    "other": "nothing about an appointment",
}


@dataclass(frozen=True)
class Case:
    industry: str
    category: str
    language: str
    text: str
    intent: str
    service: str | tuple[str, ...] | None = None
    staff: str | tuple[str, ...] | None = None
    date: str | None = None
    date_to: str | None = None
    time_from: str | None = None
    time_to: str | None = None
    part_of_day: str | None = None
    asap: bool = False
    customer: str | None = None
    now: datetime = NOW

    def expected(self) -> dict[str, object]:
        """The parse in the shape the scorer compares: alternatives as sorted tuples."""
        values: dict[str, object] = {}
        for field in FIELDS:
            value = getattr(self, field)
            values[field] = tuple(sorted(value)) if isinstance(value, tuple) else value
        return values


def hair(category: str, language: str, text: str, intent: str, **parse) -> Case:
    return Case("hair", category, language, text, intent, **parse)


def doctor(category: str, language: str, text: str, intent: str, **parse) -> Case:
    return Case("doctor", category, language, text, intent, **parse)


def fitness(category: str, language: str, text: str, intent: str, **parse) -> Case:
    return Case("fitness", category, language, text, intent, **parse)


A, B, C, R, P, D, X = INTENTS  # the legend of the intent column (X: other)
ANNA, MEHMET, JULIA, LUKAS, SOFIA = ("Anna Schneider", "Mehmet Yılmaz", "Julia Becker",
                                     "Lukas Hoffmann", "Sofia Rossi")
WAGNER, DEMIR, SABINE, JONAS = "Dr. Thomas Wagner", "Dr. Elif Demir", "Sabine Klein", "Jonas Weber"
KEVIN, LAURA, MARCO, EMILY, TIM = ("Kevin Braun", "Laura Fischer", "Marco Schulz", "Emily Clarke",
                                   "Tim Wolf")
FOEHNEN, CHECKUP, ULTRASCHALL, REISE = ("Föhnen & Styling", "Gesundheits-Check-up",
                                        "Ultraschall Abdomen", "Reisemedizinische Beratung")
PT, PT_KOMPAKT, PLAN, MOBILITY = ("Personal Training", "Personal Training Kompakt",
                                  "Trainingsplan-Erstellung", "Mobility-Coaching")

CASES: tuple[Case, ...] = (
    # -- price -------------------------------------------------------------------------------------
    hair("price", "de", "Was kostet bei Ihnen eigentlich ein Herrenschnitt?", P,
         service="Herrenschnitt"),
    hair("price", "de", "Ähm, wie teuer ist denn eine Dauerwelle so ungefähr?", P,
         service="Dauerwelle"),
    hair("price", "de", "Was nimmt denn der Lukas für 'nen Herrenschnitt?", P,
         service="Herrenschnitt", staff=LUKAS),
    hair("price", "en", "How much is a beard trim with Lukas?", P, service="Bartpflege",
         staff=LUKAS),
    hair("price", "en", "What does a women's cut with Sofia cost?", P, service="Damenschnitt",
         staff=SOFIA),
    hair("price", "de", "Kostet die Typberatung was, oder ist die umsonst?", P,
         service="Typberatung"),
    hair("price", "de", "Was muss ich für Strähnchen bei Anna am Samstag zahlen?", P,
         service="Strähnchen", staff=ANNA, date="2026-12-05"),
    doctor("price", "de", "Was kostet der Gesundheits-Check-up, wenn man privat versichert ist?",
           P, service=CHECKUP),
    doctor("price", "de", "Wie viel kostet eine Reiseberatung bei euch?", P, service=REISE),
    doctor("price", "en", "How much do you charge for an abdominal ultrasound?", P,
           service=ULTRASCHALL),
    doctor("price", "de", "Was kostet so 'ne Grippeimpfung?", P, service="Impfung"),
    fitness("price", "de", "Was kostet ein Personal Training bei Laura?", P, service=PT,
            staff=LAURA),
    fitness("price", "en", "Is the trial workout free of charge?", P, service="Probetraining"),
    fitness("price", "en", "What's the price for a sports massage?", P, service="Sportmassage"),
    fitness("price", "de", "Ähm, was zahlt man für die Ernärungsberatung?", P,
            service="Ernährungsberatung"),
    fitness("price", "en", "how much would a training plan with Emily be", P, service=PLAN,
            staff=EMILY),
    # -- duration ----------------------------------------------------------------------------------
    hair("duration", "de", "Wie lange dauert eine Dauerwelle ungefähr?", D, service="Dauerwelle"),
    hair("duration", "de", "Wie lang brauch ich denn für Strähnchen, so mit allem?", D,
         service="Strähnchen"),
    hair("duration", "en", "How long does a men's cut with Lukas take?", D,
         service="Herrenschnitt", staff=LUKAS),
    hair("duration", "de", "Wie viel Zeit muss ich fürs Färben einplanen?", D, service="Färben"),
    doctor("duration", "de", "Wie lange dauert so eine Erstuntersuchung bei Dr. Demir?", D,
           service="Erstuntersuchung", staff=DEMIR),
    doctor("duration", "en", "How long will the ECG take?", D, service="EKG"),
    doctor("duration", "de", "Dauert die Blutabnahme bei Jonas lange?", D, service="Blutabnahme",
           staff=JONAS),
    doctor("duration", "en", "Roughly how long is a check-up?", D, service=CHECKUP),
    fitness("duration", "de", "Wie lange geht eine Sportmassage bei Tim?", D,
            service="Sportmassage", staff=TIM),
    fitness("duration", "en", "How long is the trial session?", D, service="Probetraining"),
    fitness("duration", "de", "Wie lange dauert eigentlich die Körperanalyse?", D,
            service="Körperanalyse"),
    fitness("duration", "en", "how many minutes is a mobility session", D, service=MOBILITY),
    fitness("duration", "de", "Dauert das Personal Training Kompakt 'ne halbe Stunde oder länger?",
            D, service=PT_KOMPAKT),
    # -- reschedule --------------------------------------------------------------------------------
    hair("reschedule", "de", "Hallo, hier ist Lena Müller, kann ich meinen Termin am Freitag "
         "verschieben?", R, date="2026-12-04", customer="Lena Müller"),
    hair("reschedule", "de", "Ich müsste meinen Herrenschnitt von Samstag auf Dienstag verlegen, "
         "Jonas Schmidt ist mein Name.", R, service="Herrenschnitt", date="2026-12-08",
         customer="Jonas Schmidt"),
    hair("reschedule", "en", "Hi, it's Clara Zimmermann, could I move my colour with Anna to next "
         "Wednesday afternoon?", R, service="Färben", staff=ANNA, date="2026-12-09",
         part_of_day="afternoon", customer="Clara Zimmermann"),
    hair("reschedule", "de", "Ich möchte meinen Termin umbuchen, meine E-Mail ist "
         "lea.koch@example.com.", R, customer="lea.koch@example.com"),
    hair("reschedule", "de", "Äh ja, Felix Hoffmann hier, ich kann morgen doch nicht, geht's "
         "stattdessen am Montag um halb elf?", R, date="2026-12-07", time_from="10:30",
         time_to="10:30", customer="Felix Hoffmann"),
    doctor("reschedule", "de", "Können wir meinen Termin bei Dr. Wagner auf nächste Woche "
           "Mittwoch legen? Paul Meyer.", R, staff=WAGNER, date="2026-12-09",
           customer="Paul Meyer"),
    doctor("reschedule", "en", "Can I reschedule my blood test? My email is "
           "ben.schwarz@example.com.", R, service="Blutabnahme", customer="ben.schwarz@example.com"),
    doctor("reschedule", "de", "Termin verschieben bitte, meine Mail ist mia punkt weber at "
           "example punkt com", R, customer="mia.weber@example.com"),
    doctor("reschedule", "en", "This is Noah Richter, I need to push my check-up back to Thursday "
           "next week.", R, service=CHECKUP, date="2026-12-10", customer="Noah Richter"),
    doctor("reschedule", "de", "Können Sie den Termin von Hannah Wagner am Mittwoch auf "
           "übermorgen verlegen?", R, date="2026-12-05", customer="Hannah Wagner"),
    fitness("reschedule", "en", "Hi, this is Emma Schulz, I need to move my massage from Friday to "
            "Saturday morning.", R, service="Massage", date="2026-12-05", part_of_day="morning",
            customer="Emma Schulz"),
    fitness("reschedule", "de", "Kann ich mein Probetraining auf später verschieben, so auf 19 "
            "Uhr? Sophie Neumann.", R, service="Probetraining", time_from="19:00",
            time_to="19:00", customer="Sophie Neumann"),
    fitness("reschedule", "en", "Move my PT session with Kevin to 6pm please, name's Leon Becker.",
            R, service=PT, staff=KEVIN, time_from="18:00", time_to="18:00",
            customer="Leon Becker"),
    fitness("reschedule", "de", "Ich hab am Dienstag Personal Training bei Tim, kann man das auf "
            "Donnerstag schieben? Elias Wolf.", R, service=PT, staff=TIM, date="2026-12-10",
            customer="Elias Wolf"),
    fitness("reschedule", "en", "Could I change the time of my body analysis tomorrow to a bit "
            "later, like 5? finn.krueger@example.com", R, service="Körperanalyse",
            date="2026-12-04", time_from="17:00", time_to="17:00",
            customer="finn.krueger@example.com"),
    # -- cancellation ------------------------------------------------------------------------------
    hair("cancellation", "de", "Bitte stornieren Sie meine Dauerwelle am Samstag, auf den Namen "
         "Hannah Wagner.", C, service="Dauerwelle", date="2026-12-05", customer="Hannah Wagner"),
    hair("cancellation", "en", "Hi, Mia Weber here, I have to call off tomorrow's highlights.", C,
         service="Strähnchen", date="2026-12-04", customer="Mia Weber"),
    hair("cancellation", "de", "Ich komm am Montag nicht zum Färben, können Sie den Termin "
         "löschen? Paul Meyer", C, service="Färben", date="2026-12-07", customer="Paul Meyer"),
    hair("cancellation", "de", "hallo, ich sag meinen termin heute um vier ab, ben schwarz", C,
         date="2026-12-03", time_from="16:00", time_to="16:00", customer="Ben Schwarz"),
    doctor("cancellation", "de", "Ich muss leider meinen Termin am Montag absagen, mein Name ist "
           "Marie Klein.", C, date="2026-12-07", customer="Marie Klein"),
    doctor("cancellation", "en", "I won't be able to come to my ECG on Wednesday, sorry. Sophie "
           "Neumann.", C, service="EKG", date="2026-12-09", customer="Sophie Neumann"),
    doctor("cancellation", "de", "Guten Tag, Lena Müller, ich wollte die Impfung morgen früh "
           "absagen.", C, service="Impfung", date="2026-12-04", part_of_day="morning",
           customer="Lena Müller"),
    doctor("cancellation", "en", "Please cancel my appointment tomorrow, it's under "
           "noah.richter@example.com", C, date="2026-12-04", customer="noah.richter@example.com"),
    doctor("cancellation", "en", "I'd like to cancel the ultrasound on the 10th. Name: Jonas "
           "Schmidt.", C, service=ULTRASCHALL, date="2026-12-10", customer="Jonas Schmidt"),
    fitness("cancellation", "de", "Den Termin bei Marco am Freitag brauch ich nicht mehr, Elias "
            "Wolf hier.", C, staff=MARCO, date="2026-12-04", customer="Elias Wolf"),
    fitness("cancellation", "de", "Ich komm am Dienstag nicht zum Probetraining, könnt ihr mich "
            "austragen? Finn Krüger", C, service="Probetraining", date="2026-12-08",
            customer="Finn Krüger"),
    fitness("cancellation", "en", "Cancel my nutrition call on Monday please, email is "
            "leon.becker@example.com", C, service="Ernährungsberatung", date="2026-12-07",
            customer="leon.becker@example.com"),
    fitness("cancellation", "de", "Ich möchte meine Massage stornieren.", C, service="Massage"),
    # -- named days --------------------------------------------------------------------------------
    hair("named_day", "de", "Habt ihr an Heiligabend vormittags noch was frei für einen "
         "Damenschnitt?", A, service="Damenschnitt", date="2026-12-24", part_of_day="morning"),
    hair("named_day", "de", "Ich hätte gern an Silvester so gegen elf einen Termin zum Föhnen.", B,
         service=FOEHNEN, date="2026-12-31", time_from="11:00", time_to="11:00"),
    hair("named_day", "en", "Is anyone free on Christmas Eve for a blow-dry?", A, service=FOEHNEN,
         date="2026-12-24"),
    hair("named_day", "en", "I'd like a men's cut on Christmas Day if you're open.", B,
         service="Herrenschnitt", date="2026-12-25"),
    hair("named_day", "de", "Am Silvestertag mittags noch Bartpflege möglich?", A,
         service="Bartpflege", date="2026-12-31", time_from="11:00", time_to="14:00"),
    doctor("named_day", "de", "Ist am zweiten Weihnachtsfeiertag jemand da für die "
           "Akutsprechstunde?", A, service="Akutsprechstunde", date="2026-12-26"),
    doctor("named_day", "en", "Any vaccination slots on Boxing Day?", A, service="Impfung",
           date="2026-12-26"),
    doctor("named_day", "de", "Kann ich an Heilige Drei Könige zur Blutabnahme kommen?", A,
           service="Blutabnahme", date="2027-01-06"),
    doctor("named_day", "en", "Are you open on New Year's Day?", A, date="2027-01-01"),
    fitness("named_day", "de", "Probetraining am ersten Weihnachtsfeiertag, geht das?", A,
            service="Probetraining", date="2026-12-25"),
    fitness("named_day", "en", "Can I book a PT session on New Year's Eve at 10am?", B, service=PT,
            date="2026-12-31", time_from="10:00", time_to="10:00"),
    fitness("named_day", "de", "Gibt's an Neujahr nachmittags 'ne Massage?", A, service="Massage",
            date="2027-01-01", part_of_day="afternoon"),
    fitness("named_day", "de", "Ostermontag Sportmassage bei Marco, hat der da Zeit?", A,
            service="Sportmassage", staff=MARCO, date="2027-03-29", now=NOW_SPRING),
    doctor("named_day", "de", "Hat Dr. Demir am Karfreitag geöffnet?", A, staff=DEMIR,
           date="2027-03-26", now=NOW_SPRING),
    fitness("named_day", "en", "Easter Monday, any chance of a trial session in the morning?", A,
            service="Probetraining", date="2027-03-29", part_of_day="morning", now=NOW_SPRING),
    hair("named_day", "en", "I'd like highlights with Sofia on Good Friday.", B,
         service="Strähnchen", staff=SOFIA, date="2027-03-26", now=NOW_SPRING),
    hair("named_day", "de", "Am Pfingstmontag um zehn zum Färben, geht das?", A, service="Färben",
         date="2027-05-17", time_from="10:00", time_to="10:00", now=NOW_SPRING),
    fitness("named_day", "en", "Is Laura working on Ascension Day?", A, staff=LAURA,
            date="2027-05-06", now=NOW_SPRING),
    doctor("named_day", "de", "Ich bräuchte an Christi Himmelfahrt eine Impfung, ist das möglich?",
           B, service="Impfung", date="2027-05-06", now=NOW_SPRING),
    doctor("named_day", "en", "Could I come in on Whit Monday for a blood test?", A,
           service="Blutabnahme", date="2027-05-17", now=NOW_SPRING),
    fitness("named_day", "de", "Am Tag der Arbeit Personal Training bei Kevin?", A, service=PT,
            staff=KEVIN, date="2027-05-01", now=NOW_SPRING),
    hair("named_day", "de", "Hat Julia an Fronleichnam Zeit für eine Dauerwelle?", A,
         service="Dauerwelle", staff=JULIA, date="2027-05-27", now=NOW_SPRING),
    hair("named_day", "de", "Ist am Tag der Deutschen Einheit jemand im Salon für einen "
         "Kinderschnitt?", A, service="Kinderschnitt", date="2027-10-03", now=NOW_AUTUMN),
    fitness("named_day", "en", "Are you open on German Unity Day for a massage?", A,
            service="Massage", date="2027-10-03", now=NOW_AUTUMN),
    doctor("named_day", "de", "Reformationstag vormittags Check-up bei Dr. Wagner?", A,
           service=CHECKUP, staff=WAGNER, date="2027-10-31", part_of_day="morning",
           now=NOW_AUTUMN),
    fitness("named_day", "de", "An Allerheiligen ab 10 Uhr ein Probetraining, bitte.", B,
            service="Probetraining", date="2027-11-01", time_from="10:00", now=NOW_AUTUMN),
    # -- weekend -----------------------------------------------------------------------------------
    hair("weekend", "de", "Habt ihr am Wochenende noch was frei für Strähnchen?", A,
         service="Strähnchen", date="2026-12-05", date_to="2026-12-06"),
    fitness("weekend", "de", "Dieses Wochenende Massage bei Marco möglich?", A, service="Massage",
            staff=MARCO, date="2026-12-05", date_to="2026-12-06"),
    hair("weekend", "en", "Anything this weekend for a kids' haircut?", A,
         service="Kinderschnitt", date="2026-12-05", date_to="2026-12-06"),
    fitness("weekend", "de", "Am Wochenende vormittags Personal Training bei Kevin, geht da was?",
            A, service=PT, staff=KEVIN, date="2026-12-05", date_to="2026-12-06",
            part_of_day="morning"),
    doctor("weekend", "en", "Is the practice open at the weekend for a vaccination?", A,
           service="Impfung", date="2026-12-05", date_to="2026-12-06"),
    doctor("weekend", "de", "Kann man übers Wochenende irgendwo Blut abnehmen lassen?", A,
           service="Blutabnahme", date="2026-12-05", date_to="2026-12-06"),
    fitness("weekend", "de", "Am Wochenende ab 10 Uhr Ernährungsberatung?", A,
            service="Ernährungsberatung", date="2026-12-05", date_to="2026-12-06",
            time_from="10:00"),
    hair("weekend", "de", "Ähm, ich bräuchte am Wochenende noch einen Herrenschnitt.", B,
         service="Herrenschnitt", date="2026-12-05", date_to="2026-12-06", now=NOW_FRIDAY),
    fitness("weekend", "en", "Can I get a trial session over the weekend?", B,
            service="Probetraining", date="2026-12-05", date_to="2026-12-06", now=NOW_FRIDAY),
    fitness("weekend", "en", "any openings this weekend for mobility with Tim", A,
            service=MOBILITY, staff=TIM, date="2027-03-20", date_to="2027-03-21", now=NOW_SPRING),
    doctor("weekend", "de", "Gibt's dieses Wochenende eine Akutsprechstunde?", A,
           service="Akutsprechstunde", date="2027-03-20", date_to="2027-03-21", now=NOW_SPRING),
    hair("weekend", "de", "Hat am Wochenende noch jemand Zeit für Bartpflege?", A,
         service="Bartpflege", date="2026-12-05", date_to="2026-12-06", now=NOW_SATURDAY),
    # -- verbless booking wishes ------------------------------------------------------------------
    hair("verbless", "de", "Herrenschnitt Dienstag 15 Uhr bei Mehmet.", B, service="Herrenschnitt",
         staff=MEHMET, date="2026-12-08", time_from="15:00", time_to="15:00"),
    hair("verbless", "de", "Damenschnitt, Freitag, halb elf, Julia.", B, service="Damenschnitt",
         staff=JULIA, date="2026-12-04", time_from="10:30", time_to="10:30"),
    hair("verbless", "de", "Also einmal Färben bei Sofia, Samstag so um zwölf.", B,
         service="Färben", staff=SOFIA, date="2026-12-05", time_from="12:00", time_to="12:00"),
    hair("verbless", "en", "Men's cut, Tuesday, 3pm, Lukas.", B, service="Herrenschnitt",
         staff=LUKAS, date="2026-12-08", time_from="15:00", time_to="15:00"),
    hair("verbless", "de", "Bartpflege bei Lukas übermorgen zehn Uhr dreißig", B,
         service="Bartpflege", staff=LUKAS, date="2026-12-05", time_from="10:30",
         time_to="10:30"),
    doctor("verbless", "de", "Blutabnahme morgen früh um acht, Schwester Sabine.", B,
           service="Blutabnahme", staff=SABINE, date="2026-12-04", time_from="08:00",
           time_to="08:00", part_of_day="morning"),
    doctor("verbless", "de", "Äh, Ekg, Montag, viertel nach neun.", B, service="EKG",
           date="2026-12-07", time_from="09:15", time_to="09:15"),
    doctor("verbless", "en", "Check-up with Dr Wagner, Monday the 14th, 8:30.", B, service=CHECKUP,
           staff=WAGNER, date="2026-12-14", time_from="08:30", time_to="08:30"),
    doctor("verbless", "de", "Erstuntersuchung bei Frau Doktor Demir, nächsten Dienstag "
           "vormittags.", B, service="Erstuntersuchung", staff=DEMIR, date="2026-12-08",
           part_of_day="morning"),
    doctor("verbless", "en", "Flu jab tomorrow around 11 with Jonas.", B, service="Impfung",
           staff=JONAS, date="2026-12-04", time_from="11:00", time_to="11:00"),
    fitness("verbless", "de", "Massage Samstag elf Uhr Marco.", B, service="Massage", staff=MARCO,
            date="2026-12-05", time_from="11:00", time_to="11:00"),
    fitness("verbless", "de", "Probetraining heute Abend halb sieben.", B,
            service="Probetraining", date="2026-12-03", time_from="18:30", time_to="18:30",
            part_of_day="evening"),
    fitness("verbless", "en", "Sports massage Friday at 4 with Tim.", B, service="Sportmassage",
            staff=TIM, date="2026-12-04", time_from="16:00", time_to="16:00"),
    fitness("verbless", "de", "Körperanalyse bei Laura, Mittwoch, ähm, fünf nach acht morgens.", B,
            service="Körperanalyse", staff=LAURA, date="2026-12-09", time_from="08:05",
            time_to="08:05", part_of_day="morning"),
    fitness("verbless", "en", "PT with Kevin, Monday, seven in the morning.", B, service=PT,
            staff=KEVIN, date="2026-12-07", time_from="07:00", time_to="07:00",
            part_of_day="morning"),
    # -- staff alternatives -----------------------------------------------------------------------
    hair("staff_alternatives", "de", "Herrenschnitt morgen um elf, bei Mehmet oder Lukas, ist mir "
         "egal.", B, service="Herrenschnitt", staff=(MEHMET, LUKAS), date="2026-12-04",
         time_from="11:00", time_to="11:00"),
    hair("staff_alternatives", "de", "Hat Anna oder Julia am Mittwoch Nachmittag Zeit für einen "
         "Damenschnitt?", A, service="Damenschnitt", staff=(ANNA, JULIA), date="2026-12-09",
         part_of_day="afternoon"),
    hair("staff_alternatives", "en", "A kids cut on Saturday, Mehmet or Julia, I don't mind.", B,
         service="Kinderschnitt", staff=(MEHMET, JULIA), date="2026-12-05"),
    hair("staff_alternatives", "de", "Ich hätte gern Strähnchen bei Sofia oder Anna, Hauptsache "
         "vormittags.", B, service="Strähnchen", staff=(SOFIA, ANNA), part_of_day="morning"),
    hair("staff_alternatives", "en", "Is Lukas or Mehmet around for a beard trim at 5 today?", A,
         service="Bartpflege", staff=(LUKAS, MEHMET), date="2026-12-03", time_from="17:00",
         time_to="17:00"),
    hair("staff_alternatives", "de", "Anna oder Sofia, egal, Färben am Dienstag ab 14 Uhr.", B,
         service="Färben", staff=(ANNA, SOFIA), date="2026-12-08", time_from="14:00"),
    doctor("staff_alternatives", "de", "Impfung bei Sabine oder Jonas, egal wer, am Montag um "
           "zehn.", B, service="Impfung", staff=(SABINE, JONAS), date="2026-12-07",
           time_from="10:00", time_to="10:00"),
    doctor("staff_alternatives", "en", "Could Dr. Wagner or Dr. Demir see me for a new patient "
           "exam next Tuesday?", A, service="Erstuntersuchung", staff=(WAGNER, DEMIR),
           date="2026-12-08"),
    doctor("staff_alternatives", "de", "Ich brauch 'nen Check-up, Dr. Demir oder Dr. Wagner, egal "
           "welcher von beiden.", B, service=CHECKUP, staff=(DEMIR, WAGNER)),
    fitness("staff_alternatives", "de", "Personal Training mit Kevin oder Tim, Freitag Abend.", B,
            service=PT, staff=(KEVIN, TIM), date="2026-12-04", part_of_day="evening"),
    fitness("staff_alternatives", "en", "Body analysis Monday morning, Laura or Kevin, either is "
            "fine.", B, service="Körperanalyse", staff=(LAURA, KEVIN), date="2026-12-07",
            part_of_day="morning"),
    fitness("staff_alternatives", "de", "Hat Marco oder Tim am Samstag Zeit für eine "
            "Sportmassage?", A, service="Sportmassage", staff=(MARCO, TIM), date="2026-12-05"),
    # -- no service named --------------------------------------------------------------------------
    hair("no_service", "de", "Hat Anna morgen Nachmittag Zeit?", A, staff=ANNA, date="2026-12-04",
         part_of_day="afternoon"),
    hair("no_service", "de", "Gibt's heute noch einen Platz, so ab drei?", A, date="2026-12-03",
         time_from="15:00"),
    hair("no_service", "en", "I'd like an appointment on Saturday morning.", B, date="2026-12-05",
         part_of_day="morning"),
    hair("no_service", "de", "Einen Termin bei Julia bitte, nächste Woche Mittwoch.", B,
         staff=JULIA, date="2026-12-09"),
    hair("no_service", "en", "Book me in with Sofia on the 12th at 2pm.", B, staff=SOFIA,
         date="2026-12-12", time_from="14:00", time_to="14:00"),
    doctor("no_service", "de", "Ich bräuchte einen Termin bei Dr. Wagner, möglichst bald.", B,
           staff=WAGNER, asap=True),
    doctor("no_service", "de", "Wann ist bei Frau Dr. Demir der nächste freie Termin?", A,
           staff=DEMIR, asap=True),
    doctor("no_service", "en", "Can I come in today after 2?", A, date="2026-12-03",
           time_from="14:00"),
    doctor("no_service", "en", "Is there a quick slot with Sabine tomorrow before 9?", A,
           staff=SABINE, date="2026-12-04", time_to="09:00"),
    fitness("no_service", "en", "Any slot with Kevin next Tuesday?", A, staff=KEVIN,
            date="2026-12-08"),
    fitness("no_service", "de", "Ich würd gern mal vorbeikommen, am Montag so gegen sechs.", B,
            date="2026-12-07", time_from="18:00", time_to="18:00"),
    fitness("no_service", "en", "Is Tim around on Friday evening?", A, staff=TIM,
            date="2026-12-04", part_of_day="evening"),
    fitness("no_service", "de", "Habt ihr Donnerstag früh was frei?", A, date="2026-12-10",
            part_of_day="morning"),
    # -- a named staff member who does not offer the named service --------------------------------
    hair("staff_not_offering", "de", "Kann mir Anna am Samstag einen Herrenschnitt machen?", A,
         service="Herrenschnitt", staff=ANNA, date="2026-12-05"),
    hair("staff_not_offering", "de", "Ich hätte gern Strähnchen bei Mehmet, am Freitag.", B,
         service="Strähnchen", staff=MEHMET, date="2026-12-04"),
    hair("staff_not_offering", "en", "Can Lukas do a perm for me next Wednesday?", A,
         service="Dauerwelle", staff=LUKAS, date="2026-12-09"),
    hair("staff_not_offering", "en", "Is Sofia free for a beard trim tomorrow at 10?", A,
         service="Bartpflege", staff=SOFIA, date="2026-12-04", time_from="10:00",
         time_to="10:00"),
    hair("staff_not_offering", "de", "Hat Julia übermorgen Zeit zum Färben?", A, service="Färben",
         staff=JULIA, date="2026-12-05"),
    doctor("staff_not_offering", "de", "Hat Dr. Wagner morgen ein EKG frei?", A, service="EKG",
           staff=WAGNER, date="2026-12-04"),
    doctor("staff_not_offering", "de", "Blutabnahme bei Dr. Demir am Dienstag, geht das?", A,
           service="Blutabnahme", staff=DEMIR, date="2026-12-08"),
    doctor("staff_not_offering", "en", "Can Jonas do my ultrasound on Monday?", A,
           service=ULTRASCHALL, staff=JONAS, date="2026-12-07"),
    doctor("staff_not_offering", "de", "Ich möchte eine Reiseberatung bei Schwester Sabine.", B,
           service=REISE, staff=SABINE),
    fitness("staff_not_offering", "de", "Hat Kevin am Freitag Zeit für eine Massage?", A,
            service="Massage", staff=KEVIN, date="2026-12-04"),
    fitness("staff_not_offering", "de", "Ernährungsberatung bei Laura, geht das nächste Woche "
            "Montag?", A, service="Ernährungsberatung", staff=LAURA, date="2026-12-07"),
    fitness("staff_not_offering", "en", "I'd like a sports massage with Emily on Wednesday.", B,
            service="Sportmassage", staff=EMILY, date="2026-12-09"),
    fitness("staff_not_offering", "de", "Kann Marco mir einen Trainingsplan erstellen, so am "
            "Samstag um elf?", A, service=PLAN, staff=MARCO, date="2026-12-05",
            time_from="11:00", time_to="11:00"),
    # -- ordinary availability questions -----------------------------------------------------------
    hair("availability", "de", "Ähm, hätten Sie morgen so gegen halb vier was für einen "
         "Damenschnitt?", A, service="Damenschnitt", date="2026-12-04", time_from="15:30",
         time_to="15:30"),
    hair("availability", "de", "Is da bei Mehmet am Samstag noch was frei für Bartpflege?", A,
         service="Bartpflege", staff=MEHMET, date="2026-12-05"),
    hair("availability", "en", "Do you have anything for a perm with Julia on the 9th, in the "
         "morning?", A, service="Dauerwelle", staff=JULIA, date="2026-12-09",
         part_of_day="morning"),
    hair("availability", "de", "Wann hat Sofia den nächsten freien Termin für eine "
         "Hochsteckfrisur?", A, service="Hochsteckfrisur", staff=SOFIA, asap=True),
    hair("availability", "en", "Hey, can Julia squeeze me in for a blowout at a quarter to five "
         "today?", A, service=FOEHNEN, staff=JULIA, date="2026-12-03", time_from="16:45",
         time_to="16:45"),
    doctor("availability", "de", "Geht bei Dr. Demir am Mittwoch dreiviertel elf eine Impfung?", A,
           service="Impfung", staff=DEMIR, date="2026-12-09", time_from="10:45",
           time_to="10:45"),
    doctor("availability", "en", "Any time on Tuesday between half nine and eleven for a blood "
           "test?", A, service="Blutabnahme", date="2026-12-08", time_from="09:30",
           time_to="11:00"),
    doctor("availability", "de", "Ist heute nachmittag noch ein Ultraschal möglich?", A,
           service=ULTRASCHALL, date="2026-12-03", part_of_day="afternoon"),
    doctor("availability", "en", "Is Dr Wagner available on the 15th from 2pm for an initial "
           "examination?", A, service="Erstuntersuchung", staff=WAGNER, date="2026-12-15",
           time_from="14:00"),
    doctor("availability", "de", "Sabine, hat die heute zwischen eins und drei Zeit für ein EKG?",
           A, service="EKG", staff=SABINE, date="2026-12-03", time_from="13:00",
           time_to="15:00"),
    fitness("availability", "de", "Hat Laura nächste Woche Dienstag um zwölf Uhr was frei für "
            "Mobility?", A, service=MOBILITY, staff=LAURA, date="2026-12-08", time_from="12:00",
            time_to="12:00"),
    fitness("availability", "en", "Is there any slot for personal training with Laura on Friday?",
            A, service=PT, staff=LAURA, date="2026-12-04"),
    fitness("availability", "de", "Wie schaut's bei Tim aus, Montag Abend ab sieben, kurzes "
            "Personal Training?", A, service=PT_KOMPAKT, staff=TIM, date="2026-12-07",
            time_from="19:00", part_of_day="evening"),
    fitness("availability", "en", "When's the soonest I could get a physio check with Marco?", A,
            service="Physio-Check", staff=MARCO, asap=True),
    fitness("availability", "de", "Gibt's am 18. Dezember nach 17 Uhr noch einen "
            "Probetrainigstermin?", A, service="Probetraining", date="2026-12-18",
            time_from="17:00"),
    # -- ordinary booking wishes -------------------------------------------------------------------
    hair("booking", "de", "Ich möchte gerne einen Termin fürs Haarefärben bei Anna am 11. "
         "Dezember vormittags.", B, service="Färben", staff=ANNA, date="2026-12-11",
         part_of_day="morning"),
    hair("booking", "de", "Buchen Sie mir bitte eine Typberatung, am liebsten heute noch.", B,
         service="Typberatung", date="2026-12-03"),
    hair("booking", "en", "Please put me down for an updo with Sofia on the 19th at 9:30.", B,
         service="Hochsteckfrisur", staff=SOFIA, date="2026-12-19", time_from="09:30",
         time_to="09:30"),
    hair("booking", "de", "Ich nehm den Herenschnitt bei Mehmet Dienstag um fünf.", B,
         service="Herrenschnitt", staff=MEHMET, date="2026-12-08", time_from="17:00",
         time_to="17:00"),
    hair("booking", "en", "Can I have a consultation with Julia before 10 tomorrow?", B,
         service="Typberatung", staff=JULIA, date="2026-12-04", time_to="10:00"),
    hair("booking", "de", "Guten Tag, Sophie Neumann, ich hätte gern einen Damenschnitt am "
         "Dienstag.", B, service="Damenschnitt", date="2026-12-08"),
    doctor("booking", "de", "Ich hätte gern einen Termin zur Erstuntersuchung am vierten Januar "
           "um neun.", B, service="Erstuntersuchung", date="2027-01-04", time_from="09:00",
           time_to="09:00"),
    doctor("booking", "de", "Tragen Sie mich bitte für eine Blutabname am Freitag ganz früh ein.",
           B, service="Blutabnahme", date="2026-12-04", part_of_day="morning"),
    doctor("booking", "en", "I need an urgent appointment today, I've got a fever.", B,
           service="Akutsprechstunde", date="2026-12-03"),
    doctor("booking", "en", "I'd like to book travel health advice for the 21st of December.", B,
           service=REISE, date="2026-12-21"),
    doctor("booking", "de", "Ich möchte so schnell wie möglich einen Termin für einen Ultraschall "
           "vom Bauch.", B, service=ULTRASCHALL, asap=True),
    fitness("booking", "de", "Ich würde gern ein Probetraining bei Laura buchen, nächsten Mittwoch "
            "um halb fünf.", B, service="Probetraining", staff=LAURA, date="2026-12-09",
            time_from="16:30", time_to="16:30"),
    fitness("booking", "de", "Trag mich mal für 'ne Massage bei Marco ein, Samstag zwischen zehn "
            "und zwölf.", B, service="Massage", staff=MARCO, date="2026-12-05",
            time_from="10:00", time_to="12:00"),
    fitness("booking", "en", "I want to book a nutrition consultation with Emily on Tuesday at "
            "10.", B, service="Ernährungsberatung", staff=EMILY, date="2026-12-08",
            time_from="10:00", time_to="10:00"),
    fitness("booking", "de", "Könnte ich eine Sportmassage bei Tim am Donnerstag um achtzehn Uhr "
            "bekommen?", B, service="Sportmassage", staff=TIM, date="2026-12-10",
            time_from="18:00", time_to="18:00"),
    fitness("booking", "en", "Sign me up for a training plan session, earliest you have.", B,
            service=PLAN, asap=True),
    # -- other -------------------------------------------------------------------------------------
    hair("other", "de", "Kann ich bei euch mit Karte zahlen?", X),
    hair("other", "en", "Do you sell shampoo?", X),
    hair("other", "de", "Ich steh gerade vor der Tür, wo ist denn der Eingang?", X),
    doctor("other", "de", "Welche Unterlagen muss ich zur Erstuntersuchung mitbringen?", X,
           service="Erstuntersuchung"),
    doctor("other", "de", "Können Sie mir ein Rezept ausstellen?", X),
    doctor("other", "en", "Hello? Can you hear me?", X),
    fitness("other", "en", "Where exactly is FitWerk Nord?", X),
    fitness("other", "de", "Danke, das war's, tschüss!", X),
)
