"""``studiobook ask`` through the installed CLI (the ``run_cli`` fixture, via ``cli``).

"Now" is the real time (booking checks it against the system clock), so the days are computed
from it and the expected slots come from ``studiobook availability`` — nothing hard-coded.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.cli.support import dump_database

BERLIN = ZoneInfo("Europe/Berlin")
REQUEST_KEYS = {"intent", "service", "ambiguous_services", "staff", "unknown_staff", "date",
                "time_from", "time_to", "part_of_day", "asap"}
ANSWER_KEYS = {"kind", "text", "slots"}


@pytest.fixture
def salon(cli) -> dict:
    company = cli.new_id("company", "add", "Salon Anna", "--timezone", "Europe/Berlin")
    anna = cli.new_id("staff", "add", company, "--name", "Anna Schneider")
    cli.ok("staff", "hours", anna, "mon", "09:00-12:00", "13:00-17:00")
    men = cli.new_id("event-type", "add", company, "--name", "Herrenschnitt", "--duration", 30)
    women = cli.new_id("event-type", "add", company, "--name", "Damenschnitt", "--duration", 45)
    cli.ok("assign", anna, men)
    cli.ok("assign", anna, women)
    now = datetime.now(UTC).replace(microsecond=0)
    local = now.astimezone(BERLIN).date()
    monday = local + timedelta(days=(0 - local.weekday()) % 7 or 7)  # "am Montag": never today
    return {"company": company, "anna": anna, "men": men, "women": women, "now": now,
            "monday": monday}


def ask(cli, salon, text, *options):
    return cli.json("ask", salon["company"], text, "--now", salon["now"].isoformat(), *options)


def at(day, hour, minute=0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


def test_the_json_has_the_contract_shape_and_the_engines_slot(cli, salon):
    document = ask(cli, salon, "Hat Anna am Montag um 10 Uhr Zeit für einen Herrenschnitt?")
    request, answer = document["request"], document["answer"]
    assert REQUEST_KEYS <= set(request)
    assert ANSWER_KEYS <= set(answer)
    assert request["intent"] == "availability"
    assert request["service"] == {"id": salon["men"], "name": "Herrenschnitt"}
    assert request["staff"] == {"id": salon["anna"], "name": "Anna Schneider"}
    assert request["date"] == salon["monday"].isoformat()
    assert (request["time_from"], request["time_to"]) == ("10:00", "10:00")
    assert (request["part_of_day"], request["asap"], request["unknown_staff"]) == (None, False, None)

    monday = salon["monday"]
    engine = cli.json("availability", salon["men"], "--from", at(monday, 10).isoformat(),
                      "--to", at(monday, 10, 1).isoformat(), "--staff", salon["anna"],
                      "--now", salon["now"].isoformat())
    assert answer["kind"] == "slots"
    assert answer["slots"] == engine["slots"] and len(engine["slots"]) == 1
    assert datetime.fromisoformat(answer["slots"][0]["start"]) == at(monday, 10)


def test_ambiguity_is_a_question(cli, salon):
    answer = ask(cli, salon, "Haarschnitt am Montag?")["answer"]
    assert answer["kind"] == "question"
    assert answer["text"] == "Meinen Sie Herrenschnitt oder Damenschnitt?"
    assert answer["slots"] == []


def test_english_unknown_staff_and_a_part_of_the_day(cli, salon):
    document = ask(cli, salon, "Any slot for a men's cut with Jessica on Monday afternoon?")
    assert document["request"]["unknown_staff"] == "Jessica"
    assert document["request"]["part_of_day"] == "afternoon"
    assert document["answer"]["text"].startswith("I don't know anyone called Jessica here")
    starts = [datetime.fromisoformat(s["start"]).astimezone(BERLIN) for s in document["answer"]["slots"]]
    assert starts and all(s.date() == salon["monday"] and 12 <= s.hour < 17 for s in starts)


def test_booking_through_the_cli_takes_the_slot(cli, salon):
    text = "Bitte buchen Sie mir einen Herrenschnitt bei Anna am Montag um 14 Uhr"
    booked = ask(cli, salon, text, "--book", "--name", "Kim", "--email", "kim@example.com")["answer"]
    assert booked["kind"] == "booked"
    assert booked["appointment"]["staff_id"] == salon["anna"]
    assert datetime.fromisoformat(booked["appointment"]["start"]) == at(salon["monday"], 14)

    before = dump_database(cli.url)
    again = ask(cli, salon, text, "--book", "--name", "Lu")["answer"]
    assert again["kind"] != "booked" and again["appointment"] is None
    assert dump_database(cli.url) == before


def test_plain_output_and_bad_input(cli, salon):
    out = cli.ok("ask", salon["company"], "Hat Anna am Montag um 10 Uhr Zeit für einen Herrenschnitt?",
                 "--now", salon["now"].isoformat())
    assert "service: Herrenschnitt" in out
    assert "answer: Ja, Herrenschnitt am Montag" in out
    assert f"{salon['monday']:%Y-%m-%d} 10:00" in out  # the slot in local time

    assert "does not exist" in cli.fails("ask", 99999, "Herrenschnitt morgen?", codes=(1,))
    assert "IANA" in cli.fails("ask", salon["company"], "morgen", "--tz", "Mars/Olympus", codes=(2,))
    cli.fails("ask", salon["company"], "morgen", "--now", "2026-11-27T10:00", codes=(2,))
    assert "ask" in cli.ok("--help")


# -- issue 17: the answer side -------------------------------------------------------------------
def book_monday(cli, salon, hour, name="Kim Meyer", email="kim@example.com", service="men"):
    return cli.new_id("appointment", "book", salon[service], "--staff", salon["anna"],
                      "--start", at(salon["monday"], hour).isoformat(), "--name", name,
                      "--email", email)


def test_a_cancellation_finds_the_callers_appointment_by_email_and_cancels_with_book(cli, salon):
    appointment = book_monday(cli, salon, 10)
    text = "Ich möchte meinen Termin absagen"
    before = dump_database(cli.url)
    asked = ask(cli, salon, text, "--email", "KIM@example.com")["answer"]
    assert (asked["kind"], asked["appointment"]["id"]) == ("confirm", appointment)
    assert asked["text"].startswith(f"Ihr Termin: Herrenschnitt am Montag, {salon['monday']:%d.%m.%Y} "
                                    "um 10:00 bei Anna Schneider. Soll ich ihn absagen?")
    assert dump_database(cli.url) == before

    done = ask(cli, salon, text, "--book", "--name", "Kim Meyer")["answer"]
    assert (done["kind"], done["appointment"]["status"]) == ("cancelled", "cancelled")
    again = ask(cli, salon, text, "--book", "--name", "Kim Meyer")["answer"]
    assert (again["kind"], again["text"]) == ("none", "Unter Kim Meyer finde ich keinen kommenden Termin.")


def test_a_staff_member_without_the_service_and_the_default_service(cli, salon):
    mehmet = cli.new_id("staff", "add", salon["company"], "--name", "Mehmet Yılmaz")
    cli.ok("staff", "hours", mehmet, "mon", "09:00-17:00")
    cli.ok("assign", mehmet, salon["men"])
    answer = ask(cli, salon, "Hat Mehmet am Montag um 9 Uhr Zeit für einen Damenschnitt?")["answer"]
    assert answer["text"].startswith("Mehmet Yılmaz bietet Damenschnitt nicht an; Damenschnitt "
                                     "bietet Anna Schneider an. Ja, Damenschnitt am Montag")
    assert [s["staff"] for s in answer["slots"]] == [[salon["anna"]]]

    cli.ok("event-type", "update", salon["women"], "--default")
    assumed = ask(cli, salon, "Hat Anna am Montag um 9 Uhr Zeit?")["answer"]
    assert assumed["assumed_service"] and assumed["event_type_id"] == salon["women"]
    assert assumed["text"].startswith("Sie haben keine Leistung genannt; ich gehe von Damenschnitt aus.")


def test_price_and_duration_questions_end_to_end(cli, salon):
    cli.ok("event-type", "update", salon["men"], "--price", "28.00")
    cli.ok("assign", salon["anna"], salon["men"], "--price", "31.50")
    price = ask(cli, salon, "Was kostet ein Herrenschnitt bei Anna?")
    assert price["request"]["intent"] == "price"
    assert price["answer"]["text"] == "Herrenschnitt kostet 28,00 €; bei Anna Schneider 31,50 €."
    assert price["answer"]["price"] == "31.50"
    duration = ask(cli, salon, "How long does a women's cut take?")
    assert duration["request"]["intent"] == "duration"
    assert duration["answer"]["text"] == "Damenschnitt takes 45 minutes."


def test_a_reschedule_end_to_end(cli, salon):
    appointment = book_monday(cli, salon, 10)
    moved = ask(cli, salon, "Kann ich meinen Termin auf Montag um 15 Uhr verschieben?", "--book",
                "--email", "kim@example.com")
    assert moved["request"]["intent"] == "reschedule"
    assert (moved["answer"]["kind"], moved["answer"]["appointment"]["id"]) == ("rescheduled", appointment)
    assert datetime.fromisoformat(moved["answer"]["appointment"]["start"]) == at(salon["monday"], 15)


def test_the_customer_named_in_the_text_end_to_end(cli, salon):
    appointment = book_monday(cli, salon, 11)
    answer = ask(cli, salon, "Bitte sagen Sie den Termin von kim@example.com ab")
    assert answer["request"]["customer"] == "kim@example.com"
    assert (answer["answer"]["kind"], answer["answer"]["appointment"]["id"]) == ("confirm", appointment)


def test_staff_alternatives_end_to_end(cli, salon):
    mehmet = cli.new_id("staff", "add", salon["company"], "--name", "Mehmet Yılmaz")
    cli.ok("staff", "hours", mehmet, "mon", "09:00-17:00")
    cli.ok("assign", mehmet, salon["men"])
    book_monday(cli, salon, 10, name="Lu", email="lu@example.com")  # Anna is taken at 10
    booked = ask(cli, salon, "Herrenschnitt am Montag um 10 Uhr, Anna oder Mehmet, egal", "--book",
                 "--name", "Kim")
    assert booked["request"]["staff_alternatives"] == ["Anna Schneider", "Mehmet Yılmaz"]
    assert (booked["answer"]["kind"], booked["answer"]["appointment"]["staff_id"]) == ("booked", mehmet)


def test_the_weekend_end_to_end(cli, salon):
    cli.ok("staff", "hours", salon["anna"], "sat", "09:00-12:00")
    document = ask(cli, salon, "Hat Anna am Wochenende Zeit für einen Herrenschnitt?")
    request, answer = document["request"], document["answer"]
    first = date.fromisoformat(request["date"])
    # Said on a Sunday, the weekend is that day alone (no date_to; the leap-day pass found it).
    last = date.fromisoformat(request["date_to"]) if request["date_to"] else first
    assert last.weekday() == 6 and last - first <= timedelta(days=1)
    starts = [datetime.fromisoformat(s["start"]).astimezone(BERLIN) for s in answer["slots"]]
    if answer["kind"] == "slots":  # (none left when asked on a Saturday afternoon)
        assert starts and all(s.date().weekday() == 5 and first <= s.date() for s in starts)
