"""Contact details shared by members and leads: ids, names, e-mail, phone, timestamps.

Each check takes the record's name (``who``) and the error class to raise, so a sync error reads
"client 42: 'x@' is not a valid e-mail address" and is raised as that record's kind of error.
"""

from __future__ import annotations

import re
from datetime import datetime

from studiobook.domain.shared.customers import normalise_email
from studiobook.domain.shared.errors import InvalidCustomer, InvalidValue

# Digits with the usual separators (the digit count is checked separately).
_PHONE = re.compile(r"^\+?[0-9 ()./-]+$")
MAX_NAME = 100


def clean_name(value: object, what: str, who: str, error: type[InvalidValue]) -> str:
    cleaned = value.strip() if isinstance(value, str) else ""
    if not cleaned:
        raise error(f"{who}: {what} is required")
    if len(cleaned) > MAX_NAME:
        raise error(f"{who}: {what} can have at most {MAX_NAME} characters")
    return cleaned


def clean_email(value: object, who: str, error: type[InvalidValue]) -> str:
    try:
        return normalise_email(value if isinstance(value, str) else "")
    except InvalidCustomer:
        raise error(f"{who}: '{value}' is not a valid e-mail address") from None


def clean_phone(value: object, who: str, error: type[InvalidValue]) -> str | None:
    """Phones are optional; a given one must look like a number someone could dial (5 to 20
    digits), so placeholders such as "n/a" or "-" are caught."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    cleaned = value.strip() if isinstance(value, str) else ""
    digits = sum(ch.isdigit() for ch in cleaned)
    if not _PHONE.match(cleaned) or not 5 <= digits <= 20:
        raise error(f"{who}: '{value}' is not a valid phone number")
    return cleaned


def clean_id(value: object, what: str, error: type[InvalidValue]) -> str:
    """External ids are kept as text: WODIFY sends numbers, other systems may not."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise error(f"{what} id {value!r} is not an id")
    cleaned = str(value).strip()
    if not cleaned:
        raise error(f"a {what} id is required")
    return cleaned


def check_moment(value: object, what: str, who: str, error: type[InvalidValue]) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise error(f"{who}: {what} must be a date and time with a UTC offset")
    return value
