"""The fourth fresh evaluation set for the request parser (issue 17), the final unseen check:
written by a helper session that never saw the parser (domain/requests/, application/requests/,
the fuzzy matcher, the holiday-name adapter), its unit tests, the evaluation notes, or the
utterances of the other three sets. The parser was never run on these utterances while they were
written. Only the holdout's docstring and schema, the third set's header, the scorer's interface
and the seeded demo catalogue (application.admin.demo_data) were read. The lead engineer scores
it once, after the tuning ends; it must never be used to tune the parser.

Schema, conventions and reference "now"s are the holdout's (its docstring; ``Case``, ``FIELDS``,
``CATEGORIES``, ``INTENTS`` and the helpers are imported from it):

* ``NOW`` Thursday 2026-12-03 09:30 Berlin: morgen/Freitag 12-04, übermorgen/Samstag 12-05,
  Sonntag 12-06, Montag 12-07, Dienstag 12-08, Mittwoch 12-09, Donnerstag/"Thursday next week"
  12-10, "Freitag, den 11." 12-11, "am 15." 12-15, "Wednesday the 16th" 12-16, "am 17." 12-17,
  "Friday the 18th" 12-18, weekend 12-05..12-06, Heiligabend 12-24, Boxing Day/zweiter
  Weihnachtsfeiertag 12-26, Silvester/New Year's Eve 12-31, New Year's Day 2027-01-01, Heilige
  Drei Könige 2027-01-06.
* ``NOW_FRIDAY`` Friday 2026-12-04 15:00: heute 12-04, morgen 12-05, Monday 12-07, weekend
  12-05..12-06. ``NOW_SATURDAY`` Saturday 2026-12-05 10:00: weekend 12-05..12-06.
* ``NOW_SPRING`` Monday 2027-03-15 11:00: Dienstag 03-16, Mittwoch 03-17, Donnerstag 03-18,
  Freitag 03-19, weekend 03-20..03-21, Karfreitag/Good Friday 03-26, Ostermontag/Easter Monday
  03-29, Tag der Arbeit/Labour Day 05-01, Christi Himmelfahrt/Ascension Day 05-06,
  Pfingstmontag/Whit Monday 05-17, Fronleichnam 05-27.
* ``NOW_AUTUMN`` Wednesday 2027-09-22 10:00: morgen 09-23, Freitag 09-24, weekend 09-25..09-26,
  Monday 09-27, Tuesday 09-28, "am 1. Oktober" 10-01, Tag der Deutschen Einheit/German Unity Day
  10-03, Reformationstag/Reformation Day 10-31, Allerheiligen 11-01, Buß- und Bettag 11-17,
  Christmas Eve 2027-12-24.

Every date was counted by hand, then printed with its weekday by ``datetime``; the named days
were checked against the ``holidays`` library (German states; Heiligabend and Silvester it does
not name). tests/unit/test_request_eval_fourth_shape.py checks the shape again (weekdays, weekend
pairs, holiday dates, names from the catalogue) without running the parser.

Conventions followed as the holdout states them: ``customer`` only for ``reschedule`` and
``cancellation`` (a name given with a booking, "Müller mein Name", leaves it ``None``); a name
after the request ("..., Schmidt mein Name") is the customer's as said; a customer whose surname
is a staff member's (Marie Klein, Mia Weber, Elias Wolf) is the customer only; "egal wer" /
"whoever is free" without names leaves ``staff`` ``None``, two names with "egal" give both;
hours without am/pm land in 08:00-19:59; "nachmittags", "früh", "nach Feierabend" set only
``part_of_day``; a reschedule holds the new day/time; every other field is read as said, whatever
the intent (a parcel "morgen um zehn" has that date and time). A question whether the salon,
practice or studio is open (or closed) on a day is read, as the holdout's "a question whether ...
something is free" on that day, as ``availability`` with that date (the answer layer says
"closed: public holiday"). A polite "I was wondering whether it might be possible ..." asks
(``availability``); "ich hätte gern", "I'd like", "ich bräuchte" wish (``booking``).

The phrasing varies on purpose: Berlin and Bavarian forms ("Wat kostet'n", "i bräucht an
Termin", "hamse", "Tach"), voice-assistant transcripts in lower case without punctuation, long
polite sentences, e-mail addresses spelled out ("punkt", "dot"), English service words for German
names ("blow dry", "flu shot", "body composition scan", "compact PT session") and German or
German-English words for them ("Blowdry", "Bauchultraschall", "Grippeimpfung"), typos
("Dauerwele", "Massge", "sesion", "trimm").

Frozen: a case is corrected only when truly wrong (a miscounted date), in a commit of its own
that says which case and why. Scored by tests/requests_holdout_scoring.py
(``python bench/requests_holdout.py --set fourth``).
"""

