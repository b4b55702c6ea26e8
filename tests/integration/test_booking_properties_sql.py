"""The booking state machine of ``tests/unit/booking_machine.py`` against the real SQL store.

One database per engine and test (creating one per example would dominate the run); each
hypothesis example works on a course of its own, so examples cannot see each other's seats.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

from studiobook.application.container import build_container
from studiobook.application.settings import Settings
from tests.databases import engines, fresh_database
from tests.unit.booking_machine import BookingMachine

BUDGET = {
    "sqlite": settings(max_examples=30, stateful_step_count=20),
    "postgresql": settings(max_examples=10, stateful_step_count=15),
}


def machine_on(container) -> type[BookingMachine]:
    class SqlBookingMachine(BookingMachine):
        def wiring(self):
            return container.courses(), container.bookings()

    return SqlBookingMachine


@pytest.mark.parametrize("engine", engines())
def test_random_booking_sequences_keep_seats_consistent_in_the_database(engine):
    with tempfile.TemporaryDirectory() as folder, fresh_database(engine, Path(folder)) as url:
        container = build_container(Settings(database_url=url, load_entry_points=False))
        container.store().ensure_schema()
        try:
            run_state_machine_as_test(
                machine_on(container),
                settings=settings(
                    BUDGET[engine],
                    deadline=None,
                    suppress_health_check=[HealthCheck.too_slow],
                ),
            )
        finally:
            container.store().dispose()
