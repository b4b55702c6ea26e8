"""The WODIFY gateway against the fake WODIFY over real HTTP on 127.0.0.1 (no mocked httpx).

Delays are tiny and recorded instead of slept, so the retry rules are asserted exactly and the
run stays fast; one test sleeps for real to show Retry-After is actually waited out.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import time
import traceback
from datetime import date
from decimal import Decimal

import pytest

from studiobook.adapters.fakes.wodify import CORRUPTIONS, FakeWodify
from studiobook.adapters.wodify.client import WodifyClient
from studiobook.adapters.wodify.http import RetryPolicy
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
from studiobook.domain.members.leads import LeadStatus
from studiobook.domain.members.member import MembershipStatus

ATTEMPTS = 3
POLICY = RetryPolicy(attempts=ATTEMPTS, base_delay=0.01, max_delay=0.04, max_retry_after=2.0)
# Timeout tests use an impatient client against 1 s answers; the others a patient one, so a
# loaded machine cannot turn an ordinary answer into a timeout and an extra request.
TIMEOUT = 0.3
PATIENCE = 5.0
SLOW = 1.0


class Sleeps(list):
    """Stands in for time.sleep: remembers each wait instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def fake():
    with FakeWodify(clients=250, leads=40) as running:
        yield running


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


def connect(
    fake: FakeWodify, sleeps: Sleeps | None = None, key: str | None = None, **options
) -> WodifyClient:
    settings = dict(
        timeout=PATIENCE,
        connect_timeout=PATIENCE,
        retry=POLICY,
        sleep=sleeps if sleeps is not None else Sleeps(),
    )
    return WodifyClient(fake.url, key or fake.api_key, fake.location_id, **{**settings, **options})


@pytest.fixture
def gateway(fake, sleeps):
    with connect(fake, sleeps) as client:
        yield client


@pytest.fixture
def impatient(fake, sleeps):
    with connect(fake, sleeps, timeout=TIMEOUT) as client:
        yield client


def all_pages(list_page, page_size=100, **filters):
    pages, number = [], 1
    while True:
        page = list_page(page=number, page_size=page_size, **filters)
        pages.append(page)
        if page.is_last:
            return pages
        number += 1


# -- every operation -------------------------------------------------------------------------
def test_health_reports_ok(gateway):
    assert gateway.health() == "ok"


def test_250_clients_come_in_three_pages_of_at_most_100(gateway, fake):
    pages = all_pages(gateway.list_members)

    assert [len(p.items) for p in pages] == [100, 100, 50]
    assert {(p.page, p.total_pages, p.total_records) for p in pages} == {
        (1, 3, 250),
        (2, 3, 250),
        (3, 3, 250),
    }
    assert [m.client_id for p in pages for m in p.items] == [str(i) for i in fake.client_ids()]
    assert all(not p.rejected for p in pages)
    assert fake.count("GET", "/clients") == 3
    assert all(r.query["location_id"] == fake.location_id for r in fake.requests)


@pytest.mark.parametrize("status", [MembershipStatus.ON_HOLD, MembershipStatus.CANCELLED])
def test_members_can_be_listed_by_status(gateway, fake, status):
    expected = [
        i for i in fake.client_ids() if (fake.client(i)["membership"] or {}).get("status") == status
    ]

    pages = all_pages(gateway.list_members, page_size=7, status=status)

    assert expected, "the seeded studio should have some of each status"
    assert [m.client_id for p in pages for m in p.items] == [str(i) for i in expected]
    assert {m.status for p in pages for m in p.items} == {status}
    assert pages[0].total_records == len(expected)


def test_a_member_is_mapped_field_by_field(gateway, fake):
    fake.change_client(
        1001,
        first_name="Zoë",
        last_name="Groß",
        email="zoe@example.de",
        phone="+49 151 7654321",
        membership={
            "type": "Student",
            "status": "active",
            "monthly_price": 69.9,
            "start_date": "2026-02-01",
            "end_date": "2027-01-31",
        },
    )

    member = gateway.get_member("1001")

    assert (member.client_id, member.first_name, member.last_name) == ("1001", "Zoë", "Groß")
    assert (member.email, member.phone) == ("zoe@example.de", "+49 151 7654321")
    assert member.membership.membership_type == "Student"
    assert member.membership.status is MembershipStatus.ACTIVE
    assert member.membership.monthly_price == Decimal("69.90")
    assert (member.membership.start_date, member.membership.end_date) == (
        date(2026, 2, 1),
        date(2027, 1, 31),
    )
    assert member.updated_at.isoformat().replace("+00:00", "Z") == fake.client(1001)["updated_at"]


