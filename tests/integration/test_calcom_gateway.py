"""The Cal.com gateway against the fake Cal.com over real HTTP on 127.0.0.1 (no mocked httpx).

Delays are tiny and recorded instead of slept, so the retry rules are asserted exactly and the
run stays fast; one test sleeps for real to show Retry-After is actually waited out. Times below
are Berlin wall-clock (UTC+1 in winter) unless they say UTC.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import time
import traceback
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import httpx
import pytest

from studiobook.adapters.calcom.client import CalcomClient
from studiobook.adapters.fakes.calcom import DEMO_TEAM_ID, MISSING, FakeCalcom
from studiobook.adapters.http_json import RetryPolicy
from studiobook.application.appointments.calendar import ANY_HOST
from studiobook.application.shared.ports import (
    GatewayAuthFailed,
    GatewayError,
    GatewayInvalidRequest,
    GatewayMalformedResponse,
    GatewayNotConfigured,
    GatewayNotFound,
    GatewayRateLimited,
    GatewayUnavailable,
)

ATTEMPTS = 3  # SPEC 3.2: a failed call is tried at most 3 times
POLICY = RetryPolicy(attempts=ATTEMPTS, base_delay=0.01, max_delay=0.04, max_retry_after=2.0)
# Timeout tests use an impatient client against 1 s answers; the others a patient one, so a
# loaded machine cannot turn an ordinary answer into a timeout and an extra request.
TIMEOUT = 0.3
PATIENCE = 5.0
SLOW = 1.0
BERLIN = ZoneInfo("Europe/Berlin")
HERRENSCHNITT, DAMENSCHNITT, FAERBEN, BARTPFLEGE, HOCHSTECK, BRAUT = range(801, 807)
MONDAY = datetime(2026, 11, 30, tzinfo=BERLIN)
VERSIONS = {"event types": "2024-06-14", "slots": "2024-09-04", "bookings": "2024-08-13"}


def berlin(day: datetime, clock: str) -> datetime:
    hour, minute = map(int, clock.split(":"))
    return day.replace(hour=hour, minute=minute).astimezone(UTC)


class Sleeps(list):
    """Stands in for time.sleep: remembers each wait instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def fake():
    with FakeCalcom() as running:
        yield running


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


def connect(fake: FakeCalcom, sleeps=None, key: str | None = None, **options) -> CalcomClient:
    settings = dict(
        timeout=PATIENCE,
        connect_timeout=PATIENCE,
        retry=POLICY,
        sleep=sleeps if sleeps is not None else Sleeps(),
    )
    return CalcomClient(fake.url, key or fake.api_key, **{**settings, **options})


@pytest.fixture
def gateway(fake, sleeps):
    with connect(fake, sleeps) as client:
        yield client


@pytest.fixture
def impatient(fake, sleeps):
    with connect(fake, sleeps, timeout=TIMEOUT) as client:
        yield client


def monday_slots(gateway, event_type=HERRENSCHNITT, usernames=None, **options):
    return gateway.free_slots(
        event_type, MONDAY, MONDAY + timedelta(days=1), usernames=usernames, **options
    )


def book(gateway, start, event_type=HERRENSCHNITT, email="lena@example.com"):
    return gateway.create_booking(
        event_type, start, name="Lena Müller", email=email, time_zone="Europe/Berlin"
    )


# -- event types -----------------------------------------------------------------------------
def test_team_event_types_are_mapped_field_by_field(gateway, fake):
    event_types = gateway.team_event_types(DEMO_TEAM_ID)

    assert [e.remote_id for e in event_types] == list(range(801, 807))
    cut = event_types[0]
    assert (cut.title, cut.slug, cut.description) == ("Herrenschnitt", "herrenschnitt", "")
    assert (cut.length_minutes, cut.slot_interval_minutes, cut.minimum_notice_minutes) == (
        30,
        15,
        0,
    )
    assert (cut.buffer_before_minutes, cut.buffer_after_minutes) == (0, 5)
    assert (cut.price, cut.currency, cut.hidden) == (Decimal("28.00"), "EUR", False)
    assert cut.scheduling_type == "ROUND_ROBIN"
    assert [(h.user_id, h.username, h.name) for h in cut.hosts] == [
        (102, "mehmet-yilmaz", "Mehmet Yılmaz"),
        (103, "julia-becker", "Julia Becker"),
        (104, "lukas-hoffmann", "Lukas Hoffmann"),
    ]
    bride = event_types[-1]
    assert (bride.title, bride.hidden, bride.scheduling_type) == (
        "Brautstyling Probetermin",
        True,
        "COLLECTIVE",
    )
    assert (bride.slot_interval_minutes, bride.description) == (None, "Nur nach Rücksprache")
    assert event_types[2].slug == "faerben"
    assert event_types[4].minimum_notice_minutes == 1440


