"""Booking an appointment, one question a page: service -> staff member or "anyone" -> day ->
free time (on the studio's wall clock) -> name and e-mail -> confirmation.

Every step is a plain link or form, so the back button and a reload always work; the last step
books through the customer use-case, which checks the time again under the staff member's lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from studiobook.application.appointments.appointments import AvailabilityAnswer
from studiobook.application.appointments.tenancy import EventTypeNotFound, StaffNotFound
from studiobook.domain.appointments import EventType
from studiobook.domain.appointments.errors import SlotNotAvailable
from studiobook.domain.shared.errors import InvalidValue
from studiobook.entrypoints.web.public.class_pages import CompanyRef, FormText, days_of, week_start
from studiobook.entrypoints.web.public.page_forms import Filled
from studiobook.entrypoints.web.public.page_kit import Page, PageRoute

router = APIRouter(prefix="/book", route_class=PageRoute, include_in_schema=False)
ServiceId = Annotated[int, Path(ge=1, le=2**31 - 1)]
StaffChoice = Annotated[str, Query(pattern=r"^(any|[1-9][0-9]{0,9})$")]
ANYONE = "any"
STEPS = ("service", "staff", "day", "time", "details")


@dataclass(frozen=True)
class Choice:
    """Where the customer is in the flow: the service and who they asked for."""

    page: Page
    company: str
    service: EventType
    staff: dict[int, str]  # who offers the service: id -> name
    staff_id: int | None  # None: anyone

    @property
    def staff_param(self) -> str:
        return ANYONE if self.staff_id is None else str(self.staff_id)

    @property
    def staff_name(self) -> str:
        if self.staff_id is None:
            return self.page.t("flow.anyone")
        return self.staff[self.staff_id]

    def url(self, step: str, **query: object) -> str:
        return self.page.url("services", self.service.id, step, staff=self.staff_param, **query)

    def slots(self, start: datetime, end: datetime) -> AvailabilityAnswer:
        _, answer = self.page.container.customer_appointments().slots(
            self.company, self.service.id, start, end, staff_id=self.staff_id
        )
        return answer


def offering(page: Page, company: str, service_id: int) -> tuple[EventType, dict[int, str]]:
    """The studio's active service ``service_id`` and the active staff offering it, by name."""
    found = page.studio(company)
    _, services = page.container.customer_appointments().event_types(company)
    service = next((s for s in services if s.id == service_id), None)
    if service is None:
        raise EventTypeNotFound(service_id, found.id)
    offered = {a.staff_id for a in page.container.assignments().list(found.id, event_type_id=service_id)}
    staff = page.container.staffing().list(found.id, active=True)
    return service, {m.id: m.name for m in staff if m.id in offered}


def choice(page: Page, company: str, service_id: int, staff: str) -> Choice:
    service, offered = offering(page, company, service_id)
    staff_id = None if staff == ANYONE else int(staff)
    if staff_id is not None and staff_id not in offered:
        raise StaffNotFound(staff_id, page.company.id if page.company else None)
    return Choice(page, company, service, offered, staff_id)


def steps(page: Page, current: str) -> list[dict[str, Any]]:
    """The flow's steps for the progress list; ``current`` is marked for screen readers."""
    return [{"label": page.t(f"step.{s}"), "current": s == current} for s in STEPS]


def week_of_slots(chosen: Choice, week: str | None) -> dict[str, Any]:
    """The seven days of the week ``week`` names, each with its number of free times."""
    page = chosen.page
    monday = week_start(page, week)
    days = days_of(monday)
    answer = chosen.slots(days[0], days[7])
    counted = []
    for start, end in pairwise(days):
        count = sum(1 for s in answer.slots if start <= s.start < end)
        counted.append({"day": start, "count": count, "date": start.date().isoformat()})
    this_week = week_start(page, None)
    return {
        "days": counted,
        "week_label": page.t("week.label", first=page.t.short_day(days[0]),
                             last=page.t.short_day(days[6])),
        "earlier": None if monday <= this_week else (monday - timedelta(days=7)).date(),
        "later": (monday + timedelta(days=7)).date(),
    }  # fmt: skip


def day_bounds(page: Page, day: str) -> tuple[datetime, datetime]:
    """Midnight to midnight of ``day`` (an ISO date) on the studio's wall clock."""
    wanted = date.fromisoformat(day)
    start = page.today().replace(year=wanted.year, month=wanted.month, day=wanted.day)
    return start, start + timedelta(days=1)


