"""Admin pages: a company's event types — listed, created, edited, deactivated and activated —
and the Cal.com sync button.

A company token sees and changes only its own company's event types: another company's is "not
found", exactly like one that does not exist. A refused form is shown again, filled in, with the
one-line reason and nothing stored; every change redirects back with a fixed notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import Response

from studiobook.application.appointments.tenancy import EventTypeNotFound
from studiobook.application.shared.ports import GatewayNotConfigured
from studiobook.domain.appointments import EventType
from studiobook.domain.shared.errors import DomainError
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
    "calcom-synced": "Event types synced from Cal.com.",
    "calcom-failed": "The Cal.com sync failed; local data keeps serving.",
    "calcom-not-connected": "This company is not connected to Cal.com.",
    "event-type-created": "Event type created.",
    "event-type-saved": "Event type saved.",
    "event-type-deactivated": "Event type deactivated: no more slots or bookings of it.",
    "event-type-activated": "Event type active again.",
    "event-type-is-default": (
        "This is the company's default event type: make another one the default before "
        "deactivating it."
    ),
}

EventTypeId = Annotated[int, Path(ge=1, le=MAX_ID)]
Field = Annotated[str, Form(max_length=2000)]

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
    found, branches, default_id = [], [], None
    connected = any(getattr(c, "calcom_connected", False) for c in companies if c.id == company)
    if company is not None:
        with caller.acting():
            branches = web.container.companies().branches(company)
            default_id = web.container.companies().get(company).default_event_type_id
            found = web.container.event_types().list(
                company, branch_id=branch_id, active=None if not active else active == "true"
            )
    return render(
        request, web, caller, "event_types.html", NOTICES, company_id=company,
        companies=companies, branches=branches, branch_id=branch_id, active=active,
        event_types=found, calcom_connected=connected, default_id=default_id,
        branch_names={b.id: b.name for b in branches},
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


# -- the form -----------------------------------------------------------------------------------
def event_type_fields(
    name: Field = "", slug: Field = "", description: Field = "", duration: Field = "",
    price: Field = "", interval: Field = "", buffer_before: Field = "", buffer_after: Field = "",
    notice: Field = "", branch_id: Field = "", active: Field = "", default: Field = "",
) -> dict[str, str]:  # fmt: skip
    """The event-type form as it was sent, to read it and to show it again when refused."""
    return dict(locals())


EventTypeFields = Annotated[dict[str, str], Depends(event_type_fields)]


class FormProblem(ValueError):
    """One field to fix; the message is shown on the form."""


# form field -> (what the studio calls it, the EventType field, the least number of minutes)
MINUTES = {
    "duration": ("Duration", "duration_minutes", 1),
    "interval": ("Start times every", "slot_interval_minutes", 1),
    "buffer_before": ("Buffer before", "buffer_before_minutes", 0),
    "buffer_after": ("Buffer after", "buffer_after_minutes", 0),
    "notice": ("Minimum notice", "minimum_notice_minutes", 0),
}


def read_event_type(form: dict[str, str]) -> dict[str, object]:
    """The form as :meth:`EventTypes.add` and ``update`` take it (without ``default``)."""
    name = form["name"].strip()
    if not name:
        raise FormProblem("Name is required")
    values: dict[str, object] = {
        "name": name,
        "slug": form["slug"].strip(),
        "description": form["description"].strip(),
        "price": form["price"].strip() or "0.00",
        "active": form["active"] == "on",
        "branch_id": _number(form["branch_id"], "Branch", 1) if form["branch_id"].strip() else None,
    }
    for field, (what, attribute, least) in MINUTES.items():
        text = form[field].strip()
        if not text and field == "duration":
            raise FormProblem("Duration is required")
        default = None if field == "interval" else 0
        values[attribute] = _number(text, what, least) if text else default
    return values


def _number(text: str, what: str, least: int) -> int:
    text = text.strip()
    if not text.isdigit() or int(text) > MAX_ID:
        raise FormProblem(f"{what} must be a whole number of minutes, got {text[:20]!r}")
    if int(text) < least:
        raise FormProblem(f"{what} must be at least {least}, got {int(text)}")
    return int(text)


def filled(event_type: EventType) -> dict[str, str]:
    """The form of a stored event type."""

    def shown(value: object) -> str:
        return "" if value is None else str(value)

    return {
        "name": event_type.name, "slug": event_type.slug, "description": event_type.description,
        "price": shown(event_type.price), "branch_id": shown(event_type.branch_id),
        "active": "on" if event_type.active else "", "default": "",
        **{field: shown(getattr(event_type, attribute)) for field, (_, attribute, _) in MINUTES.items()},
    }  # fmt: skip


@dataclass(frozen=True)
class _Page:
    """Where a form is shown: the company, the companies to switch to, its branches."""

    company: int | None
    companies: list
    branches: list
    default_id: int | None


def _page(web: Web, caller: Principal, company: int | None) -> _Page:
    _, companies = company_choice(web, caller, company)
    if company is None:
        return _Page(None, companies, [], None)
    with caller.acting():
        branches = web.container.companies().branches(company)
        default_id = web.container.companies().get(company).default_event_type_id
    return _Page(company, companies, branches, default_id)


def _form_page(
    request: Request, web: Web, caller: Principal, page: _Page, form: dict[str, str],
    error: Exception | None = None, event_type: EventType | None = None,
) -> Response:  # fmt: skip
    response = render(
        request, web, caller, "event_type_form.html", NOTICES, company_id=page.company,
        companies=page.companies, branches=page.branches, form=form, event_type=event_type,
        is_default=event_type is not None and event_type.id == page.default_id,
        error=None if error is None else one_line(error),
    )  # fmt: skip
    if error is not None:
        response.status_code = 422
    return response


# -- creating ---------------------------------------------------------------------------------
@router.get("/event-types/new")
def new_event_type(
    request: Request, caller: PageCaller, web: WebDep, company_id: OptionalId = None
) -> Response:
    company, _ = company_choice(web, caller, company_id)
    form = event_type_fields() | {
        "duration": "30", "price": "0.00", "active": "on", "buffer_before": "0",
        "buffer_after": "0", "notice": "0",
    }  # fmt: skip
    return _form_page(request, web, caller, _page(web, caller, company), form)


@router.post("/event-types")
def create_event_type(
    request: Request, caller: FormCaller, web: WebDep, form: EventTypeFields,
    company_id: Annotated[str, Form(max_length=20)] = "",
) -> Response:  # fmt: skip
    requested = int(company_id) if company_id.isdigit() and int(company_id) <= MAX_ID else None
    company = caller.scope(requested)
    page = _page(web, caller, company)
    try:
        values = read_event_type(form)
        with caller.acting():
            web.container.event_types().add(company, default=form["default"] == "on", **values)
    except (FormProblem, DomainError) as refused:
        return _form_page(request, web, caller, page, form, refused)
    return back(f"/event-types?company_id={company}", "event-type-created")


# -- one event type -----------------------------------------------------------------------------
def _event_type(web: Web, caller: Principal, event_type_id: int) -> EventType:
    """The event type, if the caller may see it (another company's is "not found")."""
    with caller.acting():
        company = caller.company_id
        if company is None:
            company = web.container.company_lookup().of_event_type(event_type_id)
        return web.container.event_types().get(company, event_type_id)


@router.get("/event-types/{event_type_id}/edit")
def edit_event_type(
    request: Request, caller: PageCaller, web: WebDep, event_type_id: EventTypeId
) -> Response:
    found = _event_type(web, caller, event_type_id)
    page = _page(web, caller, found.company_id)
    return _form_page(request, web, caller, page, filled(found), event_type=found)


@router.post("/event-types/{event_type_id}/edit")
def save_event_type(
    request: Request, caller: FormCaller, web: WebDep, event_type_id: EventTypeId,
    form: EventTypeFields,
) -> Response:  # fmt: skip
    found = _event_type(web, caller, event_type_id)
    company = found.company_id
    page = _page(web, caller, company)
    make_default = form["default"] == "on" and page.default_id != event_type_id
    try:
        values = read_event_type(form)
        if make_default and not values["active"]:
            raise FormProblem("An inactive event type cannot be the company's default")
        event_types = web.container.event_types()
        with caller.acting():
            event_types.update(company, event_type_id, **values)
            if make_default:
                event_types.set_default(company, event_type_id)
    except (FormProblem, DomainError) as refused:
        if isinstance(refused, EventTypeNotFound):
            raise
        return _form_page(request, web, caller, page, form, refused, found)
    return back(f"/event-types?company_id={company}", "event-type-saved")


@router.post("/event-types/{event_type_id}/active")
def set_active(
    caller: FormCaller, web: WebDep, event_type_id: EventTypeId,
    active: Annotated[str, Form(pattern="^(true|false)$")],
) -> Response:  # fmt: skip
    found = _event_type(web, caller, event_type_id)
    page = f"/event-types?company_id={found.company_id}"
    try:
        with caller.acting():
            web.container.event_types().update(found.company_id, event_type_id, active=active == "true")
    except DomainError as refused:
        if isinstance(refused, EventTypeNotFound):
            raise
        return back(page, "event-type-is-default")
    return back(page, "event-type-activated" if active == "true" else "event-type-deactivated")