def test_prices_sent_as_text_or_number_map_to_the_same_decimal(gateway, fake):
    fake.change_client(1001, membership={"monthly_price": "79.00"})
    fake.change_client(1002, membership={"monthly_price": 79})

    assert (
        gateway.get_member("1001").monthly_price
        == gateway.get_member("1002").monthly_price
        == Decimal("79.00")
    )


def test_an_unknown_member_is_not_found(gateway):
    with pytest.raises(GatewayNotFound) as missing:
        gateway.get_member("424242")

    assert missing.value.status == 404
    assert "client 424242 not found" in str(missing.value)


def test_a_membership_is_created_for_a_new_client(gateway, fake):
    member = gateway.create_membership(
        first_name="Leon",
        last_name="Krüger",
        email="leon.krueger@example.de",
        phone=None,
        membership_type="Open Gym",
        start_date=date(2026, 12, 1),
        payment_method="sepa",
    )

    assert member.client_id == str(fake.client_ids()[-1])
    assert member.membership.membership_type == "Open Gym"
    assert member.membership.monthly_price == Decimal("59.00")
    assert member.membership.status is MembershipStatus.ACTIVE
    assert member.membership.start_date == date(2026, 12, 1)
    assert fake.client(int(member.client_id))["email"] == "leon.krueger@example.de"


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"email": "maximilian.brown1001@mail.example.org"}, "already exists"),
        ({"membership_type": "Platin"}, "unknown membership_type 'Platin'"),
        ({"email": "leon@"}, "email 'leon@' is invalid"),
    ],
)
def test_a_refused_membership_is_an_invalid_request_with_wodifys_reason(
    gateway, fake, changes, reason
):
    request = dict(
        first_name="Leon",
        last_name="Krüger",
        email="leon@example.de",
        phone=None,
        membership_type="Open Gym",
        start_date=date(2026, 12, 1),
    )
    clients_before = len(fake.client_ids())

    with pytest.raises(GatewayInvalidRequest) as refused:
        gateway.create_membership(**{**request, **changes})

    assert refused.value.status == 422
    assert reason in refused.value.reason
    assert len(fake.client_ids()) == clients_before


def test_a_membership_is_updated_field_by_field(gateway, fake):
    membership_id = fake.client(1001)["membership"]["id"]

    updated = gateway.update_membership(
        str(membership_id),
        membership_type="2x pro Woche",
        membership_status=MembershipStatus.ON_HOLD,
        monthly_price=Decimal("74.50"),
    )

    assert (updated.membership_type, updated.status, updated.monthly_price) == (
        "2x pro Woche",
        MembershipStatus.ON_HOLD,
        Decimal("74.50"),
    )
    stored = fake.client(1001)["membership"]
    assert (stored["type"], stored["status"], Decimal(str(stored["monthly_price"]))) == (
        "2x pro Woche",
        "on_hold",
        Decimal("74.50"),
    )
    assert fake.requests[-1].method == "PUT"


def test_an_update_with_nothing_to_change_is_not_sent(gateway, fake):
    with pytest.raises(GatewayInvalidRequest, match="nothing to change"):
        gateway.update_membership("5001")

    assert fake.count() == 0


def test_a_membership_is_cancelled_once(gateway, fake):
    membership_id = str(fake.client(1001)["membership"]["id"])
    fake.change_client(
        1001, membership={"status": "active", "start_date": "2024-01-01", "end_date": None}
    )

    cancelled = gateway.cancel_membership(membership_id, "Umzug nach Hamburg")

    assert cancelled.status is MembershipStatus.CANCELLED
    assert cancelled.end_date == fake.today
    assert fake.cancellation_reasons[membership_id] == "Umzug nach Hamburg"
    with pytest.raises(GatewayInvalidRequest, match="already cancelled"):
        gateway.cancel_membership(membership_id, "again")


def test_an_unknown_membership_is_not_found(gateway):
    with pytest.raises(GatewayNotFound):
        gateway.update_membership("999999", membership_status="active")


