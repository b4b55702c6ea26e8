"""``studiobook serve`` as an operator starts it: refuses without a token, binds only the host it
is given, serves pages and API, runs the scheduler, and stops cleanly on Ctrl-C. ``--demo`` needs
nothing at all: it prints a token, seeds, and points the syncs at the fake servers."""

from __future__ import annotations

import json
import os
import re
import selectors
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.cli.support import assert_error_contract, studiobook_executable

TOKEN = "e2e-admin-token-0123456789"
URL_LINE = re.compile(r"studiobook admin on (http://[^ ]+/)")


class Served:
    """A ``studiobook serve`` subprocess; the URL (and the demo token) read from its output."""

    def __init__(self, args: list[str], cwd: Path, env: dict[str, str], wait: float = 60) -> None:
        self.process = subprocess.Popen(
            [studiobook_executable(), *args], cwd=cwd, env=env, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        self.lines: list[str] = []
        self.url = self.token = None
        selector = selectors.DefaultSelector()
        selector.register(self.process.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + wait
        while self.url is None or ("--demo" in args and self.token is None):
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                pytest.fail(f"serve did not start: {self.lines} {self.process.stderr.read()}")
            if selector.select(timeout=0.2):
                line = self.process.stdout.readline().rstrip("\n")
                self.lines.append(line)
                if found := URL_LINE.search(line):
                    self.url = found.group(1)
                if line.startswith("admin token: "):
                    self.token = line.removeprefix("admin token: ")

    def get(self, path: str, token: str) -> dict:
        request = urllib.request.Request(self.url + path.lstrip("/"), headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def listening_on(port: int) -> list[str] | None:
    """The local addresses with a listening TCP socket on ``port`` (from ``ss``)."""
    try:
        listing = subprocess.run(["ss", "-Hltn"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    addresses = [line.split()[3] for line in listing.stdout.splitlines() if len(line.split()) > 3]
    return [a for a in addresses if a.rsplit(":", 1)[-1] == str(port)]


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("STUDIOBOOK_", "WODIFY_", "CALCOM_"))}
    return env | {"STUDIOBOOK_LOAD_PLUGINS": "0"} | extra


def test_serve_refuses_to_start_without_an_admin_token(run_installed_cli, sqlite_url):
    result = run_installed_cli("serve", "--port", "0", db=sqlite_url, env={"STUDIOBOOK_ADMIN_TOKEN": ""})
    message = assert_error_contract(result, codes=(1,))
    assert message.startswith("STUDIOBOOK_ADMIN_TOKEN is not set")


def test_serve_says_when_it_cannot_listen(run_installed_cli, sqlite_url):
    result = run_installed_cli("serve", "--host", "256.0.0.1", "--port", "0", db=sqlite_url,
                               env={"STUDIOBOOK_ADMIN_TOKEN": TOKEN})
    assert "cannot listen on 256.0.0.1:0" in assert_error_contract(result, codes=(1,))


def test_serve_binds_only_loopback_and_serves_with_the_token(tmp_path, sqlite_url):
    served = Served(["--db", sqlite_url, "serve", "--port", "0"], tmp_path,
                    environment(STUDIOBOOK_ADMIN_TOKEN=TOKEN))
    try:
        assert served.url.startswith("http://127.0.0.1:")
        port = int(served.url.rsplit(":", 1)[1].strip("/"))
        assert listening_on(port) in ([f"127.0.0.1:{port}"], None)  # None: no ss here
        stats = served.get("/admin/stats", TOKEN)
        assert stats["counts"]["companies"] == 0
        assert stats["wodify"]["health"] == "not_configured"
        with pytest.raises(urllib.error.HTTPError) as refused:
            served.get("/admin/stats", "not-" + TOKEN)
        assert refused.value.code == 401
    finally:
        code = served.stop()
    assert code == 0
    assert TOKEN not in "\n".join(served.lines)


@pytest.mark.clock
def test_serve_demo_needs_nothing_and_shows_live_data(tmp_path):
    served = Served(["serve", "--demo", "--port", "0"], tmp_path, environment())
    try:
        assert (tmp_path / "studiobook-demo.db").exists()
        stats = served.get("/admin/stats", served.token)
        assert stats["counts"]["companies"] == 3
        assert stats["wodify"] == {"health": "healthy", "reason": None, "configured": True}
        deadline = time.monotonic() + 30
        while (status := served.get("/admin/wodify-status", served.token))["last_lead_sync"] is None:
            assert time.monotonic() < deadline, "the scheduler never synced"
            time.sleep(0.3)
        assert status["last_member_sync"]["created"] > 100  # the scheduler ran the syncs
        assert status["error_total"] >= 1  # the demo's one broken client
    finally:
        code = served.stop()
    assert code == 0