def test_unset_optional_fields_take_their_defaults(gateway, fake):
    fake.corrupt_event_type(
        HERRENSCHNITT,
        description=None,
        slotInterval=None,
        minimumBookingNotice=None,
        beforeEventBuffer=None,
        afterEventBuffer=None,
        price=None,
        currency=None,
        hidden=None,
        schedulingType=None,
    )

    cut = gateway.team_event_types(DEMO_TEAM_ID)[0]

    assert (cut.description, cut.slot_interval_minutes, cut.minimum_notice_minutes) == ("", None, 0)
    assert (cut.buffer_before_minutes, cut.buffer_after_minutes) == (0, 0)
    assert (cut.price, cut.currency, cut.hidden, cut.scheduling_type) == (
        Decimal("0.00"),
        "",
        False,
        None,
    )


def test_prices_as_text_or_number_map_to_the_same_decimal(gateway, fake):
    fake.corrupt_event_type(HERRENSCHNITT, price="28.5")
    fake.change_event_type(DAMENSCHNITT, price=Decimal("28.50"))

    prices = [e.price for e in gateway.team_event_types(DEMO_TEAM_ID)[:2]]

    assert prices == [Decimal("28.50"), Decimal("28.50")]


def test_event_types_follow_additions_changes_and_removals(gateway, fake):
    added = fake.add_event_type(
        DEMO_TEAM_ID, "Kopfmassage", 15, ("julia-becker",), price=Decimal("12.00")
    )
    fake.change_event_type(BARTPFLEGE, title="Bart & Rasur", hosts=("lukas-hoffmann",))
    fake.remove_event_type(HOCHSTECK)

    by_id = {e.remote_id: e for e in gateway.team_event_types(DEMO_TEAM_ID)}

    assert set(by_id) == {801, 802, 803, 804, 806, added["id"]}
    assert (by_id[added["id"]].title, by_id[added["id"]].price) == ("Kopfmassage", Decimal("12.00"))
    assert by_id[BARTPFLEGE].title == "Bart & Rasur"
    assert [h.username for h in by_id[BARTPFLEGE].hosts] == ["lukas-hoffmann"]


def test_another_team_has_its_own_event_types(gateway, fake):
    team = fake.add_team("Barbershop Nord")
    fake.add_member(team, "kai-nord")
    fake.add_event_type(team, "Fade", 40, ("kai-nord",))

    assert [e.title for e in gateway.team_event_types(team)] == ["Fade"]
    assert gateway.team_members(team)[0].username == "kai-nord"


def test_an_unknown_team_is_not_found(gateway):
    with pytest.raises(GatewayNotFound) as missing:
        gateway.team_event_types(99)

    assert missing.value.status == 404
    assert str(missing.value) == "Cal.com: Team with id 99 not found (HTTP 404)"


# -- team members ----------------------------------------------------------------------------
def test_members_are_paged_with_skip_and_take_until_exhausted():
    with FakeCalcom(extra_members=12) as big, connect(big, page_size=5) as gateway:
        members = gateway.team_members(DEMO_TEAM_ID)

        assert [m.username for m in members] == big.member_usernames(DEMO_TEAM_ID)
        assert len(members) == 17
        assert [(r.query["skip"], r.query["take"]) for r in big.requests] == [
            ("0", "5"),
            ("5", "5"),
            ("10", "5"),
            ("15", "5"),
        ]


def test_a_listing_that_fills_the_last_page_exactly_ends_on_an_empty_page(gateway, fake):
    with connect(fake, page_size=5) as paged:
        members = paged.team_members(DEMO_TEAM_ID)

    assert len(members) == 5
    assert [r.query["skip"] for r in fake.requests] == ["0", "5"]


def test_members_are_mapped_field_by_field(gateway, fake):
    fake.add_member(DEMO_TEAM_ID, "nora-aushilfe", "MEMBER", name=None, email="nora@example.de")

    members = gateway.team_members(DEMO_TEAM_ID)

    first = members[0]
    assert (first.membership_id, first.user_id, first.role) == (501, 101, "OWNER")
    assert (first.email, first.username, first.name) == (
        "anna.schneider@haarmonie.example",
        "anna-schneider",
        "Anna Schneider",
    )
    assert [m.role for m in members[:3]] == ["OWNER", "MEMBER", "ADMIN"]
    assert (members[-1].username, members[-1].name, members[-1].email) == (
        "nora-aushilfe",
        None,
        "nora@example.de",
    )


