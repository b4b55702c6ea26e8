"""Logs: JSON lines on stderr at the level of ``--log-level`` or ``STUDIOBOOK_LOG_LEVEL``; at
debug every WODIFY call with method, path, status and duration — never the API key. Without a
level asked for, warnings stay the one ``Warning:`` line (tests/cli/test_wodify.py)."""

from __future__ import annotations

import json

import pytest

from studiobook.adapters.fakes.wodify import FakeWodify
from tests.cli.support import assert_error_contract


@pytest.fixture
def fake():
    with FakeWodify(clients=3, leads=0) as server:
        yield server


def wodify_env(fake: FakeWodify, **more: str) -> dict[str, str]:
    return {"WODIFY_API_URL": fake.url, "WODIFY_API_KEY": fake.api_key,
            "WODIFY_LOCATION_ID": fake.location_id, **more}


def json_lines(stderr: str) -> list[dict]:
    lines = [json.loads(line) for line in stderr.splitlines()]  # each line parses on its own
    assert all({"time", "level", "logger", "message"} <= set(line) for line in lines), lines
    return lines


def test_at_debug_every_wodify_call_is_a_json_line_without_the_key(run_cli, sqlite_url, fake):
    result = run_cli("--log-level", "debug", "sync", "members", "--json",
                     db=sqlite_url, env=wodify_env(fake))

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["created"] == 3
    assert fake.api_key not in result.stderr + result.stdout
    calls = [line for line in json_lines(result.stderr) if line["logger"] == "studiobook.wodify"]
    assert calls, result.stderr
    first = calls[0]
    assert (first["level"], first["method"], first["path"], first["status"]) == (
        "debug", "GET", "/clients", 200
    )
    assert isinstance(first["duration_ms"], float) and first["duration_ms"] >= 0
    assert first["message"].startswith("WODIFY GET /clients -> 200 in ")
    assert fake.location_id not in first["path"]  # no query string


def test_the_level_comes_from_the_environment_too(run_cli, sqlite_url, fake):
    fake.fail_page("clients", 1, times=1)  # one retry: a warning, then the page comes
    quiet = run_cli("sync", "members", "--json", db=sqlite_url,
                    env=wodify_env(fake, STUDIOBOOK_LOG_LEVEL="error"))
    assert quiet.returncode == 0 and quiet.stderr == "", quiet.stderr

    fake.fail_page("clients", 1, times=1)
    warned = run_cli("sync", "members", "--force", "--json", db=sqlite_url,
                     env=wodify_env(fake, STUDIOBOOK_LOG_LEVEL="WARNING"))
    assert warned.returncode == 0, warned.stderr
    (line,) = json_lines(warned.stderr)
    assert (line["level"], line["logger"]) == ("warning", "studiobook.wodify")
    assert line["message"].startswith("WODIFY GET /clients: ")


@pytest.mark.parametrize(
    ("args", "env", "named"),
    [
        (["--log-level", "nonsense"], {}, "--log-level"),
        ([], {"STUDIOBOOK_LOG_LEVEL": "nonsense"}, "STUDIOBOOK_LOG_LEVEL='nonsense'"),
    ],
)
def test_a_bad_log_level_is_one_line_and_exit_2(run_cli, args, env, named):
    result = run_cli(*args, "course", "list", env=env)
    message = assert_error_contract(result, codes=(2,))
    assert named in message and "debug" in message, message
