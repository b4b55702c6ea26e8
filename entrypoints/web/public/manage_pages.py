"""After booking: the confirmation (with the manage link) and the manage page that one link
opens for a booking, a waitlist place or an appointment — to cancel, give back tickets or move
the appointment to another free time.

What cannot be done any more is said before the customer tries (the cancellation cutoff, a
class that has started); the use-case still decides, and its refusal is shown on the page.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from studiobook.application.appointments.appointments import CannotReschedule
from studiobook.application.appointments.customers import ManagedAppointment
from studiobook.application.courses.customers import ManagedBooking
from studiobook.application.shared.public import ManageTokenNotFound
from studiobook.domain.appointments.appointments import AppointmentStatus
from studiobook.domain.appointments.errors import AppointmentAlreadyCancelled, SlotNotAvailable
from studiobook.domain.courses.bookings import BookingStatus
from studiobook.domain.courses.waitlist import WaitlistStatus
from studiobook.domain.shared.errors import (
    CancelCutoffPassed,
    IllegalTransition,
    InvalidValue,
    InvalidWaitlistChange,
)
from studiobook.entrypoints.web.public.appointment_pages import (
    Choice,
    day_bounds,
    parse_start,
    week_of_slots,
)
from studiobook.entrypoints.web.public.class_pages import CompanyRef, FormText, class_view
from studiobook.entrypoints.web.public.page_forms import Filled
from studiobook.entrypoints.web.public.page_kit import Page, PageRoute

router = APIRouter(prefix="/book", route_class=PageRoute, include_in_schema=False)
Token = Annotated[str, Path(min_length=16, max_length=200, pattern=r"^[A-Za-z0-9_-]+$")]
Managed = ManagedBooking | ManagedAppointment
DONE = ("cancelled", "given_back", "left", "moved")
_REFUSALS: tuple[tuple[type[Exception], int, str], ...] = (
    (CancelCutoffPassed, 409, "error.cutoff"),
    (SlotNotAvailable, 409, "error.slot_taken"),
    (CannotReschedule, 409, "error.cannot_move"),
    (AppointmentAlreadyCancelled, 409, "error.already_cancelled"),
    (IllegalTransition, 409, "error.already_cancelled"),
    (InvalidWaitlistChange, 409, "error.already_cancelled"),
    (InvalidValue, 422, "error.invalid"),
)
_REFUSED = tuple(kind for kind, _, _ in _REFUSALS)


def opened(page: Page, company: str, token: str) -> Managed:
    """What ``token`` opens, if it belongs to the studio of this address (any other studio's
    token is not found here, exactly like a wrong one)."""
    found = page.studio(company)
    try:
        managed: Managed = page.container.customer_bookings().find(token)
        owner = managed.course.company_id
    except ManageTokenNotFound:
        managed = page.container.customer_appointments().find(token)
        owner = managed.appointment.company_id
    if owner != found.id:
        raise ManageTokenNotFound()
    return managed


def describe(page: Page, managed: Managed) -> dict[str, Any]:
    """What the confirmation and the manage page show, and what may still be done."""
    now, t = page.now(), page.t
    if isinstance(managed, ManagedAppointment):
        return _appointment(page, managed, now)
    course, booking, entry = managed.course, managed.booking, managed.entry
    view = class_view(page, course, now)
    shown: dict[str, Any] = {
        "kind": "class", "title": course.title, "start": course.starts_at, "end": course.ends_at,
        "view": view, "can_cancel": False, "can_move": False, "tickets": None, "cutoff_passed": False,
        "cancel_until": course.rules.cancel_until(course.starts_at), "position": None,
    }  # fmt: skip
    started = course.starts_at is not None and now >= course.starts_at
    if booking is not None:
        shown["tickets"] = booking.tickets
        if booking.status is BookingStatus.CANCELLED:
            shown["status"] = t("manage.status.cancelled")
        else:
            shown["status"] = t("manage.status.booked")
            if entry is not None:
                shown["status"] = t("manage.status.promoted")
            shown["cutoff_passed"] = bool(shown["cancel_until"] and now > shown["cancel_until"])
            shown["can_cancel"] = not started and not shown["cutoff_passed"]
    elif entry is not None:
        shown["tickets"] = entry.tickets
        if entry.status is WaitlistStatus.WAITING:
            shown["position"] = managed.position
            shown["status"] = t("manage.status.waiting", position=managed.position)
            shown["can_cancel"] = not started
        else:
            shown["status"] = t("manage.status.left")
    shown["started"] = started
    return shown


def _appointment(page: Page, managed: ManagedAppointment, now: datetime) -> dict[str, Any]:
    appointment, t = managed.appointment, page.t
    company_id = appointment.company_id
    _, offered = page.container.customer_appointments().event_types(page.ref)
    services = {s.id: s.name for s in offered}
    staff = {m.id: m.name for m in page.container.staffing().list(company_id)}
    booked = appointment.status is AppointmentStatus.BOOKED
    started = now >= appointment.start
    return {
        "kind": "appointment", "title": services.get(appointment.event_type_id, t("flow.service")),
        "staff": staff.get(appointment.staff_id, ""), "start": appointment.start,
        "end": appointment.end, "tickets": None, "position": None, "started": started,
        "status": t("manage.status.booked" if booked else "manage.status.cancelled"),
        "can_cancel": booked and not started, "can_move": booked and not started,
        "cutoff_passed": False, "cancel_until": None, "price": appointment.price,
    }  # fmt: skip


@router.get("/{company}/confirmed/{token}")
def confirmed(request: Request, company: CompanyRef, token: Token) -> Response:
    page = Page(request)
    shown = describe(page, opened(page, company, token))
    manage = page.url("manage", token)
    link = str(request.base_url).rstrip("/") + manage
    return page.render("confirmed.html", shown=shown, manage=manage, link=link)


@router.get("/{company}/manage/{token}")
def manage(request: Request, company: CompanyRef, token: Token, done: str | None = None) -> Response:
    page = Page(request)
    return _manage(page, company, token, Filled(), done=done if done in DONE else None)


@router.get("/{company}/manage/{token}/cancel")
def cancel_address(request: Request, company: CompanyRef, token: Token) -> Response:
    """The address a refused cancel leaves in the address bar: opened again, the manage page."""
    page = Page(request)
    page.studio(company)
    return page.redirect(page.url("manage", token))


@router.post("/{company}/manage/{token}/cancel")
def cancel(
    request: Request, company: CompanyRef, token: Token, tickets: FormText = "",
    csrf_token: FormText = "",
) -> Response:  # fmt: skip
    page = Page(request)
    form = Filled({"tickets": tickets})
    if not page.pages.guard.accepts(request, csrf_token):
        form.errors["form"] = "error.csrf"
        return _manage(page, company, token, form, 403)
    managed = opened(page, company, token)
    try:
        if isinstance(managed, ManagedAppointment):
            page.container.customer_appointments().cancel(token, language=page.language)
            return page.redirect(page.url("manage", token, done="cancelled"))
        held = managed.booking.tickets if managed.booking is not None else None
        give_back = None
        if tickets and held is not None:
            form.check_count("tickets", held)
            if not form.ok:
                return _manage(page, company, token, form, 422)
            give_back = None if form.numbers["tickets"] == held else form.numbers["tickets"]
        after = page.container.customer_bookings().cancel(
            token, give_back, language=page.language
        )
    except _REFUSED as error:
        return _refused(page, company, token, form, error)
    done = "given_back" if give_back else "left" if after.booking is None else "cancelled"
    return page.redirect(page.url("manage", token, done=done))


@router.get("/{company}/manage/{token}/reschedule")
def reschedule_page(
    request: Request, company: CompanyRef, token: Token, week: str | None = None,
    day: str | None = None,
) -> Response:  # fmt: skip
    page = Page(request)
    return _reschedule(page, company, token, week, day, Filled())


@router.post("/{company}/manage/{token}/reschedule")
def reschedule(
    request: Request, company: CompanyRef, token: Token, start: FormText = "",
    csrf_token: FormText = "",
) -> Response:  # fmt: skip
    page = Page(request)
    form = Filled({"start": start})
    try:
        wanted = parse_start(start)
    except ValueError:
        form.errors["form"] = "error.pick_time"
        return _reschedule(page, company, token, None, None, form, 422)
    page.studio(company)
    day = page.t.local(wanted).date().isoformat()
    if not page.pages.guard.accepts(request, csrf_token):
        form.errors["form"] = "error.csrf"
        return _reschedule(page, company, token, None, day, form, 403)
    opened(page, company, token)
    try:
        page.container.customer_appointments().reschedule(token, wanted, language=page.language)
    except _REFUSED as error:
        return _refused(page, company, token, form, error, day)
    return page.redirect(page.url("manage", token, done="moved"))


def _refused(
    page: Page, company: str, token: str, form: Filled, error: Exception, day: str | None = None
) -> Response:
    for kind, status, key in _REFUSALS:
        if isinstance(error, kind):
            form.errors["form"] = key
            if day is not None:
                return _reschedule(page, company, token, None, day, form, status)
            return _manage(page, company, token, form, status)
    raise error  # pragma: no cover - _REFUSED is _REFUSALS' kinds


def _manage(
    page: Page, company: str, token: str, form: Filled, status: int = 200, done: str | None = None
) -> Response:
    shown = describe(page, opened(page, company, token))
    page.here = page.url("manage", token)  # also after a refused cancel, posted elsewhere
    if shown["cancel_until"] is not None:
        form.details["when"] = page.t.moment(shown["cancel_until"])
    return page.render(
        "manage.html", status, shown=shown, form=form, done=done,
        cancel_url=page.url("manage", token, "cancel"),
        move_url=page.url("manage", token, "reschedule"),
    )  # fmt: skip


def _reschedule(
    page: Page, company: str, token: str, week: str | None, day: str | None, form: Filled,
    status: int = 200,
) -> Response:  # fmt: skip
    managed = opened(page, company, token)
    if not isinstance(managed, ManagedAppointment):
        return page.problem(404, "problem.not_found")
    shown = _appointment(page, managed, page.now())
    appointment = managed.appointment
    _, services = page.container.customer_appointments().event_types(company)
    service = next((s for s in services if s.id == appointment.event_type_id), None)
    if service is None or not shown["can_move"]:
        form.errors.setdefault("form", "error.cannot_move")
        return _manage(page, company, token, form, 409)
    chosen = Choice(page, company, service, {}, appointment.staff_id)
    try:
        shown_week = week or day or page.t.local(appointment.start).date().isoformat()
        days = week_of_slots(chosen, shown_week)
        chosen_day, times = None, []
        if day is not None:
            chosen_day, end = day_bounds(page, day)
            times = [s.start for s in chosen.slots(chosen_day, end).slots
                     if s.start != appointment.start]
    except ValueError:
        return page.problem(404, "problem.not_found")
    return page.render(
        "reschedule.html", status, shown=shown, form=form, day=chosen_day, times=times,
        here=page.url("manage", token, "reschedule"), manage_url=page.url("manage", token), **days,
    )  # fmt: skip

