"""``company show|update|connect-calcom|disconnect-calcom``: settings and the Cal.com connection
from the CLI, the API key only from stdin or ``STUDIOBOOK_CALCOM_API_KEY`` — never argv, never in
any output — and a rotated key stored encrypted in place of the old one."""

from __future__ import annotations

import json
import subprocess

import pytest

from studiobook.adapters.secrets.fernet import new_key
from tests.cli.support import (
    assert_error_contract,
    assert_no_traceback,
    dump_database,
    installed_env,
    run_in_process,
    studiobook_executable,
)

SECRET = new_key()
OLD_KEY, NEW_KEY = "cal_live_old0123456789", "cal_live_new9876543210"


@pytest.fixture
def run(database_url, tmp_path):
    """``run(*args, stdin=..., env=...)`` in this process with a secret key; every output is
    kept, and checked for the API keys at the end."""
    outputs: list[str] = []

    def invoke(*args: object, stdin: str | None = None, env: dict | None = None):
        full_env = {"STUDIOBOOK_SECRET_KEY": SECRET, "STUDIOBOOK_CALCOM_API_KEY": None, **(env or {})}
        result = run_in_process(args, db=database_url, env=full_env, cwd=tmp_path, stdin=stdin)
        outputs.append(result.stdout + result.stderr)
        assert_no_traceback(result)
        return result

    yield invoke
    for output in outputs:
        assert OLD_KEY not in output and NEW_KEY not in output, output
    dumped = repr(dump_database(database_url))
    assert OLD_KEY not in dumped and NEW_KEY not in dumped


def ok_json(result: subprocess.CompletedProcess):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def salon(run) -> int:
    company = int(run("company", "add", "Salon Anna", "--timezone", "Europe/Berlin").stdout)
    assert run("branch", "add", company, "Mitte").returncode == 0
    assert run("branch", "add", company, "Wien", "--timezone", "Europe/Vienna").returncode == 0
    return company


def stored_token_and_key(database_url: str, company_id: int) -> tuple[str, str]:
    """The token in the company's row and what the container decrypts it to."""
    from studiobook.application.appointments.calcom.connection import calcom_link
    from studiobook.application.container import build_container
    from studiobook.application.settings import Settings

    container = build_container(Settings(database_url=database_url, load_entry_points=False,
                                         secret_key=SECRET))
    try:
        link = container.calcom_connections().transactions.read(
            lambda uow: calcom_link(uow, company_id, "event_types"))
        return link.key_token, container.secrets().decrypt(link.key_token)
    finally:
        container.store().dispose()


def test_show_prints_settings_branches_and_whether_calcom_is_connected(run, salon):
    shown = run("company", "show", salon)
    assert shown.returncode == 0
    lines = dict(line.split(":", 1) for line in shown.stdout.splitlines())
    assert lines["name"].strip() == "Salon Anna" and lines["slug"].strip() == "salon-anna"
    assert lines["timezone"].strip() == "Europe/Berlin"
    assert "Mitte (Europe/Berlin)" in lines["branches"] and "Wien (Europe/Vienna)" in lines["branches"]
    assert lines["Cal.com"].strip() == "not connected"

    document = ok_json(run("company", "show", salon, "--json"))
    assert (document["name"], document["timezone"], document["calcom_connected"]) == (
        "Salon Anna", "Europe/Berlin", False)
    assert [b["name"] for b in document["branches"]] == ["Mitte", "Wien"]
    assert "999" in assert_error_contract(run("company", "show", 999), (1,))


def test_update_changes_name_and_zone_and_refuses_bad_input_in_one_line(run, salon):
    changed = ok_json(run("company", "update", salon, "--name", "Salon Anna Mitte",
                          "--time-zone", "Europe/Vienna", "--json"))
    assert (changed["name"], changed["timezone"], changed["slug"]) == (
        "Salon Anna Mitte", "Europe/Vienna", "salon-anna")
    assert "Europe/Vienna" in run("company", "show", salon).stdout

    bad = assert_error_contract(run("company", "update", salon, "--timezone", "Mars/Olympus"), (1,))
    assert "Mars/Olympus" in bad
    nothing = assert_error_contract(run("company", "update", salon), (2,))
    assert "nothing to change" in nothing
    assert ok_json(run("company", "show", salon, "--json"))["timezone"] == "Europe/Vienna"


