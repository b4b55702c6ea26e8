"""Transactions: a busy store is retried with bounded, capped backoff, then "busy, try again"."""

from __future__ import annotations

import pytest

from studiobook.application.courses.bookings import Bookings
from studiobook.application.shared.ports import StoreBusy
from studiobook.application.shared.transactions import Transactions
from studiobook.domain.courses.course import Course
from studiobook.domain.events import BookingConfirmed
from tests.fakes import FakeClock, FakeStore, RecordingPublisher


class LockedUnitOfWork:
    """What a store does while another writer holds the lock: entering raises StoreBusy."""

    def __enter__(self):
        raise StoreBusy()

    def __exit__(self, *exc) -> None:
        pass


class BusyThenFreeFactory:
    """A unit-of-work factory whose first ``busy`` write attempts find the store locked."""

    def __init__(self, store: FakeStore, busy: int) -> None:
        self.store = store
        self.busy = busy
        self.write_attempts = 0

    def __call__(self, *, for_writing: bool = False):
        if for_writing:
            self.write_attempts += 1
            if self.write_attempts <= self.busy:
                return LockedUnitOfWork()
        return self.store.unit_of_work(for_writing=for_writing)


class Wiring:
    def __init__(self, busy: int, attempts: int = 5, **backoff: float) -> None:
        self.store = FakeStore()
        self.store.state.courses[1] = Course("Yoga", 5, id=1)
        self.store.state.next_id = 2
        self.factory = BusyThenFreeFactory(self.store, busy)
        self.publisher = RecordingPublisher()
        self.sleeps: list[float] = []
        transactions = Transactions(
            self.factory, self.publisher, attempts=attempts, sleep=self.sleeps.append, **backoff
        )
        self.bookings = Bookings(transactions, FakeClock())

    def book(self):
        return self.bookings.book(1, "Ada", "ada@example.org")


@pytest.mark.parametrize("busy", [0, 1, 4])
def test_a_busy_store_is_retried_until_it_works(busy):
    wiring = Wiring(busy=busy, attempts=5)
    booking = wiring.book()
    assert wiring.factory.write_attempts == busy + 1
    assert len(wiring.sleeps) == busy
    assert list(wiring.store.state.bookings) == [booking.id]
    assert wiring.publisher.published == [BookingConfirmed(booking)]


def test_after_the_bound_it_raises_store_busy_and_writes_nothing():
    wiring = Wiring(busy=5, attempts=5)
    with pytest.raises(StoreBusy, match="busy, try again"):
        wiring.book()
    assert wiring.factory.write_attempts == 5
    assert len(wiring.sleeps) == 4  # no pointless sleep after the last attempt
    assert wiring.store.state.bookings == {} and wiring.publisher.published == []


def test_backoff_doubles_from_the_base_and_is_capped(monkeypatch):
    monkeypatch.setattr("studiobook.application.shared.transactions.random.uniform", lambda low, high: high)
    wiring = Wiring(busy=8, attempts=8, backoff_seconds=0.01, max_backoff_seconds=0.05)
    with pytest.raises(StoreBusy):
        wiring.book()
    assert wiring.sleeps == pytest.approx([0.01, 0.02, 0.04, 0.05, 0.05, 0.05, 0.05])


def test_backoff_is_jittered_between_zero_and_the_ceiling(monkeypatch):
    asked: list[tuple[float, float]] = []
    monkeypatch.setattr(
        "studiobook.application.shared.transactions.random.uniform", lambda low, high: asked.append((low, high)) or 0
    )
    wiring = Wiring(busy=2, attempts=3, backoff_seconds=0.1)
    wiring.book()
    assert asked == [(0, 0.1), (0, 0.2)] and wiring.sleeps == [0, 0]


def test_reads_are_not_retried_or_locked():
    wiring = Wiring(busy=1)
    assert wiring.bookings.list() == []
    assert wiring.factory.write_attempts == 0 and wiring.sleeps == []
