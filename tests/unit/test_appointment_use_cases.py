"""The appointment use-cases on fakes: tenant isolation, fallback, bulk batches, the matrix,
booking and cancelling, and which changes invalidate cached availability."""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from studiobook.application.appointments.appointments import Availability
from studiobook.application.appointments.assignments import BATCH_SIZE, AssignmentNotFound
from studiobook.application.appointments.event_types import EventTypeSlugTaken
from studiobook.application.appointments.tenancy import (
    AppointmentNotFound,
    BranchNotFound,
    CompanyNotFound,
    EventTypeNotFound,
    StaffNotFound,
)
from studiobook.application.shared.ports import StoreBusy
from studiobook.application.shared.transactions import Transactions
from studiobook.domain.appointments import AppointmentStatus, Assignment
from studiobook.domain.appointments.errors import (
    AppointmentAlreadyCancelled,
    InvalidEventType,
    InvalidStaff,
    NoBookableEventType,
    SlotNotAvailable,
)
from studiobook.domain.shared.errors import NotFound
from tests.fakes import FakeCache, RecordingPublisher, appointment_use_cases

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 11, 30)
SPLIT_DAY = ["09:00-12:00", "13:00-17:00"]


def at(hour: int, minute: int = 0, day: date = MONDAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


def whole(day: date = MONDAY) -> tuple[datetime, datetime]:
    return at(0, day=day), at(0, day=day + timedelta(days=1))


def local_starts(answer) -> list[str]:
    return [f"{s.start.astimezone(BERLIN):%H:%M}" for s in answer.slots]


class Tenant:
    """A company with a branch, two staff members working Mon-Fri, and two event types."""

    def __init__(self, studio, name: str) -> None:
        self.company = studio.companies.create(
            name, default_event_type={"name": "Beratung", "duration_minutes": 30}
        )
        cid = self.company.id
        self.default_type = studio.event_types.get(cid, self.company.default_event_type_id)
        self.branch = studio.companies.add_branch(cid, "Mitte")
        self.cut = studio.event_types.add(cid, "Herrenschnitt", 30, price="25.00")
        self.staff = []
        for person in ("Anna", "Ben"):
            member = studio.staffing.add(cid, person, branch_id=self.branch.id)
            for day in ("mon", "tue", "wed", "thu", "fri"):
                member = studio.staffing.set_hours(cid, member.id, day, SPLIT_DAY)
            studio.assignments.assign(cid, member.id, self.cut.id)
            studio.assignments.assign(cid, member.id, self.default_type.id)
            self.staff.append(member)
        self.anna, self.ben = self.staff


@pytest.fixture
def studio():
    return appointment_use_cases()


@pytest.fixture
def salon(studio):
    return Tenant(studio, "Salon Schnittig")


@pytest.fixture
def other(studio, salon):
    tenant = Tenant(studio, "Praxis Dr. Weber")
    tenant.appointment = studio.appointments.book(
        tenant.company.id, tenant.cut.id, tenant.anna.id, at(10), "Eva", "eva@example.org"
    )
    return tenant


# -- setting a company up ----------------------------------------------------------------------
def test_staff_zone_defaults_to_the_branch_then_the_company(studio):
    company = studio.companies.create("Studio", "Europe/Vienna")
    lisbon = studio.companies.add_branch(company.id, "Lissabon", "Europe/Lisbon")
    vienna = studio.companies.add_branch(company.id, "Wien")

    assert studio.staffing.add(company.id, "Rui", branch_id=lisbon.id).time_zone == "Europe/Lisbon"
    assert studio.staffing.add(company.id, "Ida", branch_id=vienna.id).time_zone == "Europe/Vienna"
    assert studio.staffing.add(company.id, "Kai", time_zone="UTC").time_zone == "UTC"


def test_hours_and_overrides_shape_the_slots(studio, salon):
    cid, anna = salon.company.id, salon.anna
    studio.staffing.set_hours(cid, anna.id, "mon", ["10:00-11:00"])
    answer = studio.availability.slots(cid, salon.cut.id, *whole(), staff_id=anna.id)
    assert local_starts(answer) == ["10:00", "10:30"]

    studio.staffing.set_override(cid, anna.id, MONDAY, [])
    assert studio.availability.slots(cid, salon.cut.id, *whole(), staff_id=anna.id).slots == ()

    studio.staffing.set_override(cid, anna.id, MONDAY.isoformat(), ["16:00-17:00"])
    answer = studio.availability.slots(cid, salon.cut.id, *whole(), staff_id=anna.id)
    assert local_starts(answer) == ["16:00", "16:30"]

    studio.staffing.clear_override(cid, anna.id, MONDAY)
    answer = studio.availability.slots(cid, salon.cut.id, *whole(), staff_id=anna.id)
    assert local_starts(answer) == ["10:00", "10:30"]


def test_staff_list_filters_by_branch_and_active(studio, salon):
    cid = salon.company.id
    elsewhere = studio.companies.add_branch(cid, "Nord")
    carla = studio.staffing.add(cid, "Carla", branch_id=elsewhere.id)
    studio.staffing.update(cid, salon.ben.id, active=False)

    assert [m.name for m in studio.staffing.list(cid)] == ["Anna", "Ben", "Carla"]
    assert [m.name for m in studio.staffing.list(cid, active=True)] == ["Anna", "Carla"]
    assert [m.id for m in studio.staffing.list(cid, branch_id=elsewhere.id)] == [carla.id]


def test_event_types_list_filters_and_slugs_are_unique_per_company(studio, salon, other):
    cid = salon.company.id
    color = studio.event_types.add(cid, "Färben", 90, price=Decimal("59.90"), active=False)
    at_branch = studio.event_types.add(cid, "Bart", 15, branch_id=salon.branch.id)

    assert color.slug == "faerben" and color.price == Decimal("59.90")
    assert color not in studio.event_types.list(cid, active=True)
    elsewhere = studio.companies.add_branch(cid, "Nord")
    studio.event_types.add(cid, "Nordschnitt", 20, branch_id=elsewhere.id)
    company_wide = [t for t in studio.event_types.list(cid) if t.branch_id is None]
    # A branch offers its own event types and the company-wide ones, not another branch's.
    assert studio.event_types.list(cid, branch_id=salon.branch.id) == [*company_wide, at_branch]
    with pytest.raises(EventTypeSlugTaken, match="faerben"):
        studio.event_types.add(cid, "Färben", 60)
    with pytest.raises(EventTypeSlugTaken):
        studio.event_types.update(cid, at_branch.id, slug="faerben")
    # Another company may use the same slug.
    assert studio.event_types.add(other.company.id, "Färben", 60).slug == "faerben"


def test_default_event_type_must_be_active(studio, salon):
    cid = salon.company.id
    inactive = studio.event_types.add(cid, "Pause", 15, active=False)
    with pytest.raises(InvalidEventType, match="inactive"):
        studio.event_types.set_default(cid, inactive.id)
    company = studio.event_types.set_default(cid, salon.cut.id)
    assert company.default_event_type_id == salon.cut.id
    assert studio.companies.get(cid).default_event_type_id == salon.cut.id


def test_unknown_fields_are_refused_before_anything_is_written(studio, salon):
    before = copy.deepcopy(studio.store.state)
    with pytest.raises(InvalidEventType, match="colour"):
        studio.event_types.add(salon.company.id, "Färben", 60, colour="red")
    with pytest.raises(InvalidEventType, match="id is not"):
        studio.event_types.update(salon.company.id, salon.cut.id, id=99)
    with pytest.raises(InvalidStaff, match="working_hours cannot be changed here"):
        studio.staffing.update(salon.company.id, salon.anna.id, working_hours={})
    assert studio.store.state == before


# -- tenant isolation: another company's records are "not found" -------------------------------
def foreign_calls(studio, salon, other):
    """Each use-case kind called by ``salon`` with one of ``other``'s ids."""
    cid, mine, theirs = salon.company.id, salon.anna.id, other.anna.id
    monday = whole()
    return {
        "staff get": lambda: studio.staffing.get(cid, theirs),
        "staff hours": lambda: studio.staffing.set_hours(cid, theirs, "mon", ["08:00-09:00"]),
        "staff override": lambda: studio.staffing.set_override(cid, theirs, MONDAY, []),
        "staff update": lambda: studio.staffing.update(cid, theirs, active=False),
        "staff add to their branch": lambda: studio.staffing.add(
            cid, "Spion", branch_id=other.branch.id
        ),
        "staff move to their branch": lambda: studio.staffing.update(
            cid, mine, branch_id=other.branch.id
        ),
        "event type get": lambda: studio.event_types.get(cid, other.cut.id),
        "event type update": lambda: studio.event_types.update(cid, other.cut.id, price="1.00"),
        "event type default": lambda: studio.event_types.set_default(cid, other.cut.id),
        "event type at their branch": lambda: studio.event_types.add(
            cid, "Spion", 30, branch_id=other.branch.id
        ),
        "assign their staff": lambda: studio.assignments.assign(cid, theirs, salon.cut.id),
        "assign their event type": lambda: studio.assignments.assign(cid, mine, other.cut.id),
        "unassign theirs": lambda: studio.assignments.unassign(cid, theirs, other.cut.id),
        "bulk with one of theirs": lambda: studio.assignments.assign_many(
            cid,
            [Assignment(staff_id=salon.ben.id, event_type_id=salon.cut.id, is_primary=True)]
            + [Assignment(staff_id=theirs, event_type_id=salon.cut.id)],
        ),
        "availability of their staff": lambda: studio.availability.slots(
            cid, salon.cut.id, *monday, staff_id=theirs
        ),
        "availability at their branch": lambda: studio.availability.slots(
            cid, salon.cut.id, *monday, branch_id=other.branch.id
        ),
        "next slot of their staff": lambda: studio.availability.next_slot(
            cid, salon.cut.id, staff_id=theirs
        ),
        "book their staff": lambda: studio.appointments.book(
            cid, salon.cut.id, theirs, at(11), "Spion", "spion@example.org"
        ),
        "book their event type": lambda: studio.appointments.book(
            cid, other.cut.id, mine, at(11), "Spion", "spion@example.org"
        ),
        "cancel their appointment": lambda: studio.appointments.cancel(cid, other.appointment.id),
        "get their appointment": lambda: studio.appointments.get(cid, other.appointment.id),
    }


FOREIGN_CALLS = [
    "staff get", "staff hours", "staff override", "staff update", "staff add to their branch",
    "staff move to their branch", "event type get", "event type update", "event type default",
    "event type at their branch", "assign their staff", "assign their event type",
    "unassign theirs", "bulk with one of theirs", "availability of their staff",
    "availability at their branch", "next slot of their staff", "book their staff",
    "book their event type", "cancel their appointment", "get their appointment",
]


@pytest.mark.parametrize("call", FOREIGN_CALLS)
def test_another_companys_records_are_not_found_and_nothing_changes(studio, salon, other, call):
    calls = foreign_calls(studio, salon, other)
    assert set(calls) == set(FOREIGN_CALLS)
    before = copy.deepcopy(studio.store.state)

    with pytest.raises(NotFound) as raised:
        calls[call]()

    assert f"company {salon.company.id}" in str(raised.value)
    assert studio.store.state == before


def test_not_found_errors_name_the_kind_of_record(studio, salon, other):
    cid = salon.company.id
    with pytest.raises(StaffNotFound):
        studio.staffing.get(cid, other.anna.id)
    with pytest.raises(EventTypeNotFound):
        studio.event_types.get(cid, other.cut.id)
    with pytest.raises(BranchNotFound):
        studio.availability.slots(cid, salon.cut.id, *whole(), branch_id=other.branch.id)
    with pytest.raises(AppointmentNotFound):
        studio.appointments.cancel(cid, other.appointment.id)
    with pytest.raises(AssignmentNotFound):
        studio.assignments.unassign(cid, other.anna.id, other.cut.id)


def test_an_unknown_company_is_not_found_everywhere(studio, salon):
    missing = 999
    calls = [
        lambda: studio.companies.get(missing),
        lambda: studio.companies.add_branch(missing, "Mitte"),
        lambda: studio.companies.branches(missing),
        lambda: studio.staffing.add(missing, "Anna"),
        lambda: studio.staffing.list(missing),
        lambda: studio.event_types.add(missing, "Schnitt", 30),
        lambda: studio.event_types.list(missing),
        lambda: studio.assignments.matrix(missing),
        lambda: studio.assignments.list(missing),
        lambda: studio.assignments.assign_many(missing, []),
        lambda: studio.availability.slots(missing, salon.cut.id, *whole()),
        lambda: studio.availability.next_slot(missing, salon.cut.id),
        lambda: studio.appointments.list(missing),
    ]
    for call in calls:
        with pytest.raises(CompanyNotFound):
            call()


def test_lists_and_the_matrix_show_only_the_own_company(studio, salon, other):
    cid = salon.company.id
    assert {m.company_id for m in studio.staffing.list(cid)} == {cid}
    assert {t.company_id for t in studio.event_types.list(cid)} == {cid}
    assert studio.appointments.list(cid) == []
    matrix = studio.assignments.matrix(cid)
    assert {m.id for m in matrix.staff} == {salon.anna.id, salon.ben.id}
    assert not any(matrix.offers(other.anna.id, t.id) for t in matrix.event_types)


def test_an_event_type_of_another_company_falls_back_to_the_own_default(studio, salon, other):
    answer = studio.availability.slots(salon.company.id, other.cut.id, *whole())

    assert answer.event_type_id == salon.default_type.id and answer.fallback_used
    assert {i for s in answer.slots for i in s.staff_ids} == {salon.anna.id, salon.ben.id}


def test_the_company_lookup_finds_owners_for_the_operator(studio, salon, other):
    assert studio.lookup.of_staff(other.anna.id) == other.company.id
    assert studio.lookup.of_event_type(salon.cut.id) == salon.company.id
    assert studio.lookup.of_appointment(other.appointment.id) == other.company.id
    with pytest.raises(NotFound, match="staff member 999 does not exist"):
        studio.lookup.of_staff(999)


# -- fallback ----------------------------------------------------------------------------------
def test_fallback_to_the_default_for_unknown_and_inactive_event_types(studio, salon):
    cid = salon.company.id
    asked = studio.availability.slots(cid, salon.cut.id, *whole())
    unknown = studio.availability.slots(cid, 12345, *whole())
    studio.event_types.update(cid, salon.cut.id, active=False)
    inactive = studio.availability.slots(cid, salon.cut.id, *whole())
    nothing_asked = studio.availability.slots(cid, None, *whole())

    assert (asked.event_type_id, asked.fallback_used) == (salon.cut.id, False)
    for answer in (unknown, inactive, nothing_asked):
        assert (answer.event_type_id, answer.fallback_used) == (salon.default_type.id, True)
        assert answer.slots  # the default's slots, not an empty answer
    following = studio.availability.next_slot(cid, 12345)
    assert (following.event_type_id, following.fallback_used) == (salon.default_type.id, True)


def test_no_usable_default_is_a_clear_not_found(studio):
    company = studio.companies.create("Ohne Standard")
    with pytest.raises(NoBookableEventType, match="no default is set"):
        studio.availability.slots(company.id, 1, *whole())


def test_slots_of_one_branch_list_who_is_free(studio, salon):
    cid = salon.company.id
    north = studio.companies.add_branch(cid, "Nord")
    studio.staffing.update(cid, salon.ben.id, branch_id=north.id)
    studio.appointments.book(cid, salon.cut.id, salon.anna.id, at(9), "Eva", "eva@example.org")

    everyone = studio.availability.slots(cid, salon.cut.id, *whole())
    north_only = studio.availability.slots(cid, salon.cut.id, *whole(), branch_id=north.id)

    assert everyone.slots[0].staff_ids == (salon.ben.id,)  # 09:00: Anna is booked
    assert everyone.slots[1].staff_ids == (salon.anna.id, salon.ben.id)
    assert {s.staff_ids for s in north_only.slots} == {(salon.ben.id,)}


# -- bulk assignment and the matrix ------------------------------------------------------------
def test_250_assignments_are_written_in_3_transactions_with_progress(studio):
    company = studio.companies.create("Kette")
    cid = company.id
    staff = [studio.staffing.add(cid, f"Person {i}") for i in range(25)]
    types = [studio.event_types.add(cid, f"Leistung {i}", 30) for i in range(10)]
    wishes = [
        Assignment(staff_id=m.id, event_type_id=t.id, custom_duration=45 if m is staff[0] else None)
        for m in staff
        for t in types
    ]
    progress = []
    commits = studio.store.commits

    result = studio.assignments.assign_many(cid, wishes, progress=lambda *p: progress.append(p))

    assert (result.assigned, result.batches) == (250, 3)
    assert studio.store.commits - commits == 3
    assert progress == [(100, 250), (200, 250), (250, 250)]
    matrix = studio.assignments.matrix(cid)
    assert all(matrix.offers(m.id, t.id) for m in staff for t in types)
    assert matrix.assignment(staff[0].id, types[0].id).custom_duration == 45


def test_a_failing_batch_leaves_the_earlier_batches_written(studio, salon):
    cid = salon.company.id
    types = [studio.event_types.add(cid, f"Leistung {i}", 30) for i in range(BATCH_SIZE + 1)]
    wishes = [Assignment(staff_id=salon.anna.id, event_type_id=t.id) for t in types]
    transactions = studio.assignments.transactions
    real_write, writes = transactions.write, []

    def second_batch_fails(work):
        writes.append(work)
        if len(writes) == 2:
            raise StoreBusy()
        return real_write(work)

    transactions.write = second_batch_fails
    with pytest.raises(StoreBusy):
        studio.assignments.assign_many(cid, wishes)

    offered = {a.event_type_id for a in studio.assignments.list(cid, staff_id=salon.anna.id)}
    assert {t.id for t in types[:BATCH_SIZE]} <= offered and types[-1].id not in offered


def test_bulk_assignment_with_a_foreign_id_writes_nothing(studio, salon, other):
    commits = studio.store.commits
    wishes = [Assignment(staff_id=salon.anna.id, event_type_id=other.cut.id)]
    with pytest.raises(EventTypeNotFound):
        studio.assignments.assign_many(salon.company.id, wishes)
    assert studio.store.commits == commits


def test_a_pair_named_twice_keeps_its_last_options(studio, salon):
    cid, anna, cut = salon.company.id, salon.anna.id, salon.cut.id
    wishes = [
        Assignment(staff_id=anna, event_type_id=cut, custom_price="30.00"),
        Assignment(staff_id=anna, event_type_id=cut, custom_price="35.00", is_primary=True),
    ]
    assert studio.assignments.assign_many(cid, wishes).assigned == 1
    assert studio.assignments.matrix(cid).assignment(anna, cut).custom_price == Decimal("35.00")


def test_the_matrix_has_one_flag_per_staff_and_event_type(studio, salon):
    cid = salon.company.id
    studio.assignments.unassign(cid, salon.ben.id, salon.cut.id)
    studio.assignments.assign(cid, salon.anna.id, salon.cut.id, is_primary=True, custom_price="30")

    matrix = studio.assignments.matrix(cid)
    flags = [
        (member.name, [cell is not None for cell in cells]) for member, cells in matrix.rows()
    ]

    assert [t.name for t in matrix.event_types] == ["Beratung", "Herrenschnitt"]
    assert flags == [("Anna", [True, True]), ("Ben", [True, False])]
    cell = matrix.assignment(salon.anna.id, salon.cut.id)
    assert cell.is_primary and cell.custom_price == Decimal("30.00")


# -- booking and cancelling ----------------------------------------------------------------------
def test_booking_rechecks_and_cancelling_frees_the_time(studio, salon):
    cid, anna, cut = salon.company.id, salon.anna.id, salon.cut.id
    booked = studio.appointments.book(cid, cut, anna, at(10), "Eva", "Eva@Example.org")

    assert booked.id is not None and booked.end - booked.start == timedelta(minutes=30)
    assert booked.customer_email == "Eva@example.org"  # the domain part is case-free
    with pytest.raises(SlotNotAvailable, match="overlaps appointment"):
        studio.appointments.book(cid, cut, anna, at(10), "Max", "max@example.org")
    answer = studio.availability.slots(cid, cut, *whole(), staff_id=anna)
    assert "10:00" not in local_starts(answer)

    cancelled = studio.appointments.cancel(cid, booked.id)
    assert cancelled.status is AppointmentStatus.CANCELLED
    assert studio.appointments.get(cid, booked.id).status is AppointmentStatus.CANCELLED
    with pytest.raises(AppointmentAlreadyCancelled):
        studio.appointments.cancel(cid, booked.id)
    answer = studio.availability.slots(cid, cut, *whole(), staff_id=anna)
    assert "10:00" in local_starts(answer)
    assert studio.appointments.book(cid, cut, anna, at(10), "Max", "max@example.org")


def test_booking_refuses_a_staff_member_without_the_service(studio, salon):
    cid = salon.company.id
    studio.assignments.unassign(cid, salon.ben.id, salon.cut.id)
    with pytest.raises(SlotNotAvailable, match="does not offer"):
        studio.appointments.book(cid, salon.cut.id, salon.ben.id, at(10), "Eva", None)


def test_next_slot_for_one_staff_member(studio, salon):
    cid = salon.company.id
    studio.appointments.book(cid, salon.cut.id, salon.anna.id, at(9), "Eva", None)
    found = studio.availability.next_slot(
        cid, salon.cut.id, staff_id=salon.anna.id, after=at(8)
    )
    assert found.slot.start == at(9, 30) and found.slot.staff_ids == (salon.anna.id,)


# -- what invalidates cached availability ----------------------------------------------------
def changes(studio, salon):
    cid, anna, cut = salon.company.id, salon.anna.id, salon.cut.id
    return {
        "booking": lambda: studio.appointments.book(cid, cut, anna, at(10), "Eva", None),
        "cancel": lambda: studio.appointments.cancel(
            cid, studio.appointments.book(cid, cut, anna, at(11), "Eva", None).id
        ),
        "assignment": lambda: studio.assignments.assign(cid, anna, cut, custom_duration=60),
        "bulk assignment": lambda: studio.assignments.assign_many(
            cid, [Assignment(staff_id=anna, event_type_id=cut, custom_duration=60)]
        ),
        "unassignment": lambda: studio.assignments.unassign(cid, anna, cut),
        "hours": lambda: studio.staffing.set_hours(cid, anna, "mon", ["10:00-11:00"]),
        "override": lambda: studio.staffing.set_override(cid, anna, MONDAY, []),
        "override cleared": lambda: studio.staffing.clear_override(cid, anna, MONDAY),
        "staff change": lambda: studio.staffing.update(cid, anna, active=False),
        "new staff": lambda: studio.staffing.add(cid, "Carla"),
        "event type change": lambda: studio.event_types.update(cid, cut, buffer_after_minutes=15),
        "new event type": lambda: studio.event_types.add(cid, "Bart", 15),
        "default": lambda: studio.event_types.set_default(cid, cut),
    }


CHANGES = [
    "booking", "cancel", "assignment", "bulk assignment", "unassignment", "hours", "override",
    "override cleared", "staff change", "new staff", "event type change", "new event type",
    "default",
]


# Which generations each change bumps: a person's own changes only theirs (issue 18), an event
# type's edit its own (and the company's when its buffers change: they widen booked
# appointments of everyone), company-wide changes the company's.
BUMPED = {
    "booking": {"anna"}, "cancel": {"anna"}, "assignment": {"anna"},
    "bulk assignment": {"anna"}, "unassignment": {"anna"}, "hours": {"anna"},
    "override": {"anna"}, "override cleared": {"anna"}, "staff change": {"anna"},
    "new staff": {"Carla"}, "event type change": {"cut", "company"}, "new event type": {"company"},
    "default": {"company"},
}


def bumped(studio, salon, before):
    state = studio.store.state
    names = {
        salon.company.id: "company", ("staff", salon.anna.id): "anna",
        ("event_types", salon.cut.id): "cut",
    }
    return {
        names.get(key) or state.staff[key[1]].name
        for key, value in state.generations.items()
        if value != before.get(key)
    }


@pytest.mark.parametrize("change", CHANGES)
def test_every_change_that_can_alter_availability_bumps_the_generation(studio, salon, change):
    before = dict(studio.store.state.generations)
    generation = company_generation(studio, salon)
    every = changes(studio, salon)
    assert set(every) == set(CHANGES)
    every[change]()
    assert bumped(studio, salon, before) == BUMPED[change]
    assert company_generation(studio, salon) > generation


def company_generation(studio, salon):
    with studio.store.unit_of_work() as uow:
        return uow.companies.generation(salon.company.id)


def test_a_refused_change_leaves_the_generation_alone(studio, salon):
    cid = salon.company.id
    studio.appointments.book(cid, salon.cut.id, salon.anna.id, at(10), "Eva", None)
    before = dict(studio.store.state.generations)
    with pytest.raises(SlotNotAvailable):
        studio.appointments.book(cid, salon.cut.id, salon.anna.id, at(10), "Max", None)
    assert studio.store.state.generations == before


# Moments around the 09:00 and 09:30 slot starts, where one more second drops a slot.
NEAR_A_SLOT = [
    timedelta(hours=h, minutes=m, seconds=sec)
    for h, m, sec in [
        (8, 29, 59), (8, 30, 0), (8, 59, 0), (8, 59, 59), (9, 0, 0), (9, 0, 1), (9, 0, 30),
        (9, 0, 59), (9, 1, 0), (9, 29, 59), (9, 30, 0), (9, 30, 1), (14, 0, 0),
    ]
]


@pytest.mark.parametrize("notice", [0, 1, 30])
@pytest.mark.parametrize("ask_from", [timedelta(hours=6), timedelta(hours=9, seconds=30)])
def test_a_cached_answer_equals_a_fresh_one_whatever_now_is(studio, salon, notice, ask_from):
    """Reuse across different "now"s is exact: the answer cached at one ``now`` and served at
    another is what the engine computes at the second."""
    cid = salon.company.id
    studio.event_types.update(cid, salon.cut.id, minimum_notice_minutes=notice)
    midnight = at(0)
    start, end = midnight + ask_from, at(18)

    def answer(now, cache):
        transactions = Transactions(studio.store.unit_of_work, RecordingPublisher())
        service = Availability(transactions, studio.clock, cache)
        return service.slots(cid, salon.cut.id, start, end, now=midnight + now)

    for first in NEAR_A_SLOT:
        for second in NEAR_A_SLOT:
            cache = FakeCache()
            answer(first, cache)
            served = answer(second, cache)
            assert served == answer(second, FakeCache()), (first, second)


def test_a_slot_that_falls_inside_the_notice_is_not_served_from_the_cache(studio, salon):
    cid = salon.company.id
    first = studio.availability.slots(cid, salon.cut.id, at(9), at(12), now=at(9))
    half_a_minute_later = at(9) + timedelta(seconds=30)
    second = studio.availability.slots(cid, salon.cut.id, at(9), at(12), now=half_a_minute_later)

    assert local_starts(first)[0] == "09:00" and local_starts(second)[0] == "09:30"


def test_cached_answers_are_reused_for_a_range_beyond_the_notice(studio, salon):
    cid = salon.company.id
    tomorrow = whole(MONDAY + timedelta(days=1))
    first = studio.availability.slots(cid, salon.cut.id, *tomorrow, now=at(9))
    misses = studio.cache.misses
    later = studio.availability.slots(cid, salon.cut.id, *tomorrow, now=at(9, 7))

    assert studio.cache.misses == misses and later == first
