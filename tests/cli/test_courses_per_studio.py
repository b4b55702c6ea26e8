"""Courses belong to a studio (SPEC 2.1a, SPEC 4 ``course add --company``): which company a
course goes to, its times in the company's zone, tenant isolation, and the booking rules as the
studio meets them on the command line."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.cli.support import assert_error_contract, dump_database
from tests.real_time import coming, wall

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
ANN = ("--name", "Ann Berg", "--email", "ann@example.com")


def test_with_no_studio_a_course_cannot_be_added_and_nothing_is_written(cli):
    before = dump_database(cli.url)

    message = assert_error_contract(cli("course", "add", "--title", "Yoga", "--capacity", "3"))

    assert "company add" in message
    assert dump_database(cli.url) == before


def test_with_one_studio_company_may_be_left_out(cli):
    box = cli.new_id("company", "add", "CrossFit Nord", "--timezone", "Europe/Berlin")

    course = cli.json("course", "add", "--title", "WOD", "--capacity", "12")

    assert course["company_id"] == box
    assert course["time_zone"] == "Europe/Berlin"


def test_with_several_studios_the_company_must_be_named(cli):
    gym = cli.new_id("company", "add", "CrossFit Nord", "--timezone", "Europe/Berlin")
    practice = cli.new_id("company", "add", "Praxis Ost", "--timezone", "America/New_York")
    before = dump_database(cli.url)

    message = assert_error_contract(cli("course", "add", "--title", "WOD", "--capacity", "12"))

    assert f"{gym}, {practice}" in message
    assert dump_database(cli.url) == before
    course = cli.json("course", "add", "--title", "Rückenschule", "--capacity", "8", "--company", practice)
    assert course["company_id"] == practice


def test_times_are_shown_in_the_company_zone_with_the_offset(cli):
    practice = cli.new_id("company", "add", "Praxis Ost", "--timezone", "America/New_York")
    starts = wall(coming("wed", NEW_YORK), 18, 0, NEW_YORK)
    course = cli.json(
        "course", "add", "--title", "Rückenschule", "--capacity", "8", "--company", practice,
        "--starts", starts.astimezone(BERLIN).isoformat(),
        "--ends", (starts + timedelta(hours=1)).astimezone(BERLIN).isoformat(),
    )  # fmt: skip

    shown = datetime.fromisoformat(course["starts_at"])
    assert shown == starts
    assert (shown.hour, shown.minute) == (18, 0)  # New York wall-clock time, written in Berlin's
    assert shown.utcoffset() == starts.utcoffset()
    assert "18:00 America/New_York" in cli.ok("course", "list")


def test_course_list_by_company_shows_only_that_company(cli):
    gym = cli.new_id("company", "add", "CrossFit Nord")
    practice = cli.new_id("company", "add", "Praxis Ost")
    wod = cli.new_id("course", "add", "--title", "WOD", "--capacity", "12", "--company", gym)
    back = cli.new_id("course", "add", "--title", "Rücken", "--capacity", "8", "--company", practice)

    assert [c["id"] for c in cli.json("course", "list", "--company", gym)] == [wod]
    assert [c["id"] for c in cli.json("course", "list", "--company", practice)] == [back]
    assert {c["id"] for c in cli.json("course", "list")} == {wod, back}
    assert "company 999" in assert_error_contract(cli("course", "list", "--company", "999"))


def test_branch_and_instructor_must_belong_to_the_company(cli):
    gym = cli.new_id("company", "add", "CrossFit Nord")
    practice = cli.new_id("company", "add", "Praxis Ost")
    their_branch = cli.new_id("branch", "add", practice, "Mitte")
    their_coach = cli.new_id("staff", "add", practice, "--name", "Mara")
    before = dump_database(cli.url)

    for option, value in (("--branch", their_branch), ("--instructor", their_coach)):
        args = ("course", "add", "--title", "WOD", "--capacity", "5", "--company", gym)
        message = assert_error_contract(cli(*args, option, value))
        assert f"does not exist in company {gym}" in message

    assert dump_database(cli.url) == before
    own_coach = cli.new_id("staff", "add", gym, "--name", "Jonas")
    course = cli.json(
        "course", "add", "--title", "WOD", "--capacity", "5", "--company", gym,
        "--instructor", own_coach,
    )  # fmt: skip
    assert course["instructor_id"] == own_coach


def test_members_only_refuses_a_stranger_unless_the_studio_overrides(cli):
    cli.ok("company", "add", "CrossFit Nord")
    course = cli.json("course", "add", "--title", "WOD", "--capacity", "5", "--members-only")
    assert course["members_only"] is True
    before = dump_database(cli.url)

    message = assert_error_contract(cli("booking", "add", course["id"], *ANN))

    assert "members only" in message and "ann@example.com is not a member" in message
    assert dump_database(cli.url) == before
    booking = cli.json("booking", "add", course["id"], *ANN, "--override-rules")
    assert booking["status"] == "confirmed"
    actions = [(e["entity"], e["action"]) for e in cli.json("audit", "--entity", "booking")]
    assert actions == [("booking", "create_overriding_rules")]


def test_booking_opens_before_the_start_for_the_studio_too(cli):
    cli.ok("company", "add", "CrossFit Nord", "--timezone", "Europe/Berlin")
    starts = wall(coming("fri", BERLIN), 18, 0, BERLIN)
    course = cli.json(
        "course", "add", "--title", "WOD", "--capacity", "5", "--opens-before", "60",
        "--starts", starts.isoformat(), "--ends", (starts + timedelta(hours=1)).isoformat(),
    )  # fmt: skip

    message = assert_error_contract(cli("booking", "add", course["id"], *ANN))

    assert f"opens for booking at {starts - timedelta(hours=1):%Y-%m-%d %H:%M} Europe/Berlin" in message
    assert cli.json("booking", "add", course["id"], *ANN, "--override-rules")["tickets"] == 1
