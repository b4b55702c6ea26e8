"""What the booking pages' forms share: the CSRF defence for anonymous customers and the checks
of what a person typed, each failing field with the key of a message in the customer's language.

CSRF — a signed double submit. A customer has no session, so the first page with a form sets a
random cookie (HttpOnly, SameSite=Lax, path ``/book``) and every form carries the HMAC of that
cookie under the server's key. A post is taken only when the two belong together: another site
can make the browser send the cookie but can neither read it nor compute its HMAC, and a cookie
planted by a neighbouring host is useless without the key. A request the browser marks
``Sec-Fetch-Site: cross-site`` is refused outright. The key is derived from
``STUDIOBOOK_SECRET_KEY`` when it is set, so that every worker process of ``serve --workers N``
accepts the others' forms; without it a process draws a random key (one process, or forms
refused across processes with a message asking to send again).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field

from starlette.requests import Request

from studiobook.domain.shared.customers import normalise_email
from studiobook.domain.shared.errors import InvalidCustomer
from studiobook.entrypoints.web.security import SessionSigner

CSRF_COOKIE = "studiobook_book"
COOKIE_PATH = "/book"
MAX_NAME = 200
MAX_EMAIL = 254
MAX_TICKETS = 20  # a page is for a person booking for a few friends; the API allows more


class FormGuard:
    def __init__(self, secret_key: str = "") -> None:
        key = (
            hmac.new(secret_key.encode(), b"studiobook booking pages csrf", hashlib.sha256).digest()
            if secret_key
            else secrets.token_bytes(32)
        )
        self._signer = SessionSigner(key)

    def token(self, request: Request) -> tuple[str, str | None]:
        """The token for a form on this page, and the new cookie to set (``None``: keep)."""
        cookie = request.cookies.get(CSRF_COOKIE)
        fresh = None
        if not cookie or len(cookie) > 100:
            cookie = fresh = secrets.token_urlsafe(32)
        return self._signer.csrf(cookie), fresh

    def accepts(self, request: Request, presented: str) -> bool:
        if request.headers.get("sec-fetch-site") == "cross-site":
            return False
        return self._signer.csrf_ok(request.cookies.get(CSRF_COOKIE), presented)


@dataclass
class Filled:
    """A form as the person sent it: ``values`` refill it, ``errors`` map a field to the key of
    its message (``form`` is a message about the whole form), ``details`` fill the messages'
    blanks (``{most}``, ``{when}``)."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)
    details: dict[str, object] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def check_customer(self) -> None:
        name = self.values.get("name", "").strip()
        if not name:
            self.errors["name"] = "error.name.missing"
        elif len(name) > MAX_NAME:
            self.errors["name"] = "error.name.long"
        email = self.values.get("email", "").strip()
        if not email:
            self.errors["email"] = "error.email.missing"
        else:
            try:
                if len(email) > MAX_EMAIL:
                    raise InvalidCustomer("too long")
                normalise_email(email)
            except InvalidCustomer:
                self.errors["email"] = "error.email.invalid"

    def check_count(self, name: str, most: int) -> None:
        """A whole number from 1 to ``most`` (the message names the range)."""
        raw = self.values.get(name, "").strip()
        self.details["most"] = most
        if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= most:
            self.numbers[name] = int(raw)
        else:
            self.errors[name] = "error.count"

