"""A fake WODIFY speaking SPEC 3.1 over real HTTP on 127.0.0.1, for tests, benches and demos.

    with FakeWodify(clients=250, leads=40) as fake:
        client = WodifyClient(fake.url, fake.api_key, fake.location_id)

Records are generated from a seed (:mod:`studiobook.adapters.fakes.wodify.data`) and kept as
pre-encoded JSON, so pages of 10,000 clients are served by joining bytes. Tests change the data
(:meth:`FakeWodify.change_client`, :meth:`FakeWodify.corrupt_client`, ...) and inject faults at
run time (:meth:`FakeWodify.fail_next`, :meth:`FakeWodify.slow_next`, :meth:`FakeWodify.fail_page`,
...); every request is recorded in :attr:`FakeWodify.requests`. ``latency=(low, high)`` makes
every answer take as long as a hosted API's (seconds, off by default): a draw from that uniform
range fixed per request (method, path and query), so two passes over the same pages wait the
same — a bench compares them fairly. The HTTP plumbing is
:class:`~studiobook.adapters.fakes.http.LoopbackServer`'s.
"""

from __future__ import annotations

import json
import math
import random
import secrets
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from studiobook.adapters.fakes.http import (
    Answer,
    Fault,
    LoopbackServer,
    Rejection,
    dumps,
    json_object,
)
from studiobook.adapters.fakes.wodify.data import (
    CLIENT_IDS_FROM,
    LEAD_IDS_FROM,
    MEMBERSHIP_IDS_FROM,
    StudioGenerator,
    timestamp,
)
from studiobook.adapters.fakes.wodify.routes import dispatch

BASE_PATH = "/v1"
# What a response cut off mid-stream looks like: valid start, no end.
MALFORMED_BODY = b'{"data": [{"id": 1001, "first_name": "Ann'
CORRUPTIONS: dict[str, Callable[[dict[str, Any]], None]] = {
    "bad_email": lambda r: r.update(email="not-an-email"),
    "missing_name": lambda r: r.update(first_name=""),
    "end_before_start": lambda r: r["membership"].update(
        start_date="2026-05-01", end_date="2026-04-01"
    ),
    "negative_price": lambda r: r["membership"].update(monthly_price="-10.00"),
    "bad_status": lambda r: r["membership"].update(status="frozen"),
    "bad_date": lambda r: r["membership"].update(start_date="31.12.2025"),
}


class Table:
    """Records by id in id order, each kept as encoded JSON; status filters are cached."""

    def __init__(self, status_of: Callable[[dict[str, Any]], str | None]) -> None:
        self.records: dict[int, dict[str, Any]] = {}
        self.encoded: dict[int, bytes] = {}
        self.order: list[int] = []
        self._status_of = status_of
        self._filtered: dict[str, list[int]] = {}

    def put(self, record: dict[str, Any]) -> None:
        if record["id"] not in self.records:
            self.order.append(record["id"])
        self.records[record["id"]] = record
        self.encoded[record["id"]] = dumps(record)
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


def _membership_status(client: dict[str, Any]) -> str | None:
    membership = client.get("membership")
    return membership.get("status") if isinstance(membership, dict) else None


