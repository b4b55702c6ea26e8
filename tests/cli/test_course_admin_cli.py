"""CLI parity for the admin course pages: ``course update`` changes a course's details,
``waitlist promote`` books a waiting customer in by hand; attendance is ``booking set-status
ID completed`` (attended) or ``no_show``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.cli.support import dump_database
from tests.real_time import coming, wall

BERLIN = ZoneInfo("Europe/Berlin")


def studio_with_course(cli, capacity: int = 2) -> tuple[int, int]:
    company = cli.new_id("company", "add", "CrossFit Nord", "--timezone", "Europe/Berlin")
    course = cli.new_id("course", "add", "--title", "WOD", "--capacity", capacity)
    return company, course


def test_course_update_changes_only_what_is_given(cli):
    company, course = studio_with_course(cli)
    branch = cli.new_id("branch", "add", company, "Mitte")
    starts = wall(coming("wed", BERLIN), 18, 0, BERLIN)

    changed = cli.json(
        "course", "update", course, "--title", "WOD Abend", "--starts", starts.isoformat(),
        "--ends", (starts + timedelta(hours=1)).isoformat(), "--branch", branch,
        "--members-only", "--cancel-cutoff", 120,
    )  # fmt: skip

    assert (changed["title"], changed["capacity"], changed["branch_id"]) == ("WOD Abend", 2, branch)
    assert datetime.fromisoformat(changed["starts_at"]) == starts
    assert (changed["members_only"], changed["cancel_cutoff_minutes"]) == (True, 120)
    cleared = cli.json("course", "update", course, "--branch", "none", "--open-to-all")
    assert (cleared["branch_id"], cleared["members_only"], cleared["title"]) == (None, False, "WOD Abend")
    assert cli.ok("course", "update", course, "--capacity", 5).strip() == (
        f"course {course} updated; free spots 5"
    )


def test_a_refused_course_update_is_one_line_and_writes_nothing(cli):
    _, course = studio_with_course(cli)
    before = dump_database(cli.url)
    assert "say what to change" in cli.fails("course", "update", course)
    assert "title" in cli.fails("course", "update", course, "--title", " ")
    assert "branch 99" in cli.fails("course", "update", course, "--branch", 99)
    assert "does not exist" in cli.fails("course", "update", course + 9, "--title", "X")
    assert dump_database(cli.url) == before


def test_waitlist_promote_books_a_waiting_customer_when_seats_allow(cli):
    _, course = studio_with_course(cli, capacity=1)
    first = cli.new_id("booking", "add", course, "--name", "Ada", "--email", "ada@example.org")
    waiting = cli.json(
        "booking", "add", course, "--name", "Bo", "--email", "bo@example.org", "--waitlist"
    )["waitlist_id"]
    before = dump_database(cli.url)
    assert "0 free spots" in cli.fails("waitlist", "promote", waiting)
    assert dump_database(cli.url) == before

    cli.ok("booking", "set-status", first, "completed")  # attendance: attended
    cli.ok("course", "update", course, "--capacity", 2)  # the free seat moves Bo up by itself
    assert cli.json("waitlist", "list", course) == []
    assert "only a waiting entry" in cli.fails("waitlist", "promote", waiting)
    statuses = {b["name"]: b["status"] for b in cli.json("booking", "list", "--course", course)}
    assert statuses == {"Ada": "completed", "Bo": "confirmed"}


def test_waitlist_promote_seats_someone_in_a_running_class(cli):
    cli.new_id("company", "add", "CrossFit Nord", "--timezone", "Europe/Berlin")
    # Ten real minutes ago (UTC arithmetic: wall-clock minus ten minutes can land in the DST gap).
    started = (datetime.now(UTC) - timedelta(minutes=10)).astimezone(BERLIN).replace(microsecond=0)
    course = cli.new_id(
        "course", "add", "--title", "WOD", "--capacity", 1, "--starts", started.isoformat()
    )
    first = cli.new_id("booking", "add", course, "--name", "Ada", "--email", "ada@example.org")
    waiting = cli.json(
        "booking", "add", course, "--name", "Bo", "--email", "bo@example.org", "--waitlist"
    )["waitlist_id"]
    cli.ok("booking", "cancel", first)
    assert [e["name"] for e in cli.json("waitlist", "list", course)] == ["Bo"]  # nobody moved up

    booking = cli.json("waitlist", "promote", waiting)

    assert (booking["name"], booking["tickets"], booking["status"]) == ("Bo", 1, "confirmed")
    assert cli.json("waitlist", "list", course) == []
    assert cli.json("course", "show", course)["free_spots"] == 0


def test_attendance_is_completed_or_no_show_and_either_keeps_the_seat(cli):
    _, course = studio_with_course(cli, capacity=3)
    came = cli.new_id("booking", "add", course, "--name", "Ada", "--email", "ada@example.org")
    absent = cli.new_id("booking", "add", course, "--name", "Bo", "--email", "bo@example.org")

    assert cli.ok("booking", "set-status", came, "completed").strip() == f"booking {came} is completed"
    assert cli.json("booking", "set-status", absent, "no_show")["status"] == "no_show"

    assert cli.json("course", "show", course)["free_spots"] == 1
    assert "no_show" in cli.fails("booking", "set-status", absent, "completed")
    assert cli.json("booking", "list", "--course", course, "--status", "no_show")[0]["name"] == "Bo"
