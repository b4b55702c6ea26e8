"""Issue 18, item 6: a WODIFY re-sync with nothing changed reads each page's stored hashes and
does nothing else — no mapping, no write transaction per page — while every change is still
stored, the run's counts still reach the sync log, and its lease is still kept alive.

The WODIFY sync module's fixtures (one migrated database per engine, the fake WODIFY with 250
clients over 3 pages, the fake clock) are reused from tests/integration/test_wodify_sync.py.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from studiobook.adapters.wodify import mapping
from studiobook.domain.members.member import MembershipStatus
from tests.integration import test_wodify_sync as _sync
from tests.integration.wodify_support import ATTEMPTS, stored_member, table_rows

migrated_database, database_url, fake = _sync.migrated_database, _sync.database_url, _sync.fake
clock, sleeps, wired, sync = _sync.clock, _sync.sleeps, _sync.wired, _sync.sync
writes, mapped, counts, later = _sync.writes, _sync.mapped, _sync.counts, _sync.later
PAGE_3_CLIENT = _sync.PAGE_3_CLIENT


@pytest.fixture
def run_writes(wired):
    """Statements that write the sync log's run row (``sync_runs``), as sent to the database."""
    seen: list[str] = []

    def spy(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().upper().startswith("UPDATE SYNC_RUNS"):
            seen.append(statement)

    from sqlalchemy import event

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
    unchanged record; the pages of a re-sync are each read once, outside any write."""
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
    assert len(reads) == 3
