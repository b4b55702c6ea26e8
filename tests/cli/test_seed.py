"""``studiobook seed`` through the CLI: the demo data on an empty database, idempotence, one
industry alone, the usage error (the progress bar on a terminal: tests/e2e)."""

from __future__ import annotations

from studiobook.application.admin.demo_data import INDUSTRIES
from tests.cli.support import assert_no_traceback, dump_database

EXPECTED_COUNTS = {  # branches, services, staff
    "hair": (3, 10, 5),
    "doctor": (2, 8, 4),
    "fitness": (3, 10, 5),
}


def shape(industry: dict) -> tuple[int, int, int]:
    counts = industry["counts"]
    return counts["branches"], counts["event_types"], counts["staff"]


def test_seed_on_an_empty_database_then_again_creates_nothing(cli):
    first = cli.json("seed")

    assert first["created_anything"] is True
    industries = {i["industry"]: i for i in first["industries"]}
    assert {key: shape(i) for key, i in industries.items()} == EXPECTED_COUNTS
    for key, industry in industries.items():
        assert industry["company_created"] is True and isinstance(industry["company_id"], int)
        assert len(industry["created"]["appointments"]) == len(INDUSTRIES[key].appointments)
        assert industry["counts"]["courses"] == len(INDUSTRIES[key].courses) > 0
        assert industry["counts"]["bookings"] > 0
    assert industries["fitness"]["counts"]["waitlist"] == 2
    before = dump_database(cli.url)

    again = cli.json("seed")

    assert again["created_anything"] is False
    for industry in again["industries"]:
        assert industry["company_id"] == industries[industry["industry"]]["company_id"]
        assert not any(industry["counts"].values()), industry
        assert not any(industry["created"].values()), industry
    assert dump_database(cli.url) == before


def test_seed_industry_hair_makes_only_the_salon(cli):
    result = cli("seed", "--industry", "hair")

    assert_no_traceback(result)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    [line] = result.stdout.splitlines()
    assert line.startswith("hair: Salon Haarmonie (Demo)") and "10 services" in line
    titles = {c["title"] for c in cli.json("course", "list")}
    assert titles == {c.title for c in INDUSTRIES["hair"].courses}
    assert "already seeded, nothing created" in cli.ok("seed", "--industry", "hair")

    rest = {i["industry"]: i["created_anything"] for i in cli.json("seed")["industries"]}

    assert rest == {"hair": False, "doctor": True, "fitness": True}


def test_a_bad_industry_is_a_usage_error(cli):
    message = cli.fails("seed", "--industry", "dentist", codes=(2,))

    assert "dentist" in message and "hair" in message


def test_the_choices_of_the_command_are_the_demo_industries():
    from studiobook.entrypoints.cli.seed import INDUSTRY_CHOICES

    assert INDUSTRY_CHOICES == tuple(INDUSTRIES)
