"""The WODIFY sync (application/members/wodify_sync.py) end to end: the real container on SQLite and PostgreSQL,
real HTTP to the fake WODIFY on 127.0.0.1 (no mocked httpx), a fake clock for the hourly limit.

What ISSUE 4 asks to be shown: 250 clients over 3 pages; a re-sync with nothing changed writes no
row; WODIFY wins every conflict; each injected fault either finishes or stops cleanly, loses
nothing already stored, leaves its reason in the status, and the next sync completes; the hourly
limit and ``force``; status read by a new process; the key in no output; the member_synced hook;
pages streamed, not collected.
"""

from __future__ import annotations

import dataclasses
import gc
import json
import logging
import os
import subprocess
import sys
import textwrap
import time
import tracemalloc
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, text

from studiobook.adapters.fakes.wodify import FakeWodify
from studiobook.adapters.wodify import mapping
from studiobook.application.hookspecs import hookimpl
from studiobook.domain.members.member import MembershipStatus
from tests.databases import engines, fresh_database
from tests.fakes import FakeClock
from tests.integration.wodify_support import (
    ATTEMPTS,
    POLICY,
    Sleeps,
    all_remote,
    build_wired,
    counting_writes,
    gateway_for,
    stored_lead,
    stored_member,
    table_rows,
    use_gateway,
)

REPO = Path(__file__).resolve().parents[2]
PAGE_2_CLIENT = 1150  # the 150th client: page 2 of 3 at 100 a page
PAGE_3_CLIENT = 1240


@pytest.fixture(scope="module", params=engines())
def migrated_database(request, tmp_path_factory):
    """One migrated database per engine for this module."""
    from studiobook.application.container import build_container
    from studiobook.application.settings import Settings

    with fresh_database(request.param, tmp_path_factory.mktemp("sync")) as url:
        store = build_container(Settings(database_url=url, load_entry_points=False)).store()
        store.ensure_schema()
        store.dispose()
        yield url


@pytest.fixture
def database_url(migrated_database):
    """Overrides conftest's: the module's database of each engine, emptied before every test.
    Creating and migrating a database per test would cost most of this file's run time."""
    from studiobook.adapters.sql.tables import metadata

    engine = create_engine(migrated_database)
    try:
        with engine.begin() as connection:
            for table in reversed(metadata.sorted_tables):
                connection.execute(table.delete())
    finally:
        engine.dispose()
    return migrated_database


@pytest.fixture
def fake():
    with FakeWodify(clients=250, leads=40) as running:
        yield running


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def wired(database_url, fake, clock, sleeps):
    container = build_wired(database_url, fake, clock)
    gateway = gateway_for(fake, sleeps)
    use_gateway(container, gateway)
    yield container
    gateway.close()
    container.store().dispose()


@pytest.fixture
def sync(wired):
    return wired.wodify_sync()


@pytest.fixture
def writes(wired):
    with counting_writes(wired.store().engine) as spy:
        yield spy


def counts(result) -> tuple:
    return (result.outcome, result.created, result.updated, result.unchanged, result.errors)


def later(clock: FakeClock) -> None:
    """Past the hourly limit."""
    clock.advance(minutes=61)


# -- members: created, unchanged, changed, conflicts -------------------------------------------
def test_250_clients_over_3_pages_are_created_as_wodify_has_them(sync, wired, fake, sleeps, clock):
    result = sync.run("members")

    assert counts(result) == ("ok", 250, 0, 0, 0)
    assert [r.query["page"] for r in fake.requests if r.path == "/clients"] == ["1", "2", "3"]
    with gateway_for(fake, sleeps) as reader:
        remote = all_remote(reader.list_members)
    local = wired.transactions().read(lambda uow: uow.members.list(limit=1000))
    assert len(local) == 250
    assert {m.client_id: m for m in local} == remote  # every field, all three pages
    assert {row["stored_at"] for row in table_rows(wired, "members").values()} == {clock.now()}
    status = sync.status(check_health=False)
    assert (status.last_members.outcome, status.last_members.created) == ("ok", 250)
    assert status.last_members.finished_at == clock.now()
    assert (status.recent_errors, status.error_total) == ([], 0)


def test_a_resync_with_nothing_changed_writes_no_row(sync, wired, clock, writes):
    sync.run("members")
    assert writes.rows["members"] == 250  # the spy sees the writes it must count
    before = table_rows(wired, "members")
    writes.clear()
    later(clock)

    result = sync.run("members")

    assert counts(result) == ("ok", 0, 0, 250, 0)
    assert writes.rows["members"] == 0, writes.statements
    assert table_rows(wired, "members") == before  # stored_at included: nothing was rewritten


