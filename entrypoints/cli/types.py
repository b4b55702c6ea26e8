"""Parameter types that turn bad input into a usage error (exit 2) with a clear message."""

from __future__ import annotations

from datetime import datetime

import click


class AwareDateTime(click.ParamType):
    """An ISO 8601 instant that carries its UTC offset; a bare local time would be ambiguous."""

    name = "ISO-8601"

    def convert(self, value, param, ctx):
        if isinstance(value, datetime):
            return value
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            self.fail(f"'{value}' is not an ISO 8601 time such as 2026-12-01T18:00+01:00", param, ctx)
        if parsed.tzinfo is None:
            self.fail(f"'{value}' needs a UTC offset, e.g. {value}+01:00 or {value}Z", param, ctx)
        return parsed


AWARE_DATETIME = AwareDateTime()


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
