"""Running the web app and the scheduler (``studiobook serve``), in one process or several.

The socket is bound here, on exactly the host asked for, before uvicorn starts, so the address
printed is the real one (also with ``--port 0``). The scheduler runs once, in a daemon thread of
this process, whatever the number of workers: with one worker the web requests share its
container (one engine, one cache); with ``workers`` > 1 this process is uvicorn's supervisor and
serves nothing itself, and every worker process accepts on the inherited socket and builds its own
container and app from the same settings and web configuration (:class:`Worker`, sent to the
spawned processes by pickling — the database URL, the tokens and the demo's fake servers reach
them without passing through the environment). uvicorn owns the main thread and its signals;
when it returns, the scheduler and the fakes are stopped.

Every process that serves requests (this one with one worker, else each worker) precaches
availability into its own cache on its own timer (:func:`start_precaching`, issue 19).

Metrics (``/metrics``) are Prometheus'; with several workers every process of the run — the
workers and this one, whose scheduler runs the jobs — writes them to a fresh private directory
(``PROMETHEUS_MULTIPROC_DIR``, removed at exit), so any worker's answer covers all of them. Logs
are JSON lines on stderr, at the level of ``--log-level`` / ``STUDIOBOOK_LOG_LEVEL`` (default
warning), in the workers too.
"""

from __future__ import annotations

import gc
import inspect
import logging
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import ExitStack, asynccontextmanager, contextmanager
from dataclasses import dataclass, replace
from typing import Any

import uvicorn
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors import Multiprocess

from studiobook.application.container import build_container
from studiobook.application.settings import Settings
from studiobook.application.shared.audit import acting_as
from studiobook.entrypoints.logs import log_json_lines, name_of
from studiobook.entrypoints.web.app import create_app, create_metrics_app
from studiobook.entrypoints.web.config import WebConfig
from studiobook.entrypoints.web.demo import demo_services, prepare
from studiobook.entrypoints.web.hosts import guard_hosts

HEARTBEAT_SECONDS = 30
BACKLOG = 2048  # uvicorn's default
METRICS_DIR = "PROMETHEUS_MULTIPROC_DIR"


class ServeError(Exception):
    """The server cannot start; the message says why (one line)."""


def bind(host: str, port: int) -> socket.socket:
    """A socket listening on ``host:port`` (the first address the name resolves to): from here
    on connections queue up, so the address printed next works at once."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        sock = socket.socket(family, kind, proto)
    except OSError as error:
        raise ServeError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(BACKLOG)
    except OSError as error:
        sock.close()
        raise ServeError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    return sock


def address_of(sock: socket.socket) -> str:
    """``http://host:port`` of a listening socket (an IPv6 host in brackets)."""
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


METRICS_STARTUP_SECONDS = 10


@contextmanager
def metrics_only(container, host: str, port: int) -> Iterator[str]:
    """``GET /metrics`` alone (:func:`create_metrics_app`: the admin token, as ``serve``'s) on
    ``host:port``, from a thread of this process until the block ends; yields its address. For
    ``studiobook worker``, whose job durations no ``serve`` sees. Raises
    :class:`WebConfigError` (no admin token) or :class:`ServeError` (cannot listen) before
    anything starts."""
    config = WebConfig.from_env().serving_on(host)
    app = create_metrics_app(
        container, config.admin_token, config.company_tokens,
        rate_requests=config.rate_requests, rate_seconds=config.rate_seconds,
    )  # fmt: skip
    guard_hosts(app, config.allowed_hosts)
    with bind(host, port) as sock:
        server = uvicorn.Server(uvicorn_config(app, config))
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="metrics", daemon=True
        )
        thread.start()
        try:
            deadline = time.monotonic() + METRICS_STARTUP_SECONDS
            while not server.started:  # said once it answers, and never if it failed
                if not thread.is_alive() or time.monotonic() > deadline:
                    raise ServeError(f"the metrics server on {host}:{port} did not start")
                time.sleep(0.01)
            yield f"{address_of(sock)}/metrics"
        finally:
            server.should_exit = True
            thread.join(timeout=10)


def start_scheduler(container, say: Callable[[str], None]):
    from studiobook.application.jobs.scheduling import scheduler_runner

    runner = scheduler_runner(container)  # on PostgreSQL it queues the due jobs (issue 19)
    for job, reason in runner.off().items():  # said once; an off job never runs or warns
        say(f"scheduler: {job} is off — {reason}")
    loop = container.scheduler_loop()(
        runner,
        heartbeat_seconds=HEARTBEAT_SECONDS,
        on_outcome=lambda o: say(f"scheduler: {o.job}: {'ok' if o.ok else 'failed'} — {o.message}"),
    )

    def work() -> None:
        with acting_as("scheduler"):
            loop.run_forever()

    threading.Thread(target=work, name="studiobook-scheduler", daemon=True).start()
    return loop


