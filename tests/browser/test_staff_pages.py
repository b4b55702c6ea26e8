"""A staff member's page in headless Chromium against a real server (the demo hair salon): the
hours, a day off and a service's options survive a reload, and availability follows the day off.
The day off is derived from today, so the test never ages."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.browser.test_admin_pages import shot
from tests.real_time import coming

BERLIN = ZoneInfo("Europe/Berlin")


def test_hours_a_day_off_and_a_services_options_persist_and_change_availability(page, site, tmp_path):
    container, company = site.container, site.company_id
    mehmet = next(m for m in container.staffing().list(company) if m.name == "Mehmet Yılmaz")
    kids = next(t for t in container.event_types().list(company) if t.name == "Kinderschnitt")
    day_off = coming("wed", BERLIN)  # Mehmet works Wednesdays 10:00-14:00, 15:00-19:00

    page.goto(f"{site.url}staff?company_id={company}")
    expect(page.locator("#staff")).to_contain_text("Europe/Berlin")
    page.click("text=Mehmet Yılmaz")
    expect(page.locator("#staff-name")).to_contain_text("Mehmet Yılmaz")
    expect(page.locator("#hours h2")).to_contain_text("wall-clock times in Europe/Berlin")
    status = page.locator("[role=status]")

    page.fill("input[name=tue]", "09:00-12:00, 13:00-17:00")
    page.click("#save-hours")
    expect(status).to_have_text("Working hours saved.")

    page.fill("#override-form input[name=day]", day_off.isoformat())
    page.click("#save-override")
    expect(status).to_have_text("Hours for that date saved.")

    row = page.locator(f'tr[data-event-type="{kids.id}"]')
    expect(row.locator("input[name=offered]")).to_be_checked()
    row.locator("input[name=price]").fill("19.50")
    row.locator("input[name=primary]").check()
    row.locator("button[type=submit]").click()
    expect(status).to_have_text("Service saved.")

    page.reload()
    assert page.locator("[role=alert]").count() == 0
    expect(page.locator("input[name=tue]")).to_have_value("09:00-12:00, 13:00-17:00")
    listed = page.locator("#upcoming-overrides tbody tr", has_text=day_off.isoformat())
    expect(listed.locator("td").nth(2)).to_have_text("day off")
    row = page.locator(f'tr[data-event-type="{kids.id}"]')
    expect(row.locator("input[name=price]")).to_have_value("19.50")
    expect(row.locator("input[name=primary]")).to_be_checked()
    shot(page, tmp_path, "staff-member")

    hours = container.staffing().get(company, mehmet.id).working_hours
    assert [str(r) for r in hours.weekly[1]] == ["09:00-12:00", "13:00-17:00"]
    [kept] = container.assignments().list(company, staff_id=mehmet.id, event_type_id=kids.id)
    assert (kept.custom_price, kept.is_primary) == (Decimal("19.50"), True)

    def slots(day) -> int:
        start = datetime(day.year, day.month, day.day, tzinfo=BERLIN)
        answer = container.availability().slots(
            company, kids.id, start, start + timedelta(days=1), staff_id=mehmet.id
        )
        return len(answer.slots)

    assert slots(day_off) == 0
    assert slots(day_off + timedelta(days=1)) > 0  # Thursday: he works as usual
