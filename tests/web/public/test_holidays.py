"""A public holiday in the public booking API (issue 17): a Berlin salon (DE-BE) answers no slot
on Christmas Day 2026 and says why in ``closed``; booking then is refused in one line with
nothing stored (409 ``closed``, not ``slot_taken``). The FakeClock stands at 2026-11-27."""

from __future__ import annotations

from datetime import date

from tests.integration.appointment_support import at
from tests.web.public.conftest import API, appointment_body, error_of

CHRISTMAS = date(2026, 12, 25)  # a Friday: the salon works Monday to Friday
REASON = "public holiday (Christmas Day / Erster Weihnachtstag)"


def test_no_slot_on_christmas_and_a_booking_then_is_refused(shop, public):
    salon = shop.salon
    shop.container.companies().update(salon.id, country="DE", subdivision="BE")
    path = f"{API}/companies/{salon.company.slug}"
    query = {"from": at(0, day=CHRISTMAS).isoformat(), "to": at(23, 59, day=CHRISTMAS).isoformat()}

    body = public.get(f"{path}/event-types/{salon.cut.id}/slots", params=query).json()
    booked = public.post(
        f"{path}/appointments",
        json=appointment_body(shop, start=at(10, day=CHRISTMAS).isoformat(),
                              staff_id=salon.anna.id),
    )  # fmt: skip

    assert (body["slots"], body["closed"]) == ([], {"2026-12-25": REASON})
    assert error_of(booked) == (409, "closed"), booked.json()
    assert f"closed on 2026-12-25: {REASON}" in booked.json()["error"]["message"]
    assert shop.count("appointments") == 0
