"""The jobs panel (issue 19): what waits in the task queue, what runs, what failed and why, what
ran lately — and a failed job queued again. A company token sees its own company's jobs only."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from studiobook.entrypoints.web.admin.kit import FormId, back, render
from studiobook.entrypoints.web.deps import FormCaller, PageCaller, Web, WebDep
from studiobook.entrypoints.web.security import Principal

NOTICES = {
    "retried": "The job is queued again; a worker runs it.",
    "retried-ok": "The job ran again and succeeded.",
    "retried-failed": "The job ran again and failed — its reason is below.",
    "retry-none": "Nothing to retry: that job has not failed (or is not yours).",
}
ROWS = 200  # the newest jobs the panel reads; `studiobook jobs list --limit N` shows more
SECTIONS = (("failed", "Failed"), ("running", "Running"), ("queued", "Queued"),
            ("succeeded", "Done recently"), ("cancelled", "Cancelled"))

router = APIRouter(include_in_schema=False)


def _queue(web: Web) -> Any:
    from studiobook.application.jobs.queue import task_queue

    return task_queue(web.container)


def _close(queue: Any) -> None:
    close = getattr(queue, "close", None)
    if close is not None:
        close()


def _visible(job: Any, caller: Principal) -> bool:
    return caller.company_id is None or job.args.get("company_id") == caller.company_id


@router.get("/jobs")
def jobs_panel(request: Request, caller: PageCaller, web: WebDep) -> Response:
    queue = _queue(web)
    try:
        with caller.acting():
            found = [job for job in queue.list(limit=ROWS) if _visible(job, caller)]
    finally:
        _close(queue)
    by_state: dict[str, list[Any]] = {state: [] for state, _ in SECTIONS}
    for job in found:
        by_state.setdefault(job.status, []).append(job)
    return render(
        request, web, caller, "jobs.html", NOTICES, sections=SECTIONS, jobs=by_state,
        in_process=queue.runs_in_process,
    )  # fmt: skip


@router.post("/jobs/retry")
def retry_job(caller: FormCaller, web: WebDep, job_id: FormId) -> Response:
    """Queue a failed job again (on the embedded database: run it again now)."""
    from studiobook.application.jobs.ports import JobError

    queue = _queue(web)
    try:
        with caller.acting():
            try:
                job = queue.job(job_id)
                if not _visible(job, caller) or job.status != "failed":
                    return back("/jobs", "retry-none")
                again = queue.retry(job_id)
            except JobError:
                return back("/jobs", "retry-none")
    finally:
        _close(queue)
    if not queue.runs_in_process:
        return back("/jobs", "retried")
    return back("/jobs", "retried-ok" if again.status == "succeeded" else "retried-failed")
