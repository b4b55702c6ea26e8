"""The language a browser or app asks for in ``Accept-Language`` (RFC 9110 12.5.4), as one of
the languages studiobook writes in."""

from __future__ import annotations

from studiobook.domain.notifications.languages import DEFAULT_LANGUAGE
from studiobook.domain.notifications.messages import LANGUAGES, Language


def preferred_language(header: str | None) -> Language:
    """The supported language with the highest q-value (the first listed of equal ones);
    ``de`` when the header names none of them. ``en-GB`` counts as ``en``; ``q=0`` means
    "not this one"; a malformed entry is skipped, never an error."""
    ranked: list[tuple[float, int, Language]] = []
    for position, entry in enumerate((header or "").split(",")[:50]):
        tag, _, params = entry.partition(";")
        primary = tag.strip().split("-")[0].lower()
        weight = _weight(params)
        language = next((lang for lang in LANGUAGES if lang == primary), None)
        if language is not None and weight is not None and weight > 0:
            ranked.append((-weight, position, language))
    return min(ranked)[2] if ranked else DEFAULT_LANGUAGE


def _weight(params: str) -> float | None:
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                weight = float(value.strip())
            except ValueError:
                return None
            return weight if 0 <= weight <= 1 else None
    return 1.0
