"""The appointments calendar in headless Chromium: open a week, book through the form, find the
appointment in its staff member's column at its local time, move it, cancel it."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from tests.real_time import coming, wall

BERLIN = ZoneInfo("Europe/Berlin")


def column_of(page, name: str) -> int:
    header = page.locator("#calendar thead th", has_text=name)
    return header.evaluate("th => th.cellIndex")


def cell(page, staff_id: str, day, hour: int):
    return page.locator(
        f'#calendar td[data-staff-id="{staff_id}"][data-day="{day.isoformat()}"][data-hour="{hour}"]'
    )


def book(page, day, at: str, customer: str, email: str = "") -> None:
    """Book Lukas Hoffmann's Herrenschnitt through the calendar's form."""
    form = page.locator("#book-form")
    form.locator("select[name=event_type_id]").select_option(label="Herrenschnitt")
    form.locator("select[name=staff_id]").select_option(label="Lukas Hoffmann")
    form.locator("input[name=day]").fill(day.isoformat())
    form.locator("input[name=at]").fill(at)
    form.locator("input[name=customer_name]").fill(customer)
    form.locator("input[name=customer_email]").fill(email)
    form.locator("button[type=submit]").click()


def test_book_move_and_cancel_from_the_week(page, site, tmp_path):
    wednesday = coming("wed", BERLIN, at_least_days=14)  # beyond the seeded appointments
    page.goto(f"{site.url}appointments?company_id={site.company_id}&branch_id=&view=week"
              f"&date={wednesday.isoformat()}")
    assert "times in Europe/Berlin" in page.locator("#range").inner_text()
    lukas = page.locator("#calendar thead th", has_text="Lukas Hoffmann").get_attribute("data-staff-id")

    book(page, wednesday, "10:15", "Bruno Browser", "bruno@example.org")

    assert page.locator("[role=status]").inner_text() == "Appointment booked."
    booked = cell(page, lukas, wednesday, 10)
    assert booked.evaluate("td => td.cellIndex") == column_of(page, "Lukas Hoffmann")
    block = booked.locator(".appointment", has_text="Bruno Browser")
    text = block.inner_text()
    assert "10:15–11:00" in text and "Herrenschnitt" in text and "booked" in text  # 45 min for Lukas
    [stored] = [a for a in site.container.appointments().list(site.company_id)
                if a.customer_name == "Bruno Browser"]
    assert stored.start == wall(wednesday, 10, 15, BERLIN)
    page.screenshot(path=str(tmp_path / "booked.png"), full_page=True)

    block.locator("summary").click()
    block.locator("form.move input[name=at]").fill("14:00")
    block.locator("form.move button[type=submit]").click()

    assert page.locator("[role=status]").inner_text() == "Appointment moved."
    assert "Bruno Browser" not in cell(page, lukas, wednesday, 10).inner_text()
    moved = cell(page, lukas, wednesday, 14).locator(".appointment", has_text="Bruno Browser")
    assert "14:00–14:45" in moved.inner_text()

    moved.locator("summary").click()
    moved.locator("button", has_text="Cancel appointment").click()

    assert page.locator("[role=status]").inner_text() == "Appointment cancelled."
    gone = cell(page, lukas, wednesday, 14).locator(".appointment", has_text="Bruno Browser")
    assert "cancelled" in gone.inner_text() and gone.locator("summary").count() == 0
    assert site.container.appointments().get(site.company_id, stored.id).status == "cancelled"


def test_a_taken_time_says_why_on_the_page(page, site):
    thursday = coming("thu", BERLIN, at_least_days=14)
    page.goto(f"{site.url}appointments?company_id={site.company_id}&view=day"
              f"&date={thursday.isoformat()}")
    for name in ("Erste", "Zweite"):
        book(page, thursday, "11:00", name)
    assert "cannot be booked at" in page.locator("#calendar-error").inner_text()
    assert page.locator("input[name=customer_name]").input_value() == "Zweite"
    names = [a.customer_name for a in site.container.appointments().list(site.company_id)]
    assert "Erste" in names and "Zweite" not in names
