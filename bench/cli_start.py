"""CLI start-up: ``studiobook course list --json`` against a bare ``python -c pass``.

Both run as new processes of the same interpreter (``sys.executable``; the command through the
installed console script next to it), interleaved so that noise on the machine hits both alike.
The database is created by one untimed first run (an empty database is migrated, which needs
alembic; that run is reported on its own); the timed runs read the created, still empty database.
Then, for a few commands on a database with demo data, which heavy libraries each one imports.
Target (the CLI start-up issue): median of the command <= median of bare Python + 0.3 s.

Child processes run with Python's bytecode cache on, kept in the bench's temporary folder
(``PYTHONPYCACHEPREFIX``) and filled by the untimed runs, as after any real installation; an
environment with ``PYTHONDONTWRITEBYTECODE`` would otherwise compile every module of the project
on every run. ``--as-is`` runs the children with this environment unchanged instead.

    python bench/cli_start.py [--runs 15] [--budget 0.3] [--as-is]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

HEAVY = ("fastapi", "uvicorn", "alembic", "cryptography", "httpx", "starlette", "jinja2", "pydantic")

# Runs one command in this interpreter, then writes its exit code and the heavy modules it
# imported to the file named first on its command line.
PROBE = f"""
import sys
from studiobook.entrypoints.cli.main import run
out, argv = sys.argv[1], sys.argv[2:]
code = run(argv)
heavy = [name for name in {HEAVY!r} if name in sys.modules]
with open(out, "w") as f:
    f.write(" ".join([str(code), *heavy]))
"""


def console_script() -> Path:
    folder = Path(sys.executable).parent
    for name in ("studiobook", "studiobook.exe"):
        if (folder / name).exists():
            return folder / name
    raise SystemExit(f"bench: no studiobook console script next to {sys.executable} (pip install -e .)")


def child_environment(folder: Path, as_is: bool) -> dict[str, str]:
    environment = dict(os.environ)
    # WODIFY not configured whatever the caller's shell says: `wodify status` stays local.
    for variable in ("WODIFY_API_KEY", "WODIFY_LOCATION_ID", "STUDIOBOOK_DEBUG"):
        environment.pop(variable, None)
    if not as_is:
        environment.pop("PYTHONDONTWRITEBYTECODE", None)
        environment["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    return environment


def children_cpu() -> float:
    """CPU seconds (user + system) of all finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(argv: list[str], environment: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run (CPU time is less disturbed by a busy machine)."""
    cpu, started = children_cpu(), time.perf_counter()
    done = subprocess.run(argv, env=environment, cwd=cwd, capture_output=True)
    elapsed, cpu = time.perf_counter() - started, children_cpu() - cpu
    if done.returncode != 0:
        raise SystemExit(f"bench: {' '.join(argv)} failed ({done.returncode}): {done.stderr.decode()}")
    return elapsed, cpu


def p90(values: tuple[float, ...]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.9 * len(ordered)) - 1))]


def heavy_imports(argv: list[str], environment: dict[str, str], cwd: Path) -> str:
    out = cwd / "probe.txt"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(out), *argv],
        env=environment, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    if done.returncode != 0 or not out.exists():
        return f"(probe failed: {done.stderr.decode().strip()[-200:]})"
    code, *heavy = out.read_text().split()
    out.unlink()
    return (", ".join(heavy) or "none") + ("" if code == "0" else f" (exit {code})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each (default 15)")
    parser.add_argument("--budget", type=float, default=0.3, help="allowed median difference, seconds")
    parser.add_argument("--as-is", action="store_true", help="children get this environment unchanged")
    args = parser.parse_args(argv)

    script = console_script()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="studiobook-bench-") as name:
        folder = Path(name)
        environment = child_environment(folder, args.as_is)
        url = f"sqlite:///{folder / 'bench.db'}"
        bare = [sys.executable, "-c", "pass"]
        read = ["course", "list", "--json"]
        command = [str(script), "--db", url, *read]

        # Untimed: the bytecode cache of the interpreter's start, then of a first run (migration
        # and read path) on a scratch database; then the first run on the bench's own database.
        timed(bare, environment, folder)
        timed([str(script), "--db", f"sqlite:///{folder / 'scratch.db'}", *read], environment, folder)
        first, _ = timed(command, environment, folder)
        bare_runs, command_runs = [], []
        for _ in range(args.runs):
            bare_runs.append(timed(bare, environment, folder))
            command_runs.append(timed(command, environment, folder))

        seeded = f"sqlite:///{folder / 'demo.db'}"
        subprocess.run(
            [str(script), "--db", seeded, "seed", "--industry", "hair", "--json"],
            env=environment, cwd=folder, stdout=subprocess.DEVNULL, check=True,
        )
        today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        window = ["--from", today.isoformat(), "--to", (today + timedelta(days=7)).isoformat()]
        probes = {
            "course list": ["course", "list", "--json"],
            "booking list": ["booking", "list", "--json"],
            "booking add": ["booking", "add", "1", "--name", "Bench", "--email", "b@example.com", "--json"],
            "company list": ["company", "list", "--json"],
            "availability": ["availability", "1", *window, "--json"],
            "wodify status": ["wodify", "status", "--json"],
        }
        imported = {
            label: heavy_imports(["--db", seeded, *words], environment, folder)
            for label, words in probes.items()
        }

    bare_times, bare_cpu = zip(*bare_runs, strict=True)
    command_times, command_cpu = zip(*command_runs, strict=True)
    bare_median, command_median = statistics.median(bare_times), statistics.median(command_times)
    difference, ratio = command_median - bare_median, command_median / bare_median
    met = difference <= args.budget
    cache = "as the caller's environment has it" if args.as_is else "on (a fresh PYTHONPYCACHEPREFIX, warmed)"
    print(f"CLI start-up, {args.runs} interleaved runs each; {sys.executable}; bytecode cache {cache}")
    print(f"load average (1 min)    : {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
          f"  (on {os.cpu_count()} CPUs; a busy machine slows the command far more than bare Python)")
    print(f"python -c pass          : median {bare_median:6.3f} s   p90 {p90(bare_times):6.3f} s")
    print(f"studiobook course list  : median {command_median:6.3f} s   p90 {p90(command_times):6.3f} s"
          "  (--json, created empty SQLite database)")
    verdict = "met" if met else "NOT met, exit status 1"
    print(f"difference (medians)    : {difference:6.3f} s  (target <= {args.budget:.2f} s: {verdict})")
    print(f"ratio (medians)         : {ratio:6.1f}x")
    cpu = f"{statistics.median(command_cpu):6.3f} s vs {statistics.median(bare_cpu):.3f} s"
    print(f"CPU time (medians)      : {cpu}  (user + system, the command vs bare Python)")
    print(f"first run (migrates)    : {first:6.3f} s  (not in the medians; an empty database needs alembic)")
    print(f"heavy modules each command imports ({', '.join(HEAVY)}); demo data, WODIFY not")
    print("configured (a configured WODIFY makes `wodify status` import httpx, as it must):")
    for label, modules in imported.items():
        print(f"  {label:<14}: {modules}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
