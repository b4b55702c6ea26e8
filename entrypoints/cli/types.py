"""Parameter types that turn bad input into a usage error (exit 2) with a clear message."""

from __future__ import annotations

from datetime import datetime

import click


class AwareDateTime(click.ParamType):
    """An ISO 8601 instant that carries its UTC offset; a bare local time would be ambiguous."""

    name = "ISO-8601"
    example = "2026-12-01T18:00+01:00"

    def convert(self, value, param, ctx):
        if isinstance(value, datetime):
            return value
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            self.fail(f"'{value}' is not an ISO 8601 time such as {self.example}", param, ctx)
        self.check(parsed, value, param, ctx)
        return parsed

    def check(self, parsed: datetime, value, param, ctx) -> None:
        if parsed.tzinfo is None:
            self.fail(f"'{value}' needs a UTC offset, e.g. {value}+01:00 or {value}Z", param, ctx)


class LocalDateTime(AwareDateTime):
    """A wall-clock time in the studio's zone, without an offset: what a timetable repeats."""

    name = "LOCAL-ISO"
    example = "2027-01-04T18:00"

    def check(self, parsed: datetime, value, param, ctx) -> None:
        if parsed.tzinfo is not None:
            self.fail(
                f"'{value}' has a UTC offset; give the wall-clock time in the studio's zone, "
                f"e.g. {self.example}",
                param, ctx,
            )  # fmt: skip


AWARE_DATETIME = AwareDateTime()
LOCAL_DATETIME = LocalDateTime()


class StoredInt(click.ParamType):
    """A whole number that fits the database's integer columns (32-bit signed).

    Anything larger can never be an id, a capacity or a ticket count; refusing it here gives a
    usage error naming the value instead of a driver error from deep inside the store.
    """

    name = "INTEGER"
    LIMIT = 2**31 - 1

    def convert(self, value, param, ctx):
        number = click.INT.convert(value, param, ctx)
        if not -self.LIMIT <= number <= self.LIMIT:
            self.fail(f"{value} is too large (at most {self.LIMIT})", param, ctx)
        return number


STORED_INT = StoredInt()
