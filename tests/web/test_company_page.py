"""The Company page: settings saved through the form, Cal.com connected and a rotated key stored
from a password field — the key never echoed into the page or a redirect — disconnect only when
confirmed, a company token limited to its own company, and CSRF on every form."""

from __future__ import annotations

import pytest
from dependency_injector import providers

from studiobook.adapters.secrets.fernet import FernetSecrets, new_key
from studiobook.application.appointments.calcom.connection import calcom_link
from tests.web.conftest import SALON, csrf_of, log_in, make_client

OLD_KEY, NEW_KEY = "cal_live_old0123456789", "cal_live_new9876543210"


@pytest.fixture
def secrets(studio):
    """The container encrypts with a real Fernet key (the studio has none configured)."""
    fernet = FernetSecrets(new_key())
    studio.container.secrets.override(providers.Object(fernet))
    yield fernet
    studio.container.secrets.reset_override()


def stored(studio, company_id) -> tuple[str, str]:
    """The token in the company's row and what the container's secrets decrypt it to."""
    link = studio.container.calcom_connections().transactions.read(
        lambda uow: calcom_link(uow, company_id, "event_types"))
    return link.key_token, studio.container.secrets().decrypt(link.key_token)


def post(client, path, page_html, **data):
    return client.post(path, data={"csrf_token": csrf_of(page_html), **data}, follow_redirects=False)


def test_the_page_shows_settings_branches_and_that_calcom_is_not_connected(client, studio):
    log_in(client)
    salon = studio.salon
    studio.container.companies().add_branch(salon.id, "Mitte")
    page = client.get(f"/company?company_id={salon.id}")
    assert page.status_code == 200
    assert '<dd id="company-name">Salon Schnittig</dd>' in page.text
    assert '<dd id="company-zone">Europe/Berlin</dd>' in page.text
    assert "Mitte (Europe/Berlin)" in page.text
    assert "not connected" in page.text and ">Connect</button>" in page.text
    assert "STUDIOBOOK_SECRET_KEY" in page.text  # no key configured: the page says so
    assert "Other Company" in page.text  # the admin may switch companies


def test_saving_settings_changes_name_zone_and_default(client, studio):
    log_in(client)
    salon = studio.salon
    page = client.get(f"/company?company_id={salon.id}")
    saved = post(client, "/company", page.text, company_id=salon.id, name="Salon Mitte",
                 time_zone="America/New_York", default_event_type_id=salon.cut.id)
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/company?company_id={salon.id}&notice=settings-saved"
    shown = client.get(saved.headers["location"]).text
    assert "Settings saved." in shown and '<dd id="company-zone">America/New_York</dd>' in shown
    company = studio.container.companies().get(salon.id)
    assert (company.name, company.time_zone, company.default_event_type_id) == (
        "Salon Mitte", "America/New_York", salon.cut.id)
    (row,) = [e for e in studio.container.audit().list(salon.id, "company") if e.action == "update"]
    assert row.actor == "web:admin"


def test_a_bad_zone_is_shown_beside_the_form_and_nothing_changes(client, studio):
    log_in(client)
    salon = studio.salon
    page = client.get(f"/company?company_id={salon.id}")
    refused = post(client, "/company", page.text, company_id=salon.id, name="Salon",
                   time_zone="Mars/Olympus", default_event_type_id="")
    assert refused.status_code == 422
    assert "Mars/Olympus" in refused.text and 'role="alert"' in refused.text
    assert 'value="Mars/Olympus"' in refused.text  # what was typed, to fix it
    assert studio.container.companies().get(salon.id).time_zone == "Europe/Berlin"


def test_connect_then_store_a_rotated_key_never_echoing_it(client, studio, secrets):
    log_in(client)
    salon = studio.salon
    page = client.get(f"/company?company_id={salon.id}")
    assert "STUDIOBOOK_SECRET_KEY" not in page.text
    connected = post(client, "/company/calcom", page.text, company_id=salon.id, team_id="4711",
                     api_key=OLD_KEY)
    assert connected.status_code == 303
    assert connected.headers["location"] == f"/company?company_id={salon.id}&notice=calcom-connected"
    shown = client.get(connected.headers["location"]).text
    assert "connected</span> team 4711" in shown and "Store the new key" in shown
    assert OLD_KEY not in shown and 'value="4711"' in shown
    old_token, clear = stored(studio, salon.id)
    assert clear == OLD_KEY and OLD_KEY not in old_token

    rotated = post(client, "/company/calcom", shown, company_id=salon.id, team_id="4711",
                   api_key=NEW_KEY)
    assert rotated.status_code == 303 and NEW_KEY not in rotated.headers["location"]
    new_token, clear = stored(studio, salon.id)
    assert new_token != old_token and clear == NEW_KEY
    assert NEW_KEY not in client.get(rotated.headers["location"]).text
    audit = studio.container.audit().list(salon.id, "company")
    assert [e.action for e in audit].count("calcom_connect") == 2
    assert OLD_KEY not in repr(audit) and NEW_KEY not in repr(audit)


