"""The filter forms of the admin pages send an empty value for "all" (``branch_id=``); the page
must show data then, not an error page. Each check names what the person must see."""

from __future__ import annotations


def test_show_with_all_branches_lists_every_staff_member(page, site):
    staff = [m.name for m in site.container.staffing().list(site.company_id)]
    page.goto(f"{site.url}availability?company_id={site.company_id}")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    assert "branch_id=" in page.url
    assert "Error" not in page.locator("main").inner_text()
    names = page.locator("#availability tbody tr td:first-child").all_inner_texts()
    assert sorted(names) == sorted(staff) and names


def test_filter_with_any_branch_and_state_lists_the_event_types(page, site):
    services = {t.name for t in site.container.event_types().list(site.company_id)}
    page.goto(f"{site.url}event-types?company_id={site.company_id}")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    assert "branch_id=" in page.url and "active=" in page.url
    text = page.locator("main").inner_text()
    assert "Error" not in text
    assert services and all(name in text for name in services)
