"""Every public failure as ``{"error": {"code", "message"}}`` with the status and code SPEC 6
names, so a customer's app can branch on ``code`` and show ``message``.

The admin side keeps its own ``{"error": message}`` (``studiobook.entrypoints.web.errors``): the
public routes convert their errors themselves (:class:`PublicRoute`), and the app-wide handlers
hand whatever still reaches them under :data:`PREFIX` (an unknown address, a wrong method) to
:func:`envelope`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException

from studiobook.application.appointments.appointments import CannotReschedule
from studiobook.application.settings import SettingsError
from studiobook.application.shared.ports import GatewayError, StoreBusy, StoreUnavailable
from studiobook.application.shared.public import IdempotencyMismatch
from studiobook.domain.appointments.errors import (
    AppointmentAlreadyCancelled,
    SlotNotAvailable,
    StudioClosed,
)
from studiobook.domain.shared.errors import (
    BookingRefused,
    CancelCutoffPassed,
    DomainError,
    IllegalTransition,
    InvalidValue,
    InvalidWaitlistChange,
    NotEnoughFreeSpots,
    NotFound,
)
from studiobook.entrypoints.web.ratelimit import RateLimiter

PREFIX = "/api/v1"
# What a client hears when the database cannot be reached; the reason (which names the
# database) goes to the log only. The admin API says the same (entrypoints/web/errors.py).
STORE_UNAVAILABLE = "the database is unavailable, try again"
log = logging.getLogger(__name__)

# Most specific first; the code of a BookingRefused is its own (membership_required, ...).
_ERRORS: tuple[tuple[type[Exception], int, str], ...] = (
    (IdempotencyMismatch, 422, "idempotency_mismatch"),
    (NotFound, 404, "not_found"),
    (NotEnoughFreeSpots, 409, "full"),
    (BookingRefused, 403, "booking_refused"),
    (CancelCutoffPassed, 409, "cancel_cutoff_passed"),
    (StudioClosed, 409, "closed"),  # a holiday or a day the studio closed
    (SlotNotAvailable, 409, "slot_taken"),
    (IllegalTransition, 409, "conflict"),
    (InvalidWaitlistChange, 409, "conflict"),
    (AppointmentAlreadyCancelled, 409, "conflict"),
    (CannotReschedule, 409, "conflict"),
    (InvalidValue, 422, "invalid"),
    (DomainError, 422, "invalid"),
    (GatewayError, 502, "upstream_failed"),  # Cal.com refused or failed a booking
    (StoreBusy, 503, "busy"),
    (StoreUnavailable, 503, "unavailable"),
    (SettingsError, 503, "unavailable"),
)
_BY_STATUS = {
    400: "invalid", 404: "not_found", 405: "method_not_allowed", 413: "too_large",
    422: "invalid", 429: "rate_limited", 503: "busy",
}  # fmt: skip
RETRY_BUSY_SECONDS = 1


class PublicProblem(Exception):
    """A refusal the HTTP layer decides itself (rate limit, a range too long)."""

    def __init__(
        self, status: int, code: str, message: str, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = dict(headers or {})


def code_for(status: int) -> str:
    return _BY_STATUS.get(status, "internal" if status >= 500 else "invalid")


def envelope(
    status: int, code: str, message: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    body = {"error": {"code": code, "message": " ".join(message.split())}}
    return JSONResponse(body, status, headers=dict(headers or {}) or None)


def problem(error: Exception) -> JSONResponse:
    """The answer to ``error``; a failure nobody expected is a 500 that says nothing inside."""
    if isinstance(error, PublicProblem):
        return envelope(error.status, error.code, error.message, error.headers)
    if isinstance(error, RequestValidationError):
        return envelope(422, "invalid", _invalid(error))
    if isinstance(error, HTTPException):
        return envelope(error.status_code, code_for(error.status_code), str(error.detail), error.headers)
    for kind, status, code in _ERRORS:
        if isinstance(error, kind):
            if isinstance(error, BookingRefused):
                code = error.code
            headers = {"Retry-After": str(RETRY_BUSY_SECONDS)} if status == 503 else None
            if isinstance(error, StoreUnavailable):  # its text names the database: log only
                log.error("public API: database unavailable: %s", error)
                return envelope(status, code, STORE_UNAVAILABLE, headers)
            return envelope(status, code, str(error), headers)
    log.error("public API: unexpected error", exc_info=error)
    return envelope(500, "internal", "internal error; the server log has the details")


def _invalid(error: RequestValidationError) -> str:
    problems = []
    for e in error.errors():
        where = ".".join(str(p) for p in e.get("loc", ()))
        problems.append(f"{where}: {e.get('msg')}")
    return "; ".join(problems) or "invalid request"


class PublicRoute(APIRoute):
    """A public route: rate limited per client address before anything else runs (the app's
    ``state.public_limiter``, its own buckets apart from the admin side's), and every error it
    raises — validation included — answered as the envelope."""

    def get_route_handler(self) -> Callable[[Request], Awaitable[Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            limiter: RateLimiter = request.app.state.public_limiter
            wait = limiter.take(f"public:{client_address(request)}")
            if wait is not None:
                return envelope(
                    429, "rate_limited", "too many requests; slow down",
                    {"Retry-After": str(wait)},
                )  # fmt: skip
            try:
                return await handler(request)
            except Exception as error:  # every answer is the envelope
                return problem(error)

        return guarded


def client_address(request: Request) -> str:
    """The peer's address (behind a proxy, configure it to pass the client's: uvicorn's
    ``--forwarded-allow-ips``)."""
    return request.client.host if request.client else "unknown"
