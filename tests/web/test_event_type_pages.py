"""The event-type pages: create, edit, deactivate and activate; the company default; a company
token only its own company. Each check names what the studio sees and what is stored.

The salon (``tests/web/conftest.py``): "Beratung" (the default) and "Herrenschnitt" (30 minutes,
25.00, a 15-minute grid), both company-wide; "Other Company" has the same two.
"""

from __future__ import annotations

import html
from decimal import Decimal

import pytest

from tests.web.conftest import SALON, csrf_of, log_in

FORM = {
    "name": "Färben", "slug": "", "description": "Mit Pflege", "duration": "90", "price": "59.90",
    "interval": "", "buffer_before": "5", "buffer_after": "10", "notice": "120", "branch_id": "",
    "active": "on",
}  # fmt: skip


def names(studio, company_id, **filters):
    return [t.name for t in studio.container.event_types().list(company_id, **filters)]


def by_name(studio, company_id, name):
    return next(t for t in studio.container.event_types().list(company_id) if t.name == name)


def text_of(response) -> str:
    return html.unescape(response.text)


@pytest.fixture
def admin(client):
    log_in(client)
    return client


def new_form(client, company_id) -> str:
    page = client.get(f"/event-types/new?company_id={company_id}")
    assert page.status_code == 200 and "<h1>New event type</h1>" in page.text
    return csrf_of(page.text)


def test_creating_an_event_type_stores_every_field_and_lists_it(admin, studio):
    salon = studio.salon
    branch = studio.container.companies().add_branch(salon.id, "Mitte")
    token = new_form(admin, salon.id)

    created = admin.post("/event-types", data=FORM | {"csrf_token": token, "company_id": salon.id,
                                                       "branch_id": branch.id}, follow_redirects=False)

    assert created.status_code == 303
    assert created.headers["location"] == f"/event-types?company_id={salon.id}&notice=event-type-created"
    stored = by_name(studio, salon.id, "Färben")
    assert (stored.slug, stored.description, stored.duration_minutes, stored.price) == (
        "faerben", "Mit Pflege", 90, Decimal("59.90"))
    assert (stored.slot_interval_minutes, stored.buffer_before_minutes, stored.buffer_after_minutes,
            stored.minimum_notice_minutes, stored.branch_id, stored.active) == (None, 5, 10, 120, branch.id, True)
    listed = admin.get(created.headers["location"])
    assert "Event type created." in listed.text
    row = next(r for r in listed.text.split("<tr ") if "Färben" in r)
    assert "59.90" in row and ">90<" in row and "Mitte" in row and "active" in row
    assert {e.actor for e in studio.container.audit().list(salon.id, "event_type")} >= {"web:admin"}


def test_a_new_event_type_can_be_the_company_default(admin, studio):
    salon = studio.salon
    token = new_form(admin, salon.id)

    admin.post("/event-types", data=FORM | {"csrf_token": token, "company_id": salon.id, "default": "on"})

    assert studio.container.companies().get(salon.id).default_event_type_id == by_name(studio, salon.id, "Färben").id
    row = next(r for r in admin.get(f"/event-types?company_id={salon.id}").text.split("<tr ") if "Färben" in r)
    assert '<span class="badge">default</span>' in row


@pytest.mark.parametrize(("change", "message"), [
    ({"name": "  "}, "Name is required"),
    ({"duration": ""}, "Duration is required"),
    ({"duration": "abc"}, "Duration must be a whole number of minutes, got 'abc'"),
    ({"duration": "0"}, "Duration must be at least 1, got 0"),
    ({"interval": "-5"}, "Start times every must be a whole number of minutes, got '-5'"),
    ({"price": "cheap"}, "price"),
    ({"slug": "Färben Lang"}, "may only hold lower-case letters, digits and single hyphens"),
    ({"name": "Herrenschnitt"}, "already has an event type with slug 'herrenschnitt'"),
    ({"active": "", "default": "on"}, "is inactive; activate it before making it the default"),
    ({"branch_id": "999"}, "branch 999 does not exist in company"),
])  # fmt: skip
def test_a_refused_new_event_type_is_shown_again_with_the_reason_and_nothing_stored(admin, studio, change, message):
    salon = studio.salon
    before = names(studio, salon.id)
    token = new_form(admin, salon.id)

    refused = admin.post("/event-types", data=FORM | change | {"csrf_token": token, "company_id": salon.id})

    assert refused.status_code == 422
    assert '<p class="error" role="alert">' in refused.text and message in text_of(refused)
    assert 'value="Mit Pflege"' in refused.text  # what was typed stays
    assert names(studio, salon.id) == before


def test_editing_an_event_type_shows_its_values_and_saves_the_changes(admin, studio):
    salon = studio.salon
    page = admin.get(f"/event-types/{salon.cut.id}/edit")
    assert page.status_code == 200 and "<h1>Edit event type</h1>" in page.text
    for shown in ('name="name" value="Herrenschnitt"', 'name="price" value="25.00"',
                  'name="duration" value="30"', 'name="interval" value="15"'):
        assert shown in page.text

    saved = admin.post(f"/event-types/{salon.cut.id}/edit", data=FORM | {
        "csrf_token": csrf_of(page.text), "name": "Herrenschnitt", "duration": "30", "price": "27.50",
        "interval": "15", "description": "", "default": "on",
    }, follow_redirects=False)  # fmt: skip

    assert saved.status_code == 303 and saved.headers["location"].endswith("notice=event-type-saved")
    stored = studio.container.event_types().get(salon.id, salon.cut.id)
    assert (stored.price, stored.buffer_before_minutes, stored.minimum_notice_minutes) == (Decimal("27.50"), 5, 120)
    assert studio.container.companies().get(salon.id).default_event_type_id == salon.cut.id
    again = admin.get(f"/event-types/{salon.cut.id}/edit")
    assert "The company's default event type" in again.text and 'name="default"' not in again.text
    assert "Event type saved." in admin.get(saved.headers["location"]).text