def start_worker(container, concurrency: int, say: Callable[[str], None]) -> Callable[[], None]:
    """On PostgreSQL, a queue worker in a thread of this process running up to ``concurrency``
    jobs at a time (issue 19); its stop. Nothing on the embedded database, whose jobs run when
    they are queued."""
    from studiobook.application.jobs.queue import task_queue

    queue = task_queue(container)
    if queue.runs_in_process:
        return lambda: None
    container.transactions()  # made once here, not by two jobs' threads at the same moment
    say(f"worker: running up to {concurrency} queued job(s) at a time in this process")
    return queue.start(concurrency)


def start_precaching(container) -> Callable[[], None]:
    """This process's availability precache (issue 19), on its own timer in a daemon thread:
    the cache is per process, so each process that answers questions fills its own. Its stop."""
    from studiobook.application.jobs.precache import precache_runner

    runner = precache_runner(container)
    if runner.off():
        return lambda: None
    precache_log = logging.getLogger("studiobook.precache")
    loop = container.scheduler_loop()(
        runner, heartbeat_seconds=HEARTBEAT_SECONDS,
        on_outcome=lambda o: precache_log.log(
            logging.INFO if o.ok else logging.WARNING, "precache: %s", o.message
        ),
    )  # fmt: skip
    threading.Thread(target=loop.run_forever, name="studiobook-precache", daemon=True).start()
    return loop.stop


def web_app(container, config: WebConfig):
    app = create_app(
        container, config.admin_token, config.company_tokens,
        rate_requests=config.rate_requests, rate_seconds=config.rate_seconds,
        public_rate_requests=config.public_rate_requests,
        public_rate_seconds=config.public_rate_seconds,
    )
    guard_hosts(app, config.allowed_hosts)
    return app


def uvicorn_config(app: Any, config: WebConfig, **options: Any) -> uvicorn.Config:
    """uvicorn believes ``X-Forwarded-For``/``-Proto`` only from ``STUDIOBOOK_TRUSTED_PROXIES``
    (by default from nobody; uvicorn's own default would trust any process on loopback)."""
    return uvicorn.Config(
        app, proxy_headers=bool(config.trusted_proxies),
        forwarded_allow_ips=list(config.trusted_proxies),
        # uvicorn's records go to ours (JSON lines), at our level, in every process; requests
        # are logged by route template (entrypoints/web/metrics.py), not by raw path
        log_config=None, log_level=name_of(logging.getLogger().getEffectiveLevel()),
        access_log=False, **options,
    )


@dataclass(frozen=True)
class Worker:
    """uvicorn's app factory in a worker process: its own container and app, built from the
    supervisor's settings; its engine is disposed when the worker shuts down."""

    settings: Settings
    config: WebConfig
    log_level: int = logging.WARNING

    def __call__(self) -> Any:
        log_json_lines(self.log_level)
        try:
            container = build_container(self.settings)
            store = container.store()
            app = web_app(container, self.config)
            stop_precaching = start_precaching(container)  # this worker's own cache
        except Exception as error:  # the supervisor stops instead of restarting it forever
            print(f"Error: a worker cannot start: {error}", file=sys.stderr, flush=True)
            raise SystemExit(STARTUP_FAILURE) from None
        lifespan = _disposing(app.router.lifespan_context, store, stop_precaching)
        app.router.lifespan_context = _heap_settled(lifespan)
        return app


YOUNG_COLLECTION_THRESHOLD = 25_000


def _heap_settled(lifespan):
    """Once the app has started, what was built so far (modules, the app, the container, the
    table metadata: some 180,000 objects) is moved out of the garbage collector's sight
    (``gc.freeze``) for the life of the process. Every full collection walked all of it again:
    130 ms each, a pause that made the slowest of 50 availability answers 4x the median (one
    client, a week of 50 staff: p99 172 -> 45 ms, p50 37 ms either way).

    And the youngest generation is collected after :data:`YOUNG_COLLECTION_THRESHOLD` net new
    objects instead of Python's 700: an uncached week's answer holds a few thousand while it is
    computed (and frees them by reference counting when done), so at 700 the collector walked
    them twice a request, 0.2 ms each time (10 s of one client: 865 young collections, 0.18 s,
    against 101 and 0.015 s). What is cyclic garbage waits for a few more requests."""

    @asynccontextmanager
    async def settled(app) -> AsyncIterator[Any]:
        async with lifespan(app) as state:
            gc.collect()
            gc.freeze()
            _, middle, oldest = gc.get_threshold()
            gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, middle, oldest)
            yield state

    return settled


