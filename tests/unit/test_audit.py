"""Every change made through a use-case writes one audit row in its transaction (SPEC 5, issue 6
item 7): on the fake store, with WODIFY played by its real fake server. Refused changes write
nothing; secrets are redacted; working hours arrive intact."""

from __future__ import annotations

import json
from datetime import date

import pytest

from studiobook.adapters.fakes.wodify import FakeWodify
from studiobook.application.appointments.assignments import BATCH_SIZE, AssignmentNotFound
from studiobook.application.appointments.event_types import EventTypeSlugTaken
from studiobook.application.appointments.tenancy import BranchNotFound
from studiobook.application.members.memberships import Leads, Memberships
from studiobook.application.members.wodify_sync import WodifySync
from studiobook.application.shared.audit import REDACTED, acting_as
from studiobook.application.shared.transactions import Transactions
from studiobook.domain.appointments import Assignment
from studiobook.domain.appointments.errors import InvalidEventType
from studiobook.domain.members.leads import IllegalLeadTransition
from studiobook.domain.shared.errors import NotEnoughFreeSpots
from tests.fakes import (
    FakeClock,
    RecordingPublisher,
    appointment_use_cases,
    company_in,
    use_cases,
)
from tests.integration.wodify_support import Sleeps, gateway_for
from tests.unit.audit_fakes import CopiesStore

ACTOR = "test:alice"
SPLIT_DAY = ["09:00-12:00", "13:00-17:00"]


def rows(store, entity: str | None = None) -> list[dict]:
    """The audit rows, oldest first."""
    return [r for r in store.state.audit if entity is None or r["entity"] == entity]


@pytest.fixture
def studio():
    studio = appointment_use_cases()
    with acting_as(ACTOR):
        yield studio


@pytest.fixture
def salon(studio):
    """A company with one staff member and one event type; the audit starts empty."""
    company = studio.companies.create("Salon")
    anna = studio.staffing.add(company.id, "Anna")
    cut = studio.event_types.add(company.id, "Schnitt", 30, price="25.00")
    studio.store.state.audit.clear()
    return company, anna, cut


# -- companies, branches, staff --------------------------------------------------------------
def test_company_create_records_the_company_and_its_default_event_type(studio):
    company = studio.companies.create("Salon", default_event_type={"name": "Beratung", "duration_minutes": 30})

    service, created = rows(studio.store)
    assert (created["entity"], created["action"], created["entity_id"]) == ("company", "create", str(company.id))
    assert created["company_id"] == company.id and created["actor"] == ACTOR
    assert created["before"] is None
    assert created["after"]["name"] == "Salon"
    assert created["after"]["default_event_type_id"] == company.default_event_type_id
    assert (service["entity"], service["action"], service["company_id"]) == ("event_type", "create", company.id)
    assert service["after"]["name"] == "Beratung"


def test_branch_and_staff_create_and_update(studio, salon):
    company, anna, _ = salon
    branch = studio.companies.add_branch(company.id, "Mitte")
    studio.staffing.update(company.id, anna.id, name="Anna B.", branch_id=branch.id)

    added, updated = rows(studio.store)
    assert (added["entity"], added["action"], added["company_id"]) == ("branch", "create", company.id)
    assert added["after"]["name"] == "Mitte" and added["actor"] == ACTOR
    assert (updated["entity"], updated["entity_id"], updated["action"]) == ("staff", str(anna.id), "update")
    assert updated["before"] == {"name": "Anna", "branch_id": None}
    assert updated["after"] == {"name": "Anna B.", "branch_id": branch.id}
    assert updated["company_id"] == company.id


def test_staff_create_records_the_new_member(studio, salon):
    company, _, _ = salon
    ben = studio.staffing.add(company.id, "Ben", working_hours={"weekly": {"mon": SPLIT_DAY}})

    (row,) = rows(studio.store)
    assert (row["entity"], row["entity_id"], row["action"]) == ("staff", str(ben.id), "create")
    assert row["after"]["name"] == "Ben" and row["company_id"] == company.id
    assert row["after"]["working_hours"]["weekly"] == {"mon": SPLIT_DAY}


