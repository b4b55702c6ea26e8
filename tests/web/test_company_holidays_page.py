"""The Company page's public holidays (issue 17): country, subdivision and the opt-out saved from
the form (a code the calendar does not know shown beside it, nothing stored), the coming year's
holidays listed with their state, open anyway / close / follow the calendar per date, an extra
closed day, and a company token limited to its own company. The FakeClock says 2026-11-27."""

from __future__ import annotations

from datetime import date

from tests.web.conftest import SALON, csrf_of, log_in, make_client

CHRISTMAS = "2026-12-25"


def post(client, path, page_html, **data):
    return client.post(path, data={"csrf_token": csrf_of(page_html), **data}, follow_redirects=False)


def row_of(page_html: str, day: str) -> str:
    start = page_html.index(f'<tr data-day="{day}">')
    return page_html[start:page_html.index("</tr>", start)]


def berlin(client, studio) -> str:
    salon = studio.salon
    page = client.get(f"/company?company_id={salon.id}")
    assert "No country: no public holidays." in page.text
    saved = post(client, "/company/holidays", page.text, company_id=salon.id, country="de",
                 subdivision="be", closed_on_holidays="yes")
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/company?company_id={salon.id}&notice=holidays-saved"
    return client.get(saved.headers["location"]).text


def test_holidays_saved_listed_and_opened_closed_or_cleared_per_date(client, studio):
    log_in(client)
    salon = studio.salon
    shown = berlin(client, studio)
    assert "Public holidays saved." in shown
    assert '<p id="holidays-status">DE-BE: closed on public holidays</p>' in shown
    christmas = row_of(shown, CHRISTMAS)
    assert "Christmas Day / Erster Weihnachtstag" in christmas
    assert "closed: public holiday (Christmas Day / Erster Weihnachtstag)" in christmas
    assert 'value="open">Open anyway</button>' in christmas

    opened = post(client, "/company/closures", shown, company_id=salon.id, day=CHRISTMAS, action="open")
    assert opened.headers["location"].endswith("&notice=closure-open")
    page = client.get(opened.headers["location"]).text
    assert "<td>open <span" in row_of(page, CHRISTMAS) and 'value="clear"' in row_of(page, CHRISTMAS)
    closed = post(client, "/company/closures", page, company_id=salon.id, day="2026-12-23", action="close")
    page = client.get(closed.headers["location"]).text
    assert "Closed on that day." in page
    assert "closed: closed on this date" in row_of(page, "2026-12-23")
    days = studio.container.companies().holiday_list(salon.id, *map(date.fromisoformat, ("2026-12-23", CHRISTMAS)))
    assert [(d.day.isoformat(), d.override) for d in days] == [("2026-12-23", False), (CHRISTMAS, True)]

    cleared = post(client, "/company/closures", page, company_id=salon.id, day=CHRISTMAS, action="clear")
    page = client.get(cleared.headers["location"]).text
    assert "closed: public holiday (Christmas Day" in row_of(page, CHRISTMAS)
    opted_out = post(client, "/company/holidays", page, company_id=salon.id, country="DE",
                     subdivision="BE")  # the box not ticked
    page = client.get(opted_out.headers["location"]).text
    assert '<p id="holidays-status">DE-BE: open on public holidays</p>' in page
    assert "<td>open</td>" in row_of(page, CHRISTMAS)


def test_an_unknown_code_or_date_is_shown_beside_the_form_and_nothing_changes(client, studio):
    log_in(client)
    salon = studio.salon
    page = berlin(client, studio)
    refused = post(client, "/company/holidays", page, company_id=salon.id, country="XX",
                   subdivision="", closed_on_holidays="yes")
    assert refused.status_code == 422 and 'role="alert"' in refused.text
    assert "country &#39;XX&#39; has no public holiday calendar" in refused.text
    assert 'value="XX"' in refused.text  # what was typed, to fix it
    wrong_day = post(client, "/company/closures", page, company_id=salon.id, day="2026-12-22",
                     action="open")
    assert wrong_day.status_code == 422
    assert "2026-12-22 is no public holiday in DE-BE" in wrong_day.text
    kept = studio.container.companies().get(salon.id)
    assert (kept.country, kept.subdivision, kept.closed_on_holidays) == ("DE", "BE", True)
    assert studio.container.companies().holiday_list(salon.id, date.fromisoformat("2026-12-22"), date.fromisoformat("2026-12-22")) == []


def test_a_company_token_changes_only_its_own_holidays(studio):
    other = studio.other
    with make_client(studio.app()) as client:
        log_in(client, SALON)
        own = client.get("/company")
        for path, data in [
            ("/company/holidays", {"country": "GB", "closed_on_holidays": "yes"}),
            ("/company/closures", {"day": CHRISTMAS, "action": "close"}),
        ]:
            assert post(client, path, own.text, company_id=other.id, **data).status_code == 404, path
    untouched = studio.container.companies().get(other.id)
    assert untouched.country is None
    assert studio.container.companies().holiday_list(other.id, date.fromisoformat(CHRISTMAS), date.fromisoformat(CHRISTMAS)) == []
