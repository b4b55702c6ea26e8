"""The JSON admin API through the ASGI test client, on a real SQLite container."""

from __future__ import annotations

import pytest
from dependency_injector import providers

from tests.web.conftest import ADMIN, SALON, bearer, make_client

ROUTES = [
    ("GET", "/admin/wodify-status"),
    ("GET", "/admin/stats"),
    ("POST", "/admin/sync"),
    ("GET", "/admin/event-types?company_id=1"),
    ("GET", "/admin/courses?company_id=1"),
    ("GET", "/admin/outbox"),
    ("GET", "/admin/matrix?company_id=1"),
    ("PUT", "/admin/matrix?company_id=1"),
    ("GET", "/admin/availability?event_type_id=1&from=2026-11-30T00:00Z&to=2026-12-01T00:00Z"),
    ("POST", "/webhooks/voice"),
]


@pytest.mark.parametrize(("method", "path"), ROUTES)
@pytest.mark.parametrize(
    "headers",
    [{}, bearer("wrong-token-0123456789abcdef"), bearer(""), {"Authorization": f"Basic {ADMIN}"},
     bearer(ADMIN[:-1])],
    ids=["missing", "wrong", "empty", "not-bearer", "prefix"],
)
def test_every_api_route_refuses_a_missing_or_wrong_token(gate, method, path, headers):
    response = gate.request(method, path, headers=headers, json={})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.json() == {"error": "a valid bearer token is required"}


def test_stats_count_the_studio_and_say_wodify_is_healthy(client):
    response = client.get("/admin/stats", headers=bearer(ADMIN))
    assert response.status_code == 200
    body = response.json()
    assert body["counts"] | {} == {
        "courses": 2, "bookings": 0, "members": 0, "leads": 0, "companies": 2, "staff": 3,
        "event_types": 4, "appointments": 0,
    }
    assert body["wodify"] == {"health": "healthy", "reason": None, "configured": True}


def test_sync_through_the_api_changes_the_status(client, studio):
    before = client.get("/admin/wodify-status", headers=bearer(ADMIN)).json()
    assert before["last_member_sync"] is None
    response = client.post("/admin/sync", headers=bearer(ADMIN), json={"kind": "members"})
    assert response.status_code == 200
    [result] = response.json()["results"]
    assert (result["kind"], result["outcome"], result["created"]) == ("members", "ok", 6)
    after = client.get("/admin/wodify-status", headers=bearer(ADMIN)).json()
    assert after["last_member_sync"]["created"] == 6 and after["last_lead_sync"] is None
    again = client.post("/admin/sync", headers=bearer(ADMIN), json={"kind": "all"}).json()
    assert [r["outcome"] for r in again["results"]] == ["skipped", "ok"]  # hourly limit, leads new
    runs = studio.container.audit().list(entity="wodify_sync")
    assert [(r.actor, r.action) for r in reversed(runs)] == [
        ("web:admin", "sync_members"), ("web:admin", "sync_leads")  # a skipped run changes nothing
    ]


def test_no_secret_appears_in_any_answer(client, studio):
    client.post("/admin/sync", headers=bearer(ADMIN), json={"kind": "all", "force": True})
    bodies = [client.request(m, p, headers=bearer(ADMIN), json={"offered": []} if m == "PUT" else None).text
              for m, p in ROUTES if m != "PUT"]
    bodies.append(client.get("/openapi.json", headers=bearer(ADMIN)).text)
    for body in bodies:
        assert ADMIN not in body and SALON not in body
        assert studio.wodify.api_key not in body


def test_event_types_filter_by_active_and_branch(client, studio):
    salon = studio.salon
    branch = studio.container.companies().add_branch(salon.id, "Nord")
    studio.container.event_types().add(salon.id, "Nordschnitt", 20, branch_id=branch.id)
    studio.container.event_types().add(salon.id, "Alt", 20, active=False)
    names = lambda **q: [t["name"] for t in client.get(  # noqa: E731
        "/admin/event-types", headers=bearer(ADMIN), params={"company_id": salon.id, **q}
    ).json()["event_types"]]
    assert names(active="false") == ["Alt"]
    # A branch offers its own event types and the company-wide ones.
    assert names(branch_id=branch.id) == ["Beratung", "Herrenschnitt", "Nordschnitt", "Alt"]
    assert "Nordschnitt" not in names(branch_id=studio.container.companies().add_branch(salon.id, "Süd").id)
    assert set(names()) == {"Beratung", "Herrenschnitt", "Nordschnitt", "Alt"}
    assert client.get("/admin/event-types", headers=bearer(ADMIN)).status_code == 422  # which company?


def test_matrix_round_trip_is_audited_with_the_token_name(client, studio):
    salon = studio.salon
    anna, ben = salon.staff
    current = client.get(f"/admin/matrix?company_id={salon.id}", headers=bearer(ADMIN)).json()
    assert {(a["staff_id"], a["event_type_id"]) for a in current["offered"]} == {
        (anna.id, salon.cut.id), (ben.id, salon.cut.id)
    }
    response = client.put(
        f"/admin/matrix?company_id={salon.id}", headers=bearer(ADMIN),
        json={"offered": [{"staff_id": anna.id, "event_type_id": salon.cut.id}]},
    )
    assert response.status_code == 200
    assert (response.json()["added"], response.json()["removed"]) == (0, 1)
    audit = studio.container.audit().list(salon.id, "assignment")
    assert [(e.actor, e.action) for e in audit][:1] == [("web:admin", "unassign")]


