"""``studiobook serve --workers 2``: ``/metrics`` from either worker counts the requests both
answered and the jobs the supervisor's scheduler ran (prometheus-client's multi-process mode, in
a private directory removed at exit), and the workers log JSON lines at the level asked for."""

from __future__ import annotations

import json
import re
import time

import httpx

from tests.e2e.test_serve import TOKEN, Served, environment

ROUTE = 'route="/admin/outbox",status="200"'


def count(text: str, name: str, labels: str) -> float:
    found = re.search(rf"^{name}\{{[^}}]*{re.escape(labels)}[^}}]*\}} (\S+)$", text, re.MULTILINE)
    return float(found[1]) if found else 0.0


def test_metrics_add_up_every_process_and_workers_log_json_lines(tmp_path, sqlite_url):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    served = Served(["--db", sqlite_url, "serve", "--port", "0", "--workers", "2"], tmp_path,
                    environment(STUDIOBOOK_ADMIN_TOKEN=TOKEN, STUDIOBOOK_LOG_LEVEL="info",
                                TMPDIR=str(temporary)))
    try:
        admin = {"authorization": f"Bearer {TOKEN}"}
        # A new connection per request: the kernel spreads them over both workers.
        with httpx.Client(base_url=served.url, headers=admin, timeout=60,  # workers start late
                          limits=httpx.Limits(max_keepalive_connections=0)) as client:
            assert [client.get("admin/outbox").status_code for _ in range(8)] == [200] * 8
            assert client.get("metrics", headers={"authorization": "Bearer no"}).status_code == 401
            deadline = time.monotonic() + 20
            while True:  # the scheduler's first beat runs send_notifications in the supervisor
                scrapes = [client.get("metrics").text for _ in range(4)]
                jobs = [count(s, "studiobook_job_duration_seconds_count",
                              'job="send_notifications",outcome="ok"') for s in scrapes]
                if all(jobs) or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
        assert all(jobs), scrapes[0]
        assert [count(s, "studiobook_http_request_duration_seconds_count", ROUTE)
                for s in scrapes] == [8.0] * 4, scrapes[0]
        [private] = list(temporary.iterdir())
        assert private.name.startswith("studiobook-metrics-") and any(private.iterdir())
    finally:
        code = served.stop()
    assert code == 0
    assert list(temporary.iterdir()) == []  # removed at exit
    logged = [json.loads(line) for line in served.process.stderr.read().splitlines() if line]
    access = [line for line in logged if line["logger"] == "studiobook.http"]
    assert [(a["level"], a["route"], a["status"]) for a in access[:8]] == [
        ("info", "/admin/outbox", 200)
    ] * 8, logged
