"""The dashboard: WODIFY health and sync, system counts, the outbox."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from studiobook.entrypoints.web.admin.kit import FormId, back, render
from studiobook.entrypoints.web.deps import FormCaller, PageCaller, Web, WebDep
from studiobook.entrypoints.web.security import Principal

NOTICES = {
    "synced": "Sync finished — the status below is up to date.",
    "sync-skipped": "Nothing synced: the last sync is less than an hour old (tick 'force').",
    "sync-failed": "The sync failed — see the WODIFY status and recent errors below.",
    "resent": "The message is queued again; the next dispatch (within a minute) sends it.",
    "resend-none": "Nothing to resend: that message was not given up (or is not yours).",
}
OUTBOX_ROWS = 20  # per list on the dashboard; `studiobook outbox list` and /admin/outbox show more

router = APIRouter(include_in_schema=False)


@router.get("/")
def dashboard(request: Request, caller: PageCaller, web: WebDep) -> Response:
    status = stats = None
    if caller.company_id is None:
        with caller.acting():
            status = web.container.wodify_sync().status()
            stats = web.container.stats().collect(check_health=False)  # asked once, above
    return render(
        request, web, caller, "dashboard.html", NOTICES, status=status, stats=stats,
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