def _disposing(lifespan, store, stop: Callable[[], None] = lambda: None):
    @asynccontextmanager
    async def disposing(app) -> AsyncIterator[Any]:
        try:
            async with lifespan(app) as state:
                yield state
        finally:
            stop()
            store.dispose()

    return disposing


def serve(
    database_url: str | None, *, demo: bool, host: str, port: int, say: Callable[[str], None],
    workers: int = 1, jobs: int = 1,
) -> None:
    """Blocks until uvicorn is told to stop (Ctrl-C, SIGTERM). Raises :class:`ServeError` (or
    :class:`WebConfigError`, a missing token) before anything starts when it cannot serve."""
    with ExitStack() as stack:
        stack.callback(log_json_lines())
        if workers > 1:
            stack.enter_context(shared_metrics_dir())
        if demo:
            services = stack.enter_context(demo_services())
            config = WebConfig.from_env(admin_token=services.admin_token)
            settings = services.settings(database_url)
        else:
            config = WebConfig.from_env()  # refuses to start without a token
            settings = Settings.from_env(database_url=database_url)
        config = config.serving_on(host)
        settings = replace(settings, metrics="prometheus")
        container = build_container(settings)
        store = container.store()
        stack.callback(store.dispose)
        store.ensure_schema()
        if demo:
            say("seeding the demo companies ...")
            prepare(container, services)
        sock = stack.enter_context(bind(host, port))
        app = web_app(container, config) if workers == 1 else None
        if app is not None:  # the web app's own container: the cache its requests read
            stack.callback(start_precaching(container))
        stack.callback(start_scheduler(container, say).stop)
        if jobs:
            stack.callback(start_worker(container, jobs, say))
        processes = "" if workers == 1 else f", {workers} worker processes"
        say(f"studiobook admin on {address_of(sock)}/  (database {store.safe_url}{processes})")
        if demo:
            say(f"admin token: {config.admin_token}")
            say(f"demo: fake WODIFY at {services.wodify.url}, fake Cal.com at {services.calcom.url}")
        if app is not None:
            app.router.lifespan_context = _heap_settled(app.router.lifespan_context)
            with stopped_by_signals():
                uvicorn.Server(uvicorn_config(app, config)).run(sockets=[sock])
        else:
            level = logging.getLogger().getEffectiveLevel()
            supervise(Worker(settings, config, level), workers, sock)
        say("stopped")


HEALTHCHECK_SECONDS = 30


def supervise(worker: Worker, workers: int, sock: socket.socket) -> None:
    """uvicorn's supervisor: ``workers`` spawned processes on ``sock``, a dead one replaced, a
    hung one (no answer to the supervisor's ping) killed and replaced; SIGINT and SIGTERM stop
    them all gracefully, SIGHUP replaces them one by one, SIGTTIN/SIGTTOU add or remove one."""
    options: dict[str, Any] = {"factory": True, "workers": workers}
    if "timeout_worker_healthcheck" in inspect.signature(uvicorn.Config).parameters:
        # uvicorn's 5 s replaces a worker that is still importing the app on a busy machine;
        # a worker hung for good is still replaced, HEALTHCHECK_SECONDS later.
        options["timeout_worker_healthcheck"] = HEALTHCHECK_SECONDS
    config = uvicorn_config(worker, worker.config, **options)
    if "target" in inspect.signature(Multiprocess).parameters:  # older uvicorn takes the entry
        supervisor = Multiprocess(config, target=uvicorn.Server(config).run, sockets=[sock])
    else:  # the workers' entry point is the supervisor's own
        supervisor = Multiprocess(config, sockets=[sock])
    supervisor.run()
    if any(process.process.exitcode == STARTUP_FAILURE for process in supervisor.processes):
        raise ServeError("a worker process could not start (its error is printed above)")


@contextmanager
def shared_metrics_dir() -> Iterator[str]:
    """A new directory, only ours (0700), where every process of this run writes its metrics;
    spawned workers inherit the variable that names it. Removed, and the variable restored, at
    the end: files of an earlier run would be counted again."""
    previous = os.environ.get(METRICS_DIR)
    path = tempfile.mkdtemp(prefix="studiobook-metrics-")
    os.environ[METRICS_DIR] = path
    try:
        yield path
    finally:
        if previous is None:
            os.environ.pop(METRICS_DIR, None)
        else:
            os.environ[METRICS_DIR] = previous
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def stopped_by_signals() -> Iterator[None]:
    """uvicorn shuts down gracefully on SIGINT and SIGTERM and then raises the signal again; here
    both end as an ordinary return, so the scheduler and the fakes are stopped too (exit 0)."""
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler) if main else None
    try:
        yield
    except KeyboardInterrupt:
        pass
    finally:
        if main:
            signal.signal(signal.SIGTERM, previous)
