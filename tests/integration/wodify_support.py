"""Wiring the real container to a fake WODIFY for sync tests: a patient client with a tiny retry
policy, a fake clock, and a spy that counts the rows written to the local copies."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from dependency_injector import providers
from sqlalchemy import event, select

from studiobook.adapters.fakes.wodify import FakeWodify
from studiobook.adapters.wodify.client import WodifyClient
from studiobook.adapters.wodify.http import RetryPolicy

ATTEMPTS = 3
POLICY = RetryPolicy(attempts=ATTEMPTS, base_delay=0.01, max_delay=0.04, max_retry_after=2.0)
# A loaded machine must not turn an ordinary answer into a timeout (and an extra request):
# ordinary tests wait 5 s; only the timeout test uses an impatient client against slow answers.
PATIENCE = 5.0


class Sleeps(list):
    """Stands in for ``time.sleep``: remembers each wait; sleeps for real only if ``real``."""

    def __init__(self, real: bool = False) -> None:
        super().__init__()
        self.real = real

    def __call__(self, seconds: float) -> None:
        self.append(seconds)
        if self.real:
            time.sleep(seconds)


def gateway_for(fake: FakeWodify, sleeps: Sleeps, **options) -> WodifyClient:
    settings = dict(timeout=PATIENCE, connect_timeout=PATIENCE, retry=POLICY, sleep=sleeps)
    return WodifyClient(fake.url, fake.api_key, fake.location_id, **{**settings, **options})


def build_wired(database_url: str, fake: FakeWodify, clock, plugins=()):
    """The product's container on ``database_url`` with WODIFY settings pointing at ``fake``."""
    from studiobook.application.container import build_container
    from studiobook.application.settings import Settings

    settings = Settings(
        database_url=database_url,
        load_entry_points=False,
        wodify_api_url=fake.url,
        wodify_api_key=fake.api_key,
        wodify_location_id=fake.location_id,
    )
    container = build_container(settings, plugins=tuple(plugins))
    container.store().ensure_schema()
    container.clock.override(providers.Object(clock))
    return container


def use_gateway(container, gateway: WodifyClient) -> None:
    container.membership_gateway.override(providers.Object(gateway))


_WRITE = re.compile(r"^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(members|leads)\"?\b", re.I)


@dataclass
class RowWrites:
    """Rows written to ``members`` / ``leads``, seen at the cursor (every statement counts)."""

    rows: dict[str, int] = field(default_factory=lambda: {"members": 0, "leads": 0})
    statements: list[str] = field(default_factory=list)

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:
        match = _WRITE.match(statement)
        if match is None:
            return
        table = match.group(2).lower()
        self.statements.append(statement.split("(")[0].strip()[:60])
        if executemany:
            self.rows[table] += len(parameters)
        elif context is not None and getattr(context, "compiled_parameters", None):
            # insertmanyvalues sends one statement for many rows
            self.rows[table] += max(1, len(context.compiled_parameters))
        else:
            self.rows[table] += 1

    def clear(self) -> None:
        self.rows = {"members": 0, "leads": 0}
        self.statements.clear()


@contextmanager
def counting_writes(engine) -> Iterator[RowWrites]:
    spy = RowWrites()
    event.listen(engine, "before_cursor_execute", spy)
    try:
        yield spy
    finally:
        event.remove(engine, "before_cursor_execute", spy)


def table_rows(container, table_name: str) -> dict[str, dict]:
    """Every row of ``members`` or ``leads`` as plain dicts, by external id."""
    from studiobook.adapters.sql import tables

    table = getattr(tables, table_name)
    key = "client_id" if table_name == "members" else "lead_id"
    with container.store().engine.connect() as connection:
        rows = connection.execute(select(table)).mappings().all()
    return {row[key]: dict(row) for row in rows}


def stored_member(container, client_id: str):
    return container.transactions().read(lambda uow: uow.members.get(str(client_id)))


def stored_lead(container, lead_id: str):
    return container.transactions().read(lambda uow: uow.leads.get(str(lead_id)))


def all_remote(list_page) -> dict[str, object]:
    """Every record WODIFY lists, mapped by the real client, by id."""
    records, number = {}, 1
    while True:
        page = list_page(page=number, page_size=100)
        assert not page.rejected
        for record in page.items:
            records[getattr(record, "client_id", None) or record.lead_id] = record
        if page.is_last:
            return records
        number += 1
