"""``studiobook member ...`` and ``studiobook lead ...``: WODIFY members and leads."""

from __future__ import annotations

import click

from studiobook.entrypoints.cli.app import (
    App,
    emit_json,
    emit_table,
    json_option,
    pass_app,
)

MEMBER_STATUSES = ["active", "on_hold", "pending", "cancelled", "expired"]
LEAD_STATUSES = ["new", "contacted", "trial", "converted", "lost"]


def _page_options(function):
    function = click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 1000))(function)
    return click.option("--offset", default=0, show_default=True, type=click.IntRange(0))(function)


@click.group()
def member() -> None:
    """Members and their memberships (WODIFY is the source of truth)."""


@member.command("list")
@click.option("--status", type=click.Choice(MEMBER_STATUSES), help="Only this membership status.")
@_page_options
@json_option
@pass_app
def member_list(app: App, status, limit, offset, as_json) -> None:
    """Members from the local copy (run `studiobook sync members` to refresh it)."""
    from studiobook.domain.members.member import MembershipStatus
    from studiobook.entrypoints.cli.render import member_json

    found, total = app.container.memberships().list(MembershipStatus(status) if status else None, limit, offset)
    if as_json:
        emit_json({"total": total, "limit": limit, "offset": offset, "members": [member_json(m) for m in found]})
        return
    emit_table(
        ["CLIENT", "NAME", "EMAIL", "MEMBERSHIP", "STATUS", "PRICE"],
        [[m.client_id, m.full_name, m.email, m.membership and m.membership.membership_type, m.status, m.monthly_price] for m in found],
    )
    click.echo(f"{len(found)} of {total} member(s)", err=True)


@member.command("show")
@click.argument("client_id")
@json_option
@pass_app
def member_show(app: App, client_id, as_json) -> None:
    """One member as WODIFY has it now."""
    _echo_member(app.container.memberships().get(client_id), as_json)


@member.command("add")
@click.option("--first-name", required=True)
@click.option("--last-name", required=True)
@click.option("--email", required=True)
@click.option("--phone")
@click.option("--type", "membership_type", required=True, help="The membership package, e.g. Unlimited.")
@click.option("--start", "start_date", required=True, type=click.DateTime(["%Y-%m-%d"]), help="YYYY-MM-DD")
@click.option("--payment-method", default="stripe", show_default=True)
@json_option
@pass_app
def member_add(app: App, first_name, last_name, email, phone, membership_type, start_date, payment_method, as_json) -> None:
    """Create a membership in WODIFY (and the local copy)."""
    created = app.container.memberships().create(
        first_name, last_name, email, membership_type, start_date.date(), phone, payment_method
    )
    _echo_member(created, as_json, plain=created.client_id)


@member.command("update")
@click.argument("client_id")
@click.option("--type", "membership_type", help="New membership package.")
@click.option("--status", type=click.Choice(MEMBER_STATUSES))
@click.option("--price", help="New monthly price, e.g. 89.00.")
@json_option
@pass_app
def member_update(app: App, client_id, membership_type, status, price, as_json) -> None:
    """Change a member's membership type, status or monthly price in WODIFY."""
    from studiobook.domain.members.member import MembershipStatus

    changed = app.container.memberships().update(
        client_id, membership_type, MembershipStatus(status) if status else None, price
    )
    _echo_member(changed, as_json)


@member.command("cancel")
@click.argument("client_id")
@click.option("--reason", default="cancelled by the studio", show_default=True)
@json_option
@pass_app
def member_cancel(app: App, client_id, reason, as_json) -> None:
    """Cancel a member's membership in WODIFY."""
    _echo_member(app.container.memberships().cancel(client_id, reason), as_json)


@member.command("packages")
@json_option
@pass_app
def member_packages(app: App, as_json) -> None:
    """The membership packages WODIFY offers."""
    packages = app.container.memberships().packages()
    rows = [
        {"id": p.package_id, "name": p.name, "monthly_price": str(p.monthly_price), "description": p.description}
        for p in packages
    ]
    if as_json:
        emit_json(rows)
    else:
        emit_table(["ID", "NAME", "PRICE", "DESCRIPTION"], [list(r.values()) for r in rows])


