"""``studiobook db ...``: the database schema."""

from __future__ import annotations

import click

from studiobook.entrypoints.cli.app import App, emit_json, json_option, pass_app


@click.group()
def db() -> None:
    """The database schema (Alembic migrations)."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True, help="Target revision.")
@json_option
@pass_app
def upgrade(app: App, revision: str, as_json: bool) -> None:
    """Migrate the database to the schema this version needs. Take a backup first."""
    store = app.wiring.store()
    before, after = store.upgrade(revision)
    if as_json:
        emit_json({"database": store.safe_url, "from_revision": before, "to_revision": after})
    elif before == after:
        click.echo(f"{store.safe_url} is already at revision {after}")
    else:
        click.echo(f"{store.safe_url} migrated from {before or 'empty'} to revision {after}")