def test_a_removed_member_is_gone_from_the_listing(gateway, fake):
    fake.remove_member(DEMO_TEAM_ID, "lukas-hoffmann")

    usernames = [m.username for m in gateway.team_members(DEMO_TEAM_ID)]

    assert usernames == ["anna-schneider", "mehmet-yilmaz", "julia-becker", "sofia-rossi"]


def test_a_page_that_fails_once_is_fetched_on_the_retry(sleeps):
    with FakeCalcom(extra_members=6) as big, connect(big, sleeps, page_size=4) as gateway:
        big.fail_next(1, 502, path=f"/teams/{DEMO_TEAM_ID}/memberships", query={"skip": "4"})

        members = gateway.team_members(DEMO_TEAM_ID)

        assert len(members) == 11
        assert [(r.query["skip"], r.status) for r in big.requests] == [
            ("0", 200),
            ("4", 502),
            ("4", 200),
            ("8", 200),
        ]
        assert len(sleeps) == 1


def test_a_server_that_ignores_skip_is_an_error_not_an_endless_loop(fake):
    first_page = {"status": "success", "data": [fake.membership_json(m) for m in
                                                list(fake.memberships.values())[:2]]}
    fake.malformed_next(5, body=json.dumps(first_page).encode(), query={"skip": "2"})

    with connect(fake, page_size=2) as gateway:
        with pytest.raises(GatewayMalformedResponse, match="membership 501 came twice"):
            gateway.team_members(DEMO_TEAM_ID)

    assert fake.count() == 2


# -- free slots ------------------------------------------------------------------------------
def test_free_slots_per_username_follow_each_schedule(gateway, fake):
    slots = monday_slots(gateway, usernames=["julia-becker", "mehmet-yilmaz"])

    # Julia works 08:00-12:00 and 12:30-16:30 on Mondays; 30 minutes every 15; Mehmet is off.
    julia = slots["julia-becker"]
    assert julia[:3] == [berlin(MONDAY, "08:00"), berlin(MONDAY, "08:15"), berlin(MONDAY, "08:30")]
    assert berlin(MONDAY, "11:30") in julia and berlin(MONDAY, "11:45") not in julia
    assert berlin(MONDAY, "12:15") not in julia and julia[-1] == berlin(MONDAY, "16:00")
    assert len(julia) == 30
    assert slots["mehmet-yilmaz"] == []
    assert all(s.tzinfo == UTC for s in julia)
    asked = [r.query["usernames"] for r in fake.requests]
    assert asked == ["julia-becker", "mehmet-yilmaz"]


def test_without_usernames_the_slots_are_those_of_any_host(gateway):
    anyone = monday_slots(gateway)
    julia, lukas = monday_slots(gateway, usernames=["julia-becker", "lukas-hoffmann"]).values()

    assert list(anyone) == [ANY_HOST]
    assert anyone[ANY_HOST] == sorted(set(julia) | set(lukas))


def test_a_collective_event_needs_every_host_free(gateway):
    wednesday = MONDAY + timedelta(days=2)

    slots = gateway.free_slots(BRAUT, wednesday, wednesday + timedelta(days=1))

    # Anna's 90-minute starts (from 09:00 and 14:00) and Sofia's (from 11:00 and 15:30)
    # coincide only at 15:30.
    assert slots[ANY_HOST] == [berlin(wednesday, "15:30")]


def test_slots_are_cut_to_the_asked_window_whatever_the_time_zone(gateway, fake):
    start, end = berlin(MONDAY, "10:00"), berlin(MONDAY, "12:45")

    in_berlin = gateway.free_slots(HERRENSCHNITT, start, end, "Europe/Berlin", ["julia-becker"])
    in_new_york = gateway.free_slots(
        HERRENSCHNITT, start, end, "America/New_York", ["julia-becker"]
    )

    assert in_berlin == in_new_york
    assert in_berlin["julia-becker"][0] == start
    assert in_berlin["julia-becker"][-1] == berlin(MONDAY, "12:30")
    assert [r.query["timeZone"] for r in fake.requests] == ["Europe/Berlin", "America/New_York"]
    assert fake.requests[0].query["start"] == "2026-11-30T09:00:00Z"


def test_slots_outside_the_window_are_dropped_and_duplicates_merged(gateway, fake):
    # Cal.com may answer for whole days; the gateway keeps [start, end) only, once each.
    days = {
        "2026-11-30": [
            {"start": "2026-11-30T08:45:00.000+01:00"},
            {"start": "2026-11-30T09:00:00.000+01:00"},
            {"start": "2026-11-30T08:00:00Z"},
            {"start": "2026-11-30T10:00:00.000+01:00"},
        ]
    }
    fake.malformed_next(1, body=json.dumps({"status": "success", "data": days}).encode())

    slots = gateway.free_slots(HERRENSCHNITT, berlin(MONDAY, "09:00"), berlin(MONDAY, "10:00"))

    assert slots == {ANY_HOST: [berlin(MONDAY, "09:00")]}


