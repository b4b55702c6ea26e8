"""The PostgreSQL task queue: procrastinate on the studio's own database.

procrastinate keeps its jobs in the schema ``procrastinate`` (schema 0016 applies it), wakes
workers with LISTEN/NOTIFY, retries a failed job while its attempts last, runs at most one job
per ``lock`` at a time (one company's sync never runs twice at once) and queues at most one job
per ``queueing_lock``. A worker that dies (kill -9, a lost machine) stops sending heartbeats; any
other worker then puts its jobs back in the queue (:meth:`ProcrastinateQueue.retry_stalled`).

Beside each job, ``task_runs`` (same id) keeps what procrastinate does not: every attempt's
summary or error, and when the last attempt started and ended.
"""

from __future__ import annotations

import asyncio
import builtins
import contextlib
import json
import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import text
from sqlalchemy.engine import make_url

from studiobook.adapters.queue.in_process import failure
from studiobook.adapters.queue.records import SqlTaskRuns
from studiobook.application.jobs.ports import AlreadyQueued, JobError, QueuedJob, QueueTask
from studiobook.application.shared.ports import Clock

if TYPE_CHECKING:
    from procrastinate import App, JobContext

    from studiobook.adapters.sql.store import SqlStore

log = logging.getLogger("studiobook.queue")

SCHEMA = "procrastinate"
QUEUE = "studiobook"
# procrastinate's states in our words (aborting: asked to stop, still running).
STATES = {
    "todo": "queued", "doing": "running", "aborting": "running", "succeeded": "succeeded",
    "failed": "failed", "cancelled": "cancelled", "aborted": "cancelled",
}  # fmt: skip
OURS_TO_THEIRS = {
    ours: [theirs for theirs, mapped in STATES.items() if mapped == ours] for ours in set(STATES.values())
}


def conninfo(database_url: str) -> str:
    """The libpq URL of a SQLAlchemy ``postgresql+psycopg://`` one."""
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


