"""The task queue (issue 19) end to end, against the fake Cal.com on 127.0.0.1.

On PostgreSQL: ``--queue`` returns at once and a worker runs the job; two workers never run one
company's sync at once (procrastinate's lock); a failing sync is tried three times, then failed
with its error; one past its timeout is stopped and recorded; a worker killed (-9) mid-sync leaves
a job that another worker runs again, writing everything once. On SQLite the same commands work
without a worker: each job runs when it is queued.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import threading
import time

import httpx
import pytest
from dependency_injector import providers
from sqlalchemy import create_engine, text

from studiobook.adapters.calcom.plugin import CalcomGatewayFactory
from studiobook.adapters.fakes.calcom import DEMO_TEAM_ID, FakeCalcom
from studiobook.adapters.fakes.wodify import FakeWodify
from studiobook.adapters.http_json import RetryPolicy
from studiobook.adapters.secrets.fernet import new_key
from studiobook.application.jobs.ports import AlreadyQueued, QueueTask
from studiobook.application.jobs.queue import enqueue, task_queue
from tests.cli.support import assert_error_contract, installed_env, studiobook_executable
from tests.fakes import FakeClock

SECRET_KEY = new_key()
EVENT_TYPES_PATH = f"/teams/{DEMO_TEAM_ID}/event-types"
POLICY = RetryPolicy(attempts=1, base_delay=0.01, max_delay=0.01, max_retry_after=0.1)
SYNC = "sync_calcom_event_types"


@pytest.fixture
def fake():
    with FakeCalcom() as running:
        yield running


@pytest.fixture
def queue_url(database_url):
    """The test's database; on PostgreSQL with procrastinate's jobs and workers emptied too
    (the reused test database keeps only studiobook's own tables empty)."""
    if database_url.startswith("postgresql"):
        engine = create_engine(database_url)
        try:
            with engine.begin() as connection:
                connection.execute(text(
                    "TRUNCATE procrastinate.procrastinate_jobs, procrastinate.procrastinate_events, "
                    "procrastinate.procrastinate_periodic_defers, procrastinate.procrastinate_workers "
                    "RESTART IDENTITY CASCADE"
                ))
        finally:
            engine.dispose()
    return database_url


def env(fake) -> dict[str, str]:
    return {"CALCOM_API_URL": fake.url, "STUDIOBOOK_SECRET_KEY": SECRET_KEY}


@pytest.fixture
def wired(queue_url, fake):
    from studiobook.application.container import build_container
    from studiobook.application.settings import Settings

    settings = Settings(database_url=queue_url, load_entry_points=False, calcom_api_url=fake.url,
                        secret_key=SECRET_KEY)
    container = build_container(settings)
    container.store().ensure_schema()
    factory = CalcomGatewayFactory(fake.url, timeout=5.0, connect_timeout=5.0, retry=POLICY,
                                   sleep=lambda seconds: None)
    container.calendar_gateways.override(providers.Object(factory))
    yield container
    container.store().dispose()


def salon(wired, fake, name: str = "Salon Haarmonie") -> int:
    company = wired.companies().create(name, "Europe/Berlin")
    wired.calcom_connections().connect(company.id, DEMO_TEAM_ID, fake.api_key)
    for username in fake.member_usernames(DEMO_TEAM_ID):
        wired.staffing().add(company.id, username.replace("-", " ").title(), calcom_username=username)
    return company.id


def calcom_ids(wired, company_id) -> list[int]:
    return sorted(t.calcom_id for t in wired.event_types().list(company_id))


def drain(queue, **options) -> None:
    """Run the queued jobs to the end: a worker in this process on PostgreSQL (it stops when the
    queue is empty); nothing to do on SQLite, where they ran when they were queued."""
    if not queue.runs_in_process:
        asyncio.run(queue.work_async(wait=False, **options))


def test_queue_returns_at_once_and_the_job_completes_in_a_worker(wired, fake, run_cli, queue_url):
    company = salon(wired, fake)

    result = run_cli("calcom", "sync-event-types", "--queue", db=queue_url, env=env(fake))

    assert result.returncode == 0, result.stderr
    queue = task_queue(wired)
    if queue.runs_in_process:  # SQLite: no worker; the job ran in the command
        assert result.stdout.startswith(f"job 1: {SYNC} company {company} succeeded — company ")
        assert "6 created" in result.stdout
        assert calcom_ids(wired, company) == list(range(801, 807))
        worker = run_cli("worker", db=queue_url)
        assert "no worker needed" in assert_error_contract(worker, codes=(2,))
    else:  # PostgreSQL: queued and back at once — Cal.com not even asked yet
        assert result.stdout == f"job 1: {SYNC} company {company} queued\n"
        assert fake.count() == 0 and calcom_ids(wired, company) == []
        again = run_cli("calcom", "sync-event-types", company, "--queue", db=queue_url, env=env(fake))
        assert again.stdout == f"job 1: {SYNC} company {company} queued — queued already\n"
        drain(queue)
        assert calcom_ids(wired, company) == list(range(801, 807))
    listed = json.loads(run_cli("jobs", "list", "--json", db=queue_url).stdout)
    assert [(j["id"], j["task"], j["status"], j["attempts"]) for j in listed] == [(1, SYNC, "succeeded", 1)]
    assert listed[0]["args"] == {"company_id": company, "force": False}
    assert listed[0]["message"].startswith(f"company {company} event types: ok — 6 created")
    refused = run_cli("jobs", "cancel", "1", db=queue_url)
    assert "job 1" in assert_error_contract(refused, codes=(1,))


def test_a_failing_sync_is_tried_three_times_then_failed_with_its_error(wired, fake, run_cli, queue_url):
    company = salon(wired, fake)
    fake.fail_next(times=3, status=401, message="invalid API key")
    queue = task_queue(wired)

    job_id = enqueue(queue, SYNC, company)
    drain(queue)

    job = queue.job(job_id)
    assert (job.status, job.attempts) == ("failed", 3)
    assert job.message.startswith(f"TaskFailed: company {company} event types: failed — ")
    assert "401" in job.message
    assert calcom_ids(wired, company) == []
    # retried by hand once Cal.com takes the key again: it runs (now, or in a worker) and succeeds
    retried = run_cli("jobs", "retry", str(job_id), "--json", db=queue_url, env=env(fake))
    assert retried.returncode == 0, retried.stderr
    drain(queue)
    assert queue.job(job_id).status == "succeeded"
    assert calcom_ids(wired, company) == list(range(801, 807))


class SlowGateways:
    """Every call to Cal.com takes six minutes of the test's clock."""

    def __init__(self, factory, clock: FakeClock) -> None:
        self.factory, self.clock = factory, clock

    def __call__(self, api_key: str):
        gateway, clock = self.factory(api_key), self.clock

        class Slow:
            def __getattr__(self, name):
                found = getattr(gateway, name)
                if name == "close":
                    return found

                def call(*args, **kwargs):
                    clock.advance(minutes=6)
                    return found(*args, **kwargs)

                return call

        return Slow()


def test_a_sync_past_its_timeout_is_stopped_and_recorded(wired, fake):
    company = salon(wired, fake)
    clock = FakeClock()
    wired.clock.override(providers.Object(clock))
    wired.calendar_gateways.override(providers.Object(SlowGateways(wired.calendar_gateways(), clock)))
    queue = task_queue(wired)

    job_id = enqueue(queue, SYNC, company)
    drain(queue)

    job = queue.job(job_id)
    assert (job.status, job.attempts) == ("failed", 3)
    assert job.message == "TaskTimedOut: timed out after 5 min; stopped before the next step"
    # each attempt stopped after its first call (members), before the event types were asked for
    assert fake.count("GET", EVENT_TYPES_PATH) == 0
    assert calcom_ids(wired, company) == []


def postgres_only(url: str) -> None:
    if not url.startswith("postgresql"):
        pytest.skip("workers are PostgreSQL's (SQLite runs jobs in the queueing process)")


def test_two_workers_never_run_one_companys_sync_at_once(wired, fake, queue_url):
    postgres_only(queue_url)
    first, second = salon(wired, fake, "A"), salon(wired, fake, "B")
    fake.slow_next(times=6, seconds=0.2)
    runs: list[tuple[int, float, float]] = []
    guard = threading.Lock()

    def timed(task: QueueTask) -> QueueTask:
        def run(args):
            start = time.monotonic()
            try:
                return task.run(args)
            finally:
                with guard:
                    runs.append((args["company_id"], start, time.monotonic()))

        return QueueTask(task.name, run, task.attempts, task.final)

    queue = task_queue(wired)
    queue.tasks = {name: timed(task) for name, task in queue.tasks.items()}
    lock = f"company-sync:calcom-event-types:{first}"
    jobs = [queue.enqueue(SYNC, {"company_id": first, "force": True}, lock=lock) for _ in range(2)]
    jobs.append(enqueue(queue, SYNC, second))
    with pytest.raises(AlreadyQueued, match=f"{SYNC}:{second} is queued already as job 3"):
        enqueue(queue, SYNC, second)

    async def two_workers():
        await asyncio.gather(*(queue.work_async(wait=False, name=f"w{n}") for n in (1, 2)))

    asyncio.run(two_workers())

    assert [queue.job(job).status for job in jobs] == ["succeeded"] * 3
    (a1, a2) = sorted((s, e) for company, s, e in runs if company == first)
    assert a1[1] <= a2[0], "the same company's syncs overlapped"
    (b,) = [(s, e) for company, s, e in runs if company == second]
    assert b[0] < a1[1], "the other company's sync waited: the workers did not run side by side"


def test_a_worker_killed_mid_sync_leaves_a_job_that_runs_again_once(wired, fake, queue_url, tmp_path):
    postgres_only(queue_url)
    company = salon(wired, fake)
    fake.slow_next(times=1, seconds=30, path=EVENT_TYPES_PATH)
    queue = task_queue(wired)
    job_id = enqueue(queue, SYNC, company)
    worker = subprocess.Popen(
        [studiobook_executable(), "--db", queue_url, "worker"], cwd=tmp_path,
        env=installed_env(env(fake)), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 8
        while fake.count("GET", EVENT_TYPES_PATH) == 0:  # the sync is under way
            assert time.monotonic() < deadline and worker.poll() is None, "the worker never synced"
            time.sleep(0.05)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(5)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert queue.job(job_id).status == "running"  # as the dead worker left it

    queue.stalled_after_seconds = 0.3
    asyncio.run(until_stalled_jobs_are_retried(queue))
    drain(queue)

    job = queue.job(job_id)
    assert (job.status, job.attempts) == ("succeeded", 2)
    assert calcom_ids(wired, company) == list(range(801, 807))
    synced = [row for row in wired.audit().list(company_id=company, entity="calcom_sync", limit=50)]
    assert len(synced) == 1 and synced[0].after["created"] == 6


def test_a_worker_shows_its_job_durations_on_its_own_metrics_behind_the_admin_token(
    wired, fake, queue_url, tmp_path, run_cli
):
    """No serve sees what a separate worker ran (issue 18, item 8): ``--metrics-port`` serves
    it, with serve's tokens (401 without one, 403 with a company's; none set: one error line)."""
    postgres_only(queue_url)
    untokened = run_cli("worker", "--metrics-port", "0", db=queue_url, env={"STUDIOBOOK_ADMIN_TOKEN": None})
    assert "STUDIOBOOK_ADMIN_TOKEN is not set" in assert_error_contract(untokened, codes=(1,))
    company = salon(wired, fake)
    queue = task_queue(wired)
    job_id = enqueue(queue, SYNC, company)
    admin, scoped = "worker-admin-" + "m" * 30, "worker-company-" + "c" * 30
    tokens = {"STUDIOBOOK_ADMIN_TOKEN": admin, "STUDIOBOOK_ADMIN_TOKENS": f"{scoped}={company}"}
    worker = subprocess.Popen(
        [studiobook_executable(), "--db", queue_url, "worker", "--metrics-port", "0"],
        cwd=tmp_path, env=installed_env(env(fake) | tokens), stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True,
    )
    try:
        said = worker.stderr.readline()
        assert said.startswith("metrics on http://127.0.0.1:"), said
        address = said.split()[-1]
        deadline = time.monotonic() + 20
        while queue.job(job_id).status != "succeeded":
            assert time.monotonic() < deadline and worker.poll() is None, queue.job(job_id)
            time.sleep(0.05)
        shown = httpx.get(address, headers={"Authorization": f"Bearer {admin}"})
        refused = httpx.get(address, headers={"Authorization": f"Bearer {scoped}"})
        anonymous = httpx.get(address)
    finally:
        worker.send_signal(signal.SIGINT)
        worker.wait(15)
    assert shown.status_code == 200, shown.text
    assert f'studiobook_job_duration_seconds_count{{job="{SYNC}",outcome="ok"}} 1.0' in shown.text
    assert (refused.status_code, anonymous.status_code) == (403, 401)
    assert worker.returncode == 0


async def until_stalled_jobs_are_retried(queue) -> None:
    app = queue.app()
    async with app.open_async():
        for _ in range(50):
            if await queue.retry_stalled(app):
                return
            await asyncio.sleep(0.1)
    raise AssertionError("the dead worker's job was never put back")


def test_queue_refuses_unknown_jobs_in_one_line(run_cli, queue_url):
    for action in ("retry", "cancel"):
        result = run_cli("jobs", action, "99", db=queue_url)
        assert assert_error_contract(result, codes=(1,)) == "there is no job 99"
    assert run_cli("jobs", "list", db=queue_url).stdout == "no jobs\n"


def test_queued_wodify_syncs_and_a_bulk_assignment_run_the_same_tasks(wired, fake, run_cli, queue_url):
    with FakeWodify(clients=12, leads=3) as wodify:
        settings = {"WODIFY_API_URL": wodify.url, "WODIFY_API_KEY": wodify.api_key,
                    "WODIFY_LOCATION_ID": wodify.location_id}
        queued = run_cli("sync", "all", "--queue", "--json", db=queue_url, env=settings)
        assert queued.returncode == 0, queued.stderr
        jobs = json.loads(queued.stdout)
        assert [(j["job_id"], j["task"]) for j in jobs] == [(1, "sync_members"), (2, "sync_leads")]
        queue = task_queue(wired)
        if not queue.runs_in_process:
            assert {j["status"] for j in jobs} == {"queued"}
            from studiobook.application.container import build_container
            from studiobook.application.settings import Settings

            worker = build_container(Settings(  # a worker with its own WODIFY settings
                database_url=queue_url, load_entry_points=False, wodify_api_url=wodify.url,
                wodify_api_key=wodify.api_key, wodify_location_id=wodify.location_id,
            ))
            drain(task_queue(worker))
            worker.store().dispose()
    done = {j.task: j for j in queue.list()}
    assert done["sync_members"].status == done["sync_leads"].status == "succeeded"
    assert done["sync_members"].message == "members: ok — 12 created, 0 updated, 0 unchanged, 0 error(s)"
    assert done["sync_leads"].message == "leads: ok — 3 created, 0 updated, 0 unchanged, 0 error(s)"

    company = wired.companies().create("Salon", "Europe/Berlin")
    staff = [wired.staffing().add(company.id, f"Person {n}").id for n in range(3)]
    services = [wired.event_types().add(company.id, f"Service {n}", 30).id for n in range(70)]
    rows = [{"staff_id": s, "event_type_id": e, "is_primary": False} for s in staff for e in services]
    job_id = enqueue(queue, "assign_many", company.id, rows=rows)
    drain(queue)

    job = queue.job(job_id)
    assert (job.status, job.message) == ("succeeded", "assigned 210 pair(s) in 3 batch(es)")
    assert len(wired.assignments().list(company.id)) == 210


def test_the_scheduler_queues_due_jobs_for_the_workers_on_postgresql(wired, fake, run_cli, queue_url):
    postgres_only(queue_url)
    first, second = salon(wired, fake, "A"), salon(wired, fake, "B")

    beat = run_cli("scheduler", "run", "--once", db=queue_url, env=env(fake))

    assert beat.returncode == 0, beat.stderr
    assert fake.count() == 0  # nothing ran in the scheduler
    queue = task_queue(wired)
    queued = {(j.task, j.args.get("company_id")): j.status for j in queue.list()}
    assert queued == {
        ("send_notifications", None): "queued", ("remind_customers", None): "queued",
        ("sync_calcom_event_types", first): "queued", ("sync_calcom_event_types", second): "queued",
        ("timetables", None): "queued",
    }
    assert "sync_calcom_event_types: ok — queued job(s) 3, 4" in beat.stdout
    again = run_cli("scheduler", "run", "--once", db=queue_url, env=env(fake))
    assert "sync_calcom_event_types: skipped — not due or queued elsewhere" in again.stdout
    assert len(queue.list()) == 5

    drain(queue)

    assert {j.status for j in queue.list()} == {"succeeded"}
    assert calcom_ids(wired, first) == calcom_ids(wired, second) == list(range(801, 807))


def test_serve_runs_queued_jobs_in_an_embedded_worker_until_stopped(wired, fake, queue_url):
    from studiobook.entrypoints.web.server import start_worker

    said: list[str] = []
    if not queue_url.startswith("postgresql"):  # SQLite: jobs run when queued; no worker starts
        start_worker(wired, 2, said.append)()
        assert said == [] and not [t for t in threading.enumerate() if t.name == "studiobook-queue-worker"]
        return
    company = salon(wired, fake)
    queue = task_queue(wired)
    job_id = enqueue(queue, SYNC, company)  # queued first: found by the worker's first look
    stop = start_worker(wired, 2, said.append)
    try:
        deadline = time.monotonic() + 10
        while queue.job(job_id).status != "succeeded":
            assert time.monotonic() < deadline, queue.job(job_id)
            time.sleep(0.05)
    finally:
        stop()
    assert said == ["worker: running up to 2 queued job(s) at a time in this process"]
    assert not [t for t in threading.enumerate() if t.name == "studiobook-queue-worker"]
    assert calcom_ids(wired, company) == list(range(801, 807))
