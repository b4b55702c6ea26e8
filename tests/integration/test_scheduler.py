"""The scheduler on a real database: persisted last runs, leases, and two processes at once."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import timedelta

import pytest

from studiobook.adapters.jobs.loop import SchedulerLoop
from studiobook.adapters.sql.job_runs import SqlJobRuns
from studiobook.application.jobs.runner import Job, JobRunner
from tests.fakes import FakeClock

pytestmark = pytest.mark.clock  # the real clock decides; CI re-runs these under libfaketime

SIX_HOURS = timedelta(hours=6)


@pytest.fixture
def runs(container):
    return SqlJobRuns(container.store())


def counting_job(calls: list, name: str = "sync_members", fail: bool = False) -> Job:
    def run() -> str:
        calls.append(name)
        if fail:
            raise RuntimeError("WODIFY said no")
        return f"run {len(calls)}"

    return Job(name, SIX_HOURS, run)


def test_a_job_runs_once_per_interval_and_the_run_is_persisted(runs):
    clock, calls = FakeClock(), []
    runner = JobRunner(runs, clock, [counting_job(calls)])

    assert [o.ran for o in runner.run_due()] == [True]
    clock.advance(hours=5, minutes=59)
    assert [o.ran for o in runner.run_due()] == [False]
    clock.advance(minutes=1)
    assert [o.ran for o in runner.run_due()] == [True]
    assert calls == ["sync_members", "sync_members"]
    (state,) = runs.all()
    assert (state.last_started_at, state.last_outcome, state.lease_owner) == (clock.now(), "ok", None)


def test_a_restart_neither_skips_nor_repeats_a_due_run(runs):
    clock, calls = FakeClock(), []
    JobRunner(runs, clock, [counting_job(calls)]).run_due()

    clock.advance(hours=1)
    restarted = JobRunner(runs, clock, [counting_job(calls)])  # a new process, same database
    assert restarted.run_due()[0].ran is False
    assert restarted.next_due(restarted.jobs[0]) == clock.now() + timedelta(hours=5)
    clock.advance(hours=5)
    assert restarted.run_due()[0].ran is True
    assert len(calls) == 2


def test_a_held_lease_blocks_others_until_it_expires(runs):
    clock, calls = FakeClock(), []
    now = clock.now()
    assert runs.claim("sync_members", "crashed-process", now, now, now + timedelta(hours=1))

    runner = JobRunner(runs, clock, [counting_job(calls)], lease=timedelta(hours=1))
    assert runner.run_due()[0].ran is False
    clock.advance(hours=1, seconds=1)
    assert runner.run_due()[0].ran is True
    assert calls == ["sync_members"]


def test_a_failing_job_is_recorded_and_the_scheduler_goes_on(runs):
    clock, calls = FakeClock(), []
    runner = JobRunner(runs, clock, [counting_job(calls, "a", fail=True), counting_job(calls, "b")])

    outcomes = runner.run_due()

    assert [(o.job, o.ran, o.ok) for o in outcomes] == [("a", True, False), ("b", True, True)]
    states = {s.name: s for s in runs.all()}
    assert states["a"].last_outcome == "failed"
    assert "WODIFY said no" in states["a"].last_message
    assert states["a"].lease_owner is None


def test_the_loop_runs_due_jobs_on_its_first_beat(runs):
    clock, calls, seen = FakeClock(), [], []
    loop = SchedulerLoop(JobRunner(runs, clock, [counting_job(calls)]), on_outcome=seen.append)

    loop.beat()
    loop.beat()

    assert calls == ["sync_members"]
    assert [o.job for o in seen] == ["sync_members"]


SCHEDULER_PROCESS = textwrap.dedent(
    """
    import sys, time
    from datetime import timedelta
    from studiobook.application.container import build_container
    from studiobook.application.settings import Settings
    from studiobook.application.jobs.runner import Job, JobRunner
    from studiobook.adapters.sql.job_runs import SqlJobRuns

    url, marker, start = sys.argv[1], sys.argv[2], float(sys.argv[3])
    container = build_container(Settings(database_url=url, load_entry_points=False))

    def job(name):
        def run():
            with open(marker, "a") as out:
                out.write(name + "\\n")
            time.sleep(0.5)  # long enough for the other process to try meanwhile
            return "done"
        return Job(name, timedelta(hours=6), run)

    runner = JobRunner(SqlJobRuns(container.store()), container.clock(), [job("members"), job("leads")])
    while time.time() < start:
        time.sleep(0.005)
    runner.run_due()
    """
)


def test_two_scheduler_processes_run_each_due_job_exactly_once(container, database_url, tmp_path):
    import time

    marker = tmp_path / "runs.txt"
    start = time.time() + 2.0
    processes = [
        subprocess.Popen([sys.executable, "-c", SCHEDULER_PROCESS, database_url, str(marker), str(start)])
        for _ in range(2)
    ]
    assert [p.wait(timeout=60) for p in processes] == [0, 0]

    assert sorted(marker.read_text().split()) == ["leads", "members"]
