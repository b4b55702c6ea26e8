from __future__ import annotations

import pytest

from tests.e2e.support import Cli


@pytest.fixture
def cli(run_cli, database_url) -> Cli:
    """The installed CLI on this test's (empty) database, once per available engine."""
    return Cli(run_cli, database_url)
