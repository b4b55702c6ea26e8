"""The admin pages through the ASGI test client: login, session cookie, CSRF, tenant scope."""

from __future__ import annotations

import pytest

from tests.web.conftest import ADMIN, SALON, csrf_of, log_in

PAGES = ["/", "/courses", "/event-types", "/matrix", "/availability"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_send_strangers_to_the_login_form(gate, path):
    response = gate.get(path + "?company_id=1", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next={path.replace('/', '%2F')}%3Fcompany_id%3D1"


def test_logging_in_sets_a_strict_http_only_session_that_never_holds_the_token(client):
    response = log_in(client)
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = next(v for k, v in response.headers.multi_items()
                  if k == "set-cookie" and v.startswith("studiobook_session="))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert ADMIN not in cookie
    dashboard = client.get("/")
    assert dashboard.status_code == 200 and "Healthy" in dashboard.text
    assert ADMIN not in dashboard.text


def test_a_wrong_token_or_a_forged_login_form_is_refused(client):
    assert log_in(client, "wrong-token-0123456789abcdef").status_code == 401
    forged = client.post("/login", data={"token": ADMIN, "next": "/"}, follow_redirects=False)
    assert forged.status_code == 403
    assert client.get("/", follow_redirects=False).status_code == 303  # still logged out


def test_a_tampered_session_cookie_is_not_a_session(client):
    log_in(client)
    session_id = client.cookies["studiobook_session"]
    for forged in (session_id[:-1] + ("A" if session_id[-1] != "A" else "B"), "admin", ""):
        client.cookies.set("studiobook_session", forged)
        assert client.get("/", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example", "/\\evil.example"])
def test_login_never_redirects_off_site(gate, target):
    form = gate.get("/login", params={"next": target})
    assert 'name="next" value="/"' in form.text


def test_form_posts_without_the_csrf_token_change_nothing(client, studio):
    log_in(client)
    salon = studio.salon
    before = set(studio.container.assignments().matrix(salon.id).assignments)
    for token in (None, "0" * 64):
        data = {"company_id": salon.id} | ({"csrf_token": token} if token else {})
        refused = client.post("/matrix", data=data, follow_redirects=False)
        assert refused.status_code == 403
        assert "CSRF" in refused.text
    assert set(studio.container.assignments().matrix(salon.id).assignments) == before
    assert client.post("/sync", data={}, follow_redirects=False).status_code == 403
    assert studio.container.wodify_sync().status(check_health=False).last_members is None


def test_saving_the_matrix_form_replaces_the_matrix_and_is_audited(client, studio):
    log_in(client)
    salon = studio.salon
    anna, ben = salon.staff
    page = client.get(f"/matrix?company_id={salon.id}")
    assert page.text.count('type="checkbox"') == 2 * 2  # 2 staff x (cut, default)
    removed = [f"{s}:{e}" for s, e in studio.container.assignments().matrix(salon.id).assignments
               if (s, e) != (ben.id, salon.cut.id)]  # confirmed (tests/web/test_matrix_confirm.py)
    saved = client.post("/matrix", data={
        "csrf_token": csrf_of(page.text), "company_id": salon.id, "cell": [f"{ben.id}:{salon.cut.id}"],
        "remove": removed,
    }, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"].endswith("notice=matrix-saved")
    assert set(studio.container.assignments().matrix(salon.id).assignments) == {(ben.id, salon.cut.id)}
    assert {e.actor for e in studio.container.audit().list(salon.id, "assignment")} >= {"web:admin"}
    junk = client.post("/matrix", data={"csrf_token": csrf_of(page.text), "company_id": salon.id,
                                        "cell": ["1:2:3"]}, follow_redirects=False)
    assert junk.status_code == 422


def test_trigger_sync_from_the_dashboard(client, studio):
    log_in(client)
    page = client.get("/")
    assert "never" in page.text
    done = client.post("/sync", data={"csrf_token": csrf_of(page.text)})
    assert "Sync finished" in done.text
    assert "6 created" in done.text  # six fake clients
    again = client.post("/sync", data={"csrf_token": csrf_of(page.text)})
    assert "Nothing synced" in again.text


def test_every_page_renders_for_the_admin(client, studio):
    log_in(client)
    for path in PAGES:
        response = client.get(f"{path}?company_id={studio.salon.id}" if path != "/" else path)
        assert response.status_code == 200, path
        assert "<h1>" in response.text
    overview = client.get(f"/availability?company_id={studio.salon.id}")
    assert overview.text.count("<meter") == 2
    assert "WOD 18:00" in client.get("/courses").text


def test_a_company_session_sees_its_company_only(client, studio):
    log_in(client, SALON)
    assert "This token sees one company" in client.get("/").text
    courses = client.get("/courses")
    assert courses.status_code == 200 and "WOD 18:00" in courses.text
    assert "Rückenschule" not in courses.text and "Other Company" not in courses.text
    assert client.get(f"/courses?company_id={studio.other.id}").status_code == 404
    assert client.get(f"/matrix?company_id={studio.other.id}").status_code == 404
    own = client.get("/matrix")
    assert own.status_code == 200 and "Other Company" not in own.text
    steal = client.post("/matrix", data={"csrf_token": csrf_of(own.text), "company_id": studio.other.id})
    assert steal.status_code == 404


def test_log_out_ends_the_session(client):
    log_in(client)
    page = client.get("/")
    out = client.post("/logout", data={"csrf_token": csrf_of(page.text)}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert client.get("/", follow_redirects=False).status_code == 303
