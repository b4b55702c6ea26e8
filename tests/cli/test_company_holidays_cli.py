"""``company update --country --subdivision --holidays/--no-holidays`` and ``company holiday
list|open|close|clear`` (issue 17): a Berlin salon has no slot on Berlin's Women's Day 2027 and
``availability`` says why; the company's word per date wins, and bad input is one line with
nothing stored. ``--now`` and ``--year`` are given, so nothing depends on today."""

from __future__ import annotations

import pytest

from tests.cli.support import open_salon

WOMENS_DAY = "2027-03-08"  # a Monday, a public holiday in Berlin (DE-BE) only
NEXT_MONDAY = "2027-03-15"
NOW = "2027-03-01T08:00:00+01:00"


@pytest.fixture
def salon(cli):
    ids = open_salon(cli)
    cli.ok("company", "update", ids["company"], "--country", "de", "--subdivision", "be")
    return ids


def day(cli, salon, when: str, *extra: str):
    return cli.json(
        "availability", salon["cut"], "--from", f"{when}T00:00:00+01:00",
        "--to", f"{when}T23:59:00+01:00", "--now", NOW, *extra,
    )  # fmt: skip


def womens_day_reason(closed: dict) -> str:
    (reason,) = closed.values()
    assert reason.startswith("public holiday (") and "Frauentag" in reason, reason
    return reason


def test_a_holiday_has_no_slot_and_availability_says_why(cli, salon):
    shown = cli.json("company", "show", salon["company"])
    assert (shown["country"], shown["subdivision"], shown["closed_on_holidays"]) == ("DE", "BE", True)
    assert "holidays:           DE-BE, closed on public holidays" in cli.ok("company", "show", salon["company"])

    answer = day(cli, salon, WOMENS_DAY)
    assert answer["slots"] == [] and list(answer["closed"]) == [WOMENS_DAY]
    reason = womens_day_reason(answer["closed"])
    assert day(cli, salon, NEXT_MONDAY)["closed"] == {}
    assert len(day(cli, salon, NEXT_MONDAY)["slots"]) == 14  # 09:00-11:30 and 13:00-16:30

    plain = cli.ok(
        "availability", salon["cut"], "--from", f"{WOMENS_DAY}T00:00:00+01:00",
        "--to", f"{WOMENS_DAY}T23:59:00+01:00", "--now", NOW,
    )  # fmt: skip
    assert plain.splitlines()[-1] == f"{WOMENS_DAY} closed: {reason}"


def test_holiday_list_open_close_and_clear(cli, salon):
    company = salon["company"]
    listed = cli.json("company", "holiday", "list", company, "--year", 2027)
    dates = {d["date"]: d for d in listed["days"]}
    assert dates["2027-12-25"]["holiday"] == "Christmas Day / Erster Weihnachtstag"
    assert dates["2027-12-25"]["reason"] == "public holiday (Christmas Day / Erster Weihnachtstag)"
    assert dates[WOMENS_DAY]["closed"] is True and dates[WOMENS_DAY]["override"] is None

    opened = cli.ok("company", "holiday", "open", company, WOMENS_DAY)
    assert opened.strip().startswith(f"company {company} on {WOMENS_DAY} (") and opened.strip().endswith("): open")
    assert len(day(cli, salon, WOMENS_DAY)["slots"]) == 14
    closed = cli.json("company", "holiday", "close", company, NEXT_MONDAY)
    assert closed == {"date": NEXT_MONDAY, "holiday": None, "override": "closed", "closed": True,
                      "reason": "closed on this date"}
    assert day(cli, salon, NEXT_MONDAY) | {"slots": None} == {
        "event_type_id": salon["cut"], "fallback_used": False, "slots": None, "degraded": False,
        "closed": {NEXT_MONDAY: "closed on this date"},
    }
    table = cli.ok("company", "holiday", "list", company, "--year", 2027)
    row = next(line for line in table.splitlines() if line.startswith(NEXT_MONDAY))
    assert row.split() == [NEXT_MONDAY, "Mon", "-", "closed", "closed:", "closed", "on", "this", "date"]

    cleared = cli.ok("company", "holiday", "clear", company, WOMENS_DAY)
    assert cleared.strip().endswith(f"): closed: {dates[WOMENS_DAY]['reason']}")
    assert day(cli, salon, WOMENS_DAY)["slots"] == []

    cli.ok("company", "update", company, "--no-holidays")
    assert len(day(cli, salon, WOMENS_DAY)["slots"]) == 14
    assert day(cli, salon, NEXT_MONDAY)["slots"] == []  # the company's own closing day stays


def test_bad_input_is_one_line_and_nothing_is_stored(cli, salon):
    company = salon["company"]
    before = cli.json("company", "show", company)

    assert cli.fails("company", "update", company, "--country", "XX") == (
        "country 'XX' has no public holiday calendar (ISO 3166-1 codes like DE, GB)"
    )
    message = cli.fails("company", "update", company, "--subdivision", "Narnia")
    assert message.startswith("country DE has no subdivision 'Narnia' (known: BB, BE, BW, BY")
    assert cli.fails("company", "update", company, "--country", "Germany").endswith(
        "country 'Germany' is not a code like DE, GB (ISO 3166-1, two letters)"
    )
    assert cli.fails("company", "holiday", "open", company, NEXT_MONDAY) == (
        f"company {company}: {NEXT_MONDAY} is no public holiday in DE-BE; it is open anyway unless closed"
    )
    assert cli.fails("company", "holiday", "clear", company, NEXT_MONDAY) == (
        f"company {company}: nothing is said about {NEXT_MONDAY}"
    )
    assert "31.12.2027" in cli.fails("company", "holiday", "close", company, "31.12.2027", codes=(2,))
    assert cli.json("company", "show", company) == before
    assert cli.json("company", "holiday", "list", company, "--year", 2027)["days"] == [
        d for d in cli.json("company", "holiday", "list", company, "--year", 2027)["days"]
        if d["override"] is None
    ]
