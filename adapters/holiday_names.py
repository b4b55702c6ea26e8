"""Names of days for the request parser: holiday name -> date, from the ``holidays`` library.

The parser (:func:`studiobook.domain.requests.parse_request`) takes ``named_days`` as input; this
builds it for a country: every holiday of the country and of each of its subdivisions (a caller
in Berlin still means 27 May by "Fronleichnam"), named in each language asked for that the library
has, from ``first`` for ``days`` days. A name that falls on several dates keeps the earliest;
"(observed)" substitute days are left out. Built once per (countries, languages, first, days).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache

import holidays

LANGUAGES = ("de", "en_US", "en_GB")


def named_days(
    first: date,
    countries: Sequence[str] = ("DE",),
    languages: Sequence[str] = LANGUAGES,
    days: int = 366,
) -> dict[str, date]:
    """Holiday name -> its first date in ``[first, first + days)`` for ``countries``."""
    return dict(_named_days(first, tuple(countries), tuple(languages), days))


@lru_cache(maxsize=64)
def _named_days(
    first: date, countries: tuple[str, ...], languages: tuple[str, ...], days: int
) -> tuple[tuple[str, date], ...]:
    last = first + timedelta(days=days - 1)
    years = list(range(first.year, last.year + 1))
    found: dict[str, date] = {}
    for country in countries:
        code = country.strip().upper()
        supported = holidays.list_supported_countries().get(code)
        if supported is None:
            continue
        default = holidays.country_holidays(code, years=first.year)
        known_languages = set(default.supported_languages)
        wanted: list[str | None] = [lang for lang in languages if lang in known_languages]
        for subdivision in (None, *supported):
            for language in wanted or [None]:
                calendar = holidays.country_holidays(
                    code, subdiv=subdivision, years=years, language=language
                )
                for day, names in calendar.items():
                    if not first <= day <= last:
                        continue
                    for name in str(names).split("; "):
                        if "(" in name or not name.strip():
                            continue
                        if name not in found or day < found[name]:
                            found[name] = day
    return tuple(sorted(found.items()))
