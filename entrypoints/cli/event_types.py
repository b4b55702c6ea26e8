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
    progress_bar,
)
from studiobook.entrypoints.cli.types import STORED_INT

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


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
@click.option("--branch", "branch_id", type=STORED_INT, help="Only at this branch (default: company-wide).")
@click.option("--slug", help="Default: made from the name.")
@click.option("--description", default="")
@click.option("--inactive", is_flag=True)
@click.option("--default", "default", is_flag=True, help="Make it the company's default.")
@json_option
@pass_app
def event_type_add(app: App, company_id, name, duration, price, interval, buffer_before, buffer_after, notice, branch_id, slug, description, inactive, default, as_json) -> None:
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
        branch_id=branch_id,
        slug=slug or "",
        description=description,
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
    """A company's event types; with --branch, that branch's and the company-wide ones."""
    from studiobook.entrypoints.cli.render import event_type_json

    found = app.container.event_types().list(company_id, branch_id=branch_id, active=active)
    if as_json:
        emit_json([event_type_json(t) for t in found])
        return
    emit_table(
        ["ID", "NAME", "MINUTES", "PRICE", "BRANCH", "ACTIVE"],
        [
            [t.id, t.name, t.duration_minutes, t.price, t.branch_id or "all", "yes" if t.active else "no"]
            for t in found
        ],
    )


@event_type.command("update")
@click.argument("event_type_id", type=STORED_INT)
@click.option("--name")
@click.option("--slug")
@click.option("--description")
@click.option("--duration", type=STORED_INT, help="Minutes.")
@click.option("--price", help="e.g. 35.00")
@click.option("--interval", type=STORED_INT, help="Minutes between start times.")
@click.option("--no-interval", is_flag=True, help="Start times every duration again.")
@click.option("--buffer-before", type=STORED_INT, help="Minutes kept free before.")
@click.option("--buffer-after", type=STORED_INT, help="Minutes kept free after.")
@click.option("--notice", type=STORED_INT, help="Minimum notice in minutes.")
@click.option("--branch", "branch_id", type=STORED_INT, help="Only at this branch.")
@click.option("--no-branch", is_flag=True, help="At every branch (company-wide).")
@click.option("--default", "default", is_flag=True, help="Make it the company's default.")
@json_option
@pass_app
def event_type_update(app: App, event_type_id, name, slug, description, duration, price, interval, no_interval, buffer_before, buffer_after, notice, branch_id, no_branch, default, as_json) -> None:
    """Change an event type; only the options given change."""
    if interval is not None and no_interval:
        raise click.UsageError("--interval and --no-interval exclude each other")
    if branch_id is not None and no_branch:
        raise click.UsageError("--branch and --no-branch exclude each other")
    given = {
        "name": name, "slug": slug, "description": description, "duration_minutes": duration,
        "price": price, "slot_interval_minutes": interval, "buffer_before_minutes": buffer_before,
        "buffer_after_minutes": buffer_after, "minimum_notice_minutes": notice, "branch_id": branch_id,
    }  # fmt: skip
    changes = {key: value for key, value in given.items() if value is not None}
    changes |= {"slot_interval_minutes": None} if no_interval else {}
    changes |= {"branch_id": None} if no_branch else {}
    if not changes and not default:
        raise click.UsageError("nothing to change: give at least one option (see --help)")
    company_id = app.container.company_lookup().of_event_type(event_type_id)
    event_types = app.container.event_types()
    current = event_types.get(company_id, event_type_id)
    if default and not current.active:  # refused before the other changes are written
        raise click.ClickException(
            f"event type {current.id} ({current.name}) is inactive; activate it before making it the default"
        )
    changed = event_types.update(company_id, event_type_id, **changes) if changes else current
    if default:
        event_types.set_default(company_id, event_type_id)
    summary = ", ".join([*sorted(changes), *(["default"] if default else [])])
    _echo_event_type(changed, as_json, f"updated {summary}")