def parse_start(value: str) -> datetime:
    """A slot's start as the pages link it (ISO 8601 with its offset; a "+" that became a
    space in a hand-typed address is read as the "+" it was)."""
    start = datetime.fromisoformat(value.strip().replace(" ", "+"))
    if start.utcoffset() is None:
        raise ValueError("a start needs its UTC offset")
    return start


@router.get("/{company}/services/{service_id}")
def staff_step(request: Request, company: CompanyRef, service_id: ServiceId) -> Response:
    page = Page(request)
    service, offered = offering(page, company, service_id)
    chosen = Choice(page, company, service, offered, None)
    people = [
        {"name": name, "url": page.url("services", service.id, "days", staff=staff_id)}
        for staff_id, name in sorted(offered.items(), key=lambda item: item[1])
    ]
    return page.render("staff.html", chosen=chosen, people=people, steps=steps(page, "staff"))


@router.get("/{company}/services/{service_id}/days")
def day_step(
    request: Request,
    company: CompanyRef,
    service_id: ServiceId,
    staff: StaffChoice = ANYONE,
    week: str | None = None,
) -> Response:
    page = Page(request)
    chosen = choice(page, company, service_id, staff)
    try:
        shown = week_of_slots(chosen, week)
    except ValueError:
        return page.problem(404, "problem.not_found")
    return page.render("days.html", chosen=chosen, steps=steps(page, "day"), **shown)


@router.get("/{company}/services/{service_id}/times")
def time_step(
    request: Request, company: CompanyRef, service_id: ServiceId, day: str,
    staff: StaffChoice = ANYONE,
) -> Response:  # fmt: skip
    page = Page(request)
    chosen = choice(page, company, service_id, staff)
    try:
        start, end = day_bounds(page, day)
    except ValueError:
        return page.problem(404, "problem.not_found")
    times = [
        {"start": s.start, "url": chosen.url("details", start=page.t.local(s.start).isoformat())}
        for s in chosen.slots(start, end).slots
    ]
    return page.render(
        "times.html", chosen=chosen, steps=steps(page, "time"), day=start, times=times,
        back=chosen.url("days", week=start.date()),
    )  # fmt: skip


@router.get("/{company}/services/{service_id}/details")
def details_step(
    request: Request, company: CompanyRef, service_id: ServiceId, start: str,
    staff: StaffChoice = ANYONE,
) -> Response:  # fmt: skip
    page = Page(request)
    return _details(page, company, service_id, staff, start, Filled())


@router.post("/{company}/services/{service_id}/details")
def book_appointment(
    request: Request,
    company: CompanyRef,
    service_id: ServiceId,
    start: str,
    staff: StaffChoice = ANYONE,
    name: FormText = "",
    email: FormText = "",
    csrf_token: FormText = "",
) -> Response:
    page = Page(request)
    form = Filled({"name": name, "email": email})
    if not page.pages.guard.accepts(request, csrf_token):
        form.errors["form"] = "error.csrf"
        return _details(page, company, service_id, staff, start, form, 403)
    form.check_customer()
    if not form.ok:
        return _details(page, company, service_id, staff, start, form, 422)
    chosen = choice(page, company, service_id, staff)
    try:
        wanted = parse_start(start)
    except ValueError:
        return page.problem(404, "problem.not_found")
    try:
        result = page.container.customer_appointments().book(
            company, service_id, wanted, name, email, staff_id=chosen.staff_id,
            language=page.language,
        )
    except SlotNotAvailable:
        form.errors["form"] = "error.slot_taken"
        return _details(page, company, service_id, staff, start, form, 409)
    except InvalidValue:
        form.errors["form"] = "error.invalid"
        return _details(page, company, service_id, staff, start, form, 422)
    return page.redirect(page.url("confirmed", result.manage_token))


def _details(
    page: Page, company: str, service_id: int, staff: str, start: str, form: Filled,
    status: int = 200,
) -> Response:  # fmt: skip
    chosen = choice(page, company, service_id, staff)
    try:
        wanted = parse_start(start)
    except ValueError:
        return page.problem(404, "problem.not_found")
    local = page.t.local(wanted)
    slot = next((s for s in chosen.slots(wanted, wanted + timedelta(minutes=1)).slots
                 if s.start == wanted), None)
    if slot is None and "form" not in form.errors:
        form.errors["form"] = "error.slot_taken"
        status = 409
    end = slot.end if slot is not None else wanted + timedelta(minutes=chosen.service.duration_minutes)
    return page.render(
        "details.html", status, chosen=chosen, steps=steps(page, "details"), start=wanted,
        end=end, form=form, taken=slot is None,
        action=chosen.url("details", start=start),
        back=chosen.url("times", day=local.date().isoformat()),
    )  # fmt: skip
