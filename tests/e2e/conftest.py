from __future__ import annotations

import pytest

from tests.cli.support import Cli


@pytest.fixture
def cli(run_cli, database_url) -> Cli:
    """The CLI in this process, for setting up what the subprocesses then race for."""
    return Cli(run_cli, database_url)


@pytest.fixture
def installed_cli(run_installed_cli, database_url) -> Cli:
    """The installed console script in subprocesses, on the same database as ``cli``."""
    return Cli(run_installed_cli, database_url)