def test_minimum_notice_hides_slots_too_soon_after_now(gateway, fake):
    friday = datetime(2026, 11, 27, tzinfo=BERLIN)  # the fake's now: Friday 09:00

    slots = gateway.free_slots(HOCHSTECK, friday, friday + timedelta(days=2))[ANY_HOST]

    assert slots[0] == berlin(friday + timedelta(days=1), "09:00")  # 24 hours later
    assert slots[0] - fake.now == timedelta(hours=24)


def test_busy_time_from_a_connected_calendar_removes_slots(gateway, fake):
    fake.block("julia-becker", berlin(MONDAY, "09:00"), berlin(MONDAY, "10:00"))

    julia = monday_slots(gateway, usernames=["julia-becker"])["julia-becker"]

    # 30 minutes and 5 after: 08:15 ends its buffer at 08:50, 08:30 would run into 09:00.
    assert berlin(MONDAY, "08:15") in julia
    assert not {berlin(MONDAY, t) for t in ("08:30", "08:45", "09:00", "09:45")} & set(julia)
    assert berlin(MONDAY, "10:00") in julia


def test_bad_slot_questions_are_refused_before_anything_is_sent(gateway, fake):
    naive = datetime(2026, 11, 30, 9, 0)
    with pytest.raises(GatewayInvalidRequest, match="start must be a date and time with a UTC"):
        gateway.free_slots(HERRENSCHNITT, naive, MONDAY)
    with pytest.raises(GatewayInvalidRequest, match="end must be after start"):
        gateway.free_slots(HERRENSCHNITT, MONDAY, MONDAY)

    assert fake.count() == 0


def test_an_unknown_username_is_refused_with_cal_coms_reason(gateway):
    with pytest.raises(GatewayInvalidRequest) as refused:
        monday_slots(gateway, usernames=["niemand"])

    assert refused.value.status == 400
    assert refused.value.reason == "User with username niemand not found"


# -- bookings --------------------------------------------------------------------------------
def test_a_booking_is_created_and_its_slot_disappears(gateway, fake):
    booking = book(gateway, berlin(MONDAY, "08:00"))

    assert booking.status == "accepted"
    assert (booking.start, booking.end) == (berlin(MONDAY, "08:00"), berlin(MONDAY, "08:30"))
    assert [h.username for h in booking.hosts] == ["julia-becker"]  # the first host free
    stored = fake.booking(booking.uid)
    assert stored["attendees"] == [
        {"name": "Lena Müller", "email": "lena@example.com", "timeZone": "Europe/Berlin"}
    ]
    assert stored["id"] == booking.remote_id
    julia = monday_slots(gateway, usernames=["julia-becker"])["julia-becker"]
    # 08:00-08:30 plus 5 minutes after: 08:15 and 08:30 overlap too.
    assert julia[0] == berlin(MONDAY, "08:45")


def test_a_taken_slot_is_refused_and_sent_once(gateway, fake):
    book(gateway, berlin(MONDAY, "08:00"))

    with pytest.raises(GatewayInvalidRequest) as refused:
        book(gateway, berlin(MONDAY, "08:00"), email="jonas@example.com")

    assert refused.value.status == 400
    assert "No available users found" in refused.value.reason
    assert fake.count("POST", "/bookings") == 2
    assert len(fake.bookings) == 1


def test_a_bad_attendee_is_refused(gateway, fake):
    with pytest.raises(GatewayInvalidRequest, match="attendee.email 'lena@' is not a valid"):
        book(gateway, berlin(MONDAY, "09:00"), email="lena@")

    assert fake.bookings == {}


def test_a_booking_is_cancelled_once_and_its_slot_returns(gateway, fake):
    booking = book(gateway, berlin(MONDAY, "08:00"))

    cancelled = gateway.cancel_booking(booking.uid, "Kundin krank")

    assert (cancelled.uid, cancelled.status) == (booking.uid, "cancelled")
    assert fake.booking(booking.uid)["cancellationReason"] == "Kundin krank"
    julia = monday_slots(gateway, usernames=["julia-becker"])["julia-becker"]
    assert julia[0] == berlin(MONDAY, "08:00")
    with pytest.raises(GatewayInvalidRequest, match="already cancelled"):
        gateway.cancel_booking(booking.uid, "again")


