"""The Cal.com commands through the installed CLI, against the fake Cal.com on loopback: connect
while adding a company, sync team and event types, and the key in no output and no row."""

from __future__ import annotations

import json
import subprocess

import pytest

from studiobook.adapters.fakes.calcom import DEMO_TEAM_ID, FakeCalcom
from studiobook.adapters.secrets.fernet import new_key
from tests.cli.support import assert_error_contract, assert_no_traceback, dump_database

KEY = new_key()


@pytest.fixture
def fake():
    with FakeCalcom() as server:
        yield server


@pytest.fixture
def calcom(run_cli, database_url, fake):
    """Run the CLI with the fake's URL and a secret key; every output is checked for the key."""
    outputs: list[str] = []

    def run(*args: object, secret_key: str = "", api_key: str | None = None) -> subprocess.CompletedProcess:
        env = {"CALCOM_API_URL": fake.url, "STUDIOBOOK_SECRET_KEY": secret_key,
               "STUDIOBOOK_CALCOM_API_KEY": api_key}
        result = run_cli(*map(str, args), db=database_url, env=env)
        outputs.append(result.stdout + result.stderr)
        assert_no_traceback(result)
        return result

    yield run
    assert outputs and all(fake.api_key not in output for output in outputs)
    assert fake.api_key not in repr(dump_database(database_url))


def as_json(result: subprocess.CompletedProcess):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)



def test_add_a_connected_company_then_sync_team_and_event_types(calcom, fake):
    company = as_json(calcom("company", "add", "Salon", "--calcom-team-id", DEMO_TEAM_ID,
                             "--json", secret_key=KEY, api_key=fake.api_key))
    assert (company["calcom_team_id"], company["calcom_connected"]) == (DEMO_TEAM_ID, True)

    team = as_json(calcom("calcom", "sync-team", company["id"], "--json", secret_key=KEY))
    assert (team["outcome"], team["created"]) == ("ok", 5)
    (synced,) = as_json(calcom("calcom", "sync-event-types", "--json", secret_key=KEY))
    assert (synced["company_id"], synced["outcome"], synced["created"], synced["assignments"]) == (
        company["id"], "ok", 6, 13)

    again = calcom("calcom", "sync-event-types", company["id"], secret_key=KEY)
    assert again.returncode == 0 and "skipped" in again.stdout and "--force" in again.stdout
    types = as_json(calcom("event-type", "list", company["id"], "--json", secret_key=KEY))
    assert sorted(t["calcom_id"] for t in types) == list(range(801, 807))
    listed = as_json(calcom("company", "list", "--json"))  # no secret needed to list
    assert listed[0]["calcom_connected"] is True


def test_without_a_secret_key_connecting_fails_in_one_line_and_writes_nothing(calcom, fake):
    result = calcom("company", "add", "Salon", "--calcom-team-id", DEMO_TEAM_ID,
                    secret_key="", api_key=fake.api_key)

    message = assert_error_contract(result, codes=(1,))
    assert "STUDIOBOOK_SECRET_KEY is not set" in message and "studiobook secret-key" in message
    assert as_json(calcom("company", "list", "--json")) == []
    half = calcom("company", "add", "Salon", "--calcom-team-id", DEMO_TEAM_ID, secret_key=KEY)
    assert "no Cal.com API key given" in assert_error_contract(half, codes=(2,))


def test_a_company_calcom_refuses_fails_the_run_in_one_error_line_and_exit_1(calcom, fake):
    good = as_json(calcom("company", "add", "Good", "--calcom-team-id", DEMO_TEAM_ID,
                          "--json", secret_key=KEY, api_key=fake.api_key))
    bad = as_json(calcom("company", "add", "Bad", "--calcom-team-id", DEMO_TEAM_ID,
                         "--json", secret_key=KEY, api_key="cal_live_wrong"))

    result = calcom("calcom", "sync-event-types", "--json", secret_key=KEY)

    assert result.returncode == 1
    outcomes = {r["company_id"]: r["outcome"] for r in json.loads(result.stdout)}
    assert outcomes == {good["id"]: "ok", bad["id"]: "failed"}
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error:") and f"company {bad['id']}" in line and "401" in line
    assert "cal_live_wrong" not in result.stderr
