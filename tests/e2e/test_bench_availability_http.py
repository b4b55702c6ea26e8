"""bench/availability_http.py still runs, in small: a tiny seeded studio, one ``serve`` worker with
the bench's cache that keeps nothing, steady bookings, the week view at 1 and 10 clients for a
fraction of a second. Its first answer must equal the engine's for the seeded studio (the bench
says DIFFER and exits 1 otherwise), every request answered 200, and the report complete. The
full-size run is ``python bench/availability_http.py``."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
TINY = [
    "--staff", "6", "--offering", "2", "--appointments", "120", "--workers", "1",
    "--clients", "1,10", "--views", "week", "--modes", "uncached", "--seconds", "0.2",
    "--repeats", "1", "--bookings-per-second", "20",
]  # fmt: skip
ROW = re.compile(r"^ +uncached week +(\d+) +(\d+) +[\d.]+ +[\d.]+ +[\d.]+ +[\d.]+x .* -$", re.M)


def test_the_availability_bench_runs_through_serve_in_small():
    env = {k: v for k, v in os.environ.items() if not k.startswith("STUDIOBOOK_")}
    finished = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "availability_http.py"), *TINY],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    output = finished.stdout
    assert finished.returncode == 0, output + finished.stderr
    assert "DIFFER" not in output
    engine = r"engine alone, week: CPU best [\d.]+ ms, median [\d.]+ ms; wall clock best [\d.]+ ms"
    assert re.search(engine + r" \(\d+ slots\)", output), output
    rows = ROW.findall(output)  # clients, requests; "-": no failed request
    assert [clients for clients, _ in rows] == ["1", "10"], output
    assert all(int(requests) >= int(clients) for clients, requests in rows), output
    assert re.search(r"steady bookings: \{201: \d+", output), output
    assert "uncached week p99 at 10 clients" in output
    assert output.count("load average") == 2  # uptime at the start and the end
