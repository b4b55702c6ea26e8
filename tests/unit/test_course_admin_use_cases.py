"""The use-cases behind the admin course pages: a course's details changed, one waiting customer
moved up by hand — wired to the fakes, refusals leave the store as it was."""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest

from studiobook.application.appointments.tenancy import BranchNotFound
from studiobook.domain.courses.bookings import BookingStatus
from studiobook.domain.courses.rules import BookingRules
from studiobook.domain.courses.waitlist import WaitlistStatus
from studiobook.domain.notifications.messages import MessageKind
from studiobook.domain.shared.errors import (
    CourseAlreadyCancelled,
    CourseNotFound,
    InvalidCapacity,
    InvalidCourse,
    InvalidWaitlistChange,
    NotEnoughFreeSpots,
    WaitlistEntryNotFound,
)
from tests.fakes import FakeClock, company_in, use_cases
from tests.unit.test_booking_use_cases import Studio, tenancy


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def studio(clock) -> Studio:
    return Studio(*use_cases(clock))


def test_update_changes_the_details_given_and_audits_before_and_after(studio, clock):
    companies, _ = tenancy(studio)
    branch = companies.add_branch(studio.company_id, "Mitte")
    starts = clock.now() + timedelta(days=2)
    course = studio.course("Yoga", 5, starts_at=starts, cancel_cutoff_minutes=60)
    later = starts + timedelta(hours=1)

    changed = studio.courses.update(
        course.id, studio.company_id, title="Yin", starts_at=later, ends_at=later + timedelta(hours=1),
        branch_id=branch.id, members_only=True, opens_before_minutes=None,
    )  # fmt: skip

    stored = studio.courses.get(course.id)
    assert (stored.title, stored.starts_at, stored.branch_id) == ("Yin", later, branch.id)
    assert stored.rules == BookingRules(True, None, timedelta(minutes=60))  # the cutoff stays
    assert changed.capacity == 5
    row = studio.store.state.audit[-1]
    assert (row["action"], row["before"]["title"], row["after"]["title"]) == ("update", "Yoga", "Yin")


def test_a_higher_capacity_moves_the_waitlist_up(studio):
    course = studio.course("Yoga", 1)
    studio.book(course.id)
    entry = studio.book(course.id, waitlist=True)
    assert studio.courses.update(course.id, capacity=2).free_spots == 0
    assert studio.store.state.waitlist[entry.id].status is WaitlistStatus.PROMOTED


@pytest.mark.parametrize(("changes", "error"), [
    ({"title": " "}, InvalidCourse),
    ({"capacity": -1}, InvalidCapacity),
    ({"colour": "red"}, InvalidCourse),
    ({}, InvalidCourse),
    ({"branch_id": 999}, BranchNotFound),
    ({"opens_before_minutes": -5}, InvalidCourse),
])
def test_a_refused_update_stores_nothing(studio, changes, error):
    course = studio.course("Yoga", 5)
    before = copy.deepcopy(studio.store.state)
    with pytest.raises(error):
        studio.courses.update(course.id, **changes)
    assert studio.store.state == before


def test_update_keeps_to_the_company_and_leaves_a_cancelled_course_alone(studio):
    course = studio.course("Yoga", 5)
    other = company_in(studio.store, "Elsewhere")
    with pytest.raises(CourseNotFound):
        studio.courses.update(course.id, other, title="Mine now")
    studio.store.state.courses[course.id].cancelled = True
    with pytest.raises(CourseAlreadyCancelled):
        studio.courses.update(course.id, title="Back")
    assert studio.courses.get(course.id).title == "Yoga"


def test_promote_books_one_waiting_customer_and_tells_them(studio):
    course = studio.course("Yoga", 2)
    holder = studio.book(course.id, tickets=2)
    first = studio.book(course.id, tickets=2, waitlist=True)
    second = studio.book(course.id, tickets=1, waitlist=True)
    with pytest.raises(NotEnoughFreeSpots):
        studio.bookings.promote(second.id)
    studio.courses.set_capacity(course.id, 3)  # the single moves up by itself
    assert studio.store.state.waitlist[second.id].status is WaitlistStatus.PROMOTED
    studio.bookings.cancel(holder.id, tickets=1)  # one more free: the pair still does not fit
    assert studio.store.state.waitlist[first.id].status is WaitlistStatus.WAITING
    studio.courses.set_capacity(course.id, 4)  # now it fits and moves up by itself too
    assert studio.store.state.waitlist[first.id].status is WaitlistStatus.PROMOTED


def test_promote_ahead_of_the_queue(studio, clock):
    course = studio.course("Yoga", 1, starts_at=clock.now() + timedelta(hours=1))
    holder = studio.book(course.id)
    first = studio.book(course.id, waitlist=True)
    second = studio.book(course.id, waitlist=True)
    clock.advance(hours=2)  # the class runs: nobody moves up by themselves any more
    studio.bookings.cancel(holder.id)
    assert studio.store.state.waitlist[first.id].status is WaitlistStatus.WAITING

    booking = studio.bookings.promote(second.id, studio.company_id)

    assert (booking.status, booking.customer.email) == (BookingStatus.CONFIRMED, "ada@example.org")
    entry = studio.store.state.waitlist[second.id]
    assert (entry.status, entry.booking_id) == (WaitlistStatus.PROMOTED, booking.id)
    assert [e.id for e in studio.bookings.waitlist(course.id)] == [first.id]
    assert studio.courses.get(course.id).free_spots == 0
    row = studio.store.state.audit[-1]
    assert (row["action"], row["entity_id"]) == ("promote_from_waitlist", str(booking.id))
    told = [r["message"] for r in studio.store.state.outbox.values()]
    assert told[-1].kind is MessageKind.WAITLIST_PROMOTED
    with pytest.raises(InvalidWaitlistChange):
        studio.bookings.promote(second.id)


def test_promote_keeps_to_the_company(studio):
    course = studio.course("Yoga", 1)
    studio.book(course.id)
    entry = studio.book(course.id, waitlist=True)
    other = company_in(studio.store, "Elsewhere")
    before = copy.deepcopy(studio.store.state)
    with pytest.raises(WaitlistEntryNotFound):
        studio.bookings.promote(entry.id, other)
    with pytest.raises(WaitlistEntryNotFound):
        studio.bookings.promote(entry.id + 99)
    assert studio.store.state == before