@event_type.command("deactivate")
@click.argument("event_type_id", type=STORED_INT)
@json_option
@pass_app
def event_type_deactivate(app: App, event_type_id, as_json) -> None:
    """No more slots or bookings of this event type (booked appointments stay)."""
    _set_active(app, event_type_id, False, as_json)


@event_type.command("activate")
@click.argument("event_type_id", type=STORED_INT)
@json_option
@pass_app
def event_type_activate(app: App, event_type_id, as_json) -> None:
    """Offer this event type again."""
    _set_active(app, event_type_id, True, as_json)


def _set_active(app: App, event_type_id: int, active: bool, as_json: bool) -> None:
    company_id = app.container.company_lookup().of_event_type(event_type_id)
    changed = app.container.event_types().update(company_id, event_type_id, active=active)
    _echo_event_type(changed, as_json, "active" if active else "inactive")


def _echo_event_type(found, as_json: bool, summary: str) -> None:
    from studiobook.entrypoints.cli.render import event_type_json

    if as_json:
        emit_json(event_type_json(found))
    else:
        click.echo(f"event type {found.id} {found.name}: {summary}")


@click.command()
@click.argument("staff_id", type=STORED_INT)
@click.argument("event_type_id", type=STORED_INT)
@click.option("--primary", is_flag=True, help="The first choice for this service.")
@click.option("--duration", type=STORED_INT, help="This staff member's own duration in minutes.")
@click.option("--price", help="This staff member's own price.")
@click.option(
    "--hours", "hours", multiple=True, metavar="DAY=HH:MM-HH:MM[,HH:MM-HH:MM]",
    help="Offer it only then (within the working hours), e.g. mon=09:00-12:00,13:00-17:00; repeat per day.",
)  # fmt: skip
@click.option(
    "--hours-file", type=click.File("r"),
    help='The same as JSON ("-": stdin), e.g. {"weekly": {"mon": ["09:00-12:00"]}}.',
)  # fmt: skip
@click.option("--no-override", is_flag=True, help="Offer it whenever the staff member works.")
@json_option
@pass_app
def assign(app: App, staff_id, event_type_id, primary, duration, price, hours, hours_file, no_override, as_json) -> None:
    """Let a staff member offer an event type. Again: replace the options; the hours (see
    --hours) stay unless --hours, --hours-file or --no-override is given."""
    from studiobook.entrypoints.cli.render import assignment_json

    if sum([bool(hours), hours_file is not None, no_override]) > 1:
        raise click.UsageError("give one of --hours, --hours-file and --no-override")
    company_id = app.container.company_lookup().of_staff(staff_id)
    assignments = app.container.assignments()
    if hours:
        override = _weekly_hours(hours)
    elif hours_file is not None:
        override = _hours_document(hours_file)
    elif no_override:
        override = None
    else:  # keep the hours the assignment has
        current = assignments.list(company_id, staff_id=staff_id, event_type_id=event_type_id)
        override = current[0].availability_override if current else None
    made = assignments.assign(
        company_id, staff_id, event_type_id, is_primary=primary, custom_duration=duration,
        custom_price=price, availability_override=override,
    )  # fmt: skip
    emit(as_json, assignment_json(made), f"staff {staff_id} offers event type {event_type_id}{_hours_note(made)}")


def _hours_note(made) -> str:
    if made.availability_override is None:
        return ""
    weekly = made.availability_override.to_dict()["weekly"]
    return " only " + "; ".join(f"{day} {', '.join(ranges)}" for day, ranges in weekly.items())


def _weekly_hours(values) -> dict:
    weekly: dict[str, list[str]] = {}
    for value in values:
        day, equals, ranges = value.partition("=")
        day = day.strip().lower()
        if not equals or day not in DAYS:
            raise click.BadParameter(
                f"'{value}' is not DAY=HH:MM-HH:MM[,...] with DAY one of {', '.join(DAYS)}",
                param_hint="--hours",
            )
        if day in weekly:
            raise click.BadParameter(f"{day} is given twice; give each day once", param_hint="--hours")
        weekly[day] = [r.strip() for r in ranges.split(",") if r.strip()]
    return {"weekly": weekly}


