"""What every command shares: the lazily built container and the output helpers."""

from __future__ import annotations

import json
from functools import cached_property
from typing import Any

import click


class App:
    """Built once per invocation from the root options; builds the container on first use."""

    def __init__(self, database_url: str | None) -> None:
        self.database_url = database_url

    @cached_property
    def wiring(self):
        """The container as built, before the database schema is checked (for ``db`` commands)."""
        from application.container import build_container
        from application.settings import Settings

        return build_container(Settings.from_env(database_url=self.database_url))

    @cached_property
    def container(self):
        """The container on a database whose schema is current (an empty one is migrated)."""
        self.wiring.store().ensure_schema()
        return self.wiring

    def close(self) -> None:
        if "wiring" in self.__dict__:
            self.wiring.store().dispose()


pass_app = click.make_pass_decorator(App)


def json_option(function):
    return click.option(
        "--json", "as_json", is_flag=True, help="Print exactly one JSON document on stdout."
    )(function)


def emit_json(document: Any) -> None:
    click.echo(json.dumps(document, ensure_ascii=False, indent=None))


def emit(as_json: bool, document: Any, plain: Any) -> None:
    """``document`` as JSON under ``--json``, else the plain line (usually a new id)."""
    if as_json:
        emit_json(document)
    else:
        click.echo(plain)


def emit_table(headers: list[str], rows: list[list[Any]]) -> None:
    """A plain aligned table for people; scripts should use ``--json``."""
    cells = [headers] + [["-" if v is None else str(v) for v in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for row in cells:
        click.echo("  ".join(value.ljust(width) for value, width in zip(row, widths)).rstrip())
