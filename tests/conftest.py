from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.databases import engines, fresh_database


@pytest.fixture(params=engines())
def database_url(request, tmp_path) -> str:
    """An empty database; integration and e2e tests run once per available engine."""
    with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    with fresh_database("sqlite", tmp_path) as url:
        yield url


@pytest.fixture
def settings(database_url):
    from application.settings import Settings

    return Settings(database_url=database_url, load_entry_points=False)


@pytest.fixture
def container(settings):
    """The real wiring on a real, empty database."""
    from application.container import build_container

    built = build_container(settings)
    built.store().ensure_schema()
    yield built
    built.store().dispose()


def studiobook_executable() -> str:
    """The installed console script next to this interpreter (e2e tests drive the real thing)."""
    candidate = Path(sys.executable).with_name("studiobook")
    found = str(candidate) if candidate.exists() else shutil.which("studiobook")
    if not found:
        pytest.fail("the studiobook console script is not installed; run pip install -e '.[test]'")
    return found


@pytest.fixture
def run_cli(tmp_path):
    """Run the installed CLI in a subprocess: ``run_cli(*args, db=url)`` -> CompletedProcess."""
    executable = studiobook_executable()

    def run(*args: str, db: str | None = None, env: dict | None = None, timeout: float = 60):
        full_env = {**os.environ, "STUDIOBOOK_LOAD_PLUGINS": "0", **(env or {})}
        full_env.pop("STUDIOBOOK_DATABASE_URL", None)
        command = [executable, *(["--db", db] if db else []), *args]
        return subprocess.run(
            command, capture_output=True, text=True, cwd=tmp_path, env=full_env, timeout=timeout
        )

    return run
