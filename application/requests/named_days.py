"""The names of days a caller may say, for the request parser: the company's public holidays
for the coming year from the holiday calendar (names in English and the country's language:
``"Christmas Day / Erster Weihnachtstag"`` gives both), name -> date. The parser adds the days
no public-holiday calendar lists (Heiligabend, Silvester, ...). No country: no holidays named.
"""

from __future__ import annotations

from datetime import date, timedelta

from studiobook.application.appointments.holidays import HolidayCalendar, public_holidays
from studiobook.domain.appointments.company import Company

AHEAD = timedelta(days=365)


def named_days(calendar: HolidayCalendar, company: Company, today: date) -> dict[str, date]:
    """Holiday name -> its date, for every holiday of ``company`` in ``[today, today + 1 year]``
    (a name said twice in that year keeps its first date)."""
    found: dict[str, date] = {}
    for day, names in sorted(public_holidays(calendar, company, today, today + AHEAD).items()):
        for name in names.split(" / "):
            found.setdefault(name.strip(), day)
    return found
