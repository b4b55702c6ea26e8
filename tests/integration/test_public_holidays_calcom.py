"""A closed day holds in the next-slot search of a company connected to Cal.com too (issue 17):
when Cal.com turns the first local slot down, the search goes on in later windows and skips the
day the company closed. Cal.com's fake and the salon are those of test_calcom_availability
(Monday 2026-11-30; the FakeClock says Friday 2026-11-27)."""

from __future__ import annotations

from datetime import timedelta

from tests.integration.appointment_support import MONDAY, at
from tests.integration.test_calcom_availability import (  # noqa: F401 (fixtures)
    calendars,
    clock,
    fake,
    salon,
    studio,
)

TUESDAY, WEDNESDAY = MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)


def test_the_next_slot_cal_com_offers_is_not_on_a_closed_day(studio, salon, fake):  # noqa: F811
    studio.companies().set_closure(salon.id, TUESDAY, False)
    fake.block("lukas-hoffmann", at(12), at(0, day=TUESDAY))  # Monday afternoon taken there

    found = studio.availability().next_slot(salon.id, salon.cut, staff_id=salon.lukas, after=at(12))

    assert (found.slot.start, found.degraded) == (at(9, day=WEDNESDAY), False)
