"""Admin pages: a company's courses in its zone; one course's roster (participants, tickets,
status, waitlist) with the front desk's actions; creating, editing and cancelling a course.

A company token sees and changes only its own company's courses: another company's course is
"not found", exactly like one that does not exist. Every form posts, runs one use-case and
redirects back with a fixed notice (post/redirect/get); a refused form is shown again, filled
in, with the one-line reason and nothing stored.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import Response

from studiobook.domain.courses.bookings import ALLOWED_TRANSITIONS, BookingStatus
from studiobook.domain.courses.course import Course
from studiobook.domain.courses.waitlist import WaitlistEntry
from studiobook.domain.shared.errors import (
    BookingNotFound,
    CourseNotFound,
    DomainError,
    WaitlistEntryNotFound,
)
from studiobook.entrypoints.web.admin.course_forms import (
    FormProblem,
    an_id,
    checked,
    form_page,
    local_field,
    local_instant,
    minutes_between,
    name_of,
    one_line,
    places,
    text,
    whole,
    zone_of,
)
from studiobook.entrypoints.web.admin.kit import MAX_ID, OptionalId, back, company_choice, render
from studiobook.entrypoints.web.admin.timetables import router as timetable_pages
from studiobook.entrypoints.web.deps import FormCaller, PageCaller, Web, WebDep
from studiobook.entrypoints.web.security import Principal

NOTICES = {
    "course-created": "Course created.",
    "course-updated": "Course saved.",
    "course-cancelled": "Course cancelled; its customers are told.",
    "booked": "Booked in.",
    "waitlisted": "The course is full: put on the waitlist.",
    "booking-cancelled": "Booking cancelled; the seats are free again.",
    "tickets-given-back": "Tickets given back; the seats are free again.",
    "attended": "Marked as attended.",
    "no-show": "Marked as a no-show.",
    "confirmed": "Booking confirmed.",
    "promoted": "Moved up from the waitlist and booked in.",
    "left-waitlist": "Taken off the waitlist.",
}
# The status changes the roster offers as buttons: what the studio calls them.
STATUS_ACTIONS = {
    BookingStatus.CONFIRMED: "confirmed", BookingStatus.COMPLETED: "attended",
    BookingStatus.NO_SHOW: "no-show",
}  # fmt: skip

CourseId = Annotated[int, Path(ge=1, le=MAX_ID)]
ItemId = Annotated[int, Path(ge=1, le=MAX_ID)]
Field = Annotated[str, Form(max_length=1000)]

router = APIRouter(include_in_schema=False)


def course_fields(
    title: Field = "", capacity: Field = "", starts: Field = "", duration: Field = "",
    branch_id: Field = "", instructor_id: Field = "", members_only: Field = "",
    opens_before: Field = "", cancel_cutoff: Field = "",
) -> dict[str, str]:  # fmt: skip
    """The course form as it was sent, to read it and to show it again when refused."""
    return dict(locals())


CourseFields = Annotated[dict[str, str], Depends(course_fields)]


def read_course(form: dict[str, str], zone: str) -> dict[str, object]:
    """The course form as the use-cases take it; :class:`FormProblem` names a bad field."""
    starts_at = local_instant(form, "starts", "The start", zone)
    duration = whole(form, "duration", "The length in minutes", least=1)
    if duration is not None and starts_at is None:
        raise FormProblem("a length needs a start")
    return {
        "title": text(form, "title", "The title", required=True),
        "capacity": whole(form, "capacity", "The capacity", required=True),
        "starts_at": starts_at,
        "ends_at": None if starts_at is None or duration is None
        else starts_at + timedelta(minutes=duration),
        "branch_id": an_id(form, "branch_id", "The branch"),
        "instructor_id": an_id(form, "instructor_id", "The instructor"),
        "members_only": checked(form, "members_only"),
        "opens_before_minutes": whole(form, "opens_before", "Opens before (minutes)"),
        "cancel_cutoff_minutes": whole(form, "cancel_cutoff", "Cancel cutoff (minutes)"),
    }


def filled(course: Course) -> dict[str, str]:
    """The course form filled with a course's details, in its company's zone."""
    zone = course.time_zone or "UTC"
    rules = course.rules

    def shown(value: object) -> str:
        return "" if value is None else str(value)

    return {
        "title": course.title, "capacity": str(course.capacity),
        "starts": local_field(course.starts_at, zone),
        "duration": minutes_between(course.starts_at, course.ends_at),
        "branch_id": shown(course.branch_id), "instructor_id": shown(course.instructor_id),
        "members_only": "on" if rules.members_only else "",
        "opens_before": shown(rules.opens_before_minutes),
        "cancel_cutoff": shown(rules.cancel_cutoff_minutes),
    }  # fmt: skip


# -- the list ---------------------------------------------------------------------------------
@router.get("/courses")
def courses(
    request: Request, caller: PageCaller, web: WebDep, company_id: OptionalId = None
) -> Response:
    """One company's courses at a time, in its zone: a company token sees only its own."""
    company, companies = company_choice(web, caller, company_id)
    found = []
    if company is not None:
        with caller.acting():
            found = web.container.courses().list(company)
    zone = zone_of(companies, company)
    return render(
        request, web, caller, "courses.html", NOTICES,
        courses=found, company_id=company, companies=companies, zone=zone,
    )  # fmt: skip


