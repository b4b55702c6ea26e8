"""Many threads in one process booking and cancelling on one course: never overbooked.

Each thread goes through the real use-case, container and SQL store; every refusal must be a
clear domain error (or "busy, try again"), never a driver error.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from studiobook.application.shared.ports import StoreBusy
from studiobook.domain.courses.bookings import BookingStatus
from studiobook.domain.courses.waitlist import WaitlistEntry
from studiobook.domain.shared.errors import NotEnoughFreeSpots

THREADS = 32


def all_at_once(tasks: list[Callable[[], object]]) -> list[object]:
    """Run the tasks on their own threads, released together; return result or exception."""
    start = threading.Barrier(len(tasks))

    def run(task):
        start.wait()
        try:
            return task()
        except Exception as error:  # collected and judged by the test
            return error

    with ThreadPoolExecutor(max_workers=len(tasks)) as pool:
        return list(pool.map(run, tasks))


def booker(container, course_id: int, tickets: int = 1, waitlist: bool = False):
    def book():
        return container.bookings().book(
            course_id, "Racer", "racer@example.org", tickets, waitlist=waitlist
        )

    return book


def race(container, seats: int):
    """A course in a studio of its own (every course belongs to one, SPEC 2.1a)."""
    studio = container.companies().create("Studio", "Europe/Berlin")
    return container.courses().create("Race", seats, company_id=studio.id)


def live_sum(container, course_id: int) -> int:
    return sum(
        b.tickets for b in container.bookings().list(course_id) if b.status.occupies_seats
    )


def refusals(outcomes) -> list[Exception]:
    failures = [o for o in outcomes if isinstance(o, Exception)]
    unexpected = [f for f in failures if not isinstance(f, NotEnoughFreeSpots | StoreBusy)]
    assert unexpected == [], unexpected
    return failures


def test_32_threads_booking_one_ticket_on_10_seats(container):
    course = race(container, 10)
    outcomes = all_at_once([booker(container, course.id) for _ in range(THREADS)])

    refused = refusals(outcomes)
    booked = [o for o in outcomes if not isinstance(o, Exception)]
    assert len(booked) == 10 and len(refused) == THREADS - 10
    assert container.courses().get(course.id).free_spots == 0
    assert len(container.bookings().list(course.id, BookingStatus.CONFIRMED)) == 10


def test_mixed_ticket_counts_never_exceed_capacity_nor_refuse_seats_that_were_free(container):
    course = race(container, 10)
    wanted = [random.Random(seed).randint(1, 3) for seed in range(THREADS)]
    outcomes = all_at_once([booker(container, course.id, tickets) for tickets in wanted])

    refused = refusals(outcomes)
    granted = sum(o.tickets for o in outcomes if not isinstance(o, Exception))
    assert granted <= 10 and live_sum(container, course.id) == granted
    final_free = container.courses().get(course.id).free_spots
    assert final_free == 10 - granted
    # Free spots only shrink here, so each "not enough" was true and still is at the end.
    for error in refused:
        if isinstance(error, NotEnoughFreeSpots):
            assert error.free < error.requested and final_free < error.requested


def full_course(container, seats: int):
    course = race(container, seats)
    bookings = container.bookings()
    held = [bookings.book(course.id, "Holder", "holder@example.org") for _ in range(seats)]
    return course, held


def test_cancellations_racing_bookings_never_lose_a_freed_seat(container):
    for _round in range(3):
        course, held = full_course(container, 10)
        cancellers = [lambda b=b: container.bookings().cancel(b.id) for b in held[:5]]
        bookers = [booker(container, course.id) for _ in range(10)]
        outcomes = all_at_once(cancellers + bookers)

        assert not any(isinstance(o, Exception) for o in outcomes[:5]), outcomes[:5]
        refusals(outcomes[5:])
        newly_booked = sum(1 for o in outcomes[5:] if not isinstance(o, Exception))
        assert newly_booked <= 5
        assert live_sum(container, course.id) == 5 + newly_booked
        assert container.courses().get(course.id).free_spots == 5 - newly_booked


def test_every_freed_seat_goes_to_a_booker_or_the_waitlist(container):
    course, held = full_course(container, 10)
    cancellers = [lambda b=b: container.bookings().cancel(b.id) for b in held[:5]]
    bookers = [booker(container, course.id, waitlist=True) for _ in range(10)]
    outcomes = all_at_once(cancellers + bookers)

    assert not any(isinstance(o, Exception) for o in outcomes), outcomes
    still_waiting = container.bookings().waitlist(course.id)
    joined = [o for o in outcomes if isinstance(o, WaitlistEntry)]
    assert container.courses().get(course.id).free_spots == 0
    assert live_sum(container, course.id) == 10
    assert len(still_waiting) == 5 and {e.id for e in still_waiting} <= {e.id for e in joined}
