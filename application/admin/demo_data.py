"""Demo data for ``studiobook seed``: a hair salon, a doctor's practice and a fitness studio.

Pure data, no behaviour: :mod:`studiobook.application.admin.seeding` turns it into companies, branches, services,
staff, assignments, appointments and courses through the public use-cases. Hours are wall-clock
ranges in the staff member's zone; prices are ``Decimal``; course times are local to the company.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

DEMO_TIME_ZONE = "Europe/Berlin"
APPOINTMENT_DAYS = 7  # appointments are booked on free slots within this many days from now
WEEKDAYS = "mon tue wed thu fri"


def days(spec: str, *ranges: str) -> dict[str, tuple[str, ...]]:
    """``days("mon tue", "09:00-12:00", "13:00-17:00")`` -> the same ranges on each day."""
    return {day: ranges for day in spec.split()}


@dataclass(frozen=True)
class DemoService:
    name: str
    minutes: int
    price: Decimal
    buffer_before: int = 0
    buffer_after: int = 0
    interval: int | None = None  # None: the duration
    notice: int = 0
    per_day: int | None = None
    description: str = ""

    def fields(self) -> dict[str, Any]:
        """The fields of :meth:`studiobook.application.appointments.event_types.EventTypes.add`."""
        return {
            "name": self.name,
            "duration_minutes": self.minutes,
            "price": self.price,
            "buffer_before_minutes": self.buffer_before,
            "buffer_after_minutes": self.buffer_after,
            "slot_interval_minutes": self.interval,
            "minimum_notice_minutes": self.notice,
            "booking_limits": {"per_day": self.per_day} if self.per_day else {},
            "description": self.description,
            "metadata": {"demo": True},
        }


class Custom(NamedTuple):
    """A staff member's own duration and/or price for one service."""

    minutes: int | None = None
    price: Decimal | None = None


@dataclass(frozen=True)
class DemoStaff:
    name: str
    branch: str
    hours: Mapping[str, tuple[str, ...]]
    offers: tuple[str, ...]
    primary: tuple[str, ...] = ()
    custom: Mapping[str, Custom] = field(default_factory=dict)
    time_zone: str | None = None  # None: the company's
    calcom_username: str | None = None


@dataclass(frozen=True)
class DemoCourse:
    title: str
    capacity: int
    in_days: int
    at: str  # local start, HH:MM
    minutes: int
    tickets: tuple[int, ...]  # one booking per entry
    waitlist: tuple[int, ...] = ()  # joined once the course is full


@dataclass(frozen=True)
class Industry:
    key: str
    company: str
    branches: tuple[str, ...]
    services: tuple[DemoService, ...]
    default_service: str
    staff: tuple[DemoStaff, ...]
    appointments: tuple[str, ...]  # services booked in the coming days, in this order
    courses: tuple[DemoCourse, ...]
    time_zone: str = DEMO_TIME_ZONE


CUSTOMERS = (
    ("Lena Müller", "lena.mueller@example.com"),
    ("Jonas Schmidt", "jonas.schmidt@example.com"),
    ("Mia Weber", "mia.weber@example.com"),
    ("Paul Meyer", "paul.meyer@example.com"),
    ("Hannah Wagner", "hannah.wagner@example.com"),
    ("Leon Becker", "leon.becker@example.com"),
    ("Emma Schulz", "emma.schulz@example.com"),
    ("Felix Hoffmann", "felix.hoffmann@example.com"),
    ("Lea Koch", "lea.koch@example.com"),
    ("Noah Richter", "noah.richter@example.com"),
    ("Marie Klein", "marie.klein@example.com"),
    ("Elias Wolf", "elias.wolf@example.com"),
    ("Sophie Neumann", "sophie.neumann@example.com"),
    ("Ben Schwarz", "ben.schwarz@example.com"),
    ("Clara Zimmermann", "clara.zimmermann@example.com"),
    ("Finn Krüger", "finn.krueger@example.com"),
)

E = Decimal