def test_an_unknown_booking_is_not_found(gateway):
    with pytest.raises(GatewayNotFound) as missing:
        gateway.cancel_booking("no-such-uid", "weg")

    assert missing.value.status == 404


def test_the_booking_request_is_the_one_of_the_contract(gateway, fake):
    seen = []
    original = fake.respond

    def spy(method, target, headers, raw):
        seen.append((method, target, json.loads(raw) if raw else None))
        return original(method, target, headers, raw)

    fake.respond = spy
    booking = gateway.create_booking(
        str(HERRENSCHNITT),
        berlin(MONDAY, "09:15").astimezone(BERLIN),
        name="Jonas Schmidt",
        email="jonas@example.com",
        time_zone="Europe/Berlin",
    )
    gateway.cancel_booking(booking.uid, "Termin verschoben")

    assert seen == [
        (
            "POST",
            "/v2/bookings",
            {
                "start": "2026-11-30T08:15:00Z",
                "eventTypeId": HERRENSCHNITT,
                "attendee": {
                    "name": "Jonas Schmidt",
                    "email": "jonas@example.com",
                    "timeZone": "Europe/Berlin",
                },
            },
        ),
        (
            "POST",
            f"/v2/bookings/{booking.uid}/cancel",
            {"cancellationReason": "Termin verschoben"},
        ),
    ]


# -- API versions and the key ----------------------------------------------------------------
def test_each_endpoint_is_called_with_its_api_version(gateway, fake):
    gateway.team_event_types(DEMO_TEAM_ID)
    gateway.team_members(DEMO_TEAM_ID)
    slots = monday_slots(gateway)
    booking = book(gateway, slots[ANY_HOST][0])
    gateway.cancel_booking(booking.uid, "test")

    assert [(r.method, r.path, r.version, r.status) for r in fake.requests] == [
        ("GET", f"/teams/{DEMO_TEAM_ID}/event-types", VERSIONS["event types"], 200),
        ("GET", f"/teams/{DEMO_TEAM_ID}/memberships", None, 200),
        ("GET", "/slots", VERSIONS["slots"], 200),
        ("POST", "/bookings", VERSIONS["bookings"], 201),
        ("POST", f"/bookings/{booking.uid}/cancel", VERSIONS["bookings"], 200),
    ]


@pytest.mark.parametrize("version", [None, "2024-06-14"])
def test_the_fake_refuses_a_missing_or_wrong_api_version(fake, version):
    headers = {"authorization": f"Bearer {fake.api_key}"}
    if version:
        headers["cal-api-version"] = version
    params = {"eventTypeId": HERRENSCHNITT, "start": "2026-11-30", "end": "2026-12-01"}

    answer = httpx.get(f"{fake.url}/slots", params=params, headers=headers, timeout=PATIENCE)

    assert answer.status_code == 400
    assert answer.json()["status"] == "error"
    assert "cal-api-version must be 2024-09-04" in answer.json()["error"]["message"]


def test_a_wrong_key_is_refused_and_not_retried(fake, sleeps):
    with connect(fake, sleeps, key="cal_live_not-the-key") as client:
        with pytest.raises(GatewayAuthFailed) as refused:
            client.team_event_types(DEMO_TEAM_ID)

    assert refused.value.status == 401
    assert str(refused.value) == "Cal.com: Invalid Access Token. (HTTP 401)"
    assert fake.count() == 1
    assert sleeps == []


def test_a_key_revoked_mid_sync_is_an_auth_error_at_once(gateway, fake, sleeps):
    fake.fail_next(1, 401, message="API key revoked")

    with pytest.raises(GatewayAuthFailed, match="API key revoked"):
        gateway.team_members(DEMO_TEAM_ID)

    assert fake.count() == 1 and sleeps == []


# -- rate limits -----------------------------------------------------------------------------
def test_429_waits_what_retry_after_says_then_succeeds(gateway, fake, sleeps):
    fake.rate_limit_next(2, retry_after=0.25)

    assert len(gateway.team_event_types(DEMO_TEAM_ID)) == 6

    assert sleeps == [0.25, 0.25]
    assert [r.status for r in fake.requests] == [429, 429, 200]


def test_retry_after_is_really_waited_out(fake):
    fake.rate_limit_next(1, retry_after=0.3)
    with connect(fake, sleep=time.sleep) as client:
        started = time.monotonic()
        client.team_members(DEMO_TEAM_ID)
        waited = time.monotonic() - started

    assert waited >= 0.3
    assert fake.count() == 2


def test_a_retry_after_longer_than_the_cap_is_handed_to_the_caller_at_once(gateway, fake, sleeps):
    fake.rate_limit_next(1, retry_after=120)

    with pytest.raises(GatewayRateLimited) as limited:
        monday_slots(gateway)

    assert (limited.value.status, limited.value.retry_after) == (429, 120)
    assert limited.value.service == "Cal.com"
    assert sleeps == [] and fake.count() == 1