# -- creating ---------------------------------------------------------------------------------
@router.get("/courses/new")
def new_course(
    request: Request, caller: PageCaller, web: WebDep, company_id: OptionalId = None
) -> Response:
    company, companies = company_choice(web, caller, company_id)
    return _course_form(request, web, caller, company, companies, {"capacity": "10", "duration": "60"})


@router.post("/courses")
def create_course(
    request: Request, caller: FormCaller, web: WebDep, form: CourseFields,
    company_id: Annotated[str, Form(max_length=20)] = "",
) -> Response:  # fmt: skip
    requested = int(company_id) if company_id.isdigit() and int(company_id) <= MAX_ID else None
    company = caller.scope(requested)
    _, companies = company_choice(web, caller, company)
    zone = zone_of(companies, company)
    try:
        details = read_course(form, zone)
        with caller.acting():
            created = web.container.courses().create(company_id=company, **details)
    except (FormProblem, DomainError) as refused:
        return _course_form(request, web, caller, company, companies, form, refused)
    return back(f"/courses/{created.id}", "course-created")


def _course_form(
    request: Request, web: Web, caller: Principal, company: int | None, companies: list,
    form: dict[str, str], error: Exception | None = None, course: Course | None = None,
) -> Response:  # fmt: skip
    return form_page(
        request, web, caller, "course_form.html", NOTICES, company, companies, form, error,
        course=course,
    )  # fmt: skip


# -- one course -------------------------------------------------------------------------------
@router.get("/courses/{course_id}")
def roster(request: Request, caller: PageCaller, web: WebDep, course_id: CourseId) -> Response:
    return _roster(request, web, caller, _course(web, caller, course_id))


@router.get("/courses/{course_id}/edit")
def edit_course(request: Request, caller: PageCaller, web: WebDep, course_id: CourseId) -> Response:
    course = _course(web, caller, course_id)
    return _edit_form(request, web, caller, course, filled(course))


@router.post("/courses/{course_id}/edit")
def save_course(
    request: Request, caller: FormCaller, web: WebDep, course_id: CourseId, form: CourseFields
) -> Response:
    course = _course(web, caller, course_id)
    try:
        details = read_course(form, course.time_zone or "UTC")
        with caller.acting():
            web.container.courses().update(course_id, caller.company_id, **details)
    except (FormProblem, DomainError) as refused:
        _reraise_missing(refused)
        return _edit_form(request, web, caller, course, form, refused)
    return back(f"/courses/{course_id}", "course-updated")


def _edit_form(
    request: Request, web: Web, caller: Principal, course: Course, form: dict[str, str],
    error: Exception | None = None,
) -> Response:  # fmt: skip
    assert course.company_id is not None
    _, companies = company_choice(web, caller, course.company_id)
    return _course_form(request, web, caller, course.company_id, companies, form, error, course)


@router.post("/courses/{course_id}/cancel")
def cancel_course(
    request: Request, caller: FormCaller, web: WebDep, course_id: CourseId,
    reason: Annotated[str, Form(max_length=1000)] = "",
) -> Response:  # fmt: skip
    course = _course(web, caller, course_id)
    try:
        why = text({"reason": reason}, "reason", "The reason")
        with caller.acting():
            web.container.timetables().cancel_session(course_id, why, caller.company_id)
    except (FormProblem, DomainError) as refused:
        _reraise_missing(refused)
        return _roster(request, web, caller, course, refused)
    return back(f"/courses/{course_id}", "course-cancelled")


# -- its bookings -------------------------------------------------------------------------------
@router.post("/courses/{course_id}/bookings")
def book_in(
    request: Request, caller: FormCaller, web: WebDep, course_id: CourseId,
    name: Field = "", email: Field = "", tickets: Field = "1", waitlist: Field = "",
    override_rules: Field = "",
) -> Response:  # fmt: skip
    course = _course(web, caller, course_id)
    form = {"name": name, "email": email, "tickets": tickets, "waitlist": waitlist,
            "override_rules": override_rules}  # fmt: skip
    try:
        seats = whole(form, "tickets", "Tickets", least=1, required=True)
        assert seats is not None
        with caller.acting():
            made = web.container.bookings().book(
                course_id, name.strip(), email.strip(), seats, waitlist=checked(form, "waitlist"),
                company_id=caller.company_id, override_rules=checked(form, "override_rules"),
            )  # fmt: skip
    except (FormProblem, DomainError) as refused:
        _reraise_missing(refused)
        return _roster(request, web, caller, course, refused, form)
    notice = "waitlisted" if isinstance(made, WaitlistEntry) else "booked"
    return back(f"/courses/{course_id}", notice)


