"""A fake WODIFY speaking SPEC 3.1 over real HTTP on 127.0.0.1, for tests, benches and demos.

    with FakeWodify(clients=250, leads=40) as fake:
        client = WodifyClient(fake.url, fake.api_key, fake.location_id)

Records are generated from a seed (:mod:`studiobook.adapters.wodify.fake_data`) and kept as pre-encoded
JSON, so pages of 10,000 clients are served by joining bytes. Tests change the data
(:meth:`FakeWodify.change_client`, :meth:`FakeWodify.corrupt_client`, ...) and inject faults at
run time (:meth:`FakeWodify.fail_next`, :meth:`FakeWodify.slow_next`, ...); every request is
recorded in :attr:`FakeWodify.requests`.
"""

from __future__ import annotations

import json
import math
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from studiobook.adapters.wodify import fake_data, fake_routes
from studiobook.adapters.wodify.fake_data import StudioGenerator, timestamp
from studiobook.adapters.wodify.fake_routes import Rejection

BASE_PATH = "/v1"
# What a response cut off mid-stream looks like: valid start, no end.
MALFORMED_BODY = b'{"data": [{"id": 1001, "first_name": "Ann'
CORRUPTIONS: dict[str, Callable[[dict], None]] = {
    "bad_email": lambda r: r.update(email="not-an-email"),
    "missing_name": lambda r: r.update(first_name=""),
    "end_before_start": lambda r: r["membership"].update(
        start_date="2026-05-01", end_date="2026-04-01"
    ),
    "negative_price": lambda r: r["membership"].update(monthly_price="-10.00"),
    "bad_status": lambda r: r["membership"].update(status="frozen"),
    "bad_date": lambda r: r["membership"].update(start_date="31.12.2025"),
}


@dataclass
class Fault:
    """One injected misbehaviour for the next ``remaining`` matching requests."""

    kind: str  # "status", "slow" or "malformed"
    remaining: int
    status: int = 500
    retry_after: float | None = None
    seconds: float = 0.0
    method: str | None = None
    path: str | None = None  # a prefix of the path after /v1
    page: int | None = None
    message: str | None = None

    def matches(self, method: str, path: str, query: dict[str, str]) -> bool:
        return (
            self.remaining > 0
            and (self.method is None or self.method == method)
            and (self.path is None or path.startswith(self.path))
            and (self.page is None or query.get("page") == str(self.page))
        )


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    query: dict[str, str]
    status: int


@dataclass
class Answer:
    status: int
    body: bytes
    headers: dict[str, str]
    delay: float = 0.0


class Table:
    """Records by id in id order, each kept as encoded JSON; status filters are cached."""

    def __init__(self, status_of: Callable[[dict], str | None]) -> None:
        self.records: dict[int, dict] = {}
        self.encoded: dict[int, bytes] = {}
        self.order: list[int] = []
        self._status_of = status_of
        self._filtered: dict[str, list[int]] = {}

    def put(self, record: dict) -> None:
        if record["id"] not in self.records:
            self.order.append(record["id"])
        self.records[record["id"]] = record
        self.encoded[record["id"]] = json.dumps(record, ensure_ascii=False).encode()
        self._filtered.clear()

    def next_id(self, first: int) -> int:
        return max(self.order, default=first - 1) + 1

    def page_body(self, page: int, size: int, status: str | None) -> bytes:
        ids = self.order if status is None else self._with_status(status)
        chunk = ids[(page - 1) * size : page * size]
        envelope = json.dumps(
            {
                "page": page,
                "page_size": size,
                "total_pages": math.ceil(len(ids) / size),
                "total_records": len(ids),
            }
        ).encode()
        return b'{"data": [' + b", ".join(self.encoded[i] for i in chunk) + b"], " + envelope[1:]

    def _with_status(self, status: str) -> list[int]:
        if status not in self._filtered:
            self._filtered[status] = [
                i for i in self.order if self._status_of(self.records[i]) == status
            ]
        return self._filtered[status]


def _membership_status(client: dict) -> str | None:
    membership = client.get("membership")
    return membership.get("status") if isinstance(membership, dict) else None


