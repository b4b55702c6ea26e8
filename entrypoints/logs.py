"""Logs as JSON lines on stderr: one object per line with ``time`` (UTC, ISO 8601), ``level``,
``logger`` and ``message``, plus the fields a log call passed in ``extra`` (an HTTP call's
``method``, ``path``, ``status``, ``duration_ms``, ...).

The level comes from ``--log-level`` or ``STUDIOBOOK_LOG_LEVEL`` (the CLI reads them;
``studiobook serve`` hands it to its worker processes). At ``debug`` every WODIFY and Cal.com call
is a line of its own (``studiobook.adapters.http_json``); httpx's and httpcore's own loggers stay
at warning whatever the level, because their lines carry whole URLs with query strings.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from datetime import UTC, datetime

ENV = "STUDIOBOOK_LOG_LEVEL"
LEVELS = {
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warning": logging.WARNING,
    "error": logging.ERROR,
    "critical": logging.CRITICAL,
}
# Libraries whose debug and info lines would show full URLs (query strings included).
QUIET = ("httpx", "httpcore")
# Not fields of their own: what every record has, and uvicorn's copy of the message in colours.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message", "asctime", "color_message"
}


class LogLevelError(ValueError):
    """A level that is not one of :data:`LEVELS`; the message names the variable and the
    choices."""


def level_named(text: str, source: str = ENV) -> int:
    try:
        return LEVELS[text.strip().lower()]
    except KeyError:
        choices = ", ".join(LEVELS)
        raise LogLevelError(f"{source}={text!r} is not a log level; use one of {choices}") from None


def name_of(level: int) -> str:
    """``logging.INFO`` -> ``"info"`` (uvicorn takes the same names)."""
    return logging.getLevelName(level).lower()


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(
            (key, value) for key, value in vars(record).items()
            if key not in _STANDARD and not key.startswith("_") and key not in entry
        )  # fmt: skip
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class JsonLinesToStderr(logging.Handler):
    """JSON lines on whatever ``sys.stderr`` is when the record comes (a test's captured one)."""

    studiobook_stderr = True  # one of ours: replaced, not doubled, when logging is set up again

    def __init__(self, level: int = logging.NOTSET) -> None:
        super().__init__(level)
        self.setFormatter(JsonLines())

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
            sys.stderr.flush()
        except Exception:  # a log line must never break the command
            self.handleError(record)


def log_json_lines(level: int | None = None) -> Callable[[], None]:
    """Send every log record at ``level`` or above (``None``: the level set now) to stderr as a
    JSON line, in place of the CLI's one-line ``Warning:`` handler (``None`` and JSON lines on
    already: nothing changes). Returns what undoes it."""
    root = logging.getLogger()
    if level is None and any(isinstance(h, JsonLinesToStderr) for h in root.handlers):
        return lambda: None  # on already, at the level asked for
    before = root.level, list(root.handlers)
    quiet = {name: logging.getLogger(name).level for name in QUIET}
    if level is None:
        level = root.getEffectiveLevel()
    for handler in before[1]:
        if getattr(handler, "studiobook_stderr", False):
            root.removeHandler(handler)
    handler = JsonLinesToStderr()
    root.addHandler(handler)
    root.setLevel(level)
    for name in QUIET:
        logging.getLogger(name).setLevel(max(level, logging.WARNING))

    def undo() -> None:
        root.removeHandler(handler)
        for previous in before[1]:
            if previous not in root.handlers:
                root.addHandler(previous)
        root.setLevel(before[0])
        for name, was in quiet.items():
            logging.getLogger(name).setLevel(was)

    return undo