def test_membership_packages_are_listed_with_decimal_prices(gateway):
    packages = gateway.membership_packages()

    assert [p.name for p in packages] == [
        "Unlimited",
        "3x pro Woche",
        "2x pro Woche",
        "Open Gym",
        "Student",
    ]
    assert packages[0].monthly_price == Decimal("129.00")


def test_a_lead_is_created_read_updated_and_listed(gateway, fake):
    created = gateway.create_lead(
        first_name="Hannah",
        last_name="Schröder",
        email="hannah@example.de",
        phone="+49 152 1112223",
        message="Ich möchte gern ein Probetraining machen.",
        interested_in="CrossFit",
    )
    assert created.status is LeadStatus.NEW
    assert gateway.get_lead(created.lead_id) == created

    updated = gateway.update_lead(
        created.lead_id, status=LeadStatus.CONTACTED, notes="Rückruf Dienstag"
    )

    assert (updated.status, updated.notes) == (LeadStatus.CONTACTED, "Rückruf Dienstag")
    assert updated.updated_at > created.updated_at
    assert fake.lead(int(created.lead_id))["status"] == "contacted"
    pages = all_pages(gateway.list_leads, page_size=15)
    assert [len(p.items) for p in pages] == [15, 15, 11]
    assert pages[-1].items[-1] == updated


def test_leads_can_be_listed_by_status(gateway, fake):
    expected = [str(i) for i in fake.lead_ids() if fake.lead(i)["status"] == "trial"]

    page = gateway.list_leads(page=1, page_size=100, status=LeadStatus.TRIAL)

    assert expected
    assert [lead.lead_id for lead in page.items] == expected


def test_an_unknown_lead_is_not_found(gateway):
    with pytest.raises(GatewayNotFound):
        gateway.get_lead("1")


def test_a_lead_is_converted_into_a_member_once(gateway, fake):
    lead_id = next(i for i in fake.lead_ids() if fake.lead(i)["status"] == "trial")
    lead = fake.lead(lead_id)

    member = gateway.convert_lead(str(lead_id), "Unlimited", date(2026, 12, 1), "stripe")

    assert (member.first_name, member.last_name, member.email) == (
        lead["first_name"],
        lead["last_name"],
        lead["email"],
    )
    assert member.membership.membership_type == "Unlimited"
    assert fake.lead(lead_id)["status"] == "converted"
    assert fake.client(int(member.client_id))["email"] == lead["email"]
    with pytest.raises(GatewayInvalidRequest, match="already converted"):
        gateway.convert_lead(str(lead_id), "Unlimited", date(2026, 12, 1))


def test_bad_paging_is_refused_before_anything_is_sent(gateway, fake):
    for page, size in ((0, 10), (1, 0), (1, 101)):
        with pytest.raises(GatewayInvalidRequest, match="page_size 1..100"):
            gateway.list_members(page=page, page_size=size)
    assert fake.count() == 0


# -- authentication --------------------------------------------------------------------------
def test_a_wrong_key_is_refused_and_not_retried(fake, sleeps):
    with connect(fake, sleeps, key="not-the-key") as client:
        with pytest.raises(GatewayAuthFailed) as refused:
            client.list_members()

    assert refused.value.status == 401
    assert "invalid API key" in str(refused.value)
    assert fake.count() == 1
    assert sleeps == []


def test_a_wrong_location_is_refused(fake):
    with WodifyClient(
        fake.url, fake.api_key, "another-studio", retry=POLICY, sleep=Sleeps()
    ) as client:
        with pytest.raises(GatewayAuthFailed) as refused:
            client.health()

    assert refused.value.status == 403
    assert "another-studio" in refused.value.reason


# -- rate limits -----------------------------------------------------------------------------
def test_429_waits_what_retry_after_says_then_succeeds(gateway, fake, sleeps):
    fake.rate_limit_next(2, retry_after=0.25)

    page = gateway.list_members(page=1, page_size=100)

    assert len(page.items) == 100
    assert sleeps == [0.25, 0.25]
    assert [r.status for r in fake.requests] == [429, 429, 200]


def test_retry_after_is_really_waited_out(fake):
    fake.rate_limit_next(1, retry_after=0.3)
    with connect(fake, sleep=time.sleep) as client:
        started = time.monotonic()
        assert client.health() == "ok"
        waited = time.monotonic() - started

    assert waited >= 0.3
    assert fake.count() == 2


