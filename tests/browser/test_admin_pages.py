"""The admin pages in headless Chromium against a real server: what a person sees and clicks.
Each test saves a screenshot of its page under its own temporary folder."""

from __future__ import annotations

import re

from tests.browser.conftest import TOKEN


def shot(page, tmp_path, name: str) -> None:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000  # a rendered page, not a blank one


def test_login_form_then_dashboard(browser_context, site, tmp_path):
    tab = browser_context.new_page()
    try:
        tab.goto(site.url + "matrix")
        assert "/login" in tab.url
        tab.fill("input[name=token]", "not-" + TOKEN)
        tab.click("button[type=submit]")
        assert tab.locator("[role=alert]").inner_text() == "That token is not valid."
        shot(tab, tmp_path, "login")
        tab.fill("input[name=token]", TOKEN)
        tab.click("button[type=submit]")
        tab.wait_for_url(re.compile(r"/matrix"))  # back where the visitor wanted to go
    finally:
        tab.close()


def test_dashboard_shows_health_and_a_sync_changes_the_status(page, site, tmp_path):
    assert page.locator("#wodify-health .big").inner_text() == "Healthy"
    assert page.locator("#last-member-sync").inner_text() == "never"
    assert page.locator("#counts").inner_text().count("\n") >= 8
    shot(page, tmp_path, "dashboard-before-sync")
    page.click("#trigger-sync")
    page.wait_for_selector("[role=status]")
    assert page.locator("[role=status]").inner_text().startswith("Sync finished")
    member_sync = page.locator("#last-member-sync").inner_text()
    assert "ok" in member_sync and "8 created" in member_sync
    assert "3 created" in page.locator("#last-lead-sync").inner_text()
    shot(page, tmp_path, "dashboard-after-sync")
    assert site.container.wodify_sync().status(check_health=False).last_members.created == 8


def test_a_matrix_change_persists_after_reload(page, site, tmp_path):
    page.goto(f"{site.url}matrix?company_id={site.company_id}")
    boxes = page.locator("input[name=cell]")
    first = boxes.nth(0)
    value, was = first.get_attribute("value"), first.is_checked()
    first.set_checked(not was)
    page.click("#save-matrix")
    if was:  # a removal is confirmed first
        assert "This removes 1 offering " in page.locator("#confirm-removal").inner_text()
        page.click("#confirm-remove")
    page.wait_for_selector("[role=status]")
    assert page.locator("[role=status]").inner_text() == "Matrix saved."
    page.reload()
    assert page.locator(f'input[name=cell][value="{value}"]').is_checked() is (not was)
    staff_id, event_type_id = map(int, value.split(":"))
    matrix = site.container.assignments().matrix(site.company_id)
    assert matrix.offers(staff_id, event_type_id) is (not was)
    shot(page, tmp_path, "matrix")
    # select all / none only tick boxes; nothing is saved until Save
    page.click("button[data-select=none]")
    assert page.locator("input[name=cell]:checked").count() == 0
    page.reload()
    assert page.locator("input[name=cell]:checked").count() == len(matrix.assignments)
    # "Select none" + Save asks first; cancelling keeps every offering
    page.click("button[data-select=none]")
    page.click("#save-matrix")
    assert f"This removes {len(matrix.assignments)} offerings" in page.locator("#confirm-removal").inner_text()
    page.click("#cancel-remove")
    assert page.locator("input[name=cell]:checked").count() == len(matrix.assignments)
    assert site.container.assignments().matrix(site.company_id).assignments == matrix.assignments


def test_availability_overview_lists_every_staff_member(page, site, tmp_path):
    page.goto(f"{site.url}availability?company_id={site.company_id}")
    rows = page.locator("#availability tbody tr")
    assert rows.count() == 5  # the salon's five staff
    assert page.locator("#availability meter").count() == 5
    assert re.search(r"\d+%", rows.nth(0).inner_text())
    shot(page, tmp_path, "availability")


def test_courses_and_event_types_pages(page, site, tmp_path):
    page.goto(f"{site.url}courses?company_id={site.company_id}")
    assert page.locator("h1").inner_text() == "Courses"
    workshop = page.locator("#courses tbody tr", has_text="Hochsteckfrisuren-Workshop")
    assert "18:30 (Europe/Berlin)" in workshop.inner_text()  # the salon's wall-clock time
    assert "Starts (Europe/Berlin)" in page.locator("#courses thead").inner_text()
    shot(page, tmp_path, "courses")
    page.goto(f"{site.url}event-types?company_id={site.company_id}")
    total = page.locator("#event-types tbody tr").count()
    page.select_option("select[name=active]", "false")
    page.click("form.filters button[type=submit]")
    assert page.locator("#event-types tbody tr").count() < total
    shot(page, tmp_path, "event-types")