@router.post("/courses/{course_id}/bookings/{booking_id}/cancel")
def cancel_booking(
    request: Request, caller: FormCaller, web: WebDep, course_id: CourseId, booking_id: ItemId,
    tickets: Field = "",
) -> Response:  # fmt: skip
    """All of it, or (``tickets``) give back some of its tickets."""
    course = _course(web, caller, course_id)
    try:
        booking = _booking(web, caller, course, booking_id)
        back_tickets = whole({"tickets": tickets}, "tickets", "Tickets to give back", least=1)
        with caller.acting():
            changed = web.container.bookings().cancel(
                booking.id, back_tickets, None, caller.company_id
            )
    except (FormProblem, DomainError) as refused:
        _reraise_missing(refused)
        return _roster(request, web, caller, course, refused)
    cancelled = changed.status is BookingStatus.CANCELLED
    return back(f"/courses/{course_id}", "booking-cancelled" if cancelled else "tickets-given-back")


@router.post("/courses/{course_id}/bookings/{booking_id}/status")
def set_status(
    request: Request, caller: FormCaller, web: WebDep, course_id: CourseId, booking_id: ItemId,
    status: Field = "",
) -> Response:  # fmt: skip
    """Attendance (attended or no-show) and confirming a request; the state machine decides."""
    course = _course(web, caller, course_id)
    try:
        booking = _booking(web, caller, course, booking_id)
        wanted = next((s for s in STATUS_ACTIONS if s.value == status), None)
        if wanted is None:
            *most, last = STATUS_ACTIONS.values()
            raise FormProblem(f"a booking can be marked {', '.join(most)} or {last} here")
        with caller.acting():
            web.container.bookings().change_status(booking.id, wanted, caller.company_id)
    except (FormProblem, DomainError) as refused:
        _reraise_missing(refused)
        return _roster(request, web, caller, course, refused)
    return back(f"/courses/{course_id}", STATUS_ACTIONS[wanted])


@router.post("/courses/{course_id}/waitlist/{entry_id}/{action}")
def waitlist_entry(
    request: Request, caller: FormCaller, web: WebDep, course_id: CourseId, entry_id: ItemId,
    action: Annotated[str, Path(pattern="^(promote|leave)$")],
) -> Response:  # fmt: skip
    """Book a waiting customer in now (``promote``), or take them off the list (``leave``)."""
    course = _course(web, caller, course_id)
    try:
        _waiting(web, caller, course, entry_id)
        bookings = web.container.bookings()
        change = bookings.promote if action == "promote" else bookings.leave_waitlist
        with caller.acting():
            change(entry_id, caller.company_id)
    except DomainError as refused:
        _reraise_missing(refused)
        return _roster(request, web, caller, course, refused)
    return back(f"/courses/{course_id}", "promoted" if action == "promote" else "left-waitlist")


# -- helpers ------------------------------------------------------------------------------------
def _course(web: Web, caller: Principal, course_id: int) -> Course:
    """The course, if the caller may see it (else "not found", a 404 page)."""
    with caller.acting():
        return web.container.courses().get(course_id, caller.company_id)


def _booking(web: Web, caller: Principal, course: Course, booking_id: int):
    with caller.acting():
        booking = web.container.bookings().get(booking_id, caller.company_id)
    if booking.course_id != course.id:
        raise BookingNotFound(booking_id)
    return booking


def _waiting(web: Web, caller: Principal, course: Course, entry_id: int) -> None:
    with caller.acting():
        waiting = web.container.bookings().waitlist(course.id, caller.company_id)
    if all(entry.id != entry_id for entry in waiting):
        raise WaitlistEntryNotFound(entry_id)


def _roster(
    request: Request, web: Web, caller: Principal, course: Course,
    error: Exception | None = None, form: dict[str, str] | None = None,
) -> Response:  # fmt: skip
    assert course.company_id is not None and course.id is not None
    if error is not None:  # the page shows the course as it is now
        course = _course(web, caller, course.id)
    with caller.acting():
        bookings = web.container.bookings().list(course.id, company_id=caller.company_id)
        waiting = web.container.bookings().waitlist(course.id, caller.company_id)
    options = places(web, caller, course.company_id)
    response = render(
        request, web, caller, "course.html", NOTICES, course=course,
        zone=course.time_zone or "UTC", bookings=bookings, waiting=waiting,
        actions=_actions(bookings), form=form or {"tickets": "1"}, error=one_line(error),
        branch=name_of(options["branches"], course.branch_id),
        instructor=name_of(options["staff"], course.instructor_id),
    )  # fmt: skip
    if error is not None:
        response.status_code = 422
    return response


def _actions(bookings: list) -> dict[int, list[tuple[str, str]]]:
    """Per booking the status buttons the state machine allows: (status, label)."""
    labels = {
        BookingStatus.CONFIRMED: "Confirm", BookingStatus.COMPLETED: "Attended",
        BookingStatus.NO_SHOW: "No-show",
    }  # fmt: skip
    return {
        b.id: [(s.value, labels[s]) for s in ALLOWED_TRANSITIONS[b.status] if s in labels]
        for b in bookings
    }


def _reraise_missing(error: Exception) -> None:
    """What the address names (the course, its booking or waitlist entry) being gone — or
    another company's — is a 404 page, not a form message."""
    if isinstance(error, CourseNotFound | BookingNotFound | WaitlistEntryNotFound):
        raise error


router.include_router(timetable_pages)
