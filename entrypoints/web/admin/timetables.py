"""Admin pages: a company's timetables — recurring classes at a wall-clock time in the company's
zone (an RFC 5545 repeat rule) — and their sessions; create, edit the series from now on,
deactivate. A company token sees and changes only its own company's timetables."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import Response

from studiobook.domain.courses.timetables import Timetable, TimetableNotFound
from studiobook.domain.shared.errors import DomainError
from studiobook.entrypoints.web.admin.course_forms import (
    FormProblem,
    an_id,
    checked,
    day,
    form_page,
    name_of,
    places,
    text,
    wall_clock,
    whole,
    zone_of,
)
from studiobook.entrypoints.web.admin.kit import MAX_ID, OptionalId, back, company_choice, render
from studiobook.entrypoints.web.deps import FormCaller, PageCaller, Web, WebDep
from studiobook.entrypoints.web.security import Principal

NOTICES = {
    "timetable-created": "Timetable created; its sessions of the coming weeks are on the schedule.",
    "timetable-updated": "Timetable saved; its future sessions follow it.",
    "timetable-kept": "Timetable saved. Booked sessions the new schedule no longer has are kept "
                      "as they are: cancel them on their page or let them run.",
    "timetable-deactivated": "Timetable deactivated; its future unbooked sessions are gone.",
}

TimetableId = Annotated[int, Path(ge=1, le=MAX_ID)]
Field = Annotated[str, Form(max_length=1000)]

router = APIRouter(include_in_schema=False)


def timetable_fields(
    title: Field = "", capacity: Field = "", rrule: Field = "", starts: Field = "",
    duration: Field = "", until: Field = "", branch_id: Field = "", instructor_id: Field = "",
    members_only: Field = "", opens_before: Field = "", cancel_cutoff: Field = "",
) -> dict[str, str]:  # fmt: skip
    return dict(locals())


TimetableFields = Annotated[dict[str, str], Depends(timetable_fields)]


def read_timetable(form: dict[str, str]) -> dict[str, object]:
    """The timetable form as :meth:`Timetables.add` and ``update`` take it. The first start
    stays a wall-clock time: each session is placed on the company's clocks."""
    return {
        "title": text(form, "title", "The title", required=True),
        "capacity": whole(form, "capacity", "The capacity", required=True),
        "rrule": text(form, "rrule", "The repeat rule", required=True),
        "starts_local": wall_clock(form, "starts", "The first start", required=True),
        "duration_minutes": whole(form, "duration", "The length in minutes", least=1, required=True),
        "until": day(form, "until", "The last day"),
        "branch_id": an_id(form, "branch_id", "The branch"),
        "instructor_id": an_id(form, "instructor_id", "The instructor"),
        "members_only": checked(form, "members_only"),
        "opens_before_minutes": whole(form, "opens_before", "Opens before (minutes)"),
        "cancel_cutoff_minutes": whole(form, "cancel_cutoff", "Cancel cutoff (minutes)"),
    }


def filled(timetable: Timetable) -> dict[str, str]:
    def shown(value: object) -> str:
        return "" if value is None else str(value)

    rules = timetable.rules
    return {
        "title": timetable.title, "capacity": str(timetable.capacity), "rrule": timetable.rrule,
        "starts": timetable.starts_local.strftime("%Y-%m-%dT%H:%M"),
        "duration": str(timetable.duration_minutes),
        "until": "" if timetable.until is None else timetable.until.isoformat(),
        "branch_id": shown(timetable.branch_id), "instructor_id": shown(timetable.instructor_id),
        "members_only": "on" if rules.members_only else "",
        "opens_before": shown(rules.opens_before_minutes),
        "cancel_cutoff": shown(rules.cancel_cutoff_minutes),
    }  # fmt: skip


@router.get("/timetables")
def timetables(
    request: Request, caller: PageCaller, web: WebDep, company_id: OptionalId = None
) -> Response:
    company, companies = company_choice(web, caller, company_id)
    found: list[Timetable] = []
    if company is not None:
        with caller.acting():
            found = web.container.timetables().list(company)
    return render(
        request, web, caller, "timetables.html", NOTICES, company_id=company,
        companies=companies, zone=zone_of(companies, company), timetables=found,
    )  # fmt: skip


