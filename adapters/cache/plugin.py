"""Registers the in-process cache with the adapter registry (kind ``cache``, name ``memory``)."""

from __future__ import annotations

from studiobook.application.hookspecs import hookimpl


@hookimpl
def studiobook_register_adapters(registry) -> None:
    def build(settings):
        from studiobook.adapters.cache.memory import MemoryCache

        return MemoryCache()

    registry.register("cache", "memory", build)
