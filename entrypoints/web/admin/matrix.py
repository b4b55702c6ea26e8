"""Admin pages: the staff x event-type matrix, saved as a whole."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import Response

from studiobook.entrypoints.web.admin.kit import FormId, OptionalId, back, company_choice, render
from studiobook.entrypoints.web.deps import FormCaller, PageCaller, WebDep

CELL = re.compile(r"[0-9]{1,10}:[0-9]{1,10}")
NOTICES = {"matrix-saved": "Matrix saved."}

router = APIRouter(include_in_schema=False)


@router.get("/matrix")
def matrix(request: Request, caller: PageCaller, web: WebDep, company_id: OptionalId = None) -> Response:
    company, companies = company_choice(web, caller, company_id)
    found = None
    if company is not None:
        with caller.acting():
            found = web.container.assignments().matrix(company)
    return render(
        request, web, caller, "matrix.html", NOTICES, company_id=company, companies=companies,
        matrix=found,
    )  # fmt: skip


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
