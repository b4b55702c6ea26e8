"""``studiobook timetable ...``: recurring classes and their sessions (SPEC 2.1a, 4)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import click

from studiobook.entrypoints.cli.app import App, emit, emit_json, emit_table, json_option, pass_app
from studiobook.entrypoints.cli.types import AWARE_DATETIME, LOCAL_DATETIME, STORED_INT

CLEAR = object()  # "none" given for an optional detail: take it away


class OrNone(click.ParamType):
    """Another type, or ``none`` to take an optional detail away (``--until none``)."""

    def __init__(self, inner: click.ParamType) -> None:
        self.inner = inner
        self.name = f"{inner.name}|none"

    def convert(self, value, param, ctx):
        if isinstance(value, str) and value.strip().lower() == "none":
            return CLEAR
        return self.inner.convert(value, param, ctx)


DATE = click.DateTime(formats=["%Y-%m-%d"])
MINUTES = click.IntRange(0, 2**31 - 1)


def timetable_json(timetable) -> dict[str, Any]:
    return timetable.to_dict()


def series_edit_json(edit) -> dict[str, Any]:
    return {"timetable": timetable_json(edit.timetable), **edit.summary()}


def _day(value):
    return None if value is None else value.date()


@click.group()
def timetable() -> None:
    """Recurring classes: a repeat rule at a wall-clock time; sessions are courses."""


@timetable.command("add")
@click.argument("company_id", type=STORED_INT)
@click.option("--title", required=True, help="What the class is called.")
@click.option("--capacity", required=True, type=STORED_INT, help="Seats per session; 0 = unlimited.")
@click.option("--rrule", "rule", required=True, metavar="RULE",
              help="RFC 5545 repeat rule, e.g. FREQ=WEEKLY;BYDAY=MO,WE,FR.")
@click.option("--start", "starts_local", required=True, type=LOCAL_DATETIME,
              help="The first start, wall-clock time in the studio's zone (2027-01-04T18:00).")
@click.option("--duration", required=True, type=STORED_INT, metavar="MIN", help="Minutes per session.")
@click.option("--until", type=DATE, help="The last day a session may fall on (YYYY-MM-DD).")
@click.option("--branch", "branch_id", type=STORED_INT, help="A branch of the company.")
@click.option("--instructor", "instructor_id", type=STORED_INT, help="A staff member of the company.")
@click.option("--members-only", is_flag=True, help="Only active members (WODIFY) may book.")
@click.option("--opens-before", type=MINUTES, metavar="MIN",
              help="Booking opens this many minutes before each start.")
@click.option("--cancel-cutoff", type=MINUTES, metavar="MIN",
              help="Customers cannot cancel later than this many minutes before the start.")
@json_option
@pass_app
def add(
    app: App, company_id: int, title: str, capacity: int, rule: str, starts_local: datetime,
    duration: int, until, branch_id, instructor_id, members_only: bool, opens_before,
    cancel_cutoff, as_json: bool,
) -> None:  # fmt: skip
    """Create a timetable, make its sessions of the coming weeks and print its id."""
    made = app.container.timetables().add(
        company_id, title, capacity, rule, starts_local, duration,
        until=_day(until), branch_id=branch_id, instructor_id=instructor_id,
        members_only=members_only, opens_before_minutes=opens_before,
        cancel_cutoff_minutes=cancel_cutoff,
    )  # fmt: skip
    emit(as_json, timetable_json(made), made.id)


@timetable.command("list")
@click.argument("company_id", type=STORED_INT)
@json_option
@pass_app
def list_(app: App, company_id: int, as_json: bool) -> None:
    """The company's timetables."""
    found = app.container.timetables().list(company_id)
    if as_json:
        emit_json([timetable_json(t) for t in found])
        return
    emit_table(
        ["ID", "TITLE", "RULE", "FIRST START", "MIN", "UNTIL", "CAPACITY", "ACTIVE"],
        [
            [t.id, t.title, t.rrule, f"{t.starts_local:%Y-%m-%d %H:%M}", t.duration_minutes,
             t.until, t.capacity or "unlimited", "yes" if t.active else "no"]
            for t in found
        ],
    )  # fmt: skip


