"""``serve`` moves what startup built out of the garbage collector's sight once the app has
started (issue 18: full collections walking ~180,000 startup objects paused requests 130 ms),
and collects its youngest generation less often (an answer's own objects were walked twice)."""

from __future__ import annotations

import asyncio
import gc
from contextlib import asynccontextmanager

from studiobook.entrypoints.web.server import YOUNG_COLLECTION_THRESHOLD, _heap_settled


def test_the_heap_is_frozen_after_startup_and_the_app_still_starts_and_stops():
    steps: list = []

    @asynccontextmanager
    async def lifespan(app):
        steps.append("started")
        yield {"state": 1}
        steps.append("stopped")

    async def run() -> None:
        async with _heap_settled(lifespan)(None) as state:
            young = gc.get_threshold()[0]
            steps.append(("serving", gc.get_freeze_count() > 0, young, state))

    before = gc.get_threshold()
    gc.unfreeze()
    try:
        asyncio.run(run())
    finally:
        gc.unfreeze()  # this test process keeps collecting as before
        gc.set_threshold(*before)
    assert before[0] < YOUNG_COLLECTION_THRESHOLD
    expected = ("serving", True, YOUNG_COLLECTION_THRESHOLD, {"state": 1})
    assert steps == ["started", expected, "stopped"]
