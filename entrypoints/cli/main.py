"""The root ``studiobook`` command: global options, lazy sub-commands, and the error contract.

Contract (SPEC 4): errors are one line on stderr starting ``Error:``; exit 1 for a refused or
failed operation, 2 for a usage error; never a traceback (set ``STUDIOBOOK_DEBUG=1`` to see one).
"""

from __future__ import annotations

import contextvars
import importlib
import logging
import os
import sys
from collections.abc import Sequence

import click

# name -> "module:attribute"; imported only when the command (or the help listing) needs it.
COMMANDS = {
    "appointment": "studiobook.entrypoints.cli.appointments:appointment",
    "ask": "studiobook.entrypoints.cli.ask:ask",
    "assign": "studiobook.entrypoints.cli.event_types:assign",
    "assign-many": "studiobook.entrypoints.cli.event_types:assign_many",
    "audit": "studiobook.entrypoints.cli.audit:audit",
    "availability": "studiobook.entrypoints.cli.appointments:availability",
    "branch": "studiobook.entrypoints.cli.company:branch",
    "calcom": "studiobook.entrypoints.cli.calcom:calcom",
    "company": "studiobook.entrypoints.cli.company:company",
    "event-type": "studiobook.entrypoints.cli.event_types:event_type",
    "jobs": "studiobook.entrypoints.cli.jobs:jobs",
    "matrix": "studiobook.entrypoints.cli.event_types:matrix",
    "next-slot": "studiobook.entrypoints.cli.appointments:next_slot",
    "staff": "studiobook.entrypoints.cli.company:staff",
    "course": "studiobook.entrypoints.cli.course:course",
    "booking": "studiobook.entrypoints.cli.booking:booking",
    "waitlist": "studiobook.entrypoints.cli.booking:waitlist",
    "db": "studiobook.entrypoints.cli.db:db",
    "demo": "studiobook.entrypoints.cli.demo:demo",
    "lead": "studiobook.entrypoints.cli.members:lead",
    "member": "studiobook.entrypoints.cli.members:member",
    "outbox": "studiobook.entrypoints.cli.outbox:outbox",
    "plugins": "studiobook.entrypoints.cli.plugins:plugins",
    "scheduler": "studiobook.entrypoints.cli.scheduler:scheduler",
    "secret-key": "studiobook.entrypoints.cli.secret_key:secret_key",
    "seed": "studiobook.entrypoints.cli.seed:seed",
    "serve": "studiobook.entrypoints.cli.serve:serve",
    "sync": "studiobook.entrypoints.cli.wodify:sync",
    "timetable": "studiobook.entrypoints.cli.timetable:timetable",
    "wodify": "studiobook.entrypoints.cli.wodify:wodify",
    "worker": "studiobook.entrypoints.cli.worker:worker",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        return getattr(importlib.import_module(module_name), attribute)


@click.group(cls=LazyGroup)
@click.option(
    "--db",
    "database_url",
    metavar="URL",
    help="Database URL (default: $STUDIOBOOK_DATABASE_URL or sqlite:///studiobook.db).",
)
@click.option(
    "--log-level",
    type=click.Choice(["debug", "info", "warning", "error", "critical"], case_sensitive=False),
    help="Log JSON lines on stderr from this level on (default: $STUDIOBOOK_LOG_LEVEL; without "
    "either, warnings are one 'Warning:' line).",
)
@click.version_option(package_name="studiobook")
@click.pass_context
def cli(ctx: click.Context, database_url: str | None, log_level: str | None) -> None:
    """studiobook — courses that never overbook, members, staff availability."""
    from studiobook.application.shared.audit import set_actor
    from studiobook.entrypoints.cli.app import App

    _log_json_lines(ctx, log_level)
    set_actor(f"cli:{_user()}")
    app = App(database_url)
    ctx.obj = app
    ctx.call_on_close(app.close)


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment (e.g. a bare container)
        return "unknown"


def _fail(message: str, code: int) -> int:
    click.echo(f"Error: {' '.join(str(message).split())}", err=True)
    return code


class _WarningsToStderr(logging.Handler):
    """``Warning:`` lines on whatever ``sys.stderr`` is when the warning happens (the real one
    for the console script, a captured one when a test or a host program calls :func:`run`)."""

    studiobook_stderr = True  # JSON lines replace it when a log level is asked for

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"Warning: {record.getMessage()}", err=True)


def _show_warnings() -> None:
    root = logging.getLogger()
    if not any(isinstance(handler, _WarningsToStderr) for handler in root.handlers):
        root.addHandler(_WarningsToStderr(logging.WARNING))
    if root.level == logging.NOTSET or root.level > logging.WARNING:
        root.setLevel(logging.WARNING)


def _log_json_lines(ctx: click.Context, option: str | None) -> None:
    """With a level asked for (``--log-level``, else ``STUDIOBOOK_LOG_LEVEL``), logs are JSON
    lines on stderr from that level on, for this command; without, warnings stay one line."""
    from studiobook.entrypoints.logs import ENV, LogLevelError, level_named, log_json_lines

    asked = option or os.environ.get(ENV, "").strip()
    if not asked:
        return
    try:
        level = level_named(asked)
    except LogLevelError as error:
        raise click.UsageError(str(error)) from None
    ctx.call_on_close(log_json_lines(level))


def run(argv: Sequence[str] | None = None) -> int:
    """Run one command in this process and return its exit code, the error contract applied.

    The console script is ``sys.exit(run())``; the CLI contract tests call ``run`` directly, so
    they exercise exactly the code an operator runs without paying for a new interpreter. The
    command runs in a copy of the caller's context, so its audit actor does not leak out.
    """
    return contextvars.copy_context().run(_run, argv)


def _run(argv: Sequence[str] | None) -> int:
    _show_warnings()
    args = list(argv) if argv is not None else None
    try:
        # Not standalone: click returns the code of ctx.exit() (--help, --version) instead of
        # exiting, and leaves every error to the handlers below.
        code = cli.main(args=args, prog_name="studiobook", standalone_mode=False)
    except click.Abort:
        return _fail("aborted", 1)
    except click.UsageError as error:
        return _fail(error.format_message(), 2)
    except click.ClickException as error:
        return _fail(error.format_message(), error.exit_code)
    except SystemExit as done:  # a command that decided its own exit code
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except Exception as error:  # the one place that turns failures into the Error: contract
        if os.environ.get("STUDIOBOOK_DEBUG"):
            raise
        return _fail(_describe(error), 1)
    return code if isinstance(code, int) else 0


def main() -> None:
    sys.exit(run())


def _describe(error: Exception) -> str:
    from studiobook.application.plugins import PluginError
    from studiobook.application.settings import SettingsError
    from studiobook.application.shared.ports import GatewayError, StoreBusy, StoreUnavailable
    from studiobook.domain.shared.errors import DomainError

    expected = (DomainError, GatewayError, StoreBusy, StoreUnavailable, SettingsError, PluginError)
    if isinstance(error, expected):
        return str(error)
    return f"unexpected {type(error).__name__}: {error} (set STUDIOBOOK_DEBUG=1 for details)"


if __name__ == "__main__":
    main()