def _hours_document(source) -> dict:
    import json

    try:
        document = json.loads(source.read())
    except ValueError as error:
        raise click.BadParameter(f"not JSON: {error}", param_hint="--hours-file") from None
    if not isinstance(document, dict):
        raise click.BadParameter('give an object such as {"weekly": {"mon": ["09:00-12:00"]}}', param_hint="--hours-file")
    return document if set(document) & {"weekly", "overrides"} else {"weekly": document}


ASSIGN_COLUMNS = "staff_id,event_type_id[,primary,duration,price]"


@click.command("assign-many")
@click.argument("company_id", type=STORED_INT)
@click.option("--file", "source", required=True, type=click.File("r"), help=f"CSV rows {ASSIGN_COLUMNS} ('-': stdin).")
@json_option
@pass_app
def assign_many(app: App, company_id, source, as_json) -> None:
    """Assign many staff members to event types at once, in batches of 100. Every id is
    checked first: one unknown id assigns nothing."""
    rows = _assignment_rows(source)
    with progress_bar("assigning", as_json) as progress:
        done = app.container.assignments().assign_many(company_id, rows, progress)
    summary = {"assigned": done.assigned, "batches": done.batches}
    emit(as_json, summary, f"assigned {done.assigned} pair(s) in {done.batches} batch(es)")


def _assignment_rows(source) -> list:
    import csv

    from studiobook.domain.appointments import Assignment
    from studiobook.domain.shared.errors import DomainError

    flags = {"": False, "0": False, "no": False, "false": False, "1": True, "yes": True, "true": True, "primary": True}
    found = []
    for line, row in enumerate(csv.reader(source), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or (line == 1 and cells[0].lower() in {"staff_id", "staff"}):
            continue  # blank lines and a header
        if not 2 <= len(cells) <= 5:
            raise click.BadParameter(f"line {line}: give {ASSIGN_COLUMNS}, got {len(cells)} column(s)", param_hint="--file")
        staff_id, event_type_id, primary, duration, price = [*cells, "", "", ""][:5]
        if primary.lower() not in flags:
            raise click.BadParameter(f"line {line}: primary is yes or no, not '{primary}'", param_hint="--file")
        try:
            found.append(Assignment(
                staff_id=_whole(staff_id, line, "staff_id"), event_type_id=_whole(event_type_id, line, "event_type_id"),
                is_primary=flags[primary.lower()], custom_duration=_whole(duration, line, "duration") if duration else None,
                custom_price=price or None,
            ))  # fmt: skip
        except DomainError as error:
            raise click.BadParameter(f"line {line}: {error}", param_hint="--file") from None
    if not found:
        raise click.BadParameter(f"no rows; give {ASSIGN_COLUMNS} per line", param_hint="--file")
    return found


def _whole(text: str, line: int, column: str) -> int:
    from studiobook.entrypoints.cli.types import StoredInt

    if not text.isdigit() or int(text) > StoredInt.LIMIT:
        raise click.BadParameter(f"line {line}: {column} '{text}' is not an id", param_hint="--file")
    return int(text)


@click.command()
@click.argument("company_id", type=STORED_INT)
@json_option
@pass_app
def matrix(app: App, company_id, as_json) -> None:
    """Who offers what: staff x event types (x: offered; h: offered only at set hours)."""
    from studiobook.entrypoints.cli.render import assignment_json

    found = app.container.assignments().matrix(company_id)
    if as_json:
        emit_json(
            {
                "event_types": [{"id": t.id, "name": t.name} for t in found.event_types],
                "staff": [
                    {"id": member.id, "name": member.name, "offers": [c is not None for c in cells]}
                    for member, cells in found.rows()
                ],
                "assignments": [assignment_json(a) for _, cells in found.rows() for a in cells if a],
            }
        )
        return
    emit_table(
        ["STAFF", *[t.name for t in found.event_types]],
        [[member.name, *[_cell(c) for c in cells]] for member, cells in found.rows()],
    )


def _cell(assignment) -> str:
    if assignment is None:
        return "."
    return "x" if assignment.availability_override is None else "h"