class FakeWodify:
    def __init__(
        self,
        clients: int = 0,
        leads: int = 0,
        *,
        seed: int = 42,
        api_key: str | None = None,
        location_id: str = "studio-1",
        today: date = date(2026, 11, 27),
    ) -> None:
        self.api_key = api_key or f"fake-key-{secrets.token_hex(12)}"
        self.location_id = location_id
        self.today = today
        self.requests: list[Seen] = []
        self._faults: list[Fault] = []
        self._lock = threading.RLock()
        self._ticks = 0
        self.clients = Table(_membership_status)
        self.leads = Table(lambda lead: lead.get("status"))
        self.membership_owner: dict[str, int] = {}
        self._last_membership_id = fake_data.MEMBERSHIP_IDS_FROM - 1
        self.cancellation_reasons: dict[str, str | None] = {}
        generator = StudioGenerator(seed, today)
        for n in range(clients):
            self.put_client(
                generator.client(fake_data.CLIENT_IDS_FROM + n, fake_data.MEMBERSHIP_IDS_FROM + n)
            )
        for n in range(leads):
            self.leads.put(generator.lead(fake_data.LEAD_IDS_FROM + n))
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def __enter__(self) -> FakeWodify:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        url = self.url if self._server else None
        return f"FakeWodify(url={url!r}, clients={len(self.clients.order)})"

    def start(self) -> FakeWodify:
        server = _Server(("127.0.0.1", 0), _Handler)
        server.fake = self
        self._server = server
        # A short poll interval: stop() waits one interval, and tests start and stop a lot.
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.01},
            name="fake-wodify",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def url(self) -> str:
        assert self._server is not None, "the fake WODIFY is not running"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{BASE_PATH}"

    # -- data for tests ----------------------------------------------------------------------
    def client(self, client_id: int) -> dict:
        with self._lock:
            return json.loads(self.clients.encoded[int(client_id)])

    def lead(self, lead_id: int) -> dict:
        with self._lock:
            return json.loads(self.leads.encoded[int(lead_id)])

    def client_ids(self) -> list[int]:
        return list(self.clients.order)

    def lead_ids(self) -> list[int]:
        return list(self.leads.order)

    def change_client(self, client_id: int, membership: dict | None = None, **fields: Any) -> dict:
        """Change fields as WODIFY's staff would; ``membership`` merges into the membership.
        No validation: this is also how a test plants invalid data."""
        with self._lock:
            record = self.client(client_id)
            record.update(fields)
            if membership is not None:
                record["membership"] = {**(record.get("membership") or {}), **membership}
            record["updated_at"] = self.now_stamp()
            self.put_client(record)
            return record

    def add_client(self, **fields: Any) -> dict:
        """A new client (generated, with ``fields`` on top) at the end of the list."""
        with self._lock:
            client_id = self.clients.next_id(fake_data.CLIENT_IDS_FROM)
            generator = StudioGenerator(client_id, self.today)
            record = {**generator.client(client_id, self.next_membership_id()), **fields}
            self.put_client(record)
            return record

    def corrupt_client(self, client_id: int, problem: str) -> dict:
        """Plant invalid data: one of :data:`CORRUPTIONS` (``bad_email``, ``end_before_start``,
        ``negative_price``, ``missing_name``, ``bad_status``, ``bad_date``)."""
        with self._lock:
            record = self.client(client_id)
            if record.get("membership") is None:
                record["membership"] = StudioGenerator(client_id, self.today).membership(
                    self.next_membership_id()
                )
            CORRUPTIONS[problem](record)
            self.put_client(record)
            return record

    def change_lead(self, lead_id: int, **fields: Any) -> dict:
        with self._lock:
            record = {**self.lead(lead_id), **fields, "updated_at": self.now_stamp()}
            self.leads.put(record)
            return record

    # -- faults ------------------------------------------------------------------------------
    def fail_next(
        self,
        times: int = 1,
        status: int = 500,
        *,
        retry_after: float | None = None,
        message: str | None = None,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        """Answer the next ``times`` matching requests with ``status`` (and ``Retry-After``),
        the body ``{"error": message}``."""
        self._add(
            Fault(
                "status",
                times,
                status=status,
                retry_after=retry_after,
                message=message,
                method=method,
                path=path,
            )
        )

    def rate_limit_next(self, times: int = 1, retry_after: float = 1, **match: Any) -> None:
        self.fail_next(times, 429, retry_after=retry_after, **match)

    def slow_next(self, times: int = 1, seconds: float = 1.0, **match: Any) -> None:
        """Sleep ``seconds`` before answering (normally) — past the client's timeout."""
        self._add(Fault("slow", times, seconds=seconds, **match))

    def malformed_next(self, times: int = 1, **match: Any) -> None:
        """Answer 200 with a body cut off mid-JSON."""
        self._add(Fault("malformed", times, **match))

    def fail_page(self, kind: str, page: int, times: int = 1, status: int = 500) -> None:
        """``GET /clients`` or ``/leads`` fails for ``page`` only, ``times`` times, then works."""
        self._add(Fault("status", times, status=status, method="GET", path=f"/{kind}", page=page))

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def count(self, method: str | None = None, path: str | None = None) -> int:
        """How many requests arrived (optionally of ``method`` to exactly ``path``)."""
        with self._lock:
            return sum(
                1
                for r in self.requests
                if (method is None or r.method == method) and (path is None or r.path == path)
            )

    def _add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def _take_fault(self, method: str, path: str, query: dict[str, str]) -> Fault | None:
        for fault in self._faults:
            if fault.matches(method, path, query):
                fault.remaining -= 1
                return fault
        return None

    # -- internals ---------------------------------------------------------------------------
    def now_stamp(self) -> str:
        # A deterministic clock that only moves forward, one second per change.
        self._ticks += 1
        return timestamp(
            datetime(self.today.year, self.today.month, self.today.day, 8)
            + timedelta(seconds=self._ticks)
        )

    def put_client(self, record: dict) -> None:
        membership = record.get("membership")
        if isinstance(membership, dict) and "id" in membership:
            self.membership_owner[str(membership["id"])] = record["id"]
            if isinstance(membership["id"], int):
                self._last_membership_id = max(self._last_membership_id, membership["id"])
        self.clients.put(record)

    def next_membership_id(self) -> int:
        return self._last_membership_id + 1

    def answer(self, method: str, target: str, key: str | None, raw: bytes) -> Answer:
        """The whole server behaviour for one request; the handler only does the I/O."""
        url = urlsplit(target)
        query = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        path = url.path[len(BASE_PATH) :] if url.path.startswith(BASE_PATH + "/") else None
        with self._lock:
            answer = self._answer(method, path, query, key, raw)
            self.requests.append(Seen(method, path or url.path, query, answer.status))
        return answer

    def _answer(
        self, method: str, path: str | None, query: dict, key: str | None, raw: bytes
    ) -> Answer:
        try:
            if path is None:
                raise Rejection(404, f"no such endpoint (the API lives under {BASE_PATH})")
            if key != self.api_key:
                raise Rejection(401, "invalid API key")
            if not query.get("location_id"):
                raise Rejection(422, "location_id is required")
            if query["location_id"] != self.location_id:
                raise Rejection(
                    403, f"this API key has no access to location {query['location_id']}"
                )
            fault = self._take_fault(method, path, query)
            if fault and fault.kind == "status":
                headers = (
                    {} if fault.retry_after is None else {"Retry-After": f"{fault.retry_after:g}"}
                )
                message = fault.message or f"injected fault {fault.status}"
                return _json_answer(fault.status, {"error": message}, headers)
            if fault and fault.kind == "malformed":
                return Answer(200, MALFORMED_BODY, {"Content-Type": "application/json"})
            status, body = fake_routes.dispatch(self, method, path, query, _parse_body(raw))
            answer = Answer(status, body, {"Content-Type": "application/json; charset=utf-8"})
            if fault and fault.kind == "slow":
                answer.delay = fault.seconds
            return answer
        except Rejection as rejection:
            return _json_answer(rejection.status, {"error": rejection.message})


def _parse_body(raw: bytes) -> dict | None:
    if not raw:
        return None
    try:
        body = json.loads(raw)
    except ValueError:
        raise Rejection(422, "the request body is not JSON") from None
    if not isinstance(body, dict):
        raise Rejection(422, "the request body must be a JSON object")
    return body


def _json_answer(status: int, payload: Any, headers: dict[str, str] | None = None) -> Answer:
    body = json.dumps(payload, ensure_ascii=False).encode()
    return Answer(
        status, body, {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
    )


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeWodify

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
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        answer = self.server.fake.answer(method, self.path, self.headers.get("x-api-key"), raw)
        if answer.delay:
            time.sleep(answer.delay)
        try:
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        pass  # tests read FakeWodify.requests instead