def test_a_rate_limit_that_outlasts_the_attempts_is_a_typed_error(gateway, fake):
    fake.rate_limit_next(ATTEMPTS, retry_after=0.01)

    with pytest.raises(GatewayRateLimited):
        gateway.team_event_types(DEMO_TEAM_ID)

    assert fake.count() == ATTEMPTS


def test_a_rate_limited_booking_is_sent_again_because_cal_com_did_nothing(gateway, fake, sleeps):
    fake.rate_limit_next(1, retry_after=0.05, method="POST")

    booking = book(gateway, berlin(MONDAY, "08:00"))

    assert booking.status == "accepted"
    assert len(fake.bookings) == 1
    assert sleeps == [0.05]


# -- outages and timeouts --------------------------------------------------------------------
def test_500_on_a_read_is_retried_with_capped_jittered_backoff_then_succeeds(gateway, fake, sleeps):
    fake.fail_next(2, 500)

    assert monday_slots(gateway)[ANY_HOST]

    assert [r.status for r in fake.requests] == [500, 500, 200]
    assert len(sleeps) == 2
    assert 0 <= sleeps[0] <= 0.01 and 0 <= sleeps[1] <= 0.02


def test_the_default_policy_tries_a_read_three_times(fake):
    fake.fail_next(5, 503)
    with CalcomClient(fake.url, fake.api_key, timeout=PATIENCE, sleep=Sleeps()) as client:
        with pytest.raises(GatewayUnavailable):
            client.team_event_types(DEMO_TEAM_ID)

    assert fake.count() == 3


@pytest.mark.parametrize("operation", ["event types", "members", "slots"])
def test_500_that_outlasts_the_attempts_is_unavailable_after_exactly_three(
    gateway, fake, operation
):
    fake.fail_next(ATTEMPTS + 1, 503, message="Wartungsarbeiten")
    call = {
        "event types": lambda: gateway.team_event_types(DEMO_TEAM_ID),
        "members": lambda: gateway.team_members(DEMO_TEAM_ID),
        "slots": lambda: monday_slots(gateway),
    }[operation]

    with pytest.raises(GatewayUnavailable) as down:
        call()

    assert down.value.status == 503
    assert str(down.value) == "Cal.com: Wartungsarbeiten (HTTP 503)"
    assert fake.count() == ATTEMPTS


@pytest.mark.parametrize("operation", ["create", "cancel"])
def test_500_on_a_post_is_not_retried(gateway, fake, sleeps, operation):
    booking = book(gateway, berlin(MONDAY, "08:00"))
    fake.fail_next(1, 500, method="POST")

    with pytest.raises(GatewayUnavailable) as down:
        if operation == "create":
            book(gateway, berlin(MONDAY, "10:00"))
        else:
            gateway.cancel_booking(booking.uid, "krank")

    assert down.value.status == 500
    assert "may have been processed" in down.value.reason
    assert fake.count("POST") == 2  # the first booking and the failed call, nothing more
    assert sleeps == []


def test_a_slow_read_times_out_and_is_retried(impatient, fake):
    fake.slow_next(1, seconds=SLOW)

    assert len(impatient.team_event_types(DEMO_TEAM_ID)) == 6
    assert fake.count() == 2


def test_a_read_that_keeps_timing_out_is_unavailable_after_the_attempts(impatient, fake):
    fake.slow_next(ATTEMPTS, seconds=SLOW)
    started = time.monotonic()

    with pytest.raises(GatewayUnavailable) as down:
        impatient.team_members(DEMO_TEAM_ID)

    assert down.value.status is None
    assert "no answer in time" in down.value.reason
    assert fake.count() == ATTEMPTS
    assert time.monotonic() - started < ATTEMPTS * SLOW  # gave up at the timeout, not the reply


def test_a_slow_booking_is_not_sent_twice_and_says_the_outcome_is_unknown(impatient, fake):
    fake.slow_next(1, seconds=SLOW, method="POST")

    with pytest.raises(GatewayUnavailable, match="may have been processed"):
        book(impatient, berlin(MONDAY, "08:00"))

    assert fake.count("POST", "/bookings") == 1
    assert len(fake.bookings) == 1  # Cal.com did book it: the caller must check, not resend


