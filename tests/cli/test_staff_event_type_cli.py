"""Staff and event types through the CLI: update, deactivate and activate, event types per branch,
bulk assignment, an assignment's own hours, and ``lead show``.

The salon of :func:`tests.cli.support.open_salon`: Anna (branch Mitte) works Mondays 09-12 and
13-17 Berlin and offers the 30-minute cut, the company's default and company-wide. ``MONDAY`` is
the Monday at least a week ahead of the real now.
"""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from studiobook.adapters.fakes.wodify import FakeWodify
from tests.cli.support import assert_error_contract, dump_database, open_salon, run_in_process
from tests.real_time import coming, wall

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = coming("mon", BERLIN)
MORNING = [f"{h:02d}:{m:02d}" for h in (9, 10, 11) for m in (0, 30)]
AFTERNOON = [f"{h:02d}:{m:02d}" for h in (13, 14, 15, 16) for m in (0, 30)]


@pytest.fixture
def salon(cli) -> dict[str, int]:
    return open_salon(cli)


def monday_starts(cli, event_type, *extra) -> list[str]:
    """The Berlin start times offered on MONDAY."""
    answer = cli.json(
        "availability", event_type, "--from", wall(MONDAY, 0, 0, BERLIN).isoformat(),
        "--to", wall(MONDAY, 23, 59, BERLIN).isoformat(), *extra,
    )  # fmt: skip
    return [datetime.fromisoformat(s["start"]).astimezone(BERLIN).strftime("%H:%M") for s in answer["slots"]]


# -- staff -----------------------------------------------------------------------------------------
def test_staff_update_changes_only_what_is_given(cli, salon):
    nord = cli.new_id("branch", "add", salon["company"], "Nord")

    out = cli.ok("staff", "update", salon["anna"], "--name", "Anna Maria", "--branch", nord)
    assert out == f"staff {salon['anna']} Anna Maria: updated branch_id, name\n"
    moved = cli.json("staff", "update", salon["anna"], "--time-zone", "Europe/Vienna", "--calcom-username", "anna-m")
    assert (moved["name"], moved["branch_id"], moved["timezone"], moved["calcom_username"]) == (
        "Anna Maria", nord, "Europe/Vienna", "anna-m",
    )
    assert moved["working_hours"]["weekly"]["mon"] == ["09:00-12:00", "13:00-17:00"]  # kept
    assert cli.json("staff", "update", salon["anna"], "--no-branch")["branch_id"] is None


def test_staff_update_refuses_bad_input_and_stores_nothing(cli, salon):
    before = dump_database(cli.url)

    assert "nothing to change" in cli.fails("staff", "update", salon["anna"], codes=(2,))
    assert "exclude each other" in cli.fails("staff", "update", salon["anna"], "--branch", salon["branch"], "--no-branch", codes=(2,))
    assert "Mars/Olympus" in cli.fails("staff", "update", salon["anna"], "--time-zone", "Mars/Olympus", codes=(1,))
    assert "branch 999" in cli.fails("staff", "update", salon["anna"], "--branch", 999, codes=(1,))
    assert "staff member 999 does not exist" in cli.fails("staff", "deactivate", 999, codes=(1,))
    assert dump_database(cli.url) == before


def test_a_deactivated_staff_member_is_no_longer_offered_until_activated(cli, salon):
    bea = cli.new_id("staff", "add", salon["company"], "--name", "Bea")
    cli.ok("staff", "hours", bea, "mon", "09:00-12:00")
    cli.ok("assign", bea, salon["cut"])
    assert monday_starts(cli, salon["cut"]) == MORNING + AFTERNOON

    assert cli.ok("staff", "deactivate", salon["anna"]) == f"staff {salon['anna']} Anna: inactive\n"

    assert monday_starts(cli, salon["cut"]) == MORNING  # only Bea's
    assert monday_starts(cli, salon["cut"], "--staff", salon["anna"]) == []
    assert cli.json("staff", "list", salon["company"])[0]["active"] is False
    message = cli.fails(
        "appointment", "book", salon["cut"], "--staff", salon["anna"],
        "--start", wall(MONDAY, 14, 0, BERLIN).isoformat(), "--name", "Kim", "--email", "kim@example.com",
        codes=(1,),
    )  # fmt: skip
    assert "inactive" in message

    assert cli.json("staff", "activate", salon["anna"])["active"] is True
    assert monday_starts(cli, salon["cut"], "--staff", salon["anna"]) == MORNING + AFTERNOON