HAIR = Industry(
    key="hair",
    company="Salon Haarmonie (Demo)",
    branches=("Haarmonie Mitte", "Haarmonie Prenzlauer Berg", "Haarmonie Charlottenburg"),
    services=(
        DemoService("Typberatung", 15, E("0.00"), description="Kostenlose Beratung vorab"),
        DemoService("Herrenschnitt", 30, E("28.00"), buffer_after=5, interval=15),
        DemoService("Damenschnitt", 45, E("45.00"), buffer_after=10, interval=15,
                    description="Waschen, Schneiden, Föhnen"),
        DemoService("Kinderschnitt", 20, E("18.00"), interval=10),
        DemoService("Färben", 90, E("65.00"), buffer_after=15, interval=30),
        DemoService("Strähnchen", 120, E("85.00"), buffer_after=15, interval=30),
        DemoService("Bartpflege", 20, E("15.00"), interval=10),
        DemoService("Föhnen & Styling", 30, E("25.00"), interval=15),
        DemoService("Dauerwelle", 120, E("79.00"), buffer_after=15, interval=30),
        DemoService("Hochsteckfrisur", 60, E("55.00"), notice=1440, per_day=2),
    ),
    default_service="Typberatung",
    staff=(
        DemoStaff("Anna Schneider", "Haarmonie Mitte",
                  days(WEEKDAYS, "09:00-13:00", "14:00-18:00") | days("sat", "09:00-14:00"),
                  ("Damenschnitt", "Färben", "Strähnchen", "Föhnen & Styling", "Typberatung"),
                  primary=("Färben", "Strähnchen"), calcom_username="anna-schneider"),
        DemoStaff("Mehmet Yılmaz", "Haarmonie Mitte",
                  days("tue wed thu fri sat", "10:00-14:00", "15:00-19:00"),
                  ("Herrenschnitt", "Bartpflege", "Kinderschnitt"),
                  primary=("Herrenschnitt", "Bartpflege"), calcom_username="mehmet-yilmaz"),
        DemoStaff("Julia Becker", "Haarmonie Prenzlauer Berg",
                  days("mon tue wed thu", "08:00-12:00", "12:30-16:30")
                  | days("fri", "08:00-14:00"),
                  ("Damenschnitt", "Herrenschnitt", "Kinderschnitt", "Dauerwelle",
                   "Föhnen & Styling", "Typberatung"),
                  primary=("Dauerwelle",)),
        DemoStaff("Lukas Hoffmann", "Haarmonie Charlottenburg",
                  days(WEEKDAYS, "09:00-13:00", "13:30-17:30"),
                  ("Herrenschnitt", "Kinderschnitt", "Bartpflege", "Föhnen & Styling"),
                  custom={"Herrenschnitt": Custom(45, E("22.00")), "Bartpflege": Custom(30)}),
        DemoStaff("Sofia Rossi", "Haarmonie Charlottenburg",
                  days("wed thu fri", "11:00-15:00", "15:30-20:00") | days("sat", "09:00-15:00"),
                  ("Damenschnitt", "Färben", "Strähnchen", "Hochsteckfrisur", "Typberatung"),
                  primary=("Hochsteckfrisur",), custom={"Damenschnitt": Custom(None, E("52.00"))}),
    ),
    appointments=("Herrenschnitt", "Damenschnitt", "Färben", "Bartpflege", "Strähnchen",
                  "Kinderschnitt", "Herrenschnitt", "Föhnen & Styling"),
    courses=(
        DemoCourse("Hochsteckfrisuren-Workshop", 8, 5, "18:30", 150, (1, 1, 2, 1)),
        DemoCourse("Barber-Basics für Einsteiger", 6, 9, "19:00", 120, (2, 1, 1, 1, 1)),
    ),
)

DOCTOR = Industry(
    key="doctor",
    company="Hausarztpraxis Dr. Wagner (Demo)",
    branches=("Praxis Altstadt", "Praxis am Stadtpark"),
    services=(
        DemoService("Akutsprechstunde", 10, E("0.00")),
        DemoService("Erstuntersuchung", 40, E("95.00"), buffer_after=10, interval=30,
                    notice=1440, description="Anamnese und körperliche Untersuchung"),
        DemoService("Blutabnahme", 10, E("12.00")),
        DemoService("Impfung", 15, E("25.00"), buffer_after=5),
        DemoService("Gesundheits-Check-up", 30, E("60.00"), buffer_after=10),
        DemoService("EKG", 20, E("35.00"), interval=10),
        DemoService("Ultraschall Abdomen", 30, E("70.00"), buffer_before=5),
        DemoService("Reisemedizinische Beratung", 30, E("45.00"), notice=2880, per_day=3),
    ),
    default_service="Akutsprechstunde",
    staff=(
        DemoStaff("Dr. Thomas Wagner", "Praxis Altstadt",
                  days("mon tue thu", "08:00-12:00", "14:00-18:00")
                  | days("wed fri", "08:00-13:00"),
                  ("Akutsprechstunde", "Erstuntersuchung", "Gesundheits-Check-up",
                   "Ultraschall Abdomen", "Reisemedizinische Beratung", "Impfung"),
                  primary=("Erstuntersuchung", "Gesundheits-Check-up", "Ultraschall Abdomen")),
        DemoStaff("Dr. Elif Demir", "Praxis am Stadtpark",
                  days("mon tue wed thu", "09:00-12:30", "15:00-18:00")
                  | days("fri", "09:00-13:00"),
                  ("Akutsprechstunde", "Erstuntersuchung", "Gesundheits-Check-up", "Impfung",
                   "EKG", "Reisemedizinische Beratung"),
                  primary=("Akutsprechstunde", "Reisemedizinische Beratung"),
                  custom={"Erstuntersuchung": Custom(30)}),
        DemoStaff("Sabine Klein", "Praxis Altstadt",
                  days(WEEKDAYS, "07:30-12:00", "13:00-16:00"),
                  ("Blutabnahme", "Impfung", "EKG"), primary=("Blutabnahme", "Impfung", "EKG")),
        DemoStaff("Jonas Weber", "Praxis am Stadtpark",
                  days(WEEKDAYS, "07:30-11:30", "12:30-15:30"),
                  ("Blutabnahme", "Impfung", "EKG"), custom={"Blutabnahme": Custom(15)}),
    ),
    appointments=("Erstuntersuchung", "Blutabnahme", "Impfung", "Akutsprechstunde",
                  "Gesundheits-Check-up", "Blutabnahme"),
    courses=(
        DemoCourse("Rückenschule", 12, 3, "17:00", 60, (1,) * 12),
        DemoCourse("Diabetes-Schulung", 10, 6, "16:00", 90, (1, 2, 1, 1)),
    ),
)

