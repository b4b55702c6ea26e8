"""Random sequences of book / confirm / cancel / partial cancel / capacity change on the fakes.

Never negative free spots, never more occupied than capacity (unless capacity was lowered after),
free spots always capacity minus the live sum — see ``booking_machine.py`` for the model.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

from tests.fakes import use_cases
from tests.unit.booking_machine import BookingMachine


class FakeStoreBookingMachine(BookingMachine):
    def wiring(self):
        courses, bookings, _store, _publisher = use_cases()
        return courses, bookings


TestBookingMachineOnFakes = FakeStoreBookingMachine.TestCase
TestBookingMachineOnFakes.settings = settings(
    max_examples=100,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