def test_hours_and_overrides_are_recorded_with_the_hours_intact(studio, salon):
    company, anna, _ = salon
    studio.staffing.set_hours(company.id, anna.id, "mon", SPLIT_DAY)
    studio.staffing.set_override(company.id, anna.id, "2026-12-24", [])
    studio.staffing.clear_override(company.id, anna.id, "2026-12-24")

    hours, override, cleared = rows(studio.store, "staff")
    assert [r["action"] for r in (hours, override, cleared)] == ["set_hours", "set_override", "clear_override"]
    assert hours["before"] == {"working_hours": {"weekly": {}, "overrides": {}}}
    assert hours["after"] == {"working_hours": {"weekly": {"mon": SPLIT_DAY}, "overrides": {}}}
    assert override["after"]["working_hours"]["overrides"] == {"2026-12-24": []}
    assert cleared["before"]["working_hours"]["overrides"] == {"2026-12-24": []}
    assert cleared["after"]["working_hours"] == {"weekly": {"mon": SPLIT_DAY}, "overrides": {}}
    assert {r["company_id"] for r in (hours, override, cleared)} == {company.id}
    assert REDACTED not in json.dumps([hours, override, cleared])


# -- event types -----------------------------------------------------------------------------
def test_event_type_add_update_and_set_default(studio, salon):
    company, _, cut = salon
    color = studio.event_types.add(company.id, "Farbe", 90, price="80.00")
    studio.event_types.update(company.id, cut.id, price="30.00", duration_minutes=45)
    studio.event_types.set_default(company.id, color.id)

    added, updated, default = rows(studio.store)
    assert (added["entity"], added["entity_id"], added["action"]) == ("event_type", str(color.id), "create")
    assert added["after"]["price"] == "80.00" and added["after"]["duration_minutes"] == 90
    assert (updated["entity_id"], updated["action"]) == (str(cut.id), "update")
    assert updated["before"] == {"price": "25.00", "duration_minutes": 30}
    assert updated["after"] == {"price": "30.00", "duration_minutes": 45}
    assert (default["entity_id"], default["action"]) == (str(color.id), "set_default")
    assert default["before"] == {"default_event_type_id": None}
    assert default["after"] == {"default_event_type_id": color.id}
    assert {r["company_id"] for r in (added, updated, default)} == {company.id}
    assert {r["actor"] for r in (added, updated, default)} == {ACTOR}


# -- assignments -----------------------------------------------------------------------------
def test_assign_reassign_and_unassign(studio, salon):
    company, anna, cut = salon
    studio.assignments.assign(company.id, anna.id, cut.id)
    studio.assignments.assign(company.id, anna.id, cut.id, custom_price="20.00")
    studio.assignments.unassign(company.id, anna.id, cut.id)

    first, second, gone = rows(studio.store)
    pair = f"{anna.id}:{cut.id}"
    assert [(r["entity"], r["entity_id"], r["action"]) for r in (first, second, gone)] == [
        ("assignment", pair, "assign"),
        ("assignment", pair, "assign"),
        ("assignment", pair, "unassign"),
    ]
    assert first["before"] is None and first["after"]["custom_price"] is None
    assert second["before"]["custom_price"] is None and second["after"]["custom_price"] == "20.00"
    assert gone["before"]["custom_price"] == "20.00" and gone["after"] is None
    assert {r["company_id"] for r in (first, second, gone)} == {company.id}


def test_assign_many_writes_one_row_per_batch(studio, salon):
    company, anna, cut = salon
    staff = [anna] + [studio.staffing.add(company.id, f"S{n}") for n in range(BATCH_SIZE)]
    studio.store.state.audit.clear()

    result = studio.assignments.assign_many(company.id, [Assignment(staff_id=m.id, event_type_id=cut.id) for m in staff])

    batches = rows(studio.store)
    assert result.batches == 2 and len(batches) == 2
    assert [(r["entity"], r["action"], r["company_id"]) for r in batches] == [("assignment", "assign_many", company.id)] * 2
    assert [r["after"]["count"] for r in batches] == [BATCH_SIZE, 1]
    assert batches[1]["after"]["assignments"] == [
        {"staff_id": staff[-1].id, "event_type_id": cut.id, "is_primary": False, "custom_duration": None,
         "custom_price": None, "availability_override": None}
    ]


