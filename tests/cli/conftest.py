from __future__ import annotations

import pytest

from tests.cli.support import Cli


@pytest.fixture
def cli(run_cli, database_url) -> Cli:
    """The CLI, in this process, on this test's database (at the current schema, no rows), once
    per available engine."""
    return Cli(run_cli, database_url)
