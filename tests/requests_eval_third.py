"""The third fresh evaluation set for the request parser (issue 17), the final unseen check:
written while the parser was being tuned on the second set (tests/requests_eval_fresh.py),
*without looking at the parser*, its unit tests, the utterances of the other two sets or the
list of their misses. It must never be used to tune the parser; the lead engineer scores it once,
after the tuning ends.

Schema, conventions and reference "now"s are the holdout's (its docstring; ``Case``, ``FIELDS``,
``CATEGORIES``, ``INTENTS`` and the helpers are imported from it): ``NOW`` Thursday 2026-12-03
09:30 Berlin (morgen/Freitag 12-04, übermorgen/Samstag 12-05, Montag 12-07, Dienstag 12-08,
Mittwoch and "nächste Woche Mittwoch" 12-09, Donnerstag 12-10, "the 15th" 12-15, weekend
12-05..12-06, Heiligabend 12-24, Silvester/New Year's Eve 12-31, Neujahr 2027-01-01);
``NOW_FRIDAY`` (morgen 12-05, Montag 12-07, weekend 12-05..12-06); ``NOW_SATURDAY`` (weekend
12-05..12-06); ``NOW_SPRING`` Monday 2027-03-15 (Dienstag 03-16, Mittwoch 03-17, Donnerstag 03-18,
Freitag 03-19, weekend 03-20..03-21, "Monday the 22nd" 03-22, Karfreitag/Good Friday 03-26,
Ostermontag 03-29, Christi Himmelfahrt 05-06); ``NOW_AUTUMN`` Wednesday 2027-09-22 (morgen and
Thursday 09-23, weekend 09-25..09-26, Tag der Deutschen Einheit 10-03, All Saints' Day 11-01).
Every date was printed with its weekday against these "now"s; the holidays among the named days
were checked against the ``holidays`` library (Heiligabend and Silvester it does not name).

The phrasing is as callers and voice-assistant users speak: dropped endings and contractions
("hamse", "hätt", "'ne", "nen", "is mir egal"), titles before staff names ("Schwester Sabine",
"Frau Dr. Demir"), compounds ("Probetrainingstermin"), English service words for German service
names ("perm", "highlights", "blow dry", "flu jab"), spelled-out e-mail addresses, typos
("Mittwch", "Herrenschnit", "Persnal", "tomorow") and a customer whose surname is a staff
member's (the customer, not the staff member).

Frozen like the other sets: a case is corrected only when truly wrong (a miscounted date), in a
commit of its own that says which case and why. Scored by tests/requests_holdout_scoring.py
(``python bench/requests_holdout.py --set third``; tests/unit/test_request_eval_third.py).
"""

from __future__ import annotations

from tests import requests_eval_holdout as holdout
from tests.requests_eval_holdout import CATEGORIES, FIELDS, INTENTS, Case, doctor, fitness, hair

# The holdout's names for the reference "now"s, the intents (X: other), staff and long service
# names, taken over one by one so that an expectation reads as in the other two sets.
_NAMES = ("NOW_AUTUMN NOW_FRIDAY NOW_SATURDAY NOW_SPRING A B C R P D X ANNA MEHMET JULIA LUKAS "
          "SOFIA WAGNER DEMIR SABINE JONAS KEVIN LAURA MARCO EMILY TIM FOEHNEN CHECKUP "
          "ULTRASCHALL REISE PT PLAN MOBILITY").split()
(NOW_AUTUMN, NOW_FRIDAY, NOW_SATURDAY, NOW_SPRING, A, B, C, R, P, D, X, ANNA, MEHMET, JULIA,
 LUKAS, SOFIA, WAGNER, DEMIR, SABINE, JONAS, KEVIN, LAURA, MARCO, EMILY, TIM, FOEHNEN, CHECKUP,
 ULTRASCHALL, REISE, PT, PLAN, MOBILITY) = (getattr(holdout, name) for name in _NAMES)

__all__ = ["CASES", "CATEGORIES", "FIELDS", "INTENTS", "Case"]