# -- refused changes and secrets --------------------------------------------------------------
REFUSED = {
    "slug taken": (lambda s, c, a, t: s.event_types.add(c.id, "Schnitt", 30), EventTypeSlugTaken),
    "unknown branch": (lambda s, c, a, t: s.staffing.update(c.id, a.id, branch_id=999), BranchNotFound),
    "not assigned": (lambda s, c, a, t: s.assignments.unassign(c.id, a.id, t.id), AssignmentNotFound),
    "inactive default": (
        lambda s, c, a, t: s.event_types.add(c.id, "Alt", 30, active=False, default=True),
        InvalidEventType,
    ),
}


@pytest.mark.parametrize("change", REFUSED.values(), ids=REFUSED.keys())
def test_a_refused_change_writes_no_audit_row(studio, salon, change):
    attempt, error = change
    with pytest.raises(error):
        attempt(studio, *salon)
    assert rows(studio.store) == []


def test_a_refused_booking_writes_no_audit_row():
    courses, bookings, store, _ = use_cases()
    course = courses.create("Yoga", 1, company_id=company_in(store))
    bookings.book(course.id, "Ada", "ada@example.org")
    with pytest.raises(NotEnoughFreeSpots):
        bookings.book(course.id, "Bea", "bea@example.org")
    assert [(r["entity"], r["action"]) for r in rows(store)] == [("course", "create"), ("booking", "create")]


def test_secret_looking_fields_are_redacted(studio, salon):
    company, _, cut = salon
    studio.event_types.update(company.id, cut.id, metadata={"api_key": "sk-live-123", "colour": "blue"})

    (row,) = rows(studio.store)
    assert row["after"] == {"metadata": {"api_key": REDACTED, "colour": "blue"}}
    assert "sk-live-123" not in json.dumps(studio.store.state.audit)


def test_without_an_actor_the_change_is_the_systems():
    studio = appointment_use_cases()
    studio.companies.create("Salon")
    assert [r["actor"] for r in rows(studio.store)] == ["system"]


# -- members, leads and the WODIFY sync ---------------------------------------------------------
@pytest.fixture
def wodify():
    with FakeWodify(clients=5, leads=3) as fake:
        yield fake


@pytest.fixture
def gym(wodify):
    """Memberships, Leads and WodifySync on the fake store, WODIFY the real fake server."""
    store, clock = CopiesStore(), FakeClock()
    transactions = Transactions(store.unit_of_work, RecordingPublisher(), sleep=lambda _: None)
    gateway = gateway_for(wodify, Sleeps())

    class Gym:
        pass

    gym = Gym()
    gym.store, gym.fake = store, wodify
    gym.memberships = Memberships(transactions, clock, lambda: gateway)
    gym.leads = Leads(transactions, clock, lambda: gateway)
    gym.sync = WodifySync(transactions, clock, lambda: gateway, page_size=2)
    with acting_as(ACTOR):
        yield gym
    gateway.close()


def test_member_create_update_cancel(gym):
    member = gym.memberships.create("Jana", "Roth", "jana@example.de", "Unlimited", date(2026, 12, 1))
    gym.memberships.update(member.client_id, membership_type="Open Gym")
    gym.memberships.cancel(member.client_id, "moving away")

    created, updated, cancelled = rows(gym.store)
    assert [(r["entity"], r["entity_id"], r["action"]) for r in (created, updated, cancelled)] == [
        ("member", member.client_id, "create"),
        ("member", member.client_id, "update"),
        ("member", member.client_id, "cancel"),
    ]
    assert created["before"] is None and created["after"]["email"] == "jana@example.de"
    assert updated["before"]["membership"]["membership_type"] == "Unlimited"
    assert updated["after"]["membership"]["membership_type"] == "Open Gym"
    assert cancelled["before"]["membership"]["status"] == "active"
    assert cancelled["after"]["membership"]["status"] == "cancelled"
    assert {r["actor"] for r in rows(gym.store)} == {ACTOR}
    assert {r["company_id"] for r in rows(gym.store)} == {None}


