"""Interval arithmetic against the obvious model: a set of integer points."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from studiobook.domain.appointments.intervals import (
    Interval,
    covers,
    intersect,
    normalise,
    overlapping,
    subtract,
    total,
    union,
)

pairs = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=8)


def points(intervals) -> set[int]:
    return {x for s, e in intervals for x in range(s, e)}


def assert_normalised(intervals) -> None:
    for s, e in intervals:
        assert s < e
    for (_, e1), (s2, _) in zip(intervals, intervals[1:], strict=False):
        assert e1 < s2  # sorted, disjoint and not touching


@settings(max_examples=150, deadline=None)
@given(pairs, pairs)
def test_set_operations_agree_with_sets_of_points(a, b):
    na, nb = normalise(a), normalise(b)
    assert points(na) == points(a)
    for result, expected in (
        (union(na, nb), points(a) | points(b)),
        (intersect(na, nb), points(a) & points(b)),
        (subtract(na, nb), points(a) - points(b)),
    ):
        assert_normalised(result)
        assert points(result) == expected
    assert total(na) == len(points(a))


@settings(max_examples=150, deadline=None)
@given(pairs, st.integers(0, 60), st.integers(1, 20))
def test_covers_and_overlapping_agree_with_sets_of_points(a, start, length):
    na = normalise(a)
    window = set(range(start, start + length))
    # covers: the whole window inside one interval (normalised intervals never touch).
    assert covers(na, start, start + length) == any(window <= set(range(s, e)) for s, e in na)
    assert list(overlapping(na, start, start + length)) == [
        (s, e) for s, e in na if window & set(range(s, e))
    ]


def test_hand_examples():
    assert normalise([(12, 17), (9, 12), (3, 3), (10, 11)]) == [Interval(9, 17)]
    assert subtract([(9, 17)], [(10, 11), (12, 13)]) == [(9, 10), (11, 12), (13, 17)]
    assert intersect([(9, 12), (13, 17)], [(11, 14)]) == [(11, 12), (13, 14)]
    assert union([(1, 2)], [(2, 3), (5, 6)]) == [(1, 3), (5, 6)]
    assert subtract([], [(1, 2)]) == [] and subtract([(1, 2)], []) == [(1, 2)]


def test_intervals_of_datetimes_work_the_same():
    def at(hour: int) -> datetime:
        return datetime(2026, 12, 1, hour, tzinfo=UTC)

    free = subtract([(at(9), at(17))], [(at(10), at(11))])
    assert free == [(at(9), at(10)), (at(11), at(17))]
    assert covers(free, at(11), at(12)) and not covers(free, at(9), at(11))
    assert total(free).total_seconds() == 7 * 3600