def test_a_changed_client_on_page_2_is_updated_with_the_new_values(sync, wired, fake, clock, writes):
    sync.run("members")
    first_write = clock.now()
    changed = fake.change_client(
        PAGE_2_CLIENT,
        email="neu.adresse@example.de",
        last_name="Groß-Müller",
        membership={"status": "on_hold", "monthly_price": "42.50", "type": "Open Gym"},
    )
    writes.clear()
    later(clock)

    result = sync.run("members")

    assert counts(result) == ("ok", 0, 1, 249, 0)
    assert writes.rows["members"] == 1
    member = stored_member(wired, PAGE_2_CLIENT)
    assert (member.email, member.last_name) == ("neu.adresse@example.de", "Groß-Müller")
    assert member.membership.status is MembershipStatus.ON_HOLD
    assert member.membership.monthly_price == Decimal("42.50")
    assert member.membership.membership_type == "Open Gym"
    assert member.updated_at.isoformat().replace("+00:00", "Z") == changed["updated_at"]
    rows = table_rows(wired, "members")
    assert rows[str(PAGE_2_CLIENT)]["stored_at"] == clock.now()
    assert {r["stored_at"] for k, r in rows.items() if k != str(PAGE_2_CLIENT)} == {first_write}


def test_a_conflicting_local_edit_is_overwritten_by_the_next_sync(sync, wired, fake, clock):
    """The edit goes through the repository, as the product's own writes do (a membership
    change): the copy loses its content hash, so the next sync compares it although WODIFY's
    record did not change. (A raw SQL edit that kept the hash would be left alone until WODIFY
    changes the record.)"""
    sync.run("members")
    wodify_side = stored_member(wired, 1005)
    local = dataclasses.replace(
        wodify_side,
        first_name="Lokal",
        email="local@edit.example",
        phone=None,
        membership=dataclasses.replace(
            wodify_side.membership, status=MembershipStatus.EXPIRED,
            monthly_price=Decimal("1.00"), membership_type="Local", end_date=date(2030, 1, 1),
        ),  # fmt: skip
        updated_at=wodify_side.updated_at - timedelta(days=9000),
    )
    old = clock.now() - timedelta(days=9000)
    wired.transactions().write(lambda uow, events: uow.members.replace_many([local], old))
    assert stored_member(wired, 1005).email == "local@edit.example"
    later(clock)

    result = sync.run("members")

    assert counts(result) == ("ok", 0, 1, 249, 0)
    assert stored_member(wired, 1005) == wodify_side  # every field, updated_at included
    assert wodify_side.updated_at.isoformat().replace("+00:00", "Z") == fake.client(1005)["updated_at"]
    assert table_rows(wired, "members")["1005"]["stored_at"] == clock.now()


# -- leads -------------------------------------------------------------------------------------
@pytest.fixture
def mapped(monkeypatch):
    """The WODIFY records the sync maps to domain values (their ids), in order."""
    from studiobook.application.members.ports import Received

    ids: list[str] = []
    real = Received.mapped

    def spy(self):
        ids.append(self.record_id)
        return real(self)

    monkeypatch.setattr(Received, "mapped", spy)
    return ids


def test_an_unchanged_resync_maps_no_record_and_a_changed_one_only_that_record(
    sync, wired, fake, clock, writes, mapped
):
    sync.run("members")
    assert len(mapped) == 250  # the spy sees every record of a first import
    before = table_rows(wired, "members")
    assert all(row["content_hash"] for row in before.values())
    mapped.clear()
    writes.clear()
    later(clock)

    result = sync.run("members")

    assert counts(result) == ("ok", 0, 0, 250, 0)
    assert (mapped, writes.rows["members"]) == ([], 0), writes.statements
    assert table_rows(wired, "members") == before

    fake.change_client(PAGE_3_CLIENT, first_name="Renamed")
    later(clock)

    result = sync.run("members")

    assert counts(result) == ("ok", 0, 1, 249, 0)
    assert mapped == [str(PAGE_3_CLIENT)]
    assert writes.rows["members"] == 1
    assert stored_member(wired, PAGE_3_CLIENT).first_name == "Renamed"
    rows = table_rows(wired, "members")
    assert rows[str(PAGE_3_CLIENT)]["content_hash"] != before[str(PAGE_3_CLIENT)]["content_hash"]


def test_copies_without_a_hash_are_compared_once_then_hashed(
    sync, wired, fake, clock, writes, mapped
):
    """As after the migration that added the hashes: the first sync compares every copy field
    by field — writing no field, counting them unchanged — and stores their hashes; a copy that
    differs is updated; the sync after that maps nothing."""
    sync.run("members")
    hashed = table_rows(wired, "members")
    with wired.store().engine.begin() as connection:
        connection.execute(text("UPDATE members SET content_hash = NULL"))
    fake.change_client(PAGE_2_CLIENT, email="after.migration@example.de")
    mapped.clear()
    writes.clear()
    later(clock)

    result = sync.run("members")

    assert counts(result) == ("ok", 0, 1, 249, 0)
    assert len(mapped) == 250
    assert stored_member(wired, PAGE_2_CLIENT).email == "after.migration@example.de"
    rows = table_rows(wired, "members")
    unchanged = {key: row for key, row in rows.items() if key != str(PAGE_2_CLIENT)}
    assert unchanged == {key: hashed[key] for key in unchanged}  # fields, stored_at and hash
    before = hashed[str(PAGE_2_CLIENT)]["content_hash"]
    assert rows[str(PAGE_2_CLIENT)]["content_hash"] not in (None, before)
    mapped.clear()
    writes.clear()
    later(clock)

    assert counts(sync.run("members")) == ("ok", 0, 0, 250, 0)
    assert (mapped, writes.rows["members"]) == ([], 0)


