"""Who may book a course, and until when a customer may cancel (SPEC 2.1a).

A course (or the timetable it came from) carries three optional rules: ``members_only`` (the
customer's e-mail must belong to an *active* member of the local WODIFY copy), ``opens_before``
(the class drop: booking opens that long before the start) and ``cancel_cutoff`` (customers
cannot cancel later than that before the start). They are checked by the course itself, inside
the transaction that checks the seats, so a decision never rests on a stale read.

Who asks matters: customers are held to every rule; an operator may book past them
(``override=True``, recorded in the audit trail) and may always cancel — the front desk has to be
able to fix what a customer cannot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from studiobook.domain.members.member import MembershipStatus
from studiobook.domain.shared.errors import (
    BookingNotOpen,
    CancelCutoffPassed,
    CourseClosed,
    InvalidCourse,
    MembershipRequired,
)

LONGEST_RULE = timedelta(days=366)


class Booker(StrEnum):
    """Who makes a booking or cancels one."""

    CUSTOMER = "customer"
    OPERATOR = "operator"


def minutes_rule(minutes: object, what: str) -> timedelta | None:
    """A rule's length from whole minutes (``None``: no rule); between 0 and a year."""
    if minutes is None:
        return None
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise InvalidCourse(f"{what} must be a whole number of minutes, got {minutes!r}")
    if minutes < 0 or timedelta(minutes=minutes) > LONGEST_RULE:
        raise InvalidCourse(f"{what} must be between 0 and {LONGEST_RULE.days} days, got {minutes} minutes")
    return timedelta(minutes=minutes)


@dataclass(frozen=True)
class BookingRules:
    members_only: bool = False
    opens_before: timedelta | None = None
    cancel_cutoff: timedelta | None = None

    @classmethod
    def of(
        cls,
        members_only: bool = False,
        opens_before_minutes: int | None = None,
        cancel_cutoff_minutes: int | None = None,
    ) -> BookingRules:
        if not isinstance(members_only, bool):
            raise InvalidCourse(f"members_only must be true or false, got {members_only!r}")
        return cls(
            members_only,
            minutes_rule(opens_before_minutes, "opens before"),
            minutes_rule(cancel_cutoff_minutes, "cancel cutoff"),
        )

    @property
    def opens_before_minutes(self) -> int | None:
        return _minutes(self.opens_before)

    @property
    def cancel_cutoff_minutes(self) -> int | None:
        return _minutes(self.cancel_cutoff)

    def opens_at(self, starts_at: datetime | None) -> datetime | None:
        """When booking opens (``None``: it always was open)."""
        if self.opens_before is None or starts_at is None:
            return None
        return starts_at - self.opens_before

    def cancel_until(self, starts_at: datetime | None) -> datetime | None:
        """The last instant a customer may cancel (``None``: no cutoff)."""
        if self.cancel_cutoff is None or starts_at is None:
            return None
        return starts_at - self.cancel_cutoff

    def check_booking(
        self,
        course_id: object,
        starts_at: datetime | None,
        now: datetime,
        email: str,
        membership: MembershipStatus | None,
        zone: str | None,
    ) -> None:
        """Raise the rule that refuses this customer now; ``membership`` is the status of the
        member with the customer's e-mail (``None``: no such member)."""
        if starts_at is not None and now >= starts_at:
            raise CourseClosed(course_id, f"it started at {shown(starts_at, zone)}")
        opens_at = self.opens_at(starts_at)
        if opens_at is not None and now < opens_at:
            raise BookingNotOpen(course_id, shown(opens_at, zone))
        if self.members_only and membership is not MembershipStatus.ACTIVE:
            raise MembershipRequired(
                course_id, email, None if membership is None else membership.value
            )

    def check_customer_cancel(
        self, booking_id: object, starts_at: datetime | None, now: datetime, zone: str | None
    ) -> None:
        until = self.cancel_until(starts_at)
        if until is not None and now > until:
            raise CancelCutoffPassed(booking_id, shown(until, zone))


def shown(moment: datetime, zone: str | None) -> str:
    """An instant as the studio's customers read it: wall-clock time in the studio's zone."""
    if zone is None:
        return moment.isoformat(timespec="minutes")
    return f"{moment.astimezone(ZoneInfo(zone)):%Y-%m-%d %H:%M} {zone}"


def _minutes(length: timedelta | None) -> int | None:
    return None if length is None else int(length.total_seconds() // 60)
