"""Admin pages: a company's settings and its Cal.com connection.

The API key is typed into a password field, posted once, encrypted by the use-case and never
written back: not into the page (a refused form shows the message, the field stays empty), not
into the redirect (fixed notice codes only). Disconnecting needs a ticked confirmation, checked
on the server. A company token sees and changes only its own company.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from studiobook.application.shared.ports import SecretUnavailable
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
    "settings-saved": "Settings saved.",
    "calcom-connected": "Cal.com connected; the key is stored encrypted.",
    "calcom-disconnected": "Cal.com disconnected: team and key forgotten (synced data stays).",
    "holidays-saved": "Public holidays saved.",
    "closure-open": "Open on that day.",
    "closure-closed": "Closed on that day.",
    "closure-cleared": "That day follows the holiday calendar again.",
}
UPCOMING = timedelta(days=365)  # the holidays listed: from today a year on
MAX_KEY = 500
Text = Annotated[str, Form(max_length=200)]

# The default event type select: an id, or empty for "no default".
ChosenId = Annotated[str, Form(max_length=10, pattern="^[0-9]*$")]

router = APIRouter(include_in_schema=False)


@router.get("/company")
def company_page(
    request: Request, caller: PageCaller, web: WebDep, company_id: OptionalId = None
) -> Response:
    return _page(request, web, caller, company_id)


@router.post("/company")
def save_settings(
    request: Request,
    caller: FormCaller,
    web: WebDep,
    company_id: FormId,
    name: Text = "",
    time_zone: Text = "",
    default_event_type_id: ChosenId = "",
) -> Response:
    company = caller.scope(company_id)
    default = int(default_event_type_id) if default_event_type_id else None
    if default is not None and not 1 <= default <= MAX_ID:
        default = MAX_ID  # no such event type: "not found", like any unknown id
    try:
        with caller.acting():
            web.container.companies().update(
                company, name=name, time_zone=time_zone.strip(), default_event_type_id=default
            )
    except InvalidValue as error:
        typed = {"name": name, "time_zone": time_zone, "default_event_type_id": default}
        return _page(request, web, caller, company, settings_error=one_line(error), typed=typed)
    return back(f"/company?company_id={company}", "settings-saved")


@router.post("/company/holidays")
def save_holidays(
    request: Request,
    caller: FormCaller,
    web: WebDep,
    company_id: FormId,
    country: Annotated[str, Form(max_length=10)] = "",
    subdivision: Annotated[str, Form(max_length=40)] = "",
    closed_on_holidays: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Country and subdivision (empty: none) and whether the company closes on holidays."""
    company = caller.scope(company_id)
    wanted = {"country": country.strip() or None, "subdivision": subdivision.strip() or None,
              "closed_on_holidays": closed_on_holidays == "yes"}  # fmt: skip
    try:
        with caller.acting():
            web.container.companies().update(company, **wanted)
    except InvalidValue as error:
        typed = wanted | {"country": country, "subdivision": subdivision}
        return _page(request, web, caller, company, holidays_error=one_line(error), holidays=typed)
    return back(f"/company?company_id={company}", "holidays-saved")


@router.post("/company/closures")
def save_closure(
    request: Request,
    caller: FormCaller,
    web: WebDep,
    company_id: FormId,
    day: Annotated[str, Form(max_length=20)] = "",
    action: Annotated[Literal["open", "close", "clear"], Form()] = "close",
) -> Response:
    """Open on a holiday anyway, closed on a date, or back to the calendar on it."""
    company = caller.scope(company_id)
    companies = web.container.companies()
    try:
        with caller.acting():
            if action == "clear":
                companies.clear_closure(company, day)
            else:
                companies.set_closure(company, day, action == "open")
    except InvalidValue as error:
        return _page(request, web, caller, company, closure_error=one_line(error))
    notice = {"open": "closure-open", "close": "closure-closed", "clear": "closure-cleared"}[action]
    return back(f"/company?company_id={company}", notice)


@router.post("/company/calcom")
def connect_calcom(
    request: Request,
    caller: FormCaller,
    web: WebDep,
    company_id: FormId,
    team_id: Text = "",
    api_key: Annotated[str, Form()] = "",  # checked here: a validation error must not quote it
) -> Response:
    """Connect, or store a rotated key (same team, new key)."""
    company = caller.scope(company_id)
    try:
        if not team_id.strip().isdigit() or not 1 <= int(team_id) < 2**63:
            raise InvalidValue(f"a Cal.com team id is a whole number of at least 1, got {team_id!r}")
        if len(api_key) > MAX_KEY:
            raise InvalidValue(f"a Cal.com API key has at most {MAX_KEY} characters")
        with caller.acting():
            web.container.calcom_connections().connect(company, int(team_id), api_key)
    except (InvalidValue, SecretUnavailable) as error:
        return _page(request, web, caller, company, calcom_error=one_line(error), team_id=team_id)
    return back(f"/company?company_id={company}", "calcom-connected")


@router.post("/company/calcom/disconnect")
def disconnect_calcom(
    request: Request,
    caller: FormCaller,
    web: WebDep,
    company_id: FormId,
    confirm: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    company = caller.scope(company_id)
    if confirm != "yes":
        message = "Tick “Yes, forget the team and the key” to disconnect."
        return _page(request, web, caller, company, disconnect_error=message)
    with caller.acting():
        web.container.calcom_connections().disconnect(company)
    return back(f"/company?company_id={company}", "calcom-disconnected")


def _page(
    request: Request,
    web: Web,
    caller: Principal,
    company_id: int | None,
    *,
    settings_error: str | None = None,
    calcom_error: str | None = None,
    disconnect_error: str | None = None,
    holidays_error: str | None = None,
    closure_error: str | None = None,
    typed: dict[str, Any] | None = None,
    team_id: str | None = None,
    holidays: dict[str, Any] | None = None,
) -> Response:
    company_id, companies = company_choice(web, caller, company_id)
    company, branches, event_types, secret_problem, upcoming = None, [], [], None, []
    if company_id is not None:
        with caller.acting():
            company = web.container.companies().get(company_id)
            branches = web.container.companies().branches(company_id)
            event_types = web.container.event_types().list(company_id)
            today = web.container.clock().now().astimezone(ZoneInfo(company.time_zone)).date()
            upcoming = web.container.companies().holiday_list(company_id, today, today + UPCOMING)
        try:
            web.container.calcom_connections().ready()
        except SecretUnavailable as error:
            secret_problem = one_line(error)
    failed = settings_error or calcom_error or disconnect_error or holidays_error or closure_error
    response = render(
        request, web, caller, "company.html", NOTICES, company_id=company_id,
        companies=companies, company=company, branches=branches, event_types=event_types,
        settings_error=settings_error, calcom_error=calcom_error,
        disconnect_error=disconnect_error, secret_problem=secret_problem,
        holidays_error=holidays_error, closure_error=closure_error, upcoming=upcoming,
        holidays=holidays or ({} if company is None else {
            "country": company.country or "", "subdivision": company.subdivision or "",
            "closed_on_holidays": company.closed_on_holidays,
        }),
        settings=typed or ({} if company is None else {
            "name": company.name, "time_zone": company.time_zone,
            "default_event_type_id": company.default_event_type_id,
        }),
        team_id=team_id if team_id is not None else (company and company.calcom_team_id) or "",
    )  # fmt: skip
    if failed:
        response.status_code = 422
    return response

