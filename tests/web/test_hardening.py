"""Server-level hardening of the admin app: the Host header is checked and never reflected in a
redirect, and a database failure tells a client nothing about the database (issue 16)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import event

from studiobook.entrypoints.web.config import WebConfig, WebConfigError
from studiobook.entrypoints.web.server import web_app
from tests.web.conftest import ADMIN, SALON, bearer, log_in, make_client

EVIL = "evil.example"


def served_app(studio, **config):
    settings = WebConfig(ADMIN, {SALON: studio.salon.id}, rate_requests=10_000, rate_seconds=1)
    settings = replace(settings, **config)
    return web_app(studio.container, settings.serving_on("127.0.0.1"))


def test_a_host_outside_the_allowed_list_is_refused(studio):
    with make_client(served_app(studio), base_url="http://127.0.0.1") as client:
        assert client.get("/admin/stats", headers=bearer(ADMIN)).status_code == 200
        for path in ("/admin/stats", "/login", "/", "/admin/stats/"):
            refused = client.get(path, headers=bearer(ADMIN) | {"Host": EVIL}, follow_redirects=False)
            assert refused.status_code == 400, path
            assert EVIL not in refused.headers.get("location", "")
        assert client.get("/login", headers={"Host": "localhost:8000"}).status_code == 200


def test_no_redirect_names_a_host_even_when_every_host_is_allowed(studio):
    with make_client(served_app(studio, allowed_hosts=("*",)), base_url=f"http://{EVIL}") as client:
        answers = [
            client.get("/", follow_redirects=False),  # to the login form
            client.get("/admin/stats/", headers=bearer(ADMIN), follow_redirects=False),  # the slash
            log_in(client),
            client.post("/logout", follow_redirects=False),
        ]
        locations = [a.headers["location"] for a in answers if 300 <= a.status_code < 400]
        assert len(locations) >= 3, [a.status_code for a in answers]
        for location in locations:
            parts = urlsplit(location)
            assert not parts.scheme and not parts.netloc and location.startswith("/"), location
            assert not location.startswith("//")


def test_allowed_hosts_and_trusted_proxies_come_from_the_environment():
    env = {"STUDIOBOOK_ADMIN_TOKEN": ADMIN}
    config = WebConfig.from_env(env)
    assert config.trusted_proxies == () and config.allowed_hosts == ("127.0.0.1", "localhost")
    assert config.serving_on("::1").allowed_hosts[-1] == "[::1]"
    config = WebConfig.from_env(env | {"STUDIOBOOK_TRUSTED_PROXIES": "10.0.0.2, 10.1.0.0/16",
                                       "STUDIOBOOK_ALLOWED_HOSTS": "Studio.Example,*.example.org"})
    assert config.trusted_proxies == ("10.0.0.2", "10.1.0.0/16")
    assert config.allowed_hosts == ("studio.example", "*.example.org")
    assert config.serving_on("0.0.0.0").allowed_hosts[-1] == "0.0.0.0"
    for name, value in (("STUDIOBOOK_TRUSTED_PROXIES", "proxy.local"),
                        ("STUDIOBOOK_ALLOWED_HOSTS", "studio.*.org")):
        with pytest.raises(WebConfigError, match=name):
            WebConfig.from_env(env | {name: value})


@pytest.fixture
def database_gone(studio):
    """Every statement fails as if the database file vanished; its parameters carry an e-mail."""
    engine = studio.container.store().engine

    def vanish(connection, cursor, statement, parameters, context, executemany):
        raise sqlite3.OperationalError("unable to open database file")

    event.listen(engine, "before_cursor_execute", vanish)
    yield str(engine.url.database)
    event.remove(engine, "before_cursor_execute", vanish)


@pytest.mark.parametrize("token", [SALON, ADMIN])
def test_an_unreachable_database_is_a_503_that_names_no_database(studio, database_gone, token):
    with make_client(served_app(studio), base_url="http://127.0.0.1") as client:
        path = f"/admin/courses?company_id={studio.salon.id}"
        answer = client.get(path, headers=bearer(token))
        assert answer.status_code == 503
        assert answer.json() == {"error": "the database is unavailable, try again"}
        page = client.get("/login")  # a page, for people
        assert page.status_code in (200, 503)
        for body in (answer.text, page.text):
            assert database_gone not in body and "sqlite" not in body.lower()


def test_the_public_api_names_no_database_when_it_is_unreachable(studio, database_gone):
    now = studio.container.clock().now()
    week = {"from": now.isoformat(), "to": (now + timedelta(days=7)).isoformat()}
    with make_client(served_app(studio), base_url="http://127.0.0.1") as client:
        answer = client.get(f"/api/v1/companies/{studio.salon.id}/courses", params=week)
    assert answer.status_code == 503
    assert answer.json() == {"error": {"code": "unavailable", "message": "the database is unavailable, try again"}}
    assert database_gone not in answer.text and "sqlite" not in answer.text.lower()