FITNESS = Industry(
    key="fitness",
    company="FitWerk Studio (Demo)",
    branches=("FitWerk Zentrum", "FitWerk Nord", "FitWerk Süd"),
    services=(
        DemoService("Probetraining", 60, E("0.00"), buffer_after=15, interval=30),
        DemoService("Personal Training", 60, E("79.00"), buffer_after=15, interval=30),
        DemoService("Personal Training Kompakt", 30, E("45.00"), buffer_after=10, interval=15),
        DemoService("Trainingsplan-Erstellung", 45, E("39.00"), interval=15),
        DemoService("Körperanalyse", 20, E("19.00"), buffer_after=5, interval=10),
        DemoService("Massage", 50, E("55.00"), buffer_after=10, interval=30),
        DemoService("Sportmassage", 30, E("35.00"), buffer_after=10, interval=15),
        DemoService("Ernährungsberatung", 60, E("69.00"), interval=30,
                    description="Online per Video"),
        DemoService("Physio-Check", 30, E("40.00"), interval=15),
        DemoService("Mobility-Coaching", 45, E("49.00"), interval=15),
    ),
    default_service="Probetraining",
    staff=(
        DemoStaff("Kevin Braun", "FitWerk Zentrum",
                  days(WEEKDAYS, "06:30-10:30", "16:00-21:00") | days("sat", "09:00-13:00"),
                  ("Personal Training", "Personal Training Kompakt", "Probetraining",
                   "Trainingsplan-Erstellung", "Körperanalyse"),
                  primary=("Personal Training",)),
        DemoStaff("Laura Fischer", "FitWerk Nord",
                  days("mon wed fri", "07:00-12:00", "15:00-20:00")
                  | days("tue thu", "12:00-20:00"),
                  ("Probetraining", "Personal Training", "Mobility-Coaching",
                   "Trainingsplan-Erstellung", "Körperanalyse"),
                  primary=("Probetraining", "Mobility-Coaching", "Körperanalyse"),
                  custom={"Personal Training": Custom(None, E("69.00"))}),
        DemoStaff("Marco Schulz", "FitWerk Süd",
                  days("tue wed thu fri sat", "10:00-14:00", "15:00-19:00"),
                  ("Massage", "Sportmassage", "Physio-Check"),
                  primary=("Massage", "Sportmassage", "Physio-Check")),
        DemoStaff("Emily Clarke", "FitWerk Zentrum",
                  days("mon tue wed thu", "08:00-12:00", "13:00-16:00"),
                  ("Ernährungsberatung", "Trainingsplan-Erstellung"),
                  primary=("Ernährungsberatung",), time_zone="Europe/London",
                  custom={"Trainingsplan-Erstellung": Custom(60, E("49.00"))}),
        DemoStaff("Tim Wolf", "FitWerk Süd",
                  days(WEEKDAYS, "14:00-18:00", "18:30-22:00") | days("sat", "10:00-16:00"),
                  ("Probetraining", "Personal Training", "Personal Training Kompakt",
                   "Sportmassage", "Mobility-Coaching"),
                  custom={"Sportmassage": Custom(40)}),
    ),
    appointments=("Probetraining", "Personal Training", "Massage", "Ernährungsberatung",
                  "Körperanalyse", "Sportmassage"),
    courses=(
        DemoCourse("WOD 18:00", 12, 1, "18:00", 60, (1,) * 12, waitlist=(1, 2)),
        DemoCourse("Yoga am Morgen", 15, 2, "07:00", 60, (1, 1, 2, 1, 1, 1, 1)),
        DemoCourse("Spinning Intervall", 10, 4, "19:00", 45, (2, 1, 1, 2, 1, 1, 1, 1)),
    ),
)

INDUSTRIES: Mapping[str, Industry] = {i.key: i for i in (HAIR, DOCTOR, FITNESS)}
