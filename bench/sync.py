"""WODIFY members sync vs only fetching the same pages with plain httpx (SPEC 5, ISSUE 4, 18).

The fake WODIFY runs in its own process (real HTTP on 127.0.0.1), so its work shares neither the
GIL nor the traced memory of this process. It answers each page after a hosted API's latency
(``--latency``, default 100-200 ms, uniform, the same draw for the same page every time, so every
pass below waits exactly as long); ``--latency 0`` measures against the bare loopback fake, a
baseline no real WODIFY has. For each client count, best of ``--repeats``:

- fetch: plain ``httpx`` GETs of every ``/clients`` page (page size 100, the same headers and
  query as the product's client), bodies read, nothing parsed — the time no sync can beat;
- gateway: the same pages through the product's WODIFY client (fetch, JSON, domain values) —
  only to show where the sync's time goes;
- sync: ``container.wodify_sync().run("members")`` into a fresh database (the product's wiring:
  httpx client, JSON to domain values, change detection, one transaction per page);
- re-sync: the same sync again with nothing changed; rows written to ``members`` are counted at
  the cursor (target 0);
- memory: tracemalloc peak of one more sync into a fresh database (target: flat in N).

Reported: the ratio sync / fetch (target <= 1.5x) and studiobook's own work in absolute terms,
(sync - fetch) / clients in ms per client, for the first import and the re-sync. Pages are
fetched one after the other, as the product's client does, so the default sizes are small.

    python bench/sync.py [--db postgresql+psycopg://user@host/any_db] [--clients 1000,3000]
                         [--latency 100-200] [--repeats 2]

Without ``--db`` each sync gets a fresh SQLite file. With a PostgreSQL URL, each sync gets a
throw-away database created on that server (and dropped afterwards).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from support import backend, throwaway_database

REPO = Path(__file__).resolve().parents[1]
PAGE_SIZE = 100
TARGET_RATIO = 1.5
SERVER = """
import json, os, sys
from studiobook.adapters.fakes.wodify import FakeWodify
low, high = float(sys.argv[2]), float(sys.argv[3])
fake = FakeWodify(
    clients=int(sys.argv[1]),
    api_key=os.environ["BENCH_WODIFY_KEY"],
    latency=(low, high) if high > 0 else None,
).start()
print(json.dumps({"url": fake.url, "location_id": fake.location_id}), flush=True)
sys.stdin.read()
fake.stop()
"""
_MEMBER_WRITE = re.compile(r"^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?members\"?\b", re.I)


@contextmanager
def fake_wodify(clients: int, latency: tuple[float, float]) -> Iterator[dict]:
    """The fake in a process of its own; ``latency`` in seconds, (0, 0) for none."""
    key = f"bench-{secrets.token_hex(12)}"
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(clients), *(str(bound) for bound in latency)],
        cwd=REPO,
        env={**os.environ, "BENCH_WODIFY_KEY": key, "PYTHONPATH": str(REPO)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        started = json.loads(process.stdout.readline())
        yield {**started, "api_key": key, "clients": clients}
    finally:
        process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def fresh_database(server_url: str | None) -> Iterator[str]:
    if not server_url or backend(server_url) == "sqlite":
        with tempfile.TemporaryDirectory(prefix="studiobook-bench-sync-") as folder:
            yield f"sqlite:///{Path(folder) / 'sync.db'}"
        return
    with throwaway_database(server_url, "sync") as url:
        yield url


def container_for(url: str, wodify: dict):
    from studiobook.application.container import build_container
    from studiobook.application.settings import Settings

    container = build_container(
        Settings(
            database_url=url,
            load_entry_points=False,
            wodify_api_url=wodify["url"],
            wodify_api_key=wodify["api_key"],
            wodify_location_id=wodify["location_id"],
        )
    )
    container.store().ensure_schema()
    return container


def close(container) -> None:
    try:
        container.membership_gateway().close()
    finally:
        container.store().dispose()


def fetch_only(wodify: dict) -> int:
    """Every page of /clients with plain httpx, as the product's client asks for it."""
    import httpx

    from studiobook.adapters.wodify.http import _tls

    pages = math.ceil(wodify["clients"] / PAGE_SIZE)
    received = 0
    with httpx.Client(
        base_url=wodify["url"],
        params={"location_id": wodify["location_id"]},
        headers={"accept": "application/json", "user-agent": "studiobook"},
        timeout=httpx.Timeout(10.0, connect=5.0),
        verify=_tls(),  # the product's shared TLS context: neither side pays for a new one
    ) as http:
        for page in range(1, pages + 1):
            response = http.get(
                "/clients",
                params={"page": page, "page_size": PAGE_SIZE},
                headers={"x-api-key": wodify["api_key"]},
            )
            response.raise_for_status()
            received += len(response.content)
    return received


