"""Many OS processes of the installed CLI at the same instant: bookings of one course, of one
staff member's slot, schedulers, and the first commands on an empty database.

Each process imports everything first, reports ready, and waits at a gate (a file); the test opens
the gate when all are ready, so the bookings themselves race, not the interpreter start-ups.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from studiobook.adapters.fakes.wodify import FakeWodify
from studiobook.adapters.sql import schema
from studiobook.adapters.sql.engine import create_store_engine
from tests.cli.support import (
    assert_error_contract,
    assert_no_traceback,
    installed_env,
    open_salon,
    studiobook_executable,
)
from tests.process_gate import release_together
from tests.real_time import coming, wall

pytestmark = pytest.mark.slow

# Runs the installed console script as ``studiobook`` would, once the gate file exists.
GATED = r"""
import importlib, os, runpy, sys, time
script, ready, gate, *args = sys.argv[1:]
names = ["sqlalchemy", "studiobook.entrypoints.cli.main", "studiobook.entrypoints.cli.app", "studiobook.entrypoints.cli.booking",
         "studiobook.entrypoints.cli.course", "studiobook.application.container", "studiobook.adapters.sql.store",
         "studiobook.adapters.sql.plugin", "studiobook.adapters.clock"]
for name in names + (["psycopg"] if args[1].startswith("postgresql") else []):
    try:
        importlib.import_module(name)
    except ImportError:
        pass
open(ready, "w").close()
deadline = time.monotonic() + 120
while not os.path.exists(gate):
    if time.monotonic() > deadline:
        sys.exit("Error: the start gate never opened")
    time.sleep(0.005)
