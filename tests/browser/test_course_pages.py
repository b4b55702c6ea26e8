"""The admin course pages in headless Chromium against a real server: a course made through the
form, someone booked in and seen on the roster with their tickets while the free spots go down,
their booking cancelled, attendance marked; a timetable made and its sessions listed — what the
front desk sees after each click."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.browser.test_admin_pages import shot

BERLIN = ZoneInfo("Europe/Berlin")  # the seeded salon's zone


def fact(page, key: str) -> str:
    return page.locator(f"#course-{key}").inner_text().strip()


def book_in(page, name: str, email: str, tickets: int, answer: str = "[role=status]") -> None:
    page.fill("#book-in input[name=name]", name)
    page.fill("#book-in input[name=email]", email)
    page.fill("#book-in input[name=tickets]", str(tickets))
    page.click("#book-in-button")
    page.wait_for_selector(answer)


def test_a_course_made_booked_cancelled_and_attended_through_the_pages(page, site, tmp_path):
    day = (datetime.now(BERLIN) + timedelta(days=10)).date()
    page.goto(f"{site.url}courses?company_id={site.company_id}")
    page.click("#new-course")
    page.fill("input[name=title]", "Balayage-Kurs")
    page.fill("input[name=capacity]", "4")
    page.fill("input[name=starts]", f"{day.isoformat()}T18:30")
    page.fill("input[name=duration]", "90")
    page.click("#save-course")
    page.wait_for_selector("[role=status]")
    assert page.locator("[role=status]").inner_text() == "Course created."
    assert page.locator("#course-title").inner_text() == "Balayage-Kurs"
    assert fact(page, "starts") == f"{day:%a %d %b}, 18:30 (Europe/Berlin)"
    assert fact(page, "ends") == f"{day:%a %d %b}, 20:00 (Europe/Berlin)"
    assert (fact(page, "capacity"), fact(page, "booked"), fact(page, "free")) == ("4", "0", "4")

    book_in(page, "Greta Gans", "greta@example.org", 3)
    assert page.locator("[role=status]").inner_text() == "Booked in."
    greta = page.locator("#participants tbody tr", has_text="Greta Gans")
    assert re.search(r"greta@example\.org\s+3\s+confirmed", greta.inner_text())
    assert (fact(page, "booked"), fact(page, "free")) == ("3", "1")
    shot(page, tmp_path, "roster-booked")

    book_in(page, "Hans Huhn", "hans@example.org", 2, answer="[role=alert]")
    assert page.locator("[role=alert]").inner_text().endswith("has 1 free spot, 2 requested")
    assert page.locator("#book-in input[name=name]").input_value() == "Hans Huhn"  # kept
    assert page.locator("#participants tbody tr", has_text="Hans Huhn").count() == 0

    greta.locator("button", has_text="Cancel booking").click()
    page.wait_for_selector("[role=status]")
    assert page.locator("[role=status]").inner_text() == "Booking cancelled; the seats are free again."
    greta = page.locator("#participants tbody tr", has_text="Greta Gans")
    assert re.search(r"3\s+cancelled", greta.inner_text())
    assert (fact(page, "booked"), fact(page, "free")) == ("0", "4")

    book_in(page, "Hans Huhn", "hans@example.org", 2)
    hans = page.locator("#participants tbody tr", has_text="Hans Huhn")
    hans.locator("button", has_text="Attended").click()
    page.wait_for_selector("[role=status]")
    assert page.locator("[role=status]").inner_text() == "Marked as attended."
    assert re.search(r"2\s+attended", page.locator("#participants tbody tr", has_text="Hans Huhn").inner_text())
    assert (fact(page, "booked"), fact(page, "free")) == ("2", "2")
    book_in(page, "Ida Igel", "ida@example.org", 1)
    page.locator("#participants tbody tr", has_text="Ida Igel").locator("button", has_text="No-show").click()
    page.wait_for_selector("[role=status]")
    assert page.locator("[role=status]").inner_text() == "Marked as a no-show."
    assert re.search(r"1\s+no-show", page.locator("#participants tbody tr", has_text="Ida Igel").inner_text())
    assert (fact(page, "booked"), fact(page, "free")) == ("3", "1")  # the seat was hers
    shot(page, tmp_path, "roster-attendance")
    course = next(c for c in site.container.courses().list(site.company_id) if c.title == "Balayage-Kurs")
    statuses = [b.status.value for b in site.container.bookings().list(course.id)]
    assert statuses == ["cancelled", "completed", "no_show"]


def test_a_timetable_made_through_the_form_lists_its_sessions(page, site, tmp_path):
    day = (datetime.now(BERLIN) + timedelta(days=3)).date()
    page.goto(f"{site.url}courses?company_id={site.company_id}")
    page.click("#timetables-link")
    page.click("#new-timetable")
    page.fill("input[name=title]", "Flechtkurs")
    page.fill("input[name=capacity]", "5")
    rule = "FREQ=WEEKLY;BYDAY=" + ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[day.weekday()]
    page.fill("input[name=rrule]", rule)
    page.fill("input[name=starts]", f"{day.isoformat()}T10:00")
    page.fill("input[name=duration]", "60")
    page.click("#save-timetable")
    page.wait_for_selector("[role=status]")
    assert page.locator("#timetable-title").inner_text() == "Flechtkurs"
    first = page.locator("#sessions tbody tr").first.inner_text()
    assert first.startswith(f"{day:%a %d %b}, 10:00 (Europe/Berlin)")
    assert page.locator("#sessions tbody tr").count() >= 7
    shot(page, tmp_path, "timetable")
    page.locator("#sessions tbody tr").first.locator("a").click()
    assert page.locator("#course-title").inner_text() == "Flechtkurs"
    assert fact(page, "free") == "5"
