"""Tenant isolation of courses through the Python API on the real store (SPEC 2.1a): a caller
working for one company passes its ``company_id``, and another company's course, booking or
waitlist is "not found" — the same answer as for one that does not exist — and nothing changes."""

from __future__ import annotations

import pytest
from dependency_injector import providers

from studiobook.application.appointments.tenancy import (
    BranchNotFound,
    CompanyNotFound,
    StaffNotFound,
)
from studiobook.domain.shared.errors import (
    BookingNotFound,
    CourseNotFound,
    InvalidCourse,
    WaitlistEntryNotFound,
)
from tests.fakes import FakeClock


@pytest.fixture
def studios(container):
    container.clock.override(providers.Object(FakeClock()))
    companies = container.companies()
    gym = companies.create("CrossFit Nord", "Europe/Berlin")
    practice = companies.create("Praxis Ost", "America/New_York")
    wod = container.courses().create("WOD", 2, company_id=gym.id)
    back = container.courses().create("Rückenschule", 1, company_id=practice.id)
    booking = container.bookings().book(back.id, "Pat Lee", "pat@example.com")
    return gym, practice, wod, back, booking


def test_reads_are_scoped_to_the_company(container, studios):
    gym, practice, wod, back, booking = studios
    courses, bookings = container.courses(), container.bookings()

    assert [c.id for c in courses.list(gym.id)] == [wod.id]
    assert [c.id for c in courses.list(practice.id)] == [back.id]
    assert courses.get(back.id, practice.id).time_zone == "America/New_York"
    with pytest.raises(CourseNotFound):
        courses.get(back.id, gym.id)
    with pytest.raises(BookingNotFound):
        bookings.get(booking.id, gym.id)
    with pytest.raises(CourseNotFound):
        bookings.list(back.id, company_id=gym.id)
    with pytest.raises(CourseNotFound):
        bookings.waitlist(back.id, gym.id)
    assert bookings.list(company_id=gym.id) == []
    assert [b.id for b in bookings.list(company_id=practice.id)] == [booking.id]
    assert set(courses.free_spots(gym.id)) == {wod.id}
    with pytest.raises(CompanyNotFound):
        courses.list(999)


def test_changes_through_another_company_are_refused_and_change_nothing(container, studios):
    gym, practice, wod, back, booking = studios
    courses, bookings = container.courses(), container.bookings()

    with pytest.raises(CourseNotFound):
        bookings.book(back.id, "Kim", "kim@example.com", company_id=gym.id)
    with pytest.raises(CourseNotFound):
        courses.set_capacity(back.id, 10, company_id=gym.id)
    with pytest.raises(BookingNotFound):
        bookings.cancel(booking.id, company_id=gym.id)
    with pytest.raises(BookingNotFound):
        bookings.change_tickets(booking.id, 1, company_id=gym.id)

    after = courses.get(back.id)
    assert (after.capacity, after.booked) == (1, 1)
    assert bookings.get(booking.id).status.value == "confirmed"
    assert len(bookings.list(back.id)) == 1


def test_a_course_takes_only_its_own_company_branch_and_instructor(container, studios):
    gym, practice, *_ = studios
    their_branch = container.companies().add_branch(practice.id, "Mitte")
    their_doctor = container.staffing().add(practice.id, "Dr. Mara")
    before = {c.id for c in container.courses().list()}

    with pytest.raises(BranchNotFound):
        container.courses().create("WOD", 5, company_id=gym.id, branch_id=their_branch.id)
    with pytest.raises(StaffNotFound):
        container.courses().create("WOD", 5, company_id=gym.id, instructor_id=their_doctor.id)
    with pytest.raises(CompanyNotFound):
        container.courses().create("WOD", 5, company_id=999)
    with pytest.raises(InvalidCourse, match="several companies"):
        container.courses().create("WOD", 5)

    assert {c.id for c in container.courses().list()} == before


def test_leaving_a_waitlist_is_scoped_to_the_company(container, studios):
    gym, practice, wod, back, booking = studios
    entry = container.bookings().book(back.id, "Kim", "kim@example.com", waitlist=True)

    with pytest.raises(WaitlistEntryNotFound):
        container.bookings().leave_waitlist(entry.id, gym.id)
    assert [e.id for e in container.bookings().waitlist(back.id)] == [entry.id]

    left = container.bookings().leave_waitlist(entry.id, practice.id)
    assert left.status.value == "left"
    [row] = [e for e in container.audit().list(practice.id, "waitlist_entry") if e.action == "leave"]
    assert row.entity_id == str(entry.id)
