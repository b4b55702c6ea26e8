"""``studiobook event-type|assign|matrix``: the services a company offers and who offers them."""

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
from studiobook.entrypoints.cli.types import STORED_INT


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
