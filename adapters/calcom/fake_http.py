"""The plumbing of a fake HTTP service on 127.0.0.1: a threaded server on a free port, faults
injected at run time, and a log of the requests — everything but the service's own behaviour,
which a subclass gives in :meth:`LoopbackServer.respond`.

The server answers on keep-alive connections (like a real API behind a load balancer) and sleeps
outside the lock for slow answers, so a request that times out does not hold up the next one.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Fault:
    """One injected misbehaviour for the next ``remaining`` matching requests."""

    kind: str  # "status", "slow" or "malformed"
    remaining: int
    status: int = 500
    retry_after: float | None = None
    seconds: float = 0.0
    message: str | None = None
    body: bytes = b""
    method: str | None = None
    path: str | None = None  # a prefix of the path after the base path
    query: Mapping[str, str] | None = None  # parameters the request must carry, e.g. skip

    def matches(self, method: str, path: str, query: Mapping[str, str]) -> bool:
        return (
            self.remaining > 0
            and (self.method is None or self.method == method)
            and (self.path is None or path.startswith(self.path))
            and all(query.get(k) == str(v) for k, v in (self.query or {}).items())
        )


@dataclass(frozen=True)
class Seen:
    """A request as the fake saw it (headers other than the API version are not kept)."""

    method: str
    path: str
    query: dict[str, str]
    version: str | None
    status: int


@dataclass
class Answer:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


class LoopbackServer:
    def __init__(self, name: str, base_path: str) -> None:
        self.name = name
        self.base_path = base_path
        self.lock = threading.RLock()
        self.requests: list[Seen] = []
        self._faults: list[Fault] = []
        self._server: _Server | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self):
        server = _Server(("127.0.0.1", 0), _Handler)
        server.fake = self
        self._server = server
        # A short poll interval: stop() waits one interval, and tests start and stop a lot.
        threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.01}, name=self.name,
            daemon=True,
        ).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def url(self) -> str:
        assert self._server is not None, f"the {self.name} server is not running"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{self.base_path}"

    def respond(self, method: str, target: str, headers: Mapping[str, str], raw: bytes) -> Answer:
        raise NotImplementedError

    # -- faults ------------------------------------------------------------------------------
    def fail_next(
        self,
        times: int = 1,
        status: int = 500,
        *,
        retry_after: float | None = None,
        message: str | None = None,
        **match: Any,
    ) -> None:
        """Answer the next ``times`` matching requests (``method``, ``path`` prefix, ``query``)
        with ``status`` (and ``Retry-After``)."""
        self.add_fault(Fault("status", times, status=status, retry_after=retry_after,
                             message=message, **match))

    def rate_limit_next(self, times: int = 1, retry_after: float = 1, **match: Any) -> None:
        self.fail_next(times, 429, retry_after=retry_after, **match)

    def slow_next(self, times: int = 1, seconds: float = 1.0, **match: Any) -> None:
        """Sleep ``seconds`` before answering (normally) — past the client's timeout."""
        self.add_fault(Fault("slow", times, seconds=seconds, **match))

    def add_fault(self, fault: Fault) -> None:
        with self.lock:
            self._faults.append(fault)

    def clear_faults(self) -> None:
        with self.lock:
            self._faults.clear()

    def take_fault(self, method: str, path: str, query: Mapping[str, str]) -> Fault | None:
        for fault in self._faults:
            if fault.matches(method, path, query):
                fault.remaining -= 1
                return fault
        return None

    def count(self, method: str | None = None, path: str | None = None) -> int:
        """How many requests arrived (optionally of ``method`` to exactly ``path``)."""
        with self.lock:
            return sum(
                1 for r in self.requests
                if (method is None or r.method == method) and (path is None or r.path == path)
            )


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: LoopbackServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that timed out and hung up is expected here, not an error


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out at once, no delayed-ACK stall
    timeout = 30
    server: _Server

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def _serve(self, method: str) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {name.lower(): value for name, value in self.headers.items()}
        answer = self.server.fake.respond(method, self.path, headers, raw)
        if answer.delay:
            time.sleep(answer.delay)
        try:
            self.send_response(answer.status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        pass  # tests read the fake's requests instead
