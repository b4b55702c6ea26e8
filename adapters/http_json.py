"""JSON over HTTP to an external service, with one set of retry rules and a key that never leaks.

Shared by the WODIFY and Cal.com adapters; what differs between them (the service's name, how the
key is sent, the envelope around the data) is a :class:`ServiceProfile`.

- 429: wait what ``Retry-After`` says (up to ``max_retry_after``), then try again — for every
  method, because the service did nothing. A longer wait is not slept through: the caller gets
  :class:`GatewayRateLimited` with ``retry_after`` at once.
- 5xx, timeouts, dropped connections: retried with capped exponential backoff and full jitter,
  but only for idempotent requests (GET, PUT). A POST that may have reached the service is not
  sent again — a second ``POST /memberships`` or ``POST /bookings`` could create a duplicate.
- A connection that could not even be opened is retried for every method: nothing was sent.

The API key is added to each request's headers and kept nowhere else: httpx's ``Headers`` repr
masks only ``authorization``, so a client-wide ``x-api-key`` header would show in a debugger or a
careless log line. Log lines name service, method, path and status only; reasons are scrubbed of
the key. At debug level every attempt is one line with ``service``, ``method``, ``path`` (never a
query string: the parameters go separately), ``status`` (``None`` when no answer came) and
``duration_ms`` as fields of their own, for JSON logs.
"""

from __future__ import annotations

import json
import logging
import random
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from email.utils import parsedate_to_datetime
from functools import cache
from typing import Any

import httpx

from studiobook.application.shared.ports import (
    GatewayAuthFailed,
    GatewayError,
    GatewayInvalidRequest,
    GatewayMalformedResponse,
    GatewayNotFound,
    GatewayRateLimited,
    GatewayUnavailable,
)

IDEMPOTENT = frozenset({"GET", "PUT", "HEAD", "DELETE"})
MAX_REASON = 200

# Query parameters, as httpx takes them: name -> a primitive value.
QueryParams = Mapping[str, str | int | float | bool | None]


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try. Tests shrink the delays; production keeps the defaults."""

    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 30.0

    def backoff(self, attempt: int, jitter: Callable[[], float]) -> float:
        """Full jitter: anywhere between 0 and the capped exponential delay for ``attempt``."""
        return jitter() * min(self.max_delay, self.base_delay * 2.0 ** (attempt - 1))


@dataclass(frozen=True)
class ServiceProfile:
    """What one service does its own way.

    ``unwrap`` turns a parsed 2xx body into the data the caller wants, raising ``ValueError``
    with a short reason when the envelope is wrong (it becomes :class:`GatewayMalformedResponse`
    with the real HTTP status)."""

    name: str  # in every error and log line: "WODIFY", "Cal.com"
    logger: str
    key_header: str  # "x-api-key", "authorization"
    key_prefix: str = ""  # "Bearer "
    refused: str = "the API key was refused"
    unwrap: Callable[[Any], Any] | None = None


class Secret:
    """A string that prints as ``***`` — in a repr, an f-string or a traceback's locals."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__


