"""``studiobook wodify status`` and ``studiobook sync members|leads|all [--queue]``."""

from __future__ import annotations

import sys

import click

from studiobook.entrypoints.cli.app import (
    App,
    emit_json,
    json_option,
    pass_app,
    progress_bar,
)

QUEUE_HELP = (
    "Queue the sync as a job and print its id (PostgreSQL: a worker runs it; the embedded "
    "database: it runs now and its outcome is printed)."
)


@click.group()
def wodify() -> None:
    """The WODIFY connection."""


@wodify.command("status")
@click.option("--no-health", is_flag=True, help="Do not call WODIFY; show stored sync state only.")
@json_option
@pass_app
def status(app: App, no_health: bool, as_json: bool) -> None:
    """Health, the last member and lead syncs, and the 10 most recent sync errors."""
    from studiobook.entrypoints.cli.render import wodify_status_json

    found = wodify_status_json(app.container.wodify_sync().status(check_health=not no_health))
    if as_json:
        emit_json(found)
        return
    reason = f" ({found['health_reason']})" if found["health_reason"] else ""
    click.echo(f"WODIFY: {found['health']}{reason}")
    for label, key in (("members", "last_member_sync"), ("leads", "last_lead_sync")):
        run = found[key]
        if run is None:
            click.echo(f"last {label} sync: never")
        else:
            click.echo(
                f"last {label} sync: {run['started_at']} {run['outcome']} — {run['created']} created, "
                f"{run['updated']} updated, {run['unchanged']} unchanged, {run['errors']} error(s)"
            )
    click.echo(f"sync errors in total: {found['error_total']}")
    for error in found["recent_errors"]:
        record = f" {error['record_id']}" if error["record_id"] else ""
        times = f" ({error['count']} times)" if error["count"] > 1 else ""
        click.echo(f"  {error['occurred_at']} {error['kind']}{record}: {error['reason']}{times}")


@click.command()
@click.argument("kind", type=click.Choice(["members", "leads", "all"]))
@click.option("--force", is_flag=True, help="Sync even if the last sync was less than an hour ago.")
@click.option("--queue", "queued", is_flag=True, help=QUEUE_HELP)
@json_option
@pass_app
def sync(app: App, kind: str, force: bool, queued: bool, as_json: bool) -> None:
    """Pull members and/or leads from WODIFY (the source of truth) into the local store."""
    from studiobook.application.members.wodify_sync import KINDS, describe

    if queued:
        from studiobook.entrypoints.cli.queueing import queue_jobs

        kinds = KINDS if kind == "all" else (kind,)
        queue_jobs(app, [(f"sync_{one}", None, {"force": force}) for one in kinds], as_json)
        return
    from studiobook.entrypoints.cli.render import sync_result_json

    syncer = app.container.wodify_sync()
    results = []
    for one in KINDS if kind == "all" else (kind,):
        with progress_bar(f"syncing {one}", as_json) as progress:
            results.append(syncer.run(one, force=force, progress=progress))
    if as_json:
        emit_json(sync_result_json(results[0]) if kind != "all" else [sync_result_json(r) for r in results])
    else:
        for result in results:
            click.echo(describe(result))
    failed = [r for r in results if r.outcome == "failed"]
    if failed:  # one Error: line, like every other failure (WODIFY down fails both kinds alike)
        kinds = " and ".join(r.kind for r in failed)
        reasons = list(dict.fromkeys(r.message for r in failed))
        why = reasons[0] if len(reasons) == 1 else "; ".join(f"{r.kind}: {r.message}" for r in failed)
        click.echo(f"Error: {kinds} sync failed: {why}", err=True)
        sys.exit(1)
