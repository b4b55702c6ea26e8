"""``studiobook seed``: demo companies for a hair salon, a doctor's practice and a fitness studio.

Idempotent: a second run creates nothing and says so. Only ``click`` is imported at module level
(``studiobook --help`` loads every command module); the use-cases load when the command runs.
"""

from __future__ import annotations

import sys

import click

from entrypoints.cli.app import App, emit_json, json_option, pass_app

# The keys of application.demo_data.INDUSTRIES (a test keeps the two equal).
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
    with _Progress(enabled=not as_json and sys.stderr.isatty()) as progress:
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


class _Progress:
    """A progress bar on stderr when it is a terminal; ``None`` (no callback) otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.enabled, self.bar, self.done = enabled, None, 0

    def __enter__(self):
        return self.update if self.enabled else None

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=max(total, 1), label="seeding", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)
