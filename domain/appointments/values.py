"""Checks shared by the scheduling entities; each takes the record's name (``who``) and the error
class to raise, so a message reads "event type 7: duration 0 must be 1 to 1440 minutes"."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Literal, overload

from studiobook.domain.shared.errors import InvalidValue

# Ids are whatever the store assigns: integers (SQL) or text (UUIDs, Cal.com ids).
Id = int | str

MAX_NAME = 100
_CENT = Decimal("0.01")


def set_fields(obj: object, **values: object) -> None:
    """Assign normalised values on a frozen dataclass from its ``__post_init__``."""
    for name, value in values.items():
        object.__setattr__(obj, name, value)


@overload
def clean_id(
    value: object, what: str, error: type[InvalidValue], optional: Literal[False] = False
) -> Id: ...


@overload
def clean_id(value: object, what: str, error: type[InvalidValue], optional: bool) -> Id | None: ...


def clean_id(
    value: object, what: str, error: type[InvalidValue], optional: bool = False
) -> Id | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise error(f"{what} id {value!r} is not an id (a number or a text)")
    if isinstance(value, str):
        value = value.strip()
        if not value:
            raise error(f"a {what} id is required")
    return value


def clean_name(value: object, what: str, who: str, error: type[InvalidValue]) -> str:
    cleaned = value.strip() if isinstance(value, str) else ""
    if not cleaned:
        raise error(f"{who}: {what} is required")
    if len(cleaned) > MAX_NAME:
        raise error(f"{who}: {what} can have at most {MAX_NAME} characters")
    return cleaned


def clean_optional_text(
    value: object, what: str, who: str, error: type[InvalidValue]
) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return clean_name(value, what, who, error)


def check_flag(value: object, what: str, who: str, error: type[InvalidValue]) -> bool:
    if not isinstance(value, bool):
        raise error(f"{who}: {what} must be true or false, got {value!r}")
    return value


def check_minutes(
    value: object,
    what: str,
    who: str,
    error: type[InvalidValue],
    low: int,
    high: int,
    optional: bool = False,
) -> int | None:
    """Whole minutes in ``low..high``."""
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise error(f"{who}: {what} {value!r} must be {low} to {high} whole minutes")
    return value


def check_moment(value: object, what: str, who: str, error: type[InvalidValue]) -> datetime:
    """An aware datetime, returned in UTC."""
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise error(f"{who}: {what} must be a date and time with a UTC offset, got {value!r}")
    return value.astimezone(UTC)


def parse_money(value: object, what: str, who: str, error: type[InvalidValue]) -> Decimal:
    """An amount >= 0 in whole cents; ``Decimal``, int and str are accepted, float is not (it has
    lost the cents before it gets here)."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, str)):
        raise error(f"{who}: {what} {value!r} is not an amount such as 35.00")
    try:
        amount = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise error(f"{who}: {what} {value!r} is not an amount such as 35.00") from None
    if not amount.is_finite():
        raise error(f"{who}: {what} {value!r} is not an amount such as 35.00")
    if amount < 0:
        raise error(f"{who}: {what} {amount} is negative")
    if amount != amount.quantize(_CENT):
        raise error(f"{who}: {what} {amount} has more than two decimal places")
    return amount.quantize(_CENT)
