from __future__ import annotations

import pytest

from tests.cli.support import Cli


@pytest.fixture
def cli(run_cli, database_url) -> Cli:
    """The CLI in this process, for setting up what the subprocesses then race for."""
    return Cli(run_cli, database_url)

