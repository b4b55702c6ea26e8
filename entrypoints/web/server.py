"""Running the admin web app and the scheduler in one process (``studiobook serve``).

The socket is bound here, on exactly the host asked for, before uvicorn starts, so the address
printed is the real one (also with ``--port 0``). The scheduler runs in a daemon thread with the
same container: the web requests and the scheduled syncs share one engine and one cache. uvicorn
owns the main thread and its signals; when it returns, the scheduler and the fakes are stopped.
"""

from __future__ import annotations

import signal
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager

import uvicorn

from studiobook.application.container import build_container
from studiobook.application.settings import Settings
from studiobook.application.shared.audit import acting_as
from studiobook.entrypoints.web.app import create_app
from studiobook.entrypoints.web.config import WebConfig
from studiobook.entrypoints.web.demo import demo_services, prepare

HEARTBEAT_SECONDS = 30
BACKLOG = 2048  # uvicorn's default


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


def start_scheduler(container, say: Callable[[str], None]):
    loop = container.scheduler_loop()(
        container.job_runner(),
        heartbeat_seconds=HEARTBEAT_SECONDS,
        on_outcome=lambda o: say(f"scheduler: {o.job}: {'ok' if o.ok else 'failed'} — {o.message}"),
    )

    def work() -> None:
        with acting_as("scheduler"):
            loop.run_forever()

    threading.Thread(target=work, name="studiobook-scheduler", daemon=True).start()
    return loop


def serve(database_url: str | None, *, demo: bool, host: str, port: int, say: Callable[[str], None]) -> None:
    """Blocks until uvicorn is told to stop (Ctrl-C, SIGTERM). Raises :class:`ServeError` (or
    :class:`WebConfigError`, a missing token) before anything starts when it cannot serve."""
    with ExitStack() as stack:
        if demo:
            services = stack.enter_context(demo_services())
            config = WebConfig.from_env(admin_token=services.admin_token)
            settings = services.settings(database_url)
        else:
            config = WebConfig.from_env()  # refuses to start without a token
            settings = Settings.from_env(database_url=database_url)
        container = build_container(settings)
        store = container.store()
        stack.callback(store.dispose)
        store.ensure_schema()
        if demo:
            say("seeding the demo companies ...")
            prepare(container, services)
        sock = stack.enter_context(bind(host, port))
        app = create_app(
            container, config.admin_token, config.company_tokens,
            rate_requests=config.rate_requests, rate_seconds=config.rate_seconds,
            public_rate_requests=config.public_rate_requests,
            public_rate_seconds=config.public_rate_seconds,
        )
        stack.callback(start_scheduler(container, say).stop)
        bound_host, bound_port = sock.getsockname()[:2]
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        say(f"studiobook admin on http://{shown}:{bound_port}/  (database {store.safe_url})")
        if demo:
            say(f"admin token: {config.admin_token}")
            say(f"demo: fake WODIFY at {services.wodify.url}, fake Cal.com at {services.calcom.url}")
        with stopped_by_signals():
            uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[sock])
        say("stopped")


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
