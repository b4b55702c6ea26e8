"""Admin pages: the appointments calendar — a day or a week, a column per staff member (of one
branch, or all), rows by the company's wall-clock hours — and booking, cancelling and moving
appointments from it.

A form that the studio's rules refuse (the slot is taken, a time the clocks skip, another
company's appointment) shows the calendar again with the one-line reason and nothing stored;
one that succeeds redirects back to the view (post/redirect/get) with a fixed notice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import Response

from studiobook.application.appointments.day_sheet import local_start
from studiobook.application.shared.ports import GatewayError
from studiobook.domain.shared.errors import DomainError, InvalidValue
from studiobook.entrypoints.web.admin.kit import (
    MAX_ID,
    FormId,
    OptionalId,
    back,
    company_choice,
    render,
)
from studiobook.entrypoints.web.deps import FormCaller, PageCaller, WebDep
from studiobook.entrypoints.web.errors import client_message, status_of
from studiobook.entrypoints.web.security import Principal

NOTICES = {
    "booked": "Appointment booked.",
    "cancelled": "Appointment cancelled.",
    "rescheduled": "Appointment moved.",
}
DAY_PATTERN = r"^(|\d{4}-\d{2}-\d{2})$"

router = APIRouter(include_in_schema=False)

View = Annotated[str, Query(pattern="^(day|week)$")]


class BadInput(InvalidValue):
    pass


def _day(value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadInput(f"'{value}' is not a date (YYYY-MM-DD)") from None


def _time(value: str) -> time:
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise BadInput(f"'{value}' is not a time of day (HH:MM)") from None


def _optional_id(value: str) -> int | None:
    if not value:
        return None
    number = int(value)
    if not 1 <= number <= MAX_ID:
        raise BadInput(f"{value} is not an id")
    return number


def calendar_path(company: int, branch: int | None, view: str, day: date | str | None) -> str:
    query = {"company_id": company, "branch_id": branch or "", "view": view, "date": day or ""}
    return "/appointments?" + urlencode(query)


def _page(
    request: Request,
    web,
    caller: Principal,
    company_id: int | None,
    branch_id: int | None,
    view: str,
    day: date | None,
    *,
    error: str | None = None,
    form: dict | None = None,
    status: int = 200,
) -> Response:
    company, companies = company_choice(web, caller, company_id)
    sheet = None
    if company is not None:
        sheets = web.container.day_sheets()
        with caller.acting():
            read = sheets.week if view == "week" else sheets.day
            sheet = read(company, day, branch_id=branch_id)
    links: dict = {}
    if sheet is not None:
        step = timedelta(days=len(sheet.days))
        links = {
            "previous": calendar_path(company, branch_id, view, sheet.days[0] - step),
            "today": calendar_path(company, branch_id, view, sheet.today),
            "next": calendar_path(company, branch_id, view, sheet.days[0] + step),
            "day_view": calendar_path(company, branch_id, "day", sheet.days[0]),
            "week_view": calendar_path(company, branch_id, "week", sheet.days[0]),
            "days": {d: calendar_path(company, branch_id, "day", d) for d in sheet.days},
        }
    response = render(
        request, web, caller, "appointments.html", NOTICES, company_id=company,
        companies=companies, sheet=sheet, view=view, branch_id=branch_id, links=links,
        error=error, form=form or {},
    )  # fmt: skip
    response.status_code = status
    return response


@router.get("/appointments")
def appointments(
    request: Request,
    caller: PageCaller,
    web: WebDep,
    company_id: OptionalId = None,
    branch_id: OptionalId = None,
    view: View = "week",
    day: Annotated[str, Query(alias="date", pattern=DAY_PATTERN)] = "",
) -> Response:
    return _page(request, web, caller, company_id, branch_id, view, _day(day))


@dataclass(frozen=True)
class Shown:
    """The view a form was posted from: where the answer returns to."""

    company: int
    branch: int | None
    view: str
    day: date | None

    def path(self, day: date | None = None) -> str:
        return calendar_path(self.company, self.branch, self.view, day or self.day)


def shown_view(
    caller: FormCaller,
    company_id: FormId,
    branch_id: Annotated[str, Form(pattern=r"^\d{0,10}$")] = "",
    view: Annotated[str, Form(pattern="^(day|week)$")] = "week",
    shown: Annotated[str, Form(pattern=DAY_PATTERN)] = "",
) -> Shown:
    return Shown(caller.scope(company_id), _optional_id(branch_id), view, _day(shown))


ShownView = Annotated[Shown, Depends(shown_view)]
FormDate = Annotated[str, Form(pattern=r"^\d{4}-\d{2}-\d{2}$")]
FormTime = Annotated[str, Form(pattern=r"^\d{2}:\d{2}$")]


def _changed(
    request: Request, web, caller: Principal, where: Shown, change: Callable[[], date | None],
    notice: str, form: dict | None = None,
) -> Response:
    """Run ``change`` (it gives the day to show, ``None``: the same), then back to the view; a
    refusal shows the calendar again with the one-line reason (nothing was stored)."""
    try:
        with caller.acting():
            day = change()
    except (DomainError, GatewayError) as error:
        return _page(
            request, web, caller, where.company, where.branch, where.view, where.day,
            error=client_message(error), form=form, status=status_of(error),
        )  # fmt: skip
    return back(where.path(day), notice)


def _local(web, company: int, day: str, at: str) -> datetime:
    """The company's wall-clock ``day`` at ``at``."""
    zone = web.container.companies().get(company).time_zone
    return local_start(zone, _day(day) or date.min, _time(at))


@router.post("/appointments/book")
def book(
    request: Request,
    caller: FormCaller,
    web: WebDep,
    where: ShownView,
    event_type_id: FormId,
    staff_id: FormId,
    day: FormDate,
    at: FormTime,
    customer_name: Annotated[str, Form(max_length=200)],
    customer_email: Annotated[str, Form(max_length=320)] = "",
) -> Response:
    form = {
        "event_type_id": event_type_id, "staff_id": staff_id, "day": day, "at": at,
        "customer_name": customer_name, "customer_email": customer_email,
    }  # fmt: skip

    def change() -> date:
        start = _local(web, where.company, day, at)
        web.container.appointments().book(
            where.company, event_type_id, staff_id, start, customer_name.strip(),
            customer_email.strip() or None,
        )  # fmt: skip
        return start.date()

    return _changed(request, web, caller, where, change, "booked", form)


@router.post("/appointments/{appointment_id}/cancel")
def cancel(
    request: Request,
    caller: FormCaller,
    web: WebDep,
    where: ShownView,
    appointment_id: Annotated[int, Path(ge=1, le=MAX_ID)],
) -> Response:
    def change() -> None:
        web.container.appointments().cancel(where.company, appointment_id)

    return _changed(request, web, caller, where, change, "cancelled")


@router.post("/appointments/{appointment_id}/reschedule")
def reschedule(
    request: Request,
    caller: FormCaller,
    web: WebDep,
    where: ShownView,
    appointment_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    day: FormDate,
    at: FormTime,
) -> Response:
    def change() -> date:
        start = _local(web, where.company, day, at)
        web.container.appointments().reschedule(where.company, appointment_id, start)
        return start.date()

    return _changed(request, web, caller, where, change, "rescheduled")