sys.argv = [script, *args]
runpy.run_path(script, run_name="__main__")
"""


def start_gated(
    command: list[str], url: str, ready: Path, gate: Path, env: dict | None = None
) -> subprocess.Popen:
    argv = [sys.executable, "-c", GATED, studiobook_executable(), str(ready), str(gate)]
    return subprocess.Popen(
        [*argv, "--db", url, *command],
        cwd=gate.parent, env=installed_env(env), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def run_at_once(
    commands: list[list[str]], url: str, folder: Path, env: dict | None = None
) -> list[subprocess.CompletedProcess]:
    """Start one process per command, release them together, collect their results."""
    gate = folder / "gate"
    ready = [folder / f"ready-{i}" for i in range(len(commands))]
    processes = [start_gated(c, url, flag, gate, env) for flag, c in zip(ready, commands, strict=True)]
    outputs = release_together(processes, ready, gate)
    return [
        subprocess.CompletedProcess(p.args, p.returncode, out, err)
        for p, (out, err) in zip(processes, outputs, strict=True)
    ]


def booking(course: int, who: str, tickets: int) -> list[str]:
    customer = ["--name", who, "--email", f"{who}@example.com"]
    return ["booking", "add", str(course), *customer, "--tickets", str(tickets), "--json"]


def assert_refused_for_seats(result: subprocess.CompletedProcess) -> None:
    message = assert_error_contract(result, codes=(1,))
    assert "free spot" in message or "busy, try again" in message, message


def test_many_processes_on_a_small_course_exactly_fill_it(cli, tmp_path):
    # SQLite: 12 processes on 4 seats; PostgreSQL (the multi-process production engine): 16 on 6
    # (three times the seats race on 2 cores; more only lengthens CI).
    # (bench/booking_throughput.py makes its 10,000 attempts; this proves the installed script.)
    processes, seats = (16, 6) if cli.url.startswith("postgresql") else (12, 4)
    cli.ok("company", "add", "Box")
    course = cli.new_id("course", "add", "--title", "Sold out", "--capacity", seats)
    commands = [booking(course, f"guest{i:02}", 1) for i in range(processes)]

    results = run_at_once(commands, cli.url, tmp_path)

    for result in results:
        assert_no_traceback(result)
    succeeded = [json.loads(r.stdout) for r in results if r.returncode == 0]
    assert len(succeeded) == seats, [r.stderr for r in results]
    for result in results:
        if result.returncode != 0:
            assert_refused_for_seats(result)
    shown = cli.json("course", "show", course)
    assert (shown["booked"], shown["free_spots"]) == (seats, 0)
    confirmed = cli.json("booking", "list", "--course", course, "--status", "confirmed")
    assert sorted(b["id"] for b in confirmed) == sorted(b["id"] for b in succeeded)


def test_12_processes_with_1_to_3_tickets_never_exceed_10_seats(cli, tmp_path):
    cli.ok("company", "add", "Box")
    course = cli.new_id("course", "add", "--title", "Families", "--capacity", "10")
    wanted = [random.Random(i).randint(1, 3) for i in range(12)]  # 22 tickets asked for
    commands = [booking(course, f"family{i:02}", tickets) for i, tickets in enumerate(wanted)]

    results = run_at_once(commands, cli.url, tmp_path)

    confirmed = cli.json("booking", "list", "--course", course, "--status", "confirmed")
    booked = sum(b["tickets"] for b in confirmed)
    assert booked <= 10
    assert booked == sum(t for t, r in zip(wanted, results, strict=True) if r.returncode == 0)
    free = cli.json("course", "show", course)["free_spots"]
    assert free == 10 - booked
    for tickets, result in zip(wanted, results, strict=True):
        assert_no_traceback(result)
        if result.returncode != 0:
            assert_refused_for_seats(result)
            # Free spots only shrink, so whoever was refused asked for more than is left now.
            assert tickets > free or "busy" in result.stderr, (tickets, free, result.stderr)


def test_6_processes_on_an_empty_database_create_the_schema_once(run_cli, empty_database_url, tmp_path):
    commands = [["company", "add", f"Studio {i}"] for i in range(6)]

    results = run_at_once(commands, empty_database_url, tmp_path)

    for result in results:
        assert_no_traceback(result)
        assert result.returncode == 0, result.stderr
    listed = json.loads(run_cli("company", "list", "--json", db=empty_database_url).stdout)
    assert sorted(c["name"] for c in listed) == sorted(f"Studio {i}" for i in range(6))
    engine = create_store_engine(empty_database_url, 5)
    try:
        with engine.connect() as connection:
            assert schema.current_revision(connection) == schema.HEAD
    finally:
        engine.dispose()


@pytest.mark.clock
def test_8_processes_racing_for_one_slot_book_it_once(cli, tmp_path):
    salon = open_salon(cli)
    start = wall(coming("mon", ZoneInfo("Europe/Berlin")), 10, 0, ZoneInfo("Europe/Berlin"))
    command = [
        "appointment", "book", str(salon["cut"]), "--staff", str(salon["anna"]),
        "--start", start.isoformat(), "--name", "Racer", "--email", "racer@example.com", "--json",
    ]

    results = run_at_once([command] * 8, cli.url, tmp_path)

    for result in results:
        assert_no_traceback(result)
    assert sorted(r.returncode for r in results) == [0] + [1] * 7, [r.stderr for r in results]
    for result in results:
        if result.returncode:
            message = assert_error_contract(result, codes=(1,))
            assert "overlaps appointment" in message or "busy, try again" in message, message
    [winner] = [json.loads(r.stdout) for r in results if r.returncode == 0]
    assert winner["status"] == "booked"

    def offered() -> bool:
        window = ["--from", start.isoformat(), "--to", (start + timedelta(minutes=30)).isoformat()]
        return bool(cli.json("availability", salon["cut"], *window)["slots"])

    assert not offered()
    cli.ok("appointment", "cancel", winner["id"])
    assert offered()  # so no second appointment holds the slot


@pytest.mark.clock
def test_two_scheduler_processes_run_each_due_job_once(database_url, tmp_path):
    with FakeWodify(clients=120, leads=15) as fake:
        env = {
            "WODIFY_API_URL": fake.url,
            "WODIFY_API_KEY": fake.api_key,
            "WODIFY_LOCATION_ID": fake.location_id,
        }
        fake.slow_next(times=2, seconds=0.5)  # keep the first runs busy while the other tries
        command = ["scheduler", "run", "--once", "--json"]

        results = run_at_once([command, command], database_url, tmp_path, env)

    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    ran: dict[str, int] = {}
    for result in results:
        for outcome in json.loads(result.stdout):
            ran[outcome["job"]] = ran.get(outcome["job"], 0) + outcome["ran"]
    assert ran == {
        "sync_members": 1, "sync_leads": 1, "sync_calcom_event_types": 1, "timetables": 1,
        "send_notifications": 1, "remind_customers": 1,
    }
