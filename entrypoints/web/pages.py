"""The admin pages: server-rendered HTML, plain forms, no build step.

Each handler reads through a use-case and renders a template; each form post runs one use-case
and redirects (post/redirect/get), with a fixed notice code in the address — never text taken
from the request.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from studiobook.application.shared.ports import GatewayNotConfigured
from studiobook.entrypoints.web.deps import FormCaller, PageCaller, Web, WebDep
from studiobook.entrypoints.web.security import SESSION_COOKIE, Principal

MAX_ID = 2**31 - 1
OptionalId = Annotated[int | None, Query(ge=1, le=MAX_ID)]
FormId = Annotated[int, Form(ge=1, le=MAX_ID)]
CELL = re.compile(r"[0-9]{1,10}:[0-9]{1,10}")
NOTICES = {
    "synced": "Sync finished — the status below is up to date.",
    "sync-skipped": "Nothing synced: the last sync is less than an hour old (tick 'force').",
    "sync-failed": "The sync failed — see the WODIFY status and recent errors below.",
    "calcom-synced": "Event types synced from Cal.com.",
    "calcom-failed": "The Cal.com sync failed; local data keeps serving.",
    "calcom-not-connected": "This company is not connected to Cal.com.",
    "matrix-saved": "Matrix saved.",
    "resent": "The message is queued again; the next dispatch (within a minute) sends it.",
    "resend-none": "Nothing to resend: that message was not given up (or is not yours).",
}
OUTBOX_ROWS = 20  # per list on the dashboard; `studiobook outbox list` and /admin/outbox show more

router = APIRouter(include_in_schema=False)


def render(request: Request, web: Web, caller: Principal, template: str, **context) -> Response:
    session = request.cookies.get(SESSION_COOKIE, "")
    return web.templates.TemplateResponse(request, template, {
        "caller": caller,
        "csrf": web.sessions.csrf(session),
        "notice": NOTICES.get(request.query_params.get("notice", "")),
        "can_sync_calcom": web.can_sync_calcom,
        **context,
    })


def company_choice(web: Web, caller: Principal, requested: int | None) -> tuple[int | None, list]:
    """The company a page shows (a company token: its own; the admin: the one asked for, else
    the first) and the companies the caller may switch to."""
    with caller.acting():
        if caller.company_id is not None:
            company = caller.scope(requested)
            return company, [web.container.companies().get(company)]
        companies = web.container.companies().list()
    if requested is not None:
        return requested, companies
    return (companies[0].id if companies else None), companies


def back(path: str, notice: str) -> RedirectResponse:
    joiner = "&" if "?" in path else "?"
    return RedirectResponse(f"{path}{joiner}notice={notice}", 303)


@router.get("/")
def dashboard(request: Request, caller: PageCaller, web: WebDep) -> Response:
    status = stats = None
    if caller.company_id is None:
        with caller.acting():
            status = web.container.wodify_sync().status()
            stats = web.container.stats().collect(check_health=False)  # asked once, above
    return render(
        request, web, caller, "dashboard.html", status=status, stats=stats,
        outbox=outbox_panel(web, caller),
    )  # fmt: skip


def outbox_panel(web: Web, caller: Principal) -> dict[str, Any]:
    """The outbox as the dashboard shows it: counts, what waits, what was given up (with the
    reason), what went out last — the caller's company's only, for a company token."""
    from studiobook.domain.notifications.delivery import DeliveryStatus

    with caller.acting():
        review = web.container.outbox_review()
        return {
            "counts": review.counts(caller.company_id),
            **{
                status.value: review.entries(caller.company_id, status, OUTBOX_ROWS)
                for status in DeliveryStatus
            },
        }


@router.post("/outbox/resend")
def resend_message(caller: FormCaller, web: WebDep, message_id: FormId) -> Response:
    """Send a given-up message again (audited as the caller)."""
    with caller.acting():
        done = web.container.outbox_review().resend(message_id, caller.company_id)
    return back("/", "resent" if done else "resend-none")


@router.post("/sync")
def trigger_sync(caller: FormCaller, web: WebDep, force: Annotated[bool, Form()] = False) -> Response:
    caller.require_all_companies()
    with caller.acting():
        results = web.container.wodify_sync().run_all(force=force)
    if any(r.outcome == "failed" for r in results):
        return back("/", "sync-failed")
    return back("/", "sync-skipped" if all(r.skipped for r in results) else "synced")


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
    zone = next((c.time_zone for c in companies if c.id == company), "UTC")
    return render(
        request, web, caller, "courses.html",
        courses=found, company_id=company, companies=companies, zone=zone,
    )  # fmt: skip


@router.get("/event-types")
def event_types(
    request: Request,
    caller: PageCaller,
    web: WebDep,
    company_id: OptionalId = None,
    branch_id: OptionalId = None,
    active: Annotated[str, Query(pattern="^(|true|false)$")] = "",
) -> Response:
    company, companies = company_choice(web, caller, company_id)
    found, branches = [], []
    connected = any(getattr(c, "calcom_connected", False) for c in companies if c.id == company)
    if company is not None:
        with caller.acting():
            branches = web.container.companies().branches(company)
            found = web.container.event_types().list(
                company, branch_id=branch_id, active=None if not active else active == "true"
            )
    return render(
        request, web, caller, "event_types.html", company_id=company, companies=companies,
        branches=branches, branch_id=branch_id, active=active, event_types=found,
        calcom_connected=connected,
    )


@router.post("/event-types/sync")
def sync_event_types(caller: FormCaller, web: WebDep, company_id: FormId) -> Response:
    company = caller.scope(company_id)
    page = f"/event-types?company_id={company}"
    try:
        with caller.acting():
            results = web.container.calcom_sync().sync_event_types(company, force=True)
    except GatewayNotConfigured:
        return back(page, "calcom-not-connected")
    failed = any(r.outcome == "failed" for r in results)
    return back(page, "calcom-failed" if failed else "calcom-synced")


@router.get("/matrix")
def matrix(request: Request, caller: PageCaller, web: WebDep, company_id: OptionalId = None) -> Response:
    company, companies = company_choice(web, caller, company_id)
    found = None
    if company is not None:
        with caller.acting():
            found = web.container.assignments().matrix(company)
    return render(request, web, caller, "matrix.html", company_id=company, companies=companies, matrix=found)


@router.post("/matrix")
def save_matrix(
    caller: FormCaller,
    web: WebDep,
    company_id: FormId,
    cell: Annotated[list[str], Form(max_length=10_000)] = [],  # noqa: B006 - FastAPI copies it
) -> Response:
    company = caller.scope(company_id)
    pairs = [_pair(value) for value in cell]
    with caller.acting():
        web.container.matrix_editor().replace(company, pairs)
    return back(f"/matrix?company_id={company}", "matrix-saved")


def _pair(value: str) -> tuple[int, int]:
    if not CELL.fullmatch(value):
        raise HTTPException(422, "a matrix cell is STAFF_ID:EVENT_TYPE_ID")
    staff, _, event_type = value.partition(":")
    return int(staff), int(event_type)


@router.get("/availability")
def availability(
    request: Request, caller: PageCaller, web: WebDep, company_id: OptionalId = None, branch_id: OptionalId = None
) -> Response:
    company, companies = company_choice(web, caller, company_id)
    rows, branches = [], []
    if company is not None:
        with caller.acting():
            branches = web.container.companies().branches(company)
            rows = web.container.availability_overview().staff(company, branch_id=branch_id)
    return render(
        request, web, caller, "availability.html", company_id=company, companies=companies,
        branches=branches, branch_id=branch_id, rows=rows,
    )