class ProcrastinateQueue:
    runs_in_process = False

    def __init__(
        self,
        database_url: str,
        store: SqlStore,
        clock: Clock,
        tasks: Sequence[QueueTask],
        heartbeat_seconds: float = 10.0,
        stalled_after_seconds: float = 30.0,
        poll_seconds: float = 5.0,
    ) -> None:
        self.conninfo = conninfo(database_url)
        self.store = store
        self.records = SqlTaskRuns(store)
        self.clock = clock
        self.tasks = {task.name: task for task in tasks}
        self.heartbeat_seconds = heartbeat_seconds
        self.stalled_after_seconds = stalled_after_seconds
        self.poll_seconds = poll_seconds
        self._client: App | None = None

    # -- the app --------------------------------------------------------------------------------
    def app(self, pool_size: int = 2) -> App:
        """A procrastinate app on this database with every task registered (not yet open)."""
        from procrastinate import App, PsycopgConnector

        connector = PsycopgConnector(
            conninfo=self.conninfo, min_size=1, max_size=pool_size,
            kwargs={"options": f"-c search_path={SCHEMA}"},
        )  # fmt: skip
        app = App(connector=connector)
        for task in self.tasks.values():
            self._register(app, task)
        return app

    def _register(self, app: App, task: QueueTask) -> None:
        retry: Any = False
        if task.attempts > 1:  # procrastinate's max_attempts counts the retries
            retry = _retry_strategy(task)

        def run(context: JobContext, /, **args: Any) -> str:
            assert context.job is not None and context.job.id is not None
            return self._attempt(context.job.id, task, args, context.job.lock, context.job.queueing_lock)

        app.task(name=task.name, queue=QUEUE, retry=retry, pass_context=True)(run)

    def _attempt(
        self, job_id: int, task: QueueTask, args: Mapping[str, Any], lock: str | None,
        queueing_lock: str | None,
    ) -> str:
        now = self.clock.now()
        self.records.add(task.name, args, lock, queueing_lock, now, job_id=job_id)
        attempt = self.records.started(job_id, now)
        try:
            message = task.run(args)
        except Exception as error:
            message = failure(error)
            log.warning("job %s (%s) attempt %s failed: %s", job_id, task.name, attempt, message)
            self.records.finished(job_id, "failed", message, self.clock.now())
            raise
        self.records.finished(job_id, "succeeded", message, self.clock.now())
        return message

    def _opened(self) -> App:
        if self._client is None:
            self._client = self.app().open()
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    # -- the port -------------------------------------------------------------------------------
    def enqueue(
        self,
        task: str,
        args: Mapping[str, Any],
        lock: str | None = None,
        queueing_lock: str | None = None,
    ) -> int:
        from procrastinate.exceptions import AlreadyEnqueued

        if task not in self.tasks:
            raise JobError(f"there is no task '{task}' (tasks: {', '.join(sorted(self.tasks))})")
        app = self._opened()
        deferrer = app.tasks[task].configure(lock=lock, queueing_lock=queueing_lock)
        try:
            job_id = int(deferrer.defer(**dict(args)))
        except AlreadyEnqueued:
            assert queueing_lock is not None
            waiting = app.job_manager.list_jobs(queueing_lock=queueing_lock, status="todo")
            raise AlreadyQueued(queueing_lock, waiting[0].id if waiting else None) from None
        self.records.add(task, args, lock, queueing_lock, self.clock.now(), job_id=job_id)
        return job_id

    def job(self, job_id: int) -> QueuedJob:
        found = self._select("WHERE j.id = :id", {"id": job_id}, 1)
        if not found:
            raise JobError(f"there is no job {job_id}")
        return found[0]

    def list(self, status: str | None = None, limit: int = 50) -> list[QueuedJob]:
        if status is None:
            return self._select("", {}, limit)
        theirs = OURS_TO_THEIRS.get(status)
        if theirs is None:
            raise JobError(f"there is no job state '{status}'")
        return self._select("WHERE j.status::text = ANY(:states)", {"states": theirs}, limit)

    def _select(self, where: str, values: dict[str, Any], limit: int) -> builtins.list[QueuedJob]:
        query = text(
            "SELECT j.id, j.task_name, j.args, j.status::text AS status, j.attempts, j.lock, "
            "j.queueing_lock, r.attempts AS runs, r.message, r.started_at, r.finished_at "
            f"FROM {SCHEMA}.procrastinate_jobs j LEFT JOIN task_runs r ON r.id = j.id "
            f"{where} ORDER BY j.id DESC LIMIT :limit"
        )
        with self.store.unit_of_work() as uow:
            rows = uow.connection.execute(query, {**values, "limit": limit}).mappings().all()
        return [
            QueuedJob(
                id=row["id"], task=row["task_name"], args=_arguments(row["args"]),
                status=STATES.get(row["status"], row["status"]),
                attempts=row["runs"] if row["runs"] is not None else row["attempts"],
                lock=row["lock"], queueing_lock=row["queueing_lock"], message=row["message"],
                started_at=row["started_at"], finished_at=row["finished_at"],
            )  # fmt: skip
            for row in rows
        ]

    def retry(self, job_id: int) -> QueuedJob:
        job = self.job(job_id)
        if job.status != "failed":
            raise JobError(f"job {job_id}: {job.status}; only a failed job can be retried")
        self._opened().job_manager.retry_job_by_id(job_id, retry_at=self.clock.now())
        return self.job(job_id)

    def cancel(self, job_id: int) -> QueuedJob:
        job = self.job(job_id)
        if job.status != "queued" or not self._opened().job_manager.cancel_job_by_id(job_id):
            raise JobError(f"job {job_id}: {job.status}; only a queued job can be cancelled")
        return self.job(job_id)

    def work(self, concurrency: int = 1, wait: bool = True) -> None:
        asyncio.run(self.work_async(concurrency, wait))

    def start(self, concurrency: int = 1) -> Callable[[], None]:
        """A worker in a daemon thread of this process (``serve``'s embedded worker); the
        function returned stops it, letting its running jobs finish."""
        started = threading.Event()
        running: dict[str, Any] = {}

        async def run() -> None:
            running["loop"], running["task"] = asyncio.get_running_loop(), asyncio.current_task()
            started.set()
            await self.work_async(concurrency, wait=True, name="embedded", signals=False)

        def main() -> None:
            with contextlib.suppress(asyncio.CancelledError):
                asyncio.run(run())

        thread = threading.Thread(target=main, name="studiobook-queue-worker", daemon=True)
        thread.start()
        started.wait(10)

        def stop() -> None:
            loop, task = running.get("loop"), running.get("task")
            if loop is not None and task is not None and not loop.is_closed():
                with contextlib.suppress(RuntimeError):  # the loop ended meanwhile
                    loop.call_soon_threadsafe(task.cancel)
            thread.join(30)

        return stop

    async def work_async(
        self, concurrency: int = 1, wait: bool = True, name: str | None = None,
        signals: bool = True,
    ) -> None:
        """Run jobs until stopped (``wait``; Ctrl-C or SIGTERM, or cancelled) or until the queue
        is empty. A stalled worker's jobs are put back first, then every
        ``stalled_after_seconds``. ``signals``: this worker handles SIGINT and SIGTERM itself
        (not when it runs beside a server that does)."""
        app = self.app(pool_size=concurrency + 2)
        async with app.open_async():
            await self.retry_stalled(app)
            watcher = asyncio.create_task(self._watch_stalled(app)) if wait else None
            try:
                await app.run_worker_async(
                    queues=[QUEUE], concurrency=concurrency, wait=wait, name=name or "worker",
                    install_signal_handlers=wait and signals, delete_jobs="never",
                    update_heartbeat_interval=self.heartbeat_seconds,
                    stalled_worker_timeout=self.stalled_after_seconds,
                    fetch_job_polling_interval=self.poll_seconds,
                )  # fmt: skip
            finally:
                if watcher is not None:
                    watcher.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await watcher

    async def retry_stalled(self, app: App) -> builtins.list[int]:
        """Put the running jobs of workers without a recent heartbeat back in the queue."""
        stalled = await app.job_manager.get_stalled_jobs(
            queue=QUEUE, seconds_since_heartbeat=self.stalled_after_seconds
        )
        retried = []
        for job in stalled:
            assert job.id is not None
            log.warning("job %s (%s) was running on a worker that stopped; queued again", job.id, job.task_name)
            await app.job_manager.retry_job(job)
            retried.append(job.id)
        return retried

    async def _watch_stalled(self, app: App) -> None:
        while True:
            await asyncio.sleep(self.stalled_after_seconds)
            try:
                await self.retry_stalled(app)
            except Exception:  # the database may be away for a moment: try again later
                log.exception("could not look for stalled jobs")


def _retry_strategy(task: QueueTask) -> Any:
    """procrastinate's RetryStrategy for ``task``: its attempts, none after a final error."""
    from procrastinate import RetryStrategy

    class Strategy(RetryStrategy):
        def get_retry_decision(self, *, exception: BaseException, job: Any) -> Any:
            if isinstance(exception, task.final):
                return None
            return super().get_retry_decision(exception=exception, job=job)

    return Strategy(max_attempts=task.attempts - 1)


def _arguments(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        return dict(json.loads(value))
    return dict(value or {})

