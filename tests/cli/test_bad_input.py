"""Bad input through the installed CLI: exit 1 or 2, one ``Error:`` line, no traceback, and the
database exactly as it was (SPEC 4, SPEC 5 "Reliability")."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli.support import assert_error_contract, dump_database

ANN = ("--name", "Ann Berg", "--email", "ann@example.com")


@pytest.fixture
def studio(container) -> dict[str, int]:
    """A course with 3 seats, one confirmed and one cancelled booking (set up in-process)."""
    box = container.companies().create("Box", "Europe/Berlin")
    course = container.courses().create("Yoga", 3, company_id=box.id)
    bookings = container.bookings()
    confirmed = bookings.book(course.id, "Cem Kaya", "cem@example.com")
    cancelled = bookings.book(course.id, "Ben Ott", "ben@example.com")
    bookings.cancel(cancelled.id)
    return {"course": course.id, "booking": confirmed.id, "cancelled": cancelled.id}


# (arguments with {course}/{booking}/{cancelled} placeholders, words the message must contain)
BAD_INPUT = {
    "tickets-zero": (["booking", "add", "{course}", *ANN, "--tickets", "0"], ["tickets"]),
    "tickets-negative": (["booking", "add", "{course}", *ANN, "--tickets", "-2"], ["tickets"]),
    "tickets-not-a-number": (["booking", "add", "{course}", *ANN, "--tickets", "two"], ["tickets"]),
    "tickets-fraction": (["booking", "add", "{course}", *ANN, "--tickets", "1.5"], ["tickets"]),
    "tickets-more-than-free": (
        ["booking", "add", "{course}", *ANN, "--tickets", "3"],
        ["free spot"],
    ),
    "course-id-not-a-number": (["booking", "add", "yoga", *ANN], ["course_id"]),
    "unknown-course-booking": (["booking", "add", "999", *ANN], ["course 999"]),
    "unknown-course-show": (["course", "show", "999"], ["course 999"]),
    "unknown-course-capacity": (["course", "set-capacity", "999", "5"], ["course 999"]),
    "unknown-course-waitlist": (["waitlist", "list", "999"], ["course 999"]),
    "unknown-booking-cancel": (["booking", "cancel", "999"], ["booking 999"]),
    "unknown-booking-status": (["booking", "set-status", "999", "confirmed"], ["booking 999"]),
    "unknown-booking-show": (["booking", "show", "999"], ["booking 999"]),
    "unknown-waitlist-entry": (["waitlist", "leave", "999"], ["999"]),
    "illegal-transition": (
        ["booking", "set-status", "{booking}", "pending"],
        ["confirmed", "pending"],
    ),
    "cancelled-is-final": (["booking", "set-status", "{cancelled}", "confirmed"], ["cancelled"]),
    "cancel-twice": (["booking", "cancel", "{cancelled}"], ["cancelled"]),
    "cancel-more-tickets-than-held": (["booking", "cancel", "{booking}", "--tickets", "5"], ["5"]),
    "cancel-zero-tickets": (["booking", "cancel", "{booking}", "--tickets", "0"], ["tickets"]),
    "unknown-status": (["booking", "set-status", "{booking}", "done"], ["done"]),
    "initial-status-cancelled": (
        ["booking", "add", "{course}", *ANN, "--status", "cancelled"],
        ["cancelled"],
    ),
    "capacity-negative-add": (
        ["course", "add", "--title", "Yoga", "--capacity", "-1"],
        ["capacity"],
    ),
    "capacity-negative-set": (["course", "set-capacity", "{course}", "--", "-3"], ["capacity"]),
    "capacity-negative-as-option": (["course", "set-capacity", "{course}", "-3"], ["-3"]),
    "capacity-not-a-number": (
        ["course", "add", "--title", "Yoga", "--capacity", "many"],
        ["capacity"],
    ),
    "email-invalid": (
        ["booking", "add", "{course}", "--name", "Ann", "--email", "ann.example.com"],
        ["e-mail"],
    ),
    "name-blank": (
        ["booking", "add", "{course}", "--name", "  ", "--email", "a@example.com"],
        ["name"],
    ),
    "title-blank": (["course", "add", "--title", " ", "--capacity", "3"], ["title"]),
    "missing-email": (["booking", "add", "{course}", "--name", "Ann"], ["--email"]),
    "missing-course-id": (["booking", "add", *ANN], ["course_id"]),
    "missing-title": (["course", "add", "--capacity", "3"], ["--title"]),
    "missing-capacity-argument": (["course", "set-capacity", "{course}"], ["capacity"]),
    "unknown-command": (["frobnicate"], ["frobnicate"]),
    "unknown-subcommand": (["course", "delete", "{course}"], ["delete"]),
    "unknown-option": (["booking", "add", "{course}", *ANN, "--seats", "2"], ["--seats"]),
    "starts-without-offset": (
        ["course", "add", "--title", "T", "--capacity", "3", "--starts", "2026-12-01T10:00"],
        ["offset"],
    ),
    "starts-not-a-date": (
        ["course", "add", "--title", "T", "--capacity", "3", "--starts", "tomorrow"],
        ["tomorrow"],
    ),
    "ends-before-starts": (
        "course add --title T --capacity 3 --starts 2026-12-01T10:00Z --ends 2026-12-01T09:00Z".split(),
        ["end"],
    ),
}


@pytest.mark.parametrize("args, words", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_refused_and_changes_nothing(cli, studio, args, words):
    before = dump_database(cli.url)

    message = cli.fails(*(a.format(**studio) for a in args))

    assert dump_database(cli.url) == before
    for word in words:
        assert word.lower() in message.lower(), message


def test_a_usage_error_exits_2_and_a_refused_operation_exits_1(cli, studio):
    assert_error_contract(
        cli("booking", "add", studio["course"], *ANN, "--tickets", "two"), codes=(2,)
    )
    assert_error_contract(
        cli("booking", "add", studio["course"], *ANN, "--tickets", "9"), codes=(1,)
    )


@pytest.mark.parametrize("number", [3_000_000_000, 10**20])
def test_an_out_of_range_number_is_a_usage_error(cli, studio, number):
    result = cli("course", "set-capacity", studio["course"], str(number))

    message = assert_error_contract(result, codes=(2,))
    assert "too large" in message, message


GARBAGE_URLS = {
    "not-a-url": "garbage!!",
    "unknown-dialect": "nosuchdb://user@localhost/x",
    "missing-folder": "sqlite:////nonexistent-folder-studiobook/x.db",
    "refused-port": "postgresql+psycopg://nobody@127.0.0.1:1/nothing",
}


@pytest.mark.parametrize("url", GARBAGE_URLS.values(), ids=GARBAGE_URLS.keys())
def test_a_garbage_database_url_is_one_error_line_and_creates_nothing(run_cli, tmp_path, url):
    before = sorted(tmp_path.iterdir())

    message = assert_error_contract(run_cli("course", "list", db=url), codes=(1, 2))

    assert "database" in message.lower() or "url" in message.lower(), message
    assert sorted(tmp_path.iterdir()) == before


def test_a_file_that_is_not_a_database_is_left_alone(run_cli, tmp_path):
    junk = tmp_path / "notes.db"
    junk.write_bytes(b"shopping list: eggs, milk\n" * 100)

    message = assert_error_contract(run_cli("course", "list", db=f"sqlite:///{junk}"), codes=(1,))

    assert message.startswith("cannot open the database") and "not a database" in message, message
    assert junk.read_bytes() == b"shopping list: eggs, milk\n" * 100


# -- random junk ------------------------------------------------------------------------------
WORDS = [*"--tickets --name --email --status --reason --waitlist --json -- -".split(), "", " ",
         *"confirmed pending cancelled ann@example.com 1e3 0x10 NaN -0".split()]  # fmt: skip
TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12
)


def near_miss(data, ids: dict[str, int]) -> list[str]:
    """A well-formed command with some values swapped for junk, or junk after the command."""
    junk = st.one_of(
        st.sampled_from([str(v) for v in ids.values()] + WORDS),
        st.integers(-(10**6), 10**6).map(str),
        TEXT,
    )
    skeletons = {
        ("booking", "add"): [ids["course"], *"--name Eve --email eve@example.com --tickets 1".split()],
        ("course", "set-capacity"): [ids["course"], 4],
        ("booking", "cancel"): [ids["booking"], "--tickets", 1],
    }
    command = data.draw(st.sampled_from(sorted(skeletons)), label="command")
    if data.draw(st.booleans(), label="skeleton"):
        skeleton = skeletons[command]
        args = [
            data.draw(junk) if not str(v).startswith("--") and data.draw(st.booleans()) else str(v)
            for v in skeleton
        ]
    else:
        args = data.draw(st.lists(junk, max_size=6))
    return [*command, *args]


@settings(
    max_examples=15,  # each example is several real CLI processes; 15 keeps CI well inside its budget
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_junk_never_breaks_the_contract(cli, studio, data):
    args = near_miss(data, studio)
    before = dump_database(cli.url)

    result = cli(*args)

    assert result.returncode in (0, 1, 2), result
    if result.returncode == 0:
        assert "Traceback" not in result.stdout + result.stderr
        return
    assert_error_contract(result)
    assert dump_database(cli.url) == before
