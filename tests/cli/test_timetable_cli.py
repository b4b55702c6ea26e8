"""``studiobook timetable ...`` and ``course cancel`` (SPEC 4), in this process, on the real
clock: every date comes from today (tests/real_time.py)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.cli.support import COURSE_KEYS, Cli, dump_database
from tests.real_time import coming, today

ZONE = ZoneInfo("America/New_York")  # not the default zone: times must be the company's
ANN = ("--name", "Ann Berg", "--email", "ann@example.com")


@pytest.fixture
def company(cli: Cli) -> int:
    return cli.new_id("company", "add", "Studio West", "--timezone", "America/New_York")


def first_monday() -> str:
    return f"{coming('mon', ZONE).isoformat()}T18:00"


def add_weekly(cli: Cli, company: int, *options: object) -> int:
    return cli.new_id(
        "timetable", "add", company, "--title", "Yoga", "--capacity", 10,
        "--rrule", "FREQ=WEEKLY;BYDAY=MO", "--start", first_monday(), "--duration", 60, *options,
    )  # fmt: skip


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(ZONE)


def test_timetable_add_makes_the_coming_weeks_of_sessions_at_the_wall_clock_time(cli, company):
    timetable = add_weekly(cli, company, "--cancel-cutoff", 120)

    sessions = cli.json("timetable", "sessions", timetable)

    assert 6 <= len(sessions) <= 8  # Mondays from next week to 8 weeks (the default) ahead
    for session in sessions:
        assert COURSE_KEYS | {"company_id", "timetable_id", "cancelled"} <= session.keys()
        starts = local(session["starts_at"])
        assert (starts.weekday(), starts.hour, starts.minute) == (0, 18, 0)
        assert local(session["ends_at"]) - starts == timedelta(minutes=60)
        assert (session["timetable_id"], session["company_id"]) == (timetable, company)
        assert (session["free_spots"], session["cancelled"]) == (10, False)
        assert session["cancel_cutoff_minutes"] == 120
    assert [local(s["starts_at"]).date() for s in sessions][0] == coming("mon", ZONE)
    [listed] = cli.json("timetable", "list", company)
    assert listed["id"] == timetable
    assert (listed["rrule"], listed["starts_local"], listed["duration_minutes"]) == (
        "FREQ=WEEKLY;BYDAY=MO", first_monday(), 60,
    )  # fmt: skip


def test_timetable_add_json_is_the_timetable(cli, company):
    until = (coming("mon", ZONE) + timedelta(weeks=2)).isoformat()
    made = cli.json(
        "timetable", "add", company, "--title", "Spin", "--capacity", 0, "--rrule",
        "rrule:freq=daily", "--start", first_monday(), "--duration", 45, "--until", until,
        "--members-only", "--opens-before", 1440,
    )  # fmt: skip
    assert made["rrule"] == "FREQ=DAILY" and made["until"] == until
    assert (made["members_only"], made["opens_before_minutes"], made["active"]) == (True, 1440, True)
    assert len(cli.json("timetable", "sessions", made["id"])) == 15  # two weeks and a day


def test_sessions_from_to_limit_by_start(cli, company):
    timetable = add_weekly(cli, company)
    second = datetime.combine(coming("mon", ZONE) + timedelta(weeks=1), datetime.min.time(), ZONE)
    window = ["--from", second.isoformat(), "--to", (second + timedelta(weeks=2)).isoformat()]

    found = cli.json("timetable", "sessions", timetable, *window)

    assert [local(s["starts_at"]).date() for s in found] == [
        second.date(), second.date() + timedelta(weeks=1),
    ]  # fmt: skip


def test_materialise_twice_makes_nothing_the_second_time(cli, company):
    timetable = add_weekly(cli, company)
    before = len(cli.json("timetable", "sessions", timetable))

    assert cli.ok("timetable", "materialise").strip() == "0 session(s) made for 1 timetable(s)"
    [done] = cli.json("timetable", "materialise", "--weeks", 12)
    assert (done["timetable_id"], done["company_id"], done["created"]) == (timetable, company, 4)
    assert cli.json("timetable", "materialise", "--weeks", 12)[0]["created"] == 0
    assert len(cli.json("timetable", "sessions", timetable)) == before + 4


def test_weeks_ahead_come_from_the_setting(run_cli, cli, company):
    env = {"STUDIOBOOK_TIMETABLE_WEEKS_AHEAD": "3"}
    result = run_cli(
        "timetable", "add", str(company), "--title", "Yoga", "--capacity", "5", "--rrule",
        "FREQ=DAILY", "--start", f"{today(ZONE).isoformat()}T00:00", "--duration", "30",
        db=cli.url, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert 20 <= len(cli.json("timetable", "sessions", int(result.stdout))) <= 22

    refused = run_cli("timetable", "materialise", db=cli.url, env={**env, "STUDIOBOOK_TIMETABLE_WEEKS_AHEAD": "0"})
    assert refused.returncode == 1 and "STUDIOBOOK_TIMETABLE_WEEKS_AHEAD" in refused.stderr


def test_update_changes_future_sessions_and_keeps_booked_ones_off_the_new_schedule(cli, company):
    timetable = add_weekly(cli, company)
    first, second, *rest = cli.json("timetable", "sessions", timetable)
    cli.ok("booking", "add", first["id"], *ANN)

    edit = cli.json(
        "timetable", "update", timetable, "--rrule", "FREQ=WEEKLY;BYDAY=TU", "--title",
        "Yoga Flow", "--capacity", 12, "--start", f"{coming('tue', ZONE).isoformat()}T07:30",
    )  # fmt: skip

    assert edit["sessions_kept_booked"] == [first["id"]]
    assert edit["sessions_removed"] == [second["id"], *(s["id"] for s in rest)]
    assert edit["timetable"]["title"] == "Yoga Flow" and edit["sessions_created"] >= 6
    after = cli.json("timetable", "sessions", timetable)
    kept = next(s for s in after if s["id"] == first["id"])
    assert (kept["starts_at"], kept["booked"], kept["title"]) == (first["starts_at"], 1, "Yoga Flow")
    tuesdays = [s for s in after if s["id"] != first["id"]]
    assert all((local(s["starts_at"]).weekday(), local(s["starts_at"]).hour) == (1, 7) for s in tuesdays)
    assert all(s["capacity"] == 12 for s in after)

    plain = cli.ok("timetable", "update", timetable, "--until", "none", "--opens-before", "none")
    assert plain.startswith(f"timetable {timetable}: {len(tuesdays)} session(s) updated")
    assert "kept as booked" in plain and str(first["id"]) in plain


def test_deactivate_removes_unbooked_future_sessions(cli, company):
    timetable = add_weekly(cli, company)
    sessions = cli.json("timetable", "sessions", timetable)
    cli.ok("booking", "add", sessions[2]["id"], *ANN)

    done = cli.json("timetable", "deactivate", timetable)

    assert done["sessions_kept_booked"] == [sessions[2]["id"]]
    assert done["timetable"]["active"] is False
    assert [s["id"] for s in cli.json("timetable", "sessions", timetable)] == [sessions[2]["id"]]
    assert cli.json("timetable", "materialise") == []


def test_course_cancel_cancels_the_session_and_its_bookings(cli, company):
    timetable = add_weekly(cli, company)
    session = cli.json("timetable", "sessions", timetable)[1]
    booking = cli.new_id("booking", "add", session["id"], *ANN, "--tickets", 2)

    assert cli.ok("course", "cancel", session["id"], "--reason", "instructor ill").strip() == (
        f"course {session['id']} cancelled"
    )

    shown = cli.json("course", "show", session["id"])
    assert (shown["cancelled"], shown["booked"], shown["free_spots"]) == (True, 0, 10)
    [cancelled] = cli.json("booking", "list", "--course", session["id"])
    assert (cancelled["id"], cancelled["status"]) == (booking, "cancelled")
    assert "was cancelled already" in cli.fails("course", "cancel", session["id"], codes=(1,))
    assert "takes no bookings" in cli.fails("booking", "add", session["id"], *ANN, codes=(1,))
    cli.ok("timetable", "materialise")
    assert cli.json("timetable", "sessions", timetable)[1]["cancelled"] is True


def test_course_cancel_json_is_the_course(cli, company):
    course = cli.new_id("course", "add", "--title", "Workshop", "--capacity", 4, "--company", company)
    shown = cli.json("course", "cancel", course)
    assert (shown["id"], shown["cancelled"], shown["timetable_id"]) == (course, True, None)


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (("--rrule", "FREQ=HOURLY"), 1, "not FREQ=HOURLY"),
        (("--rrule", "FREQ=DAILY;BYHOUR=0,1,2,3,4,5,6,7"), 1, "sessions in a week"),
        (("--rrule", "FREQ=WEEKLY;BYDAY=XX"), 1, "invalid 'BYDAY'"),
        (("--start", "2027-01-04T18:00-05:00"), 2, "has a UTC offset"),
        (("--start", "next monday"), 2, "such as 2027-01-04T18:00"),
        (("--duration", 0), 1, "between 1 and 1440"),
        (("--capacity", -1), 1, "capacity must be 0"),
        (("--instructor", 999), 1, "999"),
    ],
)
def test_a_refused_timetable_is_one_error_line_and_writes_nothing(cli, company, args, code, says):
    base = {
        "--title": "Yoga", "--capacity": 10, "--rrule": "FREQ=WEEKLY", "--start": first_monday(),
        "--duration": 60,
    }  # fmt: skip
    given = dict(zip(args[::2], args[1::2], strict=True))
    options = [str(part) for pair in {**base, **given}.items() for part in pair]
    before = dump_database(cli.url)

    message = cli.fails("timetable", "add", company, *options, codes=(code,))

    assert says in message
    assert dump_database(cli.url) == before


def test_unknown_timetables_and_companies_are_errors(cli, company):
    assert "timetable 42 does not exist" in cli.fails("timetable", "sessions", 42, codes=(1,))
    assert "timetable 42 does not exist" in cli.fails("timetable", "deactivate", 42, codes=(1,))
    assert "company 99" in cli.fails("timetable", "list", 99, codes=(1,))
    assert "course 42 does not exist" in cli.fails("course", "cancel", 42, codes=(1,))
    timetable = add_weekly(cli, company)
    assert "say what to change" in cli.fails("timetable", "update", timetable, codes=(2,))
