"""Seeded, realistic WODIFY records for the fake server: the same seed gives the same studio.

Prices come both as JSON numbers and as strings (WODIFY is not consistent either), names mix
German and English spellings with umlauts, and some clients have no membership at all.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

FIRST_NAMES = (
    "Anna",
    "Lukas",
    "Sophie",
    "Maximilian",
    "Marie",
    "Paul",
    "Lena",
    "Felix",
    "Emma",
    "Jonas",
    "Mia",
    "Leon",
    "Hannah",
    "Finn",
    "Laura",
    "Niklas",
    "Jürgen",
    "Björn",
    "Zoë",
    "Gülay",
    "Oliver",
    "Charlotte",
    "James",
    "Amelia",
    "Harry",
    "Olivia",
    "Jack",
    "Isla",
    "George",
    "Emily",
)
LAST_NAMES = (
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Groß",
    "Krüger",
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Evans",
    "O'Brien",
    "Hartmann",
)
MAIL_DOMAINS = ("example.com", "example.de", "mail.example.org")
# id, name, monthly price, description
PACKAGES = (
    (1, "Unlimited", "129.00", "Unbegrenzt trainieren, alle Kurse"),
    (2, "3x pro Woche", "99.00", "Drei Kurse pro Woche"),
    (3, "2x pro Woche", "79.00", "Zwei Kurse pro Woche"),
    (4, "Open Gym", "59.00", "Freies Training ohne Kurse"),
    (5, "Student", "69.00", "Unlimited mit Studierendenausweis"),
)
MEMBERSHIP_STATUSES = (
    ("active", 70),
    ("on_hold", 8),
    ("pending", 7),
    ("cancelled", 10),
    ("expired", 5),
)
LEAD_STATUSES = (("new", 35), ("contacted", 25), ("trial", 15), ("converted", 10), ("lost", 15))
INTERESTS = ("CrossFit", "Yoga", "Personal Training", "Open Gym", "Kids Class", None)
MESSAGES = (
    "Ich möchte gern ein Probetraining machen.",
    "Do you offer beginner classes?",
    "Gibt es einen Studentenrabatt?",
    None,
)
NOTES = ("Rückruf vereinbart", "Called back, interested in mornings", None, None)

CLIENT_IDS_FROM = 1001
MEMBERSHIP_IDS_FROM = 5001
LEAD_IDS_FROM = 9001
_FIRST_DAY = date(2022, 1, 1)


def timestamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def packages_json() -> list[dict[str, Any]]:
    return [
        {"id": pid, "name": name, "monthly_price": price, "description": text}
        for pid, name, price, text in PACKAGES
    ]


def ascii_name(name: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ë": "e", "'": ""})
    return "".join(ch for ch in name.lower().translate(table) if ch.isalnum())


class StudioGenerator:
    """Makes clients and leads one by one from a seeded random source."""

    def __init__(self, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.today = today

    def _pick(self, weighted: tuple[tuple[str, int], ...]) -> str:
        return self.rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]

    def _person(self, number: int) -> dict[str, Any]:
        first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
        email = f"{ascii_name(first)}.{ascii_name(last)}{number}@{self.rng.choice(MAIL_DOMAINS)}"
        return {"first_name": first, "last_name": last, "email": email, "phone": self._phone()}

    def _phone(self) -> str | None:
        roll = self.rng.random()
        if roll < 0.1:
            return None
        if roll < 0.7:
            return f"+49 15{self.rng.randint(1, 9)} {self.rng.randint(1000000, 9999999)}"
        return f"+44 7700 {self.rng.randint(100000, 999999)}"

    def _updated_at(self) -> str:
        seconds = self.rng.randint(0, 300 * 86400)
        return timestamp(
            datetime(self.today.year, self.today.month, self.today.day) - timedelta(seconds=seconds)
        )

    def _price(self, text: str) -> Any:
        # Same amount, three spellings: "129.00", 129.0 and 129.
        shape = self.rng.randrange(3)
        if shape == 0:
            return text
        amount = float(text)
        return int(amount) if shape == 2 and amount.is_integer() else amount

    def membership(self, membership_id: int) -> dict[str, Any]:
        _, name, price, _ = self.rng.choice(PACKAGES)
        status = self._pick(MEMBERSHIP_STATUSES)
        start = _FIRST_DAY + timedelta(days=self.rng.randint(0, (self.today - _FIRST_DAY).days))
        end = None
        if status in ("cancelled", "expired"):
            end = start + timedelta(days=self.rng.randint(0, (self.today - start).days))
        elif self.rng.random() < 0.2:  # a fixed-term contract
            end = start + timedelta(days=365)
        return {
            "id": membership_id,
            "type": name,
            "status": status,
            "monthly_price": self._price(price),
            "start_date": start.isoformat(),
            "end_date": end.isoformat() if end else None,
        }

    def client(self, client_id: int, membership_id: int) -> dict[str, Any]:
        membership = self.membership(membership_id) if self.rng.random() >= 0.05 else None
        person = self._person(client_id)
        return {
            "id": client_id,
            **person,
            "updated_at": self._updated_at(),
            "membership": membership,
        }

    def lead(self, lead_id: int) -> dict[str, Any]:
        status = self._pick(LEAD_STATUSES)
        return {
            "id": lead_id,
            **self._person(lead_id),
            "status": status,
            "interested_in": self.rng.choice(INTERESTS),
            "message": self.rng.choice(MESSAGES),
            "notes": self.rng.choice(NOTES) if status != "new" else None,
            "updated_at": self._updated_at(),
        }