@pytest.mark.parametrize(("team_id", "api_key", "message"), [
    ("abc", OLD_KEY, "team id is a whole number"),
    ("4711", "   ", "API key is one word"),
    ("4711", "cal live with spaces", "API key is one word"),
])
def test_a_refused_connection_shows_the_reason_and_not_the_key(client, studio, secrets, team_id,
                                                               api_key, message):
    log_in(client)
    salon = studio.salon
    page = client.get(f"/company?company_id={salon.id}")
    refused = post(client, "/company/calcom", page.text, company_id=salon.id, team_id=team_id,
                   api_key=api_key)
    assert refused.status_code == 422 and message in refused.text
    assert api_key.strip() == "" or api_key not in refused.text
    assert not studio.container.companies().get(salon.id).calcom_connected


def test_without_a_secret_key_connecting_is_refused_in_one_line(client, studio):
    log_in(client)
    salon = studio.salon
    page = client.get(f"/company?company_id={salon.id}")
    refused = post(client, "/company/calcom", page.text, company_id=salon.id, team_id="4711",
                   api_key=OLD_KEY)
    assert refused.status_code == 422 and "STUDIOBOOK_SECRET_KEY is not set" in refused.text
    assert OLD_KEY not in refused.text
    assert not studio.container.companies().get(salon.id).calcom_connected


def test_disconnect_needs_the_confirmation(client, studio, secrets):
    log_in(client)
    salon = studio.salon
    studio.container.calcom_connections().connect(salon.id, 4711, OLD_KEY)
    page = client.get(f"/company?company_id={salon.id}")
    assert 'id="calcom-disconnect"' in page.text
    unconfirmed = post(client, "/company/calcom/disconnect", page.text, company_id=salon.id)
    assert unconfirmed.status_code == 422 and "Yes, forget the team and the key" in unconfirmed.text
    assert studio.container.companies().get(salon.id).calcom_connected

    done = post(client, "/company/calcom/disconnect", page.text, company_id=salon.id, confirm="yes")
    assert done.headers["location"].endswith("notice=calcom-disconnected")
    assert "not connected" in client.get(done.headers["location"]).text
    assert not studio.container.companies().get(salon.id).calcom_connected


def test_a_company_token_sees_and_changes_only_its_own_company(studio, secrets):
    other = studio.other
    with make_client(studio.app()) as client:
        log_in(client, SALON)
        own = client.get("/company")
        assert own.status_code == 200 and "Salon Schnittig" in own.text
        assert "Other Company" not in own.text
        assert client.get(f"/company?company_id={other.id}").status_code == 404
        for path, data in [
            ("/company", {"name": "Stolen", "time_zone": "UTC"}),
            ("/company/calcom", {"team_id": "7", "api_key": OLD_KEY}),
            ("/company/calcom/disconnect", {"confirm": "yes"}),
        ]:
            refused = post(client, path, own.text, company_id=other.id, **data)
            assert refused.status_code == 404, path
            assert OLD_KEY not in refused.text
    untouched = studio.container.companies().get(other.id)
    assert (untouched.name, untouched.calcom_connected) == ("Other Company", False)


def test_forms_without_the_csrf_token_change_nothing(client, studio, secrets):
    log_in(client)
    salon = studio.salon
    for path, data in [
        ("/company", {"name": "Forged", "time_zone": "UTC"}),
        ("/company/calcom", {"team_id": "7", "api_key": OLD_KEY}),
    ]:
        refused = client.post(path, data={"company_id": salon.id, **data}, follow_redirects=False)
        assert refused.status_code == 403 and "CSRF" in refused.text
    company = studio.container.companies().get(salon.id)
    assert (company.name, company.calcom_connected) == ("Salon Schnittig", False)


def test_another_companys_event_type_cannot_become_the_default(client, studio):
    log_in(client)
    salon = studio.salon
    page = client.get(f"/company?company_id={salon.id}")
    for foreign in (studio.other.cut.id, "99999999999"[:10]):
        refused = post(client, "/company", page.text, company_id=salon.id, name="Salon",
                       time_zone="UTC", default_event_type_id=foreign)
        assert refused.status_code == 404, foreign
    company = studio.container.companies().get(salon.id)
    assert (company.time_zone, company.default_event_type_id) == (
        "Europe/Berlin", salon.company.default_event_type_id)
