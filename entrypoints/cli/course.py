"""``studiobook course ...``: courses and their free spots."""

from __future__ import annotations

from typing import Any

import click

from studiobook.entrypoints.cli.app import (
    App,
    emit_json,
    emit_table,
    json_option,
    pass_app,
)
from studiobook.entrypoints.cli.timetable import CLEAR, OrNone
from studiobook.entrypoints.cli.types import AWARE_DATETIME, STORED_INT


@click.group()
def course() -> None:
    """Courses and their free spots."""


@course.command("add")
@click.option("--title", required=True, help="What the course is called.")
@click.option("--capacity", required=True, type=STORED_INT, help="Seats; 0 means unlimited.")
@click.option("--company", "company_id", type=STORED_INT,
              help="The studio it belongs to; may be left out while there is only one.")
@click.option("--starts", "starts_at", type=AWARE_DATETIME, help="Start, ISO 8601 with offset.")
@click.option("--ends", "ends_at", type=AWARE_DATETIME, help="End, ISO 8601 with offset.")
@click.option("--branch", "branch_id", type=STORED_INT, help="A branch of the company.")
@click.option("--instructor", "instructor_id", type=STORED_INT, help="A staff member of the company.")
@click.option("--members-only", is_flag=True, help="Only active members (WODIFY) may book.")
@click.option("--opens-before", type=click.IntRange(0), metavar="MIN",
              help="Booking opens this many minutes before the start.")
@click.option("--cancel-cutoff", type=click.IntRange(0), metavar="MIN",
              help="Customers cannot cancel later than this many minutes before the start.")
@json_option
@pass_app
def add(
    app: App, title: str, capacity: int, company_id: int | None, starts_at, ends_at,
    branch_id: int | None, instructor_id: int | None, members_only: bool,
    opens_before: int | None, cancel_cutoff: int | None, as_json: bool,
) -> None:  # fmt: skip
    """Create a course and print its id."""
    from studiobook.entrypoints.cli.render import course_json

    created = app.container.courses().create(
        title, capacity, starts_at, ends_at,
        company_id=company_id, branch_id=branch_id, instructor_id=instructor_id,
        members_only=members_only, opens_before_minutes=opens_before,
        cancel_cutoff_minutes=cancel_cutoff,
    )  # fmt: skip
    if as_json:
        emit_json(course_json(created))
    else:
        click.echo(created.id)


@course.command("list")
@click.option("--company", "company_id", type=STORED_INT, help="Only this studio's courses.")
@click.option("--from", "starts_from", type=AWARE_DATETIME, help="Starting at or after (ISO 8601).")
@click.option("--to", "starts_before", type=AWARE_DATETIME, help="Starting before (ISO 8601).")
@json_option
@pass_app
def list_(app: App, company_id: int | None, starts_from, starts_before, as_json: bool) -> None:
    """Courses by start, with booked tickets and free spots; times in each studio's zone."""
    from studiobook.entrypoints.cli.render import course_json

    courses = app.container.courses().list(company_id, starts_from, starts_before)
    if as_json:
        emit_json([course_json(c) for c in courses])
        return
    emit_table(
        ["ID", "COMPANY", "TITLE", "CAPACITY", "BOOKED", "FREE", "STARTS"],
        [
            [c.id, c.company_id, c.title + (" (cancelled)" if c.cancelled else ""),
             c.capacity or "unlimited", c.booked, _free(c), _local(c)]
            for c in courses
        ],
    )  # fmt: skip


@course.command("show")
@click.argument("course_id", type=STORED_INT)
@json_option
@pass_app
def show(app: App, course_id: int, as_json: bool) -> None:
    """One course with its live free spots."""
    from studiobook.entrypoints.cli.render import course_json

    found = app.container.courses().get(course_id)
    if as_json:
        emit_json(course_json(found))
        return
    for key, value in course_json(found).items():
        click.echo(f"{key}: {'-' if value is None else value}")


@course.command("set-capacity")
@click.argument("course_id", type=STORED_INT)
@click.argument("capacity", type=STORED_INT)
@json_option
@pass_app
def set_capacity(app: App, course_id: int, capacity: int, as_json: bool) -> None:
    """Change the seats of a course (0 = unlimited). Lowering below the booked tickets is allowed
    and reported; raising it moves waitlisted customers up."""
    from studiobook.entrypoints.cli.render import course_json

    changed = app.container.courses().set_capacity(course_id, capacity)
    if as_json:
        emit_json(course_json(changed))
        return
    click.echo(f"course {changed.id}: capacity {changed.capacity or 'unlimited'}, free spots {_free(changed)}")
    if changed.overbooked:
        click.echo(f"course {changed.id} is overbooked by {changed.overbooked} ticket(s)", err=True)


@course.command("update")
@click.argument("course_id", type=STORED_INT)
@click.option("--title", help="A new title.")
@click.option("--capacity", type=STORED_INT, help="Seats; 0 means unlimited.")
@click.option("--starts", "starts_at", type=OrNone(AWARE_DATETIME),
              help="A new start (ISO 8601 with offset), or 'none'.")
@click.option("--ends", "ends_at", type=OrNone(AWARE_DATETIME),
              help="A new end (ISO 8601 with offset), or 'none'.")
@click.option("--branch", "branch_id", type=OrNone(STORED_INT), help="A branch, or 'none'.")
@click.option("--instructor", "instructor_id", type=OrNone(STORED_INT),
              help="A staff member, or 'none'.")
@click.option("--members-only/--open-to-all", default=None, help="Who may book.")
@click.option("--opens-before", type=OrNone(click.IntRange(0)), metavar="MIN|none")
@click.option("--cancel-cutoff", type=OrNone(click.IntRange(0)), metavar="MIN|none")
@json_option
@pass_app
def update(app: App, course_id: int, as_json: bool, **given: Any) -> None:
    """Change a course's details (only those given). A higher capacity moves waitlisted
    customers up; booked customers keep their seats."""
    from studiobook.entrypoints.cli.render import course_json

    names = {"opens_before": "opens_before_minutes", "cancel_cutoff": "cancel_cutoff_minutes"}
    changes = {names.get(k, k): v for k, v in given.items() if v is not None}
    if not changes:
        raise click.UsageError("say what to change, e.g. --title or --capacity")
    changes = {k: None if v is CLEAR else v for k, v in changes.items()}
    changed = app.container.courses().update(course_id, **changes)
    if as_json:
        emit_json(course_json(changed))
        return
    click.echo(f"course {changed.id} updated; free spots {_free(changed)}")
    if changed.overbooked:
        click.echo(f"course {changed.id} is overbooked by {changed.overbooked} ticket(s)", err=True)


def _free(course) -> object:
    return "unlimited" if course.free_spots is None else course.free_spots


def _local(course) -> str:
    """The start as the studio reads it: its wall-clock time and zone."""
    if course.starts_at is None:
        return "-"
    from zoneinfo import ZoneInfo

    zone = course.time_zone or "UTC"
    return f"{course.starts_at.astimezone(ZoneInfo(zone)):%Y-%m-%d %H:%M} {zone}"


# ``course cancel`` lives in its own module (timetables, SPEC 2.1a).
from studiobook.entrypoints.cli.course_cancel import cancel  # noqa: E402

course.add_command(cancel)
