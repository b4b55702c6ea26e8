"""Admin pages: courses of one company at a time, in its zone."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from studiobook.entrypoints.web.admin.kit import OptionalId, company_choice, render
from studiobook.entrypoints.web.deps import PageCaller, WebDep

router = APIRouter(include_in_schema=False)


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
