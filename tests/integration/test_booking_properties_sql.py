"""The booking state machine of ``tests/unit/booking_machine.py`` against the real SQL store.

One database per engine and test (creating one per example would dominate the run), with one
company and the machine's members; each hypothesis example works on a course of its own, so
examples cannot see each other's seats.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test
from sqlalchemy import func, select

from studiobook.adapters.sql.tables import bookings, courses, metadata, waitlist_entries
from studiobook.application.container import build_container
from studiobook.application.courses.bookings import Bookings
from studiobook.application.courses.courses import Courses
from studiobook.application.settings import Settings
from studiobook.domain.members.member import Member, Membership
from tests.databases import engines, fresh_database
from tests.fakes import FakeClock
from tests.unit.booking_machine import MEMBERS, BookingMachine, Wiring

BUDGET = {
    "sqlite": settings(max_examples=30, stateful_step_count=20),
    "postgresql": settings(max_examples=10, stateful_step_count=15),
}
CHANGED_IN_PLACE = (courses, bookings, waitlist_entries)


def stored_rows(engine):
    """Every row of the tables a booking change updates, and how many rows every other table
    holds — what a refusal must leave as it was."""
    others = [t for t in metadata.sorted_tables if t not in CHANGED_IN_PLACE]
    counts = select(*(select(func.count()).select_from(t).scalar_subquery() for t in others))
    with engine.connect() as connection:
        rows = [
            connection.execute(select(t).order_by(*t.primary_key)).all() for t in CHANGED_IN_PLACE
        ]
        return rows, connection.execute(counts).one()


def add_members(store, clock: FakeClock) -> None:
    now = clock.now()
    with store.unit_of_work(for_writing=True) as uow:
        uow.members.add_many(
            [
                Member(
                    f"c{number}", "Kim", "Berg", email, None,
                    Membership(f"m{number}", "Unlimited", status, "89.00", now.date()), now,
                )  # fmt: skip
                for number, (email, status) in enumerate(MEMBERS.items())
            ],
            now,
        )
        uow.commit()


def machine_on(container, company_id: int) -> type[BookingMachine]:
    class SqlBookingMachine(BookingMachine):
        def wiring(self, clock: FakeClock) -> Wiring:
            transactions = container.transactions()
            return Wiring(
                Courses(transactions, clock), Bookings(transactions, clock), transactions,
                company_id, stored=lambda: stored_rows(container.store().engine),
            )  # fmt: skip

    return SqlBookingMachine


@pytest.mark.parametrize("engine", engines())
def test_random_booking_sequences_keep_seats_consistent_in_the_database(engine):
    with tempfile.TemporaryDirectory() as folder, fresh_database(engine, Path(folder)) as url:
        container = build_container(Settings(database_url=url, load_entry_points=False))
        container.store().ensure_schema()
        try:
            add_members(container.store(), FakeClock())
            company_id = container.companies().create("Studio", "Europe/Berlin").id
            run_state_machine_as_test(
                machine_on(container, company_id),
                settings=settings(
                    BUDGET[engine],
                    deadline=None,
                    suppress_health_check=[HealthCheck.too_slow],
                ),
            )
        finally:
            container.store().dispose()