def test_a_retry_after_longer_than_the_cap_is_handed_to_the_caller_at_once(gateway, fake, sleeps):
    fake.rate_limit_next(1, retry_after=120)

    with pytest.raises(GatewayRateLimited) as limited:
        gateway.list_members()

    assert (limited.value.status, limited.value.retry_after) == (429, 120)
    assert sleeps == []
    assert fake.count() == 1


def test_a_rate_limit_that_outlasts_the_attempts_is_a_typed_error(gateway, fake, sleeps):
    fake.rate_limit_next(ATTEMPTS, retry_after=0.01)

    with pytest.raises(GatewayRateLimited) as limited:
        gateway.get_member("1001")

    assert limited.value.retry_after == 0.01
    assert fake.count() == ATTEMPTS


def test_a_rate_limited_post_is_sent_again_because_wodify_did_nothing(gateway, fake, sleeps):
    leads_before = len(fake.lead_ids())
    fake.rate_limit_next(1, retry_after=0.05, method="POST")

    lead = gateway.create_lead(first_name="Finn", last_name="Wolf", email="finn@example.de")

    assert lead.status is LeadStatus.NEW
    assert len(fake.lead_ids()) == leads_before + 1
    assert sleeps == [0.05]


# -- outages and timeouts --------------------------------------------------------------------
def test_500_on_a_read_is_retried_with_capped_jittered_backoff_then_succeeds(gateway, fake, sleeps):
    fake.fail_next(2, 500)

    assert gateway.get_member("1001").client_id == "1001"

    assert [r.status for r in fake.requests] == [500, 500, 200]
    assert len(sleeps) == 2
    assert 0 <= sleeps[0] <= 0.01 and 0 <= sleeps[1] <= 0.02


