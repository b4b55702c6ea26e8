"""Registers the WODIFY gateway with studiobook's adapter registry.

Nothing heavy is imported here: the CLI loads every built-in plugin, and ``studiobook --help``
must not pay for httpx. The factory imports the client when the container first needs it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studiobook.application.hookspecs import hookimpl

if TYPE_CHECKING:
    from studiobook.adapters.wodify.client import WodifyClient
    from studiobook.application.plugins import AdapterRegistry
    from studiobook.application.settings import Settings

DEFAULT_URL = "https://api.wodify.com/v1"


def build_gateway(settings: Settings) -> WodifyClient:
    """A :class:`~adapters.wodify.client.WodifyClient` from settings; without an API key or a
    location it raises ``GatewayNotConfigured`` (the status shows ``not_configured``)."""
    from studiobook.application.shared.ports import GatewayNotConfigured

    missing = [
        variable
        for variable, attribute in (
            ("WODIFY_API_KEY", "wodify_api_key"),
            ("WODIFY_LOCATION_ID", "wodify_location_id"),
        )
        if not str(getattr(settings, attribute, "") or "").strip()
    ]
    if missing:
        raise GatewayNotConfigured(None, f"{' and '.join(missing)} not set")
    from studiobook.adapters.wodify.client import (
        WodifyClient,  # httpx: only for a configured WODIFY
    )

    return WodifyClient(
        getattr(settings, "wodify_api_url", "") or DEFAULT_URL,
        settings.wodify_api_key.strip(),
        str(settings.wodify_location_id).strip(),
    )


@hookimpl
def studiobook_register_adapters(registry: AdapterRegistry) -> None:
    registry.register("membership_gateway", "wodify", build_gateway)