class FakeWodify(LoopbackServer):
    """State: ``clients`` and ``leads`` (:class:`Table`), memberships by id in
    ``membership_owner``. Every request needs ``x-api-key`` (401) and this ``location_id`` (422,
    403). Faults: fail_next, rate_limit_next, slow_next, malformed_next, fail_page (each also
    matches ``page=``), clear_faults; count()."""

    malformed_body = MALFORMED_BODY

    def __init__(
        self,
        clients: int = 0,
        leads: int = 0,
        *,
        seed: int = 42,
        api_key: str | None = None,
        location_id: str = "studio-1",
        today: date = date(2026, 11, 27),
        latency: tuple[float, float] | None = None,
    ) -> None:
        super().__init__("fake-wodify", BASE_PATH)
        if latency is not None and not 0 <= latency[0] <= latency[1]:
            raise ValueError(f"latency must be (low, high) seconds with 0 <= low <= high: {latency}")
        self.latency = latency
        self.api_key = api_key or f"fake-key-{secrets.token_hex(12)}"
        self.location_id = location_id
        self.today = today
        self._ticks = 0
        self.clients = Table(_membership_status)
        self.leads = Table(lambda lead: lead.get("status"))
        self.membership_owner: dict[str, int] = {}
        self._last_membership_id = MEMBERSHIP_IDS_FROM - 1
        self.cancellation_reasons: dict[str, str | None] = {}
        generator = StudioGenerator(seed, today)
        for n in range(clients):
            self.put_client(
                generator.client(CLIENT_IDS_FROM + n, MEMBERSHIP_IDS_FROM + n)
            )
        for n in range(leads):
            self.leads.put(generator.lead(LEAD_IDS_FROM + n))

    def __repr__(self) -> str:
        url = self.url if self.running else None
        return f"FakeWodify(url={url!r}, clients={len(self.clients.order)})"

    # -- data for tests ----------------------------------------------------------------------
    def client(self, client_id: int) -> dict[str, Any]:
        with self.lock:
            record: dict[str, Any] = json.loads(self.clients.encoded[int(client_id)])
            return record

    def lead(self, lead_id: int) -> dict[str, Any]:
        with self.lock:
            record: dict[str, Any] = json.loads(self.leads.encoded[int(lead_id)])
            return record

    def client_ids(self) -> list[int]:
        return list(self.clients.order)

    def lead_ids(self) -> list[int]:
        return list(self.leads.order)

    def change_client(
        self, client_id: int, membership: dict[str, Any] | None = None, **fields: Any
    ) -> dict[str, Any]:
        """Change fields as WODIFY's staff would; ``membership`` merges into the membership.
        No validation: this is also how a test plants invalid data."""
        with self.lock:
            record = self.client(client_id)
            record.update(fields)
            if membership is not None:
                record["membership"] = {**(record.get("membership") or {}), **membership}
            record["updated_at"] = self.now_stamp()
            self.put_client(record)
            return record

    def add_client(self, **fields: Any) -> dict[str, Any]:
        """A new client (generated, with ``fields`` on top) at the end of the list."""
        with self.lock:
            client_id = self.clients.next_id(CLIENT_IDS_FROM)
            generator = StudioGenerator(client_id, self.today)
            record = {**generator.client(client_id, self.next_membership_id()), **fields}
            self.put_client(record)
            return record

    def corrupt_client(self, client_id: int, problem: str) -> dict[str, Any]:
        """Plant invalid data: one of :data:`CORRUPTIONS` (``bad_email``, ``end_before_start``,
        ``negative_price``, ``missing_name``, ``bad_status``, ``bad_date``)."""
        with self.lock:
            record = self.client(client_id)
            if record.get("membership") is None:
                record["membership"] = StudioGenerator(client_id, self.today).membership(
                    self.next_membership_id()
                )
            CORRUPTIONS[problem](record)
            self.put_client(record)
            return record

    def change_lead(self, lead_id: int, **fields: Any) -> dict[str, Any]:
        with self.lock:
            record = {**self.lead(lead_id), **fields, "updated_at": self.now_stamp()}
            self.leads.put(record)
            return record

    # -- faults (LoopbackServer's, plus a page to match) --------------------------------------
    def fault(self, kind: str, times: int, *, page: int | None = None, **fields: Any) -> Fault:
        """``page``: only that page of a list (the ``page`` query parameter)."""
        if page is not None:
            fields["query"] = {**(fields.get("query") or {}), "page": page}
        return super().fault(kind, times, **fields)

    def fail_page(self, kind: str, page: int, times: int = 1, status: int = 500) -> None:
        """``GET /clients`` or ``/leads`` fails for ``page`` only, ``times`` times, then works."""
        self.fail_next(times, status, method="GET", path=f"/{kind}", page=page)

    # -- internals ---------------------------------------------------------------------------
    def now_stamp(self) -> str:
        # A deterministic clock that only moves forward, one second per change.
        self._ticks += 1
        return timestamp(
            datetime(self.today.year, self.today.month, self.today.day, 8)
            + timedelta(seconds=self._ticks)
        )

    def put_client(self, record: dict[str, Any]) -> None:
        membership = record.get("membership")
        if isinstance(membership, dict) and "id" in membership:
            self.membership_owner[str(membership["id"])] = record["id"]
            if isinstance(membership["id"], int):
                self._last_membership_id = max(self._last_membership_id, membership["id"])
        self.clients.put(record)

    def next_membership_id(self) -> int:
        return self._last_membership_id + 1

    # -- one request -------------------------------------------------------------------------
    def respond(self, method: str, target: str, headers: Mapping[str, str], raw: bytes) -> Answer:
        answer = super().respond(method, target, headers, raw)
        if self.latency is not None:  # slept outside the lock, like a slow fault
            answer.delay += self.latency_of(method, target)
        return answer

    def latency_of(self, method: str, target: str) -> float:
        """The added latency (seconds) of a request: the same for the same request every time."""
        if self.latency is None:
            return 0.0
        url = urlsplit(target)
        query = "&".join(sorted(url.query.split("&")))
        return random.Random(f"{method} {url.path}?{query}").uniform(*self.latency)

    def admit(self, query: dict[str, str], headers: Mapping[str, str]) -> None:
        if headers.get("x-api-key") != self.api_key:
            raise Rejection(401, "invalid API key")
        if not query.get("location_id"):
            raise Rejection(422, "location_id is required")
        if query["location_id"] != self.location_id:
            raise Rejection(403, f"this API key has no access to location {query['location_id']}")

    def route(
        self, method: str, path: str, query: dict[str, str], headers: Mapping[str, str], raw: bytes
    ) -> Answer:
        return Answer(*dispatch(self, method, path, query, json_object(raw, 422)))

    def error(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> Answer:
        return Answer(status, dumps({"error": message}), dict(headers or {}))


__all__ = ("BASE_PATH", "CORRUPTIONS", "MALFORMED_BODY", "FakeWodify")
