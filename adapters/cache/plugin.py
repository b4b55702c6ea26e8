"""Registers the in-process cache with the adapter registry (kind ``cache``, name ``memory``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from studiobook.application.hookspecs import hookimpl

if TYPE_CHECKING:
    from studiobook.adapters.cache.memory import MemoryCache
    from studiobook.application.plugins import AdapterRegistry
    from studiobook.application.settings import Settings


@hookimpl
def studiobook_register_adapters(registry: AdapterRegistry) -> None:
    def build(settings: Settings) -> MemoryCache:
        from studiobook.adapters.cache.memory import MemoryCache

        return MemoryCache()

    registry.register("cache", "memory", build)
