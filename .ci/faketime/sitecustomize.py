"""Loaded (through PYTHONPATH) only by the faketime passes of .ci/run.

libfaketime 0.9.10 (Debian 12) breaks ``clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME)`` when the
monotonic clock is left real (wolfcw/libfaketime#426), and CPython 3.11+ sleeps exactly that way:
every ``time.sleep`` fails with EINVAL. Faking the monotonic clock instead makes threading waits
hang (#390). So the monotonic clock stays real and ``time.sleep`` waits with ``select``, whose
timeout is relative. Nothing else changes: wall-clock reads go through libfaketime as usual.
"""

import select
import time


def _sleep(seconds: float) -> None:
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        select.select([], [], [], left)


time.sleep = _sleep
