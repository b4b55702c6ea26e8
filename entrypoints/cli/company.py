"""``studiobook company|branch|staff ...``: the tenants, their branches and staff."""

from __future__ import annotations

import os
import sys

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

API_KEY_ENV = "STUDIOBOOK_CALCOM_API_KEY"
KEY_HINT = f"pipe the key in with --api-key-stdin or set {API_KEY_ENV}"
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


@click.group()
def company() -> None:
    """Companies (tenants): a salon, a practice, a studio."""


@company.command("add")
@click.argument("name")
@click.option("--timezone", "time_zone", default="Europe/Berlin", show_default=True, help="IANA zone.")
@click.option("--calcom-team-id", type=click.IntRange(1, 2**63 - 1), help="Cal.com team to sync from.")
@click.option("--api-key-stdin", is_flag=True, help=f"Read the team's Cal.com API key from stdin (else ${API_KEY_ENV}).")
@click.option("--calcom-api-key", hidden=True, help="Refused: a key on the command line shows in ps and history.")
@json_option
@pass_app
def company_add(app: App, name, time_zone, calcom_team_id, api_key_stdin, calcom_api_key, as_json) -> None:
    """Create a company and print its id; with --calcom-team-id also connect it to Cal.com."""
    from studiobook.entrypoints.cli.render import company_json

    if calcom_api_key is not None:
        raise click.UsageError(f"--calcom-api-key is refused (ps and shell history show it); {KEY_HINT}")
    if api_key_stdin and calcom_team_id is None:
        raise click.UsageError("--api-key-stdin goes with --calcom-team-id")
    api_key = _calcom_api_key(api_key_stdin) if calcom_team_id is not None else None
    if calcom_team_id is not None:
        app.container.calcom_connections().ready()  # no key to encrypt with: refuse before writing
    created = app.container.companies().create(name, time_zone)
    if calcom_team_id is not None:
        created = app.container.calcom_connections().connect(created.id, calcom_team_id, api_key)
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


@company.command("show")
@click.argument("company_id", type=STORED_INT)
@json_option
@pass_app
def company_show(app: App, company_id, as_json) -> None:
    """A company's settings, branches and Cal.com connection (never its key)."""
    from studiobook.entrypoints.cli.render import branch_json, company_json

    found = app.container.companies().get(company_id)
    branches = app.container.companies().branches(company_id)
    if as_json:
        emit_json(company_json(found) | {"branches": [branch_json(b) for b in branches]})
        return
    calcom = f"connected, team {found.calcom_team_id}" if found.calcom_connected else "not connected"
    for label, value in [
        ("id", found.id), ("name", found.name), ("slug", found.slug), ("timezone", found.time_zone),
        ("default event type", found.default_event_type_id or "-"),
        ("branches", "; ".join(f"{b.id} {b.name} ({b.time_zone or found.time_zone})" for b in branches) or "-"),
        ("holidays", _holidays_line(found)),
        ("Cal.com", calcom),
    ]:
        click.echo(f"{label + ':':<20}{value}")


@company.command("update")
@click.argument("company_id", type=STORED_INT)
@click.option("--name")
@click.option("--timezone", "--time-zone", "time_zone", help="IANA zone, e.g. Europe/Vienna.")
@click.option("--default-event-type", "default_event_type_id", type=STORED_INT,
              help="Booked when a request names an unknown or inactive event type.")
@click.option("--no-default-event-type", is_flag=True, help="No default event type.")
@click.option("--country", help='Public holidays of this country (ISO 3166-1, e.g. DE, GB; "" for none).')
@click.option("--subdivision", help='... and of this subdivision (e.g. BE, ENG; "" for the whole country).')
@click.option("--holidays/--no-holidays", "closed_on_holidays", default=None,
              help="Closed on public holidays (the default once a country is set) or open.")
