"""Saving the matrix page asks before it removes offerings: a server-side confirmation step
(works without JavaScript) that names what goes, carries the same ticks, and changes nothing
until it is confirmed — and asks again when the matrix changed in between."""

from __future__ import annotations

import re

from tests.web.conftest import SALON, csrf_of, log_in


def offered(studio, company_id) -> set[tuple[int, int]]:
    return set(studio.container.assignments().matrix(company_id).assignments)


def hidden(page_html: str, name: str) -> list[str]:
    return re.findall(rf'name="{name}" value="([^"]*)"', page_html)


def save(client, page_html, company_id, cells, remove=()):
    return client.post("/matrix", data={
        "csrf_token": csrf_of(page_html), "company_id": company_id, "cell": list(cells),
        "remove": list(remove),
    }, follow_redirects=False)


def test_select_none_and_save_asks_first_and_changes_nothing(client, studio):
    log_in(client)
    salon = studio.salon
    before = offered(studio, salon.id)
    page = client.get(f"/matrix?company_id={salon.id}")

    asked = save(client, page.text, salon.id, cells=[])  # what "Select none" + Save sends

    assert asked.status_code == 200
    assert "This removes 2 offerings" in asked.text
    assert "Person 0 – Herrenschnitt" in asked.text and "Person 1 – Herrenschnitt" in asked.text
    assert 'id="confirm-remove"' in asked.text
    assert f'href="/matrix?company_id={salon.id}" id="cancel-remove"' in asked.text
    assert offered(studio, salon.id) == before
    assert [e for e in studio.container.audit().list(salon.id) if e.actor == "web:admin"] == []


def test_confirming_removes_exactly_what_was_named_and_is_audited(client, studio):
    log_in(client)
    salon = studio.salon
    first, second = salon.staff
    page = client.get(f"/matrix?company_id={salon.id}")
    keep = f"{second.id}:{salon.cut.id}"

    asked = save(client, page.text, salon.id, cells=[keep])
    assert "This removes 1 offering " in asked.text and "Person 0 – Herrenschnitt" in asked.text
    assert hidden(asked.text, "cell") == [keep]
    assert hidden(asked.text, "remove") == [f"{first.id}:{salon.cut.id}"]

    done = save(client, asked.text, salon.id, hidden(asked.text, "cell"), hidden(asked.text, "remove"))

    assert done.status_code == 303 and done.headers["location"].endswith("notice=matrix-saved")
    assert offered(studio, salon.id) == {(second.id, salon.cut.id)}
    assert "Matrix saved." in client.get(done.headers["location"]).text
    assert {e.actor for e in studio.container.audit().list(salon.id, "assignment")} >= {"web:admin"}


def test_adding_offerings_saves_at_once(client, studio):
    log_in(client)
    salon = studio.salon
    default = salon.company.default_event_type_id
    current = [f"{s}:{e}" for s, e in offered(studio, salon.id)]
    page = client.get(f"/matrix?company_id={salon.id}")

    saved = save(client, page.text, salon.id, [*current, f"{salon.staff[0].id}:{default}"])

    assert saved.status_code == 303 and saved.headers["location"].endswith("notice=matrix-saved")
    assert (salon.staff[0].id, default) in offered(studio, salon.id)


def test_a_confirmation_for_a_matrix_that_changed_since_asks_again(client, studio):
    log_in(client)
    salon = studio.salon
    default = salon.company.default_event_type_id
    page = client.get(f"/matrix?company_id={salon.id}")
    asked = save(client, page.text, salon.id, cells=[])
    studio.container.assignments().assign(salon.id, salon.staff[1].id, default)  # meanwhile

    again = save(client, asked.text, salon.id, [], hidden(asked.text, "remove"))

    assert again.status_code == 200 and "This removes 3 offerings" in again.text
    assert "Person 1 – Beratung" in again.text
    assert len(offered(studio, salon.id)) == 3


def test_a_company_token_cannot_confirm_removals_in_another_company(studio):
    from tests.web.conftest import make_client

    other = studio.other
    before = offered(studio, other.id)
    foreign = [f"{s}:{e}" for s, e in before]
    with make_client(studio.app()) as client:
        log_in(client, SALON)
        own = client.get("/matrix")
        stolen = save(client, own.text, other.id, [], foreign)
        assert stolen.status_code == 404
        smuggled = save(client, own.text, studio.salon.id, [], foreign)  # foreign pairs, own company
        assert smuggled.status_code == 200 and "This removes 2 offerings" in smuggled.text
        assert "Person 0 – Herrenschnitt" in smuggled.text
    assert offered(studio, other.id) == before


def test_without_the_csrf_token_a_confirmation_changes_nothing(client, studio):
    log_in(client)
    salon = studio.salon
    before = offered(studio, salon.id)
    pairs = [f"{s}:{e}" for s, e in before]
    refused = client.post("/matrix", data={"company_id": salon.id, "remove": pairs},
                          follow_redirects=False)
    assert refused.status_code == 403 and offered(studio, salon.id) == before
