"""``studiobook availability|next-slot|appointment``: when someone is free, and appointments."""

from __future__ import annotations

import click

from studiobook.entrypoints.cli.app import (
    App,
    emit,
    emit_json,
    emit_table,
    json_option,
    pass_app,
)
from studiobook.entrypoints.cli.types import AWARE_DATETIME, STORED_INT


@click.command()
@click.argument("event_type_id", type=STORED_INT)
@click.option("--from", "start", required=True, type=AWARE_DATETIME)
@click.option("--to", "end", required=True, type=AWARE_DATETIME)
@click.option("--staff", "staff_id", type=STORED_INT, help="Only this staff member.")
@click.option("--branch", "branch_id", type=STORED_INT, help="Only staff of this branch.")
@click.option("--company", "company_id", type=STORED_INT, help="Needed only to fall back from an unknown event type.")
@click.option("--now", type=AWARE_DATETIME, help="Answer as if it were this instant (default: now).")
@json_option
@pass_app
def availability(app: App, event_type_id, start, end, staff_id, branch_id, company_id, now, as_json) -> None:
    """Free start times for an event type, and who is free at each."""
    from studiobook.entrypoints.cli.render import slot_json

    company_id = company_id or app.container.company_lookup().of_event_type(event_type_id)
    answer = app.container.availability().slots(
        company_id, event_type_id, start, end, staff_id=staff_id, branch_id=branch_id, now=now
    )
    document = {
        "event_type_id": answer.event_type_id,
        "fallback_used": answer.fallback_used,
        "slots": [slot_json(s) for s in answer.slots],
        "degraded": answer.degraded,  # Cal.com failed: local data only (a warning says why)
    }
    if as_json:
        emit_json(document)
        return
    if answer.fallback_used:
        click.echo(f"event type {event_type_id} is unknown or inactive; showing the default {answer.event_type_id}", err=True)
    emit_table(["START", "END", "STAFF"], [[s["start"], s["end"], ", ".join(map(str, s["staff"]))] for s in document["slots"]])


@click.command("next-slot")
@click.argument("event_type_id", type=STORED_INT)
@click.option("--staff", "staff_id", type=STORED_INT)
@click.option("--branch", "branch_id", type=STORED_INT)
@click.option("--after", type=AWARE_DATETIME, help="Search from this instant (default: now).")
@click.option("--company", "company_id", type=STORED_INT, help="Needed only to fall back from an unknown event type.")
@json_option
@pass_app
def next_slot(app: App, event_type_id, staff_id, branch_id, after, company_id, as_json) -> None:
    """The next free start time (JSON: the slot with "degraded", or null when none within 90
    days; a degraded answer also logs a warning on stderr)."""
    from studiobook.entrypoints.cli.render import slot_json

    company_id = company_id or app.container.company_lookup().of_event_type(event_type_id)
    answer = app.container.availability().next_slot(
        company_id, event_type_id, staff_id=staff_id, branch_id=branch_id, after=after
    )
    found = slot_json(answer.slot)
    if found is not None:
        found["degraded"] = answer.degraded
    if as_json:
        emit_json(found)
    elif found is None:
        click.echo("no free slot in the next 90 days")
    else:
        click.echo(f"{found['start']}  staff {', '.join(map(str, found['staff']))}")


@click.group()
def appointment() -> None:
    """Appointments with a staff member."""


@appointment.command("book")
@click.argument("event_type_id", type=STORED_INT)
@click.option("--staff", "staff_id", required=True, type=STORED_INT)
@click.option("--start", required=True, type=AWARE_DATETIME)
@click.option("--name", required=True)
@click.option("--email", required=True)
@json_option
@pass_app
def appointment_book(app: App, event_type_id, staff_id, start, name, email, as_json) -> None:
    """Book an appointment (checked live; never double-books a staff member); prints the id."""
    from studiobook.entrypoints.cli.render import appointment_json

    company_id = app.container.company_lookup().of_staff(staff_id)
    booked = app.container.appointments().book(company_id, event_type_id, staff_id, start, name, email)
    emit(as_json, appointment_json(booked), booked.id)


@appointment.command("cancel")
@click.argument("appointment_id", type=STORED_INT)
@json_option
@pass_app
def appointment_cancel(app: App, appointment_id, as_json) -> None:
    """Cancel an appointment; the time is free again at once."""
    from studiobook.entrypoints.cli.render import appointment_json

    company_id = app.container.company_lookup().of_appointment(appointment_id)
    cancelled = app.container.appointments().cancel(company_id, appointment_id)
    emit(as_json, appointment_json(cancelled), f"appointment {cancelled.id} cancelled")
