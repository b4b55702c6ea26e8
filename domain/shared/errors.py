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


class BookingRefused(DomainError):
    """A course's booking rule refused a customer; ``code`` names the rule for API clients."""

    code = "booking_refused"


class MembershipRequired(BookingRefused):
    """A members-only course, and the customer's e-mail is not an active member's."""

    code = "membership_required"

    def __init__(self, course_id: object, email: str, status: str | None) -> None:
        if status is None:
            why = f"{email} is not a member of the studio"
        else:
            why = f"the membership of {email} is {status.replace('_', ' ')}, not active"
        super().__init__(f"course {course_id} is for members only: {why}")
        self.course_id = course_id
        self.status = status


class BookingNotOpen(BookingRefused):
    """The class drop has not happened yet: booking opens a set time before the start."""

    code = "booking_not_open"

    def __init__(self, course_id: object, opens_at: str) -> None:
        super().__init__(f"course {course_id} opens for booking at {opens_at}")
        self.course_id = course_id
        self.opens_at = opens_at


class CourseClosed(BookingRefused):
    """The course was cancelled or has already started: nobody books into it any more."""

    code = "course_closed"

    def __init__(self, course_id: object, why: str) -> None:
        super().__init__(f"course {course_id} takes no bookings: {why}")
        self.course_id = course_id


class CancelCutoffPassed(DomainError):
    """A customer tried to cancel later than the course allows; the studio still can."""

    code = "cancel_cutoff_passed"

    def __init__(self, booking_id: object, cutoff: str) -> None:
        super().__init__(
            f"booking {booking_id} can no longer be cancelled by the customer: the cutoff was "
            f"{cutoff}; please contact the studio"
        )
        self.booking_id = booking_id
        self.cutoff = cutoff


class CourseAlreadyCancelled(DomainError):
    """The studio called the course off before: there is nothing left to cancel."""

    code = "course_cancelled"

    def __init__(self, course_id: object) -> None:
        super().__init__(f"course {course_id} was cancelled already")
        self.course_id = course_id
