"""Domain objects as the JSON documents of the CLI contract (SPEC 4)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.bookings import Booking
from domain.courses import Course
from domain.waitlist import WaitlistEntry


def instant(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def course_json(course: Course) -> dict[str, Any]:
    return {
        "id": course.id,
        "title": course.title,
        "capacity": course.capacity,
        "booked": course.booked,
        "free_spots": course.free_spots,
        "overbooked": course.overbooked,
        "starts_at": instant(course.starts_at),
        "ends_at": instant(course.ends_at),
    }


def booking_json(booking: Booking) -> dict[str, Any]:
    return {
        "id": booking.id,
        "course_id": booking.course_id,
        "name": booking.customer.name,
        "email": booking.customer.email,
        "tickets": booking.tickets,
        "status": booking.status.value,
        "created_at": instant(booking.created_at),
    }


def waitlist_json(entry: WaitlistEntry, position: int | None = None) -> dict[str, Any]:
    return {
        "waitlist_id": entry.id,
        "course_id": entry.course_id,
        "name": entry.customer.name,
        "email": entry.customer.email,
        "tickets": entry.tickets,
        "status": entry.status.value,
        "position": position,
        "booking_id": entry.booking_id,
        "created_at": instant(entry.created_at),
    }
