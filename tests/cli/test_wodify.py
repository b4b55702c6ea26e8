"""The WODIFY commands through the CLI, against the fake WODIFY on loopback."""

from __future__ import annotations

import json
import subprocess
from zoneinfo import ZoneInfo

import pytest

from studiobook.adapters.fakes.wodify import FakeWodify
from tests.cli.support import assert_error_contract, assert_no_traceback
from tests.real_time import today

START = today(ZoneInfo("UTC")).isoformat()  # a membership that starts today


@pytest.fixture
def fake():
    with FakeWodify(clients=120, leads=15) as server:
        yield server


@pytest.fixture
def wodify(run_cli, database_url, fake):
    """Run the CLI configured for the fake WODIFY; every output is checked for the API key."""
    env = {
        "WODIFY_API_URL": fake.url,
        "WODIFY_API_KEY": fake.api_key,
        "WODIFY_LOCATION_ID": fake.location_id,
    }
    outputs: list[str] = []

    def run(*args: str) -> subprocess.CompletedProcess:
        result = run_cli(*args, db=database_url, env=env)
        outputs.append(result.stdout + result.stderr)
        assert_no_traceback(result)
        return result

    yield run
    assert all(fake.api_key not in output for output in outputs)


def as_json(result: subprocess.CompletedProcess):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_sync_then_skip_then_force_and_status_in_a_new_process(wodify, fake):
    first = as_json(wodify("sync", "members", "--json"))
    assert (first["outcome"], first["created"]) == ("ok", 120)

    skipped = as_json(wodify("sync", "members", "--json"))
    assert skipped["outcome"] == "skipped"
    assert "--force" in skipped["message"]

    fake.change_client(fake.client_ids()[110], first_name="Zora")
    forced = as_json(wodify("sync", "members", "--force", "--json"))
    assert (forced["created"], forced["updated"], forced["unchanged"]) == (0, 1, 119)

    status = as_json(wodify("wodify", "status", "--json"))
    assert status["health"] == "healthy"
    assert status["last_member_sync"]["updated"] == 1
    assert status["last_lead_sync"] is None
    listed = as_json(wodify("member", "list", "--limit", "5", "--json"))
    assert listed["total"] == 120 and len(listed["members"]) == 5


def test_sync_all_reports_both_kinds(wodify):
    results = as_json(wodify("sync", "all", "--json"))
    assert [(r["kind"], r["created"]) for r in results] == [("members", 120), ("leads", 15)]


def test_a_failing_page_exits_1_keeps_what_was_stored_and_shows_in_status(wodify, fake):
    fake.fail_page("clients", 2, times=50)
    result = wodify("sync", "members", "--json")

    assert result.returncode == 1
    assert json.loads(result.stdout)["outcome"] == "failed"
    *retries, last = result.stderr.splitlines()
    assert last.startswith("Error: members sync failed: page 2")
    assert retries and all(line.startswith("Warning: WODIFY GET /clients") for line in retries)
    status = as_json(wodify("wodify", "status", "--no-health", "--json"))
    assert status["error_total"] == 1
    assert "page 2" in status["recent_errors"][0]["reason"]
    assert as_json(wodify("member", "list", "--json"))["total"] == 100  # page 1 stayed

    fake.clear_faults()
    assert as_json(wodify("sync", "members", "--json"))["created"] == 20  # failed runs do not block


def test_wodify_failing_for_both_kinds_is_one_error_line(wodify, fake):
    fake.fail_page("clients", 1, times=50)
    fake.fail_page("leads", 1, times=50)
    result = wodify("sync", "all")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith("Error: members and leads sync failed: ")


def test_a_record_failing_in_two_runs_shows_once_with_its_count(wodify, fake):
    fake.corrupt_client(fake.client_ids()[3], "bad_email")
    for _ in range(2):
        wodify("sync", "members", "--force")
    status = as_json(wodify("wodify", "status", "--no-health", "--json"))
    [error] = status["recent_errors"]
    assert error["count"] == 2
    assert "(2 times)" in wodify("wodify", "status", "--no-health").stdout


def test_unconfigured_wodify_is_a_status_not_a_crash(run_cli, database_url):
    status = run_cli("wodify", "status", "--json", db=database_url)
    assert json.loads(status.stdout)["health"] == "not_configured"

    message = assert_error_contract(run_cli("sync", "members", db=database_url))
    assert "WODIFY is not configured" in message


def test_member_lifecycle(wodify):
    client_id = wodify(
        "member", "add", "--first-name", "Anna", "--last-name", "Berg",
        "--email", "anna@example.com", "--type", "Unlimited", "--start", START,
    ).stdout.strip()
    assert client_id.isdigit()

    updated = as_json(wodify("member", "update", client_id, "--price", "89.00", "--json"))
    assert updated["membership"]["monthly_price"] == "89.00"
    cancelled = as_json(wodify("member", "cancel", client_id, "--reason", "moving", "--json"))
    assert cancelled["membership"]["status"] == "cancelled"
    listed = as_json(wodify("member", "list", "--status", "cancelled", "--json"))
    assert [m["client_id"] for m in listed["members"]] == [client_id]

    assert "not a valid e-mail" in assert_error_contract(
        wodify("member", "add", "--first-name", "A", "--last-name", "B", "--email", "nope",
               "--type", "Unlimited", "--start", START)
    )
    assert "does not exist" in assert_error_contract(wodify("member", "show", "999999"))


def test_lead_pipeline_and_conversion(wodify, fake):
    lead_id = wodify(
        "lead", "add", "--first-name", "Ben", "--last-name", "Ott", "--email", "ben@example.com",
        "--interested-in", "Probetraining",
    ).stdout.strip()
    assert as_json(wodify("lead", "update", lead_id, "--status", "trial", "--json"))["status"] == "trial"
    message = assert_error_contract(wodify("lead", "update", lead_id, "--status", "contacted"))
    assert "cannot go from 'trial' to 'contacted'" in message

    fake.fail_next(5, 500, path=f"/leads/{lead_id}/convert-to-client")
    assert_error_contract(wodify("lead", "convert", lead_id, "--type", "Unlimited", "--start", START))
    leads = as_json(wodify("lead", "list", "--json"))["leads"]
    assert {x["lead_id"]: x["status"] for x in leads}[lead_id] == "trial"  # neither half changed
    before = as_json(wodify("member", "list", "--json"))["total"]

    fake.clear_faults()
    both = as_json(wodify("lead", "convert", lead_id, "--type", "Unlimited", "--start", START, "--json"))
    assert both["lead"]["status"] == "converted"
    assert as_json(wodify("member", "list", "--json"))["total"] == before + 1