# -- event types -----------------------------------------------------------------------------------
def test_event_type_update_changes_the_given_fields_and_the_default(cli, salon):
    color = cli.new_id("event-type", "add", salon["company"], "--name", "Färben", "--duration", 90, "--price", "59.90")

    out = cli.ok("event-type", "update", color, "--price", "64.50", "--duration", 120)
    assert out == f"event type {color} Färben: updated duration_minutes, price\n"
    changed = cli.json(
        "event-type", "update", color, "--name", "Färben lang", "--interval", 60, "--buffer-before", 5,
        "--buffer-after", 10, "--notice", 120, "--branch", salon["branch"], "--description", "Mit Pflege",
    )  # fmt: skip
    assert {k: changed[k] for k in ("name", "slug", "price", "duration_minutes", "slot_interval_minutes",
                                    "buffer_before_minutes", "buffer_after_minutes",
                                    "minimum_notice_minutes", "branch_id", "description")} == {
        "name": "Färben lang", "slug": "faerben", "price": "64.50", "duration_minutes": 120,
        "slot_interval_minutes": 60, "buffer_before_minutes": 5, "buffer_after_minutes": 10,
        "minimum_notice_minutes": 120, "branch_id": salon["branch"], "description": "Mit Pflege",
    }  # fmt: skip
    reset = cli.json("event-type", "update", color, "--no-interval", "--no-branch")
    assert (reset["slot_interval_minutes"], reset["branch_id"]) == (None, None)

    assert cli.ok("event-type", "update", color, "--default") == f"event type {color} Färben lang: updated default\n"
    company = next(c for c in cli.json("company", "list") if c["id"] == salon["company"])
    assert company["default_event_type_id"] == color


def test_event_type_update_refuses_bad_input_and_stores_nothing(cli, salon):
    before = dump_database(cli.url)

    assert "nothing to change" in cli.fails("event-type", "update", salon["cut"], codes=(2,))
    assert "exclude each other" in cli.fails("event-type", "update", salon["cut"], "--branch", salon["branch"], "--no-branch", codes=(2,))
    assert "price" in cli.fails("event-type", "update", salon["cut"], "--price", "cheap", codes=(1,))
    assert "duration" in cli.fails("event-type", "update", salon["cut"], "--duration", 0, codes=(1,))
    assert "event type 999 does not exist" in cli.fails("event-type", "deactivate", 999, codes=(1,))
    color = cli.new_id("event-type", "add", salon["company"], "--name", "Färben", "--duration", 90, "--inactive")
    before = dump_database(cli.url)
    message = cli.fails("event-type", "update", color, "--price", "70.00", "--default", codes=(1,))
    assert message == f"event type {color} (Färben) is inactive; activate it before making it the default"
    message = cli.fails("event-type", "deactivate", salon["cut"], codes=(1,))
    assert message == (f"event type {salon['cut']} (Herrenschnitt) is the company's default; make "
                       "another event type the default before deactivating it")  # fmt: skip
    assert dump_database(cli.url) == before


def test_a_deactivated_event_type_is_not_offered_until_activated(cli, salon):
    beard = cli.new_id("event-type", "add", salon["company"], "--name", "Bart", "--duration", 30)
    cli.ok("assign", salon["anna"], beard)
    assert cli.json("availability", beard, "--from", wall(MONDAY, 0, 0, BERLIN).isoformat(),
                    "--to", wall(MONDAY, 23, 59, BERLIN).isoformat())["fallback_used"] is False

    assert cli.ok("event-type", "deactivate", beard) == f"event type {beard} Bart: inactive\n"

    answer = cli.json("availability", beard, "--from", wall(MONDAY, 0, 0, BERLIN).isoformat(),
                      "--to", wall(MONDAY, 23, 59, BERLIN).isoformat())
    assert (answer["event_type_id"], answer["fallback_used"]) == (salon["cut"], True)
    assert [t["name"] for t in cli.json("event-type", "list", salon["company"], "--active")] == ["Herrenschnitt"]

    assert cli.json("event-type", "activate", beard)["active"] is True
    assert [t["name"] for t in cli.json("event-type", "list", salon["company"], "--active")] == ["Herrenschnitt", "Bart"]


def test_event_types_of_a_branch_include_the_company_wide_ones(cli, salon):
    nord = cli.new_id("branch", "add", salon["company"], "Nord")
    beard = cli.new_id("event-type", "add", salon["company"], "--name", "Bart", "--duration", 15, "--branch", salon["branch"])
    cli.new_id("event-type", "add", salon["company"], "--name", "Nordschnitt", "--duration", 20, "--branch", nord)

    mitte = cli.json("event-type", "list", salon["company"], "--branch", salon["branch"])
    assert [(t["name"], t["branch_id"]) for t in mitte] == [("Herrenschnitt", None), ("Bart", salon["branch"])]
    assert cli.json("event-type", "list", salon["company"])[1]["id"] == beard
    table = cli.ok("event-type", "list", salon["company"], "--branch", nord).splitlines()
    assert [line.split()[1::3] for line in table] == [["NAME", "BRANCH"], ["Herrenschnitt", "all"], ["Nordschnitt", str(nord)]]


