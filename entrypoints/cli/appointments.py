"""``studiobook event-type|assign|matrix|availability|next-slot|appointment``: services,
who offers them, when someone is free, and appointments."""

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


@click.group("event-type")
def event_type() -> None:
    """Event types: the services a company offers."""


@event_type.command("add")
@click.argument("company_id", type=STORED_INT)
@click.option("--name", required=True)
@click.option("--duration", required=True, type=STORED_INT, help="Minutes.")
@click.option("--price", default="0.00", show_default=True, help="e.g. 35.00")
@click.option("--interval", type=STORED_INT, help="Minutes between start times (default: the duration).")
@click.option("--buffer-before", default=0, type=STORED_INT, help="Minutes kept free before.")
@click.option("--buffer-after", default=0, type=STORED_INT, help="Minutes kept free after.")
@click.option("--notice", default=0, type=STORED_INT, help="Minimum notice in minutes.")
@click.option("--inactive", is_flag=True)
@click.option("--default", "default", is_flag=True, help="Make it the company's default.")
@json_option
@pass_app
def event_type_add(app: App, company_id, name, duration, price, interval, buffer_before, buffer_after, notice, inactive, default, as_json) -> None:
    """Add an event type and print its id."""
    from studiobook.entrypoints.cli.render import event_type_json

    created = app.container.event_types().add(
        company_id,
        name,
        duration,
        default=default,
        price=price,
        slot_interval_minutes=interval,
        buffer_before_minutes=buffer_before,
        buffer_after_minutes=buffer_after,
        minimum_notice_minutes=notice,
        active=not inactive,
    )
    emit(as_json, event_type_json(created), created.id)


@event_type.command("list")
@click.argument("company_id", type=STORED_INT)
@click.option("--branch", "branch_id", type=STORED_INT)
@click.option("--active/--inactive", "active", default=None, help="Only active or only inactive ones.")
@json_option
@pass_app
def event_type_list(app: App, company_id, branch_id, active, as_json) -> None:
    """A company's event types."""
    from studiobook.entrypoints.cli.render import event_type_json

    found = app.container.event_types().list(company_id, branch_id=branch_id, active=active)
    if as_json:
        emit_json([event_type_json(t) for t in found])
        return
    emit_table(
        ["ID", "NAME", "MINUTES", "PRICE", "ACTIVE"],
        [[t.id, t.name, t.duration_minutes, t.price, "yes" if t.active else "no"] for t in found],
    )


@click.command()
@click.argument("staff_id", type=STORED_INT)
@click.argument("event_type_id", type=STORED_INT)
@click.option("--primary", is_flag=True, help="The first choice for this service.")
@click.option("--duration", type=STORED_INT, help="This staff member's own duration in minutes.")
@click.option("--price", help="This staff member's own price.")
@json_option
@pass_app
def assign(app: App, staff_id, event_type_id, primary, duration, price, as_json) -> None:
    """Let a staff member offer an event type (again: replace the options)."""
    from studiobook.entrypoints.cli.render import assignment_json

    company_id = app.container.company_lookup().of_staff(staff_id)
    made = app.container.assignments().assign(
        company_id, staff_id, event_type_id, is_primary=primary, custom_duration=duration, custom_price=price
    )
    emit(as_json, assignment_json(made), f"staff {staff_id} offers event type {event_type_id}")


@click.command()
@click.argument("company_id", type=STORED_INT)
@json_option
@pass_app
def matrix(app: App, company_id, as_json) -> None:
    """Who offers what: staff x event types."""
    found = app.container.assignments().matrix(company_id)
    if as_json:
        emit_json(
            {
                "event_types": [{"id": t.id, "name": t.name} for t in found.event_types],
                "staff": [
                    {"id": member.id, "name": member.name, "offers": [c is not None for c in cells]}
                    for member, cells in found.rows()
                ],
            }
        )
        return
    emit_table(
        ["STAFF", *[t.name for t in found.event_types]],
        [[member.name, *["x" if c else "." for c in cells]] for member, cells in found.rows()],
    )


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