def gateway_only(wodify: dict) -> int:
    """Every page through the product's WODIFY client: fetch, JSON, domain values; no store."""
    from studiobook.adapters.wodify.client import WodifyClient

    pages = math.ceil(wodify["clients"] / PAGE_SIZE)
    with WodifyClient(wodify["url"], wodify["api_key"], wodify["location_id"]) as client:
        return sum(
            len(client.list_members(page=page, page_size=PAGE_SIZE).items)
            for page in range(1, pages + 1)
        )


def timed_sync(server_url: str | None, wodify: dict, *, resync: bool = False) -> dict:
    """One sync into a fresh database (and optionally a re-sync with nothing changed)."""
    from sqlalchemy import event

    with fresh_database(server_url) as url:
        container = container_for(url, wodify)
        try:
            sync = container.wodify_sync()
            started = time.perf_counter()
            result = sync.run("members", force=True)
            seconds = time.perf_counter() - started
            assert result.outcome == "ok" and result.created == wodify["clients"], result
            measured = {"sync": seconds}
            if resync:
                rows = []

                def count(conn, cursor, statement, parameters, context, executemany):
                    if _MEMBER_WRITE.match(statement):
                        rows.append(len(parameters) if executemany else 1)

                event.listen(container.store().engine, "before_cursor_execute", count)
                started = time.perf_counter()
                again = sync.run("members", force=True)
                measured["resync"] = time.perf_counter() - started
                event.remove(container.store().engine, "before_cursor_execute", count)
                assert again.unchanged == wodify["clients"], again
                measured["rows_written"] = sum(rows)
            return measured
        finally:
            close(container)


def sync_peak_memory(server_url: str | None, wodify: dict) -> int:
    with fresh_database(server_url) as url:
        container = container_for(url, wodify)
        try:
            sync = container.wodify_sync()
            tracemalloc.start()
            try:
                result = sync.run("members", force=True)
                peak = tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()
            assert result.created == wodify["clients"], result
            return peak
        finally:
            close(container)


