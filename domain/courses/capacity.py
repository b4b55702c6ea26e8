"""Seat arithmetic: free spots are derived from the live sum of occupied tickets, never stored.

A stored counter drifts the first time two writers race or a row is fixed by hand; a sum over the
bookings cannot. Capacity 0 means unlimited, and unlimited is ``None`` — never -1.
"""

from __future__ import annotations

from studiobook.domain.shared.errors import InvalidCapacity, InvalidTickets

UNLIMITED = 0


def validate_capacity(capacity: int) -> int:
    if isinstance(capacity, bool) or not isinstance(capacity, int):
        raise InvalidCapacity(f"capacity must be a whole number, got {capacity!r}")
    if capacity < 0:
        raise InvalidCapacity(f"capacity must be 0 (unlimited) or more, got {capacity}")
    return capacity


def validate_tickets(tickets: int) -> int:
    if isinstance(tickets, bool) or not isinstance(tickets, int):
        raise InvalidTickets(f"tickets must be a whole number, got {tickets!r}")
    if tickets < 1:
        raise InvalidTickets(f"tickets must be at least 1, got {tickets}")
    return tickets


def is_unlimited(capacity: int) -> bool:
    return capacity == UNLIMITED


def free_spots(capacity: int, booked: int) -> int | None:
    """Seats still free; ``None`` for an unlimited course; 0 (not negative) when overbooked."""
    if is_unlimited(capacity):
        return None
    return max(0, capacity - booked)


def overbooked(capacity: int, booked: int) -> int:
    """Tickets beyond capacity — possible only after capacity was lowered below the bookings."""
    if is_unlimited(capacity):
        return 0
    return max(0, booked - capacity)


def fits(capacity: int, booked: int, tickets: int) -> bool:
    free = free_spots(capacity, booked)
    return free is None or tickets <= free
