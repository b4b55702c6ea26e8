"""The routes of the public booking API (SPEC 6): thin handlers over the customer use-cases.

Writes that create something take an ``Idempotency-Key`` header (the cancel and reschedule
routes accept one too): the answer is stored in the transaction that wrote what it reports, and
a retry with the same key and the same request (method, path, body as parsed) gets it again —
same status, same body, with ``Idempotent-Replayed: true`` — while nothing is written twice. The
same key with another request is refused (422 ``idempotency_mismatch``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Header, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from studiobook.application.shared.public import Once, Replayed, fingerprint
from studiobook.entrypoints.web.deps import WebDep
from studiobook.entrypoints.web.languages import preferred_language
from studiobook.entrypoints.web.public import documents
from studiobook.entrypoints.web.public.errors import PREFIX, PublicProblem, PublicRoute
from studiobook.entrypoints.web.public.models import (
    KEY_PATTERN,
    MAX_ID,
    TOKEN_PATTERN,
    AppointmentRequest,
    BookingRequest,
    CancelRequest,
    Instant,
    RescheduleRequest,
)
from studiobook.entrypoints.web.turns import in_turn

TAG = "public booking"
IDEMPOTENCY_SCOPE = "api/v1"  # one key space: a key reused for another request is a mismatch
MAX_COURSE_RANGE = timedelta(days=92)
MAX_SLOT_RANGE = timedelta(days=31)

Result = TypeVar("Result")


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorDocument(BaseModel):
    error: ErrorDetail


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {status: {"model": ErrorDocument} for status in statuses}


router = APIRouter(
    prefix=PREFIX,
    tags=[TAG],
    route_class=PublicRoute,
    responses=_errors(404, 413, 422, 429, 503),
)

Company = Annotated[
    str, Path(min_length=1, max_length=100, description="The company's id or its slug")
]
RecordId = Annotated[int, Path(ge=1, le=MAX_ID)]
ManageToken = Annotated[
    str, Path(min_length=16, max_length=200, pattern=TOKEN_PATTERN, description="From the booking")
]
AcceptLanguage = Annotated[
    str | None,
    Header(
        alias="Accept-Language",
        description="The language the customer is written to in: de or en (default de).",
    ),
]  # fmt: skip
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key", min_length=1, max_length=255, pattern=KEY_PATTERN,
        description="Any unique text (a UUID): a retry with the same key and body is answered "
        "once more from the first time, and writes nothing.",
    ),
]  # fmt: skip
From = Annotated[Instant, Query(alias="from")]
To = Annotated[Instant, Query(alias="to")]
OptionalId = Annotated[int | None, Query(ge=1, le=MAX_ID)]


def _range(start: datetime, end: datetime, longest: timedelta) -> None:
    if end <= start:
        raise PublicProblem(422, "invalid", "'to' must be after 'from'")
    if end - start > longest:
        raise PublicProblem(422, "invalid", f"ask for at most {longest.days} days at once")


def _once(
    key: str | None,
    request: Request,
    body: BaseModel | None,
    answer: Callable[[Result], tuple[int, dict[str, Any]]],
) -> Once[Result] | None:
    if key is None:
        return None
    parsed = None if body is None else body.model_dump(mode="json")
    return Once(
        IDEMPOTENCY_SCOPE, key, fingerprint(request.method, request.url.path, parsed), answer
    )


def _answer(
    result: Result | Replayed, render: Callable[[Result], tuple[int, dict[str, Any]]]
) -> JSONResponse:
    if isinstance(result, Replayed):
        return JSONResponse(result.body, result.status, headers={"Idempotent-Replayed": "true"})
    status, body = render(result)
    return JSONResponse(body, status)


# -- courses -------------------------------------------------------------------------------------
@router.get("/companies/{company}/courses", summary="Courses with live free spots")
def courses(web: WebDep, company: Company, start: From, end: To) -> JSONResponse:
    """Courses starting in ``[from, to)`` (at most 92 days), cancelled sessions left out.
    ``bookable``: a seat can be booked now (not started, booking open, a seat free);
    ``members_only`` courses take active members of the studio only."""
    _range(start, end, MAX_COURSE_RANGE)
    _, offers = web.container.customer_bookings().courses(company, start, end)
    return JSONResponse({"courses": [documents.course_offer(o) for o in offers]})


@router.post(
    "/companies/{company}/courses/{course_id}/bookings",
    summary="Book seats in a course (or join its waitlist)",
    status_code=201,
    responses={
        202: {"description": "Full: on the waitlist"},
        **_errors(403, 409),
    },
)
def book_course(
    request: Request,
    web: WebDep,
    company: Company,
    course_id: RecordId,
    body: BookingRequest,
    idempotency_key: IdempotencyKey = None,
    accept_language: AcceptLanguage = None,
) -> JSONResponse:
    """201 with the booking, or 202 with the place on the waitlist (``"waitlist": true`` and
    the course full); the ``manage_token`` opens it later. 409 ``full``; 403
    ``membership_required``, ``booking_not_open`` or ``course_closed``."""
    once = _once(idempotency_key, request, body, documents.booked)
    result = web.container.customer_bookings().book(
        company, course_id, body.name, body.email, body.tickets, body.waitlist,
        once=once, language=preferred_language(accept_language),
    )  # fmt: skip
    return _answer(result, documents.booked)


@router.get("/bookings/{manage_token}", summary="A booking (or waitlist place) by its token")
def booking(web: WebDep, manage_token: ManageToken) -> JSONResponse:
    found = web.container.customer_bookings().find(manage_token)
    return _answer(found, documents.managed_booking)


@router.post(
    "/bookings/{manage_token}/cancel",
    summary="Cancel a booking, some of its tickets, or a waitlist place",
    responses=_errors(409),
)
def cancel_booking(
    request: Request,
    web: WebDep,
    manage_token: ManageToken,
    body: CancelRequest | None = None,
    idempotency_key: IdempotencyKey = None,
    accept_language: AcceptLanguage = None,
) -> JSONResponse:
    """409 ``cancel_cutoff_passed`` when the course's cancellation cutoff has passed (the
    studio can still cancel)."""
    once = _once(idempotency_key, request, body or CancelRequest(), documents.managed_booking)
    tickets = body.tickets if body is not None else None
    result = web.container.customer_bookings().cancel(
        manage_token, tickets, once=once, language=preferred_language(accept_language)
    )
    return _answer(result, documents.managed_booking)


# -- appointments --------------------------------------------------------------------------------
@router.get("/companies/{company}/event-types", summary="The services a company offers")
def event_types(web: WebDep, company: Company) -> JSONResponse:
    _, found = web.container.customer_appointments().event_types(company)
    return JSONResponse({"event_types": [documents.event_type(t) for t in found]})


@router.get(
    "/companies/{company}/event-types/{event_type_id}/slots", summary="Free slots of a service"
)
async def slots(
    web: WebDep,
    company: Company,
    event_type_id: RecordId,
    start: From,
    end: To,
    staff_id: OptionalId = None,
    branch_id: OptionalId = None,
) -> JSONResponse:
    """Slots starting in ``[from, to)`` (at most 31 days), each with the staff free for it.
    An unknown or inactive service answers for the company's default (``fallback_used``);
    ``closed`` names the days the studio is closed (public holidays), date -> why."""
    _range(start, end, MAX_SLOT_RANGE)
    ask = functools.partial(
        web.container.customer_appointments().slots,
        company, event_type_id, start, end, staff_id=staff_id, branch_id=branch_id,
    )  # fmt: skip
    found, answer = await in_turn(web, ask, start, end)
    return documents.DocumentResponse(documents.slots(answer, found.time_zone))


@router.post(
    "/companies/{company}/appointments",
    summary="Book an appointment",
    status_code=201,
    responses=_errors(409),
)
def book_appointment(
    request: Request,
    web: WebDep,
    company: Company,
    body: AppointmentRequest,
    idempotency_key: IdempotencyKey = None,
    accept_language: AcceptLanguage = None,
) -> JSONResponse:
    """Without ``staff_id``, the first staff member free at ``start``. 409 ``slot_taken``."""
    once = _once(idempotency_key, request, body, documents.appointment_booked)
    result = web.container.customer_appointments().book(
        company, body.event_type_id, body.start, body.name, body.email,
        staff_id=body.staff_id, once=once, language=preferred_language(accept_language),
    )  # fmt: skip
    return _answer(result, documents.appointment_booked)


@router.get("/appointments/{manage_token}", summary="An appointment by its token")
def appointment(web: WebDep, manage_token: ManageToken) -> JSONResponse:
    found = web.container.customer_appointments().find(manage_token)
    return _answer(found, documents.managed_appointment)


@router.post(
    "/appointments/{manage_token}/cancel",
    summary="Cancel an appointment",
    responses=_errors(409),
)
def cancel_appointment(
    request: Request,
    web: WebDep,
    manage_token: ManageToken,
    idempotency_key: IdempotencyKey = None,
    accept_language: AcceptLanguage = None,
) -> JSONResponse:
    once = _once(idempotency_key, request, None, documents.managed_appointment)
    result = web.container.customer_appointments().cancel(
        manage_token, once=once, language=preferred_language(accept_language)
    )
    return _answer(result, documents.managed_appointment)


@router.post(
    "/appointments/{manage_token}/reschedule",
    summary="Move an appointment to another start",
    responses=_errors(409),
)
def reschedule_appointment(
    request: Request,
    web: WebDep,
    manage_token: ManageToken,
    body: RescheduleRequest,
    idempotency_key: IdempotencyKey = None,
    accept_language: AcceptLanguage = None,
) -> JSONResponse:
    """Same service, staff member and customer; 409 ``slot_taken`` when the new start is not
    free (the old one is kept then)."""
    once = _once(idempotency_key, request, body, documents.managed_appointment)
    result = web.container.customer_appointments().reschedule(
        manage_token, body.start, once=once, language=preferred_language(accept_language)
    )
    return _answer(result, documents.managed_appointment)
