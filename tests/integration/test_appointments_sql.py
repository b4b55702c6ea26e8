"""The appointment use-cases on SQLite and PostgreSQL: every entity survives the round trip,
availability through the store equals the engine on the same data, bookings re-check under a
lock (threads and processes), tenants stay apart, and availability costs a constant number of
SELECTs."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from dependency_injector import providers
from sqlalchemy import event

from studiobook.application.appointments.ports import CompanyRef
from studiobook.application.appointments.tenancy import EventTypeNotFound, StaffNotFound
from studiobook.application.shared.ports import StoreBusy
from studiobook.domain.appointments import (
    AppointmentStatus,
    Assignment,
    BookedTime,
    WorkingHours,
    available_slots,
)
from studiobook.domain.appointments.errors import InvalidAppointment, SlotNotAvailable
from tests.fakes import FakeClock
from tests.integration.appointment_support import (
    BERLIN,
    MONDAY,
    SelectCounter,
    at,
    open_salon,
    whole,
)
from tests.integration.test_concurrent_booking import all_at_once
from tests.process_gate import release_together
from tests.real_time import coming


@pytest.fixture
def studio(container):
    """The real container on a real database, with the clock frozen at 2026-11-27 09:00 UTC."""
    container.clock.override(providers.Object(FakeClock()))
    return container


# -- round trips -------------------------------------------------------------------------------
def test_every_entity_survives_the_round_trip(studio):
    companies, staffing, event_types = studio.companies(), studio.staffing(), studio.event_types()
    company = companies.create("Praxis Dr. Weber", "Europe/Vienna")
    branch = companies.add_branch(company.id, "Graz", "Europe/Vienna")
    hours = WorkingHours(
        weekly={"mon": ["08:00-12:00", "13:00-18:30"], "sat": ["09:00-13:00"]},
        overrides={date(2026, 12, 24): ["08:00-11:00"], date(2026, 12, 25): []},
    )
    member = staffing.add(
        company.id, "Dr. Jürgen Weber", branch_id=branch.id, time_zone="America/New_York",
        calcom_username="weber", working_hours=hours, active=False,
    )  # fmt: skip
    synced = datetime(2026, 11, 20, 8, 30, 15, tzinfo=UTC)
    service = event_types.add(
        company.id, "Erstuntersuchung", 45,
        price=Decimal("129.90"), slug="erst", description="Mit Anamnese.", branch_id=branch.id,
        active=True, team_event=True, requires_confirmation=True, slot_interval_minutes=15,
        buffer_before_minutes=5, buffer_after_minutes=10, minimum_notice_minutes=120,
        booking_limits={"per_day": 3}, metadata={"farbe": "grün", "räume": [1, 2]},
        calcom_id=4_000_000_001, last_synced_at=synced, default=True,
    )  # fmt: skip
    override = {"weekly": {"mon": ["08:00-10:00"]}}
    assignment = studio.assignments().assign(
        company.id, member.id, service.id,
        is_primary=True, custom_duration=50, custom_price="139.00",
        availability_override=override,
    )  # fmt: skip

    assert companies.get(company.id).default_event_type_id == service.id
    assert companies.branches(company.id) == [branch]
    stored = staffing.get(company.id, member.id)
    assert stored == member and stored.working_hours == hours
    assert stored.working_hours.is_day_off(date(2026, 12, 25))
    read = event_types.get(company.id, service.id)
    assert read == service and read.price == Decimal("129.90")
    assert read.metadata == {"farbe": "grün", "räume": [1, 2]}
    assert read.booking_limits.per_day == 3 and read.last_synced_at == synced
    cells = studio.assignments().list(company.id)
    assert cells == [assignment]
    assert cells[0].custom_price == Decimal("139.00") and isinstance(cells[0].custom_price, Decimal)
    assert cells[0].availability_override == WorkingHours.from_dict(override)
    # The availability head reads each candidate's whole staff row and assignment with it.
    with studio.store().unit_of_work() as uow:
        everyone = uow.companies.availability_head(CompanyRef(id=company.id), None, None, None)
        wish = uow.companies.availability_head(
            CompanyRef(slug=company.slug), service.id, member.id, branch.id
        )
    for head in (everyone, wish):
        assert [(c.member, c.assignment) for c in head.staff] == [(stored, cells[0])]
        assert head.staff[0].member.working_hours == hours
        assert head.staff[0].offers and head.staff[0].calcom_username == "weber"


def test_appointments_round_trip_and_cancel(studio):
    salon = open_salon(studio, staff=1)
    appointments = studio.appointments()
    booked = appointments.book(salon.id, salon.cut.id, salon.anna.id, at(10), "Eva", "eva@x.org")

    assert appointments.get(salon.id, booked.id) == booked
    assert booked.start == at(10) and booked.start.tzinfo is UTC
    cancelled = appointments.cancel(salon.id, booked.id)
    assert appointments.get(salon.id, booked.id) == cancelled
    assert cancelled.status is AppointmentStatus.CANCELLED
    assert appointments.list(salon.id, staff_id=salon.anna.id) == [cancelled]
    assert appointments.list(salon.id, start=at(10, 30), end=at(12)) == []


def test_an_appointment_longer_than_a_day_is_refused_by_the_store(studio):
    """Window queries rely on it: the (staff, start) index bounds them from both sides."""
    from studiobook.domain.appointments import Appointment

    salon = open_salon(studio, staff=1)
    too_long = Appointment(
        company_id=salon.id, staff_id=salon.anna.id, event_type_id=salon.cut.id,
        start=at(10), end=at(10) + timedelta(days=1, minutes=1), customer_name="Eva",
    )  # fmt: skip
    with studio.store().unit_of_work(for_writing=True) as uow:
        with pytest.raises(InvalidAppointment, match="at most 1440 minutes"):
            uow.appointments.add(too_long)


def test_the_occupying_read_gives_each_booking_its_own_event_types_buffers(studio):
    salon = open_salon(studio, staff=2)
    cid, anna, ben = salon.id, salon.anna.id, salon.staff[1].id
    colour = studio.event_types().add(
        cid, "Färben", 60, buffer_before_minutes=5, buffer_after_minutes=15
    )
    studio.assignments().assign(cid, anna, colour.id)
    book = studio.appointments().book
    dyed = book(cid, colour.id, anna, at(10), "Uta", None)
    cut = book(cid, salon.cut.id, ben, at(9, 30), "Eva", None)
    studio.appointments().cancel(cid, book(cid, salon.cut.id, anna, at(13), "Max", None).id)
    book(cid, salon.cut.id, anna, at(9), "Ida", None)  # ends at 09:30: outside the window
    with studio.store().unit_of_work() as uow:
        found = uow.appointments.occupying(cid, [anna, ben], at(9, 30), at(17))
        nobody = uow.appointments.occupying(cid, [], at(9), at(17))
    assert found == [
        BookedTime(appointment_id=cut.id, staff_id=ben, event_type_id=salon.cut.id,
                   start=at(9, 30), end=at(10), buffer_before_minutes=0, buffer_after_minutes=0),
        BookedTime(appointment_id=dyed.id, staff_id=anna, event_type_id=colour.id,
                   start=at(10), end=at(11), buffer_before_minutes=5, buffer_after_minutes=15),
    ]  # fmt: skip
    assert found[1].blocked() == (at(9, 55), at(11, 15))
    assert nobody == []


def test_booked_spans_are_the_occupying_read_in_epoch_seconds(studio):
    """The read public availability counts with (issue 18): the booked times whose blocked time
    (buffers applied) overlaps the window, the start rounded down and the end up to the second
    (an imported appointment may end on a fraction of one), on both engines."""
    from studiobook.domain.appointments import Appointment, BookedSpan

    test_the_occupying_read_gives_each_booking_its_own_event_types_buffers(studio)
    cid = studio.companies().list()[-1].id
    staff = [m.id for m in studio.staffing().list(cid)]
    cut, colour = (t.id for t in studio.event_types().list(cid) if t.name != "Beratung")
    odd = Appointment(
        company_id=cid, staff_id=staff[1], event_type_id=cut, customer_name="Imported",
        start=at(15) + timedelta(seconds=7, microseconds=250_000),
        end=at(15, 30) + timedelta(seconds=7, microseconds=250_001),
    )  # fmt: skip
    # Over by 09:25, its 15 minutes of clean-up reach into the window; Ida's cut (09:00-09:30,
    # no buffers) does not.
    early = Appointment(
        company_id=cid, staff_id=staff[0], event_type_id=colour, customer_name="Early",
        start=at(8, 25), end=at(9, 25),
    )  # fmt: skip
    with studio.store().unit_of_work(for_writing=True) as uow:
        uow.appointments.add(odd)
        uow.appointments.add(early)
        uow.commit()
    low, high = at(9, 30).timestamp(), at(17).timestamp()
    with studio.store().unit_of_work() as uow:
        spans = uow.appointments.booked_spans(cid, staff, at(9, 30), at(17))
        wide = uow.appointments.occupying(cid, staff, at(6), at(20))
        assert uow.appointments.booked_spans(cid, [], at(9), at(17)) == []
    blocking = [
        b for b in map(BookedSpan.of, wide) if b.blocked_until > low and b.blocked_from < high
    ]  # fmt: skip
    assert sorted(spans) == sorted(blocking)
    assert len(spans) == 4 and len(wide) == 5
    assert BookedSpan(staff[0], colour, int(at(8, 25).timestamp()), int(at(8, 20).timestamp()),
                      int(at(9, 40).timestamp())) in spans  # fmt: skip
    start = int(odd.start.timestamp() // 1)
    assert BookedSpan(staff[1], cut, start, start, start + 30 * 60 + 1) in spans
    dyed = int(at(10).timestamp())
    assert BookedSpan(staff[0], colour, dyed, dyed - 5 * 60, dyed + 75 * 60) in spans
    assert_read_from_the_index_alone(studio, cid, staff)


def assert_read_from_the_index_alone(studio, company_id, staff_ids) -> None:
    """The booked times come from the covering index without visiting a row (schema 0017): on
    SQLite, by the plan of the statement as it ran (PostgreSQL chooses by its statistics, and a
    young table's pages are not all-visible yet, so its plan says nothing stable here)."""
    engine = studio.store().engine
    if engine.dialect.name != "sqlite":
        return
    ran = []

    def seen(conn, cursor, statement, parameters, context, executemany) -> None:
        if "FROM appointments" in statement and "event_types" not in statement:
            ran.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", seen)
    try:
        with studio.store().unit_of_work() as uow:
            uow.appointments.booked_spans(company_id, staff_ids, at(9, 30), at(17))
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    (statement, parameters), = ran
    with engine.connect() as connection:
        plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
    assert any("COVERING INDEX ix_appointments_staff_booked" in row[-1] for row in plan), plan


def test_booked_spans_read_an_event_type_of_another_company_instead_of_failing(studio):
    """Data the app never writes (an import gone wrong, a hand-made row) must not break the
    public availability read: the joined read it replaced found any event type's buffers."""
    from studiobook.domain.appointments import Appointment, BookedSpan

    salon = open_salon(studio, staff=1)
    other = studio.companies().create("Praxis", "Europe/Berlin")
    foreign = studio.event_types().add(other.id, "Fremd", 30, buffer_after_minutes=20)
    with studio.store().unit_of_work(for_writing=True) as uow:
        uow.appointments.add(Appointment(
            company_id=salon.id, staff_id=salon.anna.id, event_type_id=foreign.id,
            customer_name="Import", start=at(10), end=at(10, 30),
        ))  # fmt: skip
        uow.commit()
    with studio.store().unit_of_work() as uow:
        spans = uow.appointments.booked_spans(salon.id, [salon.anna.id], at(9), at(12))
    ten = int(at(10).timestamp())
    assert spans == [BookedSpan(salon.anna.id, foreign.id, ten, ten, ten + 50 * 60)]


def test_bulk_assignment_upserts_on_the_real_store(studio):
    salon = open_salon(studio, staff=3)
    extra = [studio.event_types().add(salon.id, f"Leistung {i}", 20) for i in range(70)]
    wishes = [
        Assignment(staff_id=m.id, event_type_id=t.id, custom_price="10.00")
        for m in salon.staff
        for t in [salon.cut, *extra]
    ]

    result = studio.assignments().assign_many(salon.id, wishes)

    assert (result.assigned, result.batches) == (213, 3)
    matrix = studio.assignments().matrix(salon.id)
    assert all(matrix.offers(m.id, t.id) for m in salon.staff for t in [salon.cut, *extra])
    # The salon's original assignment got the new options (an upsert, not a second row).
    assert matrix.assignment(salon.anna.id, salon.cut.id).custom_price == Decimal("10.00")
    assert len(studio.assignments().list(salon.id, staff_id=salon.anna.id)) == 71


# -- availability through the store equals the engine ----------------------------------------
def test_availability_through_the_store_equals_the_engine(studio):
    salon = open_salon(studio, staff=4)
    cid, cut = salon.id, salon.cut
    staffing, appointments = studio.staffing(), studio.appointments()
    branch = studio.companies().add_branch(cid, "Nord")
    staffing.update(cid, salon.staff[3].id, branch_id=branch.id)
    staffing.set_override(cid, salon.staff[1].id, MONDAY, ["12:00-20:00"])
    staffing.update(cid, salon.staff[2].id, time_zone="Europe/London")
    studio.assignments().assign(cid, salon.staff[0].id, cut.id, custom_duration=45)
    studio.event_types().update(cid, cut.id, buffer_after_minutes=10, minimum_notice_minutes=30)
    for member, hour in zip(salon.staff, (9, 12, 16, 10), strict=True):
        appointments.book(cid, cut.id, member.id, at(hour), "Eva", None)
    # Another service with buffers of its own: the store reads them with the booking.
    colour = studio.event_types().add(
        cid, "Färben", 60, buffer_before_minutes=15, buffer_after_minutes=20
    )
    studio.assignments().assign(cid, salon.staff[1].id, colour.id)
    appointments.book(cid, colour.id, salon.staff[1].id, at(14), "Uta", None)
    appointments.cancel(cid, appointments.book(cid, cut.id, salon.anna.id, at(14), "Max", None).id)
    # Appointments reaching into the range from outside it matter too: Anna's 09:00-09:45 starts
    # before it, this one (15:30 London) starts at its end and blocks the 16:00 slot's buffer.
    tuesday = MONDAY + timedelta(days=1)
    appointments.book(cid, cut.id, salon.staff[2].id, at(16, 30, day=tuesday), "Ida", None)

    staff = staffing.list(cid)
    event_type = studio.event_types().get(cid, cut.id)
    assignments = studio.assignments().list(cid)
    types = {t.id: t for t in studio.event_types().list(cid)}
    booked = [BookedTime.of(a, types[a.event_type_id]) for a in appointments.list(cid)
              if a.occupies_staff]  # fmt: skip
    now = datetime(2026, 11, 30, 8, 7, 30, tzinfo=UTC)
    for ask in [{}, {"staff_id": salon.anna.id}, {"branch_id": branch.id}]:
        start, end = at(9, 30), at(16, 30, day=tuesday)
        answer = studio.availability().slots(cid, cut.id, start, end, now=now, **ask)
        candidates = [m for m in staff if ask.get("staff_id") in (None, m.id)]
        expected = available_slots(
            event_type, staff=candidates, assignments=assignments, appointments=booked,
            start=start, end=end, now=now, branch_id=ask.get("branch_id"),
        )  # fmt: skip
        assert answer.slots == tuple(expected), ask
        assert answer.slots and not answer.fallback_used


def test_next_slot_through_the_store(studio):
    salon = open_salon(studio, staff=1)
    cid, cut, anna = salon.id, salon.cut.id, salon.anna.id
    for hour, minute in [(9, 0), (9, 30), (10, 0)]:
        studio.appointments().book(cid, cut, anna, at(hour, minute), "Eva", None)
    found = studio.availability().next_slot(cid, cut, after=at(8))
    assert found.slot.start == at(10, 30) and found.slot.staff_ids == (anna,)
    nobody = studio.availability().next_slot(cid, cut, staff_id=anna, after=at(8), horizon_days=1)
    assert nobody.slot is not None
    studio.staffing().set_override(cid, anna, MONDAY, [])
    assert studio.availability().next_slot(cid, cut, after=at(8), horizon_days=1).slot is None


def test_booking_rechecks_and_refuses_an_overlapping_slot(studio):
    salon = open_salon(studio, staff=1)
    cid, cut, anna = salon.id, salon.cut.id, salon.anna.id
    studio.appointments().book(cid, cut, anna, at(10), "Eva", None)
    with pytest.raises(SlotNotAvailable, match="overlaps appointment"):
        studio.appointments().book(cid, cut, anna, at(10, 15), "Max", None)
    assert len(studio.appointments().list(cid)) == 1


def test_tenants_stay_apart_on_the_real_store(studio):
    ours, theirs = open_salon(studio, name="Ours"), open_salon(studio, name="Theirs")
    with pytest.raises(StaffNotFound):
        studio.staffing().get(ours.id, theirs.anna.id)
    with pytest.raises(StaffNotFound):
        studio.appointments().book(ours.id, ours.cut.id, theirs.anna.id, at(10), "Spion", None)
    with pytest.raises(EventTypeNotFound):
        studio.assignments().assign(ours.id, ours.anna.id, theirs.cut.id)
    with pytest.raises(StaffNotFound):
        studio.availability().slots(ours.id, ours.cut.id, *whole(), staff_id=theirs.anna.id)
    fallback = studio.availability().slots(ours.id, theirs.cut.id, *whole())
    assert fallback.fallback_used and fallback.event_type_id == ours.company.default_event_type_id
    assert {m.id for m in studio.assignments().matrix(ours.id).staff} == {m.id for m in ours.staff}
    assert studio.company_lookup().of_staff(theirs.anna.id) == theirs.id


def test_availability_runs_a_constant_number_of_selects(studio):
    small, large = open_salon(studio, staff=2, name="Klein"), open_salon(studio, staff=20, name="Groß")
    for salon in (small, large):
        for member in salon.staff:
            studio.appointments().book(salon.id, salon.cut.id, member.id, at(11), "Eva", None)
    engine = studio.store().engine
    counts = {}
    for salon in (small, large):
        with SelectCounter(engine) as selects:
            answer = studio.availability().slots(salon.id, salon.cut.id, *whole(days=5))
        counts[len(salon.staff)] = selects.count
        assert {i for s in answer.slots for i in s.staff_ids} == {m.id for m in salon.staff}

    # 4 whatever the staff count: the head (the company, its event types, the candidates with
    # their rows and assignments), the company's word on its closed days (issue 17), the
    # buffers of its event types, and the booked times.
    assert counts[20] == counts[2] == 4, counts


# -- concurrency: exactly one of many overlapping bookings of one person wins -------------------
def outcomes_are_one_winner(outcomes) -> None:
    winners = [o for o in outcomes if not isinstance(o, Exception)]
    losers = [o for o in outcomes if isinstance(o, Exception)]
    assert len(winners) == 1, outcomes
    unexpected = [o for o in losers if not isinstance(o, SlotNotAvailable | StoreBusy)]
    assert unexpected == [], unexpected


def test_16_threads_booking_overlapping_times_for_one_person_one_wins(studio):
    salon = open_salon(studio, staff=1)
    cid, cut, anna = salon.id, salon.cut.id, salon.anna.id

    def booker(i: int):
        start = at(10, 15 * (i % 2))  # 10:00-10:30 and 10:15-10:45 all overlap
        return lambda: studio.appointments().book(cid, cut, anna, start, f"Racer {i}", None)

    outcomes = all_at_once([booker(i) for i in range(16)])

    outcomes_are_one_winner(outcomes)
    assert [a.status for a in studio.appointments().list(cid)] == [AppointmentStatus.BOOKED]


BOOK_IN_A_PROCESS = r"""
import os, sys, time
from datetime import datetime
url, ready, gate, company, event_type, staff, start = sys.argv[1:]
from studiobook.application.container import build_container
from studiobook.application.settings import Settings
container = build_container(Settings(database_url=url, load_entry_points=False))
appointments = container.appointments()
open(ready, "w").close()
deadline = time.monotonic() + 120
while not os.path.exists(gate) and time.monotonic() < deadline:
    time.sleep(0.005)
try:
    booked = appointments.book(
        int(company), int(event_type), int(staff), datetime.fromisoformat(start), "Racer", None
    )
    print("booked", booked.id)
except Exception as error:
    print(type(error).__name__, error)
"""


@pytest.mark.slow
@pytest.mark.clock  # the processes book on the system clock
def test_8_processes_booking_overlapping_times_for_one_person_one_wins(
    container, database_url, tmp_path: Path
):
    salon = open_salon(container, staff=1)
    day = coming("mon", BERLIN)
    gate = tmp_path / "gate"
    ready = [tmp_path / f"ready-{i}" for i in range(8)]
    env = {**os.environ, "STUDIOBOOK_LOAD_PLUGINS": "0"}
    processes = [
        subprocess.Popen(
            [
                sys.executable, "-c", BOOK_IN_A_PROCESS, database_url, str(flag), str(gate),
                str(salon.id), str(salon.cut.id), str(salon.anna.id),
                at(10, 15 * (i % 2), day=day).isoformat(),
            ],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )  # fmt: skip
        for i, flag in enumerate(ready)
    ]
    results = release_together(processes, ready, gate)

    lines = [out.strip() for out, _ in results]
    assert all(err.strip() == "" for _, err in results), [err for _, err in results]
    assert sum(line.startswith("booked ") for line in lines) == 1, lines
    assert all(
        line.startswith(("booked ", "SlotNotAvailable ", "StoreBusy ")) for line in lines
    ), lines
    booked = container.appointments().list(salon.id)
    assert len(booked) == 1 and f"booked {booked[0].id}" in lines
