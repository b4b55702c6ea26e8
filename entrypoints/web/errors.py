"""Failures as answers: JSON ``{"error": ...}`` for the API, a short page for people.

Each expected failure gets the status that tells a client what to do (404 not found, 422 refused
input, 409 WODIFY not configured, 502 an external system failed, 503 busy); anything else is a
500 whose body says nothing about internals (the server log has the traceback). A database that
cannot be reached is a 503 with a fixed sentence: its own message names the database and the
driver's reason, which are for the server log, not for a client.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from studiobook.application.settings import SettingsError
from studiobook.application.shared.ports import (
    GatewayError,
    GatewayNotConfigured,
    StoreBusy,
    StoreUnavailable,
)
from studiobook.domain.shared.errors import DomainError, NotFound
from studiobook.entrypoints.web.deps import LoginRequired
from studiobook.entrypoints.web.public import errors as public
from studiobook.entrypoints.web.security import CompanyRequired, Forbidden

log = logging.getLogger(__name__)

API_PREFIXES = ("/admin", "/webhooks")
STORE_UNAVAILABLE = public.STORE_UNAVAILABLE
_STATUS = (  # most specific first
    (NotFound, 404),
    (Forbidden, 403),
    (CompanyRequired, 422),
    (DomainError, 422),
    (GatewayNotConfigured, 409),
    (GatewayError, 502),
    (StoreBusy, 503),
    (StoreUnavailable, 503),
    (SettingsError, 503),  # e.g. a stored secret this process cannot read
)


def status_of(error: Exception) -> int:
    return next((status for kind, status in _STATUS if isinstance(error, kind)), 500)


def client_message(error: Exception) -> str:
    """What a client is told about an expected failure (one line)."""
    if isinstance(error, StoreUnavailable):
        log.error("database unavailable: %s", error)
        return STORE_UNAVAILABLE
    return " ".join(str(error).split())


def answer(request: Request, status: int, message: str, headers: dict | None = None) -> Response:
    if request.url.path.startswith(public.PREFIX):  # an unknown address, a wrong method there
        return public.envelope(status, public.code_for(status), message, headers)
    if request.url.path.startswith(API_PREFIXES):
        return JSONResponse({"error": message}, status, headers=headers)
    templates = request.app.state.web.templates
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status,
        headers=headers,
    )


def install(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        return answer(request, error.status_code, str(error.detail), getattr(error, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in error.errors()
        )
        return answer(request, 422, problems or "invalid request")

    @app.exception_handler(LoginRequired)
    async def login(request: Request, error: LoginRequired) -> Response:
        return RedirectResponse(f"/login?next={quote(error.next_path, safe='')}", 303)

    async def expected(request: Request, error: Exception) -> Response:
        headers = {"Retry-After": "1"} if isinstance(error, StoreBusy) else None
        return answer(request, status_of(error), client_message(error), headers)

    for kind, _ in _STATUS:
        app.add_exception_handler(kind, expected)

    @app.exception_handler(Exception)
    async def failed(request: Request, error: Exception) -> Response:
        """Runs in the outermost middleware, which logs the traceback and re-raises after."""
        return answer(request, 500, "internal error; the server log has the details")
