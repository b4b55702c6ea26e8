"""``studiobook worker [--concurrency N]``: run queued jobs (PostgreSQL; issue 19)."""

from __future__ import annotations

import sys

import click

from studiobook.entrypoints.cli.app import App, pass_app


@click.command()
@click.option("--concurrency", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Jobs this worker runs at the same time.")
@pass_app
def worker(app: App, concurrency: int) -> None:
    """Run queued jobs until stopped (Ctrl-C or SIGTERM); start one on each machine you like."""
    from studiobook.application.jobs.queue import task_queue

    queue = task_queue(app.container)
    if queue.runs_in_process:
        click.echo(
            "Error: no worker needed: on the embedded database queued jobs run at once in the "
            "command that queues them (workers are for PostgreSQL)", err=True,
        )
        sys.exit(2)
    app.container.transactions()  # made once here, not by two jobs' threads at the same moment
    click.echo(f"worker running up to {concurrency} job(s) at a time; Ctrl-C stops it", err=True)
    queue.work(concurrency=concurrency)
    click.echo("worker stopped", err=True)
