"""Half-open intervals ``[start, end)`` and the arithmetic of sorted interval lists.

A *normalised* list is sorted by start, holds no empty interval and no two intervals that
overlap or touch (``[9, 12)`` and ``[12, 17)`` become ``[9, 17)``). :func:`normalise` makes one
in O(n log n); :func:`union`, :func:`intersect` and :func:`subtract` take normalised lists and
return one in O(n + m) — a single sweep, never a loop over minutes.

The functions work on anything ordered: aware datetimes for readability, integer epoch seconds
where speed matters (the availability engine uses seconds).
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import Any, Generic, NamedTuple, TypeVar

T = TypeVar("T", bound=Any)

_start = itemgetter(0)
_end = itemgetter(1)


class Interval(NamedTuple, Generic[T]):
    """``[start, end)``: contains ``start``, not ``end``."""

    start: T
    end: T


# ``Interval(start, end)`` runs a generated Python ``__new__``; the sweeps below make thousands
# per availability answer (``_new(Interval, (start, end))`` is the same value at half the cost).
_new = tuple.__new__


def normalise(intervals: Iterable[tuple[T, T]]) -> list[Interval[T]]:
    """Sort, drop empty intervals, merge overlapping and touching ones."""
    return _merge_sorted(sorted(intervals))


def union(a: Sequence[tuple[T, T]], b: Sequence[tuple[T, T]]) -> list[Interval[T]]:
    """Every point in ``a`` or ``b``; both normalised."""
    return _merge_sorted(heapq.merge(a, b))


def intersect(a: Sequence[tuple[T, T]], b: Sequence[tuple[T, T]]) -> list[Interval[T]]:
    """Every point in both ``a`` and ``b``; both normalised."""
    out: list[Interval[T]] = []
    i = j = 0
    while i < len(a) and j < len(b):
        a_start, a_end = a[i]
        b_start, b_end = b[j]
        start = a_start if a_start > b_start else b_start
        end = a_end if a_end < b_end else b_end
        if start < end:
            out.append(_new(Interval, (start, end)))
        if a_end < b_end:
            i += 1
        else:
            j += 1
    return out


def subtract(a: Sequence[tuple[T, T]], b: Sequence[tuple[T, T]]) -> list[Interval[T]]:
    """Every point in ``a`` that is not in ``b``; both normalised."""
    out: list[Interval[T]] = []
    j = 0
    for start, end in a:
        # Skip what ends before this interval starts; those parts of ``b`` cannot matter later
        # either, because ``a`` is sorted.
        while j < len(b) and b[j][1] <= start:
            j += 1
        k = j
        while k < len(b) and b[k][0] < end:
            cut_start, cut_end = b[k]
            if cut_start > start:
                out.append(_new(Interval, (start, cut_start)))
            if cut_end >= end:
                start = end
                break
            start = cut_end
            k += 1
        if start < end:
            out.append(_new(Interval, (start, end)))
    return out


def covers(intervals: Sequence[tuple[T, T]], start: T, end: T) -> bool:
    """Whether ``[start, end)`` lies inside one interval of a normalised list (O(log n))."""
    i = bisect_right(intervals, start, key=_start) - 1
    return i >= 0 and end <= intervals[i][1]


def overlapping(intervals: Sequence[tuple[T, T]], start: T, end: T) -> Sequence[tuple[T, T]]:
    """The intervals of a normalised list that share a point with ``[start, end)`` (O(log n)).

    In a normalised list the ends are sorted too, so two bisections find the run."""
    first = bisect_right(intervals, start, key=_end)
    last = bisect_left(intervals, end, key=_start)
    return intervals[first:last]


def total(intervals: Iterable[tuple[T, T]]) -> Any:
    """The summed length of disjoint intervals (``end - start`` added up)."""
    lengths = [e - s for s, e in intervals]
    return sum(lengths[1:], lengths[0]) if lengths else 0


def _merge_sorted(ordered: Iterable[tuple[T, T]]) -> list[Interval[T]]:
    """One pass over intervals sorted by start: empty ones dropped, the rest merged (the
    availability engine normalises thousands per answer, so no generator stands in between)."""
    out: list[Interval[T]] = []
    current_start = current_end = None
    for start, end in ordered:
        if not start < end:
            continue
        if current_end is not None and start <= current_end:
            if end > current_end:
                current_end = end
            continue
        if current_end is not None:
            out.append(_new(Interval, (current_start, current_end)))
        current_start, current_end = start, end
    if current_end is not None:
        out.append(_new(Interval, (current_start, current_end)))
    return out
