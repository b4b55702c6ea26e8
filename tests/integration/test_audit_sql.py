"""The audit trail on a real database (SQLite always, PostgreSQL when configured): rows are written
in the change's own transaction, JSON survives the round trip, secrets never reach the table, and
the list filters by company and entity, newest first."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from studiobook.adapters.fakes.wodify import FakeWodify
from studiobook.adapters.sql.tables import audit_log
from studiobook.application.shared.audit import REDACTED, acting_as
from studiobook.domain.appointments.errors import InvalidEventType
from studiobook.domain.shared.errors import NotEnoughFreeSpots
from tests.fakes import FakeClock
from tests.integration.wodify_support import (
    Sleeps,
    build_wired,
    gateway_for,
    use_gateway,
)

pytestmark = pytest.mark.clock  # the real clock decides; CI re-runs these under libfaketime

ACTOR = "test:alice"
SPLIT_DAY = ["09:00-12:00", "13:00-17:00"]


def raw_rows(container) -> list[dict]:
    with container.store().engine.connect() as connection:
        return [dict(r) for r in connection.execute(select(audit_log).order_by(audit_log.c.id)).mappings()]


@pytest.fixture
def salon(container):
    with acting_as(ACTOR):
        company = container.companies().create("Salon")
        anna = container.staffing().add(company.id, "Anna")
    return company, anna


def test_a_use_case_failing_after_it_recorded_leaves_no_audit_row(container, salon):
    company, _ = salon
    before = raw_rows(container)

    # add_event_type records "create", then making an inactive type the default is refused
    with pytest.raises(InvalidEventType):
        container.event_types().add(company.id, "Alt", 30, active=False, default=True)

    assert raw_rows(container) == before
    assert container.event_types().list(company.id) == []
    # the same path, not refused, records both steps
    container.event_types().add(company.id, "Alt", 30, default=True)
    assert [(r["entity"], r["action"]) for r in raw_rows(container)[len(before):]] == [
        ("event_type", "create"), ("event_type", "set_default"),
    ]


def test_a_refused_booking_writes_no_audit_row(container):
    studio = container.companies().create("Studio", "Europe/Berlin")
    course = container.courses().create("Yoga", 1, company_id=studio.id)
    container.bookings().book(course.id, "Ada", "ada@example.org")
    with pytest.raises(NotEnoughFreeSpots):
        container.bookings().book(course.id, "Bea", "bea@example.org")

    assert [(r["entity"], r["action"]) for r in raw_rows(container)] == [
        ("company", "create"), ("course", "create"), ("booking", "create"),
    ]


def test_before_and_after_round_trip_as_json(container, salon):
    company, anna = salon
    with acting_as(ACTOR):
        container.staffing().set_hours(company.id, anna.id, "mon", SPLIT_DAY)
        service = container.event_types().add(
            company.id, "Färben", 90, price="80.50", metadata={"api_key": "sk-live-123", "farbe": "Kupfer"}
        )

    hours, added = container.audit().list(company_id=company.id, limit=2)[::-1]
    assert (hours.entity, hours.entity_id, hours.action) == ("staff", str(anna.id), "set_hours")
    assert hours.before == {"working_hours": {"weekly": {}, "overrides": {}}}
    assert hours.after == {"working_hours": {"weekly": {"mon": SPLIT_DAY}, "overrides": {}}}
    assert (added.entity, added.entity_id, added.company_id) == ("event_type", str(service.id), company.id)
    assert added.after["name"] == "Färben" and added.after["price"] == "80.50"
    assert added.after["metadata"] == {"api_key": REDACTED, "farbe": "Kupfer"}
    assert {hours.actor, added.actor} == {ACTOR}
    assert hours.occurred_at.tzinfo is not None
    assert abs(datetime.now(UTC) - hours.occurred_at).total_seconds() < 300
    assert all("sk-live-123" not in str(row) for row in raw_rows(container))


def test_list_filters_by_company_and_entity_newest_first(container, salon):
    salon_company, anna = salon
    other = container.companies().create("Praxis")
    container.staffing().add(other.id, "Ben")
    container.staffing().update(salon_company.id, anna.id, name="Anna B.")

    audit = container.audit()
    mine = audit.list(company_id=salon_company.id)
    assert [(e.entity, e.action) for e in mine] == [("staff", "update"), ("staff", "create"), ("company", "create")]
    assert {e.company_id for e in mine} == {salon_company.id}
    assert [e.id for e in mine] == sorted((e.id for e in mine), reverse=True)
    staff = audit.list(entity="staff")
    assert [(e.company_id, e.action) for e in staff] == [
        (salon_company.id, "update"), (other.id, "create"), (salon_company.id, "create"),
    ]
    assert [e.entity for e in audit.list(company_id=other.id, entity="company")] == ["company"]
    assert len(audit.list(limit=2)) == 2


def test_members_and_sync_runs_are_audited_on_sql(database_url):
    with FakeWodify(clients=3) as fake:
        container = build_wired(database_url, fake, FakeClock())
        gateway = gateway_for(fake, Sleeps())
        use_gateway(container, gateway)
        try:
            with acting_as(ACTOR):
                run = container.wodify_sync().run("members")
                client_id = str(fake.client_ids()[0])
                container.memberships().update(client_id, monthly_price="42.00")
            entries = container.audit().list()
        finally:
            gateway.close()
            container.store().dispose()

    update, sync = entries
    assert (sync.entity, sync.entity_id, sync.action) == ("wodify_sync", str(run.run_id), "sync_members")
    assert (sync.after["outcome"], sync.after["created"]) == ("ok", 3)
    assert (update.entity, update.entity_id, update.action) == ("member", client_id, "update")
    assert update.after["membership"]["monthly_price"] == "42.00"
    assert update.before["membership"]["monthly_price"] != "42.00"
    assert {e.actor for e in entries} == {ACTOR}
