"""Tokens, page sessions and CSRF tokens.

API clients send ``Authorization: Bearer <token>``. Pages log in with the same token once and then
carry a session cookie (HttpOnly, SameSite=Strict) that names the token — never contains it —
signed with a key that lives only in this process. Form posts carry a CSRF token derived from the
session by HMAC, so a page of another site can neither read nor forge it. Tokens are compared in
constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass

from studiobook.application.appointments.tenancy import CompanyNotFound
from studiobook.application.shared.audit import acting_as

SESSION_COOKIE = "studiobook_session"
LOGIN_COOKIE = "studiobook_login"  # double-submit value of the login form (before a session)
SESSION_SECONDS = 8 * 3600


class Forbidden(Exception):
    """The token is valid but scoped to another company than the operation needs."""


class CompanyRequired(ValueError):
    """The admin token sees every company, so it has to say which one it means."""

    def __init__(self) -> None:
        super().__init__("company_id is required with the admin token")


@dataclass(frozen=True)
class Principal:
    """Who is calling: ``company_id`` is ``None`` for the admin token, which sees every company."""

    name: str
    company_id: int | None

    @property
    def actor(self) -> str:
        return f"web:{self.name}"

    def acting(self) -> AbstractContextManager[None]:
        """Attribute the changes made inside the block to this caller in the audit trail."""
        return acting_as(self.actor)

    def scope(self, requested: int | None) -> int:
        """The company a request is about. A company token's own; any other company is "not
        found" to it, exactly like one that does not exist (see ``studiobook.application.appointments.tenancy``)."""
        if self.company_id is None:
            if requested is None:
                raise CompanyRequired()
            return requested
        if requested is not None and requested != self.company_id:
            raise CompanyNotFound(requested)
        return self.company_id

    def require_all_companies(self) -> None:
        if self.company_id is not None:
            raise Forbidden(
                f"this token is limited to company {self.company_id}; "
                "system-wide data needs the admin token"
            )


class AccessTokens:
    def __init__(self, admin_token: str, company_tokens: Mapping[str, int]) -> None:
        self._by_token: dict[str, Principal] = {admin_token: Principal("admin", None)}
        named: dict[int, int] = {}
        for token, company_id in company_tokens.items():
            named[company_id] = named.get(company_id, 0) + 1
            suffix = "" if named[company_id] == 1 else f".{named[company_id]}"
            self._by_token[token] = Principal(f"company-{company_id}{suffix}", company_id)
        self._by_name = {p.name: p for p in self._by_token.values()}

    def check(self, presented: str | None) -> Principal | None:
        """The caller a token belongs to; every known token is compared, in constant time."""
        if not presented:
            return None
        given = presented.encode()
        found = None
        for token, principal in self._by_token.items():
            if hmac.compare_digest(given, token.encode()):
                found = principal
        return found

    def named(self, name: str) -> Principal | None:
        return self._by_name.get(name)


class SessionSigner:
    """Signs session cookies and derives CSRF tokens; the key is random per process by default."""

    def __init__(self, key: bytes | None = None, clock: Callable[[], float] = time.time) -> None:
        self._key = key or secrets.token_bytes(32)
        self._clock = clock

    def _mac(self, text: str) -> str:
        return hmac.new(self._key, text.encode(), hashlib.sha256).hexdigest()

    def session(self, principal: Principal) -> str:
        body = f"{principal.name}|{int(self._clock()) + SESSION_SECONDS}"
        return f"{body}|{self._mac(body)}"

    def session_name(self, cookie: str | None) -> str | None:
        """The principal's name in a valid, unexpired session cookie."""
        name, _, rest = (cookie or "").partition("|")
        expires, _, mac = rest.partition("|")
        if not (name and expires.isdigit() and mac):
            return None
        if not hmac.compare_digest(mac, self._mac(f"{name}|{expires}")):
            return None
        return name if int(expires) > self._clock() else None

    def csrf(self, cookie: str) -> str:
        return self._mac(f"csrf|{cookie}")

    def csrf_ok(self, cookie: str | None, presented: str | None) -> bool:
        return bool(cookie and presented) and hmac.compare_digest(self.csrf(cookie), presented)