def test_leads_are_created_then_left_alone_then_updated(sync, wired, fake, sleeps, clock, writes):
    result = sync.run("leads")

    assert counts(result) == ("ok", 40, 0, 0, 0)
    with gateway_for(fake, sleeps) as reader:
        remote = all_remote(reader.list_leads)
    local = wired.transactions().read(lambda uow: uow.leads.list(limit=1000))
    assert {lead.lead_id: lead for lead in local} == remote
    assert writes.rows == {"members": 0, "leads": 40}

    writes.clear()
    later(clock)
    assert counts(sync.run("leads")) == ("ok", 0, 0, 40, 0)
    assert writes.rows == {"members": 0, "leads": 0}

    fake.change_lead(9003, status="trial", notes="Probetraining am Samstag")
    later(clock)
    assert counts(sync.run("leads")) == ("ok", 0, 1, 39, 0)
    assert writes.rows == {"members": 0, "leads": 1}
    lead = stored_lead(wired, 9003)
    assert (lead.status.value, lead.notes) == ("trial", "Probetraining am Samstag")
    status = sync.status(check_health=False)
    assert (status.last_leads.updated, status.last_leads.unchanged) == (1, 39)
    assert status.last_members is None


# -- injected faults ---------------------------------------------------------------------------
def test_429_with_retry_after_is_waited_out_and_the_sync_completes(wired, fake):
    real = Sleeps(real=True)
    with gateway_for(fake, real) as gateway:
        use_gateway(wired, gateway)
        fake.rate_limit_next(2, retry_after=0.2, path="/clients")
        started = time.monotonic()

        result = wired.wodify_sync().run("members")

    assert counts(result) == ("ok", 250, 0, 0, 0)
    assert real == [0.2, 0.2]  # exactly what Retry-After said, not the backoff
    assert time.monotonic() - started >= 0.4
    assert [r.status for r in fake.requests if r.path == "/clients"] == [429, 429, 200, 200, 200]
    assert wired.wodify_sync().status(check_health=False).recent_errors == []


def test_a_retry_after_beyond_the_cap_stops_the_sync_cleanly(sync, wired, fake, sleeps):
    def after_page(done: int, total: int) -> None:
        if done == 100:  # page 1 is committed; WODIFY now asks for two minutes' patience
            fake.rate_limit_next(1, retry_after=120, path="/clients")

    result = sync.run("members", progress=after_page)

    assert counts(result) == ("failed", 100, 0, 0, 1)
    assert sleeps == []  # not slept through
    assert len(table_rows(wired, "members")) == 100
    (error,) = sync.status(check_health=False).recent_errors
    assert error.record_id is None
    assert "page 2" in error.reason and "HTTP 429" in error.reason
    assert counts(sync.run("members")) == ("ok", 150, 0, 100, 0)  # the failure did not block it


def test_a_500_on_a_page_is_retried_and_the_sync_completes(sync, wired, fake, sleeps):
    fake.fail_page("clients", 2)

    result = sync.run("members")

    assert counts(result) == ("ok", 250, 0, 0, 0)
    assert [(r.query["page"], r.status) for r in fake.requests if r.path == "/clients"] == [
        ("1", 200),
        ("2", 500),
        ("2", 200),
        ("3", 200),
    ]
    assert len(sleeps) == 1
    assert len(table_rows(wired, "members")) == 250
    assert sync.status(check_health=False).error_total == 0


def test_a_page_that_keeps_failing_stops_the_sync_and_keeps_the_pages_before(sync, wired, fake, clock):
    fake.fail_page("clients", 2, times=ATTEMPTS)

    result = sync.run("members")

    assert counts(result) == ("failed", 100, 0, 0, 1)
    assert "page 2" in result.message
    assert sorted(table_rows(wired, "members")) == [str(i) for i in range(1001, 1101)]
    assert fake.count("GET", "/clients") == 1 + ATTEMPTS  # page 3 was not asked for
    status = sync.status(check_health=False)
    assert (status.last_members.outcome, status.last_members.created) == ("failed", 100)
    assert status.last_members.finished_at == clock.now()
    (error,) = status.recent_errors
    assert (error.kind, error.record_id, error.run_id) == ("members", None, result.run_id)
    assert "page 2" in error.reason and "injected fault 500" in error.reason and "HTTP 500" in error.reason

    clock.advance(minutes=1)
    following = sync.run("members", force=True)

    assert counts(following) == ("ok", 150, 0, 100, 0)
    assert len(table_rows(wired, "members")) == 250
    assert sync.status(check_health=False).last_members.outcome == "ok"


