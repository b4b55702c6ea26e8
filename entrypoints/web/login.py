"""Logging in to the pages with a token, and out again.

The login form is protected by a double-submit value (a random cookie repeated in the form), as
there is no session yet to bind a CSRF token to. ``next`` only ever leads to a path on this site.

Attempts are limited by ``security.LoginGuard`` so that guessing is slow but nobody is locked out
by someone else: wrong tokens are counted per address (distinct ones only) and per (address, token);
past those limits a wrong token gets 429, while a right token is still accepted — unless that very
address has made more than a generous number of attempts of any kind. A right token then reveals
itself among the 429s at most at that generous pace, which for tokens of 16+ random characters
(``MIN_TOKEN_LENGTH``) is no help to a guesser. Counters live in process memory.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from studiobook.entrypoints.web.deps import FormCaller, WebDep, client_address
from studiobook.entrypoints.web.security import (
    LOGIN_COOKIE,
    SESSION_COOKIE,
    SESSION_SECONDS,
)

router = APIRouter(include_in_schema=False)


def _too_many(wait: int) -> HTTPException:
    return HTTPException(429, "too many login attempts; slow down",
                         headers={"Retry-After": str(wait)})


def local_path(candidate: str) -> str:
    """``candidate`` if it is a path on this site, else the dashboard."""
    safe = candidate.startswith("/") and not candidate.startswith(("//", "/\\"))
    return candidate if safe and "\n" not in candidate and "\r" not in candidate else "/"


def _cookie(response: Response, request: Request, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name, value, max_age=max_age, httponly=True, samesite="strict",
        secure=request.url.scheme == "https", path="/",
    )


@router.get("/login")
def login_form(request: Request, web: WebDep, next: str = "/") -> Response:
    value = secrets.token_urlsafe(24)
    response = web.templates.TemplateResponse(
        request, "login.html", {"login_csrf": value, "next": local_path(next), "failed": False}
    )
    _cookie(response, request, LOGIN_COOKIE, value, 3600)
    return response


@router.post("/login")
def login(
    request: Request,
    web: WebDep,
    token: Annotated[str, Form(max_length=512)] = "",
    login_csrf: Annotated[str, Form(max_length=128)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    address = client_address(request)
    wait = web.login_guard.attempt(address)
    if wait is not None:
        raise _too_many(wait)
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not (expected and login_csrf and hmac.compare_digest(expected, login_csrf)):
        raise HTTPException(403, "the login form expired; reload it and try again")
    principal = web.tokens.check(token.strip())
    if principal is None:
        wait = web.login_guard.failed(address, token.strip())
        if wait is not None:
            raise _too_many(wait)
        response = web.templates.TemplateResponse(
            request, "login.html", {"login_csrf": expected, "next": local_path(next), "failed": True},
            status_code=401,
        )
        return response
    web.sessions.revoke(request.cookies.get(SESSION_COOKIE))  # a login never reuses a session
    response = RedirectResponse(local_path(next), 303)
    _cookie(response, request, SESSION_COOKIE, web.sessions.open(principal), SESSION_SECONDS)
    response.delete_cookie(LOGIN_COOKIE, path="/")
    return response


@router.post("/logout")
def logout(request: Request, web: WebDep, caller: FormCaller) -> Response:
    web.sessions.revoke(request.cookies.get(SESSION_COOKIE))  # the cookie is dead from now on
    response = RedirectResponse("/login", 303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
