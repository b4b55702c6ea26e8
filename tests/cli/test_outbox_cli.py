"""``studiobook outbox list|resend|send``, in this process, on the real clock (dates from today)
and the development notifier (``.eml`` files in ./outbox of the test's folder)."""

from __future__ import annotations

from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from studiobook.adapters.sql.tables import outbox
from tests.cli.support import Cli
from tests.real_time import coming, wall

BERLIN = ZoneInfo("Europe/Berlin")


def a_booking(cli: Cli) -> int:
    company = cli.new_id("company", "add", "Box Nord", "--timezone", "Europe/Berlin")
    day = coming("tue", BERLIN)
    course = cli.new_id(
        "course", "add", "--title", "WOD", "--capacity", 4, "--company", company,
        "--starts", wall(day, 18, 0, BERLIN).isoformat(),
        "--ends", wall(day, 19, 0, BERLIN).isoformat(),
    )  # fmt: skip
    return cli.new_id("booking", "add", course, "--name", "Ada", "--email", "ada@example.org")


def test_a_booking_waits_in_the_outbox_until_send_delivers_it(cli, tmp_path):
    a_booking(cli)
    listed = cli.json("outbox", "list")
    assert listed["counts"] == {"pending": 1, "sent": 0, "failed": 0}
    [message] = listed["messages"]
    assert (message["kind"], message["recipient"], message["language"]) == (
        "booking_confirmed", "ada@example.org", "de"
    )
    assert "manage" not in str(message)

    assert cli.json("outbox", "send") == {"sent": 1, "retrying": 0, "failed": 0, "taken": 0}
    [written] = (tmp_path / "outbox").glob("*.eml")
    mail = message_from_bytes(written.read_bytes(), policy=policy.default)
    assert str(mail["Subject"]).startswith("Buchung bestätigt: WOD")
    assert "/book/box-nord/manage/" in mail.get_body(("plain",)).get_content()
    assert [m["status"] for m in cli.json("outbox", "list", "--status", "sent")["messages"]] == [
        "sent"
    ]
    assert "sent" in cli.ok("outbox", "list") and cli.json("outbox", "send")["sent"] == 0


def test_resend_queues_a_given_up_message_and_refuses_anything_else(cli):
    a_booking(cli)
    [message] = cli.json("outbox", "list")["messages"]
    assert "not a given-up message" in cli.fails("outbox", "resend", message["id"])
    engine = sa.create_engine(cli.url)
    try:
        with engine.begin() as connection:  # as a mail server refusing it for good leaves it
            connection.execute(sa.update(outbox).values(status="failed", last_error="550 no"))
    finally:
        engine.dispose()
    [failed] = cli.json("outbox", "list", "--status", "failed")["messages"]
    assert failed["last_error"] == "550 no"
    assert "not a given-up message" in cli.fails("outbox", "resend", message["id"], "--company", 999)

    assert cli.json("outbox", "resend", message["id"]) == {"id": message["id"], "status": "pending"}
    assert cli.json("outbox", "send")["sent"] == 1
    [audited] = cli.json("audit", "--entity", "outbox_message")
    assert audited["action"] == "resend"


def test_outbox_is_a_listed_command(cli):
    assert "outbox" in cli.ok("--help")