def test_availability_answers_and_refuses_bad_ranges(client, studio):
    salon = studio.salon
    query = {"event_type_id": salon.cut.id, "from": "2026-11-30T00:00:00+01:00", "to": "2026-12-01T00:00:00+01:00"}
    answer = client.get("/admin/availability", headers=bearer(ADMIN), params=query).json()
    assert answer["event_type_id"] == salon.cut.id and not answer["fallback_used"]
    assert answer["slots"][0] == {
        "start": "2026-11-30T08:00:00+00:00", "end": "2026-11-30T08:30:00+00:00",
        "staff": [m.id for m in salon.staff],
    }
    for bad in ({"from": "2026-11-30T00:00:00"}, {"to": "2027-03-01T00:00:00Z"},
                {"from": "9999-12-31T23:59:59Z"}, {"to": "2026-11-29T00:00:00Z"}):
        refused = client.get("/admin/availability", headers=bearer(ADMIN), params=query | bad)
        assert refused.status_code == 422, bad
        assert refused.json()["error"]
    unknown = client.get("/admin/availability", headers=bearer(ADMIN), params=query | {"event_type_id": 999})
    assert unknown.status_code == 404


def test_voice_webhook_answers_a_transcript_for_the_tokens_company(client, studio):
    said = {"transcript": "Haben Sie am Montag um 10 Uhr Zeit für einen Herrenschnitt?",
            "now": "2026-11-27T10:00:00+01:00", "tz": "Europe/Berlin"}
    foreign = client.post("/webhooks/voice", headers=bearer(SALON), json=said | {"company_id": studio.other.id})
    assert foreign.status_code == 404
    response = client.post("/webhooks/voice", headers=bearer(SALON), json=said | {"company_id": studio.salon.id})
    if not hasattr(studio.container, "requests"):  # a build without the request parser
        assert response.status_code == 501 and "not available" in response.json()["error"]
        return
    assert response.status_code == 200
    request, answer = response.json()["request"], response.json()["answer"]
    assert request["service"] == {"id": studio.salon.cut.id, "name": "Herrenschnitt"}
    assert request["intent"] == "availability"
    assert (request["date"], request["time_from"]) == ("2026-11-30", "10:00")
    assert answer["slots"][0]["start"] == "2026-11-30T09:00:00+00:00"
    bad_zone = client.post("/webhooks/voice", headers=bearer(SALON),
                           json=said | {"company_id": studio.salon.id, "tz": "Mars/Base"})
    assert bad_zone.status_code == 422


def test_voice_webhook_says_so_when_the_build_has_no_request_parser(studio):
    class WithoutRequests:
        def __getattr__(self, name):
            if name == "requests":
                raise AttributeError(name)
            return getattr(studio.container, name)

    from studiobook.entrypoints.web.app import create_app

    with make_client(create_app(WithoutRequests(), ADMIN)) as client:
        response = client.post("/webhooks/voice", headers=bearer(ADMIN),
                               json={"company_id": studio.salon.id, "transcript": "Zeit?"})
    assert response.status_code == 501
    assert response.json() == {"error": "natural-language requests are not available in this build"}


def test_openapi_schema_is_published_with_bearer_auth_and_without_pages(client):
    schema = client.get("/openapi.json", headers=bearer(ADMIN)).json()
    assert {path for path in schema["paths"] if not path.startswith("/api/v1/")} == {
        "/admin/wodify-status", "/admin/stats", "/admin/sync", "/admin/event-types",
        "/admin/courses", "/admin/outbox", "/admin/matrix", "/admin/availability",
        "/webhooks/voice",
    }
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"


def test_the_admin_schema_needs_a_token_and_the_public_one_names_only_public_routes(client):
    for token in (None, "not-a-token"):
        refused = client.get("/openapi.json", headers=bearer(token) if token else {})
        assert refused.status_code == 401
        assert "/admin/" not in refused.text
    assert client.get("/openapi.json", headers=bearer(SALON)).status_code == 200
    public = client.get("/api/v1/openapi.json")
    assert public.status_code == 200
    paths = public.json()["paths"]
    assert "/api/v1/companies/{company}/courses" in paths
    assert not [p for p in paths if not p.startswith("/api/v1/")]
    assert "HTTPBearer" not in public.text


def test_security_headers_on_every_answer(client):
    for response in (client.get("/api/v1/openapi.json"), client.get("/login"), client.get("/admin/stats")):
        assert response.headers["x-frame-options"] == "DENY"
        assert "default-src 'self'" in response.headers["content-security-policy"]
        assert response.headers["cache-control"] == "no-store"


def test_an_unexpected_error_is_a_bare_500(studio):
    def broken():
        raise RuntimeError("database password is hunter2")

    studio.container.stats.override(providers.Callable(broken))
    client = make_client(studio.app(), raise_server_exceptions=False)
    response = client.get("/admin/stats", headers=bearer(ADMIN))
    assert response.status_code == 500
    assert response.json() == {"error": "internal error; the server log has the details"}
    assert "hunter2" not in response.text


def test_admin_courses_are_scoped_to_the_company_and_shown_in_its_zone(client, studio):
    own = client.get("/admin/courses", headers=bearer(SALON))
    assert own.status_code == 200
    body = own.json()
    assert body["company_id"] == studio.salon.id
    assert [c["title"] for c in body["courses"]] == ["WOD 18:00"]
    other = client.get(f"/admin/courses?company_id={studio.other.id}", headers=bearer(SALON))
    assert other.status_code == 404
    everyone = client.get(f"/admin/courses?company_id={studio.other.id}", headers=bearer(ADMIN))
    assert [c["title"] for c in everyone.json()["courses"]] == ["Rückenschule"]
