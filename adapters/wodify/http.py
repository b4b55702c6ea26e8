"""JSON over HTTP to WODIFY with the retry rules of SPEC 3.1 and a key that never leaks.

- 429: wait what ``Retry-After`` says (up to ``max_retry_after``), then try again — for every
  method, because the service did nothing. A longer wait is not slept through: the caller gets
  :class:`GatewayRateLimited` with ``retry_after`` at once.
- 5xx, timeouts, dropped connections: retried with capped exponential backoff and full jitter,
  but only for idempotent requests (GET, PUT). A POST that may have reached WODIFY is not sent
  again — a second ``POST /memberships`` could create a second membership.
- A connection that could not even be opened is retried for every method: nothing was sent.

The API key is added to each request's headers and kept nowhere else: httpx's ``Headers`` repr
masks only ``authorization``, so a client-wide ``x-api-key`` header would show in a debugger or a
careless log line. Log lines name method, path and status only; reasons are scrubbed of the key.
"""

from __future__ import annotations

import json
import logging
import random
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from email.utils import parsedate_to_datetime
from functools import cache
from typing import Any

import httpx

from application.ports import (
    GatewayAuthFailed,
    GatewayError,
    GatewayInvalidRequest,
    GatewayMalformedResponse,
    GatewayNotFound,
    GatewayRateLimited,
    GatewayUnavailable,
)

log = logging.getLogger("studiobook.wodify")

IDEMPOTENT = frozenset({"GET", "PUT", "HEAD", "DELETE"})
MAX_REASON = 200


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try. Tests shrink the delays; production keeps the defaults."""

    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 30.0

    def backoff(self, attempt: int, jitter: Callable[[], float]) -> float:
        """Full jitter: anywhere between 0 and the capped exponential delay for ``attempt``."""
        return jitter() * min(self.max_delay, self.base_delay * 2 ** (attempt - 1))


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
        location_id: str,
        *,
        timeout: float = 10.0,
        connect_timeout: float = 5.0,
        retry: RetryPolicy = RetryPolicy(),
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[], float] = random.random,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.location_id = location_id
        self._key = Secret(api_key)
        self._retry = retry
        self._sleep = sleep
        self._jitter = jitter
        self._http = httpx.Client(
            base_url=self.base_url,
            params={"location_id": location_id},
            headers={"accept": "application/json", "user-agent": "studiobook"},
            timeout=httpx.Timeout(timeout, connect=connect_timeout),
            verify=_tls(),
            transport=transport,
        )

    def __repr__(self) -> str:
        return (
            f"JsonHttp(base_url={self.base_url!r}, location_id={self.location_id!r}, api_key=***)"
        )

    def close(self) -> None:
        self._http.close()

    # -- the one entry point --------------------------------------------------------------
    def request(
        self, method: str, path: str, *, body: Any = None, params: dict | None = None
    ) -> Any:
        """Send, retrying as the module docstring says; the parsed JSON body or a GatewayError."""
        attempts = max(1, self._retry.attempts)
        for attempt in range(1, attempts + 1):
            try:
                return self._attempt(method, path, body, params, attempt)
            except _Retry as retry:
                if attempt == attempts:
                    raise retry.error from None
                delay = (
                    retry.delay
                    if retry.delay is not None
                    else self._retry.backoff(attempt, self._jitter)
                )
                log.warning(
                    "WODIFY %s %s: %s; retrying in %.2f s (attempt %d of %d)",
                    method,
                    path,
                    retry.error.reason,
                    delay,
                    attempt,
                    attempts,
                )
                self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _attempt(self, method: str, path: str, body: Any, params: dict | None, attempt: int) -> Any:
        idempotent = method in IDEMPOTENT
        started = time.perf_counter()
        try:
            response = self._http.request(
                method, path, json=body, params=params, headers={"x-api-key": self._key.reveal()}
            )
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as error:
            # Nothing reached WODIFY, so even a POST may go again.
            raise _Retry(
                GatewayUnavailable(None, f"cannot connect ({type(error).__name__})")
            ) from None
        except httpx.TimeoutException as error:
            failure = GatewayUnavailable(None, f"no answer in time ({type(error).__name__})")
            raise (_Retry(failure) if idempotent else self._unknown_outcome(failure)) from None
        except httpx.TransportError as error:
            failure = GatewayUnavailable(None, f"connection failed ({type(error).__name__})")
            raise (_Retry(failure) if idempotent else self._unknown_outcome(failure)) from None
        elapsed_ms = (time.perf_counter() - started) * 1000
        log.debug(
            "WODIFY %s %s -> %d in %.0f ms (attempt %d)",
            method,
            path,
            response.status_code,
            elapsed_ms,
            attempt,
        )
        return self._outcome(response, idempotent)

    @staticmethod
    def _unknown_outcome(failure: GatewayUnavailable) -> GatewayUnavailable:
        return GatewayUnavailable(
            failure.status,
            f"{failure.reason}; the request may have been processed, check before repeating it",
        )

    def _outcome(self, response: httpx.Response, idempotent: bool) -> Any:
        status = response.status_code
        if status == 429:
            return self._rate_limited(response)
        if status >= 500:
            failure = GatewayUnavailable(status, self._reason(response, "server error"))
            if idempotent:
                raise _Retry(failure)
            raise self._unknown_outcome(failure)
        if status in (401, 403):
            raise GatewayAuthFailed(
                status, self._reason(response, "the API key or location was refused")
            )
        if status == 404:
            raise GatewayNotFound(status, self._reason(response, "not found"))
        if status >= 400:
            raise GatewayInvalidRequest(status, self._reason(response, "request rejected"))
        try:
            return json.loads(response.content, parse_float=Decimal)
        except (ValueError, UnicodeDecodeError):
            raise GatewayMalformedResponse(status, "the response is not valid JSON") from None

    def _rate_limited(self, response: httpx.Response) -> Any:
        wait = retry_after_seconds(response.headers.get("retry-after"), lambda: datetime.now(UTC))
        failure = GatewayRateLimited(429, self._reason(response, "rate limited"), retry_after=wait)
        if wait is not None and wait > self._retry.max_retry_after:
            raise failure  # longer than we are willing to block: let the caller reschedule
        raise _Retry(failure, delay=wait)

    def _reason(self, response: httpx.Response, fallback: str) -> str:
        """The service's ``{"error": ...}`` text, shortened and scrubbed of the key."""
        try:
            body = json.loads(response.content)
            text = body.get("error") if isinstance(body, dict) else None
        except (ValueError, UnicodeDecodeError):
            text = None
        reason = str(text).strip() if text else fallback
        key = self._key.reveal()
        if key:
            reason = reason.replace(key, "***")
        return reason[:MAX_REASON]