def test_a_failed_sync_over_stored_data_deletes_and_blanks_nothing(sync, wired, fake, clock):
    sync.run("members")
    before = table_rows(wired, "members")
    fake.change_client(1050, first_name="Seite-Eins")
    fake.change_client(PAGE_3_CLIENT, first_name="Seite-Drei")
    fake.fail_page("clients", 2, times=ATTEMPTS)
    later(clock)

    result = sync.run("members")

    assert counts(result) == ("failed", 0, 1, 99, 1)
    after = table_rows(wired, "members")
    assert after.keys() == before.keys()
    assert after["1050"]["first_name"] == "Seite-Eins"  # page 1 was committed before the failure
    assert {k: v for k, v in after.items() if k != "1050"} == {
        k: v for k, v in before.items() if k != "1050"
    }  # pages 2 and 3: untouched, not blanked
    assert stored_member(wired, PAGE_3_CLIENT).first_name != "Seite-Drei"

    clock.advance(minutes=1)
    assert counts(sync.run("members", force=True)) == ("ok", 0, 1, 249, 0)
    assert stored_member(wired, PAGE_3_CLIENT).first_name == "Seite-Drei"


def test_a_slow_page_past_the_timeout_is_retried_or_stops_the_sync_cleanly(wired, fake, clock):
    impatient = Sleeps()
    # 1 s is the client's patience here; the fake answers page 2 after 3 s.
    two_tries = dataclasses.replace(POLICY, attempts=2)
    with gateway_for(fake, impatient, timeout=1.0, retry=two_tries) as gateway:
        use_gateway(wired, gateway)
        sync = wired.wodify_sync()
        fake.slow_next(2, seconds=3.0, method="GET", path="/clients", page=2)
        started = time.monotonic()

        failed = sync.run("members")

        assert time.monotonic() - started < 2 * 3.0  # gave up at the timeout, not the answer
        assert counts(failed) == ("failed", 100, 0, 0, 1)
        (error,) = sync.status(check_health=False).recent_errors
        assert "page 2" in error.reason and "no answer in time" in error.reason
        assert len(table_rows(wired, "members")) == 100

        fake.slow_next(1, seconds=3.0, method="GET", path="/clients", page=2)
        clock.advance(minutes=1)
        completed = sync.run("members")

    assert counts(completed) == ("ok", 150, 0, 100, 0)
    assert [r.query["page"] for r in fake.requests if r.path == "/clients"][-4:] == ["1", "2", "2", "3"]


def test_malformed_json_stops_the_sync_cleanly_and_the_next_one_completes(sync, wired, fake, clock):
    fake.malformed_next(1, method="GET", path="/clients", page=3)

    result = sync.run("members")

    assert counts(result) == ("failed", 200, 0, 0, 1)
    assert len(table_rows(wired, "members")) == 200
    (error,) = sync.status(check_health=False).recent_errors
    assert "page 3" in error.reason and "not valid JSON" in error.reason

    clock.advance(minutes=1)
    assert counts(sync.run("members")) == ("ok", 50, 0, 200, 0)


def test_an_invalid_record_is_rejected_with_its_id_and_reason_and_the_rest_stored(
    sync, wired, fake, clock
):
    fake.corrupt_client(PAGE_2_CLIENT, "negative_price")

    result = sync.run("members")

    assert counts(result) == ("partial", 249, 0, 0, 1)
    assert "1 record(s) rejected" in result.message
    rows = table_rows(wired, "members")
    assert len(rows) == 249 and str(PAGE_2_CLIENT) not in rows
    (error,) = sync.status(check_health=False).recent_errors
    assert (error.record_id, error.kind) == (str(PAGE_2_CLIENT), "members")
    assert "monthly price -10.00 is negative" in error.reason
    assert sync.status(check_health=False).last_members.outcome == "partial"

    # Fixed in WODIFY, it comes in; a stored member that turns bad keeps its good local copy.
    fake.change_client(PAGE_2_CLIENT, membership={"monthly_price": "49.00"})
    good_copy = stored_member(wired, PAGE_3_CLIENT)
    fake.corrupt_client(PAGE_3_CLIENT, "bad_email")
    later(clock)

    again = sync.run("members")

    assert counts(again) == ("partial", 1, 0, 248, 1)
    assert stored_member(wired, PAGE_2_CLIENT).monthly_price == Decimal("49.00")
    assert stored_member(wired, PAGE_3_CLIENT) == good_copy
    status = sync.status(check_health=False)
    assert [e.record_id for e in status.recent_errors] == [str(PAGE_3_CLIENT), str(PAGE_2_CLIENT)]
    assert "not a valid e-mail address" in status.recent_errors[0].reason
    assert status.error_total == 2


