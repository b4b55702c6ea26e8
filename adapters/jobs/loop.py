"""The long-running scheduler: ``schedule`` ticks, the database decides.

``schedule`` keeps its timetable in memory, which would forget every run on a restart and knows
nothing of a second scheduler process. So it only provides the heartbeat; on each beat the
:class:`JobRunner` asks the database which jobs are due and claims them — and on PostgreSQL
(:class:`~studiobook.application.jobs.scheduling.QueueingRunner`) queues them for the workers
instead of running them here.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import schedule

from studiobook.application.jobs.runner import JobRunner, Outcome

log = logging.getLogger("studiobook.scheduler")


class SchedulerLoop:
    def __init__(
        self,
        runner: JobRunner,
        heartbeat_seconds: int = 30,
        on_outcome: Callable[[Outcome], None] = lambda outcome: None,
    ) -> None:
        self.runner = runner
        self.on_outcome = on_outcome
        self.stopped = threading.Event()
        self._timetable = schedule.Scheduler()
        self._timetable.every(heartbeat_seconds).seconds.do(self.beat)

    def beat(self) -> list[Outcome]:
        try:
            outcomes = self.runner.run_due()
        except Exception:  # e.g. the database is down: log it, try again on the next beat
            log.exception("scheduler heartbeat failed; trying again on the next one")
            return []
        for outcome in outcomes:
            if outcome.ran:
                self.on_outcome(outcome)
        return outcomes

    def run_forever(self) -> None:
        """Run due jobs now, then on every heartbeat until :meth:`stop`."""
        self.beat()
        while not self.stopped.is_set():
            self._timetable.run_pending()
            self.stopped.wait(max(0.1, self._timetable.idle_seconds or 1.0))

    def stop(self) -> None:
        self.stopped.set()

