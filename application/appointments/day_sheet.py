"""The appointments calendar of the admin app: a company's staff (all, or one branch's) and their
appointments for a day or a week, read in one transaction.

Days are the company's local days and hours its wall-clock hours: a day is expanded from local
midnight to the next local midnight before it is compared in UTC, so a day on which the clocks
change is 23 or 25 hours long and every appointment still shows at the time the studio's clocks
say. "Today" is the injected clock's, in the company's zone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from studiobook.application.appointments.ports import AppointmentsUnitOfWork
from studiobook.application.appointments.tenancy import branch_of, company_of
from studiobook.application.shared.ports import Clock
from studiobook.application.shared.transactions import Transactions
from studiobook.domain.appointments import Appointment, Branch, Company, EventType, Staff
from studiobook.domain.appointments.values import Id
from studiobook.domain.appointments.zones import instant, wall_time_to_instant
from studiobook.domain.shared.errors import InvalidValue

WEEK = 7
FIRST_HOUR, LAST_HOUR = 8, 18  # shown at least: [08:00, 19:00)


class InvalidLocalTime(InvalidValue):
    """A wall-clock time the company's clocks never show (skipped when they jump forward)."""


def local_start(zone_name: str, day: date, at: time) -> datetime:
    """``day`` at ``at`` on the company's wall clocks, as an aware datetime in that zone (so a
    refusal speaks the zone back). A time the clocks skip is refused; a repeated one (autumn) is
    its first occurrence."""
    zone = ZoneInfo(zone_name)
    wall = datetime.combine(day, at.replace(second=0, microsecond=0))
    moment = wall.replace(tzinfo=zone, fold=0)
    if moment.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall:
        raise InvalidLocalTime(
            f"{wall:%H:%M} on {day.isoformat()} does not exist in {zone_name}: the clocks "
            "skip that hour; choose another time"
        )
    return moment


@dataclass(frozen=True)
class DaySheet:
    """What the calendar shows: ``days`` (one, or a week from Monday) in the company's zone,
    a column per staff member in ``staff`` (active ones, and inactive ones that have an
    appointment shown), the appointments of those staff members overlapping the days."""

    company: Company
    branches: tuple[Branch, ...]
    branch_id: Id | None
    days: tuple[date, ...]
    today: date
    staff: tuple[Staff, ...]
    event_types: tuple[EventType, ...]
    appointments: tuple[Appointment, ...]

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.company.time_zone)

    @property
    def bookable_staff(self) -> tuple[Staff, ...]:
        return tuple(m for m in self.staff if m.active)

    @property
    def bookable_event_types(self) -> tuple[EventType, ...]:
        return tuple(t for t in self.event_types if t.active)

    def event_type_name(self, event_type_id: Id) -> str:
        return next((t.name for t in self.event_types if t.id == event_type_id), "—")

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def hours(self) -> range:
        """The local hours shown: 08:00 to 18:00 at least, widened to every appointment shown
        and every working hour of the staff on the days shown."""
        low, high = FIRST_HOUR, LAST_HOUR
        for appointment in self.appointments:
            local = self.local(appointment.start)
            if local.date() in self.days:  # not one that began the evening before
                low, high = min(low, local.hour), max(high, local.hour)
        for member in self.staff:
            if member.time_zone != self.company.time_zone:
                continue
            for day in self.days:
                for hours in member.working_hours.ranges_on(day):
                    low = min(low, hours.start // 60)
                    high = max(high, (hours.end - 1) // 60)
        return range(low, high + 1)

    def rows(self) -> Iterator[tuple[date, int]]:
        """``(day, hour)`` for each row of the calendar, day by day."""
        for day in self.days:
            for hour in self.hours():
                yield day, hour

    def at(self, staff_id: Id | None, day: date, hour: int) -> list[Appointment]:
        """The staff member's appointments that start on ``day`` within local ``hour``."""
        return [
            a
            for a in self.appointments
            if a.staff_id == staff_id
            and (self.local(a.start).date(), self.local(a.start).hour) == (day, hour)
        ]

    def working(self, member: Staff, day: date, hour: int) -> bool:
        """Whether ``member`` works during some of local ``hour`` on ``day`` (in their zone)."""
        begin = self.local_hour(day, hour)
        if begin is None:
            return False
        there = begin.astimezone(member.zone)
        minute = there.hour * 60 + there.minute
        return any(
            r.start < minute + 60 and minute < r.end
            for r in member.working_hours.ranges_on(there.date())
        )

    def local_hour(self, day: date, hour: int) -> datetime | None:
        """The instant local ``hour`` begins on ``day``; ``None`` when the clocks skip it."""
        try:
            return local_start(self.company.time_zone, day, time(hour))
        except InvalidLocalTime:
            return None


@dataclass
class DaySheets:
    transactions: Transactions
    clock: Clock

    def day(self, company_id: Id, day: date | None = None, *, branch_id: Id | None = None) -> DaySheet:
        """One local day (``None``: today in the company's zone)."""
        return self._sheet(company_id, day, 1, branch_id)

    def week(self, company_id: Id, day: date | None = None, *, branch_id: Id | None = None) -> DaySheet:
        """The week (Monday to Sunday) that holds ``day`` (``None``: today)."""
        return self._sheet(company_id, day, WEEK, branch_id)

    def _sheet(self, company_id: Id, day: date | None, length: int, branch_id: Id | None) -> DaySheet:
        now = self.clock.now()

        def read(uow: AppointmentsUnitOfWork) -> DaySheet:
            company = company_of(uow, company_id)
            if branch_id is not None:
                branch_of(uow, company_id, branch_id)
            zone = ZoneInfo(company.time_zone)
            today = now.astimezone(zone).date()
            first = day or today
            if length == WEEK:
                first -= timedelta(days=first.weekday())
            days = tuple(first + timedelta(days=n) for n in range(length))
            start = instant(wall_time_to_instant(zone, days[0], 0))
            end = instant(wall_time_to_instant(zone, days[-1] + timedelta(days=1), 0))
            staff = uow.staff.list(company_id, branch_id=branch_id)
            ids = {m.id for m in staff}
            booked = [
                a
                for a in uow.appointments.list(company_id, start=start, end=end)
                if a.staff_id in ids
            ]
            busy = {a.staff_id for a in booked}
            shown = [m for m in staff if m.active or m.id in busy]
            return DaySheet(
                company=company,
                branches=tuple(uow.branches.list(company_id)),
                branch_id=branch_id,
                days=days,
                today=today,
                staff=tuple(sorted(shown, key=lambda m: (m.name, m.id or 0))),
                event_types=tuple(
                    sorted(uow.event_types.list(company_id), key=lambda t: (t.name, t.id or 0))
                ),
                appointments=tuple(sorted(booked, key=lambda a: (a.start, a.id or 0))),
            )

        return self.transactions.read(read)
