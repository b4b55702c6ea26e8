"""The admin web app's use-cases on the real store: system counts, the one-save matrix, and the
availability overview (next slot and utilisation per staff member)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from dependency_injector import providers

from studiobook.application.admin.stats import COUNTED
from studiobook.application.appointments.tenancy import StaffNotFound
from studiobook.application.shared.audit import acting_as
from tests.fakes import FakeClock
from tests.integration.appointment_support import MONDAY, SelectCounter, at, open_salon


@pytest.fixture
def salon(container):
    container.clock.override(providers.Object(FakeClock()))  # Friday 2026-11-27 09:00 UTC
    return open_salon(container, staff=2)


def test_stats_count_every_kind_with_one_query_each(container, salon):
    course = container.courses().create("WOD", 10, company_id=salon.id)
    container.bookings().book(course.id, "Kim", "kim@example.com")
    container.appointments().book(salon.id, salon.cut.id, salon.anna.id, at(10), "Lou", "lou@example.com")
    with SelectCounter(container.store().engine) as selects:
        counts = container.stats().collect().counts
    counted = [s.split("FROM")[-1].strip() for s in selects.statements if "count(*)" in s.lower()]
    assert sorted(t for t in counted if t in COUNTED) == sorted(COUNTED)  # one query per kind
    # plus the WODIFY status' error total and its recent errors (counted per record, grouped)
    assert len(counted) <= len(COUNTED) + 2
    assert counts == {
        "courses": 1, "bookings": 1, "members": 0, "leads": 0, "companies": 1, "staff": 2,
        "event_types": 2, "appointments": 1,
    }


def test_stats_say_wodify_is_not_configured_without_settings(container):
    stats = container.stats().collect()
    assert (stats.wodify_health, stats.wodify_configured) == ("not_configured", False)
    assert "WODIFY_API_KEY" in stats.wodify_reason
    assert container.stats().collect(check_health=False).wodify_health == "not_checked"


def test_matrix_replace_adds_and_removes_and_audits(container, salon):
    anna, ben = salon.staff
    beratung = container.companies().get(salon.id).default_event_type_id
    wanted = [(anna.id, salon.cut.id), (anna.id, beratung)]  # ben no longer cuts
    with acting_as("web:test"):
        change = container.matrix_editor().replace(salon.id, wanted)
    assert (change.added, change.removed) == (1, 1)
    assert set(container.assignments().matrix(salon.id).assignments) == set(wanted)
    rows = [e for e in container.audit().list(salon.id, "assignment") if e.actor == "web:test"]
    assert sorted(e.action for e in rows) == ["assign_many", "unassign"]
    assert container.matrix_editor().replace(salon.id, wanted) == type(change)(0, 0)


def test_matrix_replace_with_a_foreign_staff_member_changes_nothing(container, salon):
    other = open_salon(container, staff=1, name="Elsewhere")
    before = set(container.assignments().matrix(salon.id).assignments)
    with pytest.raises(StaffNotFound):
        container.matrix_editor().replace(salon.id, [(other.anna.id, salon.cut.id)])
    assert set(container.assignments().matrix(salon.id).assignments) == before


def test_overview_gives_next_slot_and_utilisation_per_staff(container, salon):
    anna, ben = salon.staff
    container.appointments().book(salon.id, salon.cut.id, anna.id, at(9), "Lou", "lou@example.com")
    container.appointments().book(salon.id, salon.cut.id, anna.id, at(9, 30), "Max", "max@example.com")
    rows = {row.staff.id: row for row in container.availability_overview().staff(salon.id)}
    # Friday 10:00 Berlin is after "now" (09:00 UTC = 10:00 Berlin): the next slot is then.
    assert rows[anna.id].next_slot.start == rows[ben.id].next_slot.start
    assert rows[anna.id].event_type.id == salon.cut.id
    # 7 days from Friday 10:00: Fri 10:00-17:00 less lunch (6 h), Mon..Thu 7 h each, Fri to 10:00.
    working = (6 + 4 * 7 + 1) * 60
    assert rows[anna.id].utilisation.working_minutes == working
    assert rows[anna.id].utilisation.booked_minutes == 60
    assert rows[ben.id].utilisation.booked_minutes == 0
    assert MONDAY - rows[anna.id].next_slot.start.date() < timedelta(days=4)


def test_overview_of_one_branch_and_staff_without_services(container, salon):
    branch = container.companies().add_branch(salon.id, "Nord")
    loner = container.staffing().add(salon.id, "Loner", branch_id=branch.id)
    rows = container.availability_overview().staff(salon.id, branch_id=branch.id)
    assert [(r.staff.id, r.branch_name, r.event_type, r.next_slot) for r in rows] == [
        (loner.id, "Nord", None, None)
    ]
    assert rows[0].utilisation.ratio is None  # no working hours
