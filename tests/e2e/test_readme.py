"""The README's appointment walk-through, run as written in bash with the installed script: the
examples must keep working whatever today's date is (they once returned no slots at all after the
day they were written for)."""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from tests.cli.support import installed_env, studiobook_executable

README = Path(__file__).resolve().parents[2] / "README.md"


def shell_block_after(heading: str) -> str:
    text = README.read_text(encoding="utf-8")
    found = re.search(re.escape(heading) + r"\n+```sh\n(.*?)```", text, re.DOTALL)
    assert found, f"no sh block after {heading!r} in the README"
    return found.group(1)


@pytest.mark.clock
def test_the_appointment_examples_find_slots_and_book_next_monday(tmp_path):
    script = shell_block_after("### Appointments: staff, services and availability")
    script = "\n".join(line for line in script.splitlines() if not line.startswith("studiobook seed"))
    env = installed_env({"STUDIOBOOK_DATABASE_URL": f"sqlite:///{tmp_path / 'readme.db'}"})
    env["PATH"] = f"{Path(studiobook_executable()).parent}{os.pathsep}{env['PATH']}"

    done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], capture_output=True,
                          text=True, cwd=tmp_path, env=env, timeout=120)

    assert done.returncode == 0, done.stderr
    documents = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    [availability, next_slot] = documents
    assert availability["slots"] and all(slot["staff"] == [1] for slot in availability["slots"])
    first = datetime.fromisoformat(availability["slots"][0]["start"])
    assert datetime.fromisoformat(next_slot["start"]) <= first  # today, if today is a Monday
    lines = done.stdout.splitlines()
    after_json = max(i for i, line in enumerate(lines) if line.startswith("{")) + 1
    booked_id = lines[after_json]
    assert booked_id.strip().isdigit(), done.stdout
    listed = "\n".join(lines[after_json + 1:])
    assert "Kim" in listed and "25.00" in listed and "Europe/Berlin" in listed  # appointment list
    assert "Salon Anna" in listed  # company show


MARK = "--- the timetable block ---"


@pytest.mark.clock
def test_the_course_and_timetable_examples_run_as_written_and_keep_the_seats_right(tmp_path):
    """One run of the course block, then the timetable block on the same database (which needs
    the courses' studio): the installed CLI's start-up, paid once for both."""
    courses = shell_block_after("its times are shown in the studio's zone.")
    timetables = shell_block_after("two schedulers at once never make a session twice.")
    env = installed_env({"STUDIOBOOK_DATABASE_URL": f"sqlite:///{tmp_path / 'readme.db'}"})
    env["PATH"] = f"{Path(studiobook_executable()).parent}{os.pathsep}{env['PATH']}"

    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", f"{courses}\necho '{MARK}'\n{timetables}"],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=180,
    )

    assert done.returncode == 0, done.stderr
    course_output, timetable_output = done.stdout.split(MARK + "\n")
    [course] = [json.loads(line) for line in course_output.splitlines() if line.startswith("{")]
    assert course["company_id"] == 1 and course["time_zone"] == "Europe/Berlin"
    starts = datetime.fromisoformat(course["starts_at"])
    assert (starts.hour, starts.minute, starts.isoweekday()) == (18, 0, 5)  # Friday 18:00 in Berlin
    # Anna's 2 tickets, one given back; Ben's 2 moved up from the waitlist in the same step.
    assert (course["capacity"], course["booked"], course["free_spots"]) == (3, 3, 0)
    assert "WOD 18:00" in course_output and "Europe/Berlin" in course_output  # course list

    documents = [json.loads(line) for line in timetable_output.splitlines() if line[:1] in "[{"]
    sessions = next(d for d in documents if isinstance(d, list))
    assert len(sessions) >= 3 * 7  # Monday, Wednesday and Friday for the weeks ahead
    for session in sessions:
        starts = datetime.fromisoformat(session["starts_at"])
        assert (starts.hour, starts.minute, starts.isoweekday() in (1, 3, 5)) == (18, 0, True)
    assert sessions[0]["timetable_id"] == 1