from __future__ import annotations

from tests import requests_eval_holdout as holdout
from tests.requests_eval_holdout import CATEGORIES, FIELDS, INTENTS, Case, doctor, fitness, hair

# The holdout's names for the reference "now"s, the intents (X: other), staff and long service
# names, taken over one by one so that an expectation reads as in the other sets.
_NAMES = ("NOW_AUTUMN NOW_FRIDAY NOW_SATURDAY NOW_SPRING A B C R P D X ANNA MEHMET JULIA LUKAS "
          "SOFIA WAGNER DEMIR SABINE JONAS KEVIN LAURA MARCO EMILY TIM FOEHNEN CHECKUP "
          "ULTRASCHALL REISE PT PT_KOMPAKT PLAN MOBILITY").split()
(NOW_AUTUMN, NOW_FRIDAY, NOW_SATURDAY, NOW_SPRING, A, B, C, R, P, D, X, ANNA, MEHMET, JULIA,
 LUKAS, SOFIA, WAGNER, DEMIR, SABINE, JONAS, KEVIN, LAURA, MARCO, EMILY, TIM, FOEHNEN, CHECKUP,
 ULTRASCHALL, REISE, PT, PT_KOMPAKT, PLAN, MOBILITY) = (getattr(holdout, name) for name in _NAMES)

__all__ = ["CASES", "CATEGORIES", "FIELDS", "INTENTS", "Case"]

