"""``/metrics`` for Prometheus, and the timing (and access log) of every request by route.

``GET /metrics`` needs the admin bearer token (a scraper's ``authorization`` setting), like the
system-wide admin API: 401 without a valid token, 403 with a company token. It answers in
Prometheus' text format with what the container's metrics adapter counted — in every worker
process of ``studiobook serve`` together.

:class:`RequestTimer` measures each request from the first byte in to the last byte out and
labels it with the route's template (``/admin/courses/{course_id}``), never the raw path: ids
in labels would make a new time series per id. A path no route knows is ``unmatched``. At log
level info each request is also a line of ``studiobook.http`` (method, route, status,
duration_ms) — in place of uvicorn's access log, whose raw paths would show customers' manage
tokens (``/api/v1/bookings/{manage_token}``).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from fastapi import APIRouter, FastAPI, Response

from studiobook.application.shared.metrics import Metrics, NoMetrics
from studiobook.entrypoints.web.deps import ApiCaller, WebDep

router = APIRouter(include_in_schema=False)

UNMATCHED = "unmatched"
log = logging.getLogger("studiobook.http")


@router.get("/metrics")
def metrics(caller: ApiCaller, web: WebDep) -> Response:
    caller.require_all_companies()
    content_type, body = metrics_of(web.container).exposition()
    return Response(body, media_type=content_type)


def metrics_of(container: Any) -> Metrics:
    """The container's metrics adapter (an embedder's container without one counts nothing)."""
    provider = getattr(container, "metrics", None)
    return NoMetrics() if provider is None else provider()


def install(app: FastAPI) -> None:
    """Serve ``/metrics`` and time every request; call after the app's other middleware, so the
    time includes theirs."""
    app.include_router(router)
    app.add_middleware(RequestTimer)


def route_template(scope: dict[str, Any]) -> str:
    route = scope.get("route")
    template = getattr(route, "path_format", None) or getattr(route, "path", None)
    return template if isinstance(template, str) and template else UNMATCHED


class RequestTimer:
    """Pure ASGI (no per-request task like ``BaseHTTPMiddleware``): the metrics adapter is taken
    from the app's container on the first request and kept."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self._metrics: Metrics | None = None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the client gets when the app raises before answering

        async def sent(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, sent)
        finally:
            seconds, method, route = time.perf_counter() - started, scope["method"], route_template(scope)
            if self._metrics is None:
                self._metrics = metrics_of(scope["app"].state.web.container)
            self._metrics.request(method, route, status, seconds)
            if log.isEnabledFor(logging.INFO):
                duration_ms = round(seconds * 1000, 1)
                log.info(
                    "%s %s -> %d in %.0f ms", method, route, status, duration_ms,
                    extra={"method": method, "route": route, "status": status,
                           "duration_ms": duration_ms},
                )  # fmt: skip
