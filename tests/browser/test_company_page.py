"""The Company page in a real browser: the studio's time zone changed through the form shows on
the page and on the other pages' times; Cal.com connected with a key typed into a password field
(never shown again), then disconnected after ticking the confirmation."""

from __future__ import annotations

import pytest
from dependency_injector import providers

from studiobook.adapters.secrets.fernet import FernetSecrets, new_key
from tests.browser.test_admin_pages import shot

API_KEY = "cal_live_browser0123456789"


@pytest.fixture
def secrets(site):
    fernet = FernetSecrets(new_key())
    site.container.secrets.override(providers.Object(fernet))
    yield fernet
    site.container.secrets.reset_override()


def test_changing_the_time_zone_shows_on_the_page_and_in_course_times(page, site, tmp_path):
    page.goto(f"{site.url}company?company_id={site.company_id}")
    assert page.locator("#company-zone").inner_text() == "Europe/Berlin"
    page.fill("#company-settings input[name=time_zone]", "Europe/London")
    page.click("#save-settings")
    page.wait_for_selector("[role=status]")
    assert page.locator("[role=status]").inner_text() == "Settings saved."
    assert page.locator("#company-zone").inner_text() == "Europe/London"
    assert page.input_value("#company-settings input[name=time_zone]") == "Europe/London"
    shot(page, tmp_path, "company")
    assert site.container.companies().get(site.company_id).time_zone == "Europe/London"
    page.goto(f"{site.url}courses?company_id={site.company_id}")
    assert "Starts (Europe/London)" in page.locator("#courses thead").inner_text()


def test_connect_calcom_with_a_typed_key_then_disconnect(page, site, secrets, tmp_path):
    page.goto(f"{site.url}company?company_id={site.company_id}")
    assert "not connected" in page.locator("#calcom-status").inner_text()
    page.fill("#calcom-connect input[name=team_id]", "4711")
    page.fill("#calcom-connect input[name=api_key]", API_KEY)
    page.click("#connect-calcom")
    page.wait_for_selector("[role=status]")
    assert page.locator("[role=status]").inner_text().startswith("Cal.com connected")
    assert "team 4711" in page.locator("#calcom-status").inner_text()
    assert API_KEY not in page.content() and API_KEY not in page.url
    assert page.input_value("#calcom-connect input[name=api_key]") == ""
    assert page.locator("#connect-calcom").inner_text() == "Store the new key"
    shot(page, tmp_path, "company-calcom")

    page.check("#calcom-disconnect input[name=confirm]")
    page.click("#disconnect-calcom")
    page.wait_for_selector("[role=status]")
    assert "not connected" in page.locator("#calcom-status").inner_text()
    assert not site.container.companies().get(site.company_id).calcom_connected
