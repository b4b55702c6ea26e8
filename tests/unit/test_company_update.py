"""Changing a company's settings: name, zone and default event type, audited, the slug kept, a bad
value or a foreign event type refused with nothing written."""

from __future__ import annotations

import pytest

from studiobook.application.appointments.tenancy import EventTypeNotFound
from studiobook.domain.appointments.errors import InvalidCompany
from tests.fakes import appointment_use_cases


@pytest.fixture
def studio():
    return appointment_use_cases()


def test_update_changes_name_zone_and_default_and_keeps_the_slug(studio):
    company = studio.companies.create("Salon Anna", "Europe/Berlin")
    cut = studio.event_types.add(company.id, name="Cut", duration_minutes=30)
    before = studio.store.state.generations[company.id]

    changed = studio.companies.update(
        company.id, name="Salon Anna Mitte", time_zone="Europe/Vienna", default_event_type_id=cut.id
    )

    assert (changed.name, changed.time_zone, changed.default_event_type_id) == (
        "Salon Anna Mitte", "Europe/Vienna", cut.id)
    assert changed.slug == "salon-anna" == studio.companies.get(company.id).slug
    assert studio.companies.get(company.id).time_zone == "Europe/Vienna"
    assert studio.store.state.generations[company.id] == before + 1
    (row,) = [r for r in studio.store.state.audit if r["action"] == "update"]
    assert row["entity"] == "company" and row["before"]["time_zone"] == "Europe/Berlin"
    assert row["after"] == {"name": "Salon Anna Mitte", "time_zone": "Europe/Vienna",
                            "default_event_type_id": cut.id}


def test_bad_values_and_foreign_event_types_change_nothing(studio):
    company = studio.companies.create("Salon", "Europe/Berlin")
    other = studio.companies.create("Other", "Europe/Berlin")
    foreign = studio.event_types.add(other.id, name="Massage", duration_minutes=60)
    commits = studio.store.commits

    with pytest.raises(InvalidCompany, match="Mars/Olympus"):
        studio.companies.update(company.id, time_zone="Mars/Olympus")
    with pytest.raises(InvalidCompany, match="name"):
        studio.companies.update(company.id, name="   ")
    with pytest.raises(EventTypeNotFound):
        studio.companies.update(company.id, default_event_type_id=foreign.id)
    with pytest.raises(InvalidCompany, match="slug cannot be changed here"):
        studio.companies.update(company.id, slug="elsewhere")

    assert studio.store.commits == commits
    assert studio.companies.get(company.id).time_zone == "Europe/Berlin"


def test_an_update_that_changes_nothing_writes_no_audit_row(studio):
    company = studio.companies.create("Salon", "Europe/Berlin")
    studio.companies.update(company.id, name="Salon", time_zone="Europe/Berlin")
    assert [r for r in studio.store.state.audit if r["action"] == "update"] == []