@router.get("/timetables/new")
def new_timetable(
    request: Request, caller: PageCaller, web: WebDep, company_id: OptionalId = None
) -> Response:
    company, companies = company_choice(web, caller, company_id)
    form = {"capacity": "10", "duration": "60", "rrule": "FREQ=WEEKLY;BYDAY=MO"}
    return _form(request, web, caller, company, companies, form)


@router.post("/timetables")
def create_timetable(
    request: Request, caller: FormCaller, web: WebDep, form: TimetableFields,
    company_id: Annotated[str, Form(max_length=20)] = "",
) -> Response:  # fmt: skip
    requested = int(company_id) if company_id.isdigit() and int(company_id) <= MAX_ID else None
    company = caller.scope(requested)
    _, companies = company_choice(web, caller, company)
    try:
        details = read_timetable(form)
        with caller.acting():
            made = web.container.timetables().add(company, **details)
    except (FormProblem, DomainError) as refused:
        return _form(request, web, caller, company, companies, form, refused)
    return back(f"/timetables/{made.id}", "timetable-created")


@router.get("/timetables/{timetable_id}")
def timetable(
    request: Request, caller: PageCaller, web: WebDep, timetable_id: TimetableId
) -> Response:
    found = _timetable(web, caller, timetable_id)
    _, companies = company_choice(web, caller, found.company_id)
    with caller.acting():
        now = web.container.clock().now()
        sessions = web.container.timetables().sessions(
            timetable_id, starts_from=now, company_id=caller.company_id
        )
        names = places(web, caller, found.company_id)
    return render(
        request, web, caller, "timetable.html", NOTICES, timetable=found, sessions=sessions,
        zone=zone_of(companies, found.company_id),
        branch=name_of(names["branches"], found.branch_id),
        instructor=name_of(names["staff"], found.instructor_id),
    )  # fmt: skip


@router.get("/timetables/{timetable_id}/edit")
def edit_timetable(
    request: Request, caller: PageCaller, web: WebDep, timetable_id: TimetableId
) -> Response:
    found = _timetable(web, caller, timetable_id)
    _, companies = company_choice(web, caller, found.company_id)
    return _form(request, web, caller, found.company_id, companies, filled(found), None, found)


@router.post("/timetables/{timetable_id}/edit")
def save_timetable(
    request: Request, caller: FormCaller, web: WebDep, timetable_id: TimetableId,
    form: TimetableFields,
) -> Response:  # fmt: skip
    found = _timetable(web, caller, timetable_id)
    try:
        details = read_timetable(form)
        with caller.acting():
            edit = web.container.timetables().update(timetable_id, caller.company_id, **details)
    except (FormProblem, DomainError) as refused:
        if isinstance(refused, TimetableNotFound):
            raise
        _, companies = company_choice(web, caller, found.company_id)
        return _form(request, web, caller, found.company_id, companies, form, refused, found)
    return back(f"/timetables/{timetable_id}", "timetable-kept" if edit.kept else "timetable-updated")


@router.post("/timetables/{timetable_id}/deactivate")
def deactivate_timetable(caller: FormCaller, web: WebDep, timetable_id: TimetableId) -> Response:
    with caller.acting():
        web.container.timetables().deactivate(timetable_id, caller.company_id)
    return back(f"/timetables/{timetable_id}", "timetable-deactivated")


def _timetable(web: Web, caller: Principal, timetable_id: int) -> Timetable:
    with caller.acting():
        return web.container.timetables().get(timetable_id, caller.company_id)


def _form(
    request: Request, web: Web, caller: Principal, company: int | None, companies: list,
    form: dict[str, str], error: Exception | None = None, found: Timetable | None = None,
) -> Response:  # fmt: skip
    return form_page(
        request, web, caller, "timetable_form.html", NOTICES, company, companies, form, error,
        timetable=found,
    )  # fmt: skip
