"""Companies, staff, event types, availability and appointments through the CLI.

The days come from the real clock (the CLI's "now"): ``MONDAY`` is the Monday at least a week
ahead, and every instant is built in Berlin's zone, so the tests hold in summer and winter.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from tests.cli.support import dump_database, open_salon
from tests.real_time import coming, wall

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = coming("mon", BERLIN)


def at(hour: int, minute: int = 0, day=MONDAY) -> datetime:
    return wall(day, hour, minute, BERLIN)


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


@pytest.fixture
def salon(cli) -> dict[str, int]:
    return open_salon(cli)


def monday_slots(cli, event_type, *extra):
    return cli.json("availability", event_type, "--from", at(0).isoformat(), "--to", at(23, 59).isoformat(), *extra)


def test_availability_has_the_contract_shape_and_exact_slots(cli, salon):
    answer = monday_slots(cli, salon["cut"])

    assert set(answer) == {"event_type_id", "fallback_used", "slots", "degraded", "closed"}
    assert answer["closed"] == {}  # no country: no public holidays
    assert answer["degraded"] is False
    assert (answer["event_type_id"], answer["fallback_used"]) == (salon["cut"], False)
    starts = [datetime.fromisoformat(s["start"]) for s in answer["slots"]]
    assert all(s.utcoffset() is not None for s in starts)
    local = [s.astimezone(BERLIN).strftime("%H:%M") for s in starts]
    # 09:00-12:00 and 13:00-17:00 Berlin, every 30 minutes.
    expected = [f"{h:02d}:{m:02d}" for h in (9, 10, 11, 13, 14, 15, 16) for m in (0, 30)]
    assert local == expected
    assert all(s["staff"] == [salon["anna"]] for s in answer["slots"])


def test_booking_takes_the_slot_and_a_second_booking_is_refused(cli, salon):
    start = at(10).isoformat()
    booked = cli.json("appointment", "book", salon["cut"], "--staff", salon["anna"], "--start", start, "--name", "Kim", "--email", "kim@example.com")
    assert booked["status"] == "booked"
    assert datetime.fromisoformat(booked["start"]) == datetime.fromisoformat(start)

    before = dump_database(cli.url)
    message = cli.fails("appointment", "book", salon["cut"], "--staff", salon["anna"], "--start", start, "--name", "Lu", "--email", "lu@example.com", codes=(1,))
    assert "cannot be booked" in message
    assert dump_database(cli.url) == before
    assert utc(at(10)) not in [s["start"] for s in monday_slots(cli, salon["cut"])["slots"]]

    cli.ok("appointment", "cancel", booked["id"])
    assert utc(at(10)) in [s["start"] for s in monday_slots(cli, salon["cut"])["slots"]]


def test_a_start_in_the_past_is_refused_in_plain_words_and_in_the_zone_written(cli, salon):
    past = at(10, day=MONDAY - timedelta(days=14))
    book = ("appointment", "book", salon["cut"], "--staff", salon["anna"], "--name", "Kim",
            "--email", "kim@example.com")
    before = dump_database(cli.url)

    message = cli.fails(*book, "--start", past.isoformat(), codes=(1,))
    assert message.endswith(f"it starts in the past: {past:%Y-%m-%d} 10:00 Europe/Berlin"), message
    assert "notice" not in message
    in_kolkata = past.astimezone(timezone(timedelta(hours=5, minutes=30)))
    message = cli.fails(*book, "--start", in_kolkata.isoformat(), codes=(1,))
    assert message.endswith(f"it starts in the past: {in_kolkata:%Y-%m-%d %H:%M} +05:30"), message
    assert dump_database(cli.url) == before


def test_unknown_event_type_falls_back_to_the_default_and_says_so(cli, salon):
    answer = monday_slots(cli, 9999, "--company", salon["company"])
    assert (answer["event_type_id"], answer["fallback_used"]) == (salon["cut"], True)
    assert answer["slots"]


def test_next_slot_and_null_when_nobody_works(cli, salon):
    found = cli.json("next-slot", salon["cut"], "--after", at(10, 10).isoformat())
    assert found["start"] == utc(at(10, 30))
    assert found["degraded"] is False  # no company is connected to Cal.com here

    idle = cli.new_id("event-type", "add", salon["company"], "--name", "Färben", "--duration", 90)
    assert cli.json("next-slot", idle) is None  # nobody offers it


def test_overrides_hours_and_matrix(cli, salon):
    cli.ok("staff", "override", salon["anna"], MONDAY)
    assert monday_slots(cli, salon["cut"])["slots"] == []
    cli.ok("staff", "override", salon["anna"], MONDAY, "14:00-15:00")
    assert [s["start"] for s in monday_slots(cli, salon["cut"])["slots"]] == [utc(at(14)), utc(at(14, 30))]

    color = cli.new_id("event-type", "add", salon["company"], "--name", "Färben", "--duration", 90)
    grid = cli.json("matrix", salon["company"])
    assert [t["name"] for t in grid["event_types"]] == ["Herrenschnitt", "Färben"]
    assert grid["staff"] == [{"id": salon["anna"], "name": "Anna", "offers": [True, False]}]
    assert color


def test_another_companys_records_are_not_found(cli, salon):
    other = cli.new_id("company", "add", "Praxis Dr. Weber")
    bob = cli.new_id("staff", "add", other, "--name", "Bob")
    before = dump_database(cli.url)

    assert "not" in cli.fails("assign", bob, salon["cut"], codes=(1,))
    assert "not" in cli.fails("appointment", "book", salon["cut"], "--staff", bob, "--start", at(10).isoformat(), "--name", "X", "--email", "x@example.com", codes=(1,))
    assert dump_database(cli.url) == before


@pytest.mark.parametrize(
    "args",
    [
        ("staff", "hours", "{anna}", "monday-ish", "09:00-12:00"),
        ("staff", "hours", "{anna}", "mon", "25:00-26:00"),
        ("staff", "hours", "{anna}", "mon", "12:00-09:00"),
        ("staff", "override", "{anna}", "2026-13-01"),
        ("company", "add", "Nowhere GmbH", "--timezone", "Mars/Olympus"),
        ("event-type", "add", "{company}", "--name", "X", "--duration", "0"),
        ("event-type", "add", "{company}", "--name", "X", "--duration", "30", "--price", "-5"),
        ("availability", "{cut}", "--from", "{monday}T10:00", "--to", "{monday}T12:00+01:00"),
        ("appointment", "cancel", "424242"),
        ("staff", "add", "424242", "--name", "Ghost"),
    ],
)
def test_bad_input_is_one_error_line_and_changes_nothing(cli, salon, args):
    before = dump_database(cli.url)
    cli.fails(*(a.format(**salon, monday=MONDAY) for a in args))
    assert dump_database(cli.url) == before
