"""Registers the metrics adapters (kind ``metrics``): ``none`` (counts nothing, the default) and
``prometheus`` (prometheus-client; multi-process when ``PROMETHEUS_MULTIPROC_DIR`` is set)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from studiobook.application.hookspecs import hookimpl
from studiobook.application.shared.metrics import NoMetrics

if TYPE_CHECKING:
    from studiobook.adapters.metrics.prometheus import PrometheusMetrics
    from studiobook.application.plugins import AdapterRegistry
    from studiobook.application.settings import Settings


@hookimpl
def studiobook_register_adapters(registry: AdapterRegistry) -> None:
    def prometheus(settings: Settings) -> PrometheusMetrics:
        from studiobook.adapters.metrics.prometheus import PrometheusMetrics

        return PrometheusMetrics(os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None)

    def none(settings: Settings) -> NoMetrics:
        return NoMetrics()

    registry.register("metrics", "none", none)
    registry.register("metrics", "prometheus", prometheus)
