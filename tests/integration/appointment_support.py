"""A salon set up through the real use-cases on a real database, and a counter of SELECTs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, event

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 11, 30)  # the FakeClock says 2026-11-27 09:00 UTC, a Friday
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
SPLIT_DAY = ["09:00-12:00", "13:00-17:00"]


def at(hour: int, minute: int = 0, day: date = MONDAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


def whole(day: date = MONDAY, days: int = 1) -> tuple[datetime, datetime]:
    return at(0, day=day), at(0, day=day + timedelta(days=days))


@dataclass
class Salon:
    company: object
    cut: object  # 30 minutes on a 15-minute grid: starts 10:00 and 10:15 overlap
    staff: list

    @property
    def id(self):
        return self.company.id

    @property
    def anna(self):
        return self.staff[0]


def open_salon(container, staff: int = 2, name: str = "Salon Schnittig") -> Salon:
    company = container.companies().create(
        name, default_event_type={"name": "Beratung", "duration_minutes": 30}
    )
    cut = container.event_types().add(
        company.id, "Herrenschnitt", 30, price="25.00", slot_interval_minutes=15
    )
    hours = {"weekly": {day: SPLIT_DAY for day in WEEKDAYS}}
    members = [
        container.staffing().add(company.id, f"Person {i}", working_hours=hours)
        for i in range(staff)
    ]
    for member in members:
        container.assignments().assign(company.id, member.id, cut.id)
    return Salon(company, cut, members)


class SelectCounter:
    """Counts the SELECT statements an engine runs while the ``with`` block is open."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.statements: list[str] = []

    def _seen(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)

    def __enter__(self) -> SelectCounter:
        event.listen(self.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)
