"""The course, booking and waitlist commands of SPEC 4, through the installed CLI."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.cli.support import BOOKING_KEYS, COURSE_KEYS, Cli, table_names

ANN = ("--name", "Ann Berg", "--email", "ann@example.com")
BEN = ("--name", "Ben Ott", "--email", "ben@example.com")
CEM = ("--name", "Cem Kaya", "--email", "cem@example.com")


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


def free_spots(cli, course_id: int) -> int | None:
    return cli.json("course", "show", course_id)["free_spots"]


@pytest.fixture(autouse=True)
def one_studio(request):
    """Courses belong to a studio; with exactly one, ``course add`` needs no ``--company``."""
    if "cli" in request.fixturenames:
        request.getfixturevalue("cli").ok("company", "add", "Studio", "--timezone", "Europe/Berlin")


# -- schema ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "command",
    [
        ("course", "list"),
        ("booking", "list", "--json"),
        ("company", "add", "Studio"),
    ],
    ids=["course-list", "booking-list", "company-add"],
)
def test_any_command_creates_the_schema_on_an_empty_database(run_cli, empty_database_url, command):
    assert not table_names(empty_database_url)

    Cli(run_cli, empty_database_url).ok(*command)

    assert {"courses", "bookings", "waitlist_entries"} <= table_names(empty_database_url)


def test_without_db_the_default_is_studiobook_db_in_the_current_folder(run_cli, tmp_path):
    assert run_cli("company", "add", "Studio").returncode == 0
    result = run_cli("course", "add", "--title", "Yoga", "--capacity", "3")

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "studiobook.db").exists()


# -- courses ---------------------------------------------------------------------------------
def test_course_add_prints_the_id_and_json_gives_the_course(cli):
    first = cli.new_id("course", "add", "--title", "Yoga", "--capacity", "10")
    times = "--starts 2026-12-01T18:00+01:00 --ends 2026-12-01T19:00+01:00"
    course = cli.json("course", "add", "--title", "Pilates", "--capacity", "8", *times.split())

    assert COURSE_KEYS <= course.keys()
    assert course["id"] != first
    assert (course["title"], course["capacity"]) == ("Pilates", 8)
    assert (course["booked"], course["free_spots"]) == (0, 8)
    assert instant(course["starts_at"]) == instant("2026-12-01T17:00Z")
    assert instant(course["ends_at"]) == instant("2026-12-01T18:00Z")
    shown = cli.json("course", "show", course["id"])
    assert {k: v for k, v in shown.items() if not k.endswith("_at")} == {
        k: v for k, v in course.items() if not k.endswith("_at")
    }
    assert instant(shown["starts_at"]) == instant(course["starts_at"])  # same instant, any offset


def test_capacity_zero_is_unlimited_and_free_spots_null(cli):
    course = cli.json("course", "add", "--title", "Open gym", "--capacity", "0")
    assert (course["capacity"], course["free_spots"]) == (0, None)

    cli.ok("booking", "add", course["id"], *ANN, "--tickets", "250")

    shown = cli.json("course", "show", course["id"])
    assert (shown["capacity"], shown["booked"], shown["free_spots"]) == (0, 250, None)


def test_course_list_plain_and_json(cli):
    yoga = cli.new_id("course", "add", "--title", "Yoga", "--capacity", "10")
    gym = cli.new_id("course", "add", "--title", "Open gym", "--capacity", "0")
    cli.ok("booking", "add", yoga, *ANN, "--tickets", "3")

    listed = cli.json("course", "list")
    plain = cli.ok("course", "list")

    assert [c["id"] for c in listed] == [yoga, gym]
    assert all(COURSE_KEYS <= c.keys() for c in listed)
    assert [(c["booked"], c["free_spots"]) for c in listed] == [(3, 7), (0, None)]
    rows = plain.splitlines()
    assert len(rows) == 3 and "TITLE" in rows[0]
    company = str(listed[0]["company_id"])
    assert rows[1].split()[:6] == [str(yoga), company, "Yoga", "10", "3", "7"]
    assert "unlimited" in rows[2]


def test_course_show_plain_names_the_free_spots(cli):
    course = cli.new_id("course", "add", "--title", "Yoga", "--capacity", "4")
    cli.ok("booking", "add", course, *ANN)

    lines = cli.ok("course", "show", course).splitlines()

    assert "free_spots: 3" in lines and "booked: 1" in lines and "title: Yoga" in lines


def test_seed_example_capacity_ten(cli):
    """seeds/course-cancellation-capacity.md: 3 book -> 7 free, 2 more -> 5, 1 cancels -> 6."""
    course = cli.new_id("course", "add", "--title", "CrossFit WOD", "--capacity", "10")
    people = [("--name", f"Guest {i}", "--email", f"guest{i}@example.com") for i in range(5)]
    first = [cli.new_id("booking", "add", course, *person) for person in people[:3]]
    assert free_spots(cli, course) == 7

    for person in people[3:]:
        cli.ok("booking", "add", course, *person)
    assert free_spots(cli, course) == 5

    assert cli.ok("booking", "cancel", first[0]).strip() == f"booking {first[0]} cancelled"
    assert free_spots(cli, course) == 6
    statuses = [b["status"] for b in cli.json("booking", "list", "--course", course)]
    assert statuses == ["cancelled"] + ["confirmed"] * 4  # the cancelled row stays as history


def test_set_capacity_plain_json_and_below_the_booked_count(cli):
    course = cli.new_id("course", "add", "--title", "Yoga", "--capacity", "5")
    cli.ok("booking", "add", course, *ANN, "--tickets", "3")

    raised = cli.ok("course", "set-capacity", course, "6")
    assert raised.strip() == f"course {course}: capacity 6, free spots 3"

    lowered = cli("course", "set-capacity", course, "2")
    assert lowered.returncode == 0, lowered.stderr
    assert "overbooked by 1" in lowered.stderr
    shown = cli.json("course", "show", course)
    assert (shown["capacity"], shown["booked"], shown["free_spots"]) == (2, 3, 0)

    unlimited = cli.json("course", "set-capacity", course, "0")
    assert (unlimited["capacity"], unlimited["free_spots"]) == (0, None)


# -- bookings --------------------------------------------------------------------------------
def test_booking_add_plain_and_json(cli):
    course = cli.new_id("course", "add", "--title", "Yoga", "--capacity", "5")

    plain = cli.new_id("booking", "add", course, *ANN)
    booking = cli.json("booking", "add", course, *BEN, "--tickets", "2")

    assert BOOKING_KEYS <= booking.keys()
    assert booking["id"] != plain
    expected = dict(course_id=course, name="Ben Ott", email="ben@example.com", tickets=2)
    assert {k: booking[k] for k in expected} == expected
    assert booking["status"] == "confirmed"
    assert free_spots(cli, course) == 2


def test_booking_show_plain_and_json(cli):
    course = cli.new_id("course", "add", "--title", "Yoga", "--capacity", "5")
    booking = cli.new_id("booking", "add", course, *ANN, "--tickets", "2")

    shown = cli.json("booking", "show", booking)
    lines = cli.ok("booking", "show", booking).splitlines()

    assert (shown["id"], shown["tickets"], shown["email"]) == (booking, 2, "ann@example.com")
    assert {"tickets: 2", "status: confirmed", "name: Ann Berg"} <= set(lines)


def test_pending_and_request_hold_no_seat_until_confirmed(cli):
    course = cli.new_id("course", "add", "--title", "Yoga", "--capacity", "3")
    pending = cli.json("booking", "add", course, *ANN, "--tickets", "2", "--status", "pending")
    request = cli.json("booking", "add", course, *BEN, "--status", "request")
    assert (pending["status"], request["status"]) == ("pending", "request")
    assert free_spots(cli, course) == 3

    assert cli.ok("booking", "set-status", pending["id"], "confirmed").strip() == (
        f"booking {pending['id']} is confirmed"
    )
    assert free_spots(cli, course) == 1

    changed = cli.json("booking", "set-status", pending["id"], "cancel_requested")
    assert changed["status"] == "cancel_requested"
    assert free_spots(cli, course) == 1  # a cancel request still holds its seats


def test_booking_refused_when_full_writes_nothing(cli):
    course = cli.new_id("course", "add", "--title", "Yoga", "--capacity", "2")
    cli.ok("booking", "add", course, *ANN, "--tickets", "2")

    message = cli.fails("booking", "add", course, *BEN, codes=(1,))

    assert "free spot" in message
    assert len(cli.json("booking", "list", "--course", course)) == 1
    assert cli.json("waitlist", "list", course) == []


def test_partial_cancel_gives_back_tickets_and_all_of_them_cancels(cli):
    course = cli.new_id("course", "add", "--title", "Yoga", "--capacity", "10")
    booking = cli.new_id("booking", "add", course, *ANN, "--tickets", "4")

    out = cli.ok("booking", "cancel", booking, "--tickets", "1", "--reason", "one is ill")
    assert out.strip() == f"booking {booking} now holds 3 ticket(s)"
    assert free_spots(cli, course) == 7

    rest = cli.json("booking", "cancel", booking, "--tickets", "3")
    assert (rest["status"], rest["tickets"]) == ("cancelled", 3)
    assert free_spots(cli, course) == 10


def test_booking_list_filters_by_course_and_status(cli):
    yoga = cli.new_id("course", "add", "--title", "Yoga", "--capacity", "5")
    gym = cli.new_id("course", "add", "--title", "Gym", "--capacity", "5")
    ann = cli.new_id("booking", "add", yoga, *ANN)
    ben = cli.new_id("booking", "add", yoga, *BEN, "--status", "pending")
    cem = cli.new_id("booking", "add", gym, *CEM)

    def listed(*filters) -> list[int]:
        return [b["id"] for b in cli.json("booking", "list", *filters)]

    assert listed() == [ann, ben, cem]
    assert listed("--course", yoga) == [ann, ben]
    assert listed("--status", "confirmed") == [ann, cem]
    assert listed("--course", yoga, "--status", "pending") == [ben]
    rows = cli.ok("booking", "list", "--course", gym).splitlines()
    assert len(rows) == 2 and rows[1].split()[0] == str(cem) and "cem@example.com" in rows[1]


# -- waitlist --------------------------------------------------------------------------------
def test_waitlist_when_full_then_promotion_in_order_after_cancels(cli):
    course = cli.new_id("course", "add", "--title", "Yoga", "--capacity", "2")
    ann = cli.new_id("booking", "add", course, *ANN, "--tickets", "2")

    joined = cli("booking", "add", course, *BEN, "--tickets", "2", "--waitlist")
    assert joined.returncode == 0, joined.stderr
    assert joined.stdout.startswith("waitlisted ")
    assert "position 1" in joined.stderr
    cem = cli.json("booking", "add", course, *CEM, "--waitlist")
    assert (cem["position"], cem["tickets"]) == (2, 1)
    waiting = cli.json("waitlist", "list", course)
    assert [w["email"] for w in waiting] == ["ben@example.com", "cem@example.com"]
    assert "ben@example.com" in cli.ok("waitlist", "list", course).splitlines()[1]
    assert free_spots(cli, course) == 0  # waiting holds no seat, and the course stays full

    # One seat frees: Ben's party of two does not fit, Cem (next that fits) moves up.
    cli.ok("booking", "cancel", ann, "--tickets", "1")
    confirmed = cli.json("booking", "list", "--course", course, "--status", "confirmed")
    assert sorted(b["email"] for b in confirmed) == ["ann@example.com", "cem@example.com"]
    assert [w["email"] for w in cli.json("waitlist", "list", course)] == ["ben@example.com"]

    # Raising the capacity moves Ben up too, in the same command.
    cli.ok("course", "set-capacity", course, "4")
    assert cli.json("waitlist", "list", course) == []
    shown = cli.json("course", "show", course)
    assert (shown["booked"], shown["free_spots"]) == (4, 0)


def test_waitlist_leave_plain_and_json(cli):
    course = cli.new_id("course", "add", "--title", "Yoga", "--capacity", "1")
    cli.ok("booking", "add", course, *ANN)
    ben = cli.json("booking", "add", course, *BEN, "--waitlist")["waitlist_id"]
    cem = cli.json("booking", "add", course, *CEM, "--waitlist")["waitlist_id"]

    assert cli.ok("waitlist", "leave", ben).strip() == f"waitlist entry {ben} removed"
    assert cli.json("waitlist", "leave", cem)["status"] == "left"
    assert cli.json("waitlist", "list", course) == []
    assert "waiting" in cli.fails("waitlist", "leave", ben, codes=(1,))


# -- demo ------------------------------------------------------------------------------------
def test_demo_walks_through_free_spots(cli):
    out = cli.ok("demo")

    assert "10 seats" in out
    for step in ("7 free", "5 free", "6 free"):
        assert step in out, out
