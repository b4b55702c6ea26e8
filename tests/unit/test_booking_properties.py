"""Random sequences of customers' and the studio's bookings, confirmations, cancellations,
partial cancellations and capacity changes, on courses with booking rules and a clock that
moves — on the fakes.

Never negative free spots, never more occupied than capacity (unless capacity was lowered after),
free spots always capacity minus the live sum, every refusal predicted and writing nothing — see
``booking_machine.py`` for the model.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

from tests.fakes import FakeClock, company_in, use_cases
from tests.unit.booking_machine import MEMBERS, BookingMachine, Wiring


class FakeStoreBookingMachine(BookingMachine):
    def wiring(self, clock: FakeClock) -> Wiring:
        courses, bookings, store, _publisher = use_cases(clock)
        store.state.memberships.update(MEMBERS)
        # The fake writes only when a unit of work commits: no commit, nothing written.
        return Wiring(
            courses, bookings, bookings.transactions, company_in(store),
            stored=lambda: store.commits,
        )  # fmt: skip


TestBookingMachineOnFakes = FakeStoreBookingMachine.TestCase
TestBookingMachineOnFakes.settings = settings(
    max_examples=100,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