# -- assignments -----------------------------------------------------------------------------------
def test_an_assignment_s_own_hours_restrict_its_slots_and_stay_until_cleared(cli, salon):
    out = cli.ok("assign", salon["anna"], salon["cut"], "--primary", "--hours", "mon=09:00-10:00,16:00-17:00", "--hours", "tue=09:00-12:00")
    assert out == f"staff {salon['anna']} offers event type {salon['cut']} only mon 09:00-10:00, 16:00-17:00; tue 09:00-12:00\n"
    assert monday_starts(cli, salon["cut"]) == ["09:00", "09:30", "16:00", "16:30"]

    shown = cli.json("matrix", salon["company"])["assignments"]
    assert shown == [{
        "staff_id": salon["anna"], "event_type_id": salon["cut"], "is_primary": True,
        "custom_duration": None, "custom_price": None,
        "availability_override": {"weekly": {"mon": ["09:00-10:00", "16:00-17:00"], "tue": ["09:00-12:00"]}, "overrides": {}},
    }]  # fmt: skip
    assert "h" in cli.ok("matrix", salon["company"]).splitlines()[1].split()

    # Assigning again with other options keeps the hours ...
    again = cli.json("assign", salon["anna"], salon["cut"], "--price", "30.00")
    assert (again["custom_price"], again["is_primary"]) == ("30.00", False)
    assert again["availability_override"]["weekly"]["mon"] == ["09:00-10:00", "16:00-17:00"]
    assert monday_starts(cli, salon["cut"]) == ["09:00", "09:30", "16:00", "16:30"]
    # ... until --no-override clears them.
    assert cli.json("assign", salon["anna"], salon["cut"], "--no-override")["availability_override"] is None
    assert monday_starts(cli, salon["cut"]) == MORNING + AFTERNOON


def test_assignment_hours_from_a_json_file(cli, salon, tmp_path):
    hours = tmp_path / "hours.json"
    hours.write_text('{"mon": ["13:00-14:00"]}')

    made = cli.json("assign", salon["anna"], salon["cut"], "--hours-file", hours)

    assert made["availability_override"] == {"weekly": {"mon": ["13:00-14:00"]}, "overrides": {}}
    assert monday_starts(cli, salon["cut"]) == ["13:00", "13:30"]


def test_bad_assignment_hours_are_refused_and_nothing_changes(cli, salon, tmp_path):
    before = dump_database(cli.url)
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("[1, 2]")

    assert "'monday 9-12' is not DAY=HH:MM-HH:MM" in cli.fails("assign", salon["anna"], salon["cut"], "--hours", "monday 9-12", codes=(2,))
    assert "DAY=HH:MM-HH:MM" in cli.fails("assign", salon["anna"], salon["cut"], "--hours", "funday=09:00-12:00", codes=(2,))
    assert "given twice" in cli.fails("assign", salon["anna"], salon["cut"], "--hours", "mon=09:00-10:00", "--hours", "mon=11:00-12:00", codes=(2,))
    assert "25:00" in cli.fails("assign", salon["anna"], salon["cut"], "--hours", "mon=09:00-25:00", codes=(1,))
    assert "give one of" in cli.fails("assign", salon["anna"], salon["cut"], "--hours", "mon=09:00-10:00", "--no-override", codes=(2,))
    assert "object" in cli.fails("assign", salon["anna"], salon["cut"], "--hours-file", bad_json, codes=(2,))
    assert dump_database(cli.url) == before


def test_assign_many_from_a_csv_file(cli, salon, tmp_path):
    bea = cli.new_id("staff", "add", salon["company"], "--name", "Bea")
    beard = cli.new_id("event-type", "add", salon["company"], "--name", "Bart", "--duration", 15)
    rows = tmp_path / "pairs.csv"
    rows.write_text(
        "staff_id,event_type_id,primary,duration,price\n"
        f"{bea},{salon['cut']},yes,45,28.50\n"
        f"{bea},{beard}\n"
        f"{salon['anna']},{beard},no,,12.00\n"
    )

    assert cli.ok("assign-many", salon["company"], "--file", rows) == "assigned 3 pair(s) in 1 batch(es)\n"

    found = cli.json("matrix", salon["company"])
    options = {(a["staff_id"], a["event_type_id"]): (a["is_primary"], a["custom_duration"], a["custom_price"])
               for a in found["assignments"]}  # fmt: skip
    assert options == {
        (salon["anna"], salon["cut"]): (True, None, None),
        (salon["anna"], beard): (False, None, "12.00"),
        (bea, salon["cut"]): (True, 45, "28.50"),
        (bea, beard): (False, None, None),
    }


