"""The admin JSON API's availability names a company's closed days (issue 17): Christmas Day
2026 in Berlin (DE-BE) has no slot and says why; two days before is a working day."""

from __future__ import annotations

from tests.web.conftest import ADMIN, bearer


def test_availability_names_the_public_holiday(client, studio):
    salon = studio.salon
    studio.container.companies().update(salon.id, country="DE", subdivision="BE")

    def day(iso: str) -> dict:
        query = {"event_type_id": salon.cut.id, "from": f"{iso}T00:00:00+01:00",
                 "to": f"{iso}T23:59:00+01:00"}
        return client.get("/admin/availability", headers=bearer(ADMIN), params=query).json()

    christmas, before = day("2026-12-25"), day("2026-12-23")
    assert (christmas["slots"], christmas["closed"]) == (
        [], {"2026-12-25": "public holiday (Christmas Day / Erster Weihnachtstag)"}
    )
    assert before["closed"] == {} and before["slots"][0]["start"] == "2026-12-23T08:00:00+00:00"