CASES: tuple[Case, ...] = (
    # ---------------------------------------------------------------- hair salon
    hair("named_day", "de",
         "Habt ihr an Heiligabend vormittags noch was frei für Föhnen und Styling?", A,
         service=FOEHNEN, date="2026-12-24", part_of_day="morning"),
    hair("named_day", "en", "i'd like a blow dry on new years eve around 4", B,
         service=FOEHNEN, date="2026-12-31", time_from="16:00", time_to="16:00"),
    hair("named_day", "de", "Is bei euch am zweiten Weihnachtsfeiertag offen für 'n "
         "Herrenschnitt?", A, service="Herrenschnitt", date="2026-12-26"),
    hair("named_day", "en", "Are you open on Easter Monday?", A,
         date="2027-03-29", now=NOW_SPRING),
    hair("named_day", "de", "Hamse am Tag der Deutschen Einheit auf? Wegen Strähnchen bei "
         "Anna.", A, service="Strähnchen", staff=ANNA, date="2027-10-03", now=NOW_AUTUMN),
    hair("named_day", "en", "Christmas Eve, updo with Sofia, sometime in the morning please", B,
         service="Hochsteckfrisur", staff=SOFIA, date="2027-12-24", part_of_day="morning",
         now=NOW_AUTUMN),
    hair("named_day", "en", "Do you do ladies' cuts on Good Friday?", A,
         service="Damenschnitt", date="2027-03-26", now=NOW_SPRING),
    hair("named_day", "de", "Ist an Christi Himmelfahrt bei euch zu?", A,
         date="2027-05-06", now=NOW_SPRING),
    hair("named_day", "de", "Reformationstag Damenschnitt bei Sofia, geht da was?", A,
         service="Damenschnitt", staff=SOFIA, date="2027-10-31", now=NOW_AUTUMN),
    hair("availability", "de",
         "Hat Julia am Dienstag zwischen 10 und 12 Zeit für eine Dauerwelle?", A,
         service="Dauerwelle", staff=JULIA, date="2026-12-08", time_from="10:00",
         time_to="12:00"),
    hair("availability", "en", "hi is there anything free for a kids haircut tomorrow after 3", A,
         service="Kinderschnitt", date="2026-12-04", time_from="15:00"),
    hair("availability", "de", "Wann wär denn der nächste freie Termin für Bartpflege bei Mehmet?",
         A, service="Bartpflege", staff=MEHMET, asap=True),
    hair("availability", "en", "Do you have any openings for colour today at half four?", A,
         service="Färben", date="2026-12-04", time_from="16:30", time_to="16:30",
         now=NOW_FRIDAY),
    hair("availability", "de",
         "Guten Tag, entschuldigen Sie bitte die Störung, ich wollte mal ganz höflich nachfragen, "
         "ob es wohl möglich wäre, bei Ihnen am Mittwoch, den 9. Dezember, gegen halb drei einen "
         "Termin zum Färben zu bekommen.", A,
         service="Färben", date="2026-12-09", time_from="14:30", time_to="14:30"),
    hair("booking", "de", "Ich möchte gern für Freitag, den 11., einen Damenschnitt bei Frau Rossi "
         "buchen, so gegen dreiviertel drei.", B,
         service="Damenschnitt", staff=SOFIA, date="2026-12-11", time_from="14:45",
         time_to="14:45"),
    hair("booking", "en", "please book me in for a mens cut with Lukas on monday at 9am", B,
         service="Herrenschnitt", staff=LUKAS, date="2026-12-07", time_from="09:00",
         time_to="09:00"),
    hair("booking", "de", "Tach, ich würd gern nächste Woche Mittwoch um viertel nach zwei "
         "Strähnen machen lassen", B,
         service="Strähnchen", date="2026-12-09", time_from="14:15", time_to="14:15"),
    hair("booking", "en", "I'd love to get a perm sometime Thursday afternoon, whoever is free.", B,
         service="Dauerwelle", date="2026-12-10", part_of_day="afternoon"),
    hair("booking", "de", "Ich hätte gern ein Blowdry am Freitag um 11.", B,
         service=FOEHNEN, date="2026-12-04", time_from="11:00", time_to="11:00"),
    hair("verbless", "de", "Herrenschnitt, Samstag, halb elf, Mehmet.", B,
         service="Herrenschnitt", staff=MEHMET, date="2026-12-05", time_from="10:30",
         time_to="10:30"),
    hair("verbless", "en", "beard trimm tomorrow 17:30 with mehmet please", B,
         service="Bartpflege", staff=MEHMET, date="2026-12-04", time_from="17:30",
         time_to="17:30"),
    hair("verbless", "de", "ja hallo also ähm einmal färben bei der anna am montag so um neun rum",
         B, service="Färben", staff=ANNA, date="2026-12-07", time_from="09:00", time_to="09:00"),
    hair("verbless", "en", "Kids cut for my son, Wednesday 4pm.", B,
         service="Kinderschnitt", date="2027-03-17", time_from="16:00", time_to="16:00",
         now=NOW_SPRING),
    hair("staff_alternatives", "de", "Damenschnitt am Freitag bei Anna oder Sofia, is mir gleich.",
         B, service="Damenschnitt", staff=(ANNA, SOFIA), date="2026-12-04"),
    hair("staff_alternatives", "en",
         "Could Mehmet or Lukas do a men's haircut on Tuesday morning?", A,
         service="Herrenschnitt", staff=(MEHMET, LUKAS), date="2026-12-08",
         part_of_day="morning"),
    hair("staff_alternatives", "de", "Ich hätte gern eine Typberatung, entweder bei Julia oder bei "
         "Anna, Mittwoch ab 13 Uhr.", B,
         service="Typberatung", staff=(JULIA, ANNA), date="2026-12-09", time_from="13:00"),
    hair("no_service", "de", "Hamse morgen früh noch 'n Termin bei Lukas?", A,
         staff=LUKAS, date="2026-12-04", part_of_day="morning"),
    hair("no_service", "en", "any slot saturday before noon?", A,
         date="2026-12-05", time_to="12:00"),
    hair("no_service", "de", "Ich möcht gern einen Termin bei Julia, so bald wie's geht.", B,
         staff=JULIA, asap=True),
    hair("no_service", "de", "Hat die Nina am Samstag noch einen Termin frei?", A,
         staff="unknown:Nina", date="2026-12-05"),
    hair("staff_not_offering", "de",
         "Kann Anna mir am Donnerstag um 16 Uhr einen Herrenschnitt machen?", A,
         service="Herrenschnitt", staff=ANNA, date="2026-12-10", time_from="16:00",
         time_to="16:00"),
    hair("staff_not_offering", "en", "I want to book highlights with Mehmet next Wednesday at 11",
         B, service="Strähnchen", staff=MEHMET, date="2026-12-09", time_from="11:00",
         time_to="11:00"),
    hair("staff_not_offering", "de", "Ich will am Samstag ne Dauerwelle bei Lukas.", B,
         service="Dauerwelle", staff=LUKAS, date="2026-12-05"),
    hair("price", "de", "Was kostet ein Herrenschnitt bei Lukas?", P,
         service="Herrenschnitt", staff=LUKAS),
    hair("price", "en", "how much is a womens cut with sofia", P,
         service="Damenschnitt", staff=SOFIA),
    hair("price", "de", "Ist die Typberatung umsonst?", P, service="Typberatung"),
    hair("price", "en", "What do you charge for an updo?", P, service="Hochsteckfrisur"),
    hair("price", "de", "Wat kostet'n bei euch so'n Kinderschnitt?", P, service="Kinderschnitt"),
    hair("duration", "de", "Wie lang dauert denn so ne Dauerwele ungefähr?", D,
         service="Dauerwelle"),
    hair("duration", "en", "how long do highlights take", D, service="Strähnchen"),
    hair("duration", "de", "Wieviel Zeit muss ich für die Bartpflege bei Lukas einplanen?", D,
         service="Bartpflege", staff=LUKAS),
    hair("reschedule", "de", "Hallo, Lena Müller hier. Ich müsste meinen Färbetermin von Freitag "
         "auf Dienstag verlegen.", R,
         service="Färben", date="2026-12-08", customer="Lena Müller"),
    hair("reschedule", "en", "hi its noah richter can we push my beard trim back to 6 tomorrow", R,
         service="Bartpflege", date="2026-12-04", time_from="18:00", time_to="18:00",
         customer="noah richter"),
    hair("reschedule", "de", "Ich kann am Samstag leider nicht, können wir den Termin auf Montag "
         "um halb zehn verschieben? Schmidt mein Name.", R,
         date="2026-12-07", time_from="09:30", time_to="09:30", customer="Schmidt"),
    hair("cancellation", "de", "Ich muss meinen Termin morgen bei Mehmet absagen, Ben Schwarz.", C,
         staff=MEHMET, date="2026-12-04", customer="Ben Schwarz"),
    hair("cancellation", "en", "Please cancel my appointment, the email is clara dot zimmermann "
         "at example dot com", C, customer="clara.zimmermann@example.com"),
    hair("cancellation", "de", "storniern sie bitte die strähnchen am 17. von sophie neumann", C,
         service="Strähnchen", date="2026-12-17", customer="sophie neumann"),
    hair("weekend", "de", "Habt ihr am Wochenende noch was für ne Hochsteckfrisur frei?", A,
         service="Hochsteckfrisur", date="2026-12-05", date_to="2026-12-06"),
    hair("weekend", "en", "anything for a men's cut this weekend?", A,
         service="Herrenschnitt", date="2026-12-05", date_to="2026-12-06", now=NOW_SATURDAY),
    hair("weekend", "de", "Ich möchte übers Wochenende einen Damenschnitt bei Anna.", B,
         service="Damenschnitt", staff=ANNA, date="2027-09-25", date_to="2027-09-26",
         now=NOW_AUTUMN),
    hair("other", "de", "Verkauft ihr eigentlich auch Shampoo?", X),
    hair("other", "en", "My daughter left her scarf at the salon when Sofia did her hair, could I "
         "pop by tomorrow to grab it?", X, staff=SOFIA, date="2026-12-04"),
    hair("other", "de", "Kann man bei euch mit Karte zahlen oder nur bar?", X),
    hair("other", "en", "I'd like to buy a gift voucher worth 50 euros.", X),
    hair("other", "de", "Ich möcht mich beschweren, ich hab eine Dreiviertelstunde warten müssen, "
         "obwohl ich pünktlich war.", X),
    # ---------------------------------------------------------------- doctor's practice
    doctor("named_day", "de", "Ist die Praxis am Karfreitag geöffnet?", A,
           date="2027-03-26", now=NOW_SPRING),
    doctor("named_day", "en", "Is Dr Demir seeing patients on Ascension Day?", A,
           staff=DEMIR, date="2027-05-06", now=NOW_SPRING),
    doctor("named_day", "de", "Kann ich an Allerheiligen zur Blutabnahme kommen oder hat die "
           "Praxis zu?", A, service="Blutabnahme", date="2027-11-01", now=NOW_AUTUMN),
    doctor("named_day", "de", "Ich hätte gerne eine Impfung an Heilige Drei Könige.", B,
           service="Impfung", date="2027-01-06"),
    doctor("named_day", "en", "are you open on reformation day", A,
           date="2027-10-31", now=NOW_AUTUMN),
    doctor("named_day", "de", "Hamse Pfingstmontag auf?", A, date="2027-05-17", now=NOW_SPRING),
    doctor("named_day", "en", "Is the practice open on German Unity Day?", A,
           date="2027-10-03", now=NOW_AUTUMN),
    doctor("availability", "de", "Hätten Sie morgen Vormittag einen Termin zum Blutabnehmen frei?",
           A, service="Blutabnahme", date="2026-12-04", part_of_day="morning"),
    doctor("availability", "en",
           "does dr wagner have time for an ultrasound of the abdomen monday afternoon", A,
           service=ULTRASCHALL, staff=WAGNER, date="2026-12-07", part_of_day="afternoon"),
    doctor("availability", "de",
           "Gibt's von Dienstag bis Donnerstag irgendwann einen Termin für ein EKG?", A,
           service="EKG", date="2027-03-16", date_to="2027-03-18", now=NOW_SPRING),
    doctor("availability", "en",
           "When's the earliest I could see someone for travel medicine advice?", A,
           service=REISE, asap=True),
    doctor("availability", "de", "Is am Mittwoch ab halb neun was frei für den Check-up?", A,
           service=CHECKUP, date="2026-12-09", time_from="08:30"),
    doctor("booking", "de", "Guten Tag, ich würde gerne eine Erstuntersuchung bei Frau Doktor Demir "
           "vereinbaren, am liebsten Montag um Viertel nach neun.", B,
           service="Erstuntersuchung", staff=DEMIR, date="2026-12-07", time_from="09:15",
           time_to="09:15"),
    doctor("booking", "en", "I need to book a flu shot for Friday the 11th, any time after 2pm", B,
           service="Impfung", date="2026-12-11", time_from="14:00"),
    doctor("booking", "de",
           "Ich möchte bitte einen Termin für den Gesundheitscheck bei Doktor Wagner am 15. um "
           "14 Uhr.", B,
           service=CHECKUP, staff=WAGNER, date="2026-12-15", time_from="14:00", time_to="14:00"),
    doctor("booking", "en", "id like to come in for an ECG tomorrow at quarter to ten", B,
           service="EKG", date="2027-09-23", time_from="09:45", time_to="09:45",
           now=NOW_AUTUMN),
    doctor("verbless", "de", "Blutabnahme Dienstag 8 Uhr bei Frau Klein.", B,
           service="Blutabnahme", staff=SABINE, date="2026-12-08", time_from="08:00",
           time_to="08:00"),
    doctor("verbless", "en", "Abdominal ultrasound, Dr Wagner, Thursday next week, 10 a.m.", B,
           service=ULTRASCHALL, staff=WAGNER, date="2026-12-10", time_from="10:00",
           time_to="10:00"),
    doctor("verbless", "de", "Grippeimpfung übermorgen zwischen 9 und 11 bitte", B,
           service="Impfung", date="2026-12-05", time_from="09:00", time_to="11:00"),
    doctor("verbless", "en", "first exam with dr demir friday 9:30", B,
           service="Erstuntersuchung", staff=DEMIR, date="2027-03-19", time_from="09:30",
           time_to="09:30", now=NOW_SPRING),
    doctor("staff_alternatives", "de", "Ich bräuchte eine Impfung bei Frau Klein oder Herrn "
           "Weber, egal wer, am Freitag.", B,
           service="Impfung", staff=(SABINE, JONAS), date="2026-12-04"),
    doctor("staff_alternatives", "en",
           "Can Dr Wagner or Dr Demir fit me in for a check-up next Tuesday morning?", A,
           service=CHECKUP, staff=(WAGNER, DEMIR), date="2026-12-08", part_of_day="morning"),
    doctor("staff_alternatives", "de", "EKG morgen bei Weber oder Klein, egal bei wem", B,
           service="EKG", staff=(JONAS, SABINE), date="2027-09-23", now=NOW_AUTUMN),
    doctor("no_service", "de",
           "Ich bräucht so schnell wie möglich einen Termin bei Dr. Wagner.", B,
           staff=WAGNER, asap=True),
    doctor("no_service", "en", "do you have anything on monday between 8 and 10", A,
           date="2026-12-07", time_from="08:00", time_to="10:00"),
    doctor("no_service", "de", "Kann ich heute noch vor 17 Uhr vorbeikommen?", A,
           date="2026-12-04", time_to="17:00", now=NOW_FRIDAY),
    doctor("no_service", "de",
           "Grüß Gott, i bräucht an Termin beim Herrn Doktor Wagner am Freitag in da Früh", B,
           staff=WAGNER, date="2026-12-04", part_of_day="morning"),
    doctor("staff_not_offering", "de",
           "Kann Schwester Sabine bei mir am Donnerstag einen Ultraschall machen?", A,
           service=ULTRASCHALL, staff=SABINE, date="2026-12-10"),
    doctor("staff_not_offering", "en", "I'd like an ECG with Dr Wagner on Monday at 3.", B,
           service="EKG", staff=WAGNER, date="2026-12-07", time_from="15:00", time_to="15:00"),
    doctor("staff_not_offering", "de",
           "Ich möchte eine Erstuntersuchung beim Jonas Weber, Mittwoch früh.", B,
           service="Erstuntersuchung", staff=JONAS, date="2026-12-09", part_of_day="morning"),
    doctor("price", "de", "Was muss ich für eine reisemedizinische Beratung selbst zahlen?", P,
           service=REISE),
    doctor("price", "en", "How much does the health check-up cost if I'm privately insured?", P,
           service=CHECKUP),
    doctor("price", "de", "Kostet die Akutsprechstunde was?", P, service="Akutsprechstunde"),
    doctor("price", "en", "price for an ECG with dr demir?", P, service="EKG", staff=DEMIR),
    doctor("duration", "de", "Wie lange dauert so eine Erstuntersuchung bei Frau Dr. Demir?", D,
           service="Erstuntersuchung", staff=DEMIR),
    doctor("duration", "en", "how long is the blood draw with jonas", D,
           service="Blutabnahme", staff=JONAS),
    doctor("duration", "de", "Wie viel Zeit brauch ich für den Bauchultraschall?", D,
           service=ULTRASCHALL),
    doctor("reschedule", "de", "Guten Morgen, hier spricht Marie Klein, ich hab am Montag eine "
           "Blutabnahme und würde die gern auf Mittwoch früh verlegen.", R,
           service="Blutabnahme", date="2026-12-09", part_of_day="morning",
           customer="Marie Klein"),
    doctor("reschedule", "en",
           "Hi this is Elias Wolf, could you move my check-up to Friday the 18th at 10?", R,
           service=CHECKUP, date="2026-12-18", time_from="10:00", time_to="10:00",
           customer="Elias Wolf"),
    doctor("reschedule", "de", "Können Sie meine Impfung von morgen auf nächste Woche Dienstag "
           "umbuchen? Paul Meyer.", R,
           service="Impfung", date="2026-12-08", customer="Paul Meyer"),
    doctor("reschedule", "en", "need to reschedule my travel consultation email is leon dot becker "
           "at example dot com thursday would be better", R,
           service=REISE, date="2027-03-18", customer="leon.becker@example.com", now=NOW_SPRING),
    doctor("cancellation", "de",
           "Ich möchte den Termin für meine Impfung am Dienstag stornieren. Mia Weber.", C,
           service="Impfung", date="2026-12-08", customer="Mia Weber"),
    doctor("cancellation", "en", "hi i wont make it to my ultrasound with dr wagner tomorrow "
           "please cancel it name is felix hoffmann", C,
           service=ULTRASCHALL, staff=WAGNER, date="2026-12-04", customer="felix hoffmann"),
    doctor("cancellation", "de", "Ich sag meinen Termin am Freitag ab, Emma Schulz.", C,
           date="2027-09-24", customer="Emma Schulz", now=NOW_AUTUMN),
    doctor("weekend", "de", "Hat die Praxis am Wochenende auf?", A,
           date="2026-12-05", date_to="2026-12-06"),
    doctor("weekend", "en", "Is anybody doing vaccinations this weekend?", A,
           service="Impfung", date="2027-03-20", date_to="2027-03-21", now=NOW_SPRING),
    doctor("weekend", "de", "Gibt's übers Wochenende ne Akutsprechstunde?", A,
           service="Akutsprechstunde", date="2026-12-05", date_to="2026-12-06", now=NOW_FRIDAY),
    doctor("other", "de", "Wie ist eigentlich Ihre Telefonnummer in der Praxis am Stadtpark?", X),
    doctor("other", "en", "I need a repeat prescription for my blood pressure tablets.", X),
    doctor("other", "de",
           "Ist mein Laborbefund schon da? Die Blutabnahme hat der Herr Weber gemacht.", X,
           service="Blutabnahme", staff=JONAS),
    doctor("other", "en",
           "Can I leave a message for Dr Demir? She asked me to call back after 4.", X,
           staff=DEMIR, time_from="16:00"),
    doctor("other", "de", "Ich brauch 'ne Überweisung zum Orthopäden.", X),
    doctor("other", "en", "do you have a parking space for disabled people", X),
    # ---------------------------------------------------------------- fitness studio
    fitness("named_day", "de", "Hat das Studio an Silvester offen?", A, date="2026-12-31"),
    fitness("named_day", "en", "Is the gym open on Boxing Day?", A, date="2026-12-26"),
    fitness("named_day", "de", "Ich würd gern am Ostermontag um zehn ein Probetraining machen.", B,
            service="Probetraining", date="2027-03-29", time_from="10:00", time_to="10:00",
            now=NOW_SPRING),
    fitness("named_day", "en", "I want personal training with Kevin on Labour Day morning", B,
            service=PT, staff=KEVIN, date="2027-05-01", part_of_day="morning", now=NOW_SPRING),
    fitness("named_day", "de", "Fronleichnam Massage bei Marco, geht das?", A,
            service="Massage", staff=MARCO, date="2027-05-27", now=NOW_SPRING),
    fitness("named_day", "en", "New Year's Day, trial workout, 11 o'clock - possible?", A,
            service="Probetraining", date="2027-01-01", time_from="11:00", time_to="11:00"),
    fitness("named_day", "de", "Am Buß- und Bettag hätt ich gern eine Sportmassage.", B,
            service="Sportmassage", date="2027-11-17", now=NOW_AUTUMN),
    fitness("named_day", "en", "Whit Monday, is the studio open?", A,
            date="2027-05-17", now=NOW_SPRING),
    fitness("named_day", "de", "Hat der Tim am Tag der Arbeit Zeit?", A,
            staff=TIM, date="2027-05-01", now=NOW_SPRING),
    fitness("availability", "de",
            "Hat der Kevin am Montag ab 17 Uhr noch Platz für ein Personal Training?", A,
            service=PT, staff=KEVIN, date="2026-12-07", time_from="17:00"),
    fitness("availability", "en", "any free spots for a sports massage wednesday evening?", A,
            service="Sportmassage", date="2026-12-09", part_of_day="evening"),
    fitness("availability", "de", "Gäb's am 1. Oktober was für 'ne Körperanalyse?", A,
            service="Körperanalyse", date="2027-10-01", now=NOW_AUTUMN),
    fitness("availability", "en", "When is Laura next available for mobility coaching?", A,
            service=MOBILITY, staff=LAURA, asap=True),
    fitness("availability", "de", "Ist das Studio am Sonntag geöffnet?", A, date="2026-12-06"),
    fitness("availability", "en",
            "Good morning, I hope you're well. I was wondering whether it might be at all possible "
            "to arrange a sports massage with Marco at some point on Tuesday afternoon, if that's "
            "not too much trouble.", A,
            service="Sportmassage", staff=MARCO, date="2026-12-08", part_of_day="afternoon"),
    fitness("booking", "de", "Ich würde gern ein Probetraining ausmachen, Dienstag nach "
            "Feierabend, Müller mein Name.", B,
            service="Probetraining", date="2026-12-08", part_of_day="evening"),
    fitness("booking", "en",
            "Book me a nutrition consultation with Emily for Wednesday the 16th at 1pm please", B,
            service="Ernährungsberatung", staff=EMILY, date="2026-12-16", time_from="13:00",
            time_to="13:00"),
    fitness("booking", "de",
            "Trag mich bitte für 'ne Stunde Personal Training bei Laura ein, Freitag um 19 Uhr.", B,
            service=PT, staff=LAURA, date="2026-12-04", time_from="19:00", time_to="19:00"),
    fitness("booking", "en", "I'd like to book a physio check for Monday quarter past 3", B,
            service="Physio-Check", date="2027-09-27", time_from="15:15", time_to="15:15",
            now=NOW_AUTUMN),
    fitness("booking", "de", "Ich möcht am Dienstag um 18 Uhr Personal Training, egal bei wem.", B,
            service=PT, date="2026-12-08", time_from="18:00", time_to="18:00"),
    fitness("verbless", "de", "Sportmassage Donnerstag 18 Uhr Marco", B,
            service="Sportmassage", staff=MARCO, date="2026-12-10", time_from="18:00",
            time_to="18:00"),
    fitness("verbless", "en", "trial sesion tomorrow 5pm with tim", B,
            service="Probetraining", staff=TIM, date="2026-12-04", time_from="17:00",
            time_to="17:00"),
    fitness("verbless", "de", "Trainingsplan bei Emily, Mittwoch zehn Uhr.", B,
            service=PLAN, staff=EMILY, date="2027-03-17", time_from="10:00", time_to="10:00",
            now=NOW_SPRING),
    fitness("verbless", "en", "Körperanalyse Saturday morning please", B,
            service="Körperanalyse", date="2026-12-05", part_of_day="morning"),
    fitness("staff_alternatives", "de", "Probetraining am Montag, Laura oder Tim, egal.", B,
            service="Probetraining", staff=(LAURA, TIM), date="2026-12-07"),
    fitness("staff_alternatives", "en",
            "Does Kevin or Tim have a compact PT session free on Friday afternoon?", A,
            service=PT_KOMPAKT, staff=(KEVIN, TIM), date="2026-12-04", part_of_day="afternoon"),
    fitness("staff_alternatives", "de", "Ich möchte Mobility-Coaching bei Laura oder alternativ "
            "bei Tim, Donnerstag um 16 Uhr.", B,
            service=MOBILITY, staff=(LAURA, TIM), date="2027-03-18", time_from="16:00",
            time_to="16:00", now=NOW_SPRING),
    fitness("no_service", "de", "Kann ich morgen um 8 bei Kevin vorbeikommen?", A,
            staff=KEVIN, date="2026-12-04", time_from="08:00", time_to="08:00"),
    fitness("no_service", "en", "i'd like an appointment with marco on tuesday before 12", B,
            staff=MARCO, date="2027-09-28", time_to="12:00", now=NOW_AUTUMN),
    fitness("no_service", "de", "Nächster freier Termin bei Tim?", A, staff=TIM, asap=True),
    fitness("staff_not_offering", "de", "Ich hätte gern eine Massage bei Emily am Montag um 11.",
            B, service="Massage", staff=EMILY, date="2026-12-07", time_from="11:00",
            time_to="11:00"),
    fitness("staff_not_offering", "en", "Can Marco do personal training with me Thursday at 6pm?",
            A, service=PT, staff=MARCO, date="2026-12-10", time_from="18:00", time_to="18:00"),
    fitness("staff_not_offering", "de",
            "Hat Tim am Mittwoch nachmittags Zeit für eine Ernährungsberatung?", A,
            service="Ernährungsberatung", staff=TIM, date="2026-12-09", part_of_day="afternoon"),
    fitness("price", "de", "Was kostet bei euch eine Massge?", P, service="Massage"),
    fitness("price", "en", "is the trial workout free of charge", P, service="Probetraining"),
    fitness("price", "de", "Wie teuer is Personal Training bei der Laura?", P,
            service=PT, staff=LAURA),
    fitness("price", "en", "How much for a body composition scan?", P, service="Körperanalyse"),
    fitness("duration", "de", "Wie lange geht so eine Sportmassage beim Tim?", D,
            service="Sportmassage", staff=TIM),
    fitness("duration", "en", "how long is the nutrition consult", D,
            service="Ernährungsberatung"),
    fitness("duration", "de", "Dauert die Trainingsplan-Erstellung bei Emily länger als ne Stunde?",
            D, service=PLAN, staff=EMILY),
    fitness("reschedule", "de", "Hallo, Finn Krüger hier, kann ich mein Probetraining von Samstag "
            "auf Sonntag verlegen?", R,
            service="Probetraining", date="2026-12-06", customer="Finn Krüger"),
    fitness("reschedule", "en",
            "Need to move my massage from tomorrow to Monday at 2, name's Jonas Schmidt", R,
            service="Massage", date="2026-12-07", time_from="14:00", time_to="14:00",
            customer="Jonas Schmidt", now=NOW_FRIDAY),
    fitness("reschedule", "de", "Mein Personal Training beim Kevin am Dienstag, können wir das auf "
            "Donnerstag früh schieben? Lea Koch", R,
            service=PT, staff=KEVIN, date="2026-12-10", part_of_day="morning",
            customer="Lea Koch"),
    fitness("cancellation", "de",
            "Ich muss mein Probetraining am Montag leider absagen, ich bin krank. Hannah Wagner.",
            C, service="Probetraining", date="2026-12-07", customer="Hannah Wagner"),
    fitness("cancellation", "en",
            "cancel my sports massage on the 9th please its paul dot meyer at example dot com", C,
            service="Sportmassage", date="2026-12-09", customer="paul.meyer@example.com"),
    fitness("cancellation", "de",
            "Bitte stornieren Sie meinen Termin bei Tim Wolf am Freitag, Elias Wolf.", C,
            staff=TIM, date="2027-03-19", customer="Elias Wolf", now=NOW_SPRING),
    fitness("weekend", "de", "Kann man am Wochenende ein Probetraining machen?", A,
            service="Probetraining", date="2026-12-05", date_to="2026-12-06"),
    fitness("weekend", "en", "I want a massage with Marco this weekend", B,
            service="Massage", staff=MARCO, date="2027-09-25", date_to="2027-09-26",
            now=NOW_AUTUMN),
    fitness("weekend", "de", "Habt ihr dieses Wochenende noch Platz für 'ne Sportmassage?", A,
            service="Sportmassage", date="2026-12-05", date_to="2026-12-06", now=NOW_SATURDAY),
    fitness("other", "de",
            "Ich möchte meine Mitgliedschaft ab Januar für drei Monate ruhen lassen.", X),
    fitness("other", "en", "I think I left my water bottle in the changing room yesterday", X),
    fitness("other", "de", "Mein Paket liegt bei euch am Empfang, kann ich das morgen um zehn "
            "abholen?", X, date="2026-12-04", time_from="10:00", time_to="10:00"),
    fitness("other", "en", "how do I cancel my membership", X),
    fitness("other", "de", "Gibt's bei euch Duschen und Handtücher?", X),
)
