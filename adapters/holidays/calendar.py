"""Every country's and subdivision's public holidays, from the ``holidays`` library.

Names come in English and, when the country's own language is another, in that one too
(``"Christmas Day / Erster Weihnachtstag"``). A country's holidays are built once per
(country, subdivision, language, years) and kept: they never change while the process runs.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays

from studiobook.domain.appointments.errors import InvalidCompany

_ENGLISH = ("en_US", "en_GB")


@lru_cache(maxsize=256)
def _year(country: str, subdivision: str | None, language: str | None, year: int) -> dict[date, str]:
    found = holidays.country_holidays(country, subdiv=subdivision, years=year, language=language)
    return {day: str(name) for day, name in sorted(found.items())}


@lru_cache(maxsize=1)
def _supported() -> dict[str, list[str]]:
    return {code: list(subdivisions) for code, subdivisions in holidays.list_supported_countries().items()}


@lru_cache(maxsize=64)
def _languages(country: str) -> tuple[str | None, str | None]:
    """(English, the country's own language or ``None`` when that is English)."""
    sample = holidays.country_holidays(country, years=2000)
    native = sample.default_language
    supported = tuple(sample.supported_languages)
    english = next((code for code in _ENGLISH if code in supported), None)
    if native is None or native.startswith("en") or english is None:
        return None, None  # one name: the library's default
    return english, native


class LibraryHolidays:
    def region(self, country: str, subdivision: str | None) -> tuple[str, str | None]:
        code = country.strip().upper()
        subdivisions = _supported().get(code)
        if subdivisions is None:
            raise InvalidCompany(
                f"country {country!r} has no public holiday calendar (ISO 3166-1 codes like DE, GB)"
            )
        if subdivision is None:
            return code, None
        by_case = {s.casefold(): s for s in subdivisions}
        known = by_case.get(subdivision.strip().casefold())
        if known is None:
            listed = ", ".join(subdivisions) if subdivisions else "none"
            raise InvalidCompany(
                f"country {code} has no subdivision {subdivision!r} (known: {listed})"
            )
        return code, known

    def holidays(
        self, country: str, subdivision: str | None, first: date, last: date
    ) -> dict[date, str]:
        english, native = _languages(country)
        found: dict[date, str] = {}
        for year in range(first.year, last.year + 1):
            names = _year(country, subdivision, english, year)
            local = _year(country, subdivision, native, year) if native else names
            for day, name in names.items():
                if first <= day <= last:
                    other = local.get(day, name)
                    found[day] = name if other == name else f"{name} / {other}"
        return found
