"""Members: the studio's clients as WODIFY knows them, with the membership they pay for.

WODIFY is the source of truth for members, so these are values: a sync replaces a stored member
with the incoming one. Construction validates and normalises, so every ``Member`` and
``Membership`` in the system is valid — including ones made with ``dataclasses.replace``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from studiobook.domain.members.contacts import (
    check_moment,
    clean_email,
    clean_id,
    clean_name,
    clean_phone,
)
from studiobook.domain.shared.errors import InvalidValue

_CENT = Decimal("0.01")


class InvalidMember(InvalidValue):
    """A member or membership field that can never be valid; the message names the record."""


class MembershipStatus(StrEnum):
    ACTIVE = "active"
    ON_HOLD = "on_hold"
    PENDING = "pending"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


def parse_status(value: object, who: str) -> MembershipStatus:
    if isinstance(value, str):  # every status is one of these texts
        try:
            return MembershipStatus(value)
        except ValueError:
            pass
    allowed = ", ".join(s.value for s in MembershipStatus)
    raise InvalidMember(f"{who}: status '{value}' is not one of {allowed}") from None


def parse_price(value: object, who: str) -> Decimal:
    """A monthly price in whole cents, >= 0; strings and ints are accepted, floats are not
    (a float has already lost the cents before it gets here)."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, str)):
        raise InvalidMember(f"{who}: monthly price {value!r} is not a number")
    try:
        price = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise InvalidMember(f"{who}: monthly price {value!r} is not a number") from None
    if not price.is_finite():
        raise InvalidMember(f"{who}: monthly price {value!r} is not a number")
    if price < 0:
        raise InvalidMember(f"{who}: monthly price {price} is negative")
    try:
        in_cents = price.quantize(_CENT)
    except InvalidOperation:  # more digits than a Decimal context holds
        raise InvalidMember(f"{who}: monthly price {price} is too large") from None
    if price != in_cents:
        raise InvalidMember(f"{who}: monthly price {price} has more than two decimal places")
    return in_cents


def check_day(value: object, what: str, who: str) -> None:
    # A datetime is a date too, but a membership runs in whole days.
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidMember(f"{who}: {what} {value!r} is not a calendar date")


def _set(obj: object, **values: object) -> None:
    for name, value in values.items():
        object.__setattr__(obj, name, value)


@dataclass(frozen=True)
class Membership:
    """What a member pays for: a package (``membership_type``) at a monthly price, from a start
    date to an optional end date (an open-ended membership has none)."""

    membership_id: str
    membership_type: str
    status: MembershipStatus
    monthly_price: Decimal
    start_date: date
    end_date: date | None = None

    def __post_init__(self) -> None:
        membership_id = clean_id(self.membership_id, "membership", InvalidMember)
        who = f"membership {membership_id}"
        check_day(self.start_date, "start date", who)
        if self.end_date is not None:
            check_day(self.end_date, "end date", who)
        if self.end_date is not None and self.end_date < self.start_date:
            raise InvalidMember(
                f"{who}: end date {self.end_date} is before start date {self.start_date}"
            )
        _set(
            self,
            membership_id=membership_id,
            membership_type=clean_name(self.membership_type, "membership type", who, InvalidMember),
            status=parse_status(self.status, who),
            monthly_price=parse_price(self.monthly_price, who),
        )


@dataclass(frozen=True)
class Member:
    """A WODIFY client. ``membership`` is ``None`` for a client without one (WODIFY allows it).

    ``updated_at`` is when WODIFY last changed the client; it says nothing about the content, so
    :func:`studiobook.domain.shared.changes.changed_fields` leaves it out by default.
    """

    client_id: str
    first_name: str
    last_name: str
    email: str
    phone: str | None
    membership: Membership | None
    updated_at: datetime

    def __post_init__(self) -> None:
        client_id = clean_id(self.client_id, "client", InvalidMember)
        who = f"client {client_id}"
        if self.membership is not None and not isinstance(self.membership, Membership):
            raise InvalidMember(f"{who}: membership must be a Membership, not {self.membership!r}")
        _set(
            self,
            client_id=client_id,
            first_name=clean_name(self.first_name, "first name", who, InvalidMember),
            last_name=clean_name(self.last_name, "last name", who, InvalidMember),
            email=clean_email(self.email, who, InvalidMember),
            phone=clean_phone(self.phone, who, InvalidMember),
            updated_at=check_moment(self.updated_at, "updated_at", who, InvalidMember),
        )

    # Flat read access for listings and row mapping; the values live on ``membership``.
    @property
    def status(self) -> MembershipStatus | None:
        return self.membership.status if self.membership else None

    @property
    def monthly_price(self) -> Decimal | None:
        return self.membership.monthly_price if self.membership else None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class MembershipPackage:
    """A membership the studio sells (what ``membership_type`` names), for the sales desk."""

    package_id: str
    name: str
    monthly_price: Decimal
    description: str = ""

    def __post_init__(self) -> None:
        package_id = clean_id(self.package_id, "package", InvalidMember)
        who = f"package {package_id}"
        _set(
            self,
            package_id=package_id,
            name=clean_name(self.name, "package name", who, InvalidMember),
            monthly_price=parse_price(self.monthly_price, who),
            description=self.description.strip() if isinstance(self.description, str) else "",
        )
