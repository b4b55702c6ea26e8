"""``studiobook audit`` through the installed CLI: each change is listed, newest first, with the
operating-system user as actor; ``--entity`` filters."""

from __future__ import annotations

import getpass
from datetime import datetime


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # the CLI's own fallback
        return "unknown"


def test_course_and_booking_changes_are_in_the_audit_log(cli):
    cli.ok("company", "add", "Studio")
    course_id = cli.new_id("course", "add", "--title", "Yoga", "--capacity", "5")
    booking_id = cli.new_id("booking", "add", course_id, "--name", "Ann Berg", "--email", "ann@example.com")
    cli.ok("booking", "cancel", booking_id, "--reason", "ill")

    entries = [e for e in cli.json("audit") if e["entity"] != "company"]

    assert [(e["entity"], e["entity_id"], e["action"]) for e in entries] == [
        ("booking", str(booking_id), "cancel"),
        ("booking", str(booking_id), "create"),
        ("course", str(course_id), "create"),
    ]
    assert {e["actor"] for e in entries} == {f"cli:{os_user()}"}
    cancel, booked, course = entries
    assert course["after"]["title"] == "Yoga" and course["after"]["capacity"] == 5
    assert booked["after"]["tickets"] == 1
    assert cancel["before"]["status"] == "confirmed"
    assert (cancel["after"]["status"], cancel["after"]["reason"]) == ("cancelled", "ill")
    assert all(datetime.fromisoformat(e["occurred_at"]).tzinfo is not None for e in entries)

    only_bookings = cli.json("audit", "--entity", "booking")
    assert [e["id"] for e in only_bookings] == [e["id"] for e in entries[:2]]
    assert cli.json("audit", "--entity", "course", "--limit", "1")[0]["entity_id"] == str(course_id)
    assert "booking" in cli.ok("audit")
