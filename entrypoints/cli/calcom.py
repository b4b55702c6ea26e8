"""``studiobook calcom sync-event-types|sync-team [--queue]``: pull services and staff from Cal.com."""

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
from studiobook.entrypoints.cli.types import STORED_INT

FORCE_HELP = "Sync even if the last sync was less than an hour ago."
QUEUE_HELP = (
    "Queue one job per company and print the job ids (PostgreSQL: workers run them; the "
    "embedded database: they run now and their outcomes are printed)."
)


@click.group()
def calcom() -> None:
    """Cal.com: event types, hosts and team members of connected companies."""


@calcom.command("sync-event-types")
@click.argument("company_id", type=STORED_INT, required=False)
@click.option("--force", is_flag=True, help=FORCE_HELP)
@click.option("--queue", "queued", is_flag=True, help=QUEUE_HELP)
@json_option
@pass_app
def sync_event_types(app: App, company_id, force: bool, queued: bool, as_json: bool) -> None:
    """Event types and who offers them, for COMPANY_ID or every connected company."""
    if queued:
        from studiobook.application.jobs.tasks import connected_companies
        from studiobook.entrypoints.cli.queueing import queue_jobs

        ids = [company_id] if company_id is not None else connected_companies(app.container)
        queue_jobs(app, [("sync_calcom_event_types", one, {"force": force}) for one in ids], as_json)
        return
    syncer = app.container.calcom_sync()
    with progress_bar("syncing Cal.com", as_json) as progress:
        results = syncer.sync_event_types(company_id, force=force, progress=progress)
    _report(results, as_json, results_json=[_json(r) for r in results])


@calcom.command("sync-team")
@click.argument("company_id", type=STORED_INT)
@click.option("--force", is_flag=True, help=FORCE_HELP)
@click.option("--queue", "queued", is_flag=True, help=QUEUE_HELP)
@json_option
@pass_app
def sync_team(app: App, company_id, force: bool, queued: bool, as_json: bool) -> None:
    """Link staff to the team's members; add staff for new members."""
    if queued:
        from studiobook.entrypoints.cli.queueing import queue_jobs

        queue_jobs(app, [("sync_calcom_team", company_id, {"force": force})], as_json)
        return
    result = app.container.calcom_sync().sync_team_members(company_id, force=force)
    _report([result], as_json, results_json=_json(result))


def _report(results, as_json: bool, results_json) -> None:
    from studiobook.application.appointments.calcom.sync import describe

    if as_json:
        emit_json(results_json)
    elif not results:
        click.echo("no company is connected to Cal.com")
    for result in [] if as_json else results:
        click.echo(describe(result))
    failed = [f"company {r.company_id}: {r.message}" for r in results if r.failed]
    if failed:
        click.echo(f"Error: Cal.com sync failed: {'; '.join(failed)}", err=True)
        sys.exit(1)


def _json(result) -> dict:
    return {
        "company_id": result.company_id,
        "kind": result.kind,
        "outcome": result.outcome,
        "created": result.created,
        "updated": result.updated,
        "deactivated": result.deactivated,
        "unchanged": result.unchanged,
        "assignments": result.assignments,
        "errors": list(result.errors),
        "unmatched": list(result.unmatched),
        "message": result.message,
    }
