"""``studiobook scheduler run|status``: the recurring jobs (WODIFY syncs every six hours, Cal.com
hourly, reminders, the outbox, timetables). A job whose service is not configured is off: it
is named once (at start, and in ``status``), never run, never a warning.

On PostgreSQL the scheduler runs nothing itself: each due job is queued for ``studiobook worker``
(the Cal.com sync as one job per connected company). On the embedded database it runs them in
its own process, as ever."""

from __future__ import annotations

import click

from studiobook.entrypoints.cli.app import App, emit_json, json_option, pass_app


@click.group()
def scheduler() -> None:
    """Recurring jobs; safe to run in several processes at once."""


@scheduler.command("run")
@click.option("--once", is_flag=True, help="Run what is due now and exit.")
@click.option("--heartbeat", default=30, show_default=True, type=click.IntRange(1), help="Seconds between checks.")
@json_option
@pass_app
def run(app: App, once: bool, heartbeat: int, as_json: bool) -> None:
    """Run due jobs (PostgreSQL: queue them for the workers); without --once keep running
    until interrupted (Ctrl-C)."""
    runner = _runner(app)
    if once:
        outcomes = runner.run_due()
        if as_json:
            emit_json([{"job": o.job, "ran": o.ran, "ok": o.ok, "off": o.off, "message": o.message}
                       for o in outcomes])
        else:
            for o in outcomes:
                if not o.off:  # `scheduler status` names the off ones
                    click.echo(f"{o.job}: {('ok' if o.ok else 'failed') if o.ran else 'skipped'} — {o.message}")
        return
    def show(outcome) -> None:
        click.echo(f"{outcome.job}: {'ok' if outcome.ok else 'failed'} — {outcome.message}")

    loop = app.container.scheduler_loop()(runner, heartbeat_seconds=heartbeat, on_outcome=show)
    off = runner.off()
    running = ", ".join(j.name for j in runner.jobs if j.name not in off)
    click.echo(f"scheduler {runner.owner} running {running}", err=True)
    for job, reason in off.items():
        click.echo(f"{job} is off — {reason}", err=True)
    try:
        loop.run_forever()
    except KeyboardInterrupt:
        loop.stop()
        click.echo("scheduler stopped", err=True)


def _runner(app: App):
    """The container's job runner; on PostgreSQL one that queues the due jobs instead."""
    from studiobook.application.jobs.scheduling import scheduler_runner

    return scheduler_runner(app.container)


@scheduler.command("status")
@json_option
@pass_app
def status(app: App, as_json: bool) -> None:
    """Each job: on or off (and why), its last run and when it is next due."""
    runner = app.container.job_runner()
    runs = {run.name: run for run in runner.runs.all()}
    rows = []
    for job in runner.jobs:
        run = runs.get(job.name)
        due = runner.next_due(job)
        rows.append({
            "job": job.name,
            "state": "off" if job.off else "on",
            "off_reason": job.off,
            "every_minutes": int(job.interval.total_seconds() // 60),
            "last_started_at": run.last_started_at.isoformat() if run and run.last_started_at else None,
            "last_outcome": run.last_outcome if run else None,
            "last_message": run.last_message if run else None,
            "next_due": None if job.off else (due.isoformat() if due else "now"),
        })
    if as_json:
        emit_json(rows)
        return
    for row in rows:
        if row["state"] == "off":
            click.echo(f"{row['job']}: off — {row['off_reason']}")
            continue
        last = "never run" if row["last_started_at"] is None else (
            f"last {row['last_outcome']} at {row['last_started_at']}: {row['last_message']}")
        click.echo(f"{row['job']}: on, every {row['every_minutes']} min; {last}; next due {row['next_due']}")
