"""``studiobook audit``: who changed what, when."""

from __future__ import annotations

import json

import click

from studiobook.entrypoints.cli.app import (
    App,
    emit_json,
    emit_table,
    json_option,
    pass_app,
)
from studiobook.entrypoints.cli.types import STORED_INT


@click.command()
@click.option("--company", "company_id", type=STORED_INT, help="Only changes of this company.")
@click.option("--entity", help="Only this kind of record, e.g. booking, course, event_type.")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 10_000))
@json_option
@pass_app
def audit(app: App, company_id, entity, limit, as_json) -> None:
    """The audit log, newest first (secrets are never shown)."""
    from studiobook.entrypoints.cli.render import instant

    entries = app.container.audit().list(company_id, entity, limit)
    documents = [
        {
            "id": e.id,
            "occurred_at": instant(e.occurred_at),
            "actor": e.actor,
            "company_id": e.company_id,
            "entity": e.entity,
            "entity_id": e.entity_id,
            "action": e.action,
            "before": e.before,
            "after": e.after,
        }
        for e in entries
    ]
    if as_json:
        emit_json(documents)
        return
    emit_table(
        ["WHEN", "ACTOR", "COMPANY", "WHAT", "ACTION", "AFTER"],
        [
            [d["occurred_at"][:19], d["actor"], d["company_id"], f"{d['entity']} {d['entity_id'] or ''}".strip(), d["action"], _short(d["after"])]
            for d in documents
        ],
    )


def _short(value) -> str:
    text = "-" if value is None else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."
