"""``studiobook seed``: demo companies for a hair salon, a doctor's practice and a fitness studio.

Idempotent: a second run creates nothing and says so. Only ``click`` is imported at module level
(``studiobook --help`` loads every command module); the use-cases load when the command runs.
"""

from __future__ import annotations

import click

from studiobook.entrypoints.cli.app import (
    App,
    emit_json,
    json_option,
    pass_app,
    progress_bar,
)

# The keys of application.admin.demo_data.INDUSTRIES (a test keeps the two equal).
INDUSTRY_CHOICES = ("hair", "doctor", "fitness")


@click.command()
@click.option(
    "--industry",
    type=click.Choice([*INDUSTRY_CHOICES, "all"]),
    default="all",
    show_default=True,
    help="Which demo company to create.",
)
@json_option
@pass_app
def seed(app: App, industry: str, as_json: bool) -> None:
    """Create demo data: companies, branches, services, staff, appointments and courses."""
    keys = INDUSTRY_CHOICES if industry == "all" else (industry,)
    seeder = app.container.seeder()
    with progress_bar("seeding", as_json) as progress:
        results = seeder.seed(keys, progress=progress)
    if as_json:
        emit_json(
            {
                "created_anything": any(r.created_anything for r in results),
                "industries": [_result_json(r) for r in results],
            }
        )
        return
    for result in results:
        click.echo(_describe(result))


def _result_json(result) -> dict:
    return {
        "industry": result.industry,
        "company": result.company,
        "company_id": result.company_id,
        "company_created": result.company_created,
        "created_anything": result.created_anything,
        "counts": result.counts(),
        "created": result.created(),
    }


def _describe(result) -> str:
    head = f"{result.industry}: {result.company} (company {result.company_id})"
    if not result.created_anything:
        return f"{head}: already seeded, nothing created"
    n = result.counts()
    return (
        f"{head}: created {n['branches']} branches, {n['event_types']} services, "
        f"{n['staff']} staff, {n['assignments']} assignments, {n['appointments']} appointments, "
        f"{n['courses']} courses, {n['bookings']} bookings, {n['waitlist']} on waitlists"
    )
