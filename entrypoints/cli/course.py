"""``studiobook course ...``: courses and their free spots."""

from __future__ import annotations

import click

from studiobook.entrypoints.cli.app import (
    App,
    emit_json,
    emit_table,
    json_option,
    pass_app,
)
from studiobook.entrypoints.cli.types import AWARE_DATETIME, STORED_INT


@click.group()
def course() -> None:
    """Courses and their free spots."""


@course.command("add")
@click.option("--title", required=True, help="What the course is called.")
@click.option("--capacity", required=True, type=STORED_INT, help="Seats; 0 means unlimited.")
@click.option("--starts", "starts_at", type=AWARE_DATETIME, help="Start, ISO 8601 with offset.")
@click.option("--ends", "ends_at", type=AWARE_DATETIME, help="End, ISO 8601 with offset.")
@json_option
@pass_app
def add(app: App, title: str, capacity: int, starts_at, ends_at, as_json: bool) -> None:
    """Create a course and print its id."""
    from studiobook.entrypoints.cli.render import course_json

    created = app.container.courses().create(title, capacity, starts_at, ends_at)
    if as_json:
        emit_json(course_json(created))
    else:
        click.echo(created.id)


@course.command("list")
@json_option
@pass_app
def list_(app: App, as_json: bool) -> None:
    """All courses with booked tickets and free spots."""
    from studiobook.entrypoints.cli.render import course_json

    courses = app.container.courses().list()
    if as_json:
        emit_json([course_json(c) for c in courses])
        return
    emit_table(
        ["ID", "TITLE", "CAPACITY", "BOOKED", "FREE", "STARTS"],
        [
            [c.id, c.title, c.capacity or "unlimited", c.booked, _free(c), c.starts_at]
            for c in courses
        ],
    )


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


def _free(course) -> object:
    return "unlimited" if course.free_spots is None else course.free_spots
