"""The studio's page and its classes: the week's timetable with live free spots, and a booking
form per class (a seat, or a place on the waitlist when the class is full).

What a customer may do is told before they try: "3 left", "full — join the waitlist", members
only, "opens at …"; the use-case still decides, and a refusal is shown on the form, refilled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import Response

from studiobook.application.courses.customers import CourseOffer, bookable
from studiobook.domain.courses.course import Course
from studiobook.domain.shared.errors import (
    BookingNotOpen,
    CourseClosed,
    InvalidValue,
    MembershipRequired,
    NotEnoughFreeSpots,
)
from studiobook.entrypoints.web.public.page_forms import MAX_TICKETS, Filled
from studiobook.entrypoints.web.public.page_kit import Page, PageRoute

router = APIRouter(prefix="/book", route_class=PageRoute, include_in_schema=False)
CompanyRef = Annotated[str, Path(min_length=1, max_length=100)]
CourseId = Annotated[int, Path(ge=1, le=2**31 - 1)]
FormText = Annotated[str, Form()]
OPEN, FULL, NOT_OPEN, STARTED = "open", "full", "not_open", "started"
# A refusal of the booking form: the field it belongs to ("form": the whole form), the status.
_REFUSALS: tuple[tuple[type[Exception], str, int, str], ...] = (
    (NotEnoughFreeSpots, "tickets", 409, "error.not_enough"),
    (MembershipRequired, "email", 403, "error.members_only"),
    (BookingNotOpen, "form", 403, "error.not_open"),
    (CourseClosed, "form", 409, "error.closed"),
    (InvalidValue, "form", 422, "error.invalid"),
)


@dataclass(frozen=True)
class ClassView:
    """A class as the timetable shows it."""

    course: Course
    state: str
    spots: str  # "3 left", "full — join the waitlist", ...
    opens: str | None  # "opens Mon, Nov 30, 6:00 PM" while booking is not open yet
    url: str

    @property
    def can_book(self) -> bool:
        return self.state in (OPEN, FULL)


def state_of(course: Course, now: datetime) -> str:
    if course.starts_at is not None and now >= course.starts_at:
        return STARTED
    opens_at = course.rules.opens_at(course.starts_at)
    if opens_at is not None and now < opens_at:
        return NOT_OPEN
    return OPEN if bookable(course, now) else FULL


def class_view(page: Page, course: Course, now: datetime) -> ClassView:
    t, state = page.t, state_of(course, now)
    opens_at = course.rules.opens_at(course.starts_at)
    opens = t("class.opens", when=t.moment(opens_at)) if opens_at and state == NOT_OPEN else None
    if state == STARTED:
        spots = t("class.started")
    elif course.free_spots is None:
        spots = t("class.spots_free")
    elif course.free_spots == 0:
        spots = t("class.full")
    else:
        spots = t.plural("class.left", course.free_spots)
    return ClassView(course, state, spots, opens, page.url("classes", course.id))


def week_start(page: Page, asked: str | None) -> datetime:
    """Monday 00:00 on the studio's wall clock of the week ``asked`` (a date in it) names;
    this week without one. A malformed date is an address nobody linked to: not found."""
    today = page.today()
    if asked:
        day = date.fromisoformat(asked)  # ValueError -> the failure page
        today = today.replace(year=day.year, month=day.month, day=day.day)
    return today - timedelta(days=today.weekday())


def days_of(monday: datetime) -> list[datetime]:
    return [monday + timedelta(days=n) for n in range(8)]


@router.get("/{company}")
def studio(request: Request, company: CompanyRef, week: str | None = None) -> Response:
    page = Page(request)
    found = page.studio(company)
    try:
        monday = week_start(page, week)
    except ValueError:
        return page.problem(404, "problem.not_found")
    bounds = days_of(monday)  # midnight to midnight in the studio's zone, DST included
    _, offers = page.container.customer_bookings().courses(company, bounds[0], bounds[7])
    _, services = page.container.customer_appointments().event_types(company)
    offered = {a.event_type_id for a in page.container.assignments().list(found.id)}
    now = page.now()
    days = []
    for start, end in pairwise(bounds):
        classes = [class_view(page, o.course, now) for o in offers if _on(o, start, end)]
        days.append({"day": start, "classes": classes})
    this_week = week_start(page, None)
    return page.render(
        "studio.html",
        days=days,
        services=[s for s in services if s.id in offered],  # nobody offers the others
        week_label=page.t("week.label", first=page.t.short_day(bounds[0]),
                          last=page.t.short_day(bounds[6])),
        earlier=None if monday <= this_week else page.url(week=(monday - timedelta(days=7)).date()),
        later=page.url(week=(monday + timedelta(days=7)).date()),
        this_week=monday == this_week,
    )  # fmt: skip


def _on(offer: CourseOffer, start: datetime, end: datetime) -> bool:
    starts = offer.course.starts_at
    return starts is not None and start <= starts < end


@router.get("/{company}/classes/{course_id}")
def class_page(request: Request, company: CompanyRef, course_id: CourseId) -> Response:
    page = Page(request)
    return _class_form(page, company, course_id, Filled({"tickets": "1"}))


@router.post("/{company}/classes/{course_id}")
def book_class(
    request: Request,
    company: CompanyRef,
    course_id: CourseId,
    name: FormText = "",
    email: FormText = "",
    tickets: FormText = "",
    waitlist: FormText = "",
    csrf_token: FormText = "",
) -> Response:
    page = Page(request)
    form = Filled({"name": name, "email": email, "tickets": tickets})
    if not page.pages.guard.accepts(request, csrf_token):
        form.errors["form"] = "error.csrf"
        return _class_form(page, company, course_id, form, 403)
    form.check_customer()
    form.check_count("tickets", MAX_TICKETS)
    if not form.ok:
        return _class_form(page, company, course_id, form, 422)
    try:
        result = page.container.customer_bookings().book(
            company, course_id, name, email, form.numbers["tickets"], waitlist == "1",
            language=page.language,
        )
    except (NotEnoughFreeSpots, MembershipRequired, BookingNotOpen, CourseClosed,
            InvalidValue) as error:  # fmt: skip
        return _refused(page, company, course_id, form, error)
    page.studio(company)
    return page.redirect(page.url("confirmed", result.manage_token))


def _refused(page: Page, company: str, course_id: int, form: Filled, error: Exception) -> Response:
    for kind, field, status, key in _REFUSALS:
        if isinstance(error, kind):
            form.errors[field] = key
            if isinstance(error, NotEnoughFreeSpots):
                form.details["free"] = error.free
            if isinstance(error, MembershipRequired) and error.status is not None:
                form.errors[field] = "error.membership_inactive"
            return _class_form(page, company, course_id, form, status)
    raise error  # pragma: no cover - _REFUSALS names every kind book_class catches


def _class_form(
    page: Page, company: str, course_id: int, form: Filled, status: int = 200
) -> Response:
    found = page.studio(company)
    course = page.container.courses().get(course_id, found.id)
    if course.cancelled:
        return page.problem(404, "problem.class_cancelled")
    view = class_view(page, course, page.now())
    opens_at = course.rules.opens_at(course.starts_at)
    if opens_at is not None:
        form.details["when"] = page.t.moment(opens_at)
    return page.render(
        "class.html", status, view=view, form=form, max_tickets=_most(course),
        cancel_until=course.rules.cancel_until(course.starts_at),
    )  # fmt: skip


def _most(course: Course) -> int:
    """The most tickets the form offers: what is free (a waitlist place: any), at most 20."""
    free = course.free_spots
    return MAX_TICKETS if free is None or free == 0 else min(free, MAX_TICKETS)
