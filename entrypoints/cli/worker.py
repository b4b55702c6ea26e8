"""``studiobook worker [--concurrency N] [--metrics-port P]``: run queued jobs (PostgreSQL;
issue 19), and show how long they took on ``/metrics`` (issue 18)."""

from __future__ import annotations

import sys
from contextlib import ExitStack

import click

from studiobook.entrypoints.cli.app import App, pass_app


@click.command()
@click.option("--concurrency", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Jobs this worker runs at the same time.")
@click.option("--metrics-port", type=click.IntRange(0, 65535), default=None,
              help="Serve GET /metrics (Prometheus; STUDIOBOOK_ADMIN_TOKEN, as serve's) on this "
                   "port; 0: any free port.")
@click.option("--metrics-host", default="127.0.0.1", show_default=True,
              help="Address --metrics-port listens on (only this one).")
@pass_app
def worker(app: App, concurrency: int, metrics_port: int | None, metrics_host: str) -> None:
    """Run queued jobs until stopped (Ctrl-C or SIGTERM); start one on each machine you like.
    With --metrics-port, a scraper reads this worker's job durations
    (studiobook_job_duration_seconds) there: no serve process sees them."""
    from studiobook.application.jobs.queue import task_queue
    from studiobook.entrypoints.web.config import WebConfigError
    from studiobook.entrypoints.web.server import ServeError, metrics_only

    if metrics_port is not None:
        app.settings_changes["metrics"] = "prometheus"
    queue = task_queue(app.container)
    if queue.runs_in_process:
        click.echo(
            "Error: no worker needed: on the embedded database queued jobs run at once in the "
            "command that queues them (workers are for PostgreSQL)", err=True,
        )
        sys.exit(2)
    app.container.transactions()  # made once here, not by two jobs' threads at the same moment
    with ExitStack() as stack:
        if metrics_port is not None:
            try:
                address = stack.enter_context(metrics_only(app.container, metrics_host, metrics_port))
            except (WebConfigError, ServeError) as error:
                raise click.ClickException(str(error)) from None
            click.echo(f"metrics on {address}", err=True)
        click.echo(f"worker running up to {concurrency} job(s) at a time; Ctrl-C stops it", err=True)
        queue.work(concurrency=concurrency)
    click.echo("worker stopped", err=True)