def test_default_event_type_is_set_and_cleared(run, salon):
    cut = int(run("event-type", "add", salon, "--name", "Cut", "--duration", 30).stdout)
    assert ok_json(run("company", "update", salon, "--default-event-type", cut, "--json"))[
        "default_event_type_id"] == cut
    assert ok_json(run("company", "update", salon, "--no-default-event-type", "--json"))[
        "default_event_type_id"] is None


def test_connect_from_stdin_then_store_a_rotated_key_from_the_environment(run, salon, database_url):
    connected = run("company", "connect-calcom", salon, "--team-id", 4711, "--api-key-stdin",
                    stdin=OLD_KEY + "\n")
    assert connected.returncode == 0, connected.stderr
    assert connected.stdout.strip() == f"company {salon} connected to Cal.com team 4711"
    old_token, clear = stored_token_and_key(database_url, salon)
    assert clear == OLD_KEY and OLD_KEY not in old_token

    rotated = ok_json(run("company", "connect-calcom", salon, "--team-id", 4711, "--json",
                          env={"STUDIOBOOK_CALCOM_API_KEY": NEW_KEY}))
    assert (rotated["calcom_team_id"], rotated["calcom_connected"]) == (4711, True)
    new_token, clear = stored_token_and_key(database_url, salon)
    assert new_token != old_token and clear == NEW_KEY

    shown = run("company", "show", salon).stdout
    assert "connected, team 4711" in shown
    actions = [row["action"] for row in ok_json(run("audit", "--json"))]
    assert actions.count("calcom_connect") == 2

    gone = run("company", "disconnect-calcom", salon)
    assert gone.stdout.strip() == f"company {salon} disconnected from Cal.com"
    assert "not connected" in run("company", "show", salon).stdout


def test_without_a_key_or_with_a_blank_one_nothing_is_stored(run, salon):
    for stdin, env in ((None, None), ("  \n", None), (None, {"STUDIOBOOK_CALCOM_API_KEY": " "})):
        message = assert_error_contract(
            run("company", "connect-calcom", salon, "--team-id", 7,
                *(["--api-key-stdin"] if stdin is not None else []), stdin=stdin, env=env), (2,))
        assert "--api-key-stdin" in message and "STUDIOBOOK_CALCOM_API_KEY" in message
    assert "not connected" in run("company", "show", salon).stdout


def test_a_key_on_the_command_line_is_refused_with_a_hint_and_nothing_is_created(run):
    result = run("company", "add", "Salon", "--calcom-team-id", 4711, "--calcom-api-key", OLD_KEY)
    message = assert_error_contract(result, (2,))
    assert "--api-key-stdin" in message and "STUDIOBOOK_CALCOM_API_KEY" in message
    assert "ps" in message
    assert ok_json(run("company", "list", "--json")) == []
    stray = assert_error_contract(run("company", "add", "Salon", "--api-key-stdin", stdin=OLD_KEY), (2,))
    assert "--calcom-team-id" in stray


def test_company_add_connects_with_the_key_from_stdin(run, database_url):
    created = ok_json(run("company", "add", "Salon", "--calcom-team-id", 4711, "--api-key-stdin",
                          "--json", stdin=OLD_KEY))
    assert (created["calcom_team_id"], created["calcom_connected"]) == (4711, True)
    assert stored_token_and_key(database_url, created["id"])[1] == OLD_KEY


def test_the_installed_script_reads_the_key_from_a_pipe(database_url, tmp_path):
    env = installed_env({"STUDIOBOOK_SECRET_KEY": SECRET})
    script = studiobook_executable()
    company = subprocess.run([script, "--db", database_url, "company", "add", "Salon"],
                             capture_output=True, text=True, env=env, cwd=tmp_path, check=True)
    piped = subprocess.run(
        [script, "--db", database_url, "company", "connect-calcom", company.stdout.strip(),
         "--team-id", "7", "--api-key-stdin"],
        input=NEW_KEY, capture_output=True, text=True, env=env, cwd=tmp_path)
    assert piped.returncode == 0, piped.stderr
    assert NEW_KEY not in piped.stdout + piped.stderr
    assert stored_token_and_key(database_url, int(company.stdout))[1] == NEW_KEY
