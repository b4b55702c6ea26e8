"""Admin pages: a company's staff, and one staff member's details, hours, days off and services.

Hours are wall-clock ranges in the staff member's own zone and override dates are local dates
there; the page says which zone. A refused form is shown again with the domain's one-line message
beside it (status 422) and nothing stored; a saved one redirects back with a fixed notice. Another
company's staff member is "not found" to a company token, like one that does not exist.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import Response
from pydantic import BeforeValidator, Field

from studiobook.domain.appointments import Assignment, EventType, Staff, Weekday, WorkingHours
from studiobook.domain.appointments.errors import InvalidAssignment, InvalidSchedule
from studiobook.domain.appointments.working_hours import TimeRange
from studiobook.domain.shared.errors import InvalidValue
from studiobook.entrypoints.web.admin.kit import (
    MAX_ID,
    FormId,
    OptionalId,
    back,
    company_choice,
    one_line,
    render,
)
from studiobook.entrypoints.web.deps import FormCaller, PageCaller, Web, WebDep
from studiobook.entrypoints.web.security import Principal

NOTICES = {
    "staff-added": "Staff member added. Give them working hours and services below.",
    "details-saved": "Details saved.",
    "deactivated": "Deactivated: no longer offered for booking.",
    "activated": "Activated: bookable again.",
    "hours-saved": "Working hours saved.",
    "override-saved": "Hours for that date saved.",
    "override-cleared": "That date follows the weekly hours again.",
    "assignment-saved": "Service saved.",
    "assignment-removed": "Service no longer offered by this staff member.",
}
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAYS = tuple(zip(Weekday, DAY_NAMES, strict=True))
_DASH = re.compile(r"\s*[-–]\s*")
_SEPARATOR = re.compile(r"[,;\s]+")
_MINUTES = re.compile(r"[0-9]{1,5}")


def _blank_is_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


OptionalFormId = Annotated[
    Annotated[int, Field(ge=1, le=MAX_ID)] | None, BeforeValidator(_blank_is_none), Form()
]
"""A select whose empty choice ("no branch") means none."""
Text = Annotated[str, Form(max_length=200)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]

router = APIRouter(include_in_schema=False)


# -- the list -----------------------------------------------------------------------------------
@router.get("/staff")
def staff_list(
    request: Request,
    caller: PageCaller,
    web: WebDep,
    company_id: OptionalId = None,
    branch_id: OptionalId = None,
) -> Response:
    return _list_page(request, web, caller, company_id, branch_id)


@dataclass(frozen=True)
class Details:
    """What a staff member is added or edited with; ``typed`` is the form as it was sent."""

    name: str
    branch_id: int | None
    time_zone: str
    calcom_username: str

    @property
    def typed(self) -> dict[str, Any]:
        return asdict(self)


def details_form(
    name: Text = "",
    branch_id: OptionalFormId = None,
    time_zone: Text = "",
    calcom_username: Text = "",
) -> Details:
    return Details(name, branch_id, time_zone.strip(), calcom_username)


DetailsForm = Annotated[Details, Depends(details_form)]


@router.post("/staff")
def add_staff(
    request: Request, caller: FormCaller, web: WebDep, company_id: FormId, form: DetailsForm
) -> Response:
    company = caller.scope(company_id)
    try:
        with caller.acting():
            added = web.container.staffing().add(
                company, form.name, branch_id=form.branch_id, time_zone=form.time_zone or None,
                calcom_username=form.calcom_username,
            )  # fmt: skip
    except InvalidValue as error:
        return _list_page(request, web, caller, company, None, one_line(error), form.typed)
    return back(f"/staff/{added.id}", "staff-added")


def _list_page(
    request: Request,
    web: Web,
    caller: Principal,
    company_id: int | None,
    branch_id: int | None,
    error: str | None = None,
    typed: dict[str, Any] | None = None,
) -> Response:
    company, companies = company_choice(web, caller, company_id)
    members, branches, zone = [], [], None
    if company is not None:
        with caller.acting():
            branches = web.container.companies().branches(company)
            members = web.container.staffing().list(company, branch_id=branch_id)
            zone = web.container.companies().get(company).time_zone
    response = render(
        request, web, caller, "staff.html", NOTICES, company_id=company, companies=companies,
        branches=branches, branch_names={b.id: b.name for b in branches}, branch_id=branch_id,
        staff=members, company_zone=zone, add_error=error, add=typed or {},
    )  # fmt: skip
    if error is not None:
        response.status_code = 422
    return response


# -- one staff member ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ServiceRow:
    """One event type of the company as this staff member offers it (or not)."""

    event_type: EventType
    offered: bool
    primary: bool
    minutes: str
    price: str
    override: list[tuple[str, str, str]]  # (day value, day name, ranges text)
    summary: str
    failed: bool = False  # this row's form was refused (the page's error is shown beside it)


@router.get("/staff/{staff_id}")
def staff_page(request: Request, caller: PageCaller, web: WebDep, staff_id: PathId) -> Response:
    company, member = _member(web, caller, staff_id)
    return _detail_page(request, web, caller, company, member)


@router.post("/staff/{staff_id}")
def update_staff(
    request: Request, caller: FormCaller, web: WebDep, staff_id: PathId, form: DetailsForm
) -> Response:
    company, member = _member(web, caller, staff_id)
    try:
        with caller.acting():
            web.container.staffing().update(
                company, staff_id, name=form.name, branch_id=form.branch_id,
                time_zone=form.time_zone, calcom_username=form.calcom_username,
            )  # fmt: skip
    except InvalidValue as error:
        return _detail_page(request, web, caller, company, member, "details", error, form.typed)
    return back(f"/staff/{staff_id}", "details-saved")


@router.post("/staff/{staff_id}/active")
def set_active(
    caller: FormCaller,
    web: WebDep,
    staff_id: PathId,
    active: Annotated[str, Form(pattern="^(true|false)$")],
) -> Response:
    company, _ = _member(web, caller, staff_id)
    with caller.acting():
        web.container.staffing().update(company, staff_id, active=active == "true")
    return back(f"/staff/{staff_id}", "activated" if active == "true" else "deactivated")


@router.post("/staff/{staff_id}/hours")
def set_hours(
    request: Request,
    caller: FormCaller,
    web: WebDep,
    staff_id: PathId,
    mon: Text = "", tue: Text = "", wed: Text = "", thu: Text = "",
    fri: Text = "", sat: Text = "", sun: Text = "",
) -> Response:  # fmt: skip
    """The whole week in one form: every day is checked before any is stored, then each day
    that changed is saved."""
    company, member = _member(web, caller, staff_id)
    typed = dict(zip(Weekday, (mon, tue, wed, thu, fri, sat, sun), strict=True))
    try:
        week = {day: _ranges(text, f"working hours on {day.value}") for day, text in typed.items()}
        with caller.acting():
            for day, ranges in week.items():
                if ranges != _texts(member.working_hours.weekly[day.index]):
                    web.container.staffing().set_hours(company, staff_id, day, ranges)
    except InvalidValue as error:
        values = {day.value: text for day, text in typed.items()}
        return _detail_page(request, web, caller, company, member, "hours", error, values)
    return back(f"/staff/{staff_id}", "hours-saved")


@router.post("/staff/{staff_id}/overrides")
def set_override(
    request: Request,
    caller: FormCaller,
    web: WebDep,
    staff_id: PathId,
    day: Text = "",
    ranges: Text = "",
) -> Response:
    """Other hours on one local date; no ranges make it a day off."""
    company, member = _member(web, caller, staff_id)
    try:
        wanted = _ranges(ranges, f"hours on {day.strip() or 'that date'}")
        with caller.acting():
            web.container.staffing().set_override(company, staff_id, day.strip(), wanted)
    except InvalidValue as error:
        typed = {"day": day, "ranges": ranges}
        return _detail_page(request, web, caller, company, member, "override", error, typed)
    return back(f"/staff/{staff_id}", "override-saved")


@router.post("/staff/{staff_id}/overrides/clear")
def clear_override(
    request: Request, caller: FormCaller, web: WebDep, staff_id: PathId, day: Text = ""
) -> Response:
    company, member = _member(web, caller, staff_id)
    try:
        with caller.acting():
            web.container.staffing().clear_override(company, staff_id, day.strip())
    except InvalidValue as error:
        return _detail_page(request, web, caller, company, member, "override", error, {})
    return back(f"/staff/{staff_id}", "override-cleared")


@router.post("/staff/{staff_id}/assignments/{event_type_id}")
def save_assignment(
    request: Request,
    caller: FormCaller,
    web: WebDep,
    staff_id: PathId,
    event_type_id: PathId,
    offered: Text = "",
    primary: Text = "",
    minutes: Text = "",
    price: Text = "",
    o_mon: Text = "", o_tue: Text = "", o_wed: Text = "", o_thu: Text = "",
    o_fri: Text = "", o_sat: Text = "", o_sun: Text = "",
) -> Response:  # fmt: skip
    """Offered (with its options) or not; the override's weekly hours restrict when this
    service is offered, all empty meaning whenever the staff member works."""
    company, member = _member(web, caller, staff_id)
    assignments = web.container.assignments()
    override = dict(zip(Weekday, (o_mon, o_tue, o_wed, o_thu, o_fri, o_sat, o_sun), strict=True))
    page = f"/staff/{staff_id}"
    with caller.acting():
        found = assignments.list(company, staff_id=staff_id, event_type_id=event_type_id)
        current = found[0] if found else None
        if not offered:
            if current is None:
                return back(page, "assignment-saved")
            assignments.unassign(company, staff_id, event_type_id)
            return back(page, "assignment-removed")
        try:
            assignments.assign(
                company, staff_id, event_type_id, is_primary=bool(primary),
                custom_duration=_minutes(minutes), custom_price=price.strip() or None,
                availability_override=_override(override, current),
            )  # fmt: skip
        except InvalidValue as error:
            typed = {"offered": offered, "primary": primary, "minutes": minutes, "price": price,
                     **{day.value: text for day, text in override.items()}}  # fmt: skip
            form = f"assignment-{event_type_id}"
            return _detail_page(request, web, caller, company, member, form, error, typed)
    return back(page, "assignment-saved")


# -- helpers --------------------------------------------------------------------------------
def _member(web: Web, caller: Principal, staff_id: int) -> tuple[int, Staff]:
    """The staff member's company and the member; "not found" for another company's."""
    with caller.acting():
        company = caller.company_id or web.container.company_lookup().of_staff(staff_id)
        return company, web.container.staffing().get(company, staff_id)



def _texts(ranges: tuple[TimeRange, ...]) -> list[str]:
    return [str(r) for r in ranges]


def _ranges(text: str, where: str) -> list[str]:
    """A field's ranges ("09:00-12:00, 13:00-17:00"), each checked by the domain. Overlapping
    ranges are refused here rather than merged: two shifts typed are meant as two."""
    parts = [p for p in _SEPARATOR.split(_DASH.sub("-", text.strip())) if p]
    try:
        parsed = sorted(TimeRange.parse(p) for p in parts)
    except InvalidSchedule as error:
        raise InvalidSchedule(f"{where}: {error}") from None
    for first, second in zip(parsed, parsed[1:], strict=False):
        if second.start < first.end:
            raise InvalidSchedule(f"{where}: {first} and {second} overlap; give each time once")
    return _texts(tuple(parsed))


def _minutes(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not _MINUTES.fullmatch(text):
        raise InvalidAssignment(f"custom duration {text!r} is not a whole number of minutes")
    return int(text)


def _override(week: dict[Weekday, str], current: Assignment | None) -> WorkingHours | None:
    """The weekly restriction typed; date overrides already stored with it stay."""
    weekly = {d: _ranges(text, f"availability override on {d.value}") for d, text in week.items()}
    stored = current.availability_override if current else None
    kept = stored.overrides if stored else ()
    if not any(weekly.values()) and not kept:
        return None
    return WorkingHours(weekly=weekly, overrides=kept)


def _week_texts(hours: WorkingHours | None) -> dict[str, str]:
    """Each weekday's ranges as the form shows them (``""``: none)."""
    return {d.value: ", ".join(_texts(hours.weekly[d.index])) if hours else "" for d in Weekday}