def test_a_refused_connection_is_retried_then_unavailable(sleeps):
    stopped = FakeCalcom(demo=False).start()
    url, key = stopped.url, stopped.api_key
    stopped.stop()

    with CalcomClient(url, key, retry=POLICY, sleep=sleeps, timeout=TIMEOUT) as client:
        with pytest.raises(GatewayUnavailable, match="cannot connect") as down:
            client.team_event_types(DEMO_TEAM_ID)

    assert down.value.status is None
    assert len(sleeps) == ATTEMPTS - 1


# -- malformed answers and bad records -------------------------------------------------------
@pytest.mark.parametrize("operation", ["event types", "members", "slots", "create", "cancel"])
def test_malformed_json_is_a_typed_error(gateway, fake, operation):
    booking = book(gateway, berlin(MONDAY, "08:00"))
    fake.malformed_next(1)
    call = {
        "event types": lambda: gateway.team_event_types(DEMO_TEAM_ID),
        "members": lambda: gateway.team_members(DEMO_TEAM_ID),
        "slots": lambda: monday_slots(gateway),
        "create": lambda: book(gateway, berlin(MONDAY, "10:00")),
        "cancel": lambda: gateway.cancel_booking(booking.uid, "krank"),
    }[operation]

    with pytest.raises(GatewayMalformedResponse) as malformed:
        call()

    assert (malformed.value.status, malformed.value.service) == (200, "Cal.com")
    assert "not valid JSON" in malformed.value.reason
    assert fake.count() == 2  # a malformed answer is not retried


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b'{"status": "error", "data": []}', "status is 'error', not 'success'"),
        (b'{"data": []}', "status is 'None', not 'success'"),
        (b'{"status": "success"}', "has no 'data'"),
        (b"[]", "not a JSON object with 'status' and 'data'"),
        (b'{"status": "success", "data": {"id": 1}}', "the event type list is not a JSON array"),
    ],
)
def test_an_answer_outside_the_envelope_is_malformed(gateway, fake, body, words):
    fake.malformed_next(1, body=body)

    with pytest.raises(GatewayMalformedResponse, match=words):
        gateway.team_event_types(DEMO_TEAM_ID)


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("lengthInMinutes", "neunzig", "event type 803: lengthInMinutes 'neunzig' is not a whole"),
        ("lengthInMinutes", 0, "event type 803: lengthInMinutes 0 is not a whole number"),
        ("slug", MISSING, "event type 803: field 'slug' is missing"),
        ("price", "-5", "event type 803: price '-5' is not an amount >= 0"),
        ("price", "12.345", "event type 803: price '12.345' is not an amount >= 0 in whole"),
        ("hidden", "ja", "event type 803: hidden 'ja' is not true or false"),
        ("hosts", [{"username": "x"}], "event type 803: field 'userId' is missing"),
        ("afterEventBuffer", -5, "event type 803: afterEventBuffer -5 is not a whole number"),
    ],
)
def test_a_bad_event_type_fails_the_listing_by_name(gateway, fake, field, value, words):
    fake.corrupt_event_type(FAERBEN, **{field: value})

    with pytest.raises(GatewayMalformedResponse) as malformed:
        gateway.team_event_types(DEMO_TEAM_ID)

    assert words in malformed.value.reason


def test_a_bad_member_fails_the_listing_by_name(gateway, fake):
    fake.change_user("julia-becker", email=None)

    with pytest.raises(GatewayMalformedResponse, match="membership 503: email None is not"):
        gateway.team_members(DEMO_TEAM_ID)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"2026-11-30": [{"start": "2026-11-30T09:00:00"}]}, "has no UTC offset"),
        ({"2026-11-30": [{"begin": "2026-11-30T09:00:00Z"}]}, "has no 'start'"),
        ({"2026-11-30": "09:00"}, "slots of 2026-11-30: not a list"),
        ([], "the slots answer is not an object of days"),
    ],
)
def test_bad_slots_are_malformed(gateway, fake, data, words):
    fake.malformed_next(1, body=json.dumps({"status": "success", "data": data}).encode())

    with pytest.raises(GatewayMalformedResponse, match=words):
        monday_slots(gateway)


def test_a_booking_answer_that_does_not_map_says_the_booking_may_exist(gateway, fake):
    body = {"status": "success", "data": {"id": 1, "uid": "u1", "status": "accepted",
                                          "start": "2026-11-30T08:00:00Z", "end": "soon"}}
    fake.malformed_next(1, body=json.dumps(body).encode(), method="POST")

    with pytest.raises(GatewayMalformedResponse) as malformed:
        book(gateway, berlin(MONDAY, "08:00"))

    assert "booking 1: end 'soon' is not a date and time" in malformed.value.reason
    assert "the booking may have been made" in malformed.value.reason


