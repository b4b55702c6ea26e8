"""Deterministic content for the fake Cal.com: a demo hair salon team, and generated members.

The salon matches ``studiobook seed``'s hair salon where the two meet (usernames such as
``anna-schneider``, German service names, Berlin hours), so a demo can sync it and find staff by
username. Generated members come from a seeded generator: the same seed, the same people.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# A weekly schedule: wall-clock ranges per weekday in the user's zone.
Schedule = Mapping[str, tuple[tuple[str, str], ...]]

DEMO_TEAM_ID = 4711
USER_IDS_FROM = 101
MEMBERSHIP_IDS_FROM = 501
EVENT_TYPE_IDS_FROM = 801
BOOKING_IDS_FROM = 90001
DEMO_TIME_ZONE = "Europe/Berlin"


def hours(days: str, *ranges: str) -> dict[str, tuple[tuple[str, str], ...]]:
    """``hours("mon tue", "09:00-13:00")`` -> ``{"mon": (("09:00", "13:00"),), "tue": ...}``."""
    spans = tuple(tuple(r.split("-")) for r in ranges)
    return {day: spans for day in days.split()}  # type: ignore[misc]


OFFICE_HOURS = hours("mon tue wed thu fri", "09:00-17:00")


@dataclass(frozen=True)
class DemoMember:
    username: str
    name: str
    role: str
    schedule: Schedule
    time_zone: str = DEMO_TIME_ZONE

    @property
    def email(self) -> str:
        return f"{self.username.replace('-', '.')}@haarmonie.example"


@dataclass(frozen=True)
class DemoEventType:
    title: str
    length: int
    price: Decimal
    hosts: tuple[str, ...]
    interval: int | None = None
    before: int = 0
    after: int = 0
    notice: int = 0
    description: str = ""
    hidden: bool = False
    scheduling: str = "ROUND_ROBIN"
    extra: Mapping[str, object] = field(default_factory=dict)


SALON_NAME = "Salon Haarmonie"
SALON_MEMBERS = (
    DemoMember("anna-schneider", "Anna Schneider", "OWNER",
               hours("mon tue wed thu fri", "09:00-13:00", "14:00-18:00")
               | hours("sat", "09:00-14:00")),
    DemoMember("mehmet-yilmaz", "Mehmet Yılmaz", "MEMBER",
               hours("tue wed thu fri sat", "10:00-14:00", "15:00-19:00")),
    DemoMember("julia-becker", "Julia Becker", "ADMIN",
               hours("mon tue wed thu", "08:00-12:00", "12:30-16:30")
               | hours("fri", "08:00-14:00")),
    DemoMember("lukas-hoffmann", "Lukas Hoffmann", "MEMBER",
               hours("mon tue wed thu fri", "09:00-13:00", "13:30-17:30")),
    DemoMember("sofia-rossi", "Sofia Rossi", "MEMBER",
               hours("wed thu fri", "11:00-15:00", "15:30-20:00") | hours("sat", "09:00-15:00")),
)
E = Decimal
SALON_EVENT_TYPES = (
    DemoEventType("Herrenschnitt", 30, E("28.00"),
                  ("mehmet-yilmaz", "julia-becker", "lukas-hoffmann"), interval=15, after=5),
    DemoEventType("Damenschnitt", 45, E("45.00"),
                  ("anna-schneider", "julia-becker", "sofia-rossi"), interval=15, after=10,
                  description="Waschen, Schneiden, Föhnen"),
    DemoEventType("Färben", 90, E("65.00"), ("anna-schneider", "sofia-rossi"),
                  interval=30, after=15),
    DemoEventType("Bartpflege", 20, E("15.00"), ("mehmet-yilmaz", "lukas-hoffmann"),
                  interval=10),
    DemoEventType("Hochsteckfrisur", 60, E("55.00"), ("sofia-rossi",), notice=1440),
    DemoEventType("Brautstyling Probetermin", 90, E("120.00"),
                  ("anna-schneider", "sofia-rossi"), hidden=True, scheduling="COLLECTIVE",
                  description="Nur nach Rücksprache"),
)

_FIRST = ("Lena", "Jonas", "Mia", "Paul", "Hannah", "Leon", "Emma", "Felix", "Lea", "Noah",
          "Marie", "Elias", "Sophie", "Ben", "Clara", "Finn", "Ida", "Karl", "Greta", "Ole")
_LAST = ("Müller", "Schmidt", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Koch",
         "Richter", "Klein", "Wolf", "Neumann", "Schwarz", "Krüger", "Hartmann", "Lange")
_ASCII = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i"})


def generated_members(count: int, seed: int) -> list[DemoMember]:
    """``count`` more team members with office hours; usernames are unique (numbered)."""
    rng = random.Random(seed)
    members = []
    for n in range(1, count + 1):
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        username = f"{first}-{last}-{n}".lower().translate(_ASCII)
        members.append(DemoMember(username, f"{first} {last}", "MEMBER", OFFICE_HOURS))
    return members


def booking_uid(rng: random.Random) -> str:
    """22 characters like Cal.com's booking uids."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
    return "".join(rng.choice(alphabet) for _ in range(22))
