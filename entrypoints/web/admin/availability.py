"""Admin pages: every staff member's next free slot and how booked they are."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from studiobook.entrypoints.web.admin.kit import OptionalId, company_choice, render
from studiobook.entrypoints.web.deps import PageCaller, WebDep

router = APIRouter(include_in_schema=False)


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
    )  # fmt: skip
