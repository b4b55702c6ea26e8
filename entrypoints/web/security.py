"""Tokens, page sessions and CSRF tokens.

API clients send ``Authorization: Bearer <token>``. Pages log in with the same token once and then
carry a session cookie (HttpOnly, SameSite=Strict) holding only a random session id
(``secrets.token_urlsafe(32)``); who the session belongs to, when it expires and its CSRF secret
are kept on the server (:class:`SessionStore`), so logging out ends the session at once and two
logins never share one. Form posts carry that session's CSRF secret, which a page of another site
can neither read nor forge. Tokens are compared in constant time.

Sessions are kept in the database (hashed ids), so every ``serve --workers N`` process and a
restarted server know them; an app without a store keeps them in memory.

:class:`SessionSigner` remains for the public booking pages, whose double-submit CSRF cookie needs
no server state.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

from studiobook.application.appointments.tenancy import CompanyNotFound
from studiobook.application.shared.audit import acting_as

SESSION_COOKIE = "studiobook_session"
LOGIN_COOKIE = "studiobook_login"  # double-submit value of the login form (before a session)
SESSION_SECONDS = 8 * 3600
ATTEMPTS_PER_ADDRESS = (300, 3600.0)  # any attempt; past it even a right token waits
FAILURES_PER_ADDRESS = (20, 600.0)  # distinct wrong tokens; past it wrong tokens get 429
FAILURES_PER_TOKEN = (3, 600.0)  # the same wrong token again from the same address
MAX_KEYS = 10_000
MAX_SESSIONS = 10_000  # logins in a loop cannot grow memory without bound: the oldest go first


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


class SessionRecords(Protocol):
    """Where sessions are kept, by ``key`` (a SHA-256 of the session id): the database
    (``studiobook.adapters.sql.sessions``) so every worker process shares them, or
    :class:`MemorySessionRecords` for an app without a store."""

    def open(self, key: str, name: str, csrf: str, expires: float) -> None: ...

    def find(self, key: str) -> tuple[str, str, float] | None: ...

    def revoke(self, key: str) -> None: ...

    def purge(self, now: float) -> None: ...


class MemorySessionRecords:
    """Sessions of this process only (bounded: the oldest go first)."""

    def __init__(self) -> None:
        self._rows: OrderedDict[str, tuple[str, str, float]] = OrderedDict()
        self._lock = threading.Lock()

    def open(self, key: str, name: str, csrf: str, expires: float) -> None:
        with self._lock:
            self._rows[key] = (name, csrf, expires)
            while len(self._rows) > MAX_SESSIONS:
                self._rows.popitem(last=False)

    def find(self, key: str) -> tuple[str, str, float] | None:
        with self._lock:
            return self._rows.get(key)

    def revoke(self, key: str) -> None:
        with self._lock:
            self._rows.pop(key, None)

    def purge(self, now: float) -> None:
        with self._lock:
            for key in [k for k, (_, _, expires) in self._rows.items() if expires <= now]:
                del self._rows[key]


class SessionStore:
    """Page sessions by random id; ``clock`` is wall-clock seconds (the app's, faked in tests)
    and ``records`` where they are kept."""

    def __init__(
        self, clock: Callable[[], float] = time.time, records: SessionRecords | None = None
    ) -> None:
        self._clock = clock
        self._records: SessionRecords = records if records is not None else MemorySessionRecords()

    @staticmethod
    def _key(session_id: str) -> str:
        return hashlib.sha256(session_id.encode()).hexdigest()

    def open(self, principal: Principal) -> str:
        """A new session for ``principal``; its id goes into the cookie."""
        session_id = secrets.token_urlsafe(32)
        now = self._clock()
        self._records.purge(now)  # logins are rate limited, so this stays cheap
        self._records.open(
            self._key(session_id), principal.name, secrets.token_urlsafe(32), now + SESSION_SECONDS
        )
        return session_id

    def _live(self, session_id: str | None) -> tuple[str, str] | None:
        if not session_id or len(session_id) > 128:
            return None
        found = self._records.find(self._key(session_id))
        if found is None or found[2] <= self._clock():
            return None
        return found[0], found[1]

    def session_name(self, session_id: str | None) -> str | None:
        """The principal's name of a live session."""
        session = self._live(session_id)
        return session[0] if session else None

    def csrf(self, session_id: str | None) -> str:
        """The CSRF secret of a live session (empty for none: no form of it is accepted)."""
        session = self._live(session_id)
        return session[1] if session else ""

    def csrf_ok(self, session_id: str | None, presented: str | None) -> bool:
        expected = self.csrf(session_id)
        return bool(expected and presented) and hmac.compare_digest(expected, presented or "")

    def revoke(self, session_id: str | None) -> None:
        """End a session at once: its cookie and CSRF secret are refused from now on."""
        if session_id:
            self._records.revoke(self._key(session_id))


class _Counters:
    """A leaky counter per key: each event adds 1, the level drains at ``limit / per_seconds`` a
    second and never rises above ``limit``, so a flood recovers within ``per_seconds``."""

    def __init__(self, limit: int, per_seconds: float, clock: Callable[[], float]) -> None:
        self.limit = limit
        self.rate = limit / per_seconds
        self._clock = clock
        self._levels: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key -> (level, at)

    def level(self, key: str) -> float:
        level, at = self._levels.get(key, (0.0, self._clock()))
        return max(0.0, level - (self._clock() - at) * self.rate)

    def wait(self, key: str) -> int | None:
        """``None`` while under the limit; else whole seconds until one more event fits."""
        level = self.level(key)
        if level + 1 <= self.limit:
            return None
        return max(1, math.ceil((level + 1 - self.limit) / self.rate))

    def add(self, key: str) -> None:
        level = min(float(self.limit), self.level(key) + 1)
        self._levels.pop(key, None)  # the most recently used key moves to the end
        self._levels[key] = (level, self._clock())
        while len(self._levels) > MAX_KEYS:
            self._levels.popitem(last=False)


class LoginGuard:
    """How many login attempts an address may make (``studiobook.entrypoints.web.login`` says
    why)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._attempts = _Counters(*ATTEMPTS_PER_ADDRESS, clock)
        self._failures = _Counters(*FAILURES_PER_ADDRESS, clock)
        self._repeats = _Counters(*FAILURES_PER_TOKEN, clock)
        self._lock = threading.Lock()

    def attempt(self, address: str) -> int | None:
        """Count an attempt; seconds to wait if the address made too many of any kind."""
        with self._lock:
            wait = self._attempts.wait(address)
            self._attempts.add(address)
            return wait

    def failed(self, address: str, token: str) -> int | None:
        """Count a wrong token; seconds to wait if this address (or this token) guessed too often."""
        pair = f"{address}|{hashlib.sha256(token.encode()).hexdigest()}"
        with self._lock:
            wait = self._failures.wait(address) or self._repeats.wait(pair)
            if wait is None:
                if self._repeats.level(pair) == 0:  # a repeat of the same typo is no new guess
                    self._failures.add(address)
                self._repeats.add(pair)
            return wait