def _detail_page(
    request: Request,
    web: Web,
    caller: Principal,
    company_id: int,
    member: Staff,
    failed: str | None = None,
    error: Exception | None = None,
    typed: dict[str, Any] | None = None,
) -> Response:
    """The staff member's page; ``failed`` names the form refused with ``error`` (shown beside
    it, with what was ``typed`` kept)."""
    typed = typed or {}
    with caller.acting():
        company = web.container.companies().get(company_id)
        branches = web.container.companies().branches(company_id)
        event_types = web.container.event_types().list(company_id)
        assigned = web.container.assignments().list(company_id, staff_id=member.id)
        today = web.container.clock().now().astimezone(member.zone).date()
    offered = {a.event_type_id: a for a in assigned}
    hours = member.working_hours
    shown = typed if failed == "hours" else _week_texts(hours)
    services = [
        _service_row(t, offered.get(t.id), typed if failed == f"assignment-{t.id}" else None)
        for t in event_types
    ]
    response = render(
        request, web, caller, "staff_detail.html", NOTICES, member=member, company=company,
        company_id=company_id, branches=branches, today=today,
        weekly=[(day.value, name, shown[day.value]) for day, name in DAYS],
        upcoming=[(d, DAY_NAMES[d.weekday()], _texts(r)) for d, r in hours.overrides if d >= today],
        services=services, failed=failed, error=one_line(error) if error else None, typed=typed,
    )  # fmt: skip
    if error is not None:
        response.status_code = 422
    return response


def _service_row(
    event_type: EventType, assignment: Assignment | None, typed: dict[str, Any] | None
) -> ServiceRow:
    """``typed``: the row's refused form, shown again as it was sent."""
    stored = _week_texts(assignment.availability_override if assignment else None)
    summary = "; ".join(f"{day} {text}" for day, text in stored.items() if text)
    if typed is not None:
        return ServiceRow(
            event_type, bool(typed["offered"]), bool(typed["primary"]), typed["minutes"],
            typed["price"], [(d.value, n, typed[d.value]) for d, n in DAYS],
            summary or "whenever working", failed=True,
        )  # fmt: skip
    duration = assignment.custom_duration if assignment else None
    price = assignment.custom_price if assignment else None
    return ServiceRow(
        event_type,
        offered=assignment is not None,
        primary=bool(assignment and assignment.is_primary),
        minutes="" if duration is None else str(duration),
        price="" if price is None else str(price),
        override=[(d.value, n, stored[d.value]) for d, n in DAYS],
        summary=summary or "whenever working",
    )