def test_backoff_is_full_jitter_under_an_exponential_cap():
    policy = RetryPolicy(base_delay=0.5, max_delay=8.0)

    assert [policy.backoff(n, lambda: 1.0) for n in range(1, 7)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert policy.backoff(3, lambda: 0.25) == 0.5
    assert policy.backoff(3, lambda: 0.0) == 0.0


def test_500_that_outlasts_the_attempts_is_unavailable(gateway, fake):
    fake.fail_next(ATTEMPTS + 1, 503)

    with pytest.raises(GatewayUnavailable) as down:
        gateway.list_members()

    assert down.value.status == 503
    assert fake.count() == ATTEMPTS


def test_500_on_a_post_is_not_retried(gateway, fake, sleeps):
    fake.fail_next(1, 500, method="POST")

    with pytest.raises(GatewayUnavailable) as down:
        gateway.create_membership(
            first_name="Mia",
            last_name="Koch",
            email="mia@example.de",
            phone=None,
            membership_type="Student",
            start_date=date(2026, 12, 1),
        )

    assert down.value.status == 500
    assert "may have been processed" in down.value.reason
    assert fake.count("POST", "/memberships") == 1
    assert sleeps == []


def test_a_put_is_retried_because_it_is_idempotent(gateway, fake):
    fake.fail_next(1, 502, method="PUT")

    lead = gateway.update_lead("9001", notes="zweiter Versuch")

    assert lead.notes == "zweiter Versuch"
    assert [r.status for r in fake.requests] == [502, 200]


def test_a_slow_read_times_out_and_is_retried(impatient, fake):
    fake.slow_next(1, seconds=SLOW)

    assert impatient.health() == "ok"
    assert fake.count("GET", "/health") == 2


def test_a_read_that_keeps_timing_out_is_unavailable_after_the_attempts(impatient, fake):
    fake.slow_next(ATTEMPTS, seconds=SLOW)
    started = time.monotonic()

    with pytest.raises(GatewayUnavailable) as down:
        impatient.list_members()

    assert down.value.status is None
    assert "no answer in time" in down.value.reason
    assert fake.count() == ATTEMPTS
    assert time.monotonic() - started < ATTEMPTS * SLOW  # it gave up at the timeout, not the reply


def test_a_slow_post_is_not_sent_twice(impatient, fake):
    fake.slow_next(1, seconds=SLOW, method="POST")

    with pytest.raises(GatewayUnavailable, match="may have been processed"):
        impatient.create_lead(first_name="Paul", last_name="Weber", email="paul@example.de")

    assert fake.count("POST", "/leads") == 1


def test_a_refused_connection_is_retried_then_unavailable(sleeps):
    stopped = FakeWodify().start()
    url, key = stopped.url, stopped.api_key
    stopped.stop()

    with WodifyClient(url, key, "studio-1", retry=POLICY, sleep=sleeps, timeout=TIMEOUT) as client:
        with pytest.raises(GatewayUnavailable, match="cannot connect") as down:
            client.create_lead(first_name="Paul", last_name="Weber", email="paul@example.de")

    assert down.value.status is None
    assert len(sleeps) == ATTEMPTS - 1  # nothing was sent, so even a POST may go again


def test_a_page_that_fails_once_is_fetched_on_the_retry(gateway, fake):
    fake.fail_page("clients", 2)

    pages = all_pages(gateway.list_members)

    assert [len(p.items) for p in pages] == [100, 100, 50]
    assert [(r.query["page"], r.status) for r in fake.requests] == [
        ("1", 200),
        ("2", 500),
        ("2", 200),
        ("3", 200),
    ]


# -- malformed answers and bad records -------------------------------------------------------
@pytest.mark.parametrize("call", ["list_members", "get_member", "health", "membership_packages"])
def test_malformed_json_is_a_typed_error(gateway, fake, call):
    fake.malformed_next(1)
    operation = {
        "list_members": lambda: gateway.list_members(),
        "get_member": lambda: gateway.get_member("1001"),
        "health": gateway.health,
        "membership_packages": gateway.membership_packages,
    }[call]

    with pytest.raises(GatewayMalformedResponse) as malformed:
        operation()

    assert malformed.value.status == 200
    assert "not valid JSON" in malformed.value.reason


@pytest.mark.parametrize(
    ("problem", "words"),
    [
        ("bad_email", "not a valid e-mail address"),
        ("missing_name", "first name is required"),
        ("end_before_start", "end date 2026-04-01 is before start date 2026-05-01"),
        ("negative_price", "monthly price -10.00 is negative"),
        ("bad_status", "status 'frozen' is not one of"),
        ("bad_date", "start_date '31.12.2025' is not a date"),
    ],
)
def test_an_invalid_record_is_rejected_with_its_reason_and_the_rest_of_the_page_kept(
    gateway, fake, problem, words
):
    assert set(CORRUPTIONS) >= {problem}
    fake.corrupt_client(1005, problem)

    page = gateway.list_members(page=1, page_size=100)

    assert len(page.items) == 99
    assert "1005" not in {m.client_id for m in page.items}
    assert [r.raw_id for r in page.rejected] == ["1005"]
    assert words in page.rejected[0].reason
    with pytest.raises(GatewayMalformedResponse, match=words):
        gateway.get_member("1005")


def test_a_record_missing_a_field_is_rejected_by_name(gateway, fake):
    record = fake.client(1010)
    del record["email"]
    fake.clients.put(record)

    page = gateway.list_members(page=1, page_size=20)

    assert [(r.raw_id, r.reason) for r in page.rejected] == [
        ("1010", "client 1010: field 'email' is missing")
    ]
    assert len(page.items) == 19


# -- the key stays secret --------------------------------------------------------------------
def test_the_api_key_never_shows_in_errors_reprs_logs_or_output(fake, impatient, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "studiobook.wodify"):
        caplog.set_level(logging.DEBUG, logger=name)
    wrong_key = "wrong-" + fake.api_key[::-1]
    seen: list[str] = []
    with connect(fake, key=fake.api_key) as client:
        seen.append(repr(client))
        fake.rate_limit_next(1, retry_after=0.01)
        fake.fail_next(1, 500)
        client.list_members()
        client.create_lead(first_name="Ida", last_name="Klein", email="ida@example.de")
        failing = [
            (
                lambda: fake.fail_next(1, 500, method="POST"),
                lambda: client.create_lead(
                    first_name="Ida", last_name="Klein", email="ida2@example.de"
                ),
            ),
            (lambda: fake.malformed_next(1), client.list_members),
            (lambda: fake.slow_next(ATTEMPTS, seconds=SLOW), impatient.list_members),
            (lambda: fake.rate_limit_next(1, retry_after=99), client.list_members),
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
        with pytest.raises(GatewayNotFound) as missing:
            client.get_member("0")
        seen += [str(missing.value), "".join(traceback.format_exception(missing.value))]
    with connect(fake, key=wrong_key) as wrong:
        seen.append(repr(wrong))
        with pytest.raises(GatewayAuthFailed) as refused:
            wrong.health()
        seen += [str(refused.value), "".join(traceback.format_exception(refused.value))]

    out = capsys.readouterr()
    everything = "\n".join([*seen, caplog.text, out.out, out.err])
    assert "HTTP Request: GET" in caplog.text  # httpx's own log was captured ...
    assert "WODIFY GET /clients" in caplog.text  # ... and ours
    assert fake.api_key not in everything  # ... but never the key
    assert wrong_key not in everything


def test_a_key_echoed_back_by_the_service_is_blanked_out_of_the_reason(gateway, fake):
    fake.fail_next(1, 422, message=f"key {fake.api_key} is not allowed to do this")

    with pytest.raises(GatewayInvalidRequest) as refused:
        gateway.list_leads()

    assert refused.value.reason == "key *** is not allowed to do this"
    assert fake.api_key not in str(refused.value)


def test_the_settings_and_the_plugin_never_show_the_key():
    from studiobook.application.settings import Settings

    settings = Settings.from_env(
        {
            "WODIFY_API_KEY": "sk-live-geheim",
            "WODIFY_LOCATION_ID": "7",
            "WODIFY_API_URL": "http://127.0.0.1:9/v1",
        }
    )

    assert (settings.wodify_api_key, settings.wodify_location_id) == ("sk-live-geheim", "7")
    assert settings.wodify_api_url == "http://127.0.0.1:9/v1"
    assert "sk-live-geheim" not in repr(settings) + str(settings)


# -- the plugin ------------------------------------------------------------------------------
def test_the_plugin_offers_a_working_gateway_built_from_settings(fake):
    from studiobook.application.plugins import collect_adapters, make_plugin_manager
    from studiobook.application.settings import Settings

    registry = collect_adapters(make_plugin_manager(load_entry_points=False))
    settings = Settings(
        wodify_api_url=fake.url, wodify_api_key=fake.api_key, wodify_location_id=fake.location_id
    )

    assert "wodify" in registry.names("membership_gateway")
    gateway = registry.create("membership_gateway", "wodify", settings)
    try:
        assert gateway.health() == "ok"
        assert fake.api_key not in repr(gateway)
    finally:
        gateway.close()


@pytest.mark.parametrize(
    ("key", "location", "missing"),
    [
        ("", "7", "WODIFY_API_KEY not set"),
        ("k", " ", "WODIFY_LOCATION_ID not set"),
        ("", "", "WODIFY_API_KEY and WODIFY_LOCATION_ID not set"),
    ],
)
def test_an_unconfigured_gateway_says_what_is_missing(key, location, missing):
    from studiobook.adapters.wodify.plugin import build_gateway
    from studiobook.application.settings import Settings

    with pytest.raises(GatewayNotConfigured, match=missing):
        build_gateway(Settings(wodify_api_key=key, wodify_location_id=location))


def test_loading_the_plugin_does_not_import_httpx():
    probe = "import sys, adapters.wodify.plugin; print('httpx' in sys.modules)"

    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "False"


# -- the fake itself -------------------------------------------------------------------------
def test_the_fake_is_deterministic_and_binds_loopback_only():
    with (
        FakeWodify(clients=30, leads=5, seed=3) as one,
        FakeWodify(clients=30, leads=5, seed=3) as two,
    ):
        assert one.url.startswith("http://127.0.0.1:")
        assert [one.client(i) for i in one.client_ids()] == [
            two.client(i) for i in two.client_ids()
        ]
        assert [one.lead(i) for i in one.lead_ids()] == [two.lead(i) for i in two.lead_ids()]
        assert one.api_key != two.api_key


def test_an_added_client_appears_on_the_last_page(gateway, fake):
    added = fake.add_client(first_name="Søren", email="soeren@example.com")

    last = gateway.list_members(page=3, page_size=100)

    assert last.total_records == 251
    assert last.items[-1].client_id == str(added["id"])
    assert last.items[-1].first_name == "Søren"
