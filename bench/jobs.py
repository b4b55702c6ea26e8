"""Queued syncs drained by 1, 2 and 4 worker processes (issue 19): jobs/s and the speed-up.

Each of ``--companies`` companies (default 500) is connected to the fake Cal.com on 127.0.0.1,
which answers every request after ``--latency`` ms (default 150, as bench/sync.py's pages). For
each worker count the same sync is queued once per company (``sync_calcom_event_types``,
forced, the product's ``enqueue`` with its per-company locks) and ``studiobook worker``
processes drain the queue; the time from the first job's start to the last job's end is the
drain time. An unreported round runs first (a company's first sync creates its event types,
later ones find them unchanged), so every measured round does the same work. Checked for every round: every company's job succeeded in one attempt and no company
was synced twice (one job per company, one ``task_runs`` attempt each).

(The syncs that are per company are Cal.com's: WODIFY is one location per installation, so its
member sync is one job, not 500.)

    python bench/jobs.py [--db postgresql+psycopg://user@host/any_db] [--companies 500]
                         [--workers 1,2,4] [--latency 150]

PostgreSQL only (workers are PostgreSQL's): ``--db`` or STUDIOBOOK_BENCH_POSTGRES_URL or
STUDIOBOOK_TEST_POSTGRES_URL names a server; the bench makes a throw-away database on it.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.support import (  # noqa: E402
    postgres_server,
    studiobook_executable,
    throwaway_database,
)

TASK = "sync_calcom_event_types"


def container_for(url: str, calcom_url: str, secret_key: str):
    from studiobook.application.container import build_container
    from studiobook.application.settings import Settings

    container = build_container(Settings(
        database_url=url, load_entry_points=False, calcom_api_url=calcom_url, secret_key=secret_key,
    ))  # fmt: skip
    container.store().ensure_schema()
    return container


def connect_companies(container, count: int, team_id: int, api_key: str) -> list[int]:
    ids = []
    for n in range(count):
        company = container.companies().create(f"Studio {n + 1}", "Europe/Berlin")
        container.calcom_connections().connect(company.id, team_id, api_key)
        ids.append(company.id)
    return ids


def drained(container, url: str, workers: int, companies: list[int], env: dict[str, str]) -> dict:
    """Queue one forced sync per company, drain with ``workers`` processes; the round's numbers."""
    from sqlalchemy import text

    from studiobook.application.jobs.queue import enqueue, task_queue

    queue = task_queue(container)
    jobs = [enqueue(queue, TASK, company, force=True) for company in companies]
    queue.close()
    with tempfile.TemporaryDirectory(prefix="studiobook-bench-jobs-") as folder:
        processes = [
            subprocess.Popen(
                [studiobook_executable(), "--db", url, "worker"], cwd=folder, env=env,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            for _ in range(workers)
        ]
        try:
            engine = container.store().engine
            while True:
                with engine.connect() as connection:
                    left = connection.execute(text(
                        "SELECT count(*) FROM procrastinate.procrastinate_jobs "
                        "WHERE id = ANY(:ids) AND status IN ('todo', 'doing')"
                    ), {"ids": jobs}).scalar_one()  # fmt: skip
                if left == 0:
                    break
                time.sleep(0.1)
        finally:
            for process in processes:
                process.send_signal(signal.SIGTERM)
            for process in processes:
                process.wait(30)
    with container.store().engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT j.status::text, j.args, r.attempts, r.started_at, r.finished_at "
            "FROM procrastinate.procrastinate_jobs j JOIN task_runs r ON r.id = j.id "
            "WHERE j.id = ANY(:ids)"
        ), {"ids": jobs}).all()  # fmt: skip
    synced = sorted(row[1]["company_id"] for row in rows if row[0] == "succeeded" and row[2] == 1)
    seconds = (max(row[4] for row in rows) - min(row[3] for row in rows)).total_seconds()
    return {
        "workers": workers, "jobs": len(jobs), "seconds": round(seconds, 2),
        "jobs_per_second": round(len(jobs) / seconds, 1),
        "every_company_once": synced == sorted(companies),
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    from studiobook.adapters.fakes.calcom import DEMO_TEAM_ID, FakeCalcom
    from studiobook.adapters.secrets.fernet import new_key

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a PostgreSQL server URL (a throw-away database is made)")
    parser.add_argument("--companies", type=int, default=500)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--latency", type=float, default=150.0, help="ms per Cal.com request")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args(argv)
    server = options.db or postgres_server()
    if not server or not server.startswith("postgresql"):
        raise SystemExit("bench: workers are PostgreSQL's; give --db postgresql+psycopg://...")
    counts = [int(n) for n in options.workers.split(",")]
    secret_key = new_key()
    rounds = []
    with FakeCalcom() as fake, throwaway_database(server, "jobs") as url:
        fake.slow_next(times=10**9, seconds=options.latency / 1000)
        container = container_for(url, fake.url, secret_key)
        companies = connect_companies(container, options.companies, DEMO_TEAM_ID, fake.api_key)
        env = {**os.environ, "CALCOM_API_URL": fake.url, "STUDIOBOOK_SECRET_KEY": secret_key,
               "STUDIOBOOK_LOAD_PLUGINS": "0"}
        # The first sync of a company creates its event types, later ones find them unchanged:
        # one unreported round first, so every measured round does the same work.
        drained(container, url, max(counts), companies, env)
        for workers in counts:
            rounds.append(drained(container, url, workers, companies, env))
        container.store().dispose()
    base = rounds[0]["jobs_per_second"]
    for one in rounds:
        one["speed_up"] = round(one["jobs_per_second"] / base, 2)
    if options.json:
        print(json.dumps(rounds))
    else:
        print(f"{options.companies} companies, Cal.com at {options.latency:g} ms per request")
        for one in rounds:
            print(f"{one['workers']} worker(s): {one['jobs']} jobs in {one['seconds']} s = "
                  f"{one['jobs_per_second']} jobs/s, {one['speed_up']}x; every company synced "
                  f"exactly once: {'yes' if one['every_company_once'] else 'NO'}")
    return 0 if all(one["every_company_once"] for one in rounds) else 1


if __name__ == "__main__":
    sys.exit(main())
