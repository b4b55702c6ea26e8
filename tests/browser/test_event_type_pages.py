"""Event types in headless Chromium: create one through the form, change its price, deactivate
it — what the studio sees on the page, and what is stored."""

from __future__ import annotations

from decimal import Decimal


def stored(site, name):
    return next(t for t in site.container.event_types().list(site.company_id) if t.name == name)


def test_create_edit_and_deactivate_an_event_type(page, site):
    page.goto(f"{site.url}event-types?company_id={site.company_id}")
    page.click("#new-event-type")
    assert page.locator("h1").inner_text() == "New event type"
    page.fill("input[name=name]", "Balayage")
    page.fill("input[name=description]", "Freihand-Strähnen")
    page.fill("input[name=duration]", "150")
    page.fill("input[name=price]", "129.00")
    page.fill("input[name=buffer_after]", "15")
    page.click("#save-event-type")

    assert page.locator("[role=status]").inner_text() == "Event type created."
    row = page.locator("#event-types tbody tr", has_text="Balayage")
    cells = row.locator("td").all_inner_texts()
    assert cells[:6] == ["Balayage", "balayage", "150", "129.00", "all branches", "active"]
    created = stored(site, "Balayage")
    assert (created.duration_minutes, created.price, created.buffer_after_minutes, created.description) == (
        150, Decimal("129.00"), 15, "Freihand-Strähnen")

    row.get_by_role("link", name="Edit Balayage").click()
    assert page.locator("h1").inner_text() == "Edit event type"
    assert page.input_value("input[name=price]") == "129.00"
    page.fill("input[name=price]", "139.50")
    page.click("#save-event-type")

    assert page.locator("[role=status]").inner_text() == "Event type saved."
    row = page.locator("#event-types tbody tr", has_text="Balayage")
    assert row.locator("td").nth(3).inner_text() == "139.50"
    assert stored(site, "Balayage").price == Decimal("139.50")

    row.get_by_role("button", name="Deactivate Balayage").click()

    assert page.locator("[role=status]").inner_text() == "Event type deactivated: no more slots or bookings of it."
    row = page.locator("#event-types tbody tr", has_text="Balayage")
    assert row.locator("td").nth(5).inner_text() == "inactive"
    assert row.get_by_role("button", name="Activate Balayage").is_visible()
    assert stored(site, "Balayage").active is False


def test_a_refused_form_shows_the_reason_and_keeps_the_input(page, site):
    before = len(site.container.event_types().list(site.company_id))
    page.goto(f"{site.url}event-types/new?company_id={site.company_id}")
    taken = site.container.event_types().list(site.company_id)[0]
    page.fill("input[name=name]", taken.name)
    page.fill("input[name=price]", "40.00")
    page.click("#save-event-type")

    assert f"already has an event type with slug '{taken.slug}'" in page.locator("[role=alert]").inner_text()
    assert page.input_value("input[name=price]") == "40.00"
    assert "Error" not in page.locator("h1").inner_text()
    assert len(site.container.event_types().list(site.company_id)) == before
