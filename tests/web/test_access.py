"""Who may see what, and how often: rate limits per client and company-scoped tokens."""

from __future__ import annotations

import pytest

from studiobook.entrypoints.web.config import (
    WebConfig,
    WebConfigError,
    parse_company_tokens,
    parse_rate,
)
from studiobook.entrypoints.web.ratelimit import RateLimiter
from tests.web.conftest import ADMIN, SALON, bearer, make_client


def test_the_rate_limit_trips_with_retry_after_and_recovers(studio):
    with make_client(studio.app(rate_requests=3, rate_seconds=6)) as client:  # 1 every 2 s
        statuses = [client.get("/admin/stats", headers=bearer(ADMIN)).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        refused = client.get("/admin/stats", headers=bearer(ADMIN))
        assert refused.headers["Retry-After"] == "2"
        assert refused.json() == {"error": "too many requests; slow down"}
        # another token has its own bucket
        assert client.get(f"/admin/matrix?company_id={studio.salon.id}", headers=bearer(SALON)).status_code == 200
        studio.ticker.now += 2
        assert client.get("/admin/stats", headers=bearer(ADMIN)).status_code == 200
        assert client.get("/admin/stats", headers=bearer(ADMIN)).status_code == 429


def test_guessing_tokens_is_limited_per_address(studio):
    with make_client(studio.app(rate_requests=2, rate_seconds=60)) as client:
        wrong = [client.get("/admin/stats", headers=bearer(f"guess-{n:020d}")).status_code for n in range(3)]
        assert wrong == [401, 401, 429]
        assert client.get("/admin/stats", headers=bearer(ADMIN)).status_code == 200  # its own bucket


def test_the_limiter_refills_at_its_pace_and_never_beyond_capacity():
    now = [0.0]
    limiter = RateLimiter(2, 10, clock=lambda: now[0])
    assert [limiter.take("a"), limiter.take("a"), limiter.take("a")] == [None, None, 5]
    now[0] += 1000  # a long pause refills to 2, not 200
    assert [limiter.take("a"), limiter.take("a"), limiter.take("a")] == [None, None, 5]


def test_a_company_token_sees_its_company_only(client, studio):
    salon, other = studio.salon, studio.other
    own = client.get("/admin/event-types", headers=bearer(SALON)).json()
    assert own["company_id"] == salon.id and len(own["event_types"]) == 2
    for path in (f"/admin/event-types?company_id={other.id}", f"/admin/matrix?company_id={other.id}"):
        refused = client.get(path, headers=bearer(SALON))
        assert refused.status_code == 404
        assert refused.json() == {"error": f"company {other.id} does not exist"}
    for method, path in (("GET", "/admin/stats"), ("GET", "/admin/wodify-status"), ("POST", "/admin/sync")):
        assert client.request(method, path, headers=bearer(SALON)).status_code == 403


def test_a_company_token_cannot_change_another_company(client, studio):
    other = studio.other
    before = client.get(f"/admin/matrix?company_id={other.id}", headers=bearer(ADMIN)).json()
    put = client.put(f"/admin/matrix?company_id={other.id}", headers=bearer(SALON), json={"offered": []})
    assert put.status_code == 404
    # naming the other company's staff in its own matrix is "not found" too, and writes nothing
    foreign = {"staff_id": other.anna.id, "event_type_id": other.cut.id}
    smuggled = client.put("/admin/matrix", headers=bearer(SALON), json={"offered": [foreign]})
    assert smuggled.status_code == 404
    assert client.get(f"/admin/matrix?company_id={other.id}", headers=bearer(ADMIN)).json() == before


def test_a_company_token_asking_for_a_foreign_event_type_gets_its_own_default(client, studio):
    query = {"event_type_id": studio.other.cut.id, "from": "2026-11-30T00:00Z", "to": "2026-12-01T00:00Z"}
    answer = client.get("/admin/availability", headers=bearer(SALON), params=query).json()
    own_default = studio.container.companies().get(studio.salon.id).default_event_type_id
    assert answer["fallback_used"] and answer["event_type_id"] == own_default
    own_staff = {m.id for m in studio.salon.staff}
    assert all(set(slot["staff"]) <= own_staff for slot in answer["slots"])


def test_changes_by_a_company_token_are_audited_with_its_name(client, studio):
    salon = studio.salon
    response = client.put("/admin/matrix", headers=bearer(SALON), json={"offered": []})
    assert response.json()["removed"] == 2
    actors = {e.actor for e in studio.container.audit().list(salon.id, "assignment") if e.action == "unassign"}
    assert actors == {f"web:company-{salon.id}"}


def test_web_config_from_the_environment():
    env = {"STUDIOBOOK_ADMIN_TOKEN": ADMIN, "STUDIOBOOK_ADMIN_TOKENS": f"{SALON}=3, other-token-0123456789=5",
           "STUDIOBOOK_RATE_LIMIT": "30/60"}
    config = WebConfig.from_env(env)
    assert config.company_tokens == {SALON: 3, "other-token-0123456789": 5}
    assert (config.rate_requests, config.rate_seconds) == (30, 60.0)
    assert ADMIN not in repr(config) and SALON not in repr(config)
    assert parse_rate("") == (120, 60.0)


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({}, "STUDIOBOOK_ADMIN_TOKEN is not set"),
        ({"STUDIOBOOK_ADMIN_TOKEN": "short"}, "at least 16 characters"),
        ({"STUDIOBOOK_ADMIN_TOKEN": ADMIN, "STUDIOBOOK_RATE_LIMIT": "fast"}, "requests/seconds"),
        ({"STUDIOBOOK_ADMIN_TOKEN": ADMIN, "STUDIOBOOK_ADMIN_TOKENS": f"{SALON}=x"}, "entry 1"),
        ({"STUDIOBOOK_ADMIN_TOKEN": ADMIN, "STUDIOBOOK_ADMIN_TOKENS": f"{ADMIN}=2"}, "repeats"),
    ],
)
def test_web_config_errors_name_the_variable_never_the_token(env, says):
    with pytest.raises(WebConfigError, match=says) as refused:
        WebConfig.from_env(env)
    assert ADMIN not in str(refused.value) and SALON not in str(refused.value)


def test_two_tokens_of_one_company_get_distinct_names():
    from studiobook.entrypoints.web.security import AccessTokens

    tokens = AccessTokens(ADMIN, parse_company_tokens(f"{SALON}=3,second-token-0123456789=3"))
    assert [tokens.check(t).name for t in (ADMIN, SALON, "second-token-0123456789")] == [
        "admin", "company-3", "company-3.2"
    ]
    assert tokens.check("nope") is None and tokens.check(None) is None