# -- the hourly limit ------------------------------------------------------------------------------
def test_a_second_sync_within_the_hour_is_skipped_with_a_message_unless_forced(sync, fake, clock):
    first = sync.run("members")
    clock.advance(minutes=59)
    requests_before = fake.count()

    skipped = sync.run("members")

    assert skipped.skipped and skipped.outcome == "skipped"
    assert "next one allowed" in skipped.message and "--force" in skipped.message
    assert fake.count() == requests_before  # WODIFY was not asked
    assert sync.status(check_health=False).last_members.id == first.run_id  # no run recorded
    assert [r.outcome for r in sync.run_all()] == ["skipped", "ok"]  # leads never ran

    forced = sync.run("members", force=True)

    assert counts(forced) == ("ok", 0, 0, 250, 0)
    clock.advance(minutes=59)
    assert sync.run("members").skipped  # the hour counts from the forced run
    clock.advance(minutes=2)
    assert counts(sync.run("members")) == ("ok", 0, 0, 250, 0)


def test_a_failed_sync_does_not_block_the_next_one(sync, fake, clock):
    fake.fail_next(ATTEMPTS, 503, path="/clients")
    assert counts(sync.run("members")) == ("failed", 0, 0, 0, 1)
    clock.advance(minutes=1)

    result = sync.run("members")

    assert counts(result) == ("ok", 250, 0, 0, 0)


# -- status in another process ---------------------------------------------------------------------
STATUS_SCRIPT = textwrap.dedent(
    """
    import dataclasses, json
    from studiobook.application.container import build_container
    from studiobook.application.settings import Settings

    container = build_container(Settings.from_env())
    status = container.wodify_sync().status()
    print(json.dumps(dataclasses.asdict(status), default=str))
    """
)


def test_the_status_is_read_back_by_a_new_process(sync, fake, database_url, clock):
    fake.corrupt_client(1007, "bad_date")
    sync.run("members")
    clock.advance(minutes=5)
    sync.run("leads")
    env = {
        **os.environ,
        "STUDIOBOOK_DATABASE_URL": database_url,
        "STUDIOBOOK_LOAD_PLUGINS": "0",
        "WODIFY_API_URL": fake.url,
        "WODIFY_API_KEY": fake.api_key,
        "WODIFY_LOCATION_ID": fake.location_id,
    }

    done = subprocess.run(
        [sys.executable, "-c", STATUS_SCRIPT],
        capture_output=True, text=True, cwd=REPO, env=env, timeout=60,
    )

    assert done.returncode == 0, done.stderr
    status = json.loads(done.stdout)
    assert status["health"] == "healthy"
    members, leads = status["last_members"], status["last_leads"]
    assert (members["outcome"], members["created"], members["errors"]) == ("partial", 249, 1)
    assert members["started_at"] == str(clock.now() - timedelta(minutes=5))  # stored, not "now"
    assert (leads["outcome"], leads["created"], leads["unchanged"]) == ("ok", 40, 0)
    assert status["error_total"] == 1
    (error,) = status["recent_errors"]
    assert error["record_id"] == "1007"
    assert "start_date '31.12.2025' is not a date" in error["reason"]
    assert fake.api_key not in done.stdout + done.stderr


def test_the_status_keeps_the_ten_most_recent_errors_and_the_total(sync, fake, clock):
    for n in range(12):
        fake.corrupt_client(1001 + n, "bad_email")
    sync.run("members")
    clock.advance(minutes=1)
    fake.fail_next(ATTEMPTS, 503, path="/leads")
    sync.run("leads")

    status = sync.status(check_health=False)

    assert status.error_total == 13
    assert len(status.recent_errors) == 10
    assert status.recent_errors[0].kind == "leads"  # newest first
    assert [e.record_id for e in status.recent_errors[1:]] == [str(i) for i in range(1012, 1003, -1)]


# -- the key stays secret --------------------------------------------------------------------------
def test_the_api_key_never_appears_in_logs_output_results_or_the_stored_status(
    wired, fake, clock, caplog, capsys
):
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "studiobook", "studiobook.wodify", "studiobook.sync"):
        caplog.set_level(logging.DEBUG, logger=name)
    sync = wired.wodify_sync()
    seen: list[str] = [repr(sync), repr(wired.membership_gateway())]

    fake.rate_limit_next(1, retry_after=0.01, path="/clients")
    fake.fail_page("clients", 2)
    seen.append(repr(sync.run("members")))
    fake.fail_next(ATTEMPTS, 503, path="/leads", message=f"upstream said: key {fake.api_key} is bad")
    seen.append(repr(sync.run("leads")))
    fake.malformed_next(1, method="GET", path="/clients", page=2)
    fake.corrupt_client(1003, "bad_email")
    clock.advance(minutes=61)
    seen.append(repr(sync.run("members")))
    fake.rate_limit_next(1, retry_after=600, path="/leads")
    seen.append(repr(sync.run_all(force=True)))
    status = sync.status()
    seen.append(repr(status))
    with wired.store().engine.connect() as connection:
        for table in ("sync_runs", "sync_errors"):
            seen.append(repr(connection.execute(text(f"SELECT * FROM {table}")).all()))

    out = capsys.readouterr()
    everything = "\n".join([*seen, caplog.text, out.out, out.err])
    assert "HTTP Request: GET" in caplog.text and "WODIFY GET /clients" in caplog.text
    assert "upstream said: key *** is bad" in everything  # the echoed key was blanked ...
    assert fake.api_key not in everything  # ... and appears nowhere
    assert status.error_total >= 3