CASES: tuple[Case, ...] = (
    # -- price -------------------------------------------------------------------------------------
    hair("price", "de", "Was kostet'n bei euch so ne Bartpflege?", P, service="Bartpflege"),
    hair("price", "de", "Sagen Sie mal, was zahl ich bei Sofia für einen Damenschnitt?", P,
         service="Damenschnitt", staff=SOFIA),
    hair("price", "en", "what's the price for highlights with Anna", P, service="Strähnchen",
         staff=ANNA),
    doctor("price", "de", "Muss ich den Gesundheitscheck selber bezahlen oder is der umsonst?", P,
           service=CHECKUP),
    doctor("price", "en", "Is the travel medicine consultation covered or do I pay for it "
           "myself?", P, service=REISE),
    fitness("price", "de", "Wie viel kostet ne Körperanalyse bei euch, ungefähr?", P,
            service="Körperanalyse"),
    fitness("price", "de", "Was kostet ein Personal Training bei Laura am Samstag?", P,
            service=PT, staff=LAURA, date="2026-12-05"),
    fitness("price", "en", "How much do you charge for a sports massage?", P,
            service="Sportmassage"),
    # -- duration ----------------------------------------------------------------------------------
    hair("duration", "de", "Wie lang dauert denn so ne Dauerwelle ungefähr, ich muss das planen",
         D, service="Dauerwelle"),
    hair("duration", "de", "Wie lange brauchen Sie für Strähnchen?", D, service="Strähnchen"),
    hair("duration", "en", "How long does a kids haircut take?", D, service="Kinderschnitt"),
    doctor("duration", "de", "Wie viel Zeit muss ich für die Erstuntersuchung einplanen?", D,
           service="Erstuntersuchung"),
    doctor("duration", "en", "How long will an ECG take roughly?", D, service="EKG"),
    fitness("duration", "de", "Wie lange geht die Trainingsplan-Erstellung bei Emily?", D,
            service=PLAN, staff=EMILY),
    fitness("duration", "en", "how long is the mobility coaching session", D, service=MOBILITY),
    # -- reschedule --------------------------------------------------------------------------------
    hair("reschedule", "de", "Hallo, hier ist Ben Schwarz, ich müsste meinen Herrenschnitt von "
         "Freitag auf Dienstag verschieben", R, service="Herrenschnitt", date="2026-12-08",
         customer="Ben Schwarz"),
    hair("reschedule", "de", "Ja hallo, Clara Zimmermann, kann ich meinen Termin morgen auf "
         "nächste Woche Mittwoch um halb drei verlegen?", R, date="2026-12-09",
         time_from="14:30", time_to="14:30", customer="Clara Zimmermann"),
    hair("reschedule", "en", "I need to reschedule my colour appointment, tomorrow doesn't work "
         "anymore, could we do Monday instead? Name's Hannah Lee", R, service="Färben",
         date="2026-12-07", customer="Hannah Lee", now=NOW_FRIDAY),
    doctor("reschedule", "de", "Ich hab am Montag Blutabnahme, kann ich das auf Donnerstag früh "
           "umbuchen? Finn Krüger ist der Name.", R, service="Blutabnahme", date="2026-12-10",
           part_of_day="morning", customer="Finn Krüger"),
    doctor("reschedule", "en", "Hi, this is Mia Weber, can we move my check-up to Friday "
           "afternoon?", R, service=CHECKUP, date="2026-12-04", part_of_day="afternoon",
           customer="Mia Weber"),
    fitness("reschedule", "de", "Moin, ich würd gern meine Massage vom Mittwoch auf Freitag ab "
            "15 Uhr umlegen, Name is Schröder", R, service="Massage", date="2027-03-19",
            time_from="15:00", customer="Schröder", now=NOW_SPRING),
    fitness("reschedule", "en", "Could you push my personal trainig to Saturday at 10? It's "
            "under leo dot hartmann at example dot com", R, service=PT, date="2026-12-05",
            time_from="10:00", time_to="10:00", customer="leo.hartmann@example.com"),
    # -- cancellation ------------------------------------------------------------------------------
    hair("cancellation", "de", "Ich muss leider meinen Termin am Samstag absagen, Zimmermann "
         "mein Name", C, date="2026-12-05", customer="Zimmermann"),
    hair("cancellation", "en", "I'd like to cancel my appointment with Mehmet next week, name's "
         "Omar Said", C, staff=MEHMET, customer="Omar Said"),
    doctor("cancellation", "de", "Guten Tag, Klara Braun hier, ich kann zur Impfung am Dienstag "
           "nicht kommen, bitte stornieren", C, service="Impfung", date="2026-12-08",
           customer="Klara Braun"),
    doctor("cancellation", "de", "Ich sag meinen Ultraschall am Donnerstag ab, bin krank. "
           "Fischer, Petra Fischer.", C, service=ULTRASCHALL, date="2027-03-18",
           customer="Petra Fischer", now=NOW_SPRING),
    doctor("cancellation", "en", "Please cancel my blood test tomorow, the name is Paul Richter.",
           C, service="Blutabnahme", date="2026-12-04", customer="Paul Richter"),
    fitness("cancellation", "de", "Hallo, bitte den Probetrainingstermin streichen, meine Mail "
            "ist jana punkt koch at example punkt de", C, service="Probetraining",
            customer="jana.koch@example.de"),
    fitness("cancellation", "en", "hey, I won't make it to my massage on thursday, can you "
            "cancel it? it's Sam Carter", C, service="Massage", date="2027-09-23",
            customer="Sam Carter", now=NOW_AUTUMN),
    # -- named_day ---------------------------------------------------------------------------------
    hair("named_day", "de", "Habt ihr an Heiligabend vormittags noch was frei zum Föhnen?", A,
         service=FOEHNEN, date="2026-12-24", part_of_day="morning"),
    hair("named_day", "de", "Ich möcht an Silvester ne Hochsteckfrisur, so gegen zwei", B,
         service="Hochsteckfrisur", date="2026-12-31", time_from="14:00", time_to="14:00"),
    hair("named_day", "en", "Do you do men's cuts on All Saints' Day?", A,
         service="Herrenschnitt", date="2027-11-01", now=NOW_AUTUMN),
    doctor("named_day", "de", "Hat die Praxis am Ostermontag auf? Ich bräucht ne Blutabnahme.",
           A, service="Blutabnahme", date="2027-03-29", now=NOW_SPRING),
    doctor("named_day", "de", "Gibt's an Christi Himmelfahrt ne Akutsprechstunde?", A,
           service="Akutsprechstunde", date="2027-05-06", now=NOW_SPRING),
    doctor("named_day", "en", "Is there any chance of a flu jab on New Year's Eve?", A,
           service="Impfung", date="2026-12-31"),
    fitness("named_day", "de", "Ich würde am Tag der Deutschen Einheit gern ein Probetraining "
            "machen", B, service="Probetraining", date="2027-10-03", now=NOW_AUTUMN),
    fitness("named_day", "de", "Habt ihr an Neujahr für ne Massage geöffnet?", A,
            service="Massage", date="2027-01-01"),
    fitness("named_day", "en", "Is there a personal training slot on Good Friday morning?", A,
            service=PT, date="2027-03-26", part_of_day="morning", now=NOW_SPRING),
    # -- weekend -----------------------------------------------------------------------------------
    hair("weekend", "de", "Gibt's am Wochenende noch nen Termin für Strähnchen bei Sofia?", A,
         service="Strähnchen", staff=SOFIA, date="2026-12-05", date_to="2026-12-06"),
    hair("weekend", "en", "I'd like to book a kids cut for my son this weekend", B,
         service="Kinderschnitt", date="2027-03-20", date_to="2027-03-21", now=NOW_SPRING),
    doctor("weekend", "de", "Kann man am Wochenende bei Ihnen Blut abnehmen lassen?", A,
           service="Blutabnahme", date="2026-12-05", date_to="2026-12-06", now=NOW_FRIDAY),
    fitness("weekend", "de", "Ist dieses Wochenende noch was frei fürs Mobility-Coaching?", A,
            service=MOBILITY, date="2026-12-05", date_to="2026-12-06", now=NOW_SATURDAY),
    fitness("weekend", "de", "Übers Wochenende hätt ich gern noch'n Personal Training bei Tim, "
            "egal wann", B, service=PT, staff=TIM, date="2026-12-05", date_to="2026-12-06"),
    fitness("weekend", "en", "any chance of a massage this weekend?", A, service="Massage",
            date="2027-09-25", date_to="2027-09-26", now=NOW_AUTUMN),
    # -- verbless ----------------------------------------------------------------------------------
    hair("verbless", "de", "Herrenschnitt bei Lukas, Montag um neun.", B,
         service="Herrenschnitt", staff=LUKAS, date="2026-12-07", time_from="09:00",
         time_to="09:00"),
    hair("verbless", "de", "Also dann, Färben, Freitag vormittag, Anna.", B, service="Färben",
         staff=ANNA, date="2026-12-04", part_of_day="morning"),
    hair("verbless", "en", "Blow dry and styling, Saturday half ten, whoever's free.", B,
         service=FOEHNEN, date="2026-12-05", time_from="10:30", time_to="10:30"),
    doctor("verbless", "de", "Blutabnahme morgen um acht bei Sabine, bitte.", B,
           service="Blutabnahme", staff=SABINE, date="2026-12-04", time_from="08:00",
           time_to="08:00"),
    doctor("verbless", "en", "ECG with Jonas, Tuesday 10 am.", B, service="EKG", staff=JONAS,
           date="2026-12-08", time_from="10:00", time_to="10:00"),
    fitness("verbless", "de", "Sportmassage Mittwoch ab 17 Uhr, gern bei Marco.", B,
            service="Sportmassage", staff=MARCO, date="2026-12-09", time_from="17:00"),
    fitness("verbless", "en", "Personal training with Kevin, thursday 6:30 am.", B, service=PT,
            staff=KEVIN, date="2026-12-10", time_from="06:30", time_to="06:30"),
    # -- staff_alternatives ------------------------------------------------------------------------
    hair("staff_alternatives", "de", "Ich hätt gern nen Damenschnitt am Dienstag, bei Anna oder "
         "Julia, is mir egal", B, service="Damenschnitt", staff=(ANNA, JULIA),
         date="2026-12-08"),
    hair("staff_alternatives", "en", "Men's cut Friday afternoon, Mehmet or Lukas, either is "
         "fine.", B, service="Herrenschnitt", staff=(MEHMET, LUKAS), date="2026-12-04",
         part_of_day="afternoon"),
    doctor("staff_alternatives", "de", "Hat Dr. Wagner oder Frau Dr. Demir nächste Woche Mittwoch "
           "Zeit für einen Check-up?", A, service=CHECKUP, staff=(WAGNER, DEMIR),
           date="2026-12-09"),
    doctor("staff_alternatives", "en", "I need a vaccination on Monday, Sabine or Jonas, doesn't "
           "matter to me", B, service="Impfung", staff=(SABINE, JONAS), date="2026-12-07"),
    fitness("staff_alternatives", "de", "Probetraining am Samstag, Laura oder Tim, wer halt "
            "kann.", B, service="Probetraining", staff=(LAURA, TIM), date="2026-12-05"),
    fitness("staff_alternatives", "en", "Can I book mobility coaching with either Laura or Tim "
            "on wednesday evening?", B, service=MOBILITY, staff=(LAURA, TIM),
            date="2027-03-17", part_of_day="evening", now=NOW_SPRING),
    # -- no_service --------------------------------------------------------------------------------
    hair("no_service", "de", "Hat die Anna morgen Nachmittag noch nen Termin frei?", A,
         staff=ANNA, date="2026-12-04", part_of_day="afternoon"),
    hair("no_service", "de", "Was is denn der nächste freie Termin bei Mehmet?", A,
         staff=MEHMET, asap=True, now=NOW_AUTUMN),
    hair("no_service", "en", "Any openings on Tuesday after 4?", A, date="2026-12-08",
         time_from="16:00"),
    doctor("no_service", "de", "Ich bräuchte so schnell wie möglich einen Termin bei Dr. Demir",
           B, staff=DEMIR, asap=True),
    doctor("no_service", "en", "Do you have a slot with Dr Wagner on Thursday morning?", A,
           staff=WAGNER, date="2026-12-10", part_of_day="morning"),
    fitness("no_service", "de", "Geht bei euch am Montag zwischen zehn und zwölf noch was?", A,
            date="2026-12-07", time_from="10:00", time_to="12:00"),
    fitness("no_service", "en", "I'd like to come in with Kevin on Friday at 5 pm.", B,
            staff=KEVIN, date="2026-12-04", time_from="17:00", time_to="17:00"),
    # -- staff_not_offering ------------------------------------------------------------------------
    hair("staff_not_offering", "de", "Kann mir der Mehmet am Freitag Strähnchen machen?", A,
         service="Strähnchen", staff=MEHMET, date="2026-12-04"),
    hair("staff_not_offering", "de", "Ich hätte gerne bei Lukas einen Damenschnitt, Mittwoch ab "
         "zehn", B, service="Damenschnitt", staff=LUKAS, date="2026-12-09", time_from="10:00"),
    hair("staff_not_offering", "en", "I'd like a perm with Sofia on Saturday.", B,
         service="Dauerwelle", staff=SOFIA, date="2026-12-05"),
    doctor("staff_not_offering", "de", "Kann ich bei Schwester Sabine einen Ultraschall machen "
           "lassen, am Montag?", A, service=ULTRASCHALL, staff=SABINE, date="2026-12-07"),
    doctor("staff_not_offering", "en", "Is Dr Demir free for an abdominal ultrasound on "
           "Tuesday?", A, service=ULTRASCHALL, staff=DEMIR, date="2026-12-08"),
    fitness("staff_not_offering", "de", "Ich möchte bei Emily eine Massage buchen, Donnerstag um "
            "elf.", B, service="Massage", staff=EMILY, date="2026-12-10", time_from="11:00",
            time_to="11:00"),
    fitness("staff_not_offering", "en", "Does Marco have time for a personal training on "
            "Wednesday around 3?", A, service=PT, staff=MARCO, date="2026-12-09",
            time_from="15:00", time_to="15:00"),
    # -- availability ------------------------------------------------------------------------------
    hair("availability", "de", "Hamse übermorgen noch was frei für ne Bartpflege?", A,
         service="Bartpflege", date="2026-12-05"),
    hair("availability", "de", "Habt ihr am Mittwch noch en Termin für en Herrenschnit?", A,
         service="Herrenschnitt", date="2026-12-09"),
    hair("availability", "en", "Does Julia have time for a perm on the 15th?", A,
         service="Dauerwelle", staff=JULIA, date="2026-12-15"),
    doctor("availability", "de", "Is bei Dr. Wagner am Montag zwischen acht und zehn was frei "
           "für ne Erstuntersuchung?", A, service="Erstuntersuchung", staff=WAGNER,
           date="2026-12-07", time_from="08:00", time_to="10:00"),
    doctor("availability", "de", "Gibt's morgen früh noch nen Termin zum EKG bei Jonas?", A,
           service="EKG", staff=JONAS, date="2027-09-23", part_of_day="morning", now=NOW_AUTUMN),
    doctor("availability", "en", "When's the earliest I could get a blood test?", A,
           service="Blutabnahme", asap=True),
    fitness("availability", "de", "Wann hätte Laura denn den nächsten freien Termin für 'ne "
            "Körperanalyse?", A, service="Körperanalyse", staff=LAURA, asap=True),
    fitness("availability", "en", "Is there anything free for a nutrition consult on friday "
            "before noon?", A, service="Ernährungsberatung", date="2027-03-19",
            time_to="12:00", now=NOW_SPRING),
    # -- booking -----------------------------------------------------------------------------------
    hair("booking", "de", "Ich hätt gern nen Kinderschnitt für meine Kleine, Samstag so gegen "
         "elf", B, service="Kinderschnitt", date="2026-12-05", time_from="11:00",
         time_to="11:00"),
    hair("booking", "en", "Could you book me in for a ladies cut with Julia on Monday at half "
         "nine?", B, service="Damenschnitt", staff=JULIA, date="2026-12-07", time_from="09:30",
         time_to="09:30"),
    doctor("booking", "de", "Ich möchte eine Reiseberatung, weil ich nach Thailand fliege, am "
           "liebsten Donnerstag nachmittag bei Dr. Demir", B, service=REISE, staff=DEMIR,
           date="2026-12-10", part_of_day="afternoon"),
    doctor("booking", "de", "Ich würd gern zum Impfen kommen, Tetanus, am Freitag um viertel "
           "nach elf", B, service="Impfung", date="2026-12-04", time_from="11:15",
           time_to="11:15"),
    doctor("booking", "en", "I'd like to make an appointment for an initial examination as a new "
           "patient, Monday the 22nd at 9", B, service="Erstuntersuchung", date="2027-03-22",
           time_from="09:00", time_to="09:00", now=NOW_SPRING),
    fitness("booking", "de", "Buch mir bitte ein Persnal Training bei Kevin am Dienstag um 18 "
            "Uhr", B, service=PT, staff=KEVIN, date="2026-12-08", time_from="18:00",
            time_to="18:00"),
    fitness("booking", "en", "I want to book a trial workout tomorrow morning", B,
            service="Probetraining", date="2026-12-05", part_of_day="morning", now=NOW_FRIDAY),
    # -- other -------------------------------------------------------------------------------------
    hair("other", "de", "Kann ich bei euch auch mit Karte zahlen?", X),
    hair("other", "en", "Where exactly is the Charlottenburg branch?", X),
    doctor("other", "de", "Ich bräuchte nur ein Rezept für meine Blutdrucktabletten, kann ich "
           "das abholen?", X),
    doctor("other", "en", "Do I need to bring my insurance card?", X),
    fitness("other", "de", "Okay, super, danke Ihnen, schönen Tag noch!", X),
    fitness("other", "de", "Muss ich mir für die Sauna ein eigenes Handtuch mitbringen oder habt ihr "
            "welche da?", X),
    fitness("other", "en", "Can I freeze my membership for two months?", X),
)
