"""``studiobook course cancel``: call off one course — a session of a timetable or any other.

Its own module (registered on the ``course`` group at the end of ``course.py``) so that the
course commands and the timetable work could grow side by side.
"""

from __future__ import annotations

import click

from studiobook.entrypoints.cli.app import App, emit, json_option, pass_app
from studiobook.entrypoints.cli.types import STORED_INT


@click.command("cancel")
@click.argument("course_id", type=STORED_INT)
@click.option("--reason", help="Told to the customers (and to plugins such as invoicing).")
@json_option
@pass_app
def cancel(app: App, course_id: int, reason: str | None, as_json: bool) -> None:
    """Cancel a course: all its bookings are cancelled (customers are told), its waitlist is
    emptied, and a timetable never makes that session again."""
    from studiobook.entrypoints.cli.render import course_json

    called_off = app.container.timetables().cancel_session(course_id, reason)
    emit(as_json, course_json(called_off), f"course {called_off.id} cancelled")
