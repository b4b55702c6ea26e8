"""A course's booking rules (SPEC 2.1a): members only, the class drop, the cancellation cutoff —
and who they hold: customers always, operators only where the studio's front desk could not
help otherwise."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from studiobook.domain.courses.bookings import Booking, BookingStatus
from studiobook.domain.courses.course import Course
from studiobook.domain.courses.rules import Booker, BookingRules, shown
from studiobook.domain.members.member import MembershipStatus
from studiobook.domain.shared.customers import Customer
from studiobook.domain.shared.errors import (
    BookingNotOpen,
    BookingRefused,
    CancelCutoffPassed,
    CourseClosed,
    InvalidCourse,
    MembershipRequired,
)

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
STARTS = NOW + timedelta(days=2)  # Sunday 29 November, 10:00 in Berlin
ADA = Customer.of("Ada", "ada@example.org")
CUSTOMER, OPERATOR = Booker.CUSTOMER, Booker.OPERATOR
MINUTE = timedelta(minutes=1)


def course(capacity: int = 10, **rules) -> Course:
    """A saved course in a studio in Berlin, starting at STARTS."""
    return Course(
        title="Yoga", capacity=capacity, starts_at=STARTS, id=1, company_id=7,
        rules=BookingRules.of(**rules), time_zone="Europe/Berlin",
    )  # fmt: skip


def booked(course: Course, tickets: int = 2) -> Booking:
    """A booking the studio made (past any rule), its events already handed on."""
    booking = course.book(ADA, tickets, NOW, booker=OPERATOR, override=True)
    booking.id = 100
    course.pull_events()
    return booking


# -- the rules themselves ----------------------------------------------------------------------
def test_rules_are_whole_minutes_from_zero_to_a_year():
    rules = BookingRules.of(True, opens_before_minutes=0, cancel_cutoff_minutes=366 * 24 * 60)
    assert rules == BookingRules(True, timedelta(0), timedelta(days=366))
    assert (rules.opens_before_minutes, rules.cancel_cutoff_minutes) == (0, 366 * 24 * 60)
    assert BookingRules.of() == BookingRules(False, None, None)


@pytest.mark.parametrize(
    "rules, message",
    [
        ({"opens_before_minutes": -1}, "opens before must be between 0 and 366 days"),
        ({"cancel_cutoff_minutes": 366 * 24 * 60 + 1}, "cancel cutoff must be between"),
        ({"opens_before_minutes": 1.5}, "opens before must be a whole number of minutes"),
        ({"cancel_cutoff_minutes": "60"}, "cancel cutoff must be a whole number"),
        ({"cancel_cutoff_minutes": True}, "cancel cutoff must be a whole number"),
        ({"members_only": "yes"}, "members_only must be true or false"),
    ],
)
def test_a_rule_out_of_range_or_of_the_wrong_kind_is_refused(rules, message):
    with pytest.raises(InvalidCourse, match=message):
        BookingRules.of(**rules)


def test_booking_opens_and_cancelling_ends_a_rule_length_before_the_start():
    rules = BookingRules.of(opens_before_minutes=48 * 60, cancel_cutoff_minutes=90)
    assert rules.opens_at(STARTS) == STARTS - timedelta(hours=48)
    assert rules.cancel_until(STARTS) == STARTS - timedelta(minutes=90)
    # Without a rule, or without a start, there is no such instant.
    assert BookingRules().opens_at(STARTS) is None and BookingRules().cancel_until(STARTS) is None
    assert rules.opens_at(None) is None and rules.cancel_until(None) is None


def test_instants_are_shown_on_the_studios_wall_clock():
    assert shown(STARTS, "Europe/Berlin") == "2026-11-29 10:00 Europe/Berlin"
    assert shown(STARTS, "America/New_York") == "2026-11-29 04:00 America/New_York"
    assert shown(STARTS, None) == "2026-11-29T09:00+00:00"


# -- members only ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "membership, reason",
    [
        (MembershipStatus.ON_HOLD, "the membership of ada@example.org is on hold, not active"),
        (MembershipStatus.PENDING, "the membership of ada@example.org is pending, not active"),
        (MembershipStatus.CANCELLED, "the membership of ada@example.org is cancelled, not active"),
        (MembershipStatus.EXPIRED, "the membership of ada@example.org is expired, not active"),
        (None, "ada@example.org is not a member of the studio"),
    ],
)
@pytest.mark.parametrize("booker", [CUSTOMER, OPERATOR])
def test_a_members_only_course_refuses_every_membership_but_an_active_one_with_its_reason(
    membership, reason, booker
):
    yoga = course(members_only=True)
    with pytest.raises(MembershipRequired) as refused:
        yoga.book(ADA, 1, NOW, booker=booker, membership=membership)
    assert str(refused.value) == f"course 1 is for members only: {reason}"
    assert refused.value.code == "membership_required"
    assert refused.value.status == (None if membership is None else membership.value)
    with pytest.raises(MembershipRequired):
        yoga.join_waitlist(ADA, 1, NOW, booker=booker, membership=membership)
    assert (yoga.booked, yoga.events) == (0, [])


def test_an_active_member_books_a_members_only_course_and_anyone_books_an_open_one():
    assert course(members_only=True).book(ADA, 1, NOW, membership=MembershipStatus.ACTIVE)
    assert course().book(ADA, 1, NOW, membership=None)
    assert course().book(ADA, 1, NOW, membership=MembershipStatus.EXPIRED)


# -- the class drop ----------------------------------------------------------------------------
def test_booking_opens_exactly_opens_before_the_start():
    opens_at = STARTS - timedelta(hours=24)
    yoga = course(opens_before_minutes=24 * 60)

    with pytest.raises(BookingNotOpen) as refused:
        yoga.book(ADA, 1, opens_at - timedelta(microseconds=1))
    assert str(refused.value) == "course 1 opens for booking at 2026-11-28 10:00 Europe/Berlin"
    assert refused.value.code == "booking_not_open"
    with pytest.raises(BookingNotOpen):
        yoga.join_waitlist(ADA, 1, opens_at - MINUTE)

    assert yoga.book(ADA, 1, opens_at).status is BookingStatus.CONFIRMED
    assert yoga.join_waitlist(ADA, 1, opens_at).course_id == 1


def test_before_the_drop_the_studio_books_only_by_overriding_the_rules():
    yoga = course(opens_before_minutes=60)
    with pytest.raises(BookingNotOpen):
        yoga.book(ADA, 1, NOW, booker=OPERATOR)
    assert yoga.book(ADA, 1, NOW, booker=OPERATOR, override=True).tickets == 1


def test_opens_before_zero_opens_at_the_start_when_only_the_studio_can_book():
    yoga = course(opens_before_minutes=0)
    with pytest.raises(BookingNotOpen):
        yoga.book(ADA, 1, STARTS - MINUTE, booker=OPERATOR)
    with pytest.raises(CourseClosed):
        yoga.book(ADA, 1, STARTS)
    assert yoga.book(ADA, 1, STARTS, booker=OPERATOR)


# -- a course that started, a cancelled course -------------------------------------------------
@pytest.mark.parametrize("late", [timedelta(0), timedelta(minutes=30)])
def test_a_course_that_started_refuses_customers_but_not_the_front_desk(late):
    yoga = course(opens_before_minutes=60)
    with pytest.raises(CourseClosed) as refused:
        yoga.book(ADA, 1, STARTS + late)
    assert str(refused.value) == (
        "course 1 takes no bookings: it started at 2026-11-29 10:00 Europe/Berlin"
    )
    assert refused.value.code == "course_closed"
    with pytest.raises(CourseClosed):
        yoga.join_waitlist(ADA, 1, STARTS + late)

    assert yoga.book(ADA, 1, STARTS + late, booker=OPERATOR).status is BookingStatus.CONFIRMED
    assert yoga.join_waitlist(ADA, 1, STARTS + late, booker=OPERATOR).tickets == 1


def test_the_front_desk_still_needs_a_members_membership_in_a_running_class():
    yoga = course(members_only=True)
    with pytest.raises(MembershipRequired):
        yoga.book(ADA, 1, STARTS, booker=OPERATOR, membership=MembershipStatus.EXPIRED)
    assert yoga.book(ADA, 1, STARTS, booker=OPERATOR, membership=MembershipStatus.ACTIVE)


@pytest.mark.parametrize(
    "booker, override", [(CUSTOMER, False), (CUSTOMER, True), (OPERATOR, False), (OPERATOR, True)]
)
def test_a_cancelled_course_refuses_everybody_even_with_an_override(booker, override):
    yoga = course()
    yoga.cancelled = True
    with pytest.raises(CourseClosed, match="course 1 takes no bookings: it was cancelled"):
        yoga.book(ADA, 1, NOW, booker=booker, override=override)
    with pytest.raises(CourseClosed):
        yoga.join_waitlist(ADA, 1, NOW, booker=booker, override=override)
    assert (yoga.booked, yoga.events) == (0, [])


# -- overriding the rules ----------------------------------------------------------------------
REFUSING = {
    "members only": ({"members_only": True}, NOW, MembershipRequired),
    "before the drop": ({"opens_before_minutes": 60}, NOW, BookingNotOpen),
    "after the start": ({}, STARTS, CourseClosed),
}


@pytest.mark.parametrize("case", REFUSING.values(), ids=REFUSING.keys())
def test_only_an_operator_may_override_the_rules(case):
    rules, now, error = case
    with pytest.raises(error):
        course(**rules).book(ADA, 1, now, booker=CUSTOMER, override=True)
    with pytest.raises(error):
        course(**rules).join_waitlist(ADA, 1, now, booker=CUSTOMER, override=True)
    assert course(**rules).book(ADA, 1, now, booker=OPERATOR, override=True)
    assert course(**rules).join_waitlist(ADA, 1, now, booker=OPERATOR, override=True)


def test_every_rule_refusal_is_a_booking_refusal_with_a_code():
    assert {MembershipRequired.code, BookingNotOpen.code, CourseClosed.code} == {
        "membership_required", "booking_not_open", "course_closed",
    }  # fmt: skip
    refusals = (MembershipRequired, BookingNotOpen, CourseClosed)
    assert all(issubclass(refusal, BookingRefused) for refusal in refusals)


def test_the_rules_come_before_the_seats():
    full = course(capacity=1, members_only=True)
    full.booked = 1
    with pytest.raises(MembershipRequired):
        full.book(ADA, 1, NOW)


# -- the cancellation cutoff -------------------------------------------------------------------
def test_a_customer_cancels_until_the_cutoff_and_not_a_moment_later():
    until = STARTS - timedelta(hours=12)
    yoga = course(cancel_cutoff_minutes=12 * 60)
    booking = booked(yoga)

    with pytest.raises(CancelCutoffPassed) as refused:
        yoga.cancel(booking, booker=CUSTOMER, now=until + timedelta(microseconds=1))
    assert str(refused.value) == (
        "booking 100 can no longer be cancelled by the customer: the cutoff was "
        "2026-11-28 22:00 Europe/Berlin; please contact the studio"
    )
    assert refused.value.code == "cancel_cutoff_passed"
    with pytest.raises(CancelCutoffPassed):
        yoga.cancel(booking, 1, booker=CUSTOMER, now=STARTS)  # giving back some tickets too
    assert (booking.status, booking.tickets, yoga.booked, yoga.events) == (
        BookingStatus.CONFIRMED, 2, 2, [],
    )  # fmt: skip

    yoga.cancel(booking, 1, booker=CUSTOMER, now=until)
    assert (booking.status, booking.tickets, yoga.booked) == (BookingStatus.CONFIRMED, 1, 1)


def test_the_studio_cancels_after_the_cutoff_and_after_the_start():
    yoga = course(cancel_cutoff_minutes=12 * 60)
    booking = booked(yoga)
    yoga.cancel(booking, 1, booker=OPERATOR, now=STARTS + timedelta(hours=1))
    yoga.cancel(booking)  # an operator by default, with no time needed
    assert (booking.status, yoga.booked) == (BookingStatus.CANCELLED, 0)


def test_without_a_cutoff_or_a_start_a_customer_cancels_whenever():
    yoga = course()
    yoga.cancel(booked(yoga), booker=CUSTOMER, now=STARTS + timedelta(days=1))
    cutoff = BookingRules.of(cancel_cutoff_minutes=60)
    undated = Course(title="Open gym", capacity=5, id=1, rules=cutoff)
    undated.cancel(booked(undated), booker=CUSTOMER, now=NOW)
    assert yoga.booked == undated.booked == 0


def test_a_customers_cancellation_needs_the_time_it_is_made():
    yoga = course(cancel_cutoff_minutes=60)
    with pytest.raises(InvalidCourse, match="needs the time"):
        yoga.cancel(booked(yoga), booker=CUSTOMER)
