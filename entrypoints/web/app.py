"""``create_app``: the admin web app around a container, built per call (never at import).

    app = create_app(build_container(settings), admin_token="...")

Pages at ``/``, ``/courses``, ``/event-types``, ``/matrix``, ``/availability`` (login with the
token, then a session cookie); the JSON API under ``/admin`` and ``/webhooks`` (bearer token);
the public booking API for customers under ``/api/v1`` (no token; see
``studiobook.entrypoints.web.public``) and the booking pages for people under ``/book``
(``studiobook.entrypoints.web.public.pages``); the OpenAPI schema at ``/openapi.json`` (with a
token) and the public API's alone at ``/api/v1/openapi.json`` (``schemas``). Request
bodies over 64 KB are refused everywhere (``body_limit``). The interactive docs are off: they load
scripts from a CDN, which the content security policy (and a studio's network) would refuse.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from studiobook.entrypoints.web import api, errors, login, metrics, schemas
from studiobook.entrypoints.web.admin import ROUTERS as ADMIN_PAGES
from studiobook.entrypoints.web.body_limit import BodyLimit
from studiobook.entrypoints.web.config import DEFAULT_PUBLIC_RATE, DEFAULT_RATE
from studiobook.entrypoints.web.deps import Web
from studiobook.entrypoints.web.public import pages as booking_pages
from studiobook.entrypoints.web.public import routes as public
from studiobook.entrypoints.web.ratelimit import RateLimiter
from studiobook.entrypoints.web.security import AccessTokens, LoginGuard, SessionStore

HERE = Path(__file__).parent
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"content-security-policy", b"default-src 'self'; frame-ancestors 'none'; form-action 'self'"),
    (b"cache-control", b"no-store"),
]


def create_app(
    container,
    admin_token: str,
    company_tokens: Mapping[str, int] | None = None,
    *,
    rate_requests: int = DEFAULT_RATE[0],
    rate_seconds: float = DEFAULT_RATE[1],
    public_rate_requests: int = DEFAULT_PUBLIC_RATE[0],
    public_rate_seconds: float = DEFAULT_PUBLIC_RATE[1],
    clock: Callable[[], float] = time.monotonic,
) -> FastAPI:
    """``clock`` drives the rate limiters, the login limits and session expiry (tests pass a fake
    one); page sessions are kept in the container's database, shared by every worker process
    (``studiobook.entrypoints.web.security``). The
    public booking API (``/api/v1``, no token) has a rate limit of its own, per client address."""
    app = FastAPI(
        title="studiobook admin",
        version="1",
        description="Admin API of studiobook: WODIFY status and sync, event types, the staff x "
        "event-type matrix, availability, and the voice webhook. Send "
        "`Authorization: Bearer <token>`.",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,  # served by ``schemas``: the admin part only with a token
        openapi_tags=[{"name": public.TAG, "description": "Customers book courses and "
                       "appointments without a token (SPEC 6); errors are "
                       '`{"error": {"code", "message"}}`.'}],
    )
    app.state.web = _web(container, admin_token, company_tokens, rate_requests, rate_seconds, clock)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    # The public API first: it takes most requests, and matching walks the routes in order
    # (only the public schema, /api/v1/openapi.json, shares its prefix; no public route matches
    # it).
    app.state.public_limiter = RateLimiter(public_rate_requests, public_rate_seconds, clock)
    app.include_router(public.router)
    for router in (schemas.router, api.router, login.router, *ADMIN_PAGES):
        app.include_router(router)
    booking_pages.install(app)
    errors.install(app)
    app.add_middleware(BodyLimit)
    app.add_middleware(_SecurityHeaders)
    metrics.install(app)  # /metrics, and every request timed (outermost: the others included)
    return app


def create_metrics_app(
    container,
    admin_token: str,
    company_tokens: Mapping[str, int] | None = None,
    *,
    rate_requests: int = DEFAULT_RATE[0],
    rate_seconds: float = DEFAULT_RATE[1],
    clock: Callable[[], float] = time.monotonic,
) -> FastAPI:
    """``GET /metrics`` and nothing else, for a process that answers nothing else (``studiobook
    worker``): the same route as :func:`create_app`'s, with the same tokens, rate limit and
    errors (401 without a valid token, 403 with a company token)."""
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.state.web = _web(container, admin_token, company_tokens, rate_requests, rate_seconds, clock)
    app.include_router(metrics.router)
    errors.install(app)
    app.add_middleware(_SecurityHeaders)
    return app


def _web(
    container, admin_token: str, company_tokens: Mapping[str, int] | None, rate_requests: int,
    rate_seconds: float, clock: Callable[[], float],
) -> Web:  # fmt: skip
    settings = container.settings() if hasattr(container, "settings") else None
    return Web(
        container=container,
        availability_threads=getattr(settings, "availability_threads", 1),
        tokens=AccessTokens(admin_token, company_tokens or {}),
        limiter=RateLimiter(rate_requests, rate_seconds, clock),
        sessions=SessionStore(
            clock if clock is not time.monotonic else time.time,  # expiry is shared: wall clock
            container.store().sessions() if hasattr(container, "store") else None,
        ),
        templates=_templates(),
        login_guard=LoginGuard(clock),
    )


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=HERE / "templates")  # autoescapes .html
    templates.env.filters["when"] = when
    templates.env.filters["local"] = local
    return templates


def when(moment: datetime | None) -> str:
    """An instant for people, in UTC like the CLI's JSON."""
    return "—" if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def local(moment: datetime, zone: str) -> str:
    """A slot in the staff member's own zone, where they work."""
    return moment.astimezone(ZoneInfo(zone)).strftime(f"%a %d %b, %H:%M ({zone})")


class _SecurityHeaders:
    """Headers that keep pages out of frames and caches and forbid foreign scripts."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)