# -- the member_synced hook ------------------------------------------------------------------------
class Listener:
    def __init__(self, fail: bool = False) -> None:
        self.calls: list[tuple[str, bool, str]] = []
        self.fail = fail

    @hookimpl
    def studiobook_member_synced(self, member, created):
        self.calls.append((member.client_id, created, member.first_name))
        if self.fail:
            raise RuntimeError(f"listener broke on {member.client_id}")


@pytest.fixture
def with_plugins(database_url, fake, clock, sleeps):
    made = []

    def wire(*plugins):
        container = build_wired(database_url, fake, clock, plugins)
        gateway = gateway_for(fake, sleeps)
        use_gateway(container, gateway)
        made.append((container, gateway))
        return container

    yield wire
    for container, gateway in made:
        gateway.close()
        container.store().dispose()


def test_member_synced_fires_once_per_created_or_updated_member(with_plugins, fake, clock):
    listener = Listener()
    sync = with_plugins(listener).wodify_sync()

    sync.run("members")

    assert len(listener.calls) == 250
    assert {c[0] for c in listener.calls} == {str(i) for i in fake.client_ids()}
    assert {c[1] for c in listener.calls} == {True}
    listener.calls.clear()
    later(clock)
    assert counts(sync.run("members")) == ("ok", 0, 0, 250, 0)
    assert listener.calls == []  # unchanged members are not announced

    fake.change_client(1002, first_name="Zweite")
    fake.change_client(PAGE_3_CLIENT, first_name="Dritte")
    fake.add_client(first_name="Neu")
    later(clock)
    sync.run("members")
    sync.run("leads")

    assert sorted(listener.calls) == [
        ("1002", False, "Zweite"),
        (str(PAGE_3_CLIENT), False, "Dritte"),
        ("1251", True, "Neu"),
    ]


def test_a_raising_hook_does_not_stop_the_sync(with_plugins, fake):
    broken, healthy = Listener(fail=True), Listener()
    container = with_plugins(broken, healthy)

    result = container.wodify_sync().run("members")

    assert counts(result) == ("ok", 250, 0, 0, 0)
    assert len(table_rows(container, "members")) == 250
    assert len(broken.calls) == len(healthy.calls) == 250
    failures = container.store().plugin_failures()
    assert len(failures) == 250
    assert failures[0]["hook"] == "studiobook_member_synced"
    assert "listener broke on 1001" in failures[0]["message"]


# -- memory: pages are streamed ------------------------------------------------------------------
def test_memory_stays_flat_because_pages_are_streamed(wired, sleeps):
    """The peak of a 500-client sync stays near that of a 50-client one: at 100 a page, a sync
    that collected the records first would hold ten times as many."""

    def peak_of_sync(fake: FakeWodify) -> int:
        with gateway_for(fake, sleeps) as gateway:
            use_gateway(wired, gateway)
            with wired.store().engine.begin() as connection:
                connection.execute(text("DELETE FROM members"))
            gc.collect()
            tracemalloc.start()
            try:
                result = wired.wodify_sync().run("members", force=True)
                peak = tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()
        assert counts(result) == ("ok", len(fake.client_ids()), 0, 0, 0)
        return peak

    with FakeWodify(clients=50) as small, FakeWodify(clients=500) as big:
        peak_of_sync(small)  # warm-up: imports, compiled statements, connection pool
        small_peak = peak_of_sync(small)
        big_peak = peak_of_sync(big)

    assert big_peak < 3 * small_peak, (small_peak, big_peak)


# -- records the domain accepts but the local table cannot hold ---------------------------------
LONG_PHONE = "+49 (0) 151 - 123 . 456 . 789 - 0 - 1 - 2 - 3"  # 19 digits: valid, 46 characters


