"""The public API as an embedding app uses it: application.api, the example script, own parts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

import studiobook.application.api as api
from studiobook.application.api import (
    Booking,
    NotEnoughFreeSpots,
    Settings,
    Studiobook,
    hookimpl,
    open_studiobook,
)
from studiobook.application.plugins import make_plugin_manager
from tests.cli.support import installed_env
from tests.fakes import FakeClock

ROOT = Path(__file__).resolve().parents[2]


def test_the_embedding_example_books_a_course_and_prints_free_spots(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "embed_courses.py")],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "free spots: 1",
        "refused: course 1 has 1 free spot, 2 requested",
        "free spots: 0",
    ]


HOST_APP = """
import domain, application
from studiobook.application.api import open_studiobook

with open_studiobook(database_url="sqlite:///host.db") as studio:
    box = studio.companies.create("Box", "Europe/Berlin")
    course = studio.courses.create(domain.TITLE, capacity=application.SEATS, company_id=box.id)
    studio.bookings.book(course.id, name="Anna Berg", email="anna@example.com")
    print(domain.__file__ == __import__("os").path.abspath("domain/__init__.py"))
    print(studio.courses.get(course.id).free_spots)
"""


def test_a_host_with_its_own_domain_and_application_packages_embeds_studiobook(tmp_path):
    (tmp_path / "domain").mkdir()
    (tmp_path / "domain" / "__init__.py").write_text('TITLE = "WOD 18:00"\n')
    (tmp_path / "application").mkdir()
    (tmp_path / "application" / "__init__.py").write_text("SEATS = 3\n")
    (tmp_path / "host_app.py").write_text(HOST_APP)

    done = subprocess.run(
        [sys.executable, "host_app.py"], capture_output=True, text=True, cwd=tmp_path, timeout=120,
        env=installed_env({"PYTHONPATH": str(tmp_path)}),
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["True", "2"]


def test_every_public_name_exists_and_nothing_else_is_promised():
    assert all(hasattr(api, name) for name in api.__all__)
    assert len(set(api.__all__)) == len(api.__all__)
    assert {"Studiobook", "open_studiobook", "Settings", "hookimpl"} <= set(api.__all__)
    assert "build_container" not in api.__all__ and "Container" not in api.__all__


@pytest.mark.parametrize("package", ["domain", "application", "adapters", "entrypoints"])
def test_each_package_ships_its_py_typed_marker(package):
    assert (ROOT / package / "py.typed").is_file()
    assert f'"studiobook.{package}" = ["py.typed"]' in (ROOT / "pyproject.toml").read_text()


def test_an_own_engine_and_an_own_clock_are_used_and_the_engine_stays_open(
    database_url, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # where the settings' own URL would have put a database
    engine = sa.create_engine(database_url)
    clock = FakeClock()
    settings = Settings(database_url="sqlite:///never-used.db", load_entry_points=False)
    try:
        with open_studiobook(settings, engine=engine, clock=clock) as studio:
            assert isinstance(studio, Studiobook)
            loft = studio.companies.create("Loft", "Europe/Berlin")
            course = studio.courses.create("Pilates", capacity=2, company_id=loft.id)
            booking = studio.bookings.book(course.id, name="Anna Berg", email="anna@example.com")
            assert isinstance(booking, Booking)
            assert booking.created_at == clock.current
            with pytest.raises(NotEnoughFreeSpots):
                studio.bookings.book(course.id, name="Ben Ott", email="ben@example.com", tickets=2)
        # The rows are in the embedder's database, and close() left its engine usable.
        with engine.connect() as connection:
            titles = connection.exec_driver_sql("SELECT title FROM courses").scalars().all()
        assert titles == ["Pilates"]
        assert not Path("never-used.db").exists()
    finally:
        engine.dispose()


def test_an_own_plugin_manager_receives_the_hooks(sqlite_url):
    cancelled = []

    class Invoicing:
        @hookimpl
        def studiobook_booking_cancelled(self, booking, tickets):
            cancelled.append((booking.id, tickets))

    manager = make_plugin_manager(load_entry_points=False, plugins=[Invoicing()])
    settings = Settings(database_url=sqlite_url, load_entry_points=False)
    with open_studiobook(settings, plugin_manager=manager) as studio:
        gym = studio.companies.create("Gym", "Europe/Berlin")
        course = studio.courses.create("Spin", capacity=5, company_id=gym.id)
        booking = studio.bookings.book(course.id, name="Anna Berg", email="anna@example.com", tickets=3)
        studio.bookings.cancel(booking.id, tickets=1, reason="ill")
        assert studio.courses.get(course.id).free_spots == 3
    assert cancelled == [(booking.id, 1)]


def test_the_areas_are_the_containers_use_cases(sqlite_url):
    with open_studiobook(database_url=sqlite_url, settings=Settings(load_entry_points=False)) as studio:
        areas = {
            "courses": "Courses", "bookings": "Bookings", "members": "Memberships",
            "leads": "Leads", "sync": "WodifySync", "appointments": "Appointments",
            "availability": "Availability", "companies": "Companies", "staff": "Staffing",
            "event_types": "EventTypes", "assignments": "Assignments", "requests": "Requests",
            "audit": "AuditQueries", "calcom": "CalcomSync",
        }
        assert {area: type(getattr(studio, area)).__name__ for area in areas} == areas
        assert studio.settings.database_url == sqlite_url


def test_an_unknown_store_name_is_refused_naming_the_installed_ones(sqlite_url):
    settings = Settings(database_url=sqlite_url, store="nope", load_entry_points=False)
    with pytest.raises(api.PluginError, match=r"no store adapter named 'nope'.*installed: sql"):
        open_studiobook(settings)
