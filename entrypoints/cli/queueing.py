"""``--queue`` of the sync commands: queue the work as jobs and say which (issue 19).

On PostgreSQL the jobs wait for ``studiobook worker`` and the command returns at once; on the
embedded database each job runs in this process when it is queued, and its outcome is printed.
"""

from __future__ import annotations

import sys

import click

from studiobook.entrypoints.cli.app import App, emit_json


def queue_jobs(app: App, requests: list[tuple[str, int | None, dict]], as_json: bool) -> None:
    """Queue each ``(task, company id, arguments)``; print the job ids (and, where the jobs ran
    at once, their outcome); exit 1 when a job that ran failed."""
    from studiobook.application.jobs.ports import AlreadyQueued
    from studiobook.application.jobs.queue import enqueue, task_queue

    queue = task_queue(app.container)
    shown, failed = [], False
    try:
        for task, company_id, args in requests:
            try:
                job = queue.job(enqueue(queue, task, company_id, **args))
            except AlreadyQueued as waiting:
                shown.append({"task": task, "company_id": company_id, "job_id": waiting.job_id,
                              "status": "queued", "message": "queued already"})
                continue
            failed = failed or job.status == "failed"
            shown.append({"task": task, "company_id": company_id, "job_id": job.id,
                          "status": job.status, "message": job.message})
    finally:
        close = getattr(queue, "close", None)
        if close is not None:
            close()
    if as_json:
        emit_json(shown)
    else:
        if not shown:
            click.echo("nothing to queue")
        for row in shown:
            company = f" company {row['company_id']}" if row["company_id"] is not None else ""
            line = f"job {row['job_id']}: {row['task']}{company} {row['status']}"
            click.echo(f"{line} — {row['message']}" if row["message"] else line)
    if failed:
        click.echo("Error: a queued job failed (see `studiobook jobs list`)", err=True)
        sys.exit(1)
