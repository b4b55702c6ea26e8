"""The :class:`~studiobook.application.shared.metrics.Metrics` port on prometheus-client.

In one process the metrics live in a registry of their own (one per container, so two containers
in a test never share counts). With several processes (``studiobook serve --workers N``) every
process writes its values to files in ``PROMETHEUS_MULTIPROC_DIR`` — the workers, and the
supervisor whose scheduler runs the jobs — and the exposition adds them up, so whichever worker
answers ``/metrics`` shows the whole server. That directory is private to one run of ``serve``
(it creates and removes it): files left by an earlier run would be counted again.
"""

from __future__ import annotations

from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    values,
)
from prometheus_client.multiprocess import MultiProcessCollector

# Seconds. Requests: 5 ms to 10 s (an uncached availability week under load is ~0.1-1 s).
REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# Jobs: a sync of a few clients takes 0.1 s, of 10k clients with a slow API minutes.
JOB_BUCKETS = (0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0)


class PrometheusMetrics:
    def __init__(self, multiprocess_dir: str | None = None) -> None:
        _values_for(multiprocess_dir)
        self._dir = multiprocess_dir
        self._registry = CollectorRegistry()
        self._children: dict[tuple[int, tuple[str, ...]], Any] = {}
        # Multi-process: the values go to files and the exposition reads them all; registering
        # the process's own metrics as well would count this process twice.
        owner = None if multiprocess_dir else self._registry
        self._requests = Histogram(
            "studiobook_http_request_duration_seconds",
            "Time to answer a web request, by method, route template and status.",
            ["method", "route", "status"], buckets=REQUEST_BUCKETS, registry=owner,
        )  # fmt: skip
        self._bookings = Counter(
            "studiobook_bookings",
            "Attempts to book a course seat or an appointment, by kind and outcome "
            "(booked, waitlisted, replayed, or why it was refused).",
            ["kind", "outcome"], registry=owner,
        )  # fmt: skip
        self._cache = Counter(
            "studiobook_cache_lookups",
            "Lookups in a cache, by cache and result (hit or miss).",
            ["cache", "result"], registry=owner,
        )  # fmt: skip
        self._jobs = Histogram(
            "studiobook_job_duration_seconds",
            "Time a scheduled job (WODIFY and Cal.com syncs, the outbox, ...) ran, by outcome.",
            ["job", "outcome"], buckets=JOB_BUCKETS, registry=owner,
        )  # fmt: skip

    def booking(self, kind: str, outcome: str) -> None:
        self._child(self._bookings, kind, outcome).inc()

    def cache_lookup(self, cache: str, hit: bool) -> None:
        self._child(self._cache, cache, "hit" if hit else "miss").inc()

    def job(self, name: str, outcome: str, seconds: float) -> None:
        self._child(self._jobs, name, outcome).observe(seconds)

    def request(self, method: str, route: str, status: int, seconds: float) -> None:
        self._child(self._requests, method, route, str(status)).observe(seconds)

    def _child(self, metric: Any, *labels: str) -> Any:
        """``metric.labels(*labels)``, remembered: ``labels()`` checks and locks on every call,
        and an availability question looks its cache up some 350 times (3.5% of its CPU)."""
        key = (id(metric), labels)
        child = self._children.get(key)
        if child is None:
            child = self._children[key] = metric.labels(*labels)
        return child

    def exposition(self) -> tuple[str, bytes]:
        if self._dir is None:
            return CONTENT_TYPE_LATEST, generate_latest(self._registry)
        everyone = CollectorRegistry()
        MultiProcessCollector(everyone, path=self._dir)  # type: ignore[no-untyped-call]
        return CONTENT_TYPE_LATEST, generate_latest(everyone)


def _values_for(multiprocess_dir: str | None) -> None:
    """prometheus-client picks in-memory or file-backed values when it is first imported, from
    ``PROMETHEUS_MULTIPROC_DIR``; a process that imported it before ``serve`` set the variable
    (or after it was removed) would pick wrongly, so the choice is made again here."""
    if bool(getattr(values.ValueClass, "_multiprocess", False)) != bool(multiprocess_dir):
        values.ValueClass = values.get_value_class()  # type: ignore[no-untyped-call]