# -- the key stays secret --------------------------------------------------------------------
def test_the_api_key_never_shows_in_errors_reprs_logs_or_output(fake, impatient, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "studiobook.calcom"):
        caplog.set_level(logging.DEBUG, logger=name)
    wrong_key = "cal_live_" + fake.api_key[::-1]
    seen: list[str] = []
    with connect(fake) as client:
        seen.append(repr(client))
        fake.rate_limit_next(1, retry_after=0.01)
        fake.fail_next(1, 500)
        client.team_members(DEMO_TEAM_ID)
        booking = book(client, berlin(MONDAY, "08:00"))
        failing = [
            (lambda: fake.fail_next(1, 500, method="POST"),
             lambda: client.cancel_booking(booking.uid, "x")),
            (lambda: fake.malformed_next(1), lambda: client.team_event_types(DEMO_TEAM_ID)),
            (lambda: fake.slow_next(ATTEMPTS, seconds=SLOW), lambda: monday_slots(impatient)),
            (lambda: fake.rate_limit_next(1, retry_after=99), lambda: monday_slots(client)),
            (lambda: fake.fail_next(1, 422, message=f"key {fake.api_key} is not allowed"),
             lambda: client.team_event_types(DEMO_TEAM_ID)),
            (lambda: None, lambda: client.cancel_booking("nope", "x")),
        ]
        for inject, call in failing:
            inject()
            with pytest.raises(GatewayError) as failed:
                call()
            seen += [
                str(failed.value),
                repr(failed.value),
                "".join(traceback.format_exception(failed.value)),
            ]
    with connect(fake, key=wrong_key) as wrong:
        seen.append(repr(wrong))
        with pytest.raises(GatewayAuthFailed) as refused:
            wrong.team_event_types(DEMO_TEAM_ID)
        seen += [str(refused.value), "".join(traceback.format_exception(refused.value))]
    seen += [repr(fake), repr(fake.requests)]

    out = capsys.readouterr()
    everything = "\n".join([*seen, caplog.text, out.out, out.err])
    assert "HTTP Request: GET" in caplog.text  # httpx's own log was captured ...
    assert "Cal.com GET /teams/4711/memberships" in caplog.text  # ... and ours
    assert "key *** is not allowed" in everything  # an echoed key is blanked out
    assert fake.api_key not in everything  # ... but never the key
    assert wrong_key not in everything


# -- the plugin and settings -----------------------------------------------------------------
def test_the_plugin_offers_a_factory_that_makes_a_gateway_per_key(fake):
    from studiobook.application.plugins import collect_adapters, make_plugin_manager
    from studiobook.application.settings import Settings

    registry = collect_adapters(make_plugin_manager(load_entry_points=False))

    assert registry.names("calendar_gateway") == ["calcom"]
    factory = registry.create("calendar_gateway", "calcom", Settings(calcom_api_url=fake.url))
    gateway = factory(fake.api_key)
    try:
        assert [m.username for m in gateway.team_members(DEMO_TEAM_ID)][:1] == ["anna-schneider"]
        assert fake.api_key not in repr(gateway) + repr(factory)
    finally:
        gateway.close()
    with pytest.raises(GatewayNotConfigured, match="Cal.com is not configured: the company has"):
        factory("  ")


def test_settings_read_the_cal_com_url_and_the_gateway_choice():
    from studiobook.application.settings import Settings

    default = Settings.from_env({})
    chosen = Settings.from_env(
        {"CALCOM_API_URL": "http://127.0.0.1:9/v2", "STUDIOBOOK_CALENDAR_GATEWAY": "google"}
    )

    assert (default.calcom_api_url, default.calendar_gateway) == (
        "https://api.cal.com/v2",
        "calcom",
    )
    assert (chosen.calcom_api_url, chosen.calendar_gateway) == ("http://127.0.0.1:9/v2", "google")


def test_loading_the_plugin_does_not_import_httpx():
    probe = "import sys, adapters.calcom.plugin; print('httpx' in sys.modules)"

    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "False"


# -- the fake itself -------------------------------------------------------------------------
def test_the_fake_is_deterministic_and_binds_loopback_only():
    with (
        FakeCalcom(extra_members=9, seed=3) as one,
        FakeCalcom(extra_members=9, seed=3) as two,
        connect(one) as first,
        connect(two) as second,
    ):
        assert one.url.startswith("http://127.0.0.1:")
        assert first.team_members(DEMO_TEAM_ID) == second.team_members(DEMO_TEAM_ID)
        assert first.team_event_types(DEMO_TEAM_ID) == second.team_event_types(DEMO_TEAM_ID)
        assert book(first, berlin(MONDAY, "08:00")) == book(second, berlin(MONDAY, "08:00"))
        assert one.api_key != two.api_key
