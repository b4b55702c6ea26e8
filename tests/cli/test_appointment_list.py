"""``appointment list`` (issue 16): a company's appointments with local times in its zone, staff
and service names, customer, price and status; today to seven days on by default; filters by
range, staff, branch and status; and the price ``appointment book`` answers with.

The days come from the real clock (the CLI's "now"), in Berlin's zone, the company's."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.cli.support import dump_database, open_salon
from tests.real_time import coming, today, wall

BERLIN = ZoneInfo("Europe/Berlin")
EVERY_DAY = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@pytest.fixture
def salon(cli) -> dict[str, int]:
    """Anna (branch Mitte, the cut at 25.00) works Mondays; Ben (branch Hafen, his own price
    31.50 for the cut) works every day 08:00-20:00."""
    found = open_salon(cli)
    hafen = cli.new_id("branch", "add", found["company"], "Hafen")
    ben = cli.new_id("staff", "add", found["company"], "--name", "Ben", "--branch", hafen)
    for day in EVERY_DAY:
        cli.ok("staff", "hours", ben, day, "08:00-20:00")
    cli.ok("assign", ben, found["cut"], "--price", "31.50")
    return found | {"hafen": hafen, "ben": ben}


def day(offset: int):
    return today(BERLIN) + timedelta(days=offset)


def book(cli, salon, staff, start, name):
    return cli.json(
        "appointment", "book", salon["cut"], "--staff", salon[staff], "--start", start.isoformat(),
        "--name", name, "--email", f"{name.lower()}@example.com",
    )  # fmt: skip


def monday(hour):
    """At ``hour`` on Anna's next Monday at least a week ahead."""
    return wall(coming("mon", BERLIN), hour, 0, BERLIN)


def test_booking_answers_with_the_price_the_custom_one_first(cli, salon):
    with_ben = book(cli, salon, "ben", wall(day(2), 10, 0, BERLIN), "Kim")
    with_anna = book(cli, salon, "anna", monday(10), "Lou")

    assert (with_ben["price"], with_anna["price"]) == ("31.50", "25.00")


def test_the_list_shows_today_to_seven_days_on_in_the_companys_zone(cli, salon):
    tomorrow = book(cli, salon, "ben", wall(day(1), 10, 0, BERLIN), "Kim")
    book(cli, salon, "ben", wall(day(9), 10, 0, BERLIN), "Later")  # beyond the seven days
    cancelled = book(cli, salon, "ben", wall(day(2), 19, 30, BERLIN), "Lou")
    cli.ok("appointment", "cancel", cancelled["id"])

    lines = cli.ok("appointment", "list", salon["company"]).splitlines()

    assert lines[0].split() == [
        "ID", "WHEN", "(Europe/Berlin)", "STAFF", "EVENT", "TYPE", "CUSTOMER", "PRICE", "STATUS",
    ]  # fmt: skip
    assert [line.split() for line in lines[1:]] == [
        [str(tomorrow["id"]), f"{day(1)}", "10:00-10:30", "Ben", "Herrenschnitt", "Kim", "31.50",
         "booked"],
        [str(cancelled["id"]), f"{day(2)}", "19:30-20:00", "Ben", "Herrenschnitt", "Lou", "31.50",
         "cancelled"],
    ]  # fmt: skip


def test_the_list_as_json_names_the_range_the_zone_staff_and_service(cli, salon):
    booked = book(cli, salon, "ben", wall(day(1), 19, 30, BERLIN), "Kim")

    answer = cli.json("appointment", "list", salon["company"], "--from", day(1), "--to", day(1))

    assert (answer["company_id"], answer["time_zone"]) == (salon["company"], "Europe/Berlin")
    assert answer["from"] == wall(day(1), 0, 0, BERLIN).isoformat()
    assert answer["to"] == wall(day(2), 0, 0, BERLIN).isoformat()  # the day given is included
    assert answer["appointments"] == [
        booked | {"staff_name": "Ben", "event_type_name": "Herrenschnitt"}
    ]
    assert booked["price"] == "31.50" and booked["name"] == "Kim"


def test_filters_by_staff_branch_status_and_instants(cli, salon):
    ben_booked = book(cli, salon, "ben", wall(day(3), 10, 0, BERLIN), "Kim")
    ben_cancelled = book(cli, salon, "ben", wall(day(3), 11, 0, BERLIN), "Lou")
    cli.ok("appointment", "cancel", ben_cancelled["id"])
    anna = book(cli, salon, "anna", monday(10), "Max")
    wide = ("--from", day(0), "--to", day(30))

    def ids(*options):
        found = cli.json("appointment", "list", salon["company"], *options)["appointments"]
        return [a["id"] for a in found]

    assert ids(*wide) == sorted([ben_booked["id"], ben_cancelled["id"], anna["id"]])
    assert ids(*wide, "--staff", salon["anna"]) == [anna["id"]]
    assert ids(*wide, "--branch", salon["hafen"]) == [ben_booked["id"], ben_cancelled["id"]]
    assert ids(*wide, "--branch", salon["hafen"], "--status", "booked") == [ben_booked["id"]]
    assert ids(*wide, "--status", "cancelled") == [ben_cancelled["id"]]
    # Instants: those overlapping [10:15, 11:00) — the 10:00-10:30 one, not the one at 11:00.
    start, end = wall(day(3), 10, 15, BERLIN), wall(day(3), 11, 0, BERLIN)
    assert ids("--from", start.isoformat(), "--to", end.isoformat()) == [ben_booked["id"]]


def test_an_empty_range_says_so_with_its_times_and_zone(cli, salon):
    out = cli.ok("appointment", "list", salon["company"], "--from", day(20), "--to", day(21))

    assert out == f"no appointments from {day(20)} 00:00 to {day(22)} 00:00 Europe/Berlin\n"


@pytest.mark.parametrize(
    ("options", "code", "message"),
    [
        (("--from", "tomorrow"), 2, "'tomorrow' is not an ISO 8601 time"),
        (("--from", "2026-12-01T10:00"), 2, "needs a UTC offset"),
        (("--status", "done"), 2, "'done' is not one of 'booked', 'cancelled'"),
        (("--staff", 999), 1, "staff member 999 does not exist"),
        (("--branch", 999), 1, "branch 999"),
    ],
)
def test_bad_input_is_one_clear_line(cli, salon, options, code, message):
    before = dump_database(cli.url)

    error = cli.fails("appointment", "list", salon["company"], *options, codes=(code,))

    assert message in error
    assert dump_database(cli.url) == before


def test_a_range_that_ends_before_it_starts_is_refused(cli, salon):
    error = cli.fails(
        "appointment", "list", salon["company"], "--from", day(3), "--to", day(1), codes=(2,)
    )
    assert "--to" in error and "is not after the start" in error


def test_another_companys_staff_or_an_unknown_company_is_not_found(cli, salon):
    other = cli.new_id("company", "add", "Other")
    stranger = cli.new_id("staff", "add", other, "--name", "Stranger")

    assert "staff" in cli.fails("appointment", "list", salon["company"], "--staff", stranger, codes=(1,))
    assert "company 9999" in cli.fails("appointment", "list", 9999, codes=(1,))