def test_a_record_too_big_for_its_columns_is_rejected_and_the_rest_stored(sync, wired, fake):
    """Found by this file: PostgreSQL refused the whole page (value too long for varchar(40),
    numeric overflow) and the sync raised, the rest never came in — and every later sync failed
    the same way; SQLite silently kept what PostgreSQL refuses."""
    assert len(LONG_PHONE) > 40
    fake.change_client(PAGE_2_CLIENT, phone=LONG_PHONE)
    fake.change_client(PAGE_3_CLIENT, membership={"monthly_price": "1234567890.00"})
    fake.change_lead(9005, phone=LONG_PHONE)

    members, leads = sync.run_all()

    assert counts(members) == ("partial", 248, 0, 0, 2)
    assert counts(leads) == ("partial", 39, 0, 0, 1)
    assert str(PAGE_2_CLIENT) not in table_rows(wired, "members")
    assert len(table_rows(wired, "members")) == 248 and len(table_rows(wired, "leads")) == 39
    reasons = {e.record_id: e.reason for e in sync.status(check_health=False).recent_errors}
    assert reasons.keys() == {str(PAGE_2_CLIENT), str(PAGE_3_CLIENT), "9005"}
    assert "phone" in reasons[str(PAGE_2_CLIENT)] and "40" in reasons[str(PAGE_2_CLIENT)]
    assert "monthly_price" in reasons[str(PAGE_3_CLIENT)]
    assert "phone" in reasons["9005"]


@pytest.mark.fresh_database  # statistics another test left behind would hide the bug
def test_postgresql_has_statistics_for_the_local_copies_after_the_first_import(sync, wired, database_url):
    """Found by bench/sync.py: PostgreSQL planned each page's lookup on a never-analysed table as
    a scan of the whole table, so a first import of 10,000 clients grew quadratic (28 ms per
    page lookup by the end instead of 2 ms). The first insert now leaves statistics behind."""
    if not database_url.startswith("postgresql"):
        pytest.skip("a PostgreSQL planner matter; SQLite looks up primary keys without statistics")

    sync.run_all()

    with wired.store().engine.connect() as connection:
        estimates = dict(
            connection.execute(
                text("SELECT relname, reltuples FROM pg_class WHERE relname IN ('members', 'leads')")
            ).all()
        )
    assert estimates["members"] > 0 and estimates["leads"] > 0, estimates


# -- a re-sync with nothing changed (issue 18, item 6) -----------------------------------------
# Each page's stored hashes are read and nothing else is done — no mapping, no write transaction
# per page — while every change is still stored, the run's counts still reach the sync log, and
# its lease is still kept alive.
@pytest.fixture
def run_writes(wired):
    """Statements that write the sync log's run row (``sync_runs``), as sent to the database."""
    seen: list[str] = []

    def spy(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().upper().startswith("UPDATE SYNC_RUNS"):
            seen.append(statement)

    engine = wired.store().engine
    event.listen(engine, "before_cursor_execute", spy)
    yield seen
    event.remove(engine, "before_cursor_execute", spy)


def _last(sync) -> tuple:
    run = sync.status(check_health=False).last_members
    return (run.outcome, run.created, run.updated, run.unchanged, run.errors)


def test_unchanged_pages_write_nothing_and_their_counts_reach_the_log_at_the_end(
    sync, wired, clock, writes, mapped, run_writes
):
    sync.run("members")
    mapped.clear()
    writes.clear()
    run_writes.clear()
    later(clock)

    result = sync.run("members")

    assert counts(result) == ("ok", 0, 0, 250, 0)
    assert (mapped, writes.rows["members"]) == ([], 0)
    # Three pages, no write per page: the counts go with the run's end (one UPDATE adding them,
    # one closing the run) instead of two UPDATEs for each page.
    assert len(run_writes) == 2, run_writes
    assert _last(sync) == ("ok", 0, 0, 250, 0)


def test_a_change_on_the_last_page_carries_the_counts_of_the_unchanged_pages_before_it(
    sync, wired, fake, clock, mapped
):
    sync.run("members")
    fake.change_client(PAGE_3_CLIENT, membership={"status": "cancelled"})
    mapped.clear()
    later(clock)
    seen: list[tuple] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, _last(sync)))

    result = sync.run("members", progress=progress)

    assert counts(result) == ("ok", 0, 1, 249, 0)
    assert mapped == [str(PAGE_3_CLIENT)]
    assert stored_member(wired, PAGE_3_CLIENT).membership.status is MembershipStatus.CANCELLED
    # Pages 1 and 2 wrote nothing; page 3's transaction adds their 200 with its own 50.
    assert seen == [
        (100, ("running", 0, 0, 0, 0)),
        (200, ("running", 0, 0, 0, 0)),
        (250, ("running", 0, 1, 249, 0)),
    ]
    assert _last(sync) == ("ok", 0, 1, 249, 0)


def test_a_long_unchanged_resync_still_saves_its_counts_and_keeps_its_lease(sync, clock):
    sync.run("members")
    later(clock)
    seen: list[tuple] = []
    second: list = []

    def progress(done: int, total: int) -> None:
        seen.append((done, _last(sync)))
        clock.advance(minutes=4)  # each page takes four minutes: longer than a lease in all
        if done == total:
            second.append(sync.run("members", force=True))

    result = sync.run("members", progress=progress)

    assert counts(result) == ("ok", 0, 0, 250, 0)
    # Page 1 ends right at the start; pages 2 and 3 end minutes after the last write, so their
    # counts (and a fresh heartbeat) are saved at once.
    assert seen == [
        (100, ("running", 0, 0, 0, 0)),
        (200, ("running", 0, 0, 200, 0)),
        (250, ("running", 0, 0, 250, 0)),
    ]
    (refused,) = second
    assert refused.skipped and "already running" in refused.message


