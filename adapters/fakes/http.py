"""The one base of the loopback fakes: a threaded HTTP server on 127.0.0.1 (a free port, never
another interface), faults injected at run time, a log of the requests, and JSON in and out —
everything but the service's own contract, which a subclass gives in four places:

- :meth:`LoopbackServer.admit` — the access checks (API key, tenant), raising :class:`Rejection`;
- :meth:`LoopbackServer.route` — the endpoints, returning an :class:`Answer`;
- :meth:`LoopbackServer.error` — the service's error body for a status and a message;
- :attr:`LoopbackServer.malformed_body` — what a response cut off mid-stream looks like.

Every request goes the same way: outside ``base_path`` is a 404, then :meth:`~LoopbackServer.admit`,
then the first matching :class:`Fault` (a status, a malformed body, or a slow answer), then
:meth:`~LoopbackServer.route`; a :class:`Rejection` anywhere becomes :meth:`~LoopbackServer.error`.
The server answers on keep-alive connections (like a real API behind a load balancer) and sleeps
outside the lock for slow answers, so a request that times out does not hold up the next one.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

LOOPBACK = "127.0.0.1"  # the only interface a fake listens on
JSON = "application/json; charset=utf-8"


class Rejection(Exception):
    """An error answer (4xx); the fake's :meth:`~LoopbackServer.error` gives it the body."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


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
    query: Mapping[str, object] | None = None  # parameters the request must carry, e.g. page

    def matches(self, method: str, path: str, query: Mapping[str, str]) -> bool:
        return (
            self.remaining > 0
            and (self.method is None or self.method == method)
            and (self.path is None or path.startswith(self.path))
            and all(query.get(k) == str(v) for k, v in (self.query or {}).items())
        )


@dataclass(frozen=True)
class Seen:
    """A request as the fake saw it (no headers but the API version, so never the key)."""

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


# -- JSON ------------------------------------------------------------------------------------
def _encode(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)  # a JSON number; whole cents print exactly
    raise TypeError(f"{type(value).__name__} is not JSON")


def dumps(payload: object) -> bytes:
    """UTF-8 JSON as the services send it (no ``\\u`` escapes; a Decimal as a number)."""
    return json.dumps(payload, ensure_ascii=False, default=_encode).encode()


def json_object(raw: bytes, status: int) -> dict[str, Any] | None:
    """A request body: nothing (None) or a JSON object, else a :class:`Rejection` of ``status``."""
    if not raw:
        return None
    try:
        body = json.loads(raw)
    except ValueError:
        raise Rejection(status, "the request body is not JSON") from None
    if not isinstance(body, dict):
        raise Rejection(status, "the request body must be a JSON object")
    return body


# -- the server ------------------------------------------------------------------------------
class LoopbackServer:
    """A fake service at ``http://127.0.0.1:<free port><base_path>``; ``with`` starts and stops
    it. ``lock`` guards the fake's state: routes run under it, tests' helpers take it."""

    methods: tuple[str, ...] = ("GET", "POST", "PUT")  # others: 501, as http.server answers
    version_header: str | None = None  # a header kept in :class:`Seen` (lower case)
    malformed_body: bytes = b'{"data": ['

    def __init__(self, name: str, base_path: str) -> None:
        self.name = name
        self.base_path = base_path
        self.lock = threading.RLock()
        self.requests: list[Seen] = []
        self._faults: list[Fault] = []
        self._server: _Server | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> Self:
        server = _Server((LOOPBACK, 0), _Handler)  # port 0: a free one, chosen by the system
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
        return f"http://{LOOPBACK}:{self._server.server_port}{self.base_path}"

    # -- the service's contract (subclasses) -------------------------------------------------
    def admit(self, query: dict[str, str], headers: Mapping[str, str]) -> None:
        """Raise :class:`Rejection` for a request without access (before any fault)."""

    def route(
        self, method: str, path: str, query: dict[str, str], headers: Mapping[str, str], raw: bytes
    ) -> Answer:
        raise NotImplementedError

    def error(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> Answer:
        raise NotImplementedError

    # -- one request -------------------------------------------------------------------------
    def respond(self, method: str, target: str, headers: Mapping[str, str], raw: bytes) -> Answer:
        """The whole behaviour for one request (``headers`` in lower case); the handler only
        does the I/O."""
        url = urlsplit(target)
        query = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        base = self.base_path
        path = url.path[len(base):] if url.path.startswith(base + "/") else None
        version = headers.get(self.version_header) if self.version_header else None
        with self.lock:
            answer = self._respond(method, path, query, headers, raw)
            self.requests.append(Seen(method, path or url.path, query, version, answer.status))
        return answer

    def _respond(
        self, method: str, path: str | None, query: dict[str, str], headers: Mapping[str, str],
        raw: bytes,
    ) -> Answer:
        fault = None
        try:
            if path is None:
                raise Rejection(404, f"no such endpoint (the API lives under {self.base_path})")
            self.admit(query, headers)
            fault = self.take_fault(method, path, query)
            if fault and fault.kind == "status":
                extra = {} if fault.retry_after is None else {"Retry-After": f"{fault.retry_after:g}"}
                return self.error(fault.status, fault.message or f"injected fault {fault.status}",
                                  extra)
            if fault and fault.kind == "malformed":
                return Answer(200, fault.body)
            answer = self.route(method, path, query, headers, raw)
        except Rejection as rejection:
            answer = self.error(rejection.status, rejection.message)
        if fault and fault.kind == "slow":
            answer.delay = fault.seconds
        return answer

    # -- faults ------------------------------------------------------------------------------
    def fault(self, kind: str, times: int, **fields: Any) -> Fault:
        """The :class:`Fault` the helpers below add (a fake may take more ways to match)."""
        return Fault(kind, times, **fields)

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
        with ``status`` (and ``Retry-After``), the service's error body with ``message``."""
        self.add_fault(self.fault("status", times, status=status, retry_after=retry_after,
                                  message=message, **match))

    def rate_limit_next(self, times: int = 1, retry_after: float = 1, **match: Any) -> None:
        self.fail_next(times, 429, retry_after=retry_after, **match)

    def slow_next(self, times: int = 1, seconds: float = 1.0, **match: Any) -> None:
        """Sleep ``seconds`` before answering (normally) — past the client's timeout."""
        self.add_fault(self.fault("slow", times, seconds=seconds, **match))

    def malformed_next(self, times: int = 1, body: bytes | None = None, **match: Any) -> None:
        """Answer 200 with ``body``: by default :attr:`malformed_body`, JSON cut off mid-stream."""
        body = self.malformed_body if body is None else body
        self.add_fault(self.fault("malformed", times, body=body, **match))

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
    protocol_version = "HTTP/1.1"  # keep-alive: a sync of 100 pages reuses one connection
    disable_nagle_algorithm = True  # headers and body go out at once, no 40 ms delayed-ACK stall
    timeout = 30
    server: _Server

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def _serve(self, method: str) -> None:
        if method not in self.server.fake.methods:
            self.send_error(HTTPStatus.NOT_IMPLEMENTED, f"Unsupported method ({method!r})")
            return
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {name.lower(): value for name, value in self.headers.items()}
        answer = self.server.fake.respond(method, self.path, headers, raw)
        if answer.delay:
            time.sleep(answer.delay)
        try:
            self.send_response(answer.status)
            for name, value in {"Content-Type": JSON, **answer.headers}.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        pass  # tests read the fake's requests instead
