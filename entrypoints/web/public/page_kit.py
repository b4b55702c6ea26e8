"""What every booking page shares: the templates, the form guard, one request's :class:`Page`
(language, studio, links, rendering) and :class:`PageRoute`, which turns whatever a handler
raises into a page in the customer's language with the status that fits.

Built per app by :func:`build` (``studiobook.entrypoints.web.public.pages.install``), never at
import time.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.concurrency import run_in_threadpool

from studiobook.application.appointments.tenancy import CompanyNotFound
from studiobook.application.settings import SettingsError
from studiobook.application.shared.ports import GatewayError, StoreBusy, StoreUnavailable
from studiobook.domain.appointments import Company
from studiobook.domain.shared.errors import DomainError, NotFound
from studiobook.entrypoints.web.public.errors import client_address
from studiobook.entrypoints.web.public.page_forms import COOKIE_PATH, CSRF_COOKIE, FormGuard
from studiobook.entrypoints.web.public.page_texts import (
    LANGUAGE_COOKIE,
    LANGUAGES,
    PageTexts,
    asked_language,
    language_of,
)

TEMPLATES = Path(__file__).with_name("templates")
STYLESHEET = "/static/book.css"
log = logging.getLogger(__name__)

# Failures a handler does not answer itself: (kind, status, message key), most specific first.
_FAILURES: tuple[tuple[type[Exception], int, str], ...] = (
    (CompanyNotFound, 404, "problem.no_studio"),
    (NotFound, 404, "problem.not_found"),
    (RequestValidationError, 404, "problem.not_found"),
    (StoreBusy, 503, "problem.busy"),
    (StoreUnavailable, 503, "problem.unavailable"),
    (SettingsError, 503, "problem.unavailable"),
    (GatewayError, 502, "problem.unavailable"),
    (DomainError, 409, "problem.refused"),
)


@dataclass(frozen=True)
class BookingPages:
    environment: Environment
    guard: FormGuard


def build(container: Any) -> BookingPages:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,  # a misspelt name fails the test that renders it
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return BookingPages(environment, FormGuard(_secret_key(container)))


def _secret_key(container: Any) -> str:
    """``STUDIOBOOK_SECRET_KEY`` of the container's settings; "" for a container without
    settings (a stand-in some tests and embedders hand to ``create_app``)."""
    provider = getattr(container, "settings", None)
    settings = provider() if callable(provider) else None
    return getattr(settings, "secret_key", "") or ""


class Page:
    """One request's page: the customer's language, the studio it is about, rendering."""

    def __init__(self, request: Request) -> None:
        self.request = request
        self.pages: BookingPages = request.app.state.booking_pages
        self.container: Any = request.app.state.web.container
        self.language = language_of(request)
        self.company: Company | None = None
        self.t = PageTexts(self.language, "UTC")
        self.here: str | None = None  # the page's own address, when a post rendered it elsewhere

    def studio(self, ref: str) -> Company:
        """The company ``ref`` (id or slug) names; its zone is the zone of every time shown."""
        self.company = self.container.customer_appointments().company(ref)
        self.t = PageTexts(self.language, self.company.time_zone)
        return self.company

    @property
    def ref(self) -> str:
        assert self.company is not None
        return self.company.slug or str(self.company.id)

    def url(self, *parts: object, **query: object) -> str:
        """``/book/<studio>/<parts...>?<query>``; ``None`` values are left out."""
        path = "/".join(["/book", self.ref, *(str(p) for p in parts)])
        wanted = {k: str(v) for k, v in query.items() if v is not None}
        return f"{path}?{urlencode(wanted)}" if wanted else path

    def now(self) -> datetime:
        now: datetime = self.container.clock().now()
        return now

    def today(self) -> datetime:
        """Midnight of today on the studio's wall clock."""
        local = self.t.local(self.now())
        return local.replace(hour=0, minute=0, second=0, microsecond=0)

    def switch(self) -> list[dict[str, str]]:
        """The language switch: this address in each other language."""
        query = {k: v for k, v in self.request.query_params.items() if k != "lang"}
        path = self.here or self.request.url.path
        if self.here is not None:
            query = {}
        links = []
        for language in LANGUAGES:
            if language != self.language:
                target = urlencode(query | {"lang": language})
                links.append({"lang": language, "href": f"{path}?{target}"})
        return links

    def render(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        token, fresh = self.pages.guard.token(self.request)
        html = self.pages.environment.get_template(template).render(
            t=self.t, lang=self.language, page=self, company=self.company, csrf=token,
            stylesheet=STYLESHEET, **context,
        )  # fmt: skip
        response = HTMLResponse(html, status)
        secure = self.request.url.scheme == "https"
        if fresh is not None:
            response.set_cookie(
                CSRF_COOKIE, fresh, httponly=True, samesite="lax", path=COOKIE_PATH, secure=secure
            )
        if asked_language(self.request):
            response.set_cookie(
                LANGUAGE_COOKIE, self.language, max_age=int(timedelta(days=365).total_seconds()),
                httponly=True, samesite="lax", path=COOKIE_PATH, secure=secure,
            )  # fmt: skip
        return response

    def redirect(self, url: str) -> RedirectResponse:
        """Post/redirect/get: a reload after a booking shows the result, never books again."""
        return RedirectResponse(url, 303)

    def problem(
        self, status: int, key: str, headers: dict[str, str] | None = None
    ) -> HTMLResponse:
        response = self.render("problem.html", status, message=self.t(key))
        response.headers.update(headers or {})
        return response


class PageRoute(APIRoute):
    """A booking page: rate limited per client address (the public limiter, in buckets of its
    own), and every failure a page in the customer's language."""

    def get_route_handler(self) -> Callable[[Request], Awaitable[Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            wait = request.app.state.public_limiter.take(f"pages:{client_address(request)}")
            if wait is not None:
                page = Page(request)
                return page.problem(429, "problem.rate_limited", {"Retry-After": str(wait)})
            try:
                return await handler(request)
            except Exception as error:
                return await run_in_threadpool(failure, request, error)

        return guarded


def failure(request: Request, error: Exception) -> Response:
    page = Page(request)
    if not isinstance(error, CompanyNotFound) and "company" in request.path_params:
        try:
            page.studio(request.path_params["company"])
        except Exception:  # the page says what went wrong first; the link home is a bonus
            page.company = None
    for kind, status, key in _FAILURES:
        if isinstance(error, kind):
            headers = {"Retry-After": "1"} if status == 503 else None
            return page.problem(status, key, headers)
    log.error("booking pages: unexpected error", exc_info=error)
    return page.problem(500, "problem.internal")
