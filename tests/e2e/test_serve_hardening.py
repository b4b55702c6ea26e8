"""``studiobook serve`` believes forwarded headers only from the proxies it is told about, and
answers only for the host names it is told about (issue 16)."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

from tests.e2e.test_serve import TOKEN, Served, environment


def get(url: str, path: str, headers: dict[str, str]) -> http.client.HTTPResponse:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request("GET", path, headers=headers)
    answer = connection.getresponse()
    answer.read()
    connection.close()
    return answer


def test_a_spoofed_forwarded_for_does_not_dodge_the_rate_limit(tmp_path, sqlite_url):
    served = Served(["--db", sqlite_url, "serve", "--port", "0"], tmp_path,
                    environment(STUDIOBOOK_ADMIN_TOKEN=TOKEN, STUDIOBOOK_RATE_LIMIT="3/600"))
    try:
        statuses = [
            get(served.url, "/admin/stats", {"Authorization": f"Bearer wrong-{n:020d}",
                                            "X-Forwarded-For": f"203.0.113.{n}"}).status
            for n in range(5)
        ]
        assert statuses == [401, 401, 401, 429, 429]
    finally:
        code = served.stop()
    assert code == 0


def test_a_configured_proxy_is_believed(tmp_path, sqlite_url):
    served = Served(["--db", sqlite_url, "serve", "--port", "0"], tmp_path,
                    environment(STUDIOBOOK_ADMIN_TOKEN=TOKEN, STUDIOBOOK_RATE_LIMIT="3/600",
                                STUDIOBOOK_TRUSTED_PROXIES="127.0.0.1"))
    try:
        clients = ["203.0.113.1"] * 4 + ["203.0.113.2"] * 2
        statuses = [
            get(served.url, "/admin/stats", {"Authorization": f"Bearer wrong-{n:020d}",
                                            "X-Forwarded-For": client}).status
            for n, client in enumerate(clients)
        ]
        assert statuses == [401, 401, 401, 429, 401, 401]  # each client address its own bucket
    finally:
        code = served.stop()
    assert code == 0


def test_serve_refuses_a_host_it_was_not_told_about(tmp_path, sqlite_url):
    served = Served(["--db", sqlite_url, "serve", "--port", "0"], tmp_path,
                    environment(STUDIOBOOK_ADMIN_TOKEN=TOKEN))
    try:
        bearer = {"Authorization": f"Bearer {TOKEN}"}
        assert get(served.url, "/admin/stats", bearer).status == 200
        for path in ("/admin/stats", "/", "/admin/stats/"):
            refused = get(served.url, path, bearer | {"Host": "evil.example"})
            assert refused.status == 400, path
            assert "evil.example" not in (refused.getheader("Location") or "")
        assert get(served.url, "/admin/stats", bearer | {"Host": "localhost"}).status == 200
    finally:
        code = served.stop()
    assert code == 0
