"""Registers the in-process cache with the adapter registry (kind ``cache``, name ``memory``)."""

from __future__ import annotations

from application.hookspecs import hookimpl


@hookimpl
def studiobook_register_adapters(registry) -> None:
    def build(settings):
        from adapters.cache.memory import MemoryCache

        return MemoryCache()

    registry.register("cache", "memory", build)
