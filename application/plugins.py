"""The plugin manager factory, the adapter registry and the hook-calling event publisher.

Built-in adapters are plugins like any other: they are named here as module paths (so the
application layer never imports an adapter) and registered before third-party plugins from the
``studiobook`` entry-point group. Build a fresh manager per container; there is no global one.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from importlib.metadata import entry_points
from typing import Any, Protocol

import pluggy

from studiobook.application import hookspecs
from studiobook.application.shared.ports import Clock
from studiobook.domain.events import (
    BookingCancelled,
    BookingConfirmed,
    BookingPromoted,
    DomainEvent,
    MemberSynced,
)

log = logging.getLogger("studiobook.plugins")

ENTRY_POINT_GROUP = "studiobook"

BUILTIN_PLUGINS: tuple[str, ...] = (
    "studiobook.adapters.cache.plugin",
    "studiobook.adapters.calcom.plugin",
    "studiobook.adapters.clock",
    "studiobook.adapters.fuzzy",
    "studiobook.adapters.holidays.plugin",
    "studiobook.adapters.jobs.plugin",
    "studiobook.adapters.metrics.plugin",
    "studiobook.adapters.notify.plugin",
    "studiobook.adapters.queue.plugin",
    "studiobook.adapters.recurrence.plugin",
    "studiobook.adapters.secrets.plugin",
    "studiobook.adapters.sql.plugin",
    "studiobook.adapters.wodify.plugin",
)


class PluginError(Exception):
    """A plugin could not be loaded or an adapter could not be found."""


def make_plugin_manager(
    load_entry_points: bool = True, plugins: Iterable[object] = ()
) -> pluggy.PluginManager:
    """A new manager with the hook specs, the built-ins, entry-point plugins and ``plugins``.

    ``check_pending()`` runs last, so a misspelled ``studiobook_*`` implementation fails loudly
    at start-up instead of being silently ignored.
    """
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    for module_name in BUILTIN_PLUGINS:
        pm.register(importlib.import_module(module_name), name=module_name)
    if load_entry_points:
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            if pm.has_plugin(ep.name) or pm.is_blocked(ep.name):
                continue
            try:
                plugin = ep.load()
            except Exception as error:
                raise PluginError(
                    f"plugin '{ep.name}' ({ep.value}) failed to load: {error}"
                ) from error
            pm.register(plugin, name=ep.name)
    for plugin in plugins:
        pm.register(plugin)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as error:
        raise PluginError(str(error)) from error
    return pm


# ``factory(settings, **options) -> adapter``. Typed loosely on purpose: a factory takes the
# settings and only the options it understands (the engine for a store, say), and
# ``AdapterRegistry.create`` turns an option it does not take into a clear PluginError; a
# Protocol with ``**options`` would reject every real factory.
AdapterFactory = Callable[..., Any]


@dataclass(frozen=True)
class AdapterOffer:
    kind: str
    name: str
    factory: AdapterFactory
    plugin: str


class AdapterRegistry:
    """Adapters offered by plugins, by kind ("store", "clock", ...) and name."""

    def __init__(self) -> None:
        self._offers: dict[tuple[str, str], AdapterOffer] = {}
        self._current_plugin = "?"

    def register(self, kind: str, name: str, factory: AdapterFactory) -> None:
        key = (kind, name)
        if key in self._offers:
            other = self._offers[key].plugin
            raise PluginError(
                f"two plugins offer a {kind} adapter named '{name}': {other} and {self._current_plugin}"
            )
        self._offers[key] = AdapterOffer(kind, name, factory, self._current_plugin)

    def names(self, kind: str) -> list[str]:
        return sorted(name for k, name in self._offers if k == kind)

    def offers(self) -> list[AdapterOffer]:
        return sorted(self._offers.values(), key=lambda o: (o.kind, o.name))

    def create(self, kind: str, name: str, settings: Any, **options: Any) -> Any:
        """Build the adapter; ``options`` (e.g. an embedder's ``engine``) go to the factory."""
        offer = self._offers.get((kind, name))
        if offer is None:
            installed = ", ".join(self.names(kind)) or "none"
            raise PluginError(f"no {kind} adapter named '{name}' is installed (installed: {installed})")
        if not options:
            return offer.factory(settings)
        try:
            return offer.factory(settings, **options)
        except TypeError as error:
            given = ", ".join(sorted(options))
            raise PluginError(f"the {kind} adapter '{name}' does not accept {given}: {error}") from error


def collect_adapters(pm: pluggy.PluginManager) -> AdapterRegistry:
    registry = AdapterRegistry()
    for impl in pm.hook.studiobook_register_adapters.get_hookimpls():
        registry._current_plugin = impl.plugin_name
        impl.function(registry=registry)
    return registry


class RecordFailure(Protocol):
    def __call__(self, hook: str, plugin: str, message: str, at: datetime) -> None: ...


def _hook_calls(event: DomainEvent) -> list[tuple[str, dict[str, Any]]]:
    # Listeners get copies of mutable bookings: nothing they do reaches the committed aggregate.
    match event:
        case BookingConfirmed(booking=booking):
            return [("studiobook_booking_confirmed", {"booking": replace(booking)})]
        case BookingCancelled(booking=booking, tickets=tickets, reason=reason):
            arguments = {"booking": replace(booking), "tickets": tickets, "reason": reason}
            return [("studiobook_booking_cancelled", arguments)]
        case BookingPromoted(booking=booking, waitlist_entry_id=entry_id):
            arguments = {"booking": replace(booking), "waitlist_entry_id": entry_id}
            return [("studiobook_booking_promoted", arguments)]
        case MemberSynced(member=member, created=created):
            return [("studiobook_member_synced", {"member": member, "created": created})]
    return []  # pragma: no cover - every event type is matched above


@dataclass
class HookEventPublisher:
    """Publishes domain events as hook calls, one implementation at a time.

    Each implementation is called on its own so that one failing plugin neither stops the others
    nor reaches the caller: the failure is logged (shown on the CLI's stderr) and recorded.
    """

    plugin_manager: pluggy.PluginManager
    record_failure: RecordFailure
    clock: Clock

    def publish(self, events: Sequence[DomainEvent]) -> list[str]:
        problems: list[str] = []
        for event in events:
            for hook_name, kwargs in _hook_calls(event):
                problems.extend(self.call(hook_name, **kwargs))
        return problems

    def call(self, hook_name: str, **kwargs: Any) -> list[str]:
        """Call every implementation of ``hook_name``; return a line per failure."""
        hook = getattr(self.plugin_manager.hook, hook_name)
        problems = []
        for impl in reversed(hook.get_hookimpls()):  # pluggy's own order: last registered first
            accepted = {name: kwargs[name] for name in impl.argnames}
            try:
                impl.function(**accepted)
            except Exception as error:
                message = f"plugin '{impl.plugin_name}' failed in {hook_name}: {type(error).__name__}: {error}"
                log.warning(message)
                problems.append(message)
                self._record(hook_name, impl.plugin_name, message)
        return problems

    def _record(self, hook_name: str, plugin: str, message: str) -> None:
        try:
            self.record_failure(hook_name, plugin, message, self.clock.now())
        except Exception as error:  # recording must not turn a committed change into an error
            log.error("could not record the plugin failure (%s): %s", error, message)

