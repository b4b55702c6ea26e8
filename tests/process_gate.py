"""Racing real processes: each one imports what it needs, says it is ready (a file), and waits at
a gate (another file); opening the gate when all are ready makes the operations race, not the
interpreter start-ups."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path


def release_together(
    processes: list[subprocess.Popen], ready: list[Path], gate: Path, timeout: float = 120
) -> list[tuple[str, str]]:
    """Open ``gate`` once every ``ready`` flag exists; return each process's (stdout, stderr)."""
    try:
        deadline = time.monotonic() + timeout
        while not all(flag.exists() for flag in ready):
            assert time.monotonic() < deadline, "the processes never got ready"
            ended = [p for p in processes if p.poll() is not None]
            assert not ended, ["a process ended before the gate", *(p.communicate() for p in ended)]
            time.sleep(0.02)
        gate.touch()
        return [p.communicate(timeout=timeout) for p in processes]
    finally:
        for p in processes:
            if p.poll() is None:
                p.kill()
