"""Availability and appointments of a company connected to Cal.com, on the real store, against
the fake Cal.com over real HTTP on 127.0.0.1 (no mocked httpx).

The company's staff match the fake's demo salon by username and schedule; Larry has no Cal.com
username. The connection wiring is stood in for by :class:`FakeCalcomCalendars`: a real
``CalcomClient`` pointed at the fake for connected companies. Times are Berlin wall-clock on
Monday 2026-11-30; the FakeClock says Friday 2026-11-27 09:00 UTC. The last test plugs in the
real connection wiring (``company_calendars``) instead.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

import pytest
from dependency_injector import providers

from studiobook.adapters.cache.memory import MemoryCache
from studiobook.adapters.calcom.client import CalcomClient
from studiobook.adapters.fakes.calcom import FakeCalcom
from studiobook.adapters.http_json import RetryPolicy
from studiobook.application.appointments.appointments import Appointments, Availability
from studiobook.application.appointments.calcom.remote import CANCEL_REASON, WITHDRAW_REASON
from studiobook.application.shared.ports import GatewayInvalidRequest, GatewayUnavailable, StoreBusy
from studiobook.application.shared.transactions import Transactions
from tests.fakes import FakeClock
from tests.integration.appointment_support import MONDAY, WEEKDAYS, at, whole

HERRENSCHNITT = 801  # the fake's: 30 minutes, every 15, 5 minutes after; hosts mehmet, julia, lukas
RETRY = RetryPolicy(attempts=3, base_delay=0.001, max_delay=0.002)
PATIENT = dict(timeout=5.0, connect_timeout=5.0, retry=RETRY, sleep=lambda seconds: None)
# The starts whose [s, s + 35 min) touch a 10:00-11:00 block (Cal.com keeps the 5 after free).
TOUCHING_TEN = {at(9, 30), at(9, 45), at(10), at(10, 15), at(10, 30), at(10, 45)}


class FakeCalcomCalendars:
    """Stands in for the company connection wiring (``CompanyCalendars``): companies in
    ``connected`` get a real client for the fake; ``open`` counts gateways not yet closed."""

    def __init__(self, fake: FakeCalcom, **options) -> None:
        self.fake, self.options = fake, options
        self.connected: set = set()
        self.open = 0

    def for_company(self, company_id):
        if company_id not in self.connected:
            return None
        calendars = self

        class Tracked(CalcomClient):
            def close(self) -> None:
                calendars.open -= 1
                super().close()

        self.open += 1
        return Tracked(self.fake.url, self.fake.api_key, **self.options)


@dataclass
class Salon:
    id: int
    cut: int  # Cal.com's Herrenschnitt
    lukas: int
    julia: int
    larry: int  # no Cal.com username


@pytest.fixture
def fake():
    with FakeCalcom() as running:
        yield running


@pytest.fixture
def calendars(fake):
    calendars = FakeCalcomCalendars(fake, **PATIENT)
    yield calendars
    assert calendars.open == 0, "every gateway handed out is closed"


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def studio(container, calendars, clock):
    container.clock.override(providers.Object(clock))
    container.company_calendars.override(providers.Object(calendars))
    return container


def weekly(days, *ranges) -> dict:
    return {"weekly": {day: list(ranges) for day in days}}


@pytest.fixture
def salon(studio, calendars) -> Salon:
    company = studio.companies().create("Salon Haarmonie", "Europe/Berlin")
    cut = studio.event_types().add(
        company.id, "Herrenschnitt", 30, slot_interval_minutes=15, buffer_after_minutes=5,
        calcom_id=HERRENSCHNITT,
    )  # fmt: skip
    add = studio.staffing().add
    lukas = add(company.id, "Lukas Hoffmann", calcom_username="lukas-hoffmann",
                working_hours=weekly(WEEKDAYS, "09:00-13:00", "13:30-17:30"))
    julia = add(company.id, "Julia Becker", calcom_username="julia-becker",
                working_hours=weekly(("mon", "tue", "wed", "thu"), "08:00-12:00", "12:30-16:30"))
    larry = add(company.id, "Larry Lokal", working_hours=weekly(WEEKDAYS, "09:00-17:00"))
    for member in (lukas, julia, larry):
        studio.assignments().assign(company.id, member.id, cut.id)
    calendars.connected.add(company.id)
    return Salon(company.id, cut.id, lukas.id, julia.id, larry.id)


def slots(studio, salon, event_type_id=None, **options):
    return studio.availability().slots(salon.id, event_type_id or salon.cut, *whole(), **options)


def local_slots(studio, salon, event_type_id=None, **options):
    """The same question without Cal.com (no company connected, a cache of its own)."""
    local = Availability(studio.transactions(), studio.clock(), MemoryCache())
    return local.slots(salon.id, event_type_id or salon.cut, *whole(), **options)


def starts(answer, staff_id) -> set:
    return {slot.start for slot in answer.slots if staff_id in slot.staff_ids}


def slot_requests(fake) -> int:
    return fake.count("GET", "/slots")


# -- availability -------------------------------------------------------------------------------
def test_a_time_cal_com_reports_busy_is_not_offered_and_local_only_staff_are_unaffected(
    studio, salon, fake
):
    fake.block("lukas-hoffmann", at(10), at(11))  # e.g. his private calendar, no booking

    combined, local = slots(studio, salon), local_slots(studio, salon)

    assert not combined.degraded and not local.degraded
    assert TOUCHING_TEN <= starts(local, salon.lukas)
    assert starts(local, salon.lukas) - starts(combined, salon.lukas) == TOUCHING_TEN
    assert starts(combined, salon.julia) == starts(local, salon.julia)  # same hours there
    assert starts(combined, salon.larry) == starts(local, salon.larry)
    ten = next(s for s in combined.slots if s.start == at(10))
    assert ten.staff_ids == (salon.julia, salon.larry)
    assert slot_requests(fake) == 2  # Lukas and Julia; Larry has no username

    alone = slots(studio, salon, staff_id=salon.lukas)
    assert at(10) not in {s.start for s in alone.slots} and at(11) in starts(alone, salon.lukas)


def test_a_booking_in_cal_com_blocks_like_busy_time(studio, salon, fake):
    lukas = fake.user_id("lukas-hoffmann")
    fake.add_booking(HERRENSCHNITT, at(14), [lukas], {"name": "X", "email": "x@example.com"})

    combined = slots(studio, salon, staff_id=salon.lukas)

    assert at(14) not in starts(combined, salon.lukas)
    assert at(13, 30) not in starts(combined, salon.lukas)  # would run into it
    assert at(14, 45) in starts(combined, salon.lukas)  # 14:30 + 5 minutes after


def test_without_a_cal_com_id_or_a_connection_only_local_data_counts(
    studio, salon, fake, calendars
):
    fake.block("lukas-hoffmann", at(10), at(11))
    local_only = studio.event_types().add(salon.id, "Beratung", 30, slot_interval_minutes=15)
    studio.assignments().assign(salon.id, salon.lukas, local_only.id)

    own = slots(studio, salon, local_only.id)
    calendars.connected.clear()
    unconnected = slots(studio, salon)

    assert at(10) in starts(own, salon.lukas) and at(10) in starts(unconnected, salon.lukas)
    assert not own.degraded and not unconnected.degraded
    assert unconnected.slots == local_slots(studio, salon).slots
    assert fake.count() == 0


@pytest.mark.parametrize("fault", ["500", "timeout"])
def test_when_cal_com_fails_the_answer_is_local_and_says_degraded(
    studio, salon, fake, calendars, caplog, fault
):
    fake.block("lukas-hoffmann", at(10), at(11))
    if fault == "500":
        fake.fail_next(times=10, status=500, path="/slots")
    else:
        calendars.options["timeout"] = 0.3
        fake.slow_next(times=10, seconds=1.0, path="/slots")

    with caplog.at_level(logging.WARNING, logger="studiobook.calendar"):
        answer = slots(studio, salon)

    assert answer.degraded
    assert answer.slots == local_slots(studio, salon).slots  # Lukas still offered at 10:00
    assert at(10) in starts(answer, salon.lukas)
    assert "answered from local data only" in caplog.text
    assert slot_requests(fake) == 3  # one username's three attempts, then local data


def test_the_combined_answer_is_cached_for_15_minutes(studio, salon, fake, clock):
    fake.block("lukas-hoffmann", at(10), at(11))
    first = slots(studio, salon)
    asked = slot_requests(fake)

    clock.advance(minutes=14, seconds=59)
    assert slots(studio, salon) is first and slot_requests(fake) == asked

    clock.advance(seconds=1)
    again = slots(studio, salon)
    assert again == first and again is not first and slot_requests(fake) == 2 * asked


def test_a_degraded_answer_is_kept_for_a_minute_only(studio, salon, fake, clock):
    fake.block("lukas-hoffmann", at(10), at(11))
    fake.fail_next(times=3, status=500, path="/slots")
    degraded = slots(studio, salon)
    assert degraded.degraded and slot_requests(fake) == 3

    clock.advance(seconds=59)  # Cal.com is back, but an outage is not asked about every time
    assert slots(studio, salon) is degraded and slot_requests(fake) == 3

    clock.advance(seconds=1)
    fresh = slots(studio, salon)
    assert not fresh.degraded and slot_requests(fake) == 5
    assert at(10) not in starts(fresh, salon.lukas)


def test_next_slot_is_one_cal_com_offers_too(studio, salon, fake):
    fake.block("lukas-hoffmann", at(9), at(12))

    def lukas_next():
        return studio.availability().next_slot(
            salon.id, salon.cut, staff_id=salon.lukas, after=at(9)
        )

    found = lukas_next()
    assert (found.slot.start, found.degraded) == (at(12), False)

    fake.block("lukas-hoffmann", at(12), at(0, day=MONDAY + timedelta(days=2)))
    later = lukas_next()  # beyond the first search window
    assert (later.slot.start, later.degraded) == (at(9, day=MONDAY + timedelta(days=2)), False)

    fake.fail_next(times=3, status=503, path="/slots")
    degraded = lukas_next()
    assert (degraded.slot.start, degraded.degraded) == (at(9), True)  # the local answer


# -- booking and cancelling ----------------------------------------------------------------------
def book(studio, salon, start=None, staff_id=None, service=None):
    return (service or studio.appointments()).book(
        salon.id, salon.cut, staff_id or salon.lukas, start or at(10), "Eva Kunde",
        "eva@example.com",
    )  # fmt: skip


def audit_rows(studio, salon) -> list:
    return list(reversed(studio.audit().list(salon.id, entity="appointment")))


def test_booking_creates_the_cal_com_booking_and_stores_its_uid(studio, salon, fake):
    fake.change_event_type(HERRENSCHNITT, hosts=("lukas-hoffmann",))

    booked = book(studio, salon)

    remote = fake.booking(booked.calcom_booking_uid)
    assert remote["status"] == "accepted" and remote["start"] == "2026-11-30T09:00:00.000Z"
    assert [h["username"] for h in remote["hosts"]] == ["lukas-hoffmann"]
    assert remote["attendees"][0]["email"] == "eva@example.com"
    stored = studio.appointments().get(salon.id, booked.id)
    assert stored.calcom_booking_uid == booked.calcom_booking_uid
    [row] = audit_rows(studio, salon)
    assert (row.action, row.entity_id) == ("create", str(booked.id))
    assert row.after["calcom_booking_uid"] == booked.calcom_booking_uid
    assert at(10) not in starts(slots(studio, salon), salon.lukas)


def test_a_local_only_event_type_or_staff_member_is_not_booked_in_cal_com(studio, salon, fake):
    for_larry = book(studio, salon, staff_id=salon.larry)
    local_only = studio.event_types().add(salon.id, "Beratung", 30)
    studio.assignments().assign(salon.id, salon.lukas, local_only.id)
    for_beratung = studio.appointments().book(
        salon.id, local_only.id, salon.lukas, at(14), "Eva", "eva@example.com"
    )

    assert for_larry.calcom_booking_uid is None and for_beratung.calcom_booking_uid is None
    assert fake.count("POST", "/bookings") == 0


def test_cal_com_choosing_another_host_is_logged(studio, salon, fake, caplog):
    # Julia is the fake's first free host at 10:00; the booking request cannot name one.
    with caplog.at_level(logging.WARNING, logger="studiobook.calendar"):
        booked = book(studio, salon)

    assert booked.calcom_booking_uid in caplog.text and "not to lukas-hoffmann" in caplog.text
    assert fake.booking(booked.calcom_booking_uid)["hosts"][0]["username"] == "julia-becker"


@pytest.mark.parametrize(
    ("refusal", "error", "message"),
    [
        ("taken", GatewayInvalidRequest, "No available users found for this time slot"),
        ("down", GatewayUnavailable, "check before repeating it"),
    ],
)
def test_a_cal_com_refusal_leaves_nothing_here(studio, salon, fake, refusal, error, message):
    fake.change_event_type(HERRENSCHNITT, hosts=("lukas-hoffmann",))
    if refusal == "taken":
        fake.block("lukas-hoffmann", at(10), at(11))
    else:
        fake.fail_next(times=1, status=500, method="POST", path="/bookings")

    with pytest.raises(error, match=message) as refused:
        book(studio, salon)

    assert str(refused.value).startswith("Cal.com: ")
    assert studio.appointments().list(salon.id) == []
    assert audit_rows(studio, salon) == []
    assert fake.bookings == {}


def test_cancelling_cancels_in_cal_com_too(studio, salon, fake):
    fake.change_event_type(HERRENSCHNITT, hosts=("lukas-hoffmann",))
    booked = book(studio, salon)

    cancelled = studio.appointments().cancel(salon.id, booked.id)

    remote = fake.booking(booked.calcom_booking_uid)
    assert (remote["status"], remote["cancellationReason"]) == ("cancelled", CANCEL_REASON)
    assert cancelled.status == "cancelled"
    assert cancelled.calcom_booking_uid == booked.calcom_booking_uid
    created, row = audit_rows(studio, salon)
    assert (row.action, row.before, row.after) == (
        "cancel",
        {"status": "booked"},
        {"status": "cancelled", "calcom_booking_uid": booked.calcom_booking_uid,
         "calcom_cancelled": True},
    )  # fmt: skip


def test_cancelling_when_cal_com_fails_still_cancels_here_and_says_so(studio, salon, fake, caplog):
    fake.change_event_type(HERRENSCHNITT, hosts=("lukas-hoffmann",))
    booked = book(studio, salon)
    uid = booked.calcom_booking_uid
    fake.fail_next(times=1, status=500, method="POST", path=f"/bookings/{uid}/cancel")

    with caplog.at_level(logging.WARNING, logger="studiobook.calendar"):
        studio.appointments().cancel(salon.id, booked.id)

    assert studio.appointments().get(salon.id, booked.id).status == "cancelled"
    assert fake.booking(uid)["status"] == "accepted"
    row = audit_rows(studio, salon)[-1]
    assert row.after["calcom_cancelled"] is False and "HTTP 500" in row.after["calcom_error"]
    assert f"the Cal.com booking {uid} stays" in caplog.text


class FailingCommits:
    """A unit-of-work factory whose first ``failures`` commits raise ``error``."""

    def __init__(self, factory, error: Exception, failures: int = 1) -> None:
        self.factory, self.error, self.failures = factory, error, failures

    def __call__(self, **options):
        uow = self.factory(**options)
        commit = uow.commit

        def failing_commit() -> None:
            if self.failures:
                self.failures -= 1
                raise self.error
            commit()

        uow.commit = failing_commit
        return uow


@pytest.mark.parametrize("failure", ["busy once", "lost"])
def test_a_commit_failing_after_the_cal_com_booking(studio, salon, fake, calendars, failure):
    fake.change_event_type(HERRENSCHNITT, hosts=("lukas-hoffmann",))
    error = StoreBusy() if failure == "busy once" else RuntimeError("connection lost")
    transactions = Transactions(
        FailingCommits(studio.store().unit_of_work, error), studio.publisher(),
        sleep=lambda seconds: None,
    )  # fmt: skip
    service = Appointments(transactions, studio.clock(), calendars)

    if failure == "busy once":  # retried: the booking made by the first attempt is reused
        booked = book(studio, salon, service=service)
        [remote] = fake.bookings.values()
        assert remote["uid"] == booked.calcom_booking_uid and remote["status"] == "accepted"
        assert studio.appointments().get(salon.id, booked.id).calcom_booking_uid == remote["uid"]
    else:  # nothing stored here: the Cal.com booking is cancelled again
        with pytest.raises(RuntimeError, match="connection lost"):
            book(studio, salon, service=service)
        [remote] = fake.bookings.values()
        assert (remote["status"], remote["cancellationReason"]) == ("cancelled", WITHDRAW_REASON)
        assert studio.appointments().list(salon.id) == []


# -- with the real connection wiring --------------------------------------------------------------
def test_the_connection_wiring_plugs_in_as_company_calendars(settings, salon, fake, clock):
    """The container's own wiring: the key stored encrypted by ``calcom_connections``, the
    gateway made per company by ``company_calendars``."""
    from studiobook.adapters.calcom.plugin import CalcomGatewayFactory
    from studiobook.adapters.fakes.calcom import DEMO_TEAM_ID
    from studiobook.adapters.secrets.fernet import new_key
    from studiobook.application.container import build_container
    from studiobook.application.settings import Settings

    wired = build_container(
        Settings(database_url=settings.database_url, load_entry_points=False,
                 calcom_api_url=fake.url, secret_key=new_key())
    )  # fmt: skip
    try:
        wired.clock.override(providers.Object(clock))
        wired.calendar_gateways.override(
            providers.Object(CalcomGatewayFactory(fake.url, **PATIENT))
        )
        fake.block("lukas-hoffmann", at(10), at(11))
        fake.change_event_type(HERRENSCHNITT, hosts=("lukas-hoffmann",))
        assert at(10) in starts(slots(wired, salon, staff_id=salon.lukas), salon.lukas)

        wired.calcom_connections().connect(salon.id, DEMO_TEAM_ID, fake.api_key)

        answer = slots(wired, salon, staff_id=salon.lukas)  # connecting changed the generation
        assert not answer.degraded and at(10) not in starts(answer, salon.lukas)
        booked = book(wired, salon, start=at(11))
        assert fake.booking(booked.calcom_booking_uid)["status"] == "accepted"
    finally:
        wired.store().dispose()


class _Gate:
    """The availability gate (issue 18) that says whether a thread is inside it."""

    def __init__(self) -> None:
        self.held, self.entered = False, 0

    def __enter__(self):
        self.held, self.entered = True, self.entered + 1

    def __exit__(self, *exc) -> None:
        self.held = False


def test_cal_com_is_asked_after_the_availability_gate_is_let_go(studio, salon, calendars):
    """A slow Cal.com must not hold up the other questions of the process: the gate covers the
    local computation only."""
    gate, handed_out = _Gate(), calendars.for_company
    held_when_asked = []

    def for_company(company_id):
        held_when_asked.append(gate.held)
        return handed_out(company_id)

    calendars.for_company = for_company
    studio.availability_gate.override(providers.Object(gate))

    start = whole()[0]  # a week: a day or less would not wait for the gate at all
    answer = studio.availability().slots(salon.id, salon.cut, start, start + timedelta(days=7))

    assert answer.slots and not answer.degraded
    assert gate.entered == 1 and held_when_asked == [False]