@json_option
@pass_app
def company_update(app: App, company_id, name, time_zone, default_event_type_id, no_default_event_type,
                   country, subdivision, closed_on_holidays, as_json) -> None:
    """Change a company's name, time zone, default event type or public holidays."""
    from studiobook.entrypoints.cli.render import company_json

    if default_event_type_id is not None and no_default_event_type:
        raise click.UsageError("--default-event-type and --no-default-event-type exclude each other")
    changes = {k: v for k, v in {"name": name, "time_zone": time_zone,
                                 "default_event_type_id": default_event_type_id, "country": country,
                                 "subdivision": subdivision,
                                 "closed_on_holidays": closed_on_holidays}.items() if v is not None}
    if no_default_event_type:
        changes["default_event_type_id"] = None
    if not changes:
        raise click.UsageError(
            "nothing to change: give --name, --timezone, --default-event-type, --country, "
            "--subdivision or --holidays/--no-holidays"
        )
    changed = app.container.companies().update(company_id, **changes)
    emit(as_json, company_json(changed),
         f"company {changed.id} {changed.name} ({changed.time_zone}); holidays: {_holidays_line(changed)}")


def _holidays_line(found) -> str:
    if found.country is None:
        return "none (no country)"
    region = "-".join(code for code in (found.country, found.subdivision) if code)
    return f"{region}, {'closed' if found.closed_on_holidays else 'open'} on public holidays"


@company.group("holiday")
def company_holiday() -> None:
    """A company's public holidays and its word on single dates."""


@company_holiday.command("list")
@click.argument("company_id", type=STORED_INT)
@click.option("--year", type=click.IntRange(1900, 2999), help="Default: this year in the company's zone.")
@json_option
@pass_app
def company_holiday_list(app: App, company_id, year, as_json) -> None:
    """The year's public holidays and the dates the company said open or closed."""
    from datetime import date
    from zoneinfo import ZoneInfo

    from studiobook.entrypoints.cli.render import closure_day_json

    companies = app.container.companies()
    found = companies.get(company_id)
    year = year or app.container.clock().now().astimezone(ZoneInfo(found.time_zone)).year
    days = companies.holiday_list(company_id, date(year, 1, 1), date(year, 12, 31))
    if as_json:
        emit_json({"company_id": found.id, "year": year, "country": found.country,
                   "subdivision": found.subdivision, "closed_on_holidays": found.closed_on_holidays,
                   "days": [closure_day_json(d) for d in days]})
        return
    click.echo(f"company {found.id} {found.name}, {year}; holidays: {_holidays_line(found)}")
    emit_table(
        ["DATE", "DAY", "HOLIDAY", "SAID", "STATE"],
        [[f"{d.day:%Y-%m-%d}", f"{d.day:%a}", d.holiday or "-",
          {None: "-", True: "open", False: "closed"}[d.override],
          f"closed: {d.closed}" if d.closed else "open"] for d in days],
    )


def _closure(app: App, company_id: int, day, is_open: bool | None, as_json: bool) -> None:
    from studiobook.entrypoints.cli.render import closure_day_json

    companies = app.container.companies()
    done = (companies.clear_closure(company_id, day.date()) if is_open is None
            else companies.set_closure(company_id, day.date(), is_open))
    if as_json:
        emit_json(closure_day_json(done))
        return
    state = f"closed: {done.closed}" if done.closed else "open"
    holiday = f" ({done.holiday})" if done.holiday else ""
    click.echo(f"company {company_id} on {done.day:%Y-%m-%d}{holiday}: {state}")


