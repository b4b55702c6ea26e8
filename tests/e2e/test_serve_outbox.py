"""``studiobook serve --workers 2`` sends what the outbox holds: its scheduler — one, in the
supervisor — runs the dispatcher at start and every minute after, and the message a booking
queued arrives (the development notifier: an ``.eml`` file)."""

from __future__ import annotations

import re
import time
from zoneinfo import ZoneInfo

import httpx

from tests.e2e.test_serve import TOKEN, Served, environment
from tests.real_time import coming, wall

BERLIN = ZoneInfo("Europe/Berlin")


def test_serve_with_workers_dispatches_the_outbox_once_in_the_supervisor(
    tmp_path, sqlite_url, run_cli
):
    def ok(*args: str) -> str:
        done = run_cli(*args, db=sqlite_url)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    day = coming("wed", BERLIN)
    ok("company", "add", "Box Nord", "--timezone", "Europe/Berlin")
    course = ok("course", "add", "--title", "WOD", "--capacity", "3",
                "--starts", wall(day, 18, 0, BERLIN).isoformat(),
                "--ends", wall(day, 19, 0, BERLIN).isoformat())
    ok("booking", "add", course, "--name", "Ada", "--email", "ada@example.org")
    mail = tmp_path / "mail"

    served = Served(["--db", sqlite_url, "serve", "--port", "0", "--workers", "2"], tmp_path,
                    environment(STUDIOBOOK_ADMIN_TOKEN=TOKEN, STUDIOBOOK_OUTBOX_DIR=str(mail)))
    try:
        deadline = time.monotonic() + 30
        while not list(mail.glob("*.eml")):
            assert time.monotonic() < deadline, "the scheduler never sent the confirmation"
            time.sleep(0.2)
        deadline = time.monotonic() + 10
        while (outbox := served.get("/admin/outbox", TOKEN))["counts"]["sent"] != 1:
            assert time.monotonic() < deadline, outbox
            time.sleep(0.2)
        [message] = outbox["messages"]
        assert (message["kind"], message["recipient"]) == ("booking_confirmed", "ada@example.org")
        assert_one_login_serves_every_worker(served.url)
    finally:
        code = served.stop()
    assert code == 0
    output = served.lines + served.process.stdout.read().splitlines()
    runs = [line for line in output if line.startswith("scheduler: send_notifications")]
    assert len(runs) == 1, output  # the workers run no scheduler of their own
    assert "1 sent" in runs[0]


def assert_one_login_serves_every_worker(url: str) -> None:
    """A session opened in one worker process is known to the others (it is in the database):
    each request below goes on a new connection, so the kernel spreads them over both."""
    with httpx.Client(base_url=url, limits=httpx.Limits(max_keepalive_connections=0)) as browser:
        form = browser.get("login").text
        login_csrf = re.search(r'name="login_csrf" value="([^"]+)"', form).group(1)
        browser.post("login", data={"token": TOKEN, "login_csrf": login_csrf, "next": "/"})
        answers = [browser.get("", follow_redirects=False) for _ in range(20)]
    assert [a.status_code for a in answers] == [200] * 20
    assert all("Log out" in a.text for a in answers)
