"""Use-cases for courses: create one, change its capacity, look at free spots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from studiobook.application.courses.bookings import promote_waitlist
from studiobook.application.courses.ports import CoursesUnitOfWork
from studiobook.application.shared.ports import Clock
from studiobook.application.shared.transactions import Events, Transactions
from studiobook.domain.courses.capacity import free_spots
from studiobook.domain.courses.course import Course
from studiobook.domain.shared.errors import CourseNotFound


@dataclass
class Courses:
    transactions: Transactions
    clock: Clock

    def create(
        self,
        title: str,
        capacity: int,
        starts_at: datetime | None = None,
        ends_at: datetime | None = None,
    ) -> Course:
        course = Course.create(title, capacity, starts_at, ends_at)

        def work(uow: CoursesUnitOfWork, events: Events) -> Course:
            uow.courses.add(course)
            uow.audit.record("course", course.id, "create", after=course)
            return course

        return self.transactions.write(work)

    def set_capacity(self, course_id: int, capacity: int) -> Course:
        """Raising capacity promotes waitlisted customers in the same transaction."""
        def work(uow: CoursesUnitOfWork, events: Events) -> Course:
            course = uow.courses.get_for_update(course_id)
            if course is None:
                raise CourseNotFound(course_id)
            before = {"capacity": course.capacity, "booked": course.booked}
            course.set_capacity(capacity)
            uow.courses.save(course)
            after = {"capacity": course.capacity, "booked": course.booked, "overbooked": course.overbooked}
            uow.audit.record("course", course.id, "set_capacity", before=before, after=after)
            promote_waitlist(uow, course, self.clock.now())
            events.extend(course.pull_events())
            return course

        return self.transactions.write(work)

    def get(self, course_id: int) -> Course:
        course = self.transactions.read(lambda uow: uow.courses.get(course_id))
        if course is None:
            raise CourseNotFound(course_id)
        return course

    def list(self) -> list[Course]:
        return self.transactions.read(lambda uow: uow.courses.list())

    def free_spots(self) -> dict[int, int | None]:
        """Free spots of every course (``None``: unlimited), from one grouped query."""
        seats = self.transactions.read(lambda uow: uow.courses.seats())
        return {course_id: free_spots(capacity, booked) for course_id, (capacity, booked) in seats.items()}
