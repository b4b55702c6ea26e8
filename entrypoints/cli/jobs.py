"""``studiobook jobs list|retry ID|cancel ID``: the task queue's jobs (issue 19)."""

from __future__ import annotations

import click

from studiobook.entrypoints.cli.app import App, emit_json, emit_table, json_option, pass_app
from studiobook.entrypoints.cli.types import STORED_INT

STATES = ("queued", "running", "succeeded", "failed", "cancelled")


@click.group()
def jobs() -> None:
    """Queued, running, finished and failed jobs (the syncs queued with --queue and the
    scheduler's periodic work)."""


def _json(job) -> dict:
    return {
        "id": job.id, "task": job.task, "args": job.args, "status": job.status,
        "attempts": job.attempts, "lock": job.lock, "message": job.message,
        "started_at": job.started_at.isoformat() if job.started_at else None,
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }  # fmt: skip


def _queue(app: App):
    from studiobook.application.jobs.queue import task_queue

    return task_queue(app.container)


def _run(app: App, action):
    """``action(queue)``; a refused action is one ``Error:`` line (exit 1)."""
    from studiobook.application.jobs.ports import JobError

    queue = _queue(app)
    try:
        return action(queue)
    except JobError as error:
        raise click.ClickException(str(error)) from None
    finally:
        close = getattr(queue, "close", None)
        if close is not None:
            close()


@jobs.command("list")
@click.option("--status", type=click.Choice(STATES), help="Only jobs in this state.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 1000))
@json_option
@pass_app
def list_jobs(app: App, status: str | None, limit: int, as_json: bool) -> None:
    """The newest jobs first: task, arguments, state, attempts and the last outcome."""
    found = _run(app, lambda queue: queue.list(status, limit))
    if as_json:
        emit_json([_json(job) for job in found])
        return
    if not found:
        click.echo("no jobs")
        return
    rows = [
        [job.id, job.task, job.args.get("company_id"), job.status, job.attempts, job.message]
        for job in found
    ]
    emit_table(["id", "task", "company", "status", "attempts", "last outcome"], rows)


def _one(app: App, as_json: bool, action) -> None:
    job = _run(app, action)
    if as_json:
        emit_json(_json(job))
    else:
        line = f"job {job.id}: {job.task} {job.status}"
        click.echo(f"{line} — {job.message}" if job.message and job.status != "queued" else line)


@jobs.command("retry")
@click.argument("job_id", type=STORED_INT)
@json_option
@pass_app
def retry(app: App, job_id: int, as_json: bool) -> None:
    """Queue a failed job again (on the embedded database: run it again now)."""
    _one(app, as_json, lambda queue: queue.retry(job_id))


@jobs.command("cancel")
@click.argument("job_id", type=STORED_INT)
@json_option
@pass_app
def cancel(app: App, job_id: int, as_json: bool) -> None:
    """Take a queued job off the queue before a worker starts it."""
    _one(app, as_json, lambda queue: queue.cancel(job_id))
