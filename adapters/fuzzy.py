"""The request parser's fuzzy distance from rapidfuzz: optimal string alignment (edits: insert,
delete, substitute, swap two neighbours — the measure of the domain's hand-written
:func:`~studiobook.domain.requests.normalise.damerau_levenshtein`), compiled. bench/requests.py
measured it faster at the same accuracy on both evaluation sets, so the container passes it to
the parser as its ``distance`` input (kind ``request_distance``, name ``rapidfuzz``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from studiobook.application.hookspecs import hookimpl

if TYPE_CHECKING:
    from studiobook.application.plugins import AdapterRegistry
    from studiobook.application.settings import Settings


def osa_distance() -> Callable[[str, str, int], int]:
    """``distance(said, known, bound)``: edits from ``said`` to ``known``, anything above
    ``bound`` coming back as ``bound + 1``. rapidfuzz is imported here, when the container first
    builds it, not when the plugin is loaded (every command loads the plugins)."""
    from rapidfuzz.distance import OSA

    osa = OSA.distance

    def distance(said: str, known: str, bound: int) -> int:
        return int(osa(said, known, score_cutoff=bound))

    return distance


@hookimpl
def studiobook_register_adapters(registry: AdapterRegistry) -> None:
    def build(settings: Settings) -> Callable[[str, str, int], int]:
        return osa_distance()

    registry.register("request_distance", "rapidfuzz", build)
