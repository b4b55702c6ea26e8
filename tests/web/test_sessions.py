"""Page sessions live on the server: a random id in the cookie, revoked on logout, CSRF bound to
it; and login attempts are limited per address and per token without locking out a right token."""

from __future__ import annotations

import re

from tests.web.conftest import ADMIN, SALON, csrf_of, log_in, make_client

HOUR = 3600


def test_logout_ends_the_session_and_its_csrf_token_at_once(client, studio):
    log_in(client)
    page = client.get("/")
    cookie = client.cookies.get("studiobook_session")
    token = csrf_of(page.text)
    out = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303
    client.cookies.set("studiobook_session", cookie)  # the attacker replays the old cookie
    replayed = client.get("/", follow_redirects=False)
    assert replayed.status_code == 303 and replayed.headers["location"].startswith("/login")
    forged = client.post("/sync", data={"csrf_token": token}, follow_redirects=False)
    assert forged.status_code == 303 and forged.headers["location"].startswith("/login")


def test_the_cookie_is_a_random_id_and_two_logins_in_one_second_differ(client, studio):
    log_in(client)
    first = client.cookies.get("studiobook_session")
    client.cookies.clear()
    log_in(client)
    second = client.cookies.get("studiobook_session")
    assert first != second
    for value in (first, second):
        assert re.fullmatch(r"[A-Za-z0-9_-]{43}", value), "secrets.token_urlsafe(32), nothing else"
        assert "admin" not in value


def test_the_csrf_token_belongs_to_its_session(studio):
    app = studio.app()
    with make_client(app) as alice, make_client(app) as bob:
        log_in(alice)
        log_in(bob)
        alices = csrf_of(alice.get("/").text)
        assert csrf_of(bob.get("/").text) != alices
        refused = bob.post("/logout", data={"csrf_token": alices}, follow_redirects=False)
        assert refused.status_code == 403
        assert alice.get("/", follow_redirects=False).status_code == 200


def test_a_session_expires_after_eight_hours_on_the_app_clock(client, studio):
    log_in(client)
    assert client.get("/", follow_redirects=False).status_code == 200
    studio.ticker.now += 8 * HOUR + 1
    assert client.get("/", follow_redirects=False).status_code == 303


def test_logging_in_again_replaces_the_old_session(client):
    log_in(client)
    old = client.cookies.get("studiobook_session")
    log_in(client)
    client.cookies.set("studiobook_session", old)
    assert client.get("/", follow_redirects=False).status_code == 303


def attempt(client, token: str):
    form = client.get("/login")
    value = re.search(r'name="login_csrf" value="([^"]+)"', form.text).group(1)
    return client.post("/login", data={"token": token, "login_csrf": value, "next": "/"},
                       follow_redirects=False)


def test_one_address_guessing_gets_429_and_locks_out_nobody_else(studio):
    app = studio.app(rate_requests=120, rate_seconds=60)  # the production default
    with make_client(app, client=("203.0.113.9", 4000)) as attacker, \
            make_client(app, client=("198.51.100.7", 4000)) as user:
        statuses = [attempt(attacker, f"guess-{n:020d}").status_code for n in range(300)]
        assert set(statuses) == {401, 429} and statuses[-1] == 429
        assert attempt(user, SALON).status_code == 303  # another address logs in
        assert user.get("/", follow_redirects=False).status_code == 200


def test_a_right_token_still_logs_in_from_an_address_that_guessed_wrong(studio):
    app = studio.app(rate_requests=120, rate_seconds=60)
    with make_client(app, client=("203.0.113.9", 4000)) as shared:  # one office behind a NAT
        statuses = [attempt(shared, f"guess-{n:020d}").status_code for n in range(150)]
        assert statuses[-1] == 429
        assert attempt(shared, ADMIN).status_code == 303


def test_repeating_one_wrong_token_is_limited_on_its_own(studio):
    with make_client(studio.app(), client=("203.0.113.9", 4000)) as client:
        statuses = [attempt(client, "stale-token-000000000000").status_code for _ in range(10)]
        assert statuses[0] == 401 and statuses[-1] == 429
        assert attempt(client, "another-typo-00000000000").status_code == 401


def test_the_login_limit_recovers_over_time(studio):
    with make_client(studio.app(), client=("203.0.113.9", 4000)) as client:
        statuses = [attempt(client, f"guess-{n:020d}").status_code for n in range(400)]
        assert statuses[-1] == 429
        refused = attempt(client, ADMIN)
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
        studio.ticker.now += 2 * HOUR
        assert attempt(client, "guess-again-0000000000").status_code == 401
        assert attempt(client, ADMIN).status_code == 303


def test_every_worker_knows_every_session_and_a_logout_ends_it_everywhere(studio):
    """Two apps on one database stand for two ``serve --workers`` processes."""
    from sqlalchemy import text

    with make_client(studio.app()) as first, make_client(studio.app()) as second:
        log_in(first)
        cookie = first.cookies.get("studiobook_session")
        second.cookies.set("studiobook_session", cookie)
        page = second.get("/", follow_redirects=False)
        assert page.status_code == 200
        token = csrf_of(page.text)
        assert csrf_of(first.get("/").text) == token  # one session, one CSRF secret

        with studio.container.store().engine.connect() as connection:
            stored = connection.execute(text("SELECT key, principal FROM admin_sessions")).all()
        assert [principal for _, principal in stored] == ["admin"]
        assert cookie not in {key for key, _ in stored}  # a copy of the table logs nobody in

        assert second.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
        assert first.get("/", follow_redirects=False).status_code == 303


def test_expired_sessions_are_removed_when_someone_logs_in(client, studio):
    from sqlalchemy import text

    log_in(client)
    studio.ticker.now += 8 * HOUR + 1
    client.cookies.clear()
    log_in(client)
    with studio.container.store().engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM admin_sessions")).scalar_one()
    assert count == 1