def retry_after_seconds(value: str | None, now: Callable[[], datetime]) -> float | None:
    """``Retry-After`` as seconds: a number, or an HTTP date; ``None`` when absent or garbled."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now()).total_seconds())


@cache
def _tls() -> ssl.SSLContext:
    # Loading the CA bundle costs tens of milliseconds; every client can share one context.
    return httpx.create_ssl_context()


class _Retry(Exception):
    """Internal: this attempt failed in a way that may be retried after ``delay`` seconds."""

    def __init__(self, error: GatewayError, delay: float | None = None) -> None:
        self.error = error
        self.delay = delay


class JsonHttp:
    def __init__(
        self,
        base_url: str,
        api_key: str,
        profile: ServiceProfile,
        *,
        params: Mapping[str, str] | None = None,
        timeout: float = 10.0,
        connect_timeout: float = 5.0,
        retry: RetryPolicy = RetryPolicy(),
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[], float] = random.random,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.profile = profile
        self._key = Secret(api_key)
        self._retry = retry
        self._sleep = sleep
        self._jitter = jitter
        self._log = logging.getLogger(profile.logger)
        self._http = httpx.Client(
            base_url=self.base_url,
            params=dict(params or {}),
            headers={"accept": "application/json", "user-agent": "studiobook"},
            timeout=httpx.Timeout(timeout, connect=connect_timeout),
            verify=_tls(),
            transport=transport,
        )

    def __repr__(self) -> str:
        return f"JsonHttp(service={self.profile.name!r}, base_url={self.base_url!r}, api_key=***)"

    def close(self) -> None:
        self._http.close()

    # -- the one entry point --------------------------------------------------------------
    def request(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        params: QueryParams | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """Send, retrying as the module docstring says; the (unwrapped) JSON or a GatewayError."""
        attempts = max(1, self._retry.attempts)
        for attempt in range(1, attempts + 1):
            try:
                return self._attempt(method, path, body, params, headers, attempt)
            except _Retry as retry:
                if attempt == attempts:
                    raise retry.error from None
                delay = (
                    retry.delay
                    if retry.delay is not None
                    else self._retry.backoff(attempt, self._jitter)
                )
                self._log.warning(
                    "%s %s %s: %s; retrying in %.2f s (attempt %d of %d)",
                    self.profile.name,
                    method,
                    path,
                    retry.error.reason,
                    delay,
                    attempt,
                    attempts,
                )
                self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _attempt(
        self,
        method: str,
        path: str,
        body: Any,
        params: QueryParams | None,
        headers: Mapping[str, str] | None,
        attempt: int,
    ) -> Any:
        idempotent = method in IDEMPOTENT
        profile = self.profile
        sent = {**(headers or {}), profile.key_header: profile.key_prefix + self._key.reveal()}
        started = time.perf_counter()
        try:
            response = self._http.request(method, path, json=body, params=params, headers=sent)
        except httpx.TransportError as error:
            self._log_call(method, path, None, started, attempt, type(error).__name__)
            raise self._transport_failure(error, idempotent) from None
        self._log_call(method, path, response.status_code, started, attempt)
        return self._outcome(response, idempotent)

    def _transport_failure(self, error: httpx.TransportError, idempotent: bool) -> Exception:
        name = type(error).__name__
        if isinstance(error, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)):
            # Nothing reached the service, so even a POST may go again.
            return _Retry(self._unavailable(f"cannot connect ({name})"))
        if isinstance(error, httpx.TimeoutException):
            failure = self._unavailable(f"no answer in time ({name})")
        else:
            failure = self._unavailable(f"connection failed ({name})")
        return _Retry(failure) if idempotent else self._unknown_outcome(failure)

    def _log_call(
        self, method: str, path: str, status: int | None, started: float, attempt: int,
        failure: str | None = None,
    ) -> None:  # fmt: skip
        """One debug line per attempt; ``path`` without a query string (a caller's own would
        be cut off here), never a header."""
        if not self._log.isEnabledFor(logging.DEBUG):
            return
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        path = path.split("?", 1)[0]
        outcome = str(status) if status is not None else f"no answer ({failure})"
        self._log.debug(
            "%s %s %s -> %s in %.0f ms (attempt %d)", self.profile.name, method, path, outcome,
            duration_ms, attempt,
            extra={"service": self.profile.name, "method": method, "path": path,
                   "status": status, "duration_ms": duration_ms, "attempt": attempt},
        )  # fmt: skip

    def _unavailable(self, reason: str, status: int | None = None) -> GatewayUnavailable:
        return GatewayUnavailable(status, reason, service=self.profile.name)

    def _unknown_outcome(self, failure: GatewayUnavailable) -> GatewayUnavailable:
        return self._unavailable(
            f"{failure.reason}; the request may have been processed, check before repeating it",
            failure.status,
        )

    def _outcome(self, response: httpx.Response, idempotent: bool) -> Any:
        status, service = response.status_code, self.profile.name
        if status == 429:
            return self._rate_limited(response)
        if status >= 500:
            failure = self._unavailable(self._reason(response, "server error"), status)
            if idempotent:
                raise _Retry(failure)
            raise self._unknown_outcome(failure)
        if status in (401, 403):
            reason = self._reason(response, self.profile.refused)
            raise GatewayAuthFailed(status, reason, service=service)
        if status == 404:
            raise GatewayNotFound(status, self._reason(response, "not found"), service=service)
        if status >= 400:
            reason = self._reason(response, "request rejected")
            raise GatewayInvalidRequest(status, reason, service=service)
        try:
            parsed = json.loads(response.content, parse_float=Decimal)
        except (ValueError, UnicodeDecodeError):
            raise GatewayMalformedResponse(
                status, "the response is not valid JSON", service=service
            ) from None
        if self.profile.unwrap is None:
            return parsed
        try:
            return self.profile.unwrap(parsed)
        except ValueError as error:
            reason = self._scrub(str(error))
            raise GatewayMalformedResponse(status, reason, service=service) from None

    def _rate_limited(self, response: httpx.Response) -> Any:
        wait = retry_after_seconds(response.headers.get("retry-after"), lambda: datetime.now(UTC))
        failure = GatewayRateLimited(
            429, self._reason(response, "rate limited"), retry_after=wait, service=self.profile.name
        )
        if wait is not None and wait > self._retry.max_retry_after:
            raise failure  # longer than we are willing to block: let the caller reschedule
        raise _Retry(failure, delay=wait)

    def _reason(self, response: httpx.Response, fallback: str) -> str:
        """The service's explanation (``{"error": "..."}``, ``{"error": {"message": "..."}}`` or
        ``{"message": "..."}``), shortened and scrubbed of the key."""
        try:
            body = json.loads(response.content)
        except (ValueError, UnicodeDecodeError):
            body = None
        text = None
        if isinstance(body, dict):
            text = body.get("error")
            if isinstance(text, dict):
                text = text.get("message")
            text = text or body.get("message")
        return self._scrub(str(text).strip() if text else fallback)

    def _scrub(self, reason: str) -> str:
        key = self._key.reveal()
        if key:
            reason = reason.replace(key, "***")
        return reason[:MAX_REASON]
