"""Without WODIFY settings the rest of studiobook works as before: the WODIFY jobs are off —
named once by `scheduler status` and at the loop's start — and never run, fail or warn."""

from __future__ import annotations

import json

from tests.cli.support import assert_no_traceback

NO_WODIFY = {"WODIFY_API_KEY": None, "WODIFY_LOCATION_ID": None, "WODIFY_API_URL": None}


def test_unconfigured_wodify_jobs_are_off_and_quiet(run_cli, database_url):
    def cli(*args):
        result = run_cli(*args, db=database_url, env=NO_WODIFY)
        assert_no_traceback(result)
        assert result.returncode == 0, result.stderr
        return result

    for first in (True, False):  # every run, not only the first, stays quiet
        ran = cli("scheduler", "run", "--once")
        assert "sync_members" not in ran.stdout and "sync_leads" not in ran.stdout
        assert ("send_notifications: ok" if first else "send_notifications: skipped") in ran.stdout
        assert ran.stderr == ""  # no "Warning: scheduled job sync_members failed"

    outcomes = {o["job"]: o for o in json.loads(cli("scheduler", "run", "--once", "--json").stdout)}
    assert outcomes["sync_members"]["off"] is True and outcomes["sync_members"]["ran"] is False
    assert outcomes["send_notifications"]["off"] is False

    status = cli("scheduler", "status").stdout
    assert status.count("off — WODIFY is not configured") == 2
    assert "sync_members: off — WODIFY is not configured (WODIFY_API_KEY" in status
    assert "send_notifications: on, every 1 min; last ok at" in status
    rows = {row["job"]: row for row in json.loads(cli("scheduler", "status", "--json").stdout)}
    assert rows["sync_leads"]["state"] == "off" and rows["sync_leads"]["last_started_at"] is None
    assert rows["timetables"]["state"] == "on"


def test_configured_wodify_jobs_are_on(run_cli, database_url):
    env = {"WODIFY_API_KEY": "key", "WODIFY_LOCATION_ID": "7", "WODIFY_API_URL": "http://127.0.0.1:9"}
    result = run_cli("scheduler", "status", "--json", db=database_url, env=env)
    assert result.returncode == 0, result.stderr
    rows = {row["job"]: row for row in json.loads(result.stdout)}
    assert rows["sync_members"]["state"] == "on" and rows["sync_members"]["next_due"] == "now"
