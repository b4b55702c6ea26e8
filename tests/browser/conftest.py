"""A real server and a real browser: uvicorn on 127.0.0.1 in a thread around the admin app (the
demo's hair salon on SQLite, a fake WODIFY), driven by Debian's headless Chromium through
Playwright. Playwright never downloads a browser here: it launches /usr/bin/chromium."""

from __future__ import annotations

import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
TOKEN = "browser-admin-token-0123456789"


def chromium_missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install -y chromium; .ci/run installs it)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright package is missing (pip install -e '.[test]')"
    return None


def pytest_collection_modifyitems(config, items):
    reason = chromium_missing()
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


class ThreadServer:
    """uvicorn serving ``app`` on 127.0.0.1 (a free port) until :meth:`stop`."""

    def __init__(self, app) -> None:
        import uvicorn

        from studiobook.entrypoints.web.server import bind

        sock = bind("127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}/"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [sock]}, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@dataclass
class Site:
    url: str
    container: object
    wodify: object
    company_id: int


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from studiobook.adapters.fakes.wodify import FakeWodify
    from studiobook.application.container import build_container
    from studiobook.application.settings import Settings
    from studiobook.entrypoints.web.app import create_app

    folder = tmp_path_factory.mktemp("site")
    with FakeWodify(clients=8, leads=3) as wodify:
        settings = Settings(
            database_url=f"sqlite:///{folder / 'browser.db'}", load_entry_points=False,
            wodify_api_url=wodify.url, wodify_api_key=wodify.api_key,
            wodify_location_id=wodify.location_id,
        )
        container = build_container(settings)
        container.store().ensure_schema()
        [salon] = container.seeder().seed(["hair"])
        server = ThreadServer(create_app(container, TOKEN))
        try:
            yield Site(server.url, container, wodify, salon.company_id)
        finally:
            server.stop()
            container.store().dispose()


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser_context, site):
    """A tab that is logged in as the admin."""
    tab = browser_context.new_page()
    tab.set_default_timeout(10_000)
    tab.goto(site.url)
    if "/login" in tab.url:
        tab.fill("input[name=token]", TOKEN)
        tab.click("button[type=submit]")
        tab.wait_for_url(site.url)
    yield tab
    tab.close()
