"""Public holidays: the port to a holiday calendar and a company's closed days.

The calendar (``HolidayCalendar``) knows every country's and subdivision's holidays; the adapter
(:mod:`studiobook.adapters.holidays`) is the ``holidays`` library. The domain's rule
(:func:`~studiobook.domain.appointments.closures.closed_days`) makes closed days of them with the
company's opt-out and its per-date word.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from studiobook.application.appointments.ports import AppointmentsUnitOfWork
from studiobook.domain.appointments import Company
from studiobook.domain.appointments.closures import closed_days
from studiobook.domain.appointments.errors import InvalidCompany
from studiobook.domain.shared.ids import saved_id


class HolidayCalendar(Protocol):
    def region(self, country: str, subdivision: str | None) -> tuple[str, str | None]:
        """The codes as the calendar spells them; raises :class:`InvalidCompany` with one line
        naming what it does not know (the country, or the subdivision and those it has)."""

    def holidays(
        self, country: str, subdivision: str | None, first: date, last: date
    ) -> dict[date, str]:
        """Date -> the holiday's name (English, and the country's language when it differs:
        ``"Christmas Day / Erster Weihnachtstag"``) for every holiday in ``[first, last]``."""


class NoHolidays:
    """No holiday calendar wired: no public holidays anywhere, and no country can be set."""

    def region(self, country: str, subdivision: str | None) -> tuple[str, str | None]:
        raise InvalidCompany(f"country {country}: no holiday calendar is configured")

    def holidays(
        self, country: str, subdivision: str | None, first: date, last: date
    ) -> dict[date, str]:
        return {}


def public_holidays(
    calendar: HolidayCalendar, company: Company, first: date, last: date
) -> dict[date, str]:
    """The company's public holidays in ``[first, last]`` (none without a country)."""
    if company.country is None or last < first:
        return {}
    return calendar.holidays(company.country, company.subdivision, first, last)


def company_closures(
    uow: AppointmentsUnitOfWork,
    calendar: HolidayCalendar,
    company: Company,
    first: date,
    last: date,
) -> dict[date, str]:
    """Date -> why the company is closed, for its local days ``[first, last]``."""
    found = public_holidays(calendar, company, first, last) if company.closed_on_holidays else {}
    overrides = uow.companies.closure_overrides(saved_id(company), first, last)
    return closed_days(found, overrides, closed_on_holidays=company.closed_on_holidays)