@timetable.command("sessions")
@click.argument("timetable_id", type=STORED_INT)
@click.option("--from", "starts_from", type=AWARE_DATETIME, help="Starting at or after (ISO 8601).")
@click.option("--to", "starts_before", type=AWARE_DATETIME, help="Starting before (ISO 8601).")
@json_option
@pass_app
def sessions(app: App, timetable_id: int, starts_from, starts_before, as_json: bool) -> None:
    """The sessions made so far (cancelled ones too), with live free spots."""
    from studiobook.entrypoints.cli.render import course_json, local_instant

    found = app.container.timetables().sessions(timetable_id, starts_from, starts_before)
    if as_json:
        emit_json([course_json(s) for s in found])
        return
    emit_table(
        ["ID", "STARTS", "BOOKED", "FREE", "TITLE"],
        [
            [s.id, local_instant(s.starts_at, s.time_zone), s.booked,
             "unlimited" if s.free_spots is None else s.free_spots,
             s.title + (" (cancelled)" if s.cancelled else "")]
            for s in found
        ],
    )  # fmt: skip


@timetable.command("update")
@click.argument("timetable_id", type=STORED_INT)
@click.option("--title")
@click.option("--capacity", type=STORED_INT)
@click.option("--rrule", "rule", metavar="RULE", help="A new repeat rule.")
@click.option("--start", "starts_local", type=LOCAL_DATETIME, help="A new first start (local).")
@click.option("--duration", type=STORED_INT, metavar="MIN")
@click.option("--until", type=OrNone(DATE), help="The last day, or 'none'.")
@click.option("--branch", "branch_id", type=OrNone(STORED_INT), help="A branch, or 'none'.")
@click.option("--instructor", "instructor_id", type=OrNone(STORED_INT), help="A staff member, or 'none'.")
@click.option("--members-only/--open-to-all", default=None, help="Who may book.")
@click.option("--opens-before", type=OrNone(MINUTES), metavar="MIN|none")
@click.option("--cancel-cutoff", type=OrNone(MINUTES), metavar="MIN|none")
@json_option
@pass_app
def update(app: App, timetable_id: int, as_json: bool, **given: Any) -> None:
    """Change the series from now on: sessions that started stay as they were; future ones
    take the change; a future session the new schedule no longer has is removed — or kept as it
    is when customers booked it (cancel it with 'course cancel')."""
    names = {"rule": "rrule", "duration": "duration_minutes",
             "opens_before": "opens_before_minutes", "cancel_cutoff": "cancel_cutoff_minutes"}  # fmt: skip
    changes = {names.get(k, k): v for k, v in given.items() if v is not None}
    if not changes:
        raise click.UsageError("say what to change, e.g. --title or --rrule")
    changes = {k: None if v is CLEAR else v for k, v in changes.items()}
    if isinstance(changes.get("until"), datetime):
        changes["until"] = changes["until"].date()
    edit = app.container.timetables().update(timetable_id, **changes)
    _report(edit, as_json)


@timetable.command("deactivate")
@click.argument("timetable_id", type=STORED_INT)
@json_option
@pass_app
def deactivate(app: App, timetable_id: int, as_json: bool) -> None:
    """Make no more sessions; future unbooked ones go, booked ones stay for you to decide."""
    _report(app.container.timetables().deactivate(timetable_id), as_json)


@timetable.command("materialise")
@click.option("--weeks", type=STORED_INT, help="How far ahead (default: STUDIOBOOK_TIMETABLE_WEEKS_AHEAD).")
@json_option
@pass_app
def materialise(app: App, weeks: int | None, as_json: bool) -> None:
    """Make the missing sessions of every active timetable (the hourly job does it too)."""
    done = app.container.timetables().materialise(weeks)
    if as_json:
        emit_json([
            {"timetable_id": m.timetable_id, "company_id": m.company_id, "created": m.created}
            for m in done
        ])  # fmt: skip
        return
    click.echo(f"{sum(m.created for m in done)} session(s) made for {len(done)} timetable(s)")


def _report(edit, as_json: bool) -> None:
    if as_json:
        emit_json(series_edit_json(edit))
        return
    click.echo(
        f"timetable {edit.timetable.id}: {len(edit.updated)} session(s) updated, "
        f"{len(edit.removed)} removed, {len(edit.called_off)} called off, "
        f"{edit.created} made"
    )
    if edit.kept:
        ids = ", ".join(str(i) for i in edit.kept)
        click.echo(
            f"kept as booked (off the schedule now): course {ids}; "
            "cancel with 'studiobook course cancel ID' or let them run",
        )
