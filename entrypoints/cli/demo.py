"""``studiobook demo``: a short walk through live capacity on the configured database."""

from __future__ import annotations

import click

from studiobook.entrypoints.cli.app import App, pass_app


@click.command()
@click.option("--capacity", default=10, show_default=True, type=int)
@pass_app
def demo(app: App, capacity: int) -> None:
    """Create a course, book it, cancel one booking and show the free spots after each step.

    The course goes to the studio "Demo Box" (created the first time)."""
    courses = app.container.courses()
    bookings = app.container.bookings()
    companies = app.container.companies()
    box = next((c for c in companies.list() if c.name == "Demo Box"), None)
    if box is None:
        box = companies.create("Demo Box", "Europe/Berlin")
    course = courses.create("Demo: CrossFit WOD", capacity, company_id=box.id)
    say = click.echo

    def free() -> str:
        spots = courses.get(course.id).free_spots
        return "unlimited" if spots is None else str(spots)

    say(f"Created course {course.id} '{course.title}' with {capacity} seats: {free()} free")
    people = [("Anna Berg", "anna@example.com"), ("Ben Ott", "ben@example.com"), ("Cem Kaya", "cem@example.com")]
    first = [bookings.book(course.id, name, email) for name, email in people]
    say(f"3 people booked one seat each: {free()} free")
    for name, email in (("Dana Roth", "dana@example.com"), ("Eli Falk", "eli@example.com")):
        bookings.book(course.id, name, email)
    say(f"2 more booked: {free()} free")
    bookings.cancel(first[0].id, reason="demo")
    say(f"{first[0].customer.name} cancelled: {free()} free (no counter was touched)")
    group = bookings.book(course.id, "Family Weiss", "weiss@example.com", tickets=3)
    say(f"A family booked 3 tickets: {free()} free")
    bookings.cancel(group.id, tickets=1)
    say(f"They gave one ticket back: {free()} free")
    say(f"Database: {app.container.store().safe_url}")
