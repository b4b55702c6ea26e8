"""The voice webhook finds the caller's existing appointment by the name or e-mail sent with the
transcript, and says what cancelling it would do — it never cancels, books or moves."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.web.conftest import SALON, bearer

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_10 = datetime(2026, 11, 30, 10, 0, tzinfo=BERLIN)  # the clock is frozen at Fri 27 Nov


def test_the_webhook_finds_the_callers_appointment_and_leaves_it_booked(client, studio):
    salon = studio.salon
    booked = studio.container.appointments().book(
        salon.id, salon.cut.id, salon.staff[0].id, MONDAY_10, "Kim Meyer", "kim@example.com"
    )
    said = {"company_id": salon.id, "transcript": "Ich möchte meinen Termin absagen",
            "now": "2026-11-27T10:00:00+01:00"}
    response = client.post("/webhooks/voice", headers=bearer(SALON),
                           json=said | {"customer_email": "KIM@example.com"})
    assert response.status_code == 200
    answer = response.json()["answer"]
    assert answer["kind"] == "confirm"
    assert answer["appointment"]["id"] == booked.id
    assert answer["text"] == ("Ihr Termin: Herrenschnitt am Montag, 30.11.2026 um 10:00 bei "
                              "Person 0. Soll ich ihn absagen? Bitte bestätigen.")
    stored = studio.container.appointments().get(salon.id, booked.id)
    assert stored.status.value == "booked"

    nobody = client.post("/webhooks/voice", headers=bearer(SALON),
                         json=said | {"customer_name": "Lu"}).json()["answer"]
    assert (nobody["kind"], nobody["text"]) == ("none", "Unter Lu finde ich keinen kommenden Termin.")
    too_long = client.post("/webhooks/voice", headers=bearer(SALON),
                           json=said | {"customer_name": "x" * 201})
    assert too_long.status_code == 422
