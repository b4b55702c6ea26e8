"""What every command shares: the lazily built container and the output helpers."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from functools import cached_property
from typing import Any

import click


class App:
    """Built once per invocation from the root options; builds the container on first use."""

    def __init__(self, database_url: str | None) -> None:
        self.database_url = database_url
        # Settings a command fixes itself, over the environment's (before the container is built)
        self.settings_changes: dict[str, Any] = {}

    @cached_property
    def wiring(self):
        """The container as built, before the database schema is checked (for ``db`` commands)."""
        from studiobook.application.container import build_container
        from studiobook.application.settings import Settings

        settings = Settings.from_env(database_url=self.database_url)
        return build_container(replace(settings, **self.settings_changes))

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


class progress_bar:
    """``with progress_bar(label, as_json) as progress:`` gives a ``progress(done, total)``
    callback drawing a bar on stderr (stdout stays parseable) — only on a terminal and never
    under ``--json``; otherwise ``None``, so long work reports nothing."""

    def __init__(self, label: str, as_json: bool) -> None:
        self.label, self.bar, self.done = label, None, 0
        self.enabled = not as_json and sys.stderr.isatty()

    def __enter__(self):
        return self.update if self.enabled else None

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=max(total, 1), label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


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
        click.echo("  ".join(value.ljust(width) for value, width in zip(row, widths, strict=True)).rstrip())
