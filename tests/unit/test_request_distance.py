"""The request parser's fuzzy distance from rapidfuzz (adapters/fuzzy.py): the same measure as
the domain's hand-written one, and the one the container's requests use."""

from __future__ import annotations

import pytest

from studiobook.adapters.fuzzy import osa_distance
from studiobook.domain.requests.normalise import damerau_levenshtein

WORDS = ("herrenschnitt", "herenschnitt", "hrerenschnitt", "damenschnitt", "sofia", "sophia",
         "mehmet", "mehmed", "ostermontag", "ostermontg", "ab", "ba", "", "ekg", "ecg")


@pytest.mark.parametrize("bound", [0, 1, 2])
def test_rapidfuzz_counts_edits_as_the_hand_written_one(bound):
    distance = osa_distance()
    for a in WORDS:
        for b in WORDS:
            assert distance(a, b, bound) == damerau_levenshtein(a, b, bound), (a, b, bound)
    assert distance("ca", "abc", 5) == 3  # optimal string alignment, not full Damerau (2)


def test_the_containers_requests_use_it(tmp_path):
    from studiobook.application.container import Container
    from studiobook.application.settings import Settings

    container = Container()
    container.settings.override(Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}"))
    requests = container.requests()
    assert requests.distance is not damerau_levenshtein
    assert requests.distance("herenschnitt", "herrenschnitt", 2) == 1
