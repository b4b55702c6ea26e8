"""``studiobook booking ...`` and ``studiobook waitlist ...``: seats for customers."""

from __future__ import annotations

import click

from studiobook.entrypoints.cli.app import (
    App,
    emit_json,
    emit_table,
    json_option,
    pass_app,
)
from studiobook.entrypoints.cli.types import STORED_INT

STATUSES = ["pending", "request", "confirmed", "cancel_requested", "cancelled", "completed", "no_show"]
INITIAL = ["confirmed", "pending", "request"]


@click.group()
def booking() -> None:
    """Bookings: book, change status, cancel in whole or in part."""


@booking.command("add")
@click.argument("course_id", type=STORED_INT)
@click.option("--name", required=True, help="The customer's name.")
@click.option("--email", required=True, help="The customer's e-mail address.")
@click.option("--tickets", default=1, show_default=True, type=STORED_INT, help="Seats to book.")
@click.option("--status", default="confirmed", show_default=True, type=click.Choice(INITIAL))
@click.option("--waitlist", is_flag=True, help="Join the waitlist when the course is full.")
@click.option("--override-rules", is_flag=True,
              help="Book past the course's rules (members only, booking window); audited.")
@json_option
@pass_app
def add(app: App, course_id, name, email, tickets, status, waitlist, override_rules, as_json) -> None:
    """Book seats in a course and print the booking id.

    Not enough free spots: exit 1 and nothing is written, or with --waitlist a waitlist entry is
    created (printed as "waitlisted ID"). The course's booking rules apply to the studio too,
    unless --override-rules (the audit trail records it).
    """
    from studiobook.domain.courses.bookings import BookingStatus
    from studiobook.domain.courses.waitlist import WaitlistEntry
    from studiobook.entrypoints.cli.render import booking_json, waitlist_json

    bookings = app.container.bookings()
    outcome = bookings.book(
        course_id, name, email, tickets, BookingStatus(status), waitlist,
        override_rules=override_rules,
    )  # fmt: skip
    if isinstance(outcome, WaitlistEntry):
        position = _position(bookings.waitlist(course_id), outcome.id)
        if as_json:
            emit_json(waitlist_json(outcome, position))
        else:
            click.echo(f"waitlisted {outcome.id}")
            click.echo(f"course {course_id} is full; waitlist position {position}", err=True)
        return
    if as_json:
        emit_json(booking_json(outcome))
    else:
        click.echo(outcome.id)


@booking.command("cancel")
@click.argument("booking_id", type=STORED_INT)
@click.option("--tickets", type=STORED_INT, help="Give back only this many tickets (all of them cancels).")
@click.option("--reason", help="Why; passed on to plugins such as invoicing.")
@json_option
@pass_app
def cancel(app: App, booking_id, tickets, reason, as_json) -> None:
    """Cancel a booking, or give back some of its tickets. The seats are free at once."""
    from studiobook.entrypoints.cli.render import booking_json

    changed = app.container.bookings().cancel(booking_id, tickets, reason)
    if as_json:
        emit_json(booking_json(changed))
    elif changed.status.value == "cancelled":
        click.echo(f"booking {changed.id} cancelled")
    else:
        click.echo(f"booking {changed.id} now holds {changed.tickets} ticket(s)")


@booking.command("set-status")
@click.argument("booking_id", type=STORED_INT)
@click.argument("status", type=click.Choice(STATUSES))
@json_option
@pass_app
def set_status(app: App, booking_id, status, as_json) -> None:
    """Move a booking to another status (the state machine decides what is allowed)."""
    from studiobook.domain.courses.bookings import BookingStatus
    from studiobook.entrypoints.cli.render import booking_json

    changed = app.container.bookings().change_status(booking_id, BookingStatus(status))
    if as_json:
        emit_json(booking_json(changed))
    else:
        click.echo(f"booking {changed.id} is {changed.status.value}")


@booking.command("show")
@click.argument("booking_id", type=STORED_INT)
@json_option
@pass_app
def show(app: App, booking_id, as_json) -> None:
    """One booking."""
    from studiobook.entrypoints.cli.render import booking_json

    found = booking_json(app.container.bookings().get(booking_id))
    if as_json:
        emit_json(found)
    else:
        for key, value in found.items():
            click.echo(f"{key}: {value}")


@booking.command("list")
@click.option("--course", "course_id", type=STORED_INT, help="Only this course.")
@click.option("--status", type=click.Choice(STATUSES), help="Only this status.")
@json_option
@pass_app
def list_(app: App, course_id, status, as_json) -> None:
    """Bookings, oldest first."""
    from studiobook.domain.courses.bookings import BookingStatus
    from studiobook.entrypoints.cli.render import booking_json

    found = app.container.bookings().list(course_id, BookingStatus(status) if status else None)
    if as_json:
        emit_json([booking_json(b) for b in found])
        return
    emit_table(
        ["ID", "COURSE", "NAME", "EMAIL", "TICKETS", "STATUS"],
        [[b.id, b.course_id, b.customer.name, b.customer.email, b.tickets, b.status.value] for b in found],
    )


@click.group()
def waitlist() -> None:
    """The waitlist of full courses."""


@waitlist.command("list")
@click.argument("course_id", type=STORED_INT)
@json_option
@pass_app
def waitlist_list(app: App, course_id, as_json) -> None:
    """Who is waiting for a course, in the order they will move up."""
    from studiobook.entrypoints.cli.render import waitlist_json

    entries = app.container.bookings().waitlist(course_id)
    if as_json:
        emit_json([waitlist_json(e, i) for i, e in enumerate(entries, start=1)])
        return
    emit_table(
        ["POS", "ID", "NAME", "EMAIL", "TICKETS"],
        [[i, e.id, e.customer.name, e.customer.email, e.tickets] for i, e in enumerate(entries, 1)],
    )


@waitlist.command("promote")
@click.argument("entry_id", type=STORED_INT)
@json_option
@pass_app
def waitlist_promote(app: App, entry_id, as_json) -> None:
    """Book a waiting customer in now, ahead of the queue (also into a class that has started);
    the course needs the free seats. Prints the booking id."""
    from studiobook.entrypoints.cli.render import booking_json

    booking = app.container.bookings().promote(entry_id)
    if as_json:
        emit_json(booking_json(booking))
    else:
        click.echo(booking.id)


@waitlist.command("leave")
@click.argument("entry_id", type=STORED_INT)
@json_option
@pass_app
def waitlist_leave(app: App, entry_id, as_json) -> None:
    """Take a customer off a waitlist."""
    from studiobook.entrypoints.cli.render import waitlist_json

    entry = app.container.bookings().leave_waitlist(entry_id)
    if as_json:
        emit_json(waitlist_json(entry))
    else:
        click.echo(f"waitlist entry {entry.id} removed")


def _position(entries, entry_id: int) -> int | None:
    return next((i for i, e in enumerate(entries, start=1) if e.id == entry_id), None)
