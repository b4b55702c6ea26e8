"""Seat arithmetic: free spots are live, unlimited is None, never -1 (SPEC 2.1)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from studiobook.domain.courses import capacity as seats
from studiobook.domain.courses.course import Course
from studiobook.domain.shared.customers import Customer
from studiobook.domain.shared.errors import InvalidCapacity, InvalidTickets

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("capacity", "booked", "free"),
    [(10, 0, 10), (10, 3, 7), (10, 10, 0), (10, 13, 0), (1, 0, 1), (0, 0, None), (0, 25, None)],
)
def test_free_spots(capacity, booked, free):
    assert seats.free_spots(capacity, booked) == free


@pytest.mark.parametrize(
    ("capacity", "booked", "over"), [(10, 9, 0), (10, 10, 0), (10, 13, 3), (0, 99, 0)]
)
def test_overbooked_counts_only_tickets_beyond_a_limited_capacity(capacity, booked, over):
    assert seats.overbooked(capacity, booked) == over


@pytest.mark.parametrize(
    ("capacity", "booked", "tickets", "fits"),
    [(10, 7, 3, True), (10, 7, 4, False), (10, 12, 1, False), (0, 1000, 50, True)],
)
def test_fits(capacity, booked, tickets, fits):
    assert seats.fits(capacity, booked, tickets) is fits


@pytest.mark.parametrize("bad", [-1, -10, 1.5, "5", None, True])
def test_capacity_must_be_a_whole_number_of_at_least_zero(bad):
    with pytest.raises(InvalidCapacity):
        seats.validate_capacity(bad)


@pytest.mark.parametrize("good", [0, 1, 500])
def test_valid_capacity_is_returned_unchanged(good):
    assert seats.validate_capacity(good) == good


@pytest.mark.parametrize("bad", [0, -1, 2.0, "2", None, True])
def test_tickets_must_be_a_whole_number_of_at_least_one(bad):
    with pytest.raises(InvalidTickets):
        seats.validate_tickets(bad)


def test_negative_capacity_message_says_what_is_allowed():
    with pytest.raises(InvalidCapacity, match="0 \\(unlimited\\) or more, got -3"):
        seats.validate_capacity(-3)


def test_seed_example_table():
    """capacity 10: created -> 10 free, 3 book -> 7, 2 more -> 5, one cancels -> 6 (at once)."""
    course = Course.create("Rückenfit", capacity=10)
    course.id = 1
    people = []
    observed = [course.free_spots]
    for group in (3, 2):
        for _ in range(group):
            n = len(people) + 1
            booking = course.book(Customer.of(f"Person {n}", f"p{n}@example.org"), 1, NOW)
            booking.id = n
            people.append(booking)
        observed.append(course.free_spots)
    course.cancel(people[0])
    observed.append(course.free_spots)

    assert observed == [10, 7, 5, 6]
    assert course.booked == 4
