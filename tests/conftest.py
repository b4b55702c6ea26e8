from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest

from tests.cli.support import run_in_process, run_installed
from tests.databases import TemplateDatabases, engines, fresh_database


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers",
        "fresh_database: database_url is a database no earlier test used (on PostgreSQL a "
        "copy of the template, not the emptied database of this test process)",
    )
    config.addinivalue_line(
        "markers",
        "clock: reads the real clock (directly, or through the CLI or a container's system "
        "clock); .ci/run runs these tests again under libfaketime at dates years ahead",
    )


def pytest_sessionstart(session) -> None:
    """Under ``.ci/run``'s faketime passes, refuse to run unless the clock really says the
    chosen day: a pass in which libfaketime silently did nothing would prove nothing."""
    expected = os.environ.get("STUDIOBOOK_TEST_EXPECT_NOW")
    if expected:
        wanted = datetime.fromisoformat(expected)
        off = abs(datetime.now(UTC) - wanted)
        if off > timedelta(hours=1):
            pytest.exit(f"the clock says {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, not {expected}", 3)


def pytest_collection_modifyitems(config, items) -> None:
    """Every CLI contract test runs commands on the real clock: mark them all, so a new one is
    re-run under libfaketime without anybody remembering to."""
    for item in items:
        if "/tests/cli/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.clock)


@pytest.fixture(scope="session")
def template_databases(tmp_path_factory) -> TemplateDatabases:
    """One migrated database per engine and test process, copied for each test that wants one."""
    templates = TemplateDatabases(tmp_path_factory.mktemp("templates"))
    yield templates
    templates.drop()


@pytest.fixture(params=engines())
def database_url(request, tmp_path, template_databases) -> str:
    """A database at the current schema with no rows (a copy of a migrated template);
    integration and CLI tests run once per available engine."""
    reuse = request.node.get_closest_marker("fresh_database") is None
    with template_databases.copy(request.param, tmp_path, reuse=reuse) as url:
        yield url


@pytest.fixture(params=engines())
def empty_database_url(request, tmp_path) -> str:
    """A database without any schema, for what happens on the very first command."""
    with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    with fresh_database("sqlite", tmp_path) as url:
        yield url


@pytest.fixture
def settings(database_url):
    from studiobook.application.settings import Settings

    return Settings(database_url=database_url, load_entry_points=False)


@pytest.fixture
def container(settings):
    """The real wiring on a real database at the current schema, with no rows."""
    from studiobook.application.container import build_container

    built = build_container(settings)
    built.store().ensure_schema()
    yield built
    built.store().dispose()


@pytest.fixture
def run_cli(tmp_path):
    """Run a ``studiobook`` command in this process — the same ``run`` the console script calls:
    ``run_cli(*args, db=url, env={...})`` -> CompletedProcess (returncode, stdout, stderr)."""

    def run(*args: str, db: str | None = None, env: dict | None = None, timeout: float = 60):
        return run_in_process(args, db=db, env=env, cwd=tmp_path)

    return run


@pytest.fixture
def run_installed_cli(tmp_path):
    """The installed console script in a subprocess, for tests where the process boundary is the
    point (exit codes of the real script, races between processes, start-up, signals)."""

    def run(*args: str, db: str | None = None, env: dict | None = None, timeout: float = 60):
        return run_installed(args, db=db, env=env, cwd=tmp_path, timeout=timeout)

    return run
