"""The evaluation set for the request parser: realistic utterances with the parse a person would
write down, from the three demo industries (services and staff as in application.admin.demo_data).

Said on Friday 2026-11-27 at 10:00 in Europe/Berlin unless a case says otherwise, so: Samstag is
11-28, Sonntag 11-29, Montag 11-30, Dienstag 12-01, Mittwoch 12-02, Donnerstag 12-03, Freitag
(said on a Friday) 12-04. An exact time is ``time_from == time_to``; hours without am/pm are
read in the business window 08:00-19:59 (see domain.requests.times). ``staff`` is the full name,
or ``"unknown:Name"`` for a name the company does not know; ``service`` a name, or a tuple when
the words fit several services equally (the caller must be asked).

Used by tests/unit/test_request_eval.py (fails below 95% per field) and bench/requests.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=BERLIN)
FIELDS = ("intent", "service", "staff", "date", "time_from", "time_to", "part_of_day", "asap")


@dataclass(frozen=True)
class Case:
    industry: str
    language: str
    text: str
    intent: str
    service: str | tuple[str, ...] | None = None
    staff: str | None = None
    date: str | None = None
    time_from: str | None = None
    time_to: str | None = None
    part_of_day: str | None = None
    asap: bool = False
    now: datetime = NOW

    def expected(self) -> dict[str, object]:
        service = tuple(sorted(self.service)) if isinstance(self.service, tuple) else self.service
        return {f: (service if f == "service" else getattr(self, f)) for f in FIELDS}


def hair(language: str, text: str, intent: str, **parse) -> Case:
    return Case("hair", language, text, intent, **parse)


def doctor(language: str, text: str, intent: str, **parse) -> Case:
    return Case("doctor", language, text, intent, **parse)


def fitness(language: str, text: str, intent: str, **parse) -> Case:
    return Case("fitness", language, text, intent, **parse)


A, B, C, O = "availability", "booking", "cancellation", "other"
CUTS = ("Herrenschnitt", "Damenschnitt")
TRAININGS = ("Personal Training", "Personal Training Kompakt", "Probetraining")

CASES: tuple[Case, ...] = (
    # -- hair salon ------------------------------------------------------------------------------
    hair("de", "Hat Anna morgen um 15 Uhr Zeit für einen Damenschnitt?", A,
         service="Damenschnitt", staff="Anna Schneider", date="2026-11-28",
         time_from="15:00", time_to="15:00"),
    hair("de", "Äh, ich hätte gern einen Herrenschnitt bei Mehmet, so am Dienstag gegen halb vier.",
         B, service="Herrenschnitt", staff="Mehmet Yılmaz", date="2026-12-01",
         time_from="15:30", time_to="15:30"),
    hair("de", "Geht da was übermorgen für Strähnchen?", A, service="Strähnchen",
         date="2026-11-29"),
    hair("de", "Ich möchte einen Termin zum Haare färben am 3.12. ab 14 Uhr", B, service="Färben",
         date="2026-12-03", time_from="14:00"),
    hair("de", "Kann ich nächste Woche Dienstag bei Julia eine Dauerwelle machen lassen?", A,
         service="Dauerwelle", staff="Julia Becker", date="2026-12-01"),
    hair("de", "Einen Herrenschnitt morgen früh bitte, egal bei wem.", B, service="Herrenschnitt",
         date="2026-11-28", part_of_day="morning"),
    hair("de", "Ich muss meinen Termin bei Sofia am Samstag leider absagen.", C,
         staff="Sofia Rossi", date="2026-11-28"),
    hair("de", "Hat Petra am Freitag nachmittags Zeit für einen Damenschnitt?", A,
         service="Damenschnitt", staff="unknown:Petra", date="2026-12-04",
         part_of_day="afternoon"),
    hair("de", "Haben Sie heute noch was frei für Bartpflege?", A, service="Bartpflege",
         date="2026-11-27"),
    hair("de", "Ich bräuchte einen Kinderschnitt für meinen Sohn, am besten Samstag vormittag.", B,
         service="Kinderschnitt", date="2026-11-28", part_of_day="morning"),
    hair("de", "Wann ist der nächste freie Termin für eine Hochsteckfrisur?", A,
         service="Hochsteckfrisur", asap=True),
    hair("de", "Damenschnit bei Anna so früh wie möglich bitte", B, service="Damenschnitt",
         staff="Anna Schneider", asap=True),
    hair("de", "Ich hätte gern einen Haarschnitt morgen um 10.", B, service=CUTS,
         date="2026-11-28", time_from="10:00", time_to="10:00"),
    hair("de", "Gibt es am Montag zwischen 14 und 16 Uhr einen Termin zum Föhnen?", A,
         service="Föhnen & Styling", date="2026-11-30", time_from="14:00", time_to="16:00"),
    hair("de", "Hallo, hier ist Lena Müller, ich möchte einen Termin buchen.", B),
    hair("de", "hat mehmet am mittwoch abends noch was frei für herrenschnitt", A,
         service="Herrenschnitt", staff="Mehmet Yılmaz", date="2026-12-02",
         part_of_day="evening"),
    hair("de", "Mmh, Typberatung übermorgen um halb elf?", A, service="Typberatung",
         date="2026-11-29", time_from="10:30", time_to="10:30"),
    hair("de", "Frau Schneider, hat die morgen vormittag Zeit fürs Färben?", A, service="Färben",
         staff="Anna Schneider", date="2026-11-28", part_of_day="morning"),
    hair("de", "Strähnen bei Sofia, übernächsten Samstag, geht das?", A, service="Strähnchen",
         staff="Sofia Rossi", date="2026-12-05"),
    hair("de", "Ich möchte meinen Termin am 1.12. stornieren.", C, date="2026-12-01"),
    hair("de", "Gibt's bei Lukas morgen zwischen 9 und 11 was für einen Herrenschnitt?", A,
         service="Herrenschnitt", staff="Lukas Hoffmann", date="2026-11-28", time_from="09:00",
         time_to="11:00"),
    hair("de", "Ja hallo, äh, ich wollte mal fragen ob Julia am Donnerstag so um drei noch was "
         "frei hat für Damenschnitt", A, service="Damenschnitt", staff="Julia Becker",
         date="2026-12-03", time_from="15:00", time_to="15:00"),
    hair("de", "Ich hätt gern nen Termin zum Bart trimmen, morgen so um viertel vor zwölf", B,
         service="Bartpflege", date="2026-11-28", time_from="11:45", time_to="11:45"),
    hair("de", "Was ist mit Samstag? Hat da wer Zeit fürs Styling?", A,
         service="Föhnen & Styling", date="2026-11-28"),
    hair("de", "Ich möchte für meine Tochter einen Kinderhaarschnitt am 12. Dezember vormittags "
         "reservieren.", B, service="Kinderschnitt", date="2026-12-12", part_of_day="morning"),
    hair("de", "Hat Anna am Dienstag Zeit zum Färben?", A, service="Färben",
         staff="Anna Schneider", date="2026-12-08",
         now=datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN)),
    hair("de", "Herrenschnitt am 2.1. um 10 Uhr, geht das?", A, service="Herrenschnitt",
         date="2027-01-02", time_from="10:00", time_to="10:00",
         now=datetime(2026, 12, 30, 16, 0, tzinfo=BERLIN)),
    hair("en", "Is Lukas free tomorrow at 3pm for a men's cut?", A, service="Herrenschnitt",
         staff="Lukas Hoffmann", date="2026-11-28", time_from="15:00", time_to="15:00"),
    hair("en", "Any slot for highlights next Tuesday afternoon?", A, service="Strähnchen",
         date="2026-12-01", part_of_day="afternoon"),
    hair("en", "I'd like to book a blow dry with Sofia on December 3rd at 11am.", B,
         service="Föhnen & Styling", staff="Sofia Rossi", date="2026-12-03", time_from="11:00",
         time_to="11:00"),
    hair("en", "Can I get a beard trim today after 5pm?", B, service="Bartpflege",
         date="2026-11-27", time_from="17:00"),
    hair("en", "Do you have anything for a perm on Saturday morning?", A, service="Dauerwelle",
         date="2026-11-28", part_of_day="morning"),
    hair("en", "I need to cancel my appointment with Julia tomorrow.", C, staff="Julia Becker",
         date="2026-11-28"),
    hair("en", "Is there a slot for a haircut between 2 and 4pm on Monday?", A, service=CUTS,
         date="2026-11-30", time_from="14:00", time_to="16:00"),
    hair("en", "Book me the earliest available appointment for a kids cut with anyone.", B,
         service="Kinderschnitt", asap=True),
    hair("en", "Is Jessica available on the 5th of December for an updo?", A,
         service="Hochsteckfrisur", staff="unknown:Jessica", date="2026-12-05"),
    hair("en", "Can I come in for a colour next Thursday around 10?", A, service="Färben",
         date="2026-12-03", time_from="10:00", time_to="10:00"),
    hair("en", "Please book a women's cut for Saturday at 9:30 with Anna", B,
         service="Damenschnitt", staff="Anna Schneider", date="2026-11-28", time_from="09:30",
         time_to="09:30"),
    hair("en", "What's the next free slot for Bartpflege with Mehmet?", A, service="Bartpflege",
         staff="Mehmet Yılmaz", asap=True),
    hair("en", "Tomorrow evening, any time for a blowout?", A, service="Föhnen & Styling",
         date="2026-11-28", part_of_day="evening"),
    # -- doctor's practice -----------------------------------------------------------------------
    doctor("de", "Guten Morgen, ich bräuchte heute noch einen Termin in der Akutsprechstunde.", B,
           service="Akutsprechstunde", date="2026-11-27"),
    doctor("de", "Hat Dr. Wagner am Montag vormittag Zeit für einen Check-up?", A,
           service="Gesundheits-Check-up", staff="Dr. Thomas Wagner", date="2026-11-30",
           part_of_day="morning"),
    doctor("de", "Ich möchte mich gegen Grippe impfen lassen, geht das morgen früh?", B,
           service="Impfung", date="2026-11-28", part_of_day="morning"),
    doctor("de", "Blutabnahme bei Frau Klein am Dienstag um halb neun?", A, service="Blutabnahme",
           staff="Sabine Klein", date="2026-12-01", time_from="08:30", time_to="08:30"),
    doctor("de", "Ich brauche eine Blutabnahme, nüchtern, also so früh wie möglich morgens.", B,
           service="Blutabnahme", part_of_day="morning", asap=True),
    doctor("de", "Gibt es bei Dr. Demir diese Woche noch einen Termin für eine Erstuntersuchung?",
           A, service="Erstuntersuchung", staff="Dr. Elif Demir"),
    doctor("de", "Ich möchte einen Termin für ein EKG am 2. Dezember um 9 Uhr.", B, service="EKG",
           date="2026-12-02", time_from="09:00", time_to="09:00"),
    doctor("de", "Kann ich bei Dr. Müller übermorgen zur Impfung kommen?", A, service="Impfung",
           staff="unknown:Müller", date="2026-11-29"),
    doctor("de", "Ultraschall vom Bauch, nächsten Donnerstag nachmittag, bei Herrn Dr. Wagner "
           "bitte", B, service="Ultraschall Abdomen", staff="Dr. Thomas Wagner",
           date="2026-12-03", part_of_day="afternoon"),
    doctor("de", "Ich muss die Blutabnahme morgen leider absagen, ich bin krank.", C,
           service="Blutabnahme", date="2026-11-28"),
    doctor("de", "Wann hat Dr. Demir den nächsten freien Termin für eine Reiseberatung?", A,
           service="Reisemedizinische Beratung", staff="Dr. Elif Demir", asap=True),
    doctor("de", "Ich hätte gern einen Gesundheitscheck am 10.12. zwischen 8 und 10 Uhr", B,
           service="Gesundheits-Check-up", date="2026-12-10", time_from="08:00",
           time_to="10:00"),
    doctor("de", "Äh, ja, hallo, ich wollte fragen, ob Jonas morgen eine Impfung machen kann", A,
           service="Impfung", staff="Jonas Weber", date="2026-11-28"),
    doctor("de", "Reisemedizinische Beratung, ähm, am 14. Januar?", A,
           service="Reisemedizinische Beratung", date="2027-01-14"),
    doctor("de", "Ich möchte einen Termin", B),
    doctor("de", "Mein Rücken tut weh, haben Sie heute einen Akuttermin?", A,
           service="Akutsprechstunde", date="2026-11-27"),
    doctor("de", "Ekg bei Jonas Weber am Montag ab halb zehn?", A, service="EKG",
           staff="Jonas Weber", date="2026-11-30", time_from="09:30"),
    doctor("de", "Könnte ich bei Doktor Wagner eine Erstuntersuchung am 7.12. um 14:30 Uhr "
           "bekommen?", B, service="Erstuntersuchung", staff="Dr. Thomas Wagner",
           date="2026-12-07", time_from="14:30", time_to="14:30"),
    doctor("en", "Is Dr. Wagner available for a health check next Wednesday at 8:30?", A,
           service="Gesundheits-Check-up", staff="Dr. Thomas Wagner", date="2026-12-02",
           time_from="08:30", time_to="08:30"),
    doctor("en", "I'd like a blood test tomorrow morning, anyone is fine.", B,
           service="Blutabnahme", date="2026-11-28", part_of_day="morning"),
    doctor("en", "Do you have an ECG slot on December 1st between 10 and 12?", A, service="EKG",
           date="2026-12-01", time_from="10:00", time_to="12:00"),
    doctor("en", "I need to cancel my vaccination on Monday.", C, service="Impfung",
           date="2026-11-30"),
    doctor("en", "Can I see Dr. Smith today for an urgent appointment?", A,
           service="Akutsprechstunde", staff="unknown:Smith", date="2026-11-27"),
    doctor("en", "When is the next available slot for an ultrasound?", A,
           service="Ultraschall Abdomen", asap=True),
    doctor("en", "Book me a new patient exam with Dr. Demir on the 4th at 9.", B,
           service="Erstuntersuchung", staff="Dr. Elif Demir", date="2026-12-04",
           time_from="09:00", time_to="09:00"),
    doctor("en", "Any time on Friday afternoon for travel advice?", A,
           service="Reisemedizinische Beratung", date="2026-12-04", part_of_day="afternoon"),
    doctor("en", "Hi, is Sabine free on Tuesday before 10 for a blood draw?", A,
           service="Blutabnahme", staff="Sabine Klein", date="2026-12-01", time_to="10:00"),
    # -- fitness studio --------------------------------------------------------------------------
    fitness("de", "Hat Kevin morgen früh Zeit für ein Personal Training?", A,
            service="Personal Training", staff="Kevin Braun", date="2026-11-28",
            part_of_day="morning"),
    fitness("de", "Ich würde gern ein Probetraining machen, am liebsten Montag abends.", B,
            service="Probetraining", date="2026-11-30", part_of_day="evening"),
    fitness("de", "Gibt es nächsten Dienstag zwischen 17 und 19 Uhr noch eine Sportmassage bei "
            "Marco?", A, service="Sportmassage", staff="Marco Schulz", date="2026-12-01",
            time_from="17:00", time_to="19:00"),
    fitness("de", "Ich hätte gern eine Massage, egal bei wem, so bald wie möglich.", B,
            service="Massage", asap=True),
    fitness("de", "Körperanalyse am Samstag um 10 bei Laura, geht da was?", A,
            service="Körperanalyse", staff="Laura Fischer", date="2026-11-28",
            time_from="10:00", time_to="10:00"),
    fitness("de", "Ich muss mein Personal Training am Mittwoch stornieren.", C,
            service="Personal Training", date="2026-12-02"),
    fitness("de", "Kann Tim heute Abend noch ein kurzes Personal Training?", A,
            service="Personal Training Kompakt", staff="Tim Wolf", date="2026-11-27",
            part_of_day="evening"),
    fitness("de", "Trainingsplan erstellen lassen bei Emily, Donnerstag um 9?", A,
            service="Trainingsplan-Erstellung", staff="Emily Clarke", date="2026-12-03",
            time_from="09:00", time_to="09:00"),
    fitness("de", "Ernährungsberatung am 2.12. ab 13 Uhr bitte", B, service="Ernährungsberatung",
            date="2026-12-02", time_from="13:00"),
    fitness("de", "Hat jemand übermorgen nachmittag Zeit für Mobility?", A,
            service="Mobility-Coaching", date="2026-11-29", part_of_day="afternoon"),
    fitness("de", "Ich wollte einen Physio Check bei Marco buchen, so zwischen 11 und 1.", B,
            service="Physio-Check", staff="Marco Schulz", time_from="11:00", time_to="13:00"),
    fitness("de", "äh hallo ich bräuchte ne sportmasage morgen nachmittag", B,
            service="Sportmassage", date="2026-11-28", part_of_day="afternoon"),
    fitness("de", "Hat Laura am Montag um viertel nach sieben morgens Zeit fürs Probetraining?", A,
            service="Probetraining", staff="Laura Fischer", date="2026-11-30",
            time_from="07:15", time_to="07:15", part_of_day="morning"),
    fitness("de", "Morgen Abend Massage bei Marco?", A, service="Massage", staff="Marco Schulz",
            date="2026-11-28", part_of_day="evening"),
    fitness("de", "Geht am Sonntag irgendwas für Personal Training Kompakt?", A,
            service="Personal Training Kompakt", date="2026-11-29"),
    fitness("de", "Wie sieht's aus mit Mobility Coaching bei Tim am 1.12. um 18:15?", A,
            service="Mobility-Coaching", staff="Tim Wolf", date="2026-12-01", time_from="18:15",
            time_to="18:15"),
    fitness("de", "Kann ich morgen um 16 Uhr zum Probetraining vorbeikommen?", A,
            service="Probetraining", date="2026-11-28", time_from="16:00", time_to="16:00"),
    fitness("de", "Bitte einen Termin für Körperfettmessung bei Kevin in zwei Tagen um 8", B,
            service="Körperanalyse", staff="Kevin Braun", date="2026-11-29", time_from="08:00",
            time_to="08:00"),
    fitness("de", "Hallo, gibt's heute mittags noch eine Massage?", A, service="Massage",
            date="2026-11-27", time_from="11:00", time_to="14:00"),
    fitness("en", "Is Kevin free for a personal training session tomorrow at 7am?", A,
            service="Personal Training", staff="Kevin Braun", date="2026-11-28",
            time_from="07:00", time_to="07:00"),
    fitness("en", "Can I book a trial session for next Monday evening?", B,
            service="Probetraining", date="2026-11-30", part_of_day="evening"),
    fitness("en", "Any slots for a sports massage with Marco this Saturday?", A,
            service="Sportmassage", staff="Marco Schulz", date="2026-11-28"),
    fitness("en", "I'd like a nutrition consultation with Emily as soon as possible.", B,
            service="Ernährungsberatung", staff="Emily Clarke", asap=True),
    fitness("en", "I can't make it to my massage tomorrow, please cancel it.", C,
            service="Massage", date="2026-11-28"),
    fitness("en", "Do you have a body analysis slot on Wednesday between 4 and 6pm?", A,
            service="Körperanalyse", date="2026-12-02", time_from="16:00", time_to="18:00"),
    fitness("en", "Is Chris free for mobility coaching on Friday?", A,
            service="Mobility-Coaching", staff="unknown:Chris", date="2026-12-04"),
    fitness("en", "Training with Tim tomorrow at half past six?", A, service=TRAININGS,
            staff="Tim Wolf", date="2026-11-28", time_from="18:30", time_to="18:30"),
    fitness("en", "When's the earliest Physio check with anyone?", A, service="Physio-Check",
            asap=True),
    fitness("en", "I want a PT session on December 9th from 6 to 8 in the evening.", B,
            service="Personal Training", date="2026-12-09", time_from="18:00", time_to="20:00",
            part_of_day="evening"),
    fitness("en", "Anything for a massage the day after tomorrow?", A, service="Massage",
            date="2027-01-02", now=datetime(2026, 12, 31, 12, 0, tzinfo=BERLIN)),
    # -- a second batch, written down before the parser first read it ---------------------------
    hair("de", "Moin, habt ihr Samstag um 12 noch 'nen Platz für 'ne Dauerwelle?", A,
         service="Dauerwelle", date="2026-11-28", time_from="12:00", time_to="12:00"),
    hair("de", "Ich würde gerne am 4. Dezember nach 16 Uhr zum Färben kommen, bei Anna wenn's "
         "geht.", B, service="Färben", staff="Anna Schneider", date="2026-12-04",
         time_from="16:00"),
    hair("de", "Kriege ich heute noch einen Herrenschnitt bei Lukas, so gegen 17 Uhr?", B,
         service="Herrenschnitt", staff="Lukas Hoffmann", date="2026-11-27", time_from="17:00",
         time_to="17:00"),
    hair("de", "Brautfrisur für den 19.12., geht das bei Sofia vormittags?", A,
         service="Hochsteckfrisur", staff="Sofia Rossi", date="2026-12-19",
         part_of_day="morning"),
    hair("en", "Could you fit me in for a ladies cut on Thursday afternoon with Julia?", A,
         service="Damenschnitt", staff="Julia Becker", date="2026-12-03",
         part_of_day="afternoon"),
    hair("en", "I'd like to cancel my colour appointment on the 2nd.", C, service="Färben",
         date="2026-12-02"),
    hair("en", "Hey, is anyone free for a kids haircut in 2 days around 4?", A,
         service="Kinderschnitt", date="2026-11-29", time_from="16:00", time_to="16:00"),
    doctor("de", "Ich hätte gern einen Impftermin, am liebsten Dienstag früh bei Schwester "
           "Sabine.", B, service="Impfung", staff="Sabine Klein", date="2026-12-01",
           part_of_day="morning"),
    doctor("de", "Wann kann ich zum Blut abnehmen kommen?", A, service="Blutabnahme"),
    doctor("de", "Brauche dringend einen Termin, heute, egal wann.", B, date="2026-11-27"),
    doctor("en", "Can I get a flu shot on Monday at 11:15 with Jonas?", B, service="Impfung",
           staff="Jonas Weber", date="2026-11-30", time_from="11:15", time_to="11:15"),
    doctor("en", "Do you have any check-up appointments left this week?", A,
           service="Gesundheits-Check-up"),
    doctor("en", "I'd like an ultrasound next Friday between 8 and 9:30am.", B,
           service="Ultraschall Abdomen", date="2026-12-04", time_from="08:00", time_to="09:30"),
    fitness("de", "Hab ich am Samstag bei Kevin noch ne Chance auf Personal Training so um 11?",
            A, service="Personal Training", staff="Kevin Braun", date="2026-11-28",
            time_from="11:00", time_to="11:00"),
    fitness("de", "Ich will meine Sportmassage morgen absagen.", C, service="Sportmassage",
            date="2026-11-28"),
    fitness("de", "Körperanalyse, egal wer, nächste Woche Mittwoch ab 18 Uhr?", A,
            service="Körperanalyse", date="2026-12-02", time_from="18:00"),
    fitness("en", "Any openings for a trial workout on Saturday before noon?", A,
            service="Probetraining", date="2026-11-28", time_to="12:00"),
    fitness("en", "Is Laura around on Wednesday at a quarter past five for mobility?", A,
            service="Mobility-Coaching", staff="Laura Fischer", date="2026-12-02",
            time_from="17:15", time_to="17:15"),
    fitness("de", "Ich hätte gerne eine Sportmassage bei Markus am Freitag.", B,
            service="Sportmassage", staff="unknown:Markus", date="2026-12-04"),
    fitness("de", "Probetraining heute um 18:30 bei Laura, ist da noch frei?", A,
            service="Probetraining", staff="Laura Fischer", date="2026-11-27",
            time_from="18:30", time_to="18:30"),
)


def catalogue(industry: str):
    """``(services, staff)`` of a demo industry as the parser takes them; ids are positions."""
    from studiobook.application.admin.demo_data import INDUSTRIES

    found = INDUSTRIES[industry]
    services = [(n, s.name, "", ()) for n, s in enumerate(found.services, start=1)]
    staff = [(n, m.name) for n, m in enumerate(found.staff, start=1)]
    return services, staff


def parsed(case: Case) -> dict[str, object]:
    """What the parser made of ``case``, in the shape of :meth:`Case.expected`."""
    from studiobook.domain.requests import parse_request

    services, staff = catalogue(case.industry)
    request = parse_request(case.text, case.now, BERLIN, services, staff)
    if request.ambiguous_services:
        service = tuple(sorted(s.name for s in request.ambiguous_services))
    else:
        service = request.service.name if request.service else None
    if request.staff is not None:
        who = request.staff.name
    else:
        who = f"unknown:{request.unknown_staff}" if request.unknown_staff else None
    return {
        "intent": request.intent.value,
        "service": service,
        "staff": who,
        "date": request.date.isoformat() if request.date else None,
        "time_from": f"{request.time_from:%H:%M}" if request.time_from else None,
        "time_to": f"{request.time_to:%H:%M}" if request.time_to else None,
        "part_of_day": request.part_of_day.value if request.part_of_day else None,
        "asap": request.asap,
    }


def score(cases: Iterable[Case] = CASES) -> tuple[dict[str, float], list[str]]:
    """Accuracy per field (0..1) and one line per wrong field: ``text | field: got != want``."""
    cases = list(cases)
    right = dict.fromkeys(FIELDS, 0)
    wrong = []
    for case in cases:
        got, want = parsed(case), case.expected()
        for field in FIELDS:
            if got[field] == want[field]:
                right[field] += 1
            else:
                wrong.append(f"{case.text} | {field}: {got[field]!r} != {want[field]!r}")
    return {f: right[f] / len(cases) for f in FIELDS}, wrong


def table(accuracy: dict[str, float], count: int) -> str:
    lines = [f"{'field':<12} accuracy  ({count} utterances)"]
    lines += [f"{field:<12} {value:7.1%}" for field, value in accuracy.items()]
    return "\n".join(lines)
