"""``studiobook company|branch|staff ...``: the tenants, their branches and staff."""

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

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


@click.group()
def company() -> None:
    """Companies (tenants): a salon, a practice, a studio."""


@company.command("add")
@click.argument("name")
@click.option("--timezone", "time_zone", default="Europe/Berlin", show_default=True, help="IANA zone.")
@click.option("--calcom-team-id", type=click.IntRange(1, 2**63 - 1), help="Cal.com team to sync from.")
@click.option("--calcom-api-key", help="Cal.com API key of that team (stored encrypted).")
@json_option
@pass_app
def company_add(app: App, name, time_zone, calcom_team_id, calcom_api_key, as_json) -> None:
    """Create a company and print its id."""
    from studiobook.entrypoints.cli.render import company_json

    if (calcom_team_id is None) != (calcom_api_key is None):
        raise click.UsageError("--calcom-team-id and --calcom-api-key go together")
    if calcom_team_id is not None:
        app.container.calcom_connections().ready()  # no key to encrypt with: refuse before writing
    created = app.container.companies().create(name, time_zone)
    if calcom_team_id is not None:
        created = app.container.calcom_connections().connect(created.id, calcom_team_id, calcom_api_key)
    emit(as_json, company_json(created), created.id)


@company.command("list")
@json_option
@pass_app
def company_list(app: App, as_json) -> None:
    """All companies."""
    from studiobook.entrypoints.cli.render import company_json

    found = app.container.companies().list()
    if as_json:
        emit_json([company_json(c) for c in found])
    else:
        emit_table(["ID", "NAME", "TIMEZONE", "DEFAULT EVENT TYPE"], [[c.id, c.name, c.time_zone, c.default_event_type_id] for c in found])


@click.group()
def branch() -> None:
    """Branches of a company."""


@branch.command("add")
@click.argument("company_id", type=STORED_INT)
@click.argument("name")
@click.option("--timezone", "time_zone", help="IANA zone, if not the company's.")
@json_option
@pass_app
def branch_add(app: App, company_id, name, time_zone, as_json) -> None:
    """Add a branch and print its id."""
    from studiobook.entrypoints.cli.render import branch_json

    created = app.container.companies().add_branch(company_id, name, time_zone)
    emit(as_json, branch_json(created), created.id)


@click.group()
def staff() -> None:
    """Staff members, their working hours and days off."""


@staff.command("add")
@click.argument("company_id", type=STORED_INT)
@click.option("--name", required=True)
@click.option("--branch", "branch_id", type=STORED_INT)
@click.option("--timezone", "time_zone", help="IANA zone (default: the branch's, then the company's).")
@click.option("--calcom-username")
@json_option
@pass_app
def staff_add(app: App, company_id, name, branch_id, time_zone, calcom_username, as_json) -> None:
    """Add a staff member and print the id."""
    from studiobook.entrypoints.cli.render import staff_json

    created = app.container.staffing().add(
        company_id, name, branch_id=branch_id, time_zone=time_zone, calcom_username=calcom_username
    )
    emit(as_json, staff_json(created), created.id)


@staff.command("list")
@click.argument("company_id", type=STORED_INT)
@click.option("--branch", "branch_id", type=STORED_INT)
@json_option
@pass_app
def staff_list(app: App, company_id, branch_id, as_json) -> None:
    """The staff of a company."""
    from studiobook.entrypoints.cli.render import staff_json

    found = app.container.staffing().list(company_id, branch_id=branch_id)
    if as_json:
        emit_json([staff_json(m) for m in found])
        return
    emit_table(
        ["ID", "NAME", "BRANCH", "TIMEZONE", "ACTIVE"],
        [[m.id, m.name, m.branch_id, m.time_zone, "yes" if m.active else "no"] for m in found],
    )


@staff.command("hours")
@click.argument("staff_id", type=STORED_INT)
@click.argument("day", type=click.Choice(DAYS))
@click.argument("ranges", nargs=-1, metavar="[HH:MM-HH:MM]...")
@json_option
@pass_app
def staff_hours(app: App, staff_id, day, ranges, as_json) -> None:
    """Set one weekday's working hours in the staff member's zone; no range makes it free."""
    changed = _staffing_call(app, staff_id, "set_hours", day, list(ranges))
    _echo_hours(changed, as_json, f"{day}: {', '.join(ranges) or 'free'}")


@staff.command("override")
@click.argument("staff_id", type=STORED_INT)
@click.argument("day", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD")
@click.argument("ranges", nargs=-1, metavar="[HH:MM-HH:MM]...")
@json_option
@pass_app
def staff_override(app: App, staff_id, day, ranges, as_json) -> None:
    """Replace one date's hours; no range makes it a day off."""
    changed = _staffing_call(app, staff_id, "set_override", day.date(), list(ranges))
    _echo_hours(changed, as_json, f"{day:%Y-%m-%d}: {', '.join(ranges) or 'day off'}")


def _staffing_call(app: App, staff_id: int, method: str, *args):
    company_id = app.container.company_lookup().of_staff(staff_id)
    return getattr(app.container.staffing(), method)(company_id, staff_id, *args)


def _echo_hours(member, as_json: bool, summary: str) -> None:
    from studiobook.entrypoints.cli.render import staff_json

    if as_json:
        emit_json(staff_json(member))
    else:
        click.echo(f"staff {member.id} {member.name}: {summary}")