def _echo_member(found, as_json: bool, plain: str | None = None) -> None:
    from studiobook.entrypoints.cli.render import member_json

    document = member_json(found)
    if as_json:
        emit_json(document)
    elif plain is not None:
        click.echo(plain)
    else:
        membership = document["membership"] or {}
        click.echo(
            f"member {found.client_id} {found.full_name} <{found.email}>: "
            f"{membership.get('type', 'no membership')} {membership.get('status', '')} "
            f"{membership.get('monthly_price', '')}".rstrip()
        )


@click.group()
def lead() -> None:
    """Leads: people interested in the studio, until they become members."""


@lead.command("list")
@click.option("--status", type=click.Choice(LEAD_STATUSES))
@_page_options
@json_option
@pass_app
def lead_list(app: App, status, limit, offset, as_json) -> None:
    """Leads from the local copy (run `studiobook sync leads` to refresh it)."""
    from studiobook.domain.members.leads import LeadStatus
    from studiobook.entrypoints.cli.render import lead_json

    found, total = app.container.leads().list(LeadStatus(status) if status else None, limit, offset)
    if as_json:
        emit_json({"total": total, "limit": limit, "offset": offset, "leads": [lead_json(x) for x in found]})
        return
    emit_table(
        ["LEAD", "NAME", "EMAIL", "STATUS", "INTERESTED IN"],
        [[x.lead_id, f"{x.first_name} {x.last_name}", x.email, x.status.value, x.interested_in] for x in found],
    )
    click.echo(f"{len(found)} of {total} lead(s)", err=True)


@lead.command("show")
@click.argument("lead_id")
@json_option
@pass_app
def lead_show(app: App, lead_id, as_json) -> None:
    """One lead, fresh from WODIFY (the local copy is refreshed too)."""
    from studiobook.entrypoints.cli.render import lead_json

    found = app.container.leads().get(lead_id)
    if as_json:
        emit_json(lead_json(found))
        return
    for label, value in (
        ("lead", found.lead_id),
        ("name", f"{found.first_name} {found.last_name}"),
        ("email", found.email),
        ("phone", found.phone),
        ("status", found.status.value),
        ("interested in", found.interested_in),
        ("message", found.message),
        ("notes", found.notes),
    ):
        click.echo(f"{label + ':':<15}{value or '—'}")


@lead.command("add")
@click.option("--first-name", required=True)
@click.option("--last-name", required=True)
@click.option("--email", required=True)
@click.option("--phone")
@click.option("--message")
@click.option("--interested-in")
@json_option
@pass_app
def lead_add(app: App, first_name, last_name, email, phone, message, interested_in, as_json) -> None:
    """Create a lead in WODIFY (and the local copy); prints its id."""
    created = app.container.leads().create(first_name, last_name, email, phone, message, interested_in)
    _echo_lead(created, as_json, plain=created.lead_id)


@lead.command("update")
@click.argument("lead_id")
@click.option("--status", type=click.Choice([s for s in LEAD_STATUSES if s != "converted"]))
@click.option("--notes")
@json_option
@pass_app
def lead_update(app: App, lead_id, status, notes, as_json) -> None:
    """Move a lead along the pipeline (new -> contacted -> trial, or lost) and/or set notes."""
    _echo_lead(app.container.leads().update(lead_id, status, notes), as_json)


@lead.command("convert")
@click.argument("lead_id")
@click.option("--type", "membership_type", required=True)
@click.option("--start", "start_date", required=True, type=click.DateTime(["%Y-%m-%d"]), help="YYYY-MM-DD")
@click.option("--payment-method", default="stripe", show_default=True)
@json_option
@pass_app
def lead_convert(app: App, lead_id, membership_type, start_date, payment_method, as_json) -> None:
    """Make a lead a member: both change together, or neither does."""
    from studiobook.entrypoints.cli.render import lead_json, member_json

    converted, created = app.container.leads().convert(lead_id, membership_type, start_date.date(), payment_method)
    if as_json:
        emit_json({"lead": lead_json(converted), "member": member_json(created)})
    else:
        click.echo(created.client_id)


def _echo_lead(found, as_json: bool, plain: str | None = None) -> None:
    from studiobook.entrypoints.cli.render import lead_json

    if as_json:
        emit_json(lead_json(found))
    elif plain is not None:
        click.echo(plain)
    else:
        click.echo(f"lead {found.lead_id} {found.first_name} {found.last_name}: {found.status.value}")
