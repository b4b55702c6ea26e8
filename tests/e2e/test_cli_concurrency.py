"""Many OS processes booking one course through the installed CLI at the same instant.

Each process imports everything first, reports ready, and waits at a gate (a file); the test opens
the gate when all are ready, so the bookings themselves race, not the interpreter start-ups.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import studiobook_executable
from tests.e2e.support import assert_error_contract, assert_no_traceback

pytestmark = pytest.mark.slow

# Runs the installed console script as ``studiobook`` would, once the gate file exists.
GATED = r"""
import importlib, os, runpy, sys, time
script, ready, gate, *args = sys.argv[1:]
names = ["sqlalchemy", "entrypoints.cli.main", "entrypoints.cli.app", "entrypoints.cli.booking",
         "entrypoints.cli.course", "application.container", "adapters.sql.store",
         "adapters.sql.plugin", "adapters.clock"]
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


def start_gated(command: list[str], url: str, ready: Path, gate: Path) -> subprocess.Popen:
    env = {**os.environ, "STUDIOBOOK_LOAD_PLUGINS": "0"}
    env.pop("STUDIOBOOK_DATABASE_URL", None)
    argv = [sys.executable, "-c", GATED, studiobook_executable(), str(ready), str(gate)]
    return subprocess.Popen(
        [*argv, "--db", url, *command],
        cwd=gate.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def run_at_once(commands: list[list[str]], url: str, folder: Path) -> list[subprocess.CompletedProcess]:
    """Start one process per command, release them together, collect their results."""
    gate = folder / "gate"
    ready = [folder / f"ready-{i}" for i in range(len(commands))]
    processes = [start_gated(command, url, flag, gate) for flag, command in zip(ready, commands)]
    try:
        deadline = time.monotonic() + 120
        while not all(flag.exists() for flag in ready):
            assert time.monotonic() < deadline, "the processes never got ready"
            assert all(p.poll() is None for p in processes), "a process ended before the gate"
            time.sleep(0.02)
        gate.touch()
        outputs = [p.communicate(timeout=120) for p in processes]
    finally:
        for p in processes:
            if p.poll() is None:
                p.kill()
    return [
        subprocess.CompletedProcess(p.args, p.returncode, out, err)
        for p, (out, err) in zip(processes, outputs)
    ]


def booking(course: int, who: str, tickets: int) -> list[str]:
    customer = ["--name", who, "--email", f"{who}@example.com"]
    return ["booking", "add", str(course), *customer, "--tickets", str(tickets), "--json"]


def assert_refused_for_seats(result: subprocess.CompletedProcess) -> None:
    message = assert_error_contract(result, codes=(1,))
    assert "free spot" in message or "busy, try again" in message, message


def test_many_processes_on_a_small_course_exactly_fill_it(cli, tmp_path):
    # SQLite: 24 processes on 5 seats; PostgreSQL (the multi-process production engine): 50 on 10.
    processes, seats = (50, 10) if cli.url.startswith("postgresql") else (24, 5)
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


def test_16_processes_with_1_to_3_tickets_never_exceed_10_seats(cli, tmp_path):
    course = cli.new_id("course", "add", "--title", "Families", "--capacity", "10")
    wanted = [random.Random(i).randint(1, 3) for i in range(16)]  # 28 tickets asked for
    commands = [booking(course, f"family{i:02}", tickets) for i, tickets in enumerate(wanted)]

    results = run_at_once(commands, cli.url, tmp_path)

    confirmed = cli.json("booking", "list", "--course", course, "--status", "confirmed")
    booked = sum(b["tickets"] for b in confirmed)
    assert booked <= 10
    assert booked == sum(t for t, r in zip(wanted, results) if r.returncode == 0)
    free = cli.json("course", "show", course)["free_spots"]
    assert free == 10 - booked
    for tickets, result in zip(wanted, results):
        assert_no_traceback(result)
        if result.returncode != 0:
            assert_refused_for_seats(result)
            # Free spots only shrink, so whoever was refused asked for more than is left now.
            assert tickets > free or "busy" in result.stderr, (tickets, free, result.stderr)


def test_6_processes_on_an_empty_database_create_the_schema_once(run_cli, database_url, tmp_path):
    commands = [["course", "add", "--title", f"Course {i}", "--capacity", "3"] for i in range(6)]

    results = run_at_once(commands, database_url, tmp_path)

    for result in results:
        assert_no_traceback(result)
        assert result.returncode == 0, result.stderr
    listed = json.loads(run_cli("course", "list", "--json", db=database_url).stdout)
    assert sorted(c["title"] for c in listed) == sorted(f"Course {i}" for i in range(6))
