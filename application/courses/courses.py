"""Use-cases for courses: create one in a studio, change its capacity, look at free spots.

Every course belongs to a company (SPEC 2.1a). A caller that works for one company passes its
``company_id`` to every read and change, and another company's course is then "not found" —
exactly like one that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from studiobook.application.appointments.tenancy import (
    BranchNotFound,
    CompanyNotFound,
    StaffNotFound,
)
from studiobook.application.courses.bookings import course_in, locked_course, promote_waitlist
from studiobook.application.courses.ports import CoursesUnitOfWork
from studiobook.application.shared.ports import Clock
from studiobook.application.shared.transactions import Events, Transactions
from studiobook.domain.appointments import Company
from studiobook.domain.courses.capacity import free_spots
from studiobook.domain.courses.course import Course
from studiobook.domain.courses.rules import BookingRules
from studiobook.domain.notifications.languages import DEFAULT_LANGUAGE
from studiobook.domain.notifications.messages import Language
from studiobook.domain.shared.errors import InvalidCourse


def company_for_course(uow: CoursesUnitOfWork, company_id: int | None) -> Company:
    """The company a new course goes to; left out, the only company there is."""
    if company_id is not None:
        company = uow.companies.get(company_id)
        if company is None:
            raise CompanyNotFound(company_id)
        return company
    companies = uow.companies.list()
    if len(companies) == 1:
        return companies[0]
    if not companies:
        raise InvalidCourse(
            "a course belongs to a studio, and there is none yet: add one first "
            "(studiobook company add NAME --timezone ZONE)"
        )
    ids = ", ".join(str(c.id) for c in companies)
    raise InvalidCourse(f"there are several companies ({ids}): say which one the course belongs to")


def check_places(
    uow: CoursesUnitOfWork, company_id: int, branch_id: int | None, instructor_id: int | None
) -> None:
    """A course's branch and instructor must be the company's own."""
    if branch_id is not None and uow.branches.get(company_id, branch_id) is None:
        raise BranchNotFound(branch_id, company_id)
    if instructor_id is not None and uow.staff.get(company_id, instructor_id) is None:
        raise StaffNotFound(instructor_id, company_id)


# What :meth:`Courses.update` may change; the rules by their minutes, as ``create`` takes them.
CHANGES = frozenset({
    "title", "capacity", "starts_at", "ends_at", "branch_id", "instructor_id", "members_only",
    "opens_before_minutes", "cancel_cutoff_minutes",
})  # fmt: skip


def course_details(course: Course) -> dict[str, Any]:
    """What :meth:`Courses.update` can change, as it stands (for the audit trail too)."""
    return {
        "title": course.title, "capacity": course.capacity, "starts_at": course.starts_at,
        "ends_at": course.ends_at, "branch_id": course.branch_id,
        "instructor_id": course.instructor_id, "members_only": course.rules.members_only,
        "opens_before_minutes": course.rules.opens_before_minutes,
        "cancel_cutoff_minutes": course.rules.cancel_cutoff_minutes,
    }  # fmt: skip


@dataclass
class Courses:
    transactions: Transactions
    clock: Clock
    studio_language: Language = DEFAULT_LANGUAGE  # for customers promoted off a waitlist

    def create(
        self,
        title: str,
        capacity: int,
        starts_at: datetime | None = None,
        ends_at: datetime | None = None,
        *,
        company_id: int | None = None,
        branch_id: int | None = None,
        instructor_id: int | None = None,
        members_only: bool = False,
        opens_before_minutes: int | None = None,
        cancel_cutoff_minutes: int | None = None,
    ) -> Course:
        """A course in ``company_id`` (left out: the only company there is)."""
        rules = BookingRules.of(members_only, opens_before_minutes, cancel_cutoff_minutes)
        course = Course.create(
            title, capacity, starts_at, ends_at, branch_id, instructor_id=instructor_id, rules=rules
        )

        def work(uow: CoursesUnitOfWork, events: Events) -> Course:
            company = company_for_course(uow, company_id)
            assert isinstance(company.id, int)  # a row of this store, like the course
            check_places(uow, company.id, branch_id, instructor_id)
            course.company_id = company.id
            course.time_zone = company.time_zone
            uow.courses.add(course)
            uow.audit.record("course", course.id, "create", after=course, company_id=company.id)
            return course

        return self.transactions.write(work)

    def set_capacity(self, course_id: int, capacity: int, company_id: int | None = None) -> Course:
        """Raising capacity promotes waitlisted customers in the same transaction."""
        def work(uow: CoursesUnitOfWork, events: Events) -> Course:
            course = locked_course(uow, course_id, company_id)
            before = {"capacity": course.capacity, "booked": course.booked}
            course.set_capacity(capacity)
            after = {"capacity": course.capacity, "booked": course.booked, "overbooked": course.overbooked}
            return self._save(uow, events, course, "set_capacity", before, after)

        return self.transactions.write(work)

    def update(self, course_id: int, company_id: int | None = None, **changes: Any) -> Course:
        """Change some of a course's details (:data:`CHANGES`; ``None`` takes an optional one
        away), checked like a new course's, in one transaction with the course locked. A higher
        capacity moves waitlisted customers up; a lower one leaves it overbooked, as
        :meth:`set_capacity`. Booked customers keep their seats and are not told."""
        unknown = set(changes) - CHANGES
        if unknown:
            raise InvalidCourse(
                f"course {course_id}: {', '.join(sorted(unknown))} cannot be changed; "
                f"change {', '.join(sorted(CHANGES))}"
            )
        if not changes:
            raise InvalidCourse(f"course {course_id}: say what to change")

        def work(uow: CoursesUnitOfWork, events: Events) -> Course:
            course = locked_course(uow, course_id, company_id)
            before = course_details(course)
            details = {**before, **changes}
            rules = BookingRules.of(
                details["members_only"], details["opens_before_minutes"],
                details["cancel_cutoff_minutes"],
            )  # fmt: skip
            course.change_details(
                details["title"], details["starts_at"], details["ends_at"],
                details["branch_id"], details["instructor_id"], rules,
            )  # fmt: skip
            if "capacity" in changes:
                course.set_capacity(changes["capacity"])
            assert course.company_id is not None  # a stored course has its company
            check_places(uow, course.company_id, course.branch_id, course.instructor_id)
            return self._save(uow, events, course, "update", before, course_details(course))

        return self.transactions.write(work)

    def _save(
        self, uow: CoursesUnitOfWork, events: Events, course: Course, action: str,
        before: dict[str, Any], after: dict[str, Any],
    ) -> Course:  # fmt: skip
        """Save a changed course, audit the change and hand seats it gained to the waitlist."""
        uow.courses.save(course)
        uow.audit.record(
            "course", course.id, action, before=before, after=after, company_id=course.company_id
        )
        promote_waitlist(uow, course, self.clock.now(), self.studio_language)
        events.extend(course.pull_events())
        return course

    def get(self, course_id: int, company_id: int | None = None) -> Course:
        return self.transactions.read(lambda uow: course_in(uow, course_id, company_id))

    def list(
        self,
        company_id: int | None = None,
        starts_from: datetime | None = None,
        starts_before: datetime | None = None,
    ) -> list[Course]:
        """Courses by start (undated ones last); of one company when ``company_id`` is given."""

        def work(uow: CoursesUnitOfWork) -> list[Course]:
            if company_id is not None and uow.companies.get(company_id) is None:
                raise CompanyNotFound(company_id)
            return uow.courses.list(company_id, starts_from, starts_before)

        return self.transactions.read(work)

    def free_spots(self, company_id: int | None = None) -> dict[int, int | None]:
        """Free spots of every course (``None``: unlimited), from one grouped query."""
        seats = self.transactions.read(lambda uow: uow.courses.seats(company_id))
        return {course_id: free_spots(capacity, booked) for course_id, (capacity, booked) in seats.items()}
