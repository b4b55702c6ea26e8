"""Companies, staff, event types, availability and appointments through the installed CLI."""

from __future__ import annotations

import subprocess
from datetime import datetime

import pytest

from tests.conftest import studiobook_executable
from tests.e2e.support import assert_error_contract, assert_no_traceback, dump_database

MONDAY = "2026-11-30"
NOW = "2026-11-27T10:00:00+00:00"


@pytest.fixture
def salon(cli) -> dict[str, int]:
    """Anna works Mondays 9-12 and 13-17 (Berlin); one 30-minute service, the default."""
    company = cli.new_id("company", "add", "Salon Anna")
    branch = cli.new_id("branch", "add", company, "Mitte")
    anna = cli.new_id("staff", "add", company, "--name", "Anna", "--branch", branch)
    cli.ok("staff", "hours", anna, "mon", "09:00-12:00", "13:00-17:00")
    cut = cli.new_id("event-type", "add", company, "--name", "Herrenschnitt", "--duration", 30, "--price", "25.00", "--default")
    cli.ok("assign", anna, cut, "--primary")
    return {"company": company, "branch": branch, "anna": anna, "cut": cut}


def monday_slots(cli, event_type, *extra):
    return cli.json(
        "availability", event_type, "--from", f"{MONDAY}T00:00:00+01:00", "--to", f"{MONDAY}T23:59:00+01:00",
        "--now", NOW, *extra,
    )


def test_availability_has_the_contract_shape_and_exact_slots(cli, salon):
    answer = monday_slots(cli, salon["cut"])

    assert set(answer) == {"event_type_id", "fallback_used", "slots", "degraded"}
    assert answer["degraded"] is False
    assert (answer["event_type_id"], answer["fallback_used"]) == (salon["cut"], False)
    starts = [datetime.fromisoformat(s["start"]) for s in answer["slots"]]
    assert all(s.utcoffset() is not None for s in starts)
    local = [s.strftime("%H:%M") for s in starts]
    # 09:00-12:00 and 13:00-17:00 Berlin are 08:00-11:00 and 12:00-16:00 UTC, every 30 minutes.
    expected = [f"{h:02d}:{m:02d}" for h in (8, 9, 10, 12, 13, 14, 15) for m in (0, 30)]
    assert local == expected
    assert all(s["staff"] == [salon["anna"]] for s in answer["slots"])


def test_booking_takes_the_slot_and_a_second_booking_is_refused(cli, salon):
    start = f"{MONDAY}T10:00:00+01:00"
    booked = cli.json("appointment", "book", salon["cut"], "--staff", salon["anna"], "--start", start, "--name", "Kim", "--email", "kim@example.com")
    assert booked["status"] == "booked"
    assert datetime.fromisoformat(booked["start"]) == datetime.fromisoformat(start)

    before = dump_database(cli.url)
    message = cli.fails("appointment", "book", salon["cut"], "--staff", salon["anna"], "--start", start, "--name", "Lu", "--email", "lu@example.com", codes=(1,))
    assert "cannot be booked" in message
    assert dump_database(cli.url) == before
    assert "09:00:00+00:00" not in [s["start"][11:] for s in monday_slots(cli, salon["cut"])["slots"]]

    cli.ok("appointment", "cancel", booked["id"])
    assert any(s["start"].endswith("T09:00:00+00:00") for s in monday_slots(cli, salon["cut"])["slots"])


def test_unknown_event_type_falls_back_to_the_default_and_says_so(cli, salon):
    answer = monday_slots(cli, 9999, "--company", salon["company"])
    assert (answer["event_type_id"], answer["fallback_used"]) == (salon["cut"], True)
    assert answer["slots"]


def test_next_slot_and_null_when_nobody_works(cli, salon):
    found = cli.json("next-slot", salon["cut"], "--after", f"{MONDAY}T10:10:00+01:00")
    assert found["start"] == f"{MONDAY}T09:30:00+00:00"
    assert found["degraded"] is False  # no company is connected to Cal.com here

    idle = cli.new_id("event-type", "add", salon["company"], "--name", "Färben", "--duration", 90)
    assert cli.json("next-slot", idle, "--after", NOW) is None  # nobody offers it


def test_overrides_hours_and_matrix(cli, salon):
    cli.ok("staff", "override", salon["anna"], MONDAY)
    assert monday_slots(cli, salon["cut"])["slots"] == []
    cli.ok("staff", "override", salon["anna"], MONDAY, "14:00-15:00")
    assert [s["start"][11:16] for s in monday_slots(cli, salon["cut"])["slots"]] == ["13:00", "13:30"]

    color = cli.new_id("event-type", "add", salon["company"], "--name", "Färben", "--duration", 90)
    grid = cli.json("matrix", salon["company"])
    assert [t["name"] for t in grid["event_types"]] == ["Herrenschnitt", "Färben"]
    assert grid["staff"] == [{"id": salon["anna"], "name": "Anna", "offers": [True, False]}]
    assert color


def test_another_companys_records_are_not_found(cli, salon):
    other = cli.new_id("company", "add", "Praxis Dr. Weber")
    bob = cli.new_id("staff", "add", other, "--name", "Bob")
    before = dump_database(cli.url)

    assert "not" in cli.fails("assign", bob, salon["cut"], codes=(1,))
    assert "not" in cli.fails("appointment", "book", salon["cut"], "--staff", bob, "--start", f"{MONDAY}T10:00:00+01:00", "--name", "X", "--email", "x@example.com", codes=(1,))
    assert dump_database(cli.url) == before


@pytest.mark.parametrize(
    "args",
    [
        ("staff", "hours", "{anna}", "monday-ish", "09:00-12:00"),
        ("staff", "hours", "{anna}", "mon", "25:00-26:00"),
        ("staff", "hours", "{anna}", "mon", "12:00-09:00"),
        ("staff", "override", "{anna}", "2026-13-01"),
        ("company", "add", "Nowhere GmbH", "--timezone", "Mars/Olympus"),
        ("event-type", "add", "{company}", "--name", "X", "--duration", "0"),
        ("event-type", "add", "{company}", "--name", "X", "--duration", "30", "--price", "-5"),
        ("availability", "{cut}", "--from", "2026-11-30T10:00", "--to", "2026-11-30T12:00+01:00"),
        ("appointment", "cancel", "424242"),
        ("staff", "add", "424242", "--name", "Ghost"),
    ],
)
def test_bad_input_is_one_error_line_and_changes_nothing(cli, salon, args):
    before = dump_database(cli.url)
    cli.fails(*(a.format(**salon) for a in args))
    assert dump_database(cli.url) == before


@pytest.mark.slow
def test_processes_racing_for_one_slot_book_it_once(cli, salon):
    command = [
        studiobook_executable(), "--db", cli.url, "appointment", "book", str(salon["cut"]),
        "--staff", str(salon["anna"]), "--start", f"{MONDAY}T10:00:00+01:00", "--name", "Racer",
        "--email", "racer@example.com",
    ]
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(8)]
    results = [(p.wait(timeout=120), *p.communicate()) for p in processes]

    for code, out, err in results:
        assert_no_traceback(subprocess.CompletedProcess([], code, out, err))
    assert sorted(code for code, _, _ in results) == [0] + [1] * 7, results
    assert all(err.startswith("Error:") for code, _, err in results if code)
