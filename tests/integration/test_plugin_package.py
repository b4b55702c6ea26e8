"""The example plugin package, installed with pip and found through its entry point.

The package is pip-installed into this test environment once per session (idempotent; xdist
workers take turns through a lock file) — exactly what a third party's user does.
"""

from __future__ import annotations

import fcntl
import importlib
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from studiobook.application.container import build_container
from studiobook.application.plugins import PluginError, make_plugin_manager
from studiobook.application.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "examples" / "studiobook-ics-calendar"


def _cannot_build() -> str | None:
    """Why pip cannot build the package without an isolated (downloaded) build environment."""
    try:
        import setuptools
    except ImportError:
        return "setuptools is not installed, so pip cannot build the example plugin offline"
    major_minor = tuple(int(part) for part in setuptools.__version__.split(".")[:2])
    if major_minor < (70, 1) and importlib.util.find_spec("wheel") is None:
        return f"setuptools {setuptools.__version__} needs 'wheel' to build; pip install '.[test]'"
    return None


@pytest.fixture(scope="session")
def ics_plugin_installed(tmp_path_factory):
    """Install the example plugin (no build isolation: the local setuptools builds it)."""
    reason = _cannot_build()
    if reason:
        pytest.skip(reason)
    lock_file = tmp_path_factory.getbasetemp().parent / "ics-plugin-install.lock"
    with lock_file.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "-q",
             str(PACKAGE)],
            capture_output=True, text=True, cwd=tmp_path_factory.getbasetemp(), timeout=300,
        )
    assert done.returncode == 0, done.stderr
    importlib.invalidate_caches()
    return "ics_calendar"


def test_the_entry_point_is_discovered(ics_plugin_installed):
    manager = make_plugin_manager()
    plugin = manager.get_plugin(ics_plugin_installed)
    assert plugin is not None
    assert plugin.__name__ == "studiobook_ics_calendar.plugin"
    assert make_plugin_manager(load_entry_points=False).get_plugin(ics_plugin_installed) is None


def test_selecting_ics_replaces_the_calcom_gateway_factory(ics_plugin_installed, sqlite_url):
    chosen = build_container(Settings(database_url=sqlite_url, calendar_gateway="ics"))
    default = build_container(Settings(database_url=sqlite_url))
    factory = chosen.calendar_gateways()
    assert type(factory).__module__ == "studiobook_ics_calendar.gateway"
    assert type(default.calendar_gateways()).__name__ == "CalcomGatewayFactory"
    gateway = factory("company-key")
    assert [t.slug for t in gateway.team_event_types(1)] == ["consultation"]


def test_the_cancellation_listener_fires(ics_plugin_installed, sqlite_url, tmp_path, monkeypatch):
    log = tmp_path / "cancelled.log"
    monkeypatch.setenv("STUDIOBOOK_ICS_CANCEL_LOG", str(log))
    container = build_container(Settings(database_url=sqlite_url, calendar_gateway="ics"))
    container.store().ensure_schema()
    try:
        studio = container.companies().create("Studio", "Europe/Berlin")
        course = container.courses().create("Yoga", capacity=4, company_id=studio.id)
        booking = container.bookings().book(course.id, name="Anna Berg", email="a@example.com", tickets=2)
        container.bookings().cancel(booking.id, reason="ill")
    finally:
        container.store().dispose()
    assert log.read_text().splitlines() == [f"{booking.id} 2 cancelled ill"]


def test_an_unknown_calendar_gateway_names_the_installed_choices(ics_plugin_installed, sqlite_url):
    container = build_container(Settings(database_url=sqlite_url, calendar_gateway="nope"))
    with pytest.raises(PluginError) as refused:
        container.calendar_gateways()
    assert str(refused.value) == (
        "no calendar_gateway adapter named 'nope' is installed (installed: calcom, ics)"
    )


def test_the_cli_lists_the_plugin_and_what_it_offers(ics_plugin_installed, run_cli):
    done = run_cli("plugins", "--json", env={"STUDIOBOOK_LOAD_PLUGINS": "1",
                                              "STUDIOBOOK_CALENDAR_GATEWAY": "ics"})
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    sources = {p["name"]: p["source"] for p in document["plugins"]}
    assert sources[ics_plugin_installed].startswith("entry point (studiobook-ics-calendar ")
    assert sources["studiobook.adapters.calcom.plugin"] == "built-in"
    calendars = document["adapters"]["calendar_gateway"]
    assert calendars["offers"] == [
        {"name": "calcom", "plugin": "studiobook.adapters.calcom.plugin"},
        {"name": "ics", "plugin": "ics_calendar"},
    ]
    assert (calendars["selected"], calendars["installed"]) == ("ics", True)


def test_an_unknown_gateway_is_one_error_line_in_the_cli(ics_plugin_installed, run_cli, sqlite_url):
    done = run_cli("course", "list", db=sqlite_url, env={"STUDIOBOOK_CLOCK": "nope"})
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "Error: no clock adapter named 'nope' is installed (installed: system)"
    ]