def test_a_refused_edit_keeps_the_stored_event_type(admin, studio):
    salon = studio.salon
    page = admin.get(f"/event-types/{salon.cut.id}/edit")

    refused = admin.post(f"/event-types/{salon.cut.id}/edit", data=FORM | {
        "csrf_token": csrf_of(page.text), "price": "-3", "name": "Herrenschnitt"})  # fmt: skip

    assert refused.status_code == 422 and "price" in text_of(refused)
    assert "<h1>Edit event type</h1>" in refused.text and 'value="-3"' in refused.text
    assert studio.container.event_types().get(salon.id, salon.cut.id).price == Decimal("25.00")


def test_deactivating_and_activating_from_the_list(admin, studio):
    salon = studio.salon
    listed = admin.get(f"/event-types?company_id={salon.id}")
    token = csrf_of(listed.text)
    assert "Deactivate Herrenschnitt" in listed.text

    off = admin.post(f"/event-types/{salon.cut.id}/active", data={"csrf_token": token, "active": "false"})

    assert "Event type deactivated: no more slots or bookings of it." in off.text
    assert studio.container.event_types().get(salon.id, salon.cut.id).active is False
    row = next(r for r in off.text.split("<tr ") if "Herrenschnitt" in r)
    assert '<span class="badge">inactive</span>' in row and "Activate Herrenschnitt" in row
    assert names(studio, salon.id, active=True) == ["Beratung"]

    on = admin.post(f"/event-types/{salon.cut.id}/active", data={"csrf_token": token, "active": "true"})
    assert "Event type active again." in on.text
    assert studio.container.event_types().get(salon.id, salon.cut.id).active is True


def test_the_default_cannot_be_deactivated(admin, studio):
    salon = studio.salon
    default_id = studio.container.companies().get(salon.id).default_event_type_id
    token = csrf_of(admin.get(f"/event-types?company_id={salon.id}").text)

    refused = admin.post(f"/event-types/{default_id}/active", data={"csrf_token": token, "active": "false"})

    assert "This is the company's default event type: make another one the default" in text_of(refused)
    assert studio.container.event_types().get(salon.id, default_id).active is True


def test_the_list_per_branch_includes_the_company_wide_event_types(admin, studio):
    salon = studio.salon
    mitte = studio.container.companies().add_branch(salon.id, "Mitte")
    nord = studio.container.companies().add_branch(salon.id, "Nord")
    studio.container.event_types().add(salon.id, "Bart", 15, branch_id=mitte.id)
    studio.container.event_types().add(salon.id, "Nordschnitt", 20, branch_id=nord.id)

    page = admin.get(f"/event-types?company_id={salon.id}&branch_id={mitte.id}&active=")

    rows = page.text.split("<tbody>")[1]
    assert "Beratung" in rows and "Herrenschnitt" in rows and "Bart" in rows
    assert "Nordschnitt" not in rows


def test_posts_without_the_csrf_token_change_nothing(admin, studio):
    salon = studio.salon
    before = names(studio, salon.id)
    assert admin.post("/event-types", data=FORM | {"company_id": salon.id}).status_code == 403
    assert admin.post(f"/event-types/{salon.cut.id}/active", data={"active": "false"}).status_code == 403
    assert admin.post(f"/event-types/{salon.cut.id}/edit", data=FORM).status_code == 403
    assert names(studio, salon.id, active=True) == before


def test_a_company_token_manages_only_its_own_event_types(client, studio):
    log_in(client, SALON)
    salon, other = studio.salon, studio.other
    before = names(studio, other.id)
    own = client.get("/event-types/new")
    assert own.status_code == 200 and "Other Company" not in own.text
    token = csrf_of(own.text)

    assert client.get(f"/event-types/new?company_id={other.id}").status_code == 404
    assert client.get(f"/event-types/{other.cut.id}/edit").status_code == 404
    stolen = client.post("/event-types", data=FORM | {"csrf_token": token, "company_id": other.id})
    edited = client.post(f"/event-types/{other.cut.id}/edit", data=FORM | {"csrf_token": token, "price": "1.00"})
    off = client.post(f"/event-types/{other.cut.id}/active", data={"csrf_token": token, "active": "false"})
    assert [stolen.status_code, edited.status_code, off.status_code] == [404, 404, 404]
    assert names(studio, other.id) == before
    assert studio.container.event_types().get(other.id, other.cut.id).price == Decimal("25.00")
    assert studio.container.event_types().get(other.id, other.cut.id).active is True

    mine = client.post("/event-types", data=FORM | {"csrf_token": token}, follow_redirects=False)
    assert mine.status_code == 303 and "Färben" in names(studio, salon.id)


def test_unknown_event_types_are_not_found(admin):
    assert admin.get("/event-types/999999/edit").status_code == 404
    assert admin.get("/event-types/abc/edit").status_code == 422