def _closure_command(name: str, is_open: bool | None, summary: str) -> None:
    @company_holiday.command(name, help=summary)
    @click.argument("company_id", type=STORED_INT)
    @click.argument("day", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD")
    @json_option
    @pass_app
    def command(app: App, company_id, day, as_json) -> None:
        _closure(app, company_id, day, is_open, as_json)


for _name, _open, _summary in [
    ("open", True, "Open on this public holiday anyway."),
    ("close", False, "Closed on this date (a public holiday or any other day): nobody has a slot."),
    ("clear", None, "Forget what was said about this date: back to the holiday calendar."),
]:
    _closure_command(_name, _open, _summary)


@company.command("connect-calcom")
@click.argument("company_id", type=STORED_INT)
@click.option("--team-id", type=click.IntRange(1, 2**63 - 1), required=True, help="Cal.com team to sync from.")
@click.option("--api-key-stdin", is_flag=True, help=f"Read the API key from stdin (else ${API_KEY_ENV}).")
@json_option
@pass_app
def company_connect_calcom(app: App, company_id, team_id, api_key_stdin, as_json) -> None:
    """Connect a company to its Cal.com team, or store a rotated key (stored encrypted)."""
    from studiobook.entrypoints.cli.render import company_json

    api_key = _calcom_api_key(api_key_stdin)
    connected = app.container.calcom_connections().connect(company_id, team_id, api_key)
    emit(as_json, company_json(connected), f"company {connected.id} connected to Cal.com team {team_id}")


@company.command("disconnect-calcom")
@click.argument("company_id", type=STORED_INT)
@json_option
@pass_app
def company_disconnect_calcom(app: App, company_id, as_json) -> None:
    """Forget a company's Cal.com team and key; synced event types and staff stay."""
    from studiobook.entrypoints.cli.render import company_json

    disconnected = app.container.calcom_connections().disconnect(company_id)
    emit(as_json, company_json(disconnected), f"company {disconnected.id} disconnected from Cal.com")


def _calcom_api_key(from_stdin: bool) -> str:
    """The key from stdin (a hidden prompt on a terminal) or the environment — never argv."""
    if from_stdin:
        key = (click.prompt("Cal.com API key", hide_input=True, err=True) if sys.stdin.isatty()
               else sys.stdin.read())
    else:
        key = os.environ.get(API_KEY_ENV, "")
    if not key.strip():
        raise click.UsageError(f"no Cal.com API key given; {KEY_HINT}")
    return key


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


@staff.command("update")
@click.argument("staff_id", type=STORED_INT)
@click.option("--name")
@click.option("--branch", "branch_id", type=STORED_INT, help="Move to this branch.")
@click.option("--no-branch", is_flag=True, help="Belong to no branch (company-wide).")
@click.option("--time-zone", "--timezone", "time_zone", help="IANA zone of the working hours.")
@click.option("--calcom-username")
@click.option("--email")
@json_option
@pass_app
def staff_update(app: App, staff_id, name, branch_id, no_branch, time_zone, calcom_username, email, as_json) -> None:
    """Change a staff member's name, branch, zone, Cal.com username or e-mail."""
    if branch_id is not None and no_branch:
        raise click.UsageError("--branch and --no-branch exclude each other")
    given = {"name": name, "branch_id": branch_id, "time_zone": time_zone,
             "calcom_username": calcom_username, "email": email}  # fmt: skip
    changes = {key: value for key, value in given.items() if value is not None}
    if no_branch:
        changes["branch_id"] = None
    if not changes:
        raise click.UsageError(
            "nothing to change: give --name, --branch/--no-branch, --time-zone, --calcom-username or --email"
        )
    changed = _staffing_call(app, staff_id, "update", **changes)
    _echo_hours(changed, as_json, "updated " + ", ".join(sorted(changes)))


@staff.command("deactivate")
@click.argument("staff_id", type=STORED_INT)
@json_option
@pass_app
def staff_deactivate(app: App, staff_id, as_json) -> None:
    """No more slots or bookings with this staff member (booked appointments stay)."""
    _echo_hours(_staffing_call(app, staff_id, "update", active=False), as_json, "inactive")


@staff.command("activate")
@click.argument("staff_id", type=STORED_INT)
@json_option
@pass_app
def staff_activate(app: App, staff_id, as_json) -> None:
    """Offer this staff member's slots again."""
    _echo_hours(_staffing_call(app, staff_id, "update", active=True), as_json, "active")


def _staffing_call(app: App, staff_id: int, method: str, *args, **options):
    company_id = app.container.company_lookup().of_staff(staff_id)
    return getattr(app.container.staffing(), method)(company_id, staff_id, *args, **options)


def _echo_hours(member, as_json: bool, summary: str) -> None:
    from studiobook.entrypoints.cli.render import staff_json

    if as_json:
        emit_json(staff_json(member))
    else:
        click.echo(f"staff {member.id} {member.name}: {summary}")
