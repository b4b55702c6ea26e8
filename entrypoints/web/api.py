"""The JSON admin API under ``/admin`` and the voice webhook: thin handlers over the use-cases.

Every route needs a bearer token. A company token sees its own company only; the system-wide
routes (WODIFY status, stats, sync) need the admin token. Changes run ``acting_as`` the token's
name, so the audit trail says which token made them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query
from pydantic import AwareDatetime, BaseModel, Field

from studiobook.application.appointments.ports import CompanyRef
from studiobook.entrypoints.cli.render import (
    course_json,
    event_type_json,
    sync_result_json,
    wodify_status_json,
)
from studiobook.entrypoints.web.deps import MAX_ID, ApiCaller, OptionalId, WebDep
from studiobook.entrypoints.web.documents import (
    availability_json,
    matrix_json,
    stats_json,
)

MAX_RANGE = timedelta(days=31)
EARLIEST, LATEST = datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)
Id = Annotated[int, Query(ge=1, le=MAX_ID)]

router = APIRouter()


class SyncRequest(BaseModel):
    kind: Literal["members", "leads", "all"] = "all"
    force: bool = Field(False, description="Sync even if the last sync was less than an hour ago.")


class Pair(BaseModel):
    staff_id: int = Field(ge=1, le=MAX_ID)
    event_type_id: int = Field(ge=1, le=MAX_ID)


class MatrixUpdate(BaseModel):
    offered: list[Pair] = Field(max_length=10_000, description="Every pair that should be offered.")


class VoiceRequest(BaseModel):
    company_id: int = Field(ge=1, le=MAX_ID)
    transcript: str = Field(min_length=1, max_length=2000)
    now: AwareDatetime | None = None
    tz: str | None = Field(None, max_length=64, description="IANA zone, e.g. Europe/Berlin")
    customer_name: str | None = Field(
        None, max_length=200, description="The caller's name: finds their appointment"
    )
    customer_email: str | None = Field(
        None, max_length=320, description="The caller's e-mail: finds their appointment"
    )


@router.get("/admin/wodify-status", summary="WODIFY health and sync status")
def wodify_status(caller: ApiCaller, web: WebDep) -> dict:
    caller.require_all_companies()
    with caller.acting():
        return wodify_status_json(web.container.wodify_sync().status())


@router.get("/admin/stats", summary="System counts plus WODIFY health")
def stats(caller: ApiCaller, web: WebDep) -> dict:
    caller.require_all_companies()
    with caller.acting():
        return stats_json(web.container.stats().collect())


@router.post("/admin/sync", summary="Sync members, leads or both from WODIFY")
def sync(caller: ApiCaller, web: WebDep, body: SyncRequest | None = None) -> dict:
    caller.require_all_companies()
    body = body or SyncRequest()
    with caller.acting():
        syncer = web.container.wodify_sync()
        if body.kind == "all":
            results = syncer.run_all(force=body.force)
        else:
            results = [syncer.run(body.kind, force=body.force)]
    return {"results": [sync_result_json(r) for r in results]}


@router.get("/admin/event-types", summary="A company's event types, optionally filtered")
def event_types(
    caller: ApiCaller,
    web: WebDep,
    company_id: OptionalId = None,
    branch_id: OptionalId = None,
    active: bool | None = None,
) -> dict:
    company = caller.scope(company_id)
    with caller.acting():
        found = web.container.event_types().list(company, branch_id=branch_id, active=active)
    return {"company_id": company, "event_types": [event_type_json(t) for t in found]}


@router.get("/admin/courses", summary="A company's courses with live free spots")
def courses(
    caller: ApiCaller,
    web: WebDep,
    company_id: OptionalId = None,
    start: Annotated[AwareDatetime | None, Query(alias="from")] = None,
    end: Annotated[AwareDatetime | None, Query(alias="to")] = None,
) -> dict:
    """Times in the company's zone. A company token sees its own company's courses only."""
    company = caller.scope(company_id)
    with caller.acting():
        found = web.container.courses().list(company, start, end)
    return {"company_id": company, "courses": [course_json(c) for c in found]}


@router.get("/admin/outbox", summary="The e-mails to customers: waiting, sent, given up")
def outbox(
    caller: ApiCaller,
    web: WebDep,
    status: Literal["pending", "sent", "failed"] | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict:
    """Newest first, with the counts by status and the error of each message given up. A
    company token sees its own company's messages only; the admin token every company's."""
    from studiobook.domain.notifications.delivery import DeliveryStatus
    from studiobook.entrypoints.cli.outbox import outbox_entry_json

    with caller.acting():
        review = web.container.outbox_review()
        counts = review.counts(caller.company_id)
        entries = review.entries(
            caller.company_id, DeliveryStatus(status) if status else None, limit
        )
    return {
        "company_id": caller.company_id,
        "counts": {s.value: n for s, n in counts.items()},
        "messages": [outbox_entry_json(e) for e in entries],
    }


@router.get("/admin/matrix", summary="Staff x event types of a company")
def matrix(caller: ApiCaller, web: WebDep, company_id: OptionalId = None) -> dict:
    company = caller.scope(company_id)
    with caller.acting():
        return matrix_json(company, web.container.assignments().matrix(company))


@router.put("/admin/matrix", summary="Offer exactly the pairs given (one save)")
def save_matrix(caller: ApiCaller, web: WebDep, body: MatrixUpdate, company_id: OptionalId = None) -> dict:
    company = caller.scope(company_id)
    pairs = [(p.staff_id, p.event_type_id) for p in body.offered]
    with caller.acting():
        change = web.container.matrix_editor().replace(company, pairs)
        current = web.container.assignments().matrix(company)
    return {"added": change.added, "removed": change.removed, "matrix": matrix_json(company, current)}


@router.get("/admin/availability", summary="Free slots of an event type")
def availability(
    caller: ApiCaller,
    web: WebDep,
    event_type_id: Id,
    start: Annotated[AwareDatetime, Query(alias="from")],
    end: Annotated[AwareDatetime, Query(alias="to")],
    staff_id: OptionalId = None,
    branch_id: OptionalId = None,
) -> dict:
    _check_range(start, end)
    # The company (the caller's, else the event type's owner) is found in the answer's read.
    company = (
        CompanyRef(id=caller.company_id)
        if caller.company_id
        else CompanyRef(owner_of=event_type_id)
    )
    with caller.acting():
        _, answer = web.container.availability().answer(
            company, event_type_id, start, end, staff_id=staff_id, branch_id=branch_id
        )
    return availability_json(answer)


def _check_range(start: datetime, end: datetime) -> None:
    """A bound on the work one request may ask for, not a rule of the studio."""
    if not (EARLIEST <= start <= LATEST and EARLIEST <= end <= LATEST):
        raise HTTPException(422, "from and to must lie between the years 2000 and 2100")
    if end - start > MAX_RANGE:
        raise HTTPException(422, f"ask for at most {MAX_RANGE.days} days at a time")


@router.post(
    "/webhooks/voice",
    summary="Answer a caller's transcript with the parsed request and slots",
    responses={501: {"description": "This build has no request parser."}},
)
def voice(caller: ApiCaller, web: WebDep, body: VoiceRequest) -> dict:
    """Reads the transcript as said at ``now`` (default: the server's clock) in ``tz`` (default:
    the company's zone); answers, never books, cancels or moves: for an existing appointment of
    the caller (``customer_name``/``customer_email``) it says what would happen."""
    company = caller.scope(body.company_id)
    if not web.can_answer_requests:
        raise HTTPException(501, "natural-language requests are not available in this build")
    from studiobook.entrypoints.cli.ask import answer_json, request_json

    with caller.acting():
        answer = web.container.requests().answer_request(
            company, body.transcript, now=body.now, zone=body.tz,
            customer=SimpleNamespace(name=body.customer_name, email=body.customer_email),
        )
    return {"request": request_json(answer.request), "answer": answer_json(answer)}
