"""Which host names the app answers for, and redirects that never name a host.

:func:`guard_hosts` puts Starlette's ``TrustedHostMiddleware`` in front of the app (a ``Host``
outside ``STUDIOBOOK_ALLOWED_HOSTS`` is refused with 400) and, behind it, :class:`RelativeRedirects`:
a redirect the framework builds from the request's own ``Host`` (the trailing-slash redirect) is
rewritten to a path, so even with ``*`` allowed no ``Location`` carries a host a client made up.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit, urlunsplit

from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class RelativeRedirects:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1").lower()

        async def send_relative(message: Message) -> None:
            if message["type"] == "http.response.start" and 300 <= message["status"] < 400:
                message["headers"] = [
                    (name, _relative(value, host) if name.lower() == b"location" else value)
                    for name, value in message.get("headers", [])
                ]
            await send(message)

        await self.app(scope, receive, send_relative)


def _relative(location: bytes, host: str) -> bytes:
    """``http://<host>/path?q`` -> ``/path?q`` when it names the request's own host."""
    parts = urlsplit(location.decode("latin-1"))
    if not parts.netloc or parts.netloc.lower() != host:
        return location
    path = "/" + parts.path.lstrip("/")  # never "//elsewhere", which a browser reads as a host
    return urlunsplit(("", "", path, parts.query, parts.fragment)).encode("latin-1")


def guard_hosts(app, allowed_hosts: Sequence[str]) -> None:
    """Adds both middlewares to ``app`` (before it starts): the host check runs first."""
    app.add_middleware(RelativeRedirects)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts), www_redirect=False)
