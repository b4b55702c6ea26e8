"""Availability questions wait for their turn in the event loop, not in a thread (issue 18).

A plain ``def`` route runs in the server's thread pool (40 threads a process). Weeks and months
take turns in the use-case (``Availability.gate``, ``STUDIOBOOK_AVAILABILITY_THREADS`` wide), so
with 50 customers asking, 39 threads sat waiting for the gate and a booking waited for a thread
behind them (1 worker, 50 clients: bookings p50 161-165 ms, p99 202-262 ms). Here a question that
takes turns (:func:`~studiobook.application.appointments.appointments.takes_turns`) first waits,
without a thread, for a limiter as wide as the gate, first come first served; it then runs in a
thread of its own, outside the pool the other routes share. One about a day or less goes
straight to that pool, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from anyio import to_thread

from studiobook.application.appointments.appointments import takes_turns
from studiobook.entrypoints.web.deps import Web

T = TypeVar("T")


async def in_turn(web: Web, ask: Callable[[], T], start: datetime, end: datetime) -> T:
    """``ask()`` (an availability question about ``[start, end)``) in a worker thread, in turn."""
    limiter = web.availability_turns() if takes_turns(start, end) else None
    return await to_thread.run_sync(ask, limiter=limiter)