def test_a_failed_page_after_unchanged_pages_keeps_their_counts(sync, fake, clock):
    sync.run("members")
    later(clock)
    fake.fail_page("clients", 3, times=ATTEMPTS)

    result = sync.run("members")

    assert counts(result) == ("failed", 0, 0, 200, 1)
    assert _last(sync) == ("failed", 0, 0, 200, 1)
    (error,) = sync.status(check_health=False).recent_errors
    assert "page 3" in error.reason


def test_an_invalid_record_on_an_otherwise_unchanged_page_is_still_rejected(sync, fake, clock):
    sync.run("members")
    fake.corrupt_client(PAGE_3_CLIENT, "bad_email")
    later(clock)

    result = sync.run("members")

    assert counts(result) == ("partial", 0, 0, 249, 1)
    (error,) = sync.status(check_health=False).recent_errors
    assert error.record_id == str(PAGE_3_CLIENT)


def test_a_mapping_version_bump_maps_every_record_again_and_rewrites_only_hashes(
    sync, wired, clock, writes, mapped, monkeypatch
):
    sync.run("members")
    before = table_rows(wired, "members")
    monkeypatch.setattr(mapping, "MAPPING_VERSION", "test-bump")
    mapped.clear()
    writes.clear()
    later(clock)

    result = sync.run("members")

    assert counts(result) == ("ok", 0, 0, 250, 0)
    assert len(mapped) == 250
    after = table_rows(wired, "members")
    assert all(after[key]["content_hash"] != row["content_hash"] for key, row in before.items())
    unhashed = [
        {key: {**row, "content_hash": None} for key, row in rows.items()}
        for rows in (before, after)
    ]
    assert unhashed[0] == unhashed[1]  # every field and stored_at as they were
    assert writes.rows["members"] == 250  # the hashes only: nothing else to write
    mapped.clear()
    later(clock)

    assert counts(sync.run("members")) == ("ok", 0, 0, 250, 0)
    assert mapped == []


def test_content_hashes_are_read_for_any_id_and_only_for_stored_copies(sync, wired):
    sync.run("members")
    odd = 'quo"te\\back ü'
    with wired.store().engine.begin() as connection:
        connection.execute(
            text("UPDATE members SET client_id = :odd WHERE client_id = '1002'"), {"odd": odd}
        )
    rows = table_rows(wired, "members")

    found = wired.transactions().read(
        lambda uow: uow.members.content_hashes(["1001", odd, "1002", "no such id"])
    )

    assert found == {"1001": rows["1001"]["content_hash"], odd: rows[odd]["content_hash"]}
    assert all(len(value) == 32 for value in found.values())
    assert wired.transactions().read(lambda uow: uow.members.content_hashes([])) == {}


def test_a_first_import_reads_the_hashes_outside_its_writes_for_the_first_page_only(
    sync, clock, monkeypatch
):
    """A page of new records goes straight to its write transaction after a page without an
    unchanged record; a re-sync reads page 1's stored hashes, then those of up to five pages at
    once (here pages 2 and 3), outside any write."""
    reads: list[str] = []
    real = sync.transactions.read

    def counted(work):
        reads.append("read")
        return real(work)

    monkeypatch.setattr(sync.transactions, "read", counted)

    assert counts(sync.run("members")) == ("ok", 250, 0, 0, 0)
    assert len(reads) == 1
    reads.clear()
    later(clock)

    assert counts(sync.run("members")) == ("ok", 0, 0, 250, 0)
    assert len(reads) == 2


def test_slow_unchanged_pages_are_fetched_one_at_a_time_and_each_saves_its_counts(
    sync, clock, monkeypatch
):
    """Pages are fetched ahead only while that takes less than the time after which counts and
    heartbeat are saved: a page that takes twelve seconds ends its batch, so the run's row never
    waits for more than one slow page."""
    sync.run("members")
    later(clock)
    real_gateway = sync.gateway()

    class Slow:
        def received_members(self, page, page_size):
            clock.advance(seconds=12)
            return real_gateway.received_members(page=page, page_size=page_size)

    monkeypatch.setattr(sync, "gateway", lambda: Slow())
    reads: list[str] = []
    real_read = sync.transactions.read
    monkeypatch.setattr(sync.transactions, "read", lambda work: reads.append("read") or real_read(work))
    seen: list[tuple] = []

    result = sync.run("members", progress=lambda done, total: seen.append((done, _last(sync))))

    assert counts(result) == ("ok", 0, 0, 250, 0)
    assert len(reads) == 3 + 3  # one read of stored hashes per page, one status read per page
    assert seen == [
        (100, ("running", 0, 0, 100, 0)),
        (200, ("running", 0, 0, 200, 0)),
        (250, ("running", 0, 0, 250, 0)),
    ]
