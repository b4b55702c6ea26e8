"""Members and leads in headless Chromium against a real server and the fake WODIFY: search a
member, open them, change and cancel the membership; move a lead along; convert one. Each test
asserts what the page shows after the click, and what WODIFY now holds."""

from __future__ import annotations

import re

import pytest

GRETA, GRETA_MEMBERSHIP = 1001, 7001
LENA, TOM = 9001, 9002


@pytest.fixture(scope="module", autouse=True)
def synced(site):
    """Known people in WODIFY, synced into the local copy before the first page is opened."""
    site.wodify.change_client(
        GRETA, first_name="Greta", last_name="Zimmermann", email="greta.z@example.com",
        membership={"id": GRETA_MEMBERSHIP, "type": "Unlimited", "status": "active",
                    "monthly_price": "129.00", "start_date": "2025-01-01", "end_date": None},
    )  # fmt: skip
    site.wodify.change_lead(LENA, first_name="Lena", last_name="Vogel", status="new", notes=None)
    site.wodify.change_lead(TOM, first_name="Tom", last_name="Kranich", status="trial")
    site.container.wodify_sync().run_all(force=True)


def test_search_a_member_open_them_and_change_the_membership_status(page, site):
    page.goto(site.url + "members")
    page.fill("input[name=q]", "zimmermann")
    page.click("#search-members")
    rows = page.locator("#members tbody tr")
    assert rows.count() == 1
    assert "Greta Zimmermann" in rows.first.inner_text()
    page.click("text=Greta Zimmermann")
    page.wait_for_url(re.compile(rf"/members/{GRETA}$"))
    assert page.locator("h1").inner_text() == "Greta Zimmermann"
    assert page.locator("#source").inner_text() == "As WODIFY has it now."
    assert page.locator("#membership-status").inner_text() == "active"
    page.select_option("#update-membership select[name=status]", "on_hold")
    page.click("#save-membership")
    page.wait_for_selector("[role=status]")
    assert page.locator("[role=status]").inner_text() == "Membership updated in WODIFY."
    assert page.locator("#membership-status").inner_text() == "on hold"
    assert site.wodify.client(GRETA)["membership"]["status"] == "on_hold"


def test_cancelling_a_membership_asks_first(page, site):
    page.goto(f"{site.url}members/{GRETA}")
    page.click("#cancel-membership")
    assert page.locator("h1").inner_text() == "Cancel the membership?"
    assert "Greta Zimmermann (greta.z@example.com)" in page.locator("#cancel-what").inner_text()
    page.fill("input[name=reason]", "moved away")
    page.click("#confirm-cancel")
    page.wait_for_selector("[role=status]")
    assert page.locator("[role=status]").inner_text() == "Membership cancelled in WODIFY."
    assert page.locator("#membership-status").inner_text() == "cancelled"
    assert page.locator("#cancel-membership").count() == 0
    assert site.wodify.cancellation_reasons[str(GRETA_MEMBERSHIP)] == "moved away"


def test_a_lead_moves_to_contacted(page, site):
    page.goto(site.url + "leads?status=new")
    page.click("text=Lena Vogel")
    page.wait_for_url(re.compile(rf"/leads/{LENA}$"))
    assert page.locator("#lead-status").inner_text() == "new"
    page.select_option("#move-lead select[name=status]", "contacted")
    page.click("#save-status")
    page.wait_for_selector("[role=status]")
    assert page.locator("[role=status]").inner_text() == "Lead updated in WODIFY."
    assert page.locator("#lead-status").inner_text() == "contacted"
    assert site.wodify.lead(LENA)["status"] == "contacted"


def test_converting_a_lead_opens_the_new_member(page, site):
    page.goto(f"{site.url}leads/{TOM}")
    assert page.locator("#lead-status").inner_text() == "trial"
    page.select_option("#convert-lead select[name=membership_type]", "Student")
    page.click("#convert")
    page.wait_for_url(re.compile(r"/members/\d+\?notice=converted$"))
    assert page.locator("[role=status]").inner_text() == (
        "The lead is now this member (converted in WODIFY)."
    )
    assert page.locator("h1").inner_text() == "Tom Kranich"
    assert page.locator("#membership-type").inner_text() == "Student"
    page.goto(site.url + "leads?q=kranich")
    assert "converted" in page.locator("#leads tbody tr").first.inner_text()
    assert site.wodify.lead(TOM)["status"] == "converted"
