"""What every route shares: the app's context and the dependencies that say who is calling.

API routes take :data:`ApiCaller` (bearer token, rate limited per token or address); pages take
:data:`PageCaller` (a live server-side session, else a redirect to the login form); form posts
take :data:`FormCaller`, which also refuses a CSRF token that is not the session's own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from anyio import CapacityLimiter
from fastapi import Depends, Form, HTTPException, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.templating import Jinja2Templates
from pydantic import BeforeValidator, Field

from studiobook.entrypoints.web.ratelimit import RateLimiter
from studiobook.entrypoints.web.security import (
    SESSION_COOKIE,
    AccessTokens,
    LoginGuard,
    Principal,
    SessionStore,
)

MAX_ID = 2**31 - 1


def _blank_is_none(value: object) -> object:
    """A form's "all" choice sends ``branch_id=`` (an empty select value): that means no filter,
    not a bad number."""
    return None if isinstance(value, str) and not value.strip() else value


OptionalId = Annotated[
    Annotated[int, Field(ge=1, le=MAX_ID)] | None, BeforeValidator(_blank_is_none), Query()
]
"""An optional id filter in a page's or the API's address; empty means "any"."""


@dataclass
class Web:
    container: Any
    tokens: AccessTokens
    limiter: RateLimiter
    sessions: SessionStore
    templates: Jinja2Templates
    login_guard: LoginGuard
    availability_threads: int = 1  # the use-case's gate: as many questions at once
    _turns: CapacityLimiter | None = field(default=None, init=False, repr=False)

    def availability_turns(self) -> CapacityLimiter:
        """The turns availability questions wait for before they get a thread
        (:func:`~studiobook.entrypoints.web.turns.in_turn`); made in the event loop on first use
        (a limiter belongs to one)."""
        if self._turns is None:
            self._turns = CapacityLimiter(self.availability_threads)
        return self._turns

    @property
    def can_sync_calcom(self) -> bool:
        """The Cal.com sync use-case is wired (the event types page shows its button)."""
        return hasattr(self.container, "calcom_sync")

    @property
    def can_answer_requests(self) -> bool:
        """The natural-language request use-case is wired (the voice webhook answers)."""
        return hasattr(self.container, "requests")


class LoginRequired(Exception):
    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


async def web(request: Request) -> Web:
    """``async``: FastAPI runs a plain ``def`` dependency in its thread pool, a thread hop on
    every request for reading one attribute."""
    return request.app.state.web


WebDep = Annotated[Web, Depends(web)]
_bearer = HTTPBearer(auto_error=False, description="STUDIOBOOK_ADMIN_TOKEN, or a company token")


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def rate_limit(context: Web, request: Request, principal: Principal | None) -> None:
    """A valid token has its own bucket; anything else shares the client address's."""
    key = f"token:{principal.name}" if principal else f"ip:{client_address(request)}"
    wait = context.limiter.take(key)
    if wait is not None:
        raise HTTPException(429, "too many requests; slow down", headers={"Retry-After": str(wait)})


def api_caller(
    request: Request,
    context: WebDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    principal = context.tokens.check(credentials.credentials if credentials else None)
    rate_limit(context, request, principal)
    if principal is None:
        raise HTTPException(
            401, "a valid bearer token is required", headers={"WWW-Authenticate": "Bearer"}
        )
    return principal


def page_caller(request: Request, context: WebDep) -> Principal:
    name = context.sessions.session_name(request.cookies.get(SESSION_COOKIE))
    principal = context.tokens.named(name) if name else None
    if principal is None:
        query = f"?{request.url.query}" if request.url.query else ""
        raise LoginRequired(request.url.path + query if request.method == "GET" else "/")
    return principal


def form_caller(
    request: Request,
    context: WebDep,
    principal: Annotated[Principal, Depends(page_caller)],
    csrf_token: Annotated[str, Form()] = "",
) -> Principal:
    if not context.sessions.csrf_ok(request.cookies.get(SESSION_COOKIE), csrf_token):
        raise HTTPException(
            403, "this form's CSRF token is missing or wrong; reload the page and try again"
        )
    rate_limit(context, request, principal)
    return principal


ApiCaller = Annotated[Principal, Depends(api_caller)]
PageCaller = Annotated[Principal, Depends(page_caller)]
FormCaller = Annotated[Principal, Depends(form_caller)]
