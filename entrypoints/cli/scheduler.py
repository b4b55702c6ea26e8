"""``studiobook scheduler run``: the recurring jobs (WODIFY syncs every six hours)."""

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
    """Run due jobs; without --once keep running until interrupted (Ctrl-C)."""
    runner = app.container.job_runner()
    if once:
        outcomes = runner.run_due()
        if as_json:
            emit_json([{"job": o.job, "ran": o.ran, "ok": o.ok, "message": o.message} for o in outcomes])
        else:
            for o in outcomes:
                click.echo(f"{o.job}: {('ok' if o.ok else 'failed') if o.ran else 'skipped'} — {o.message}")
        return
    def show(outcome) -> None:
        click.echo(f"{outcome.job}: {'ok' if outcome.ok else 'failed'} — {outcome.message}")

    loop = app.container.scheduler_loop()(runner, heartbeat_seconds=heartbeat, on_outcome=show)
    click.echo(f"scheduler {runner.owner} running {', '.join(j.name for j in runner.jobs)}", err=True)
    try:
        loop.run_forever()
    except KeyboardInterrupt:
        loop.stop()
        click.echo("scheduler stopped", err=True)
