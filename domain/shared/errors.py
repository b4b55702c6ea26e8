"""Errors a studio operator can act on: each message names the thing and what to do about it."""

from __future__ import annotations


class DomainError(Exception):
    """A studio rule refused the change; ``str(error)`` is written for the operator."""


class NotFound(DomainError):
    """The thing asked for does not exist (or is not visible to the caller)."""


class CourseNotFound(NotFound):
    def __init__(self, course_id: object) -> None:
        super().__init__(f"course {course_id} does not exist")
        self.course_id = course_id


class BookingNotFound(NotFound):
    def __init__(self, booking_id: object) -> None:
        super().__init__(f"booking {booking_id} does not exist")
        self.booking_id = booking_id


class WaitlistEntryNotFound(NotFound):
    def __init__(self, entry_id: object) -> None:
        super().__init__(f"waitlist entry {entry_id} does not exist")
        self.entry_id = entry_id


class NotSaved(DomainError):
    """A record was used where a stored one is needed, before the store gave it an id."""

    def __init__(self, what: str) -> None:
        super().__init__(f"{what} has no id yet; store it first")
        self.what = what


class InvalidValue(DomainError):
    """An input that can never be valid, whatever the state of the studio."""


class InvalidTickets(InvalidValue):
    pass


class InvalidCapacity(InvalidValue):
    pass


class InvalidCourse(InvalidValue):
    pass


class InvalidCustomer(InvalidValue):
    pass


class InvalidWaitlistChange(DomainError):
    pass


class NotEnoughFreeSpots(DomainError):
    """Seats were asked for that the course does not have free right now."""

    def __init__(self, course_id: object, requested: int, free: int) -> None:
        spots = "spot" if free == 1 else "spots"
        super().__init__(
            f"course {course_id} has {free} free {spots}, {requested} requested"
        )
        self.course_id = course_id
        self.requested = requested
        self.free = free


class IllegalTransition(DomainError):
    """A booking status change the state machine does not allow."""

    def __init__(self, booking_id: object, current: str, wanted: str, allowed: list[str]) -> None:
        if allowed:
            hint = f"from '{current}' it can become {', '.join(repr(s) for s in allowed)}"
        else:
            hint = f"'{current}' is final"
        super().__init__(
            f"booking {booking_id} cannot go from '{current}' to '{wanted}' ({hint})"
        )
        self.current = current
        self.wanted = wanted
