"""``studiobook serve``: the web app (in one process or several) and the scheduler."""

from __future__ import annotations

import click

from studiobook.entrypoints.cli.app import App, pass_app


@click.command()
@click.option("--demo", is_flag=True, help="Demo data and fake WODIFY/Cal.com on loopback; prints a token.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (only this one).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="0: any free port.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes serving requests (about one per core); the scheduler runs once.")
@click.option("--jobs", default=1, show_default=True, type=click.IntRange(0, 64),
              help="PostgreSQL: queued jobs this process runs at a time (0: leave them to "
                   "`studiobook worker`).")
@pass_app
def serve(app: App, demo: bool, host: str, port: int, workers: int, jobs: int) -> None:
    """Serve the admin pages and JSON API, and run the scheduled syncs.

    Needs STUDIOBOOK_ADMIN_TOKEN (optionally STUDIOBOOK_ADMIN_TOKENS=token=company_id,... and
    STUDIOBOOK_RATE_LIMIT=requests/seconds); --demo generates a token and uses studiobook-demo.db
    unless --db is given. With --workers N, N processes share the socket and this one supervises
    them and runs the scheduler. On PostgreSQL the scheduler queues its jobs and this process
    also runs queued jobs (--jobs at a time; 0 leaves them to `studiobook worker`). Stop with
    Ctrl-C.
    """
    from studiobook.entrypoints.web.config import WebConfigError
    from studiobook.entrypoints.web.server import ServeError
    from studiobook.entrypoints.web.server import serve as run

    def say(line: str) -> None:
        click.echo(line)

    try:
        run(app.database_url, demo=demo, host=host, port=port, say=say, workers=workers, jobs=jobs)
    except (WebConfigError, ServeError) as error:
        raise click.ClickException(str(error)) from None
