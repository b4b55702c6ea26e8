"""Who may use the admin web app and how often: read once from the environment at the edge.

``STUDIOBOOK_ADMIN_TOKEN`` sees every company. ``STUDIOBOOK_ADMIN_TOKENS`` adds tokens scoped to
one company each, as ``token=company_id`` pairs separated by commas ("k3yA=3,k3yB=5"); such a
token only ever sees its own company. ``STUDIOBOOK_RATE_LIMIT`` is "requests/seconds" per client
(default 120/60): a token bucket that holds that many and refills at that pace.
``STUDIOBOOK_PUBLIC_RATE_LIMIT`` is the same for the public booking API (``/api/v1``), per client
address, in buckets of its own (default 120/60).
``STUDIOBOOK_TRUSTED_PROXIES`` lists the proxy addresses whose ``X-Forwarded-For`` and
``X-Forwarded-Proto`` are believed (comma-separated IPs or networks; default none: the client
address is the connecting peer's, so a spoofed header cannot dodge a rate limit).
``STUDIOBOOK_ALLOWED_HOSTS`` lists the host names requests may name in ``Host`` (default
``127.0.0.1,localhost`` plus the address ``serve --host`` listens on; ``*`` allows any); any other
host is refused with 400.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

MIN_TOKEN_LENGTH = 16
DEFAULT_RATE = (120, 60.0)
DEFAULT_PUBLIC_RATE = (120, 60.0)
DEFAULT_ALLOWED_HOSTS = ("127.0.0.1", "localhost")


class WebConfigError(ValueError):
    """A web setting cannot work; the message names the variable, never a token."""


@dataclass(frozen=True)
class WebConfig:
    admin_token: str = field(repr=False)
    company_tokens: Mapping[str, int] = field(default_factory=dict, repr=False)
    rate_requests: int = DEFAULT_RATE[0]
    rate_seconds: float = DEFAULT_RATE[1]
    public_rate_requests: int = DEFAULT_PUBLIC_RATE[0]
    public_rate_seconds: float = DEFAULT_PUBLIC_RATE[1]
    trusted_proxies: tuple[str, ...] = ()
    allowed_hosts: tuple[str, ...] = DEFAULT_ALLOWED_HOSTS

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, admin_token: str | None = None) -> WebConfig:
        """``admin_token`` (the demo's generated one) wins over the environment's."""
        env = os.environ if environ is None else environ
        token = admin_token or env.get("STUDIOBOOK_ADMIN_TOKEN", "").strip()
        if not token:
            raise WebConfigError(
                "STUDIOBOOK_ADMIN_TOKEN is not set; set it to a long random string "
                "(or run 'studiobook serve --demo')"
            )
        _check_token(token, "STUDIOBOOK_ADMIN_TOKEN")
        requests, seconds = parse_rate(env.get("STUDIOBOOK_RATE_LIMIT", ""))
        scoped = parse_company_tokens(env.get("STUDIOBOOK_ADMIN_TOKENS", ""))
        if token in scoped:
            raise WebConfigError("STUDIOBOOK_ADMIN_TOKENS repeats STUDIOBOOK_ADMIN_TOKEN")
        public = parse_rate(
            env.get("STUDIOBOOK_PUBLIC_RATE_LIMIT", ""), "STUDIOBOOK_PUBLIC_RATE_LIMIT",
            DEFAULT_PUBLIC_RATE,
        )  # fmt: skip
        return cls(
            token, scoped, requests, seconds, *public,
            trusted_proxies=parse_trusted_proxies(env.get("STUDIOBOOK_TRUSTED_PROXIES", "")),
            allowed_hosts=parse_allowed_hosts(env.get("STUDIOBOOK_ALLOWED_HOSTS", "")),
        )  # fmt: skip

    def serving_on(self, host: str) -> WebConfig:
        """The same configuration with ``host`` (the address ``serve`` listens on) allowed too."""
        if "*" in self.allowed_hosts or not host:
            return self
        named = f"[{host}]" if ":" in host else host  # an IPv6 literal comes bracketed in Host
        if named.lower() in self.allowed_hosts:
            return self
        return replace(self, allowed_hosts=(*self.allowed_hosts, named.lower()))


def parse_trusted_proxies(raw: str) -> tuple[str, ...]:
    """"10.0.0.2, 10.1.0.0/16" -> ("10.0.0.2", "10.1.0.0/16"); empty -> none trusted."""
    proxies = tuple(p.strip() for p in raw.split(",") if p.strip())
    for proxy in proxies:
        try:
            ipaddress.ip_network(proxy, strict=False)
        except ValueError:
            raise WebConfigError(
                f"STUDIOBOOK_TRUSTED_PROXIES: {proxy!r} is not an IP address or network"
            ) from None
    return proxies


def parse_allowed_hosts(raw: str) -> tuple[str, ...]:
    """"studio.example, *.example.org" -> those names (lower case); empty -> the default."""
    hosts = tuple(h.strip().lower() for h in raw.split(",") if h.strip())
    for host in hosts:
        if host != "*" and ("*" in host[1:] or (host.startswith("*") and not host.startswith("*."))):
            raise WebConfigError(
                f"STUDIOBOOK_ALLOWED_HOSTS: {host!r} is not a host name ('*.example.com' or '*')"
            )
    return hosts or DEFAULT_ALLOWED_HOSTS


def _check_token(token: str, variable: str) -> None:
    if len(token) < MIN_TOKEN_LENGTH or any(c.isspace() or c in ",=" for c in token):
        raise WebConfigError(
            f"{variable}: a token is at least {MIN_TOKEN_LENGTH} characters without spaces, "
            "commas or '='"
        )


def parse_company_tokens(raw: str) -> dict[str, int]:
    """"tokenA=3,tokenB=5" -> {"tokenA": 3, "tokenB": 5}."""
    scoped: dict[str, int] = {}
    for position, pair in enumerate(p.strip() for p in raw.split(",") if p.strip()):
        token, sep, company = pair.rpartition("=")
        if not sep or not company.strip().isdigit() or int(company) < 1:
            raise WebConfigError(
                f"STUDIOBOOK_ADMIN_TOKENS: entry {position + 1} is not token=company_id"
            )
        _check_token(token.strip(), f"STUDIOBOOK_ADMIN_TOKENS entry {position + 1}")
        scoped[token.strip()] = int(company)
    return scoped


def parse_rate(
    raw: str, variable: str = "STUDIOBOOK_RATE_LIMIT", default: tuple[int, float] = DEFAULT_RATE
) -> tuple[int, float]:
    """"120/60" -> (120, 60.0); empty -> the default."""
    if not raw.strip():
        return default
    count, sep, seconds = raw.strip().partition("/")
    try:
        requests, window = int(count), float(seconds)
    except ValueError:
        requests = window = 0
    if not sep or requests < 1 or not 0 < window <= 86400:
        raise WebConfigError(
            f"{variable}={raw!r} is not requests/seconds such as 120/60"
        )
    return requests, window
