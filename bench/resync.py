"""A WODIFY re-sync with nothing changed vs the first import (issue 18, item 6).

For each engine (SQLite always; PostgreSQL with ``--pg``), best of ``--repeats``, into a fresh
database each time: the first import of ``--clients`` members (``wodify_sync().run("members")``,
the product's wiring), then the same sync again with nothing changed in WODIFY. Printed: both
times, the ratio re-sync / first import (target <= 0.25x) and the rows the re-sync wrote to
``members`` (counted at the cursor, target 0). Beside the wall-clock ratio, the ratio of this
process's CPU time (studiobook's own work: neither the fake's nor the database server's), which
a loaded machine disturbs less.

Like with like: both runs are the whole sync — fetching every page, decoding it, storing — through
the same client against the same fake WODIFY, which runs in its own process on bare loopback
without added latency. Nothing is subtracted: the issue asks for the ratio of the whole re-sync
to the whole first import, and the fetch is the same work in both (100 pages of the same bytes),
so it sits in numerator and denominator alike. No latency is injected because it would be a
constant wait added to both, pushing any ratio towards 1 and hiding studiobook's own work; what a
hosted API's 100-200 ms a page does to a sync is ``bench/sync.py --latency``'s question.
For scale, the line also shows the fetch alone (every page through the product's client:
request, JSON, ids and hashes; no store), the floor no re-sync can go below, as a share of the
first import.

    python bench/resync.py [--clients 10000] [--repeats 3]
                           [--pg postgresql+psycopg://postgres@127.0.0.1:55432/postgres]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sync import _MEMBER_WRITE, REPO, close, container_for, fresh_database

TARGET = 0.25
LAUNCH = (
    "import json, os, sys\n"
    "from studiobook.adapters.fakes.wodify import FakeWodify\n"
    "with FakeWodify(clients=int(sys.argv[1]), api_key=os.environ['KEY']) as fake:\n"
    "    print(json.dumps([fake.url, fake.location_id]), flush=True)\n"
    "    sys.stdin.read()\n"
)


@contextmanager
def wodify_process(clients: int) -> Iterator[dict]:
    key = secrets.token_hex(16)
    environment = {**os.environ, "KEY": key, "PYTHONPATH": str(REPO)}
    with subprocess.Popen(
        [sys.executable, "-c", LAUNCH, str(clients)], cwd=REPO, env=environment,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    ) as server:  # fmt: skip
        assert server.stdout is not None and server.stdin is not None
        url, location = json.loads(server.stdout.readline())
        try:
            yield {"url": url, "location_id": location, "api_key": key, "clients": clients}
        finally:
            server.stdin.close()  # the fake stops when its stdin ends


@contextmanager
def member_writes(engine) -> Iterator[list[int]]:
    """Rows written to ``members`` while the block runs, one entry per statement."""
    rows: list[int] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        if _MEMBER_WRITE.match(statement):
            rows.append(len(parameters) if executemany else 1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield rows
    finally:
        event.remove(engine, "before_cursor_execute", count)


def timed(sync) -> tuple[tuple[float, float], object]:
    """((wall-clock s, this process's CPU s), the sync's result)."""
    started, cpu = time.perf_counter(), time.process_time()
    result = sync.run("members", force=True)
    return (time.perf_counter() - started, time.process_time() - cpu), result


def fetch_alone(wodify: dict) -> float:
    """Seconds to receive every page as the sync does (ids and hashes, nothing mapped or stored)."""
    from studiobook.adapters.wodify.client import WodifyClient

    started = time.perf_counter()
    with WodifyClient(wodify["url"], wodify["api_key"], wodify["location_id"]) as client:
        number = 1
        while not client.received_members(page=number, page_size=100).is_last:
            number += 1
    return time.perf_counter() - started


def first_and_again(server_url: str | None, wodify: dict) -> tuple[tuple, tuple, int]:
    """((first import s, CPU s), (unchanged re-sync s, CPU s), member rows the re-sync wrote)."""
    with fresh_database(server_url) as url:
        container = container_for(url, wodify)
        try:
            sync = container.wodify_sync()
            first_seconds, first = timed(sync)
            assert first.outcome == "ok" and first.created == wodify["clients"], first
            with member_writes(container.store().engine) as written:
                again_seconds, again = timed(sync)
            assert again.unchanged == wodify["clients"], again
            return first_seconds, again_seconds, sum(written)
        finally:
            close(container)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--pg", help="a PostgreSQL server URL (a throw-away database per run)")
    args = parser.parse_args()
    print(f"WODIFY re-sync with nothing changed vs first import — {args.clients} clients, "
          f"bare loopback fake, best of {args.repeats}")
    engines = [("sqlite", None)] + ([("postgresql", args.pg)] if args.pg else [])
    missed = False
    with wodify_process(args.clients) as wodify:
        first_and_again(None, wodify)  # warm-up: imports, connections, the fake's caches
        for name, server_url in engines:
            runs = [first_and_again(server_url, wodify) for _ in range(args.repeats)]
            fetch = min(fetch_alone(wodify) for _ in range(args.repeats))
            first = min(run[0][0] for run in runs)
            again = min(run[1][0] for run in runs)
            cpu_ratio = min(run[1][1] for run in runs) / min(run[0][1] for run in runs)
            written = max(run[2] for run in runs)
            ratio = again / first
            verdict = "OK" if ratio <= TARGET and written == 0 else "MISSED"
            missed |= verdict == "MISSED"
            print(f"  {name:>10}: first import {first * 1000:6.0f} ms"
                  f" | re-sync {again * 1000:6.0f} ms | ratio {ratio:4.2f}x (target <= {TARGET}x),"
                  f" CPU {cpu_ratio:4.2f}x | fetch alone {fetch * 1000:4.0f} ms ="
                  f" {fetch / first:4.2f}x | {written} member rows written"
                  f" | {verdict}")
    print("all targets met" if not missed else "a target was missed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
