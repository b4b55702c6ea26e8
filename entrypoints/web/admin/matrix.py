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
    request: Request,
    caller: FormCaller,
    web: WebDep,
    company_id: FormId,
    cell: Annotated[list[str], Form(max_length=10_000)] = [],  # noqa: B006 - FastAPI copies it
    remove: Annotated[list[str], Form(max_length=10_000)] = [],  # noqa: B006 - confirmed removals
) -> Response:
    """A save that removes offerings asks first (a server-side step, so it works without
    JavaScript): the confirmation form carries the same ticks and the removals it names."""
    company = caller.scope(company_id)
    pairs = [_pair(value) for value in cell]
    with caller.acting():
        change = web.container.matrix_editor().replace(
            company, pairs, confirmed_removals=[_pair(value) for value in remove]
        )
        if not change.unconfirmed_removals:
            return back(f"/matrix?company_id={company}", "matrix-saved")
        current = web.container.assignments().matrix(company)
    staff = {m.id: m.name for m in current.staff}
    types = {t.id: t.name for t in current.event_types}
    removals = [
        (f"{s}:{e}", f"{staff.get(s, s)} – {types.get(e, e)}") for s, e in change.unconfirmed_removals
    ]
    return render(
        request, web, caller, "matrix.html", NOTICES, company_id=company, companies=[],
        matrix=None, confirm_removals=removals, cells=cell,
    )  # fmt: skip


def _pair(value: str) -> tuple[int, int]:
    if not CELL.fullmatch(value):
        raise HTTPException(422, "a matrix cell is STAFF_ID:EVENT_TYPE_ID")
    staff, _, event_type = value.partition(":")
    return int(staff), int(event_type)