def test_assign_many_reads_the_rows_from_stdin(cli, salon, tmp_path):
    bea = cli.new_id("staff", "add", salon["company"], "--name", "Bea")

    done = run_in_process(["assign-many", salon["company"], "--file", "-", "--json"], db=cli.url, env=None,
                          cwd=tmp_path, stdin=f"{bea},{salon['cut']},primary,,19.90\n")  # fmt: skip

    assert (done.returncode, done.stdout.strip()) == (0, '{"assigned": 1, "batches": 1}'), done.stderr
    [made] = [a for a in cli.json("matrix", salon["company"])["assignments"] if a["staff_id"] == bea]
    assert (made["is_primary"], made["custom_price"]) == (True, "19.90")


def test_assign_many_in_batches_of_a_hundred_reports_the_batches(cli, salon, tmp_path):
    types = [salon["cut"]] + [
        cli.new_id("event-type", "add", salon["company"], "--name", f"Service {n}", "--duration", 30) for n in range(2)
    ]
    staff = [cli.new_id("staff", "add", salon["company"], "--name", f"Person {n}") for n in range(40)]
    rows = tmp_path / "pairs.csv"
    rows.write_text("".join(f"{s},{t}\n" for s in staff for t in types))

    assert cli.json("assign-many", salon["company"], "--file", rows) == {"assigned": 120, "batches": 2}
    found = cli.json("matrix", salon["company"])
    assert all(all(member["offers"]) for member in found["staff"] if member["name"].startswith("Person"))


def test_assign_many_refuses_a_bad_file_and_assigns_nothing(cli, salon, tmp_path):
    before = dump_database(cli.url)
    rows = tmp_path / "pairs.csv"

    for content, expected in [
        (f"{salon['anna']},{salon['cut']}\n{salon['anna']}\n", "line 2: give staff_id,event_type_id"),
        (f"{salon['anna']},{salon['cut']},maybe\n", "line 1: primary is yes or no, not 'maybe'"),
        (f"{salon['anna']},x{salon['cut']}\n", "line 1: event_type_id 'x"),
        (f"{salon['anna']},{salon['cut']},no,0\n", "line 1:"),
        ("", "no rows"),
    ]:
        rows.write_text(content)
        assert expected in cli.fails("assign-many", salon["company"], "--file", rows, codes=(2,))
    rows.write_text(f"{salon['anna']},{salon['cut']}\n999,{salon['cut']}\n")
    assert "staff member 999 does not exist" in cli.fails("assign-many", salon["company"], "--file", rows, codes=(1,))
    assert dump_database(cli.url) == before


# -- leads -----------------------------------------------------------------------------------------
def test_lead_show_prints_one_lead_from_wodify(run_cli, database_url):
    with FakeWodify(clients=0, leads=0) as fake:
        env = {"WODIFY_API_URL": fake.url, "WODIFY_API_KEY": fake.api_key, "WODIFY_LOCATION_ID": fake.location_id}

        def run(*args):
            return run_cli(*map(str, args), db=database_url, env=env)

        added = run("lead", "add", "--first-name", "Ben", "--last-name", "Ott", "--email", "ben@example.com",
                    "--interested-in", "Yoga")  # fmt: skip
        lead_id = added.stdout.strip()
        run("lead", "update", lead_id, "--notes", "called back")

        shown = run("lead", "show", lead_id)
        as_json = run("lead", "show", lead_id, "--json")
        missing = run("lead", "show", "no-such-lead")

    assert shown.returncode == 0, shown.stderr
    assert f"lead:          {lead_id}\n" in shown.stdout
    assert "name:          Ben Ott\n" in shown.stdout
    assert "status:        new\n" in shown.stdout
    assert "interested in: Yoga\n" in shown.stdout
    assert "notes:         called back\n" in shown.stdout
    document = json.loads(as_json.stdout)
    assert (document["lead_id"], document["email"], document["notes"]) == (lead_id, "ben@example.com", "called back")
    assert "no-such-lead" in assert_error_contract(missing, codes=(1,))


def test_the_new_commands_are_listed(cli):
    top = cli.ok("--help")
    assert "assign-many" in top
    assert {"update", "deactivate", "activate"} <= set(cli.ok("staff", "--help").split())
    assert {"update", "deactivate", "activate"} <= set(cli.ok("event-type", "--help").split())
    assert "show" in cli.ok("lead", "--help").split()