def latency_range(text: str) -> tuple[float, float]:
    """``100-200`` (ms, uniform), ``150`` (fixed) or ``0`` (none) -> (low, high) in seconds."""
    try:
        low, _, high = text.partition("-")
        bounds = float(low), float(high or low)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a latency in ms (e.g. 100-200)") from None
    if not 0 <= bounds[0] <= bounds[1]:
        raise argparse.ArgumentTypeError(f"'{text}': want LOW-HIGH ms with 0 <= LOW <= HIGH")
    return bounds[0] / 1000, bounds[1] / 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a PostgreSQL server URL (default: fresh SQLite files)")
    parser.add_argument("--clients", default="1000,3000", help="comma-separated client counts")
    parser.add_argument(
        "--latency", type=latency_range, default=(0.1, 0.2), metavar="LOW-HIGH",
        help="per-page latency of the fake WODIFY in ms, uniform (default 100-200; 0: none)",
    )
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--profile", action="store_true", help="cProfile one sync of the largest N")
    args = parser.parse_args()
    sizes = [int(n) for n in args.clients.split(",")]
    engine = backend(args.db) if args.db else "sqlite"
    low, high = (bound * 1000 for bound in args.latency)
    latency = f"{low:g}-{high:g} ms a page" if high else "no latency (bare loopback)"
    print(f"WODIFY members sync vs plain httpx fetch — {engine}, page size {PAGE_SIZE}, "
          f"fake WODIFY with {latency}, best of {args.repeats}")

    peaks: dict[int, int] = {}
    ratios: dict[int, float] = {}
    rows_written: dict[int, int] = {}
    for clients in sizes:
        with fake_wodify(clients, args.latency) as wodify:
            fetch_only(wodify)  # warm-up: connection, server caches, imports
            if not high:  # with latency, waiting dwarfs what a warm-up would take away
                timed_sync(args.db, {**wodify, "clients": clients})
            fetches, gateways, syncs, resyncs = [], [], [], []
            for repeat in range(args.repeats):
                started = time.perf_counter()
                fetch_only(wodify)
                fetches.append(time.perf_counter() - started)
                started = time.perf_counter()
                gateway_only(wodify)
                gateways.append(time.perf_counter() - started)
                measured = timed_sync(args.db, wodify, resync=repeat == 0)
                syncs.append(measured["sync"])
                if "resync" in measured:
                    resyncs.append(measured["resync"])
                    rows_written[clients] = measured["rows_written"]
            peaks[clients] = sync_peak_memory(args.db, wodify)
            if args.profile and clients == max(sizes):
                profile(args.db, wodify)
        fetch, gateway, sync, resync = min(fetches), min(gateways), min(syncs), resyncs[0]
        ratios[clients] = sync / fetch
        print(
            f"  {clients:>6} clients: fetch {fetch * 1000:6.0f} ms | sync {sync * 1000:6.0f} ms"
            f" | ratio {ratios[clients]:5.2f}x | studiobook's own work"
            f" {per_client(sync - fetch, clients)} | peak {peaks[clients] / 1e6:.2f} MB"
        )
        print(
            f"  {'':>6}          re-sync {resync * 1000:6.0f} ms ({resync / fetch:4.2f}x fetch,"
            f" {resync / sync:4.2f}x the import), own work {per_client(resync - fetch, clients)},"
            f" {rows_written[clients]} member rows written"
        )
        print(
            f"  {'':>6}          where the sync's time goes: fetch {fetch / sync:4.0%},"
            f" JSON + domain mapping {max(0.0, gateway - fetch) / sync:4.0%} (gateway alone"
            f" {gateway * 1000:.0f} ms), store {max(0.0, sync - gateway) / sync:4.0%}"
        )

    largest, smallest = max(sizes), min(sizes)
    growth = peaks[largest] / peaks[smallest]
    print(f"ratio at {largest} clients: {ratios[largest]:.2f}x (target <= {TARGET_RATIO}x) "
          f"{'OK' if ratios[largest] <= TARGET_RATIO else 'MISSED'}")
    print(f"peak memory {smallest} -> {largest} clients: {peaks[smallest] / 1e6:.2f} MB -> "
          f"{peaks[largest] / 1e6:.2f} MB ({growth:.2f}x for {largest / smallest:.0f}x the clients) "
          f"{'OK (flat)' if growth < 2 else 'MISSED (grows with N)'}")
    written = sum(rows_written.values())
    print(f"re-sync with nothing changed: {written} member rows written "
          f"{'OK' if written == 0 else 'MISSED'}")
    return 0


def per_client(seconds: float, clients: int) -> str:
    """Time beyond fetching, in total and per client (negative: within the run's noise)."""
    return f"{seconds * 1000:+6.0f} ms = {seconds * 1000 / clients:+.3f} ms/client"


def profile(server_url: str | None, wodify: dict) -> None:
    import cProfile
    import pstats

    with fresh_database(server_url) as url:
        container = container_for(url, wodify)
        try:
            profiler = cProfile.Profile()
            profiler.enable()
            container.wodify_sync().run("members", force=True)
            profiler.disable()
        finally:
            close(container)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)


if __name__ == "__main__":
    sys.exit(main())
