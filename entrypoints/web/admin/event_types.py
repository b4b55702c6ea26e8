"""Admin pages: a company's event types, and the Cal.com sync button."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from studiobook.application.shared.ports import GatewayNotConfigured
from studiobook.entrypoints.web.admin.kit import FormId, OptionalId, back, company_choice, render
from studiobook.entrypoints.web.deps import FormCaller, PageCaller, WebDep

NOTICES = {
    "calcom-synced": "Event types synced from Cal.com.",
    "calcom-failed": "The Cal.com sync failed; local data keeps serving.",
    "calcom-not-connected": "This company is not connected to Cal.com.",
}

router = APIRouter(include_in_schema=False)


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
        request, web, caller, "event_types.html", NOTICES, company_id=company,
        companies=companies, branches=branches, branch_id=branch_id, active=active,
        event_types=found, calcom_connected=connected,
    )  # fmt: skip


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
