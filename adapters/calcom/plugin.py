"""Registers the Cal.com calendar gateway with studiobook's adapter registry.

Nothing heavy is imported here: the CLI loads every built-in plugin, and ``studiobook --help``
must not pay for httpx. The registered factory only remembers the base URL; the client module
(and httpx) is imported the first time a company's gateway is made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from studiobook.application.hookspecs import hookimpl

if TYPE_CHECKING:
    from studiobook.adapters.calcom.client import CalcomClient
    from studiobook.application.plugins import AdapterRegistry
    from studiobook.application.settings import Settings

DEFAULT_URL = "https://api.cal.com/v2"


class CalcomGatewayFactory:
    """A :class:`~studiobook.application.appointments.calendar.CalendarGatewayFactory`: API key -> gateway. Keys differ
    per company, so none is kept here; ``options`` go to the client (timeouts, retries)."""

    def __init__(self, base_url: str = DEFAULT_URL, **options: Any) -> None:
        self.base_url = base_url or DEFAULT_URL
        self._options = options

    def __repr__(self) -> str:
        return f"CalcomGatewayFactory(base_url={self.base_url!r})"

    def __call__(self, api_key: str) -> CalcomClient:
        from studiobook.adapters.calcom.client import SERVICE, CalcomClient
        from studiobook.application.shared.ports import GatewayNotConfigured

        if not isinstance(api_key, str) or not api_key.strip():
            raise GatewayNotConfigured(None, "the company has no Cal.com API key", SERVICE)
        return CalcomClient(self.base_url, api_key.strip(), **self._options)


def build_gateway_factory(settings: Settings) -> CalcomGatewayFactory:
    return CalcomGatewayFactory(getattr(settings, "calcom_api_url", "") or DEFAULT_URL)


@hookimpl
def studiobook_register_adapters(registry: AdapterRegistry) -> None:
    registry.register("calendar_gateway", "calcom", build_gateway_factory)