def test_a_read_audits_the_local_copy_only_when_it_changed(gym):
    client_id = str(gym.fake.client_ids()[0])
    gym.memberships.get(client_id)
    gym.memberships.get(client_id)
    gym.fake.change_client(int(client_id), first_name="Renamed")
    gym.memberships.get(client_id)

    first, changed = rows(gym.store)
    assert (first["action"], first["before"]) == ("refresh", None)
    assert changed["action"] == "refresh"
    assert changed["after"]["first_name"] == "Renamed" != changed["before"]["first_name"]


def test_lead_create_update_convert(gym):
    lead = gym.leads.create("Tom", "Weiss", "tom@example.de", interested_in="CrossFit")
    gym.leads.update(lead.lead_id, status="contacted", notes="called back")
    _, member = gym.leads.convert(lead.lead_id, "Student", date(2026, 12, 1))

    created, updated, converted, joined = rows(gym.store)
    assert [(r["entity"], r["entity_id"], r["action"]) for r in (created, updated, converted, joined)] == [
        ("lead", lead.lead_id, "create"),
        ("lead", lead.lead_id, "update"),
        ("lead", lead.lead_id, "convert"),
        ("member", member.client_id, "convert"),
    ]
    assert created["after"]["interested_in"] == "CrossFit"
    assert (updated["before"]["status"], updated["after"]["status"]) == ("new", "contacted")
    assert updated["after"]["notes"] == "called back"
    assert (converted["before"]["status"], converted["after"]["status"]) == ("contacted", "converted")
    assert joined["before"] is None and joined["after"]["membership"]["membership_type"] == "Student"
    assert {r["actor"] for r in rows(gym.store)} == {ACTOR}


def test_a_refused_lead_move_writes_no_audit_row(gym):
    lead = gym.leads.create("Tom", "Weiss", "tom@example.de")
    gym.leads.update(lead.lead_id, status="lost")
    before = list(rows(gym.store))

    with pytest.raises(IllegalLeadTransition):
        gym.leads.update(lead.lead_id, status="contacted")
    assert rows(gym.store) == before


def test_a_sync_writes_one_audit_row_per_run(gym):
    members = gym.sync.run("members")
    leads = gym.sync.run("leads")
    again = gym.sync.run("members", force=True)
    skipped = gym.sync.run("members")

    assert skipped.skipped
    first, lead_run, second = rows(gym.store)
    assert [(r["entity"], r["entity_id"], r["action"]) for r in (first, lead_run, second)] == [
        ("wodify_sync", str(members.run_id), "sync_members"),
        ("wodify_sync", str(leads.run_id), "sync_leads"),
        ("wodify_sync", str(again.run_id), "sync_members"),
    ]
    assert first["after"] == {"outcome": "ok", "created": 5, "updated": 0, "unchanged": 0, "errors": 0, "message": None}
    assert lead_run["after"]["created"] == 3
    assert (second["after"]["created"], second["after"]["unchanged"]) == (0, 5)
    assert {r["actor"] for r in rows(gym.store)} == {ACTOR}
    assert len(gym.store.state.members) == 5


def test_a_failed_sync_is_audited_with_what_it_stored(gym):
    gym.fake.fail_page("clients", 2, times=10)

    result = gym.sync.run("members")

    (row,) = rows(gym.store)
    assert result.outcome == "failed"
    assert (row["action"], row["after"]["outcome"], row["after"]["created"]) == ("sync_members", "failed", 2)
    assert "page 2" in row["after"]["message"]
